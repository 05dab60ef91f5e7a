"""Reader comment analysis: language, tone (the same as a document's), frames and actors."""

from __future__ import annotations

import pytest

from signaldesk.analyze.comments import analyze_comment, comment_tone, may_have_tone
from signaldesk.analyze.pipeline import Analyzer
from signaldesk.analyze.tone import analyzer as vader
from signaldesk.analyze.tone import tone
from signaldesk.config import parse_desk
from signaldesk.demo import Newsroom

TEXTS = [
    "",
    "   ",
    "The envoy arrived in Geneva on Tuesday. The talks resume next week.",
    "I love this! What a great step toward peace.",
    "NO. Not good at all :) The sanctions are a disaster... Terrible!!!",
    "The committee met. It was kind of bad, but the vote was fine.",
    "Great 😀 stuff from the State Department",
    "no",
    "Won't help. Never will. The ministry said nothing new.",
    "Le ministre a parlé. C'est une catastrophe.",
    "A long neutral line about the schedule of the meeting in the capital. " * 40 + "Awful.",
]


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(parse_desk(Newsroom(port=0).desk_yaml()))


@pytest.mark.parametrize("text", TEXTS)
def test_comment_tone_is_the_document_tone(text: str) -> None:
    assert comment_tone(text) == tone(text)


def test_only_sentences_without_lexicon_words_or_emoji_are_skipped() -> None:
    words = vader().lexicon.keys()
    assert not may_have_tone("The envoy arrived in Geneva on Tuesday.", words)
    assert may_have_tone("The envoy arrived, happy.", words)
    assert may_have_tone("Arrived 😀", words)


def test_a_comment_gives_language_tone_frames_and_actors(analyzer: Analyzer) -> None:
    result = analyze_comment(
        analyzer, "The State Department should stop these awful sanctions now. Terrible!"
    )
    assert result.language == "en"
    assert result.tone < 0
    assert isinstance(result.frames, tuple) and isinstance(result.actors, tuple)
    quiet = analyze_comment(analyzer, "Le ministre a parlé longuement de la réunion de mardi à Genève.")
    assert quiet.language == "fr" and quiet.tone == 0.0
