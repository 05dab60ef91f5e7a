"""Tone of a text and of each of its sentences, from the VADER lexicon (-1 hostile .. 1 warm).

VADER ships its lexicon inside the package, so nothing is fetched. The analyzer is built
once, on first use (about 30 ms). Only the first `MAX_CHARS` characters are scored: past
that, a document's tone is taken from its opening, and `sentence_tones` stops there.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from signaldesk.analyze.sentences import iter_sentences

if TYPE_CHECKING:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

MAX_CHARS = 100_000
MAX_SENTENCE_CHARS = 2_000


@lru_cache(maxsize=1)
def analyzer() -> SentimentIntensityAnalyzer:
    """The shared VADER analyzer, built on first use."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def sentence_tone(sentence: str) -> float:
    """VADER's compound score of one sentence (long ones are cut to their opening)."""
    if not sentence or sentence.isspace():
        return 0.0
    return float(analyzer().polarity_scores(sentence[:MAX_SENTENCE_CHARS])["compound"])


def sentence_tones(text: str) -> list[tuple[int, int, float]]:
    """(start, end, tone) for each sentence in the first MAX_CHARS characters of `text`."""
    head = text[:MAX_CHARS]
    return [(s.start, s.end, sentence_tone(s.text)) for s in iter_sentences(head)]


def tone(text: str) -> float:
    """The document's tone: sentence tones averaged, weighted by sentence length.

    Sentences with no sentiment words count too, so a long neutral report with one
    harsh line stays close to neutral. Empty text has tone 0.0.
    """
    total = 0.0
    weight = 0
    for start, end, value in sentence_tones(text):
        size = min(end - start, MAX_SENTENCE_CHARS)
        total += value * size
        weight += size
    if weight == 0:
        return 0.0
    return max(-1.0, min(1.0, total / weight))
