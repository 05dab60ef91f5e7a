"""Frames and their direction per sentence; signals from quotes by known actors."""

from __future__ import annotations

from signaldesk.analyze.frames import FrameDetector, signals_from
from signaldesk.config import Frame
from signaldesk.types import Quote

FRAMES = [
    Frame(
        id="engagement",
        name="Engagement",
        terms=("talks", "dialogue", "diplomacy"),
        softening=("without preconditions", "prepared to meet", "ready to resume dialogue"),
        hardening=("no talks", "walk away"),
    ),
    Frame(
        id="pressure",
        name="Pressure and sanctions",
        terms=("sanctions", "designations"),
        softening=("sanctions relief",),
        hardening=("new sanctions", "tighten"),
    ),
    Frame(id="corvale", name="Corvale Framework", terms=("Corvale Framework",)),
]
DETECTOR = FrameDetector(FRAMES)


def frames_of(text: str) -> list[tuple[str, str, str]]:
    return [(hit.frame, hit.direction, text[hit.start : hit.end]) for hit in DETECTOR.detect(text)]


def test_frames_are_found_per_sentence_with_their_direction() -> None:
    text = (
        "Washington is prepared to meet without preconditions. Treasury announced new sanctions on Tuesday. "
        "The ministry cited the Corvale Framework."
    )
    assert frames_of(text) == [
        ("engagement", "softening", "Washington is prepared to meet without preconditions."),
        ("pressure", "hardening", "Treasury announced new sanctions on Tuesday."),
        ("corvale", "neutral", "The ministry cited the Corvale Framework."),
    ]


def test_negation_turns_a_phrase_around() -> None:
    assert frames_of("The envoy said Washington was not prepared to meet this month.")[0][1] == "hardening"
    assert frames_of("Officials are no longer ready to resume dialogue.")[0][1] == "hardening"


def test_case_plurals_hyphens_and_word_boundaries() -> None:
    assert frames_of("SANCTIONS loom.") == [("pressure", "neutral", "SANCTIONS loom.")]
    assert frames_of("The Talks resumed.")[0][0] == "engagement"
    assert frames_of("Designations followed.")[0][0] == "pressure"
    assert frames_of("He was ready to resume-dialogue.")[0][1] == "softening"
    assert frames_of("The stalks of wheat bent.") == []


def test_mixed_signals_cancel_to_neutral() -> None:
    assert frames_of("They offered sanctions relief but threatened new sanctions.")[0][1] == "neutral"


def test_signals_come_from_quotes_of_known_actors_only() -> None:
    text = '"We are prepared to meet without preconditions," said a State Department spokesperson. Critics want new sanctions.'
    quote = Quote(
        text=text[1:48],
        start=1,
        end=48,
        kind="direct",
        speaker="a State Department spokesperson",
        actor_id="state-department",
        verb="said",
    )
    anonymous = Quote(
        text="Critics want new sanctions.", start=text.index("Critics"), end=len(text), kind="indirect"
    )
    signals = signals_from(text, [quote, anonymous], DETECTOR)
    assert [(s.actor_id, s.frame, s.direction, s.strength) for s in signals] == [
        ("state-department", "engagement", "softening", 1.0)
    ]
    assert signals[0].evidence == "prepared to meet"


def test_hostile_text_is_handled() -> None:
    assert DETECTOR.detect("") == []
    assert DETECTOR.detect("\x00\xff" * 1000) == []
    big = "Talks resumed. " * 300_000
    hits = DETECTOR.detect(big)
    assert hits and max(hit.end for hit in hits) <= 1_000_000


def test_no_before_a_softening_phrase_hardens() -> None:
    assert frames_of("There will be no sanctions relief until the launches stop.")[0][1] == "hardening"
