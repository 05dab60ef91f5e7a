"""Shifts: where an actor's direction on a frame changed, and how sure we are.

Each signal is softening, neutral or hardening, weighted by its strength. A stretch of
signals is summarised by a Dirichlet(1, 1, 1) posterior over those three shares; its index
is the posterior mean of (softening share - hardening share), in (-1, 1), 0 when nothing
is known. Change points are found by binary segmentation with a Bayes factor: the evidence
for "two stretches with their own shares" against "one stretch", with the change equally
likely after any document. Its posterior probability is the confidence. Few or mixed
signals give a low one; a stray quote cannot open a stretch of its own (each stretch needs
signals from `min_documents` documents). The first stretch is compared with the neutral
prior: an actor that starts speaking with one voice has moved from "no known lean".
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

DIRECTIONS = ("softening", "neutral", "hardening")
PRIOR = (1.0, 1.0, 1.0)


@dataclass(frozen=True, slots=True)
class Observation:
    """One signal: when, which way, how strongly, and where it is in which document."""

    at: datetime
    direction: str
    weight: float
    document_id: int
    start: int = 0
    end: int = 0
    evidence: str = ""
    actor_id: str = ""


@dataclass(frozen=True, slots=True)
class ShiftParams:
    min_documents: int = 2
    split_confidence: float = 0.8
    min_confidence: float = 0.9
    min_delta: float = 0.25
    prior_change: float = 0.5
    max_segments: int = 12
    evidence_kept: int = 10


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch [first, stop) of observations with one lean."""

    first: int
    stop: int
    counts: tuple[float, float, float]

    @property
    def index(self) -> float:
        soft, neutral, hard = self.counts
        return (soft - hard) / (soft + neutral + hard + sum(PRIOR))


@dataclass(frozen=True, slots=True)
class Shift:
    """A change of direction: `before` and `after` are indexes in (-1, 1)."""

    direction: str
    confidence: float
    before: float
    after: float
    changed_at: datetime
    window_start: datetime
    window_end: datetime
    first: Observation
    evidence: tuple[Observation, ...] = field(default_factory=tuple)
    opening: bool = False
    observations: int = 0

    def key(self, actor_id: str, frame: str) -> str:
        """Unique per actor, frame and change point (its first moving quote)."""
        return f"shift:{actor_id}:{frame}:{self.first.document_id}:{self.first.start}"


def _counts(observations: Sequence[Observation]) -> tuple[float, float, float]:
    soft = sum(o.weight for o in observations if o.direction == "softening")
    hard = sum(o.weight for o in observations if o.direction == "hardening")
    neutral = sum(o.weight for o in observations if o.direction not in ("softening", "hardening"))
    return soft, neutral, hard


def log_evidence(counts: Sequence[float]) -> float:
    """Log marginal likelihood of weighted counts under the Dirichlet prior."""
    total_prior = sum(PRIOR)
    value = math.lgamma(total_prior) - math.lgamma(total_prior + sum(counts))
    for prior, count in zip(PRIOR, counts, strict=True):
        value += math.lgamma(prior + count) - math.lgamma(prior)
    return value


def _documents(observations: Sequence[Observation]) -> int:
    return len({o.document_id for o in observations})


def _prefix(observations: Sequence[Observation]) -> tuple[list[tuple[float, float, float]], list[int]]:
    """Running counts and running distinct-document numbers (documents are contiguous)."""
    sums = [(0.0, 0.0, 0.0)]
    documents = [0]
    for number, o in enumerate(observations):
        soft, neutral, hard = sums[-1]
        if o.direction == "softening":
            soft += o.weight
        elif o.direction == "hardening":
            hard += o.weight
        else:
            neutral += o.weight
        sums.append((soft, neutral, hard))
        new = number == 0 or o.document_id != observations[number - 1].document_id
        documents.append(documents[-1] + (1 if new else 0))
    return sums, documents


