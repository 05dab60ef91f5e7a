"""Sources, their health and poll log, the entries they listed, and WebSub subscriptions."""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Row, delete, func, insert, select, update

from .. import config
from ..errors import NotFoundError
from ..types import Entry, SourceHealth
from . import schema as t
from .records import PollOutcome, RevisitCandidate, Subscription
from .times import from_db, required, to_db

LATENCIES_KEPT = 25


class SourceTables:
    engine: Engine

    # -- sources ---------------------------------------------------------------

    def sync_sources(self, sources: Iterable[config.Source]) -> None:
        """Make the sources table list the desk's sources, keeping the health of known ones."""
        with self.engine.begin() as db:
            known = {row.id for row in db.execute(select(t.sources.c.id))}
            for source in sources:
                values = {
                    "outlet": source.outlet,
                    "url": source.url,
                    "kind": source.kind,
                    "genre": source.genre,
                    "enabled": source.enabled,
                    "config": source.model_dump_json(),
                }
                if source.id in known:
                    db.execute(update(t.sources).where(t.sources.c.id == source.id).values(**values))
                else:
                    db.execute(insert(t.sources).values(id=source.id, **values))

    def remove_source(self, source_id: str) -> None:
        with self.engine.begin() as db:
            if not db.execute(delete(t.sources).where(t.sources.c.id == source_id)).rowcount:
                raise NotFoundError(f"no source with id '{source_id}'")

    def health(self, source_id: str | None = None) -> list[SourceHealth]:
        query = select(t.sources).order_by(t.sources.c.id)
        if source_id is not None:
            query = query.where(t.sources.c.id == source_id)
        with self.engine.connect() as db:
            rows = db.execute(query).all()
        if source_id is not None and not rows:
            raise NotFoundError(f"no source with id '{source_id}'")
        return [_health(row) for row in rows]

    def due_sources(self, moment: datetime) -> list[str]:
        """Enabled, not gone sources whose next poll is due (never-polled ones first)."""
        column = t.sources.c.next_poll_at
        query = (
            select(t.sources.c.id)
            .where(
                t.sources.c.enabled.is_(True),
                t.sources.c.gone.is_(False),
                (column.is_(None)) | (column <= to_db(moment)),
            )
            .order_by(column.is_not(None), column)
        )
        with self.engine.connect() as db:
            return [row.id for row in db.execute(query)]

    def next_due(self) -> datetime | None:
        query = select(func.min(t.sources.c.next_poll_at)).where(
            t.sources.c.enabled.is_(True), t.sources.c.gone.is_(False)
        )
        with self.engine.connect() as db:
            return from_db(db.execute(query).scalar())

    def record_poll(self, outcome: PollOutcome) -> None:
        """Fold one poll into the source's health and the poll log."""
        with self.engine.begin() as db:
            row = db.execute(select(t.sources).where(t.sources.c.id == outcome.source_id)).first()
            if row is None:
                return
            latencies = json.loads(row.latencies or "[]")
            values: dict[str, Any] = {
                "last_polled": to_db(outcome.started_at),
                "next_poll_at": to_db(outcome.next_poll_at),
                "interval": outcome.interval,
            }
            if outcome.failed:
                values.update(
                    last_error=outcome.error,
                    last_error_at=to_db(outcome.started_at),
                    consecutive_failures=row.consecutive_failures + 1,
                    gone=outcome.status == "gone",
                )
            else:
                latencies = [*latencies, round(outcome.elapsed, 4)][-LATENCIES_KEPT:]
                values.update(
                    last_success=to_db(outcome.started_at),
                    consecutive_failures=0,
                    median_latency=statistics.median(latencies),
                    latencies=json.dumps(latencies),
                    etag=outcome.etag or row.etag,
                    last_modified=outcome.last_modified or row.last_modified,
                    content_hash=outcome.content_hash or row.content_hash,
                    notes=outcome.notes or row.notes,
                )
                if outcome.error:
                    values.update(last_error=outcome.error, last_error_at=to_db(outcome.started_at))
                if outcome.new_entries:
                    values["last_new_item"] = to_db(outcome.started_at)
                    values["items_per_day"] = self._items_per_day(db, outcome.source_id, outcome.started_at)
            db.execute(update(t.sources).where(t.sources.c.id == outcome.source_id).values(**values))
            db.execute(
                insert(t.polls).values(
                    source_id=outcome.source_id,
                    started_at=to_db(outcome.started_at),
                    status=outcome.status,
                    http_status=outcome.http_status,
                    entries=outcome.entries,
                    new_entries=outcome.new_entries,
                    elapsed=outcome.elapsed,
                    error=outcome.error,
                )
            )

    @staticmethod
    def _items_per_day(db: Any, source_id: str, moment: datetime) -> float:
        since = to_db(moment - timedelta(days=7))
        first, count = db.execute(
            select(func.min(t.seen_entries.c.first_seen), func.count()).where(
                t.seen_entries.c.source_id == source_id, t.seen_entries.c.first_seen >= since
            )
        ).one()
        if not count:
            return 0.0
        span_days = max((moment - from_db(first)).total_seconds() / 86400, 1.0)  # type: ignore[operator]
        return round(count / span_days, 2)

    # -- WebSub subscriptions ------------------------------------------------------

    def save_subscription(self, subscription: Subscription) -> None:
        values = {
            "hub": subscription.hub,
            "topic": subscription.topic,
            "secret": subscription.secret,
            "state": subscription.state,
            "requested_at": to_db(subscription.requested_at),
            "lease_expires": to_db(subscription.lease_expires),
            "last_notification": to_db(subscription.last_notification),
            "last_error": subscription.last_error,
        }
        with self.engine.begin() as db:
            changed = db.execute(
                update(t.subscriptions)
                .where(t.subscriptions.c.source_id == subscription.source_id)
                .values(**values)
            ).rowcount
            if not changed:
                db.execute(insert(t.subscriptions).values(source_id=subscription.source_id, **values))

    def subscriptions(self) -> list[Subscription]:
        with self.engine.connect() as db:
            rows = db.execute(select(t.subscriptions).order_by(t.subscriptions.c.source_id)).all()
        return [
            Subscription(
                row.source_id,
                row.hub,
                row.topic,
                row.secret,
                row.state,
                from_db(row.requested_at),  # type: ignore[arg-type]
                from_db(row.lease_expires),
                from_db(row.last_notification),
                row.last_error,
            )
            for row in rows
        ]

    # -- entries ---------------------------------------------------------------

    def unseen(self, source_id: str, entries: Sequence[Entry]) -> list[Entry]:
        """The entries this source has not listed before, or lists again with a newer update time."""
        if not entries:
            return []
        keys = [entry.key for entry in entries]
        seen: dict[str, str | None] = {}
        with self.engine.connect() as db:
            for chunk in _chunks(keys, 500):
                query = select(t.seen_entries.c.key, t.seen_entries.c.updated).where(
                    t.seen_entries.c.source_id == source_id, t.seen_entries.c.key.in_(chunk)
                )
                seen.update((row.key, row.updated) for row in db.execute(query))
        fresh = []
        for entry in entries:
            if entry.key not in seen or (
                entry.updated and (seen[entry.key] or "") < (to_db(entry.updated) or "")
            ):
                fresh.append(entry)
        return fresh

    def mark_seen(self, source_id: str, entries: Sequence[Entry], moment: datetime) -> None:
        if not entries:
            return
        latest = {entry.key: entry for entry in entries}
        with self.engine.begin() as db:
            known: set[str] = set()
            for chunk in _chunks(list(latest), 500):
                known.update(
                    row.key
                    for row in db.execute(
                        select(t.seen_entries.c.key).where(
                            t.seen_entries.c.source_id == source_id, t.seen_entries.c.key.in_(chunk)
                        )
                    )
                )
            for key in known:
                entry = latest[key]
                db.execute(
                    update(t.seen_entries)
                    .where(t.seen_entries.c.source_id == source_id, t.seen_entries.c.key == key)
                    .values(url=entry.url, updated=to_db(entry.updated))
                )
            fresh = [
                {
                    "source_id": source_id,
                    "key": key,
                    "url": entry.url,
                    "updated": to_db(entry.updated),
                    "first_seen": to_db(moment),
                }
                for key, entry in latest.items()
                if key not in known
            ]
            if fresh:
                db.execute(insert(t.seen_entries), fresh)

    # -- revisits -------------------------------------------------------------

    def revisit_candidates(self, since: datetime, limit: int = 5000) -> list[RevisitCandidate]:
        """Pages with reader comments published (or first seen, when undated) since `since`.

        Their revisit schedule needs nothing stored of its own: it follows from the
        publication time and `last_seen`, which every fetch of the page moves."""
        d = t.documents
        recent = to_db(since)
        has_comments = select(t.comments.c.id).where(t.comments.c.document_id == d.c.id).exists()
        query = (
            select(
                d.c.id,
                d.c.url,
                d.c.source_id,
                d.c.published,
                d.c.published_offset,
                d.c.first_seen,
                d.c.last_seen,
            )
            .where(
                (d.c.published >= recent) | (d.c.published.is_(None) & (d.c.first_seen >= recent)),
                d.c.source_id.is_not(None),
                has_comments,
            )
            .order_by(d.c.first_seen.desc())
            .limit(limit)
        )
        with self.engine.connect() as db:
            rows = db.execute(query).all()
        return [
            RevisitCandidate(
                row.id,
                row.url,
                row.source_id,
                from_db(row.published, row.published_offset),
                required(row.first_seen),
                required(row.last_seen),
            )
            for row in rows
        ]


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _health(row: Row[Any]) -> SourceHealth:
    return SourceHealth(
        source_id=row.id,
        last_polled=from_db(row.last_polled),
        last_success=from_db(row.last_success),
        last_error=row.last_error or "",
        last_error_at=from_db(row.last_error_at),
        consecutive_failures=row.consecutive_failures,
        median_latency=row.median_latency,
        items_per_day=row.items_per_day or 0.0,
        last_new_item=from_db(row.last_new_item),
        next_poll_at=from_db(row.next_poll_at),
        gone=bool(row.gone),
        etag=row.etag,
        last_modified=row.last_modified,
        content_hash=row.content_hash,
        interval=row.interval,
        notes=row.notes or "",
    )
