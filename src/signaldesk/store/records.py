"""Values the store hands back that are not stage values: poll outcomes, revisions, search hits,
totals and facets."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime

from ..types import Document


@dataclass(frozen=True, slots=True)
class RevisitCandidate:
    """A recent page with reader comments, and when it was published and fetched."""

    document_id: int
    url: str
    source_id: str
    published: datetime | None
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True, slots=True)
class PollOutcome:
    """What one poll of a source did; the store folds it into the source's health."""

    source_id: str
    started_at: datetime
    status: str  # ok | not_modified | unchanged | error | gone
    next_poll_at: datetime
    interval: float
    http_status: int | None = None
    entries: int = 0
    new_entries: int = 0
    elapsed: float = 0.0
    error: str = ""
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    notes: str = ""  # what a connector says of its API: published limit, quota left, cap reached

    @property
    def failed(self) -> bool:
        return self.status in ("error", "gone")


@dataclass(frozen=True, slots=True)
class Revision:
    document_id: int
    revision: int
    seen_at: datetime
    title: str
    text: str
    diff_summary: str


@dataclass(frozen=True, slots=True)
class Hit:
    document: Document
    snippet: str


@dataclass(frozen=True, slots=True)
class Subscription:
    """A WebSub subscription of one source: `state` is pending, active or denied."""

    source_id: str
    hub: str
    topic: str
    secret: str
    state: str
    requested_at: datetime
    lease_expires: datetime | None = None
    last_notification: datetime | None = None
    last_error: str = ""


@dataclass(frozen=True, slots=True)
class StoryRow:
    """A story as listed: its headline, span in time, and how many documents and outlets it has."""

    id: int
    title: str
    language: str | None
    first_seen: datetime
    last_updated: datetime
    documents: int
    outlets: int


@dataclass(frozen=True, slots=True)
class StoredComment:
    """A reader comment as kept: `author` is a handle, never shown in briefs."""

    id: int
    document_id: int
    text: str
    author: str
    platform_id: str
    parent_id: str
    published: datetime | None
    language: str | None
    tone: float | None
    frames: tuple[tuple[str, str], ...]
    actors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Total:
    """How many documents match: exact up to a cap; above it `value` is the cap and `exact` False."""

    value: int
    exact: bool = True

    def __str__(self) -> str:
        return f"{self.value:,}" if self.exact else f"{self.value:,}+"


@dataclass(frozen=True, slots=True)
class Facets(Mapping[str, list[tuple[str, int]]]):
    """Counts of matching documents by facet (name -> [(value, count)], largest first).

    `counted` is how many documents the counts cover: every match when `exact`, else the
    newest `counted` matches (a sample, so the counts are approximate).
    """

    fields: dict[str, list[tuple[str, int]]]
    counted: int
    exact: bool

    def __getitem__(self, name: str) -> list[tuple[str, int]]:
        return self.fields[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)


@dataclass(frozen=True, slots=True)
class AlertRow:
    """A fired alert as listed."""

    id: int
    rule_id: str
    fired_at: datetime
    severity: str
    title: str
    body: str
    delivered_at: datetime | None
    document_id: int | None
    story_id: int | None


@dataclass(frozen=True, slots=True)
class AlertRecord:
    """A fired alert as stored: its listing, what it recorded, and each delivery's state."""

    row: AlertRow
    evidence: str
    """The alert's evidence as stored JSON (rule name, planned state, channels...)."""
    origin_at: datetime | None
    latency: float | None
    last_error: str
    deliveries: tuple[tuple[str, str], ...]
    """(state, last error) of each channel's delivery."""


@dataclass(frozen=True, slots=True)
class BriefRow:
    """A stored brief as listed."""

    id: int
    title: str
    window_start: datetime
    window_end: datetime
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One search request: a page of hits (newest published first), the total and the facets."""

    hits: list[Hit]
    total: Total
    facets: Facets