def change_probability(
    observations: Sequence[Observation], params: ShiftParams = ShiftParams()
) -> tuple[float, int | None]:
    """Posterior probability of one change in `observations`, and its most likely place."""
    n = len(observations)
    sums, documents = _prefix(observations)
    total = sums[n]
    candidates = [
        i
        for i in range(1, n)
        if observations[i].document_id != observations[i - 1].document_id
        and documents[i] >= params.min_documents
        and documents[n] - documents[i] >= params.min_documents
    ]
    if not candidates:
        return 0.0, None
    whole = log_evidence(total)
    scores = [
        log_evidence(sums[i])
        + log_evidence(tuple(t - s for t, s in zip(total, sums[i], strict=True)))
        - whole
        for i in candidates
    ]
    top = max(scores)
    mean_factor = sum(math.exp(s - top) for s in scores) / len(scores)
    log_change = math.log(params.prior_change) + top + math.log(mean_factor)
    log_none = math.log(1.0 - params.prior_change)
    high = max(log_change, log_none)
    probability = math.exp(log_change - high) / (math.exp(log_change - high) + math.exp(log_none - high))
    return probability, candidates[scores.index(top)]


def segments(observations: Sequence[Observation], params: ShiftParams = ShiftParams()) -> list[Segment]:
    """Split the observations where the data make a change likely (binary segmentation)."""
    cuts: list[int] = []
    pending = [(0, len(observations))]
    while pending and len(cuts) + 1 < params.max_segments:
        first, stop = pending.pop()
        probability, at = change_probability(observations[first:stop], params)
        if at is None or probability < params.split_confidence:
            continue
        cuts.append(first + at)
        pending += [(first, first + at), (first + at, stop)]
    bounds = [0, *sorted(cuts), len(observations)]
    return [Segment(a, b, _counts(observations[a:b])) for a, b in itertools.pairwise(bounds) if b > a]


def lean_probability(counts: Sequence[float], direction: str) -> float:
    """Posterior P(share of `direction` > share of the opposite one), by numerical integration."""
    soft, _neutral, hard = counts
    a, b = (PRIOR[0] + soft, PRIOR[2] + hard)
    if direction == "hardening":
        a, b = b, a
    steps = 400
    log_density = [
        (a - 1) * math.log(x) + (b - 1) * math.log(1 - x) for x in ((i + 0.5) / steps for i in range(steps))
    ]
    top = max(log_density)
    weights = [math.exp(v - top) for v in log_density]
    return sum(weights[steps // 2 :]) / sum(weights)


def detect_shifts(observations: Sequence[Observation], params: ShiftParams = ShiftParams()) -> list[Shift]:
    """The shifts in one actor's signals on one frame (observations sorted by time)."""
    observations = sorted(observations, key=lambda o: (o.at, o.document_id, o.start))
    found: list[Shift] = []
    parts = segments(observations, params)
    for number, part in enumerate(parts):
        after = observations[part.first : part.stop]
        before_index = parts[number - 1].index if number else 0.0
        if abs(part.index - before_index) < params.min_delta:
            continue
        if number == 0:
            direction = "softening" if part.index > 0 else "hardening"
            if _documents(after) < params.min_documents:
                continue
            confidence = lean_probability(part.counts, direction)
            window = after
        else:
            previous = parts[number - 1]
            direction = "softening" if part.index > before_index else "hardening"
            window = observations[previous.first : part.stop]
            confidence, _ = change_probability(window, params)
        if confidence < params.min_confidence:
            continue
        moving = [o for o in after if o.direction == direction] or list(after)
        found.append(
            Shift(
                direction=direction,
                confidence=round(confidence, 4),
                before=round(before_index, 4),
                after=round(part.index, 4),
                changed_at=moving[0].at,
                window_start=window[0].at,
                window_end=after[-1].at,
                first=moving[0],
                evidence=tuple(moving[: params.evidence_kept]),
                opening=number == 0,
                observations=len(after),
            )
        )
    return found
