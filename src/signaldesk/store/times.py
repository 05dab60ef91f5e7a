"""Moments in the store: ISO 8601 in UTC, with the original UTC offset kept in minutes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone


def to_db(moment: datetime | None) -> str | None:
    """A sortable UTC string ('2026-03-02T14:15:00.000000+00:00'), or None."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def offset_minutes(moment: datetime | None) -> int | None:
    if moment is None or moment.tzinfo is None:
        return None if moment is None else 0
    delta = moment.utcoffset() or timedelta(0)
    return int(delta.total_seconds() // 60)


def from_db(text: str | None, offset: int | None = None) -> datetime | None:
    """The moment back, in its original offset when one was kept."""
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if offset:
        moment = moment.astimezone(timezone(timedelta(minutes=offset)))
    return moment


def required(text: str | None, offset: int | None = None) -> datetime:
    """A moment from a column that is never empty."""
    moment = from_db(text, offset)
    if moment is None:
        raise ValueError("a required time column is empty")
    return moment
