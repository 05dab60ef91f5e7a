"""What the dashboard reads beyond search: daily volume, the newest ids, alerts, quoted documents."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.sql.elements import ColumnElement

from . import schema as t
from .records import AlertRow
from .times import from_db, required


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

    def alert_rows(self, limit: int, offset: int) -> tuple[list[AlertRow], int]:
        """A page of fired alerts, newest first, and how many there are."""
        a = t.alerts
        query = select(a).order_by(a.c.fired_at.desc(), a.c.id.desc()).limit(limit).offset(offset)
        with self.engine.connect() as db:
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
