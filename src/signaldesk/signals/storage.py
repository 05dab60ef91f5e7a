"""Series buckets, counted documents and detected events in the store (SQLAlchemy Core only).

Buckets are upserted: `count = count + n`, never recomputed. Which documents were counted,
and with what, is kept as `signal_events` rows of kind 'counted' (key 'document:<id>'), so
a revised document takes its old amounts back before adding the new ones.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, delete, func, insert, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

from ..store import schema as t
from ..store.times import from_db, to_db
from ..types import Analysis, FrameHit, Genre, Mention, Quote, Signal, utc
from .series import Increment

COUNTED = "counted"


@dataclass(frozen=True, slots=True)
class Counted:
    """What a document added to the series: its moment and (count, total) per key."""

    document_id: int
    moment: datetime
    amounts: dict[str, tuple[int, float]]


@dataclass(frozen=True, slots=True)
class SignalRow:
    """One stored signal annotation with its document's moment."""

    document_id: int
    at: datetime
    actor_id: str
    frame: str
    direction: str
    strength: float
    start: int
    end: int
    evidence: str
    outlet: str
    title: str


@dataclass(frozen=True, slots=True)
class EventRow:
    kind: str
    key: str
    detected_at: datetime
    window_start: datetime
    window_end: datetime
    direction: str
    score: float
    confidence: float
    data: dict[str, Any]


def _dialect_insert(name: str) -> Any:
    if name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(t.series)
    from sqlalchemy.dialects.postgresql import insert as postgresql_insert

    return postgresql_insert(t.series)


def _upsert(db: Connection, rows: list[dict[str, Any]]) -> None:
    """Add rows to their buckets, creating the missing ones (ON CONFLICT where the dialect has it)."""
    name = db.dialect.name
    if name in ("sqlite", "postgresql"):
        statement: Any = _dialect_insert(name)
        statement = statement.on_conflict_do_update(
            index_elements=[t.series.c.key, t.series.c.resolution, t.series.c.bucket],
            set_={
                "count": t.series.c.count + statement.excluded.count,
                "total": t.series.c.total + statement.excluded.total,
            },
        )
        db.execute(statement, rows)
        return
    for row in rows:  # any other database: update, then insert what was not there
        where = and_(
            t.series.c.key == row["key"],
            t.series.c.resolution == row["resolution"],
            t.series.c.bucket == row["bucket"],
        )
        changed = db.execute(
            update(t.series)
            .where(where)
            .values(count=t.series.c.count + row["count"], total=t.series.c.total + row["total"])
        )
        if not changed.rowcount:
            db.execute(insert(t.series).values(**row))


def apply(engine: Engine, increments: Sequence[Increment], counted: Sequence[Counted], at: datetime) -> None:
    """Add the increments and record what each document added, in one transaction."""
    rows = [
        {
            "key": inc.key,
            "resolution": inc.resolution,
            "bucket": to_db(inc.bucket),
            "count": inc.count,
            "total": inc.total,
        }
        for inc in increments
    ]
    with engine.begin() as db:
        if rows:
            _upsert(db, rows)
        if counted:
            keys = [f"document:{c.document_id}" for c in counted]
            db.execute(
                delete(t.signal_events).where(
                    t.signal_events.c.kind == COUNTED, t.signal_events.c.key.in_(keys)
                )
            )
            db.execute(
                insert(t.signal_events),
                [
                    {
                        "kind": COUNTED,
                        "key": f"document:{c.document_id}",
                        "detected_at": to_db(at),
                        "window_start": to_db(c.moment),
                        "window_end": to_db(c.moment),
                        "data": json.dumps({"amounts": {k: list(v) for k, v in c.amounts.items()}}),
                    }
                    for c in counted
                ],
            )


def counted(engine: Engine, document_ids: Iterable[int]) -> dict[int, Counted]:
    """What the given documents added when they were last counted."""
    keys = [f"document:{i}" for i in document_ids]
    found: dict[int, Counted] = {}
    with engine.connect() as db:
        for start in range(0, len(keys), 500):
            query = select(
                t.signal_events.c.key, t.signal_events.c.window_start, t.signal_events.c.data
            ).where(t.signal_events.c.kind == COUNTED, t.signal_events.c.key.in_(keys[start : start + 500]))
            for row in db.execute(query):
                document_id = int(row.key.split(":", 1)[1])
                amounts = {k: (int(v[0]), float(v[1])) for k, v in json.loads(row.data)["amounts"].items()}
                found[document_id] = Counted(document_id, _moment(row.window_start), amounts)
    return found


