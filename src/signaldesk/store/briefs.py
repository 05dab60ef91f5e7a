"""The briefs table: keep a written brief, list the kept ones, read one back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, insert, select

from . import schema as t
from .records import BriefRow
from .times import required, to_db


@dataclass(frozen=True, slots=True)
class NewBrief:
    """A brief to keep: its window, when it was written, its title and its JSON."""

    window_start: datetime
    window_end: datetime
    created_at: datetime
    title: str
    data: str


class BriefTables:
    engine: Engine

    def record_brief(self, brief: NewBrief) -> int:
        """Keep one brief; returns its id."""
        row = {
            "window_start": to_db(brief.window_start),
            "window_end": to_db(brief.window_end),
            "created_at": to_db(brief.created_at),
            "title": brief.title,
            "data": brief.data,
        }
        with self.engine.begin() as db:
            result = db.execute(insert(t.briefs).values(row).returning(t.briefs.c.id))
            return int(result.scalar_one())

    def brief_rows(self, limit: int, offset: int) -> tuple[list[BriefRow], int]:
        """A page of kept briefs, newest first, and how many there are."""
        b = t.briefs
        query = select(b.c.id, b.c.title, b.c.window_start, b.c.window_end, b.c.created_at)
        query = query.order_by(b.c.created_at.desc(), b.c.id.desc()).limit(limit).offset(offset)
        with self.engine.connect() as db:
            total = int(db.execute(select(func.count()).select_from(b)).scalar() or 0)
            rows = db.execute(query).all()
        found = [
            BriefRow(r.id, r.title, required(r.window_start), required(r.window_end), required(r.created_at))
            for r in rows
        ]
        return found, total

    def brief_data(self, brief_id: int) -> str | None:
        """The kept JSON of one brief, or None."""
        query = select(t.briefs.c.data).where(t.briefs.c.id == brief_id)
        with self.engine.connect() as db:
            found = db.execute(query).scalar()
        return None if found is None else str(found)
