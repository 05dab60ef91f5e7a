"""Keep a record of the briefs produced, in the store's `briefs` table."""

from __future__ import annotations

from typing import Any

from ..errors import StoreError
from ..store.base import Store
from .model import Brief
from .render_json import render_json


def save(store: Store, brief: Brief) -> int:
    """Record `brief` (its window, title and JSON data); returns the row id."""
    from sqlalchemy import insert

    from ..store.schema import briefs

    engine: Any = getattr(store, "engine", None)
    if engine is None:
        raise StoreError("this store cannot record briefs: it has no briefs table")
    from datetime import datetime

    from ..store.times import to_db

    row = {
        "window_start": to_db(datetime.fromisoformat(brief.window_start)),
        "window_end": to_db(datetime.fromisoformat(brief.window_end)),
        "created_at": to_db(datetime.fromisoformat(brief.created_at)),
        "title": brief.title,
        "data": render_json(brief),
    }
    with engine.begin() as db:
        return int(db.execute(insert(briefs).values(row)).inserted_primary_key[0])


def recorded(store: Store, limit: int = 20) -> list[tuple[int, str, str, str, str]]:
    """(id, window start, window end, created at, title) of the latest recorded briefs."""
    from sqlalchemy import select

    from ..store.schema import briefs

    engine: Any = getattr(store, "engine", None)
    if engine is None:
        return []
    query = select(
        briefs.c.id, briefs.c.window_start, briefs.c.window_end, briefs.c.created_at, briefs.c.title
    )
    with engine.connect() as db:
        rows = db.execute(query.order_by(briefs.c.id.desc()).limit(limit)).all()
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]