def _moment(text: str) -> datetime:
    moment = from_db(text)
    assert moment is not None
    return utc(moment)


def buckets(
    engine: Engine,
    keys: Sequence[str],
    resolution: str,
    since: datetime | None = None,
    until: datetime | None = None,
) -> dict[str, dict[datetime, tuple[int, float]]]:
    """Stored buckets of each key in [since, until): {key: {UTC start: (count, total)}}."""
    found: dict[str, dict[datetime, tuple[int, float]]] = {key: {} for key in keys}
    if not keys:
        return found
    query = select(t.series.c.key, t.series.c.bucket, t.series.c.count, t.series.c.total).where(
        t.series.c.key.in_(list(keys)), t.series.c.resolution == resolution
    )
    if since is not None:
        query = query.where(t.series.c.bucket >= to_db(since))
    if until is not None:
        query = query.where(t.series.c.bucket < to_db(until))
    with engine.connect() as db:
        for key, bucket, count, total in db.execute(query.order_by(t.series.c.bucket)):
            found[key][_moment(bucket)] = (int(count), float(total))
    return found


def signal_rows(
    engine: Engine,
    actor_ids: Sequence[str],
    frame: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[SignalRow]:
    """Stored signals spoken by any of `actor_ids` (on `frame`), oldest first."""
    if not actor_ids:
        return []
    if frame is not None:
        return signals_of(engine, [f"{actor}:{frame}" for actor in actor_ids], since, until)
    who = or_(*(t.annotations.c.value.like(f"{actor}:%") for actor in actor_ids))
    return _signals(engine, [who], since, until)


def signals_of(
    engine: Engine, pairs: Sequence[str], since: datetime | None = None, until: datetime | None = None
) -> list[SignalRow]:
    """Stored signals whose 'actor:frame' is among `pairs`, oldest first."""
    unique = sorted(set(pairs))
    clauses = [t.annotations.c.value.in_(unique[i : i + 500]) for i in range(0, len(unique), 500)]
    return _signals(engine, clauses, since, until)


def analysed_since(engine: Engine, after: int) -> tuple[list[int], int]:
    """Documents whose analysis was stored since annotation row `after`, and the last row now.
    (Storing an analysis always writes rows, at least its tone.)"""
    a = t.annotations.c
    with engine.connect() as db:
        last = db.execute(select(func.max(a.id))).scalar() or 0
        if last <= after:
            return [], last
        ids = db.execute(select(a.document_id).where(a.id > after, a.id <= last).distinct()).scalars().all()
    return sorted(int(i) for i in ids), int(last)


def document_signals(engine: Engine, document_ids: Sequence[int]) -> list[SignalRow]:
    """The stored signals of these documents, oldest first."""
    unique = sorted(set(document_ids))
    clauses = [t.annotations.c.document_id.in_(unique[i : i + 500]) for i in range(0, len(unique), 500)]
    return _signals(engine, clauses, None, None)


def _signals(
    engine: Engine, clauses: Sequence[ColumnElement[bool]], since: datetime | None, until: datetime | None
) -> list[SignalRow]:
    a, d = t.annotations, t.documents
    undated = d.c.published.is_(None)
    rows: list[SignalRow] = []
    with engine.connect() as db:
        for who in clauses:
            query = (
                select(
                    a.c.document_id, a.c.start, a.c.end, a.c.score, a.c.data, d.c.published, d.c.first_seen
                )
                .add_columns(d.c.outlet, d.c.title)
                .join(d, d.c.id == a.c.document_id)
                .where(a.c.kind == "signal", who)
            )
            if since is not None:
                query = query.where(
                    or_(d.c.published >= to_db(since), and_(undated, d.c.first_seen >= to_db(since)))
                )
            if until is not None:
                query = query.where(
                    or_(d.c.published < to_db(until), and_(undated, d.c.first_seen < to_db(until)))
                )
            rows += [_signal_row(row) for row in db.execute(query)]
    rows.sort(key=lambda r: (r.at, r.document_id, r.start))
    return rows


def _signal_row(row: Any) -> SignalRow:
    data = json.loads(row.data or "{}")
    return SignalRow(
        document_id=int(row.document_id),
        at=_moment(row.published or row.first_seen),
        actor_id=str(data.get("actor_id", "")),
        frame=str(data.get("frame", "")),
        direction=str(data.get("direction", "neutral")),
        strength=float(row.score or 0.0),
        start=int(row.start or 0),
        end=int(row.end or 0),
        evidence=str(data.get("evidence", "")),
        outlet=row.outlet or "",
        title=row.title or "",
    )


def event_keys(engine: Engine, kind: str, keys: Iterable[str]) -> set[str]:
    """Which of `keys` were recorded already as events of `kind`."""
    wanted = list(set(keys))
    found: set[str] = set()
    with engine.connect() as db:
        for start in range(0, len(wanted), 500):
            query = select(t.signal_events.c.key).where(
                t.signal_events.c.kind == kind, t.signal_events.c.key.in_(wanted[start : start + 500])
            )
            found |= {row.key for row in db.execute(query)}
    return found


def events(engine: Engine, kind: str, key_prefix: str = "") -> list[EventRow]:
    """Recorded events of `kind` whose key starts with `key_prefix`, oldest window first."""
    query = select(t.signal_events).where(t.signal_events.c.kind == kind)
    if key_prefix:
        query = query.where(t.signal_events.c.key.like(key_prefix.replace("%", r"\%") + "%", escape="\\"))
    with engine.connect() as db:
        return [
            EventRow(
                row.kind,
                row.key,
                _moment(row.detected_at),
                _moment(row.window_start),
                _moment(row.window_end),
                row.direction,
                float(row.score),
                float(row.confidence),
                json.loads(row.data or "{}"),
            )
            for row in db.execute(query.order_by(t.signal_events.c.window_start))
        ]


def save_events(engine: Engine, rows: Sequence[EventRow]) -> None:
    if not rows:
        return
    with engine.begin() as db:
        db.execute(
            insert(t.signal_events),
            [
                {
                    "kind": r.kind,
                    "key": r.key,
                    "detected_at": to_db(r.detected_at),
                    "window_start": to_db(r.window_start),
                    "window_end": to_db(r.window_end),
                    "direction": r.direction,
                    "score": r.score,
                    "confidence": r.confidence,
                    "data": json.dumps(r.data, ensure_ascii=False),
                }
                for r in rows
            ],
        )


def stored_analyses(engine: Engine, document_ids: Sequence[int]) -> dict[int, tuple[Analysis, int | None]]:
    """The analysis stored for each document (rebuilt from its rows) and its story id."""
    ids = list(document_ids)
    parts: dict[int, dict[str, Any]] = {
        i: {"entities": [], "quotes": [], "frames": [], "signals": [], "tone": 0.0} for i in ids
    }
    stories: dict[int, int | None] = dict.fromkeys(ids)
    genres: dict[int, str] = {}
    with engine.connect() as db:
        for row in db.execute(select(t.documents.c.id, t.documents.c.genre).where(t.documents.c.id.in_(ids))):
            genres[row.id] = row.genre
        for row in db.execute(select(t.mentions).where(t.mentions.c.document_id.in_(ids))):
            parts[row.document_id]["entities"].append(
                Mention(row.text, row.start, row.end, row.type, row.actor_id)
            )
        for row in db.execute(select(t.quotes).where(t.quotes.c.document_id.in_(ids))):
            parts[row.document_id]["quotes"].append(
                Quote(
                    row.text, row.start, row.end, row.kind, row.speaker, actor_id=row.actor_id, verb=row.verb
                )
            )
        for row in db.execute(select(t.annotations).where(t.annotations.c.document_id.in_(ids))):
            data = json.loads(row.data or "{}")
            part = parts[row.document_id]
            if row.kind == "tone":
                part["tone"] = float(row.score or 0.0)
            elif row.kind == "frame":
                part["frames"].append(
                    FrameHit(row.value, row.start or 0, row.end or 0, data.get("direction", "neutral"))
                )
            elif row.kind == "signal":
                part["signals"].append(
                    Signal(
                        data.get("actor_id", ""),
                        data.get("frame", ""),
                        data.get("direction", "neutral"),
                        float(row.score or 0.0),
                        row.start or 0,
                        row.end or 0,
                        data.get("evidence", ""),
                    )
                )
        links = select(t.story_documents.c.document_id, t.story_documents.c.story_id)
        for row in db.execute(links.where(t.story_documents.c.document_id.in_(ids))):
            stories[row.document_id] = row.story_id
    return {
        i: (
            Analysis(
                language=None,
                genre=_genre(genres.get(i, "unknown")),
                tone=p["tone"],
                entities=tuple(p["entities"]),
                quotes=tuple(p["quotes"]),
                frames=tuple(p["frames"]),
                signals=tuple(p["signals"]),
            ),
            stories[i],
        )
        for i, p in parts.items()
    }


def _genre(value: str) -> Genre:
    try:
        return Genre(value)
    except ValueError:
        return Genre.UNKNOWN
