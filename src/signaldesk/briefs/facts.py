"""What a brief is built from: the stored documents, quotes, annotations, comments and stories
of one window, read from the store once. Everything after this is a pure function of it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ..signals.series import SIGN, speakers
from ..store.base import Store
from ..store.records import StoredComment
from ..types import Document, Genre, Quote, utc
from .window import Window


@dataclass(frozen=True, slots=True)
class SignalFact:
    """One stored signal: what `actor_id` signalled on `frame`, in a document."""

    document_id: int
    actor_id: str
    frame: str
    direction: str
    strength: float
    evidence: str
    start: int | None
    end: int | None

    @property
    def signed(self) -> float:
        return SIGN.get(self.direction, 0.0) * self.strength


@dataclass(frozen=True, slots=True)
class FrameFact:
    """A frame found in a document, with its direction and the words that showed it."""

    document_id: int
    frame: str
    direction: str
    evidence: str
    start: int | None
    end: int | None


@dataclass(frozen=True, slots=True)
class StoryFact:
    """A story active in the window: its members in the window and its outlets in all."""

    id: int
    title: str
    first_seen: datetime
    documents: tuple[int, ...]
    outlets: int


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything stored about one window that a brief may cite."""

    window: Window
    documents: tuple[Document, ...] = ()
    quotes: tuple[tuple[int, Quote], ...] = ()
    mentions: Mapping[int, frozenset[str]] = field(default_factory=dict)
    frames: tuple[FrameFact, ...] = ()
    tones: Mapping[int, float] = field(default_factory=dict)
    signals: tuple[SignalFact, ...] = ()
    comments: tuple[StoredComment, ...] = ()
    stories: tuple[StoryFact, ...] = ()
    history: tuple[Document, ...] = ()
    history_frames: tuple[FrameFact, ...] = ()
    aliases: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def document(self, document_id: int) -> Document | None:
        return self.by_id.get(document_id)

    @property
    def by_id(self) -> dict[int, Document]:
        return {d.id: d for d in (*self.documents, *self.history)}


def moment(document: Document) -> datetime:
    return utc(document.published or document.first_seen)


def gather(store: Store, window: Window, *, full: bool = True, history_limit: int = 200) -> Facts:
    """Read the window's documents and what analysis found in them; `full=False` reads only
    the signals (enough for the previous window's index)."""
    where = store.time_filter(window.start, window.end)
    documents = tuple(store.iter_documents(where))
    ids = [d.id for d in documents]
    signals = tuple(_signal(row) for row in store.annotations_in(ids, "signal"))
    if not full:
        return Facts(window, documents=documents, signals=signals, frames=_frames(store, ids))
    mentions: dict[int, set[str]] = defaultdict(set)
    for document_id, mention in store.mentions_in(ids):
        if mention.actor_id:
            mentions[document_id].add(mention.actor_id)
    tones = {row[0]: row[4] for row in store.annotations_in(ids, "tone") if row[4] is not None}
    history = _history(store, window, documents, history_limit)
    return Facts(
        window,
        documents=documents,
        quotes=tuple(store.quotes_in(ids)),
        mentions={k: frozenset(v) for k, v in mentions.items()},
        frames=_frames(store, ids),
        tones=tones,
        signals=signals,
        comments=tuple(store.comments_in(ids)),
        stories=_stories(store, window, {d.id: moment(d) for d in documents}),
        history=history,
        history_frames=_frames(store, [d.id for d in history]),
    )


def _signal(row: tuple[int, str, int | None, int | None, float | None, dict[str, object]]) -> SignalFact:
    document_id, value, start, end, score, data = row
    actor, _, frame = value.partition(":")
    return SignalFact(
        document_id,
        str(data.get("actor_id") or actor),
        str(data.get("frame") or frame),
        str(data.get("direction") or "neutral"),
        float(score or 0.0),
        str(data.get("evidence") or ""),
        start,
        end,
    )


def _frames(store: Store, ids: Sequence[int]) -> tuple[FrameFact, ...]:
    return tuple(
        FrameFact(doc, value, str(data.get("direction") or "neutral"), str(data.get("evidence") or ""), s, e)
        for doc, value, s, e, _score, data in store.annotations_in(ids, "frame")
    )


def _stories(store: Store, window: Window, ids: Mapping[int, datetime]) -> tuple[StoryFact, ...]:
    """Stories with members in the window; a document in no story is a story of its own."""
    found: list[StoryFact] = []
    placed: set[int] = set()
    rows = store.stories(since=window.start, until=window.end, limit=max(50, len(ids)))
    for row in rows:
        members = [doc for doc, _dup in store.story_members(row.id)]
        inside = tuple(doc for doc in members if doc in ids)
        if not inside:
            continue
        placed.update(inside)
        found.append(StoryFact(row.id, row.title, utc(row.first_seen), inside, row.outlets))
    for doc in sorted(set(ids) - placed):
        found.append(StoryFact(-doc, "", ids[doc], (doc,), 1))
    return tuple(found)


def _history(store: Store, window: Window, documents: Sequence[Document], limit: int) -> tuple[Document, ...]:
    """The earlier opinion pieces of the window's opinion writers (newest `limit`)."""
    from ..ingest.bylines import byline_key

    writers = {byline_key(a) for d in documents if d.genre == Genre.OPINION for a in d.authors} - {""}
    if not writers:
        return ()
    from sqlalchemy import and_

    from ..store.schema import documents as table

    where = and_(store.time_filter(None, window.start), table.c.genre == str(Genre.OPINION))
    earlier = [d for d in store.iter_documents(where) if any(byline_key(a) in writers for a in d.authors)]
    return tuple(sorted(earlier, key=moment)[-limit:])


def institutions(affiliations: Mapping[str, str | None], actor_id: str) -> tuple[str, ...]:
    """The actor and the institutions it speaks for."""
    return speakers(affiliations, actor_id)
