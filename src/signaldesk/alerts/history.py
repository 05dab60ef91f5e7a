"""The alerts the desk fired, as the dashboard lists them: what, when, where it went, how fast.

Latency is from the item's origin (its publication, or the start of a burst) to the first
delivery; an alert whose rule names no channel is only recorded, so it shows the time from
origin to firing instead.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select

from ..store import schema as t
from ..store.times import from_db, required
from ..types import utc


@dataclass(frozen=True, slots=True)
class AlertEntry:
    id: int
    rule_id: str
    rule_name: str
    fired_at: datetime
    severity: str
    title: str
    status: str
    channels: tuple[str, ...]
    origin_at: datetime | None
    delivered_at: datetime | None
    latency: float | None
    """Seconds from origin to first delivery (None until delivered or without an origin)."""
    to_fire: float | None
    """Seconds from origin to firing."""
    document_id: int | None
    story_id: int | None
    last_error: str


def status_of(recorded: str, states: list[tuple[str, str]], last_error: str) -> str:
    """One word for where an alert is: delivered, retrying, pending, held, folded or recorded."""
    if not states:
        return "recorded" if recorded in ("", "recorded") else recorded
    open_states = [state for state, _ in states if state != "delivered"]
    if not open_states:
        return "delivered"
    if last_error or any(error for _, error in states):
        return "retrying"
    if len(open_states) < len(states):
        return "partly delivered"
    return open_states[0]


def history(engine: Engine, limit: int = 50, offset: int = 0) -> tuple[list[AlertEntry], int]:
    """Stored alerts, newest first, and how many there are."""
    a = t.alerts
    query = select(a).order_by(a.c.fired_at.desc(), a.c.id.desc()).limit(limit).offset(offset)
    with engine.connect() as db:
        total = int(db.execute(select(func.count()).select_from(a)).scalar() or 0)
        rows = db.execute(query).all()
    return _entries(engine, rows), total


def newer(engine: Engine, after_id: int, limit: int = 50) -> list[AlertEntry]:
    """Alerts stored after `after_id`, oldest first (for live updates)."""
    a = t.alerts
    query = select(a).where(a.c.id > after_id).order_by(a.c.id).limit(limit)
    with engine.connect() as db:
        rows = db.execute(query).all()
    return _entries(engine, rows)


def latest_id(engine: Engine) -> int:
    with engine.connect() as db:
        return int(db.execute(select(func.max(t.alerts.c.id))).scalar() or 0)


def _entries(engine: Engine, rows: Sequence[Any]) -> list[AlertEntry]:
    states: dict[int, list[tuple[str, str]]] = defaultdict(list)
    ids = [row.id for row in rows]
    if ids:
        d = t.deliveries.c
        with engine.connect() as db:
            for alert_id, state, error in db.execute(
                select(d.alert_id, d.state, d.last_error).where(d.alert_id.in_(ids))
            ):
                states[alert_id].append((state, error or ""))
    return [_entry(row, states[row.id]) for row in rows]


def _entry(row: Any, states: list[tuple[str, str]]) -> AlertEntry:
    evidence = json.loads(row.evidence or "{}")
    fired = required(row.fired_at)
    origin = from_db(row.origin_at)
    to_fire = (utc(fired) - utc(origin)).total_seconds() if origin is not None else None
    return AlertEntry(
        id=row.id,
        rule_id=row.rule_id,
        rule_name=str(evidence.get("rule_name", row.rule_id)),
        fired_at=fired,
        severity=row.severity,
        title=row.title,
        status=status_of(str(evidence.get("state", "")), states, row.last_error or ""),
        channels=tuple(evidence.get("channels", ())),
        origin_at=origin,
        delivered_at=from_db(row.delivered_at),
        latency=row.latency,
        to_fire=to_fire,
        document_id=row.document_id,
        story_id=row.story_id,
        last_error=row.last_error or "",
    )


def duration(seconds: float | None) -> str:
    """A short human duration: 42 s, 3 min, 2.5 h, 3.0 d; an em dash when unknown."""
    if seconds is None:
        return "—"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"
