"""The alerts the desk fired, as the dashboard lists them: what, when, where it went, how fast.

Latency is from the item's origin (its publication, or the start of a burst) to the first
delivery; an alert whose rule names no channel is only recorded, so it shows the time from
origin to firing instead.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ..types import utc

if TYPE_CHECKING:
    from ..store.records import AlertRecord


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


def entries(records: Sequence[AlertRecord]) -> list[AlertEntry]:
    """The dashboard's view of stored alerts, in the order given."""
    return [entry(record) for record in records]


def entry(record: AlertRecord) -> AlertEntry:
    """One stored alert with its status, rule name, channels and times."""
    row = record.row
    evidence = json.loads(record.evidence or "{}")
    origin = record.origin_at
    to_fire = (utc(row.fired_at) - utc(origin)).total_seconds() if origin is not None else None
    return AlertEntry(
        id=row.id,
        rule_id=row.rule_id,
        rule_name=str(evidence.get("rule_name", row.rule_id)),
        fired_at=row.fired_at,
        severity=row.severity,
        title=row.title,
        status=status_of(str(evidence.get("state", "")), list(record.deliveries), record.last_error),
        channels=tuple(evidence.get("channels", ())),
        origin_at=origin,
        delivered_at=row.delivered_at,
        latency=record.latency,
        to_fire=to_fire,
        document_id=row.document_id,
        story_id=row.story_id,
        last_error=record.last_error,
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
