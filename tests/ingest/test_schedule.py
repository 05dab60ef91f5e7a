"""When to poll next: pure decisions."""

from __future__ import annotations

import random
from datetime import timedelta

from signaldesk.config import Poll
from signaldesk.ingest.poller import is_gone
from signaldesk.ingest.schedule import is_silent, next_interval, next_poll_at
from tests.conftest import moment

BOUNDS = Poll(min=60, max=3600)


def test_a_busy_source_is_polled_faster_down_to_its_minimum() -> None:
    interval = 600.0
    for _ in range(10):
        interval = next_interval(interval, BOUNDS, new_items=3)
    assert interval == 60


def test_a_quiet_source_slows_down_up_to_its_maximum() -> None:
    interval = 60.0
    seen = []
    for _ in range(20):
        interval = next_interval(interval, BOUNDS, new_items=0)
        seen.append(interval)
    assert seen == sorted(seen) and seen[-1] == 3600


def test_the_first_interval_follows_the_publishing_rhythm() -> None:
    assert next_interval(None, BOUNDS, new_items=0, items_per_day=0) == 90  # min * 1.5
    wire = next_interval(None, Poll(min=60, max=3600), new_items=1, items_per_day=1440)
    think_tank = next_interval(None, Poll(min=60, max=3600), new_items=0, items_per_day=2)
    assert wire == 60 and think_tank == 3600


def test_failures_back_off_exponentially_and_retry_after_is_honoured() -> None:
    waits = [next_interval(60, BOUNDS, new_items=0, failures=n) for n in range(1, 5)]
    assert waits == [120, 240, 480, 960]
    assert next_interval(60, BOUNDS, new_items=0, failures=40) == 86400
    assert next_interval(60, BOUNDS, new_items=5, retry_after=7200) == 7200


def test_next_poll_is_spread_but_never_early() -> None:
    rng = random.Random(4)
    start = moment()
    times = [next_poll_at(start, 100, rng=rng) for _ in range(50)]
    assert all(start + timedelta(seconds=100) <= t <= start + timedelta(seconds=110) for t in times)
    assert len(set(times)) > 40


def test_silence_is_judged_against_the_usual_rhythm() -> None:
    now = moment(10)
    assert is_silent(48, now - timedelta(days=2), now)
    assert not is_silent(48, now - timedelta(hours=3), now)
    assert not is_silent(0.1, now - timedelta(days=3), now), (
        "a source that posts every 10 days is not silent after 3"
    )
    assert not is_silent(0, None, now)


def test_gone_means_410_at_once_or_404_that_persists() -> None:
    assert is_gone(410, 1)
    assert not is_gone(404, 1) and is_gone(404, 3)
    assert not is_gone(500, 10) and not is_gone(None, 10)
