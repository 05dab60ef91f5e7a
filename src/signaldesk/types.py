"""The values that flow between the stages.

Every value here is frozen: a stage takes values and returns new ones. Times are
timezone-aware datetimes that keep the offset the source gave (see `utc`); text
offsets are character offsets into the stored text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import NamedTuple


class Genre(StrEnum):
    NEWS = "news"
    OPINION = "opinion"
    ANALYSIS = "analysis"
    OFFICIAL = "official"
    COMMENT = "comment"
    UNKNOWN = "unknown"


def utc(moment: datetime) -> datetime:
    """The same moment in UTC (naive datetimes are taken to be UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class WarcRef:
    """Where the exact bytes of a response are archived."""

    file: str
    record_id: str
    offset: int = 0


@dataclass(frozen=True, slots=True)
class Page:
    """One HTTP response as the fetcher got it."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    elapsed: float = 0.0
    warc: WarcRef | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass(frozen=True, slots=True)
class Entry:
    """One item a source lists: a feed item, a sitemap url, a link on a listing page."""

    url: str
    title: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    summary: str = ""
    guid: str = ""
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    language: str | None = None

    @property
    def key(self) -> str:
        return self.guid or self.url


@dataclass(frozen=True, slots=True)
class Article:
    """What extraction makes of one page, before the store gives it an id."""

    url: str
    canonical_url: str
    title: str
    text: str
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    modified: datetime | None = None
    language: str | None = None
    genre: Genre = Genre.UNKNOWN
    site_name: str = ""
    section: str = ""
    tags: tuple[str, ...] = ()
    is_paywalled: bool = False
    comments: tuple[Comment, ...] = ()


class Comment(NamedTuple):
    """A reader comment; `author` is a handle and never shown in briefs.

    A named tuple rather than a dataclass: a page can carry hundreds, and they cross from
    the extraction workers to the desk, where tuples are much cheaper to make and to pickle."""

    text: str
    author: str = ""
    published: datetime | None = None
    platform_id: str = ""
    parent_id: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    """A stored article: what extraction made, where it came from, and its store id."""

    id: int
    url: str
    canonical_url: str
    title: str
    text: str
    outlet: str
    source_id: str
    genre: Genre
    first_seen: datetime
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    modified: datetime | None = None
    language: str | None = None
    section: str = ""
    site_name: str = ""
    tags: tuple[str, ...] = ()
    is_paywalled: bool = False
    revision: int = 1
    warc: WarcRef | None = None


@dataclass(frozen=True, slots=True)
class Stored:
    """What the store did with one article: `status` is new, changed or unchanged."""

    document: Document
    status: str

    @property
    def is_news(self) -> bool:
        return self.status in ("new", "changed")


@dataclass(frozen=True, slots=True)
class SourceHealth:
    source_id: str
    last_polled: datetime | None = None
    last_success: datetime | None = None
    last_error: str = ""
    last_error_at: datetime | None = None
    consecutive_failures: int = 0
    median_latency: float | None = None
    items_per_day: float = 0.0
    last_new_item: datetime | None = None
    next_poll_at: datetime | None = None
    gone: bool = False
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    interval: float | None = None
    notes: str = ""


# -- analysis ------------------------------------------------------------------------
# Offsets are character offsets into the text that was analysed (`Document.text`).


@dataclass(frozen=True, slots=True)
class Mention:
    """A name in the text: `type` is person, organisation, institution, place or role;
    `actor_id` is set when the desk's registry knows who it is."""

    text: str
    start: int
    end: int
    type: str
    actor_id: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """Who said what: `kind` is direct (in quotation marks) or indirect (reported speech)."""

    text: str
    start: int
    end: int
    kind: str
    speaker: str = ""
    speaker_start: int | None = None
    speaker_end: int | None = None
    actor_id: str | None = None
    verb: str = ""


@dataclass(frozen=True, slots=True)
class TargetSentiment:
    """The polarity (negative, neutral, positive) expressed toward the span [start, end)."""

    start: int
    end: int
    polarity: str
    score: float


@dataclass(frozen=True, slots=True)
class FrameHit:
    """A policy frame found in a sentence; `direction` is softening, hardening or neutral."""

    frame: str
    start: int
    end: int
    direction: str = "neutral"
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class Signal:
    """What an actor signals on a frame, from one quote: the unit of shift detection."""

    actor_id: str
    frame: str
    direction: str
    strength: float
    start: int
    end: int
    evidence: str


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything analysis found in one document."""

    language: str | None
    genre: Genre
    tone: float
    entities: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    target_sentiment: tuple[TargetSentiment, ...] = ()
    frames: tuple[FrameHit, ...] = ()
    signals: tuple[Signal, ...] = ()


# -- events --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeskEvent:
    """Something that happened on the desk and may fire an alert.

    `kind` is document (a new or changed document), quote (a quote by a known actor), shift
    (an actor's direction on a frame changed), burst (volume above its baseline) or
    story_outlets (a story crossed a number of outlets). `key` is unique per event, so an
    event alerts once, also across restarts. `origin_at` is when the item appeared at its
    source, for measuring alert latency.
    """

    kind: str
    key: str
    at: datetime
    title: str
    document_id: int | None = None
    story_id: int | None = None
    actor_id: str | None = None
    frame: str | None = None
    direction: str | None = None
    score: float = 0.0
    origin_at: datetime | None = None
    detail: dict[str, object] = field(default_factory=dict)
