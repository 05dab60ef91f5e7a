"""What the dashboard and the rule trial read beyond search: daily volume, the newest ids,
alerts with their deliveries, quoted documents, kept analyses and signal events."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.sql.elements import ColumnElement

from . import schema as t
from .records import AlertRecord, AlertRow
from .times import from_db, required

if TYPE_CHECKING:
    from ..signals.storage import EventRow
    from ..types import Analysis


class DashboardTables:
    engine: Engine

    def daily_counts(self, where: ColumnElement[bool]) -> list[tuple[date, int]]:
        """Matching documents per UTC day (published, or first seen), oldest day first."""
        moment = func.coalesce(t.documents.c.published, t.documents.c.first_seen)
        day = func.substr(moment, 1, 10).label("day")
        query = select(day, func.count()).where(where).group_by(day).order_by(day)
        with self.engine.connect() as db:
            return [(date.fromisoformat(row[0]), int(row[1])) for row in db.execute(query)]

    def series_counts(
        self, keys: Sequence[str], resolution: str, since: datetime | None
    ) -> dict[str, dict[datetime, tuple[int, float]]]:
        """The signal series' stored buckets of each key since `since`."""
        from ..signals.storage import buckets

        return buckets(self.engine, keys, resolution, since)

    def newer_ids(self, after_id: int, limit: int) -> list[int]:
        """Ids stored after `after_id`, oldest first."""
        d = t.documents.c
        query = select(d.id).where(d.id > after_id).order_by(d.id).limit(limit)
        with self.engine.connect() as db:
            return [int(row[0]) for row in db.execute(query)]

    def latest_id(self) -> int:
        with self.engine.connect() as db:
            return int(db.execute(select(func.max(t.documents.c.id))).scalar() or 0)

    def alert_rows(self, limit: int, offset: int) -> tuple[list[AlertRecord], int]:
        """A page of fired alerts with their delivery states, newest first, and how many there are."""
        a = t.alerts
        query = select(a).order_by(a.c.fired_at.desc(), a.c.id.desc()).limit(limit).offset(offset)
        with self.engine.connect() as db:
            total = int(db.execute(select(func.count()).select_from(a)).scalar() or 0)
            return _records(db, db.execute(query).all()), total

    def alerts_after(self, after_id: int, limit: int) -> list[AlertRecord]:
        """Alerts stored after `after_id` with their delivery states, oldest first."""
        a = t.alerts
        query = select(a).where(a.c.id > after_id).order_by(a.c.id).limit(limit)
        with self.engine.connect() as db:
            return _records(db, db.execute(query).all())

    def latest_alert_id(self) -> int:
        with self.engine.connect() as db:
            return int(db.execute(select(func.max(t.alerts.c.id))).scalar() or 0)

    def stored_analyses(self, ids: Sequence[int]) -> dict[int, tuple[Analysis, int | None]]:
        """The analysis kept for each document (rebuilt from its rows) and its story id."""
        from ..signals.storage import stored_analyses

        return stored_analyses(self.engine, ids)

    def signal_events(self, kind: str) -> list[EventRow]:
        """Recorded shifts or bursts (`kind`), oldest window first."""
        from ..signals.storage import events

        return events(self.engine, kind)

    def quoted_document_ids(self, actor_id: str, limit: int) -> list[int]:
        """Ids of the newest documents quoting the actor, newest first."""
        q = t.quotes.c
        query = (
            select(q.document_id)
            .where(q.actor_id == actor_id)
            .group_by(q.document_id)
            .order_by(q.document_id.desc())
            .limit(limit)
        )
        with self.engine.connect() as db:
            return [int(row[0]) for row in db.execute(query)]


def _records(db: Connection, rows: Sequence[Any]) -> list[AlertRecord]:
    states: dict[int, list[tuple[str, str]]] = defaultdict(list)
    ids = [row.id for row in rows]
    if ids:
        d = t.deliveries.c
        query = select(d.alert_id, d.state, d.last_error).where(d.alert_id.in_(ids)).order_by(d.channel_id)
        for alert_id, state, error in db.execute(query):
            states[alert_id].append((state, error or ""))
    return [
        AlertRecord(
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
            ),
            r.evidence or "{}",
            from_db(r.origin_at),
            r.latency,
            r.last_error or "",
            tuple(states[r.id]),
        )
        for r in rows
    ]
