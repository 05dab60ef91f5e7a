"""The tracker on a real SQLite store: bursts and shifts become desk events, once each."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from signaldesk.signals.tracker import Observed, SignalTracker
from signaldesk.store import open_store

from .helpers import analysis, config, document, stored

ZONE = ZoneInfo("America/New_York")
MONDAY = datetime(2026, 2, 2, 5, tzinfo=UTC)  # Monday 00:00 in New York


@pytest.fixture
def tracker(tmp_path: Path):
    store = open_store(tmp_path / "x.db")
    clock = iter(MONDAY + timedelta(minutes=i) for i in range(10_000))
    yield SignalTracker(config(), store, clock=lambda: next(clock))
    store.close()


def daytime(days: int, first_id: int = 1) -> list[Observed]:
    """Two documents an hour from 9:00 to 17:00 New York time, each day."""
    items = []
    number = first_id
    for day in range(days):
        for hour in range(9, 17):
            for minute in (10, 40):
                at = (MONDAY + timedelta(days=day)).astimezone(ZONE).replace(hour=hour, minute=minute)
                items.append(Observed(document(number, at), analysis(), ("talks",)))
                number += 1
    return items


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return (MONDAY + timedelta(days=day)).astimezone(ZONE).replace(hour=hour, minute=minute)


def test_a_night_burst_is_reported_once_with_its_documents(tracker: SignalTracker) -> None:
    history = daytime(14)
    for start in range(0, len(history), 100):
        tracker.observe(history[start : start + 100])
    morning = [Observed(document(5000 + i, local(14, 9, 5 + i)), analysis(), ("talks",)) for i in range(3)]
    assert [e for e in tracker.observe(morning) if e.kind == "burst"] == []
    spike = [Observed(document(6000 + i, local(14, 3, 5 + i)), analysis(), ("talks",)) for i in range(5)]
    events = [e for e in tracker.observe(spike) if e.key.startswith("burst:watch:talks")]
    assert len(events) == 1
    burst = events[0]
    assert burst.kind == "burst" and burst.score > 3
    assert burst.detail["watch"] == "talks", "a burst rule naming the watch needs it on the event"
    assert burst.detail["documents"] == [6000, 6001, 6002, 6003, 6004]
    assert burst.detail["count"] == 5 and float(str(burst.detail["expected"])) < 0.5
    late = [Observed(document(6100, local(14, 3, 50)), analysis(), ("talks",))]
    assert [e for e in tracker.observe(late) if e.kind == "burst"] == [], "the same hour alerts once"


def test_shifts_are_emitted_once_and_survive_a_new_tracker(tracker: SignalTracker, tmp_path: Path) -> None:
    def quote(number: int, at: datetime, direction: str) -> Observed:
        found = analysis(("spokesperson", "engagement", direction, 1.0))
        return stored(tracker.store, number, at, found)

    hard = [quote(i, local(0, 9) + timedelta(hours=5 * i), "hardening") for i in range(6)]
    first = tracker.observe(hard)
    soft = [quote(100 + i, local(2, 9) + timedelta(hours=5 * i), "softening") for i in range(6)]
    assert [(e.kind, e.actor_id, e.direction) for e in first] == [
        ("shift", "spokesperson", "hardening"),
        ("shift", "state-department", "hardening"),
    ], "an opening lean, for the speaker and the department it speaks for"
    events = tracker.observe(soft[:3])  # the rest is stored already but not yet observed
    shifts = [e for e in events if e.actor_id == "state-department"]
    moved = soft[0].document.id
    assert [(e.direction, e.document_id) for e in shifts] == [("softening", moved)]
    assert shifts[0].key == f"shift:state-department:engagement:{moved}:0"
    assert shifts[0].title.startswith("State Department: softening on Engagement")
    evidence = shifts[0].detail["evidence"]
    assert isinstance(evidence, list) and evidence[0]["document_id"] == moved
    assert tracker.observe(soft[3:]) == [], "more of the same adds no new shift"
    assert tracker.observe(soft[:3]) == []
    again = SignalTracker(config(), tracker.store)
    assert again.observe(soft[3:]) == [], "recorded events survive a restart"
    found = again.shifts("state-department", "engagement")
    assert [(f.shift.direction, f.shift.opening) for f in found] == [
        ("hardening", True),
        ("softening", False),
    ]


def test_the_index_is_the_mean_signed_strength_per_desk_day(tracker: SignalTracker) -> None:
    items = [
        Observed(document(1, local(0, 23, 30)), analysis(("kdr-mfa", "pressure", "hardening", 1.0))),
        Observed(document(2, local(0, 22)), analysis(("kdr-mfa", "pressure", "softening", 0.5))),
        Observed(document(3, local(1, 8)), analysis(("kdr-mfa", "pressure", "softening", 0.6))),
    ]
    tracker.observe(items)
    days = tracker.index("kdr-mfa", "pressure")
    assert [(d.day.day, d.value, d.signals) for d in days] == [(2, -0.25, 2), (3, 0.6, 1)], (
        "23:30 in New York is the next day in UTC, but the same desk day"
    )
    assert tracker.index("kdr-mfa", "pressure", since=local(1, 0)) == days[1:]
