"""Read-only queries the dashboard needs that the store does not offer yet: daily volume,
alerts, briefs and an actor's quotes. Called only through the Desk facade (facets are the
store's: `Store.facets`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.sql.elements import ColumnElement

from ..store import Store
from ..store import schema as t
from ..store.times import from_db, required
from ..types import Document, Quote


@dataclass(frozen=True, slots=True)
class AlertRow:
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
class BriefRow:
    id: int
    title: str
    window_start: datetime
    window_end: datetime
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Marks:
    """What the analysis found in one document, as character offsets into its text."""

    mentions: tuple[tuple[int, int, str, str | None], ...]  # start, end, type, actor id
    quotes: tuple[Quote, ...]
    frames: tuple[tuple[int, int, str], ...]  # start, end, frame id


def _engine(store: Store) -> Any:
    return store.engine  # type: ignore[attr-defined]


def watch_volume(
    store: Store, watches: dict[str, str], since: datetime | None
) -> dict[str, list[tuple[date, int]]] | None:
    """Daily counts of each watch (id -> name) from the signal series, or None if none are kept."""
    from ..signals.storage import buckets

    found = buckets(_engine(store), [f"watch:{key}" for key in watches], "1d", since)
    if not any(found.values()):
        return None
    return {
        name: [(moment.date(), count) for moment, (count, _) in sorted(found[f"watch:{key}"].items())]
        for key, name in watches.items()
    }


def daily_counts(store: Store, where: ColumnElement[bool]) -> list[tuple[date, int]]:
    """Matching documents per UTC day, oldest day first."""
    moment = func.coalesce(t.documents.c.published, t.documents.c.first_seen)
    day = func.substr(moment, 1, 10).label("day")
    query = select(day, func.count()).where(where).group_by(day).order_by(day)
    with _engine(store).connect() as db:
        return [(date.fromisoformat(row[0]), int(row[1])) for row in db.execute(query)]


def newer_ids(store: Store, after_id: int, limit: int) -> list[int]:
    query = (
        select(t.documents.c.id).where(t.documents.c.id > after_id).order_by(t.documents.c.id).limit(limit)
    )
    with _engine(store).connect() as db:
        return [int(row[0]) for row in db.execute(query)]


def latest_id(store: Store) -> int:
    with _engine(store).connect() as db:
        return int(db.execute(select(func.max(t.documents.c.id))).scalar() or 0)


def alerts(store: Store, limit: int, offset: int) -> tuple[list[AlertRow], int]:
    a = t.alerts
    query = select(a).order_by(a.c.fired_at.desc(), a.c.id.desc()).limit(limit).offset(offset)
    with _engine(store).connect() as db:
        total = int(db.execute(select(func.count()).select_from(a)).scalar() or 0)
        rows = db.execute(query).all()
    found = [
        AlertRow(
            r.id,
            r.rule_id,
            required(r.fired_at),
            r.severity,
            r.title,
            r.body,
            from_db(r.delivered_at),
            r.document_id,
            r.story_id,
        )
        for r in rows
    ]
    return found, total


def briefs(store: Store, limit: int, offset: int) -> tuple[list[BriefRow], int]:
    b = t.briefs
    query = select(b.c.id, b.c.title, b.c.window_start, b.c.window_end, b.c.created_at)
    query = query.order_by(b.c.created_at.desc(), b.c.id.desc()).limit(limit).offset(offset)
    with _engine(store).connect() as db:
        total = int(db.execute(select(func.count()).select_from(b)).scalar() or 0)
        rows = db.execute(query).all()
    found = [
        BriefRow(r.id, r.title, required(r.window_start), required(r.window_end), required(r.created_at))
        for r in rows
    ]
    return found, total


def brief_data(store: Store, brief_id: int) -> str | None:
    """The stored JSON of one brief, or None."""
    query = select(t.briefs.c.data).where(t.briefs.c.id == brief_id)
    with _engine(store).connect() as db:
        found = db.execute(query).scalar()
    return None if found is None else str(found)


def actor_quotes(store: Store, actor_id: str, limit: int) -> list[tuple[Document, Quote]]:
    """The actor's quotes, newest document first."""
    q = t.quotes
    query = (
        select(q.c.document_id)
        .where(q.c.actor_id == actor_id)
        .group_by(q.c.document_id)
        .order_by(q.c.document_id.desc())
        .limit(limit)
    )
    with _engine(store).connect() as db:
        ids = [int(row[0]) for row in db.execute(query)]
    documents = {d.id: d for d in store.documents_by_id(ids)}
    found = [(documents[i], quote) for i, quote in store.quotes_in(ids) if quote.actor_id == actor_id]
    return sorted(found, key=lambda pair: pair[0].published or pair[0].first_seen, reverse=True)


def marks(store: Store, document_id: int) -> Marks:
    mentions = tuple((m.start, m.end, m.type, m.actor_id) for _, m in store.mentions_in([document_id]))
    quotes = tuple(quote for _, quote in store.quotes_in([document_id]))
    frames = tuple(
        (start, end, value)
        for _, value, start, end, _, _ in store.annotations_in([document_id], "frame")
        if start is not None and end is not None
    )
    return Marks(mentions, quotes, frames)
