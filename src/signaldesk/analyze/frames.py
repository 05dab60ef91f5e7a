"""Policy frames per sentence, and the policy signals quotes carry.

A frame is found in a sentence when one of its terms appears (whole words, any case, a
trailing plural or possessive allowed). Its direction comes from the frame's softening and
hardening phrases in the same sentence; a phrase under a nearby negation ("not prepared to
meet", "no longer ready to resume dialogue") counts for the other side. Everything here is
a pure function of the text and the desk's frames.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..config import Frame
from ..types import FrameHit, Quote, Signal
from .sentences import Sentence, split

NEGATIONS = re.compile(
    r"\b(?:not|no|no longer|never|n't|refuses? to|rejects?|rejected|without any)\W+(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)
FLIP = {"softening": "hardening", "hardening": "softening"}
DIRECT_STRENGTH = 1.0
INDIRECT_STRENGTH = 0.7
NEUTRAL_FACTOR = 0.3
MAX_TEXT = 1_000_000


def _pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    if not words:
        return None
    body = "|".join(re.escape(w).replace(r"\ ", r"[\s-]+") for w in words)
    return re.compile(rf"(?<!\w)(?:{body})(?:s|es|'s|’s)?(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class _Compiled:
    id: str
    terms: re.Pattern[str] | None
    softening: re.Pattern[str] | None
    hardening: re.Pattern[str] | None


class FrameDetector:
    """The desk's frames, compiled once."""

    def __init__(self, frames: Sequence[Frame]) -> None:
        self.frames = [
            _Compiled(f.id, _pattern((*f.terms, f.name)), _pattern(f.softening), _pattern(f.hardening))
            for f in frames
        ]

    def detect(self, text: str, sentences: Sequence[Sentence] | None = None) -> list[FrameHit]:
        """Frames per sentence, with the direction the sentence gives them."""
        text = text[:MAX_TEXT]
        hits: list[FrameHit] = []
        for sentence in sentences if sentences is not None else split(text):
            hits.extend(self.in_span(text, sentence.start, sentence.end))
        return hits

    def in_span(self, text: str, start: int, end: int) -> list[FrameHit]:
        span = text[start:end]
        hits = []
        for frame in self.frames:
            direction, evidence = _direction(span, frame)
            term = frame.terms.search(span) if frame.terms else None
            if term is None and direction == "neutral":
                continue
            hits.append(
                FrameHit(frame.id, start, end, direction, evidence or (term.group(0) if term else ""))
            )
        return hits


def _direction(span: str, frame: _Compiled) -> tuple[str, str]:
    votes = {"softening": 0, "hardening": 0}
    evidence = {"softening": "", "hardening": ""}
    for side, pattern in (("softening", frame.softening), ("hardening", frame.hardening)):
        for match in pattern.finditer(span) if pattern else ():
            counted = (
                FLIP[side] if NEGATIONS.search(span[max(0, match.start() - 40) : match.start()]) else side
            )
            votes[counted] += 1
            evidence[counted] = evidence[counted] or match.group(0)
    if votes["softening"] == votes["hardening"]:
        return "neutral", ""
    side = "softening" if votes["softening"] > votes["hardening"] else "hardening"
    return side, evidence[side]


def signals_from(text: str, quotes: Sequence[Quote], detector: FrameDetector) -> list[Signal]:
    """One signal per (quote by a known actor, frame in what the quote says)."""
    signals = []
    for quote in quotes:
        if not quote.actor_id:
            continue
        base = DIRECT_STRENGTH if quote.kind == "direct" else INDIRECT_STRENGTH
        for hit in detector.in_span(text, quote.start, quote.end):
            strength = base if hit.direction != "neutral" else base * NEUTRAL_FACTOR
            signals.append(
                Signal(
                    quote.actor_id, hit.frame, hit.direction, strength, quote.start, quote.end, hit.evidence
                )
            )
    return signals
