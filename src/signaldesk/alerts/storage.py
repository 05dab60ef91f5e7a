"""Alerts and their deliveries in the store (SQLAlchemy Core, portable SQL only).

An alert row is unique by its key (rule and event): inserting one that exists does
nothing, so an event alerts once, also across restarts. Each (alert, channel) has a
delivery row moving pending/held/folded -> delivered; a send first claims its row
(compare-and-set on attempts, pushing `next_attempt_at` a lease ahead), so two dispatchers
never send the same row at once and a crash mid-send is retried once the lease runs out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, and_, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..errors import StoreError
from ..store import schema as t
from ..store.times import from_db, to_db
from ..types import utc
from .values import Alert

OPEN_STATES = ("pending", "held", "folded")


@dataclass(frozen=True, slots=True)
class DueDelivery:
    """A delivery row that is due, with what is needed to send it."""

    alert_id: int
    channel_id: str
    state: str
    attempts: int
    next_attempt_at: str | None
    rule_id: str
    severity: str
    title: str
    body: str
    link: str


class AlertStorage:
    """The `alerts` and `deliveries` tables of one store."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def existing(self, keys: Iterable[str]) -> set[str]:
        """Which of these alert keys are already recorded."""
        wanted = list(set(keys))
        found: set[str] = set()
        with self.engine.connect() as db:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                rows = db.execute(select(t.alerts.c.event_key).where(t.alerts.c.event_key.in_(chunk)))
                found.update(row[0] for row in rows)
        return found

    def insert(self, alert: Alert, throttle_key: str) -> int | None:
        """Record `alert` and its deliveries in one transaction; None when its key exists."""
        evidence: dict[str, Any] = {
            **alert.evidence.as_dict(),
            "rule_name": alert.rule_name,
            "event_kind": alert.event_kind,
            "why": list(alert.why),
            "link": alert.link,
            "channels": list(alert.channels),
            "state": alert.state,
            "throttle_key": throttle_key,
        }
        row = {
            "rule_id": alert.rule_id,
            "event_key": alert.key,
            "fired_at": to_db(alert.fired_at),
            "severity": alert.severity,
            "title": alert.title,
            "body": alert.body,
            "evidence": json.dumps(evidence, sort_keys=True),
            "document_id": alert.evidence.document_id,
            "story_id": alert.evidence.story_id,
            "origin_at": to_db(alert.origin_at),
        }
        try:
            with self.engine.begin() as db:
                key = db.execute(insert(t.alerts).values(**row)).inserted_primary_key
                if key is None:
                    raise StoreError("the store gave no id to a new alert")
                alert_id = int(key[0])
                for channel in alert.channels:
                    db.execute(
                        insert(t.deliveries).values(
                            alert_id=alert_id,
                            channel_id=channel,
                            state=alert.state,
                            attempts=0,
                            next_attempt_at=to_db(alert.due_at),
                            last_error="",
                        )
                    )
        except IntegrityError:
            return None
        return alert_id

    def anchors(self, since: datetime) -> list[tuple[str, str, datetime]]:
        """(rule id, throttle key, fired at) of the alerts fired (not folded) since `since`."""
        query = select(t.alerts.c.rule_id, t.alerts.c.fired_at, t.alerts.c.evidence).where(
            t.alerts.c.fired_at >= to_db(since)
        )
        found = []
        with self.engine.connect() as db:
            for rule_id, fired_at, evidence in db.execute(query.order_by(t.alerts.c.fired_at)):
                data = json.loads(evidence or "{}")
                moment = from_db(fired_at)
                if data.get("state") != "folded" and moment is not None:
                    found.append((rule_id, str(data.get("throttle_key", "")), moment))
        return found

    def due(self, now: datetime, limit: int = 500) -> list[DueDelivery]:
        """Open delivery rows whose time has come, oldest first."""
        d, a = t.deliveries.c, t.alerts.c
        query = (
            select(d.alert_id, d.channel_id, d.state, d.attempts, d.next_attempt_at)
            .add_columns(a.rule_id, a.severity, a.title, a.body, a.evidence)
            .join_from(t.deliveries, t.alerts, d.alert_id == a.id)
            .where(d.state.in_(OPEN_STATES), d.next_attempt_at <= to_db(now))
            .order_by(d.next_attempt_at, d.alert_id)
            .limit(limit)
        )
        with self.engine.connect() as db:
            rows = db.execute(query).all()
        return [
            DueDelivery(
                row.alert_id,
                row.channel_id,
                row.state,
                row.attempts,
                row.next_attempt_at,
                row.rule_id,
                row.severity,
                row.title,
                row.body,
                str(json.loads(row.evidence or "{}").get("link", "")),
            )
            for row in rows
        ]

    def claim(self, rows: Sequence[DueDelivery], lease_until: datetime) -> list[DueDelivery]:
        """Take the rows still as they were read (attempts + 1, next try after the lease)."""
        taken = []
        d = t.deliveries.c
        with self.engine.begin() as db:
            for row in rows:
                done = db.execute(
                    update(t.deliveries)
                    .where(
                        and_(
                            d.alert_id == row.alert_id,
                            d.channel_id == row.channel_id,
                            d.state == row.state,
                            d.attempts == row.attempts,
                        )
                    )
                    .values(attempts=row.attempts + 1, next_attempt_at=to_db(lease_until))
                )
                if done.rowcount == 1:
                    taken.append(row)
        return taken

    def delivered(self, rows: Sequence[DueDelivery], now: datetime) -> None:
        """Mark the rows delivered; the alert's first delivery sets its latency."""
        d, a = t.deliveries.c, t.alerts.c
        moment = to_db(now)
        with self.engine.begin() as db:
            for row in rows:
                db.execute(
                    update(t.deliveries)
                    .where(and_(d.alert_id == row.alert_id, d.channel_id == row.channel_id))
                    .values(state="delivered", delivered_at=moment, last_error="")
                )
                origin = db.execute(select(a.origin_at, a.delivered_at).where(a.id == row.alert_id)).one()
                values: dict[str, Any] = {"attempts": a.attempts + 1}
                if origin.delivered_at is None:
                    values["delivered_at"] = moment
                    start = from_db(origin.origin_at)
                    if start is not None:
                        values["latency"] = (utc(now) - utc(start)).total_seconds()
                db.execute(update(t.alerts).where(a.id == row.alert_id).values(**values))

    def failed(self, rows: Sequence[DueDelivery], error: str, retry_at: datetime) -> None:
        """Keep the rows open, with the (redacted) error and the next try."""
        d, a = t.deliveries.c, t.alerts.c
        with self.engine.begin() as db:
            for row in rows:
                db.execute(
                    update(t.deliveries)
                    .where(and_(d.alert_id == row.alert_id, d.channel_id == row.channel_id))
                    .values(next_attempt_at=to_db(retry_at), last_error=error)
                )
                db.execute(
                    update(t.alerts)
                    .where(a.id == row.alert_id)
                    .values(attempts=a.attempts + 1, last_error=error)
                )

    def deliveries(self, alert_id: int) -> list[dict[str, Any]]:
        """The delivery rows of one alert (for the dashboard and tests)."""
        with self.engine.connect() as db:
            rows = db.execute(select(t.deliveries).where(t.deliveries.c.alert_id == alert_id)).mappings()
            return [dict(row) for row in rows]

    def alert_row(self, alert_id: int) -> dict[str, Any]:
        with self.engine.connect() as db:
            return dict(db.execute(select(t.alerts).where(t.alerts.c.id == alert_id)).mappings().one())
