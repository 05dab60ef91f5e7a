"""Which way a quote leans when its policy phrase is denied, made conditional or said by
an institution named through its country."""

from __future__ import annotations

from signaldesk.analyze.actors import ActorRegistry
from signaldesk.analyze.frames import FrameDetector, signals_from
from signaldesk.analyze.quotes import find_quotes
from signaldesk.config import Actor, Frame

FRAMES = [
    Frame(
        id="pressure",
        name="Pressure",
        terms=["sanctions"],
        softening=["sanctions relief"],
        hardening=["new sanctions"],
    ),
    Frame(
        id="engagement",
        name="Engagement",
        terms=["talks"],
        softening=["without preconditions", "ready to resume dialogue"],
        hardening=["suspends"],
    ),
]
DETECTOR = FrameDetector(FRAMES)


def _direction(sentence: str, frame: str) -> str:
    return next(h.direction for h in DETECTOR.detect(sentence) if h.frame == frame)


def test_a_softening_phrase_made_conditional_holds_a_line() -> None:
    assert _direction("There will be no sanctions relief until we see real steps.", "pressure") == "hardening"
    assert _direction("Sanctions relief will come only when Talvek acts.", "pressure") == "hardening"
    assert (
        _direction("We are ready to resume dialogue, unless the drills go on.", "engagement") == "hardening"
    )


def test_a_softening_phrase_denied_its_meaning_holds_a_line() -> None:
    text = "Without preconditions does not mean without principles."
    assert _direction(text, "engagement") == "hardening"


def test_plain_and_timed_phrases_keep_their_side() -> None:
    assert _direction("We offer sanctions relief to the region.", "pressure") == "softening"
    assert (
        _direction("We are ready to resume dialogue, and we will talk until dawn.", "engagement")
        == "softening"
    )
    assert _direction("The waiver of sanctions relief runs until 2027.", "pressure") == "softening"
    assert _direction("We will not impose new sanctions.", "pressure") == "softening"


def _signals(text: str) -> list[tuple[str, str, str]]:
    registry = ActorRegistry.from_config(
        [
            Actor(id="kestria", name="Kestria", kind="country", country="QK"),
            Actor(
                id="kdr-mfa",
                name="Kestrian Foreign Ministry",
                kind="institution",
                country="QK",
                aliases=["the foreign ministry"],
            ),
            Actor(id="state-department", name="State Department", kind="institution", country="US"),
        ]
    )
    quotes = find_quotes(text, registry.find(text))
    return [(s.actor_id, s.frame, s.direction) for s in signals_from(text, quotes, DETECTOR)]


def test_the_head_of_a_possessive_speaks() -> None:
    text = "Kestria's Foreign Ministry said it suspends all talks with Washington."
    assert _signals(text) == [("kdr-mfa", "engagement", "hardening")]


def test_a_second_predicate_keeps_the_subject_as_speaker() -> None:
    text = (
        "The State Department on Wednesday defended new sanctions and said that its offer of talks "
        "without preconditions did not mean an end to pressure."
    )
    assert ("state-department", "engagement", "hardening") in _signals(text)
