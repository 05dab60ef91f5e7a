"""Policy frames per sentence, and the policy signals quotes carry.

A frame is found in a sentence when one of its terms appears (whole words, any case, a
trailing plural or possessive allowed). Its direction comes from the frame's softening and
hardening phrases in the same sentence; a phrase under a nearby negation ("not prepared to
meet", "no longer ready to resume dialogue") counts for the other side. A softening phrase
denied its meaning ("without preconditions does not mean without principles") or made
conditional ("relief only when", "no relief until", "talks unless") holds a line and counts
as hardening. Everything here is a pure function of the text and the desk's frames.
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
DENIED = re.compile(
    r"[\W]{0,3}(?:does|do|did|is|was|will|would)\s*(?:not|n't)\s+(?:mean|imply|amount to|equal)\b",
    re.IGNORECASE,
)
CONDITIONAL = re.compile(
    r"(?:\s+[\w'’-]+){0,5}?,?\s+(?:until(?!\s+\d)|unless|only\s+(?:if|when|after|once)"
    r"|provided\s+that|on\s+condition\s+that)\b",
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
            counted = _counted(side, span[max(0, match.start() - 40) : match.start()], span[match.end() :])
            votes[counted] += 1
            evidence[counted] = evidence[counted] or match.group(0)
    if votes["softening"] == votes["hardening"]:
        return "neutral", ""
    side = "softening" if votes["softening"] > votes["hardening"] else "hardening"
    return side, evidence[side]


def _counted(side: str, before: str, after: str) -> str:
    """The side a phrase counts for. Negated, it counts for the other side. A softening
    phrase that is denied its meaning ("without preconditions does not mean ...") or made
    conditional ("relief only when ...", "no relief until ...") holds a line: hardening."""
    if NEGATIONS.search(before):
        return FLIP[side]
    if side == "softening" and (DENIED.match(after) or CONDITIONAL.match(after)):
        return "hardening"
    return side


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
