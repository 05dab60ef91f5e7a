"""Series: what one document adds to the desk's counters, as a pure function.

A series is named by a key ("watch:talks", "actor:state-department", "frame:engagement",
"outlet:The Capital Ledger", "genre:opinion", "story:12", "signal:<actor>:<frame>") and
kept in buckets of 15 minutes, one hour and one day, bucketed in UTC. For document series
`count` is documents and `total` the sum of their tone; for signal series `count` is
signals and `total` their signed strength (+ softening, - hardening).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ..types import Analysis, Document, Genre, Signal, utc

RESOLUTIONS: dict[str, timedelta] = {
    "15m": timedelta(minutes=15),
    "1h": timedelta(hours=1),
    "1d": timedelta(days=1),
}
SIGN = {"softening": 1.0, "hardening": -1.0}


@dataclass(frozen=True, slots=True)
class Increment:
    """Add `count` and `total` to the bucket starting at `bucket` (UTC) of one series."""

    key: str
    resolution: str
    bucket: datetime
    count: int
    total: float


@dataclass(frozen=True, slots=True)
class Bucket:
    """One bucket read back: `start` is in the desk's timezone."""

    start: datetime
    count: int
    total: float

    @property
    def mean(self) -> float:
        return self.total / self.count if self.count else 0.0


def check_resolution(resolution: str) -> timedelta:
    from ..errors import UsageError

    if resolution not in RESOLUTIONS:
        raise UsageError(f"unknown resolution '{resolution}'; use one of {', '.join(RESOLUTIONS)}")
    return RESOLUTIONS[resolution]


def bucket_start(moment: datetime, resolution: str) -> datetime:
    """The UTC start of the bucket holding `moment`."""
    size = check_resolution(resolution)
    moment = utc(moment)
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    steps = (moment - epoch) // size
    return epoch + steps * size


def document_moment(document: Document) -> datetime:
    """When a document counts: its published time, or when it was first seen."""
    return utc(document.published or document.first_seen)


def signed_strength(signal: Signal) -> float:
    return SIGN.get(signal.direction, 0.0) * signal.strength


def speakers(affiliations: Mapping[str, str | None], actor_id: str) -> tuple[str, ...]:
    """The actor and the institutions it speaks for, following `affiliation` upward."""
    chain = [actor_id]
    parent = affiliations.get(actor_id)
    while parent and parent not in chain and len(chain) < 10:
        chain.append(parent)
        parent = affiliations.get(parent)
    return tuple(chain)


def document_keys(
    document: Document, analysis: Analysis, watches: Iterable[str], story_id: int | None
) -> list[str]:
    """The document series a document belongs to (each once)."""
    genre = analysis.genre if analysis.genre != Genre.UNKNOWN else document.genre
    actors = {m.actor_id for m in analysis.entities if m.actor_id}
    actors |= {q.actor_id for q in analysis.quotes if q.actor_id}
    actors |= {s.actor_id for s in analysis.signals}
    keys = [f"watch:{w}" for w in sorted(set(watches))]
    keys += [f"actor:{a}" for a in sorted(actors)]
    keys += [f"frame:{f}" for f in sorted({hit.frame for hit in analysis.frames})]
    if document.outlet:
        keys.append(f"outlet:{document.outlet}")
    keys.append(f"genre:{genre}")
    if story_id is not None:
        keys.append(f"story:{story_id}")
    return keys


def document_amounts(
    document: Document,
    analysis: Analysis,
    watches: Iterable[str],
    story_id: int | None,
    affiliations: Mapping[str, str | None] | None = None,
) -> dict[str, tuple[int, float]]:
    """(count, total) per series key for one document, before bucketing.

    A signal also counts for the institutions its speaker belongs to (a spokesperson speaks
    for the department), once per institution.
    """
    amounts: dict[str, tuple[int, float]] = {
        key: (1, analysis.tone) for key in document_keys(document, analysis, watches, story_id)
    }
    for signal in analysis.signals:
        for actor in speakers(affiliations or {}, signal.actor_id):
            key = f"signal:{actor}:{signal.frame}"
            count, total = amounts.get(key, (0, 0.0))
            amounts[key] = (count + 1, total + signed_strength(signal))
    return amounts


def bucketed(moment: datetime, amounts: Mapping[str, tuple[int, float]], sign: int = 1) -> list[Increment]:
    """The increments for `amounts` at `moment`, in every resolution (`sign` -1 takes them back)."""
    return [
        Increment(key, resolution, bucket_start(moment, resolution), sign * count, sign * total)
        for resolution in RESOLUTIONS
        for key, (count, total) in amounts.items()
    ]


def merge(increments: Iterable[Increment]) -> list[Increment]:
    """Sum increments that land in the same bucket; drop those that sum to nothing."""
    sums: dict[tuple[str, str, datetime], tuple[int, float]] = {}
    for inc in increments:
        at = (inc.key, inc.resolution, inc.bucket)
        count, total = sums.get(at, (0, 0.0))
        sums[at] = (count + inc.count, total + inc.total)
    return [
        Increment(key, resolution, bucket, count, total)
        for (key, resolution, bucket), (count, total) in sums.items()
        if count or abs(total) > 1e-12
    ]
