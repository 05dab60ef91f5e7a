"""Reader comments, analysed like articles but lighter: language, tone, frames, actors named.

Quotes are not looked for (readers seldom quote with attribution), and nothing about the
commenter is kept beyond the handle the store already has, which briefs never show.
"""

from __future__ import annotations

import string
from collections.abc import Set
from dataclasses import dataclass

from .pipeline import Analyzer

MAX_COMMENT = 20_000


@dataclass(frozen=True, slots=True)
class CommentAnalysis:
    language: str | None
    tone: float
    frames: tuple[tuple[str, str], ...]  # (frame, direction)
    actors: tuple[str, ...]


def analyze_comment(analyzer: Analyzer, text: str) -> CommentAnalysis:
    from .language import detect_language

    text = text[:MAX_COMMENT]
    language = detect_language(text)
    english = language in (None, "en")
    frames = tuple(dict.fromkeys((hit.frame, hit.direction) for hit in analyzer.frames.detect(text)))
    actors = tuple(dict.fromkeys(m.actor_id for m in analyzer.registry.find(text) if m.actor_id))
    return CommentAnalysis(language, comment_tone(text) if english else 0.0, frames, actors)


def comment_tone(text: str) -> float:
    """The same value as `tone.tone(text)`, cheaper: a sentence with no word of VADER's
    lexicon scores 0 there (every score starts from a lexicon word), so it is not scored."""
    from .sentences import iter_sentences
    from .tone import MAX_CHARS, MAX_SENTENCE_CHARS, analyzer, sentence_tone

    words = analyzer().lexicon.keys()
    total = 0.0
    weight = 0
    for sentence in iter_sentences(text[:MAX_CHARS]):
        size = min(sentence.end - sentence.start, MAX_SENTENCE_CHARS)
        weight += size
        if may_have_tone(sentence.text[:MAX_SENTENCE_CHARS], words):
            total += sentence_tone(sentence.text) * size
    if weight == 0:
        return 0.0
    return max(-1.0, min(1.0, total / weight))


def may_have_tone(sentence: str, lexicon: Set[str]) -> bool:
    """False only when VADER would surely score the sentence 0: plain ASCII (so no emoji,
    which VADER spells out as words) and no token, as it is or stripped of punctuation,
    in the lexicon."""
    if not sentence.isascii():
        return True
    tokens = sentence.lower().split()
    return not lexicon.isdisjoint(tokens) or not lexicon.isdisjoint(
        [token.strip(string.punctuation) for token in tokens]
    )
