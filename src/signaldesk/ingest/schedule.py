"""When to poll a source next: pure decisions from what the last poll found.

A source that keeps publishing is polled more often, down to its `min` interval; a quiet
one is polled less and less often, up to its `max`. Failures back off exponentially (past
`max`, to at most a day), and a server's Retry-After is always honoured.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from ..config import Poll

FASTER = 0.5  # interval factor after a poll that found new items
SLOWER = 1.5  # interval factor after a poll that found nothing new
LONGEST_BACKOFF = 86400.0


def next_interval(
    previous: float | None,
    bounds: Poll,
    *,
    new_items: int,
    failures: int = 0,
    items_per_day: float = 0.0,
    retry_after: float | None = None,
) -> float:
    """Seconds until the next poll of a source."""
    interval = previous if previous else _from_rhythm(bounds, items_per_day)
    if failures:
        interval = min(max(bounds.min, interval) * 2 ** min(failures, 16), LONGEST_BACKOFF)
        interval = max(interval, bounds.min)
    elif new_items:
        interval = max(bounds.min, interval * FASTER)
    else:
        interval = min(bounds.max, interval * SLOWER)
    if retry_after is not None:
        interval = max(interval, retry_after)
    return interval


def _from_rhythm(bounds: Poll, items_per_day: float) -> float:
    """A first guess from how often the source publishes: about two polls per new item."""
    if items_per_day <= 0:
        return bounds.min
    return min(bounds.max, max(bounds.min, 86400 / items_per_day / 2))


def next_poll_at(
    now: datetime, interval: float, *, jitter: float = 0.1, rng: random.Random | None = None
) -> datetime:
    """The moment of the next poll, spread by up to `jitter` of the interval so polls do not bunch."""
    spread = (rng or random).uniform(0, jitter * interval)
    return now + timedelta(seconds=interval + spread)


def is_silent(
    items_per_day: float, last_new_item: datetime | None, now: datetime, *, factor: float = 4.0
) -> bool:
    """A source is silent when nothing new came for `factor` times its usual gap (and at least a day)."""
    if items_per_day <= 0 or last_new_item is None:
        return False
    usual_gap = 86400 / items_per_day
    return (now - last_new_item).total_seconds() > max(factor * usual_gap, 86400)


REVISIT_AFTER = (timedelta(minutes=15), timedelta(hours=1), timedelta(hours=6), timedelta(hours=24))
"""When a page with reader comments is fetched again, counted from its publication."""


def revisit_due(
    published: datetime | None,
    first_seen: datetime,
    last_seen: datetime,
    moment: datetime,
    steps: tuple[timedelta, ...] = REVISIT_AFTER,
) -> datetime | None:
    """The time of the revisit a page is due for at `moment`, or None.

    A step is due once its time has come and the page was not fetched since; steps that
    passed before a fetch are done by that fetch. The clock starts at publication (at the
    first sighting for a page that gives no date or a date after it was seen)."""
    start = published if published is not None and published <= first_seen else first_seen
    due = [start + step for step in steps if last_seen < start + step <= moment]
    return due[-1] if due else None
