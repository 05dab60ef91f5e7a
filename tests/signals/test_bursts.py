"""Bursts on synthetic hourly series: each hour is judged against its own hour and weekday."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from signaldesk.signals.bursts import BurstParams, detect_burst, expected_rate, poisson_tail, tail_z

ZONE = ZoneInfo("America/New_York")
START = datetime(2026, 2, 2, 5, tzinfo=UTC)  # Monday 00:00 in New York


def newsroom_day(weeks: int) -> dict[datetime, int]:
    """US media hours: busy 8:00-18:00 local (6 an hour), quiet at night (0 or 1)."""
    history: dict[datetime, int] = {}
    for hour in range(weeks * 7 * 24):
        moment = START + timedelta(hours=hour)
        local = moment.astimezone(ZONE)
        if 8 <= local.hour < 18:
            history[moment] = 6 + (hour % 3) - 1
        elif local.hour == 22 and hour % 5 == 0:
            history[moment] = 1
    return history


def at_local(days: int, hour: int) -> datetime:
    return (START + timedelta(days=days)).astimezone(ZONE).replace(hour=hour).astimezone(UTC)


def test_poisson_tail_and_z() -> None:
    assert poisson_tail(0, 2.0) == 1.0
    assert poisson_tail(1, 2.0) == pytest.approx(1 - 2.718281828**-2, rel=1e-6)
    assert poisson_tail(3, 1.0) == pytest.approx(0.0803014, rel=1e-5)
    assert tail_z(0.5) == pytest.approx(0.0, abs=1e-9)
    assert tail_z(0.00135) == pytest.approx(3.0, abs=0.01)
    assert tail_z(poisson_tail(500, 0.02)) > 30, "tiny tails stay finite"


def test_a_normal_morning_is_not_a_burst_and_a_3am_spike_is() -> None:
    history = newsroom_day(weeks=4)
    morning = at_local(28, 9)
    history[morning] = 8
    assert detect_burst("watch:talks", history, morning, ZONE) is None
    night = at_local(28, 3)
    history[night] = 5
    burst = detect_burst("watch:talks", history, night, ZONE)
    assert burst is not None and burst.count == 5 and burst.z > 5
    assert burst.basis == "weekday-hour"
    assert burst.event_key == f"burst:watch:talks:{night.isoformat()}"


def test_the_same_count_is_a_burst_at_night_but_not_at_noon() -> None:
    history = newsroom_day(weeks=2)
    noon, night = at_local(14, 12), at_local(14, 2)
    noon_rate = expected_rate(history, noon, ZONE, START).rate
    night_rate = expected_rate(history, night, ZONE, START).rate
    assert noon_rate > 4 and night_rate < 0.5
    history[noon] = history[night] = 7
    assert detect_burst("k", history, noon, ZONE) is None
    assert detect_burst("k", history, night, ZONE) is not None


def test_short_history_falls_back_to_the_hour_of_day_then_the_overall_rate() -> None:
    history = newsroom_day(weeks=1)
    assert expected_rate(history, at_local(4, 10), ZONE, START).basis == "hour"
    assert expected_rate(history, at_local(1, 10), ZONE, START).basis == "overall"
    two_days = {m: n for m, n in history.items() if m < START + timedelta(days=2)}
    spike = at_local(2, 3)
    two_days[spike] = 9
    assert detect_burst("k", two_days, spike, ZONE) is None, "48 hours of history are too few to judge"
    lenient = BurstParams(min_history_hours=24)
    assert detect_burst("k", two_days, spike, ZONE, lenient) is not None


def test_few_documents_never_make_a_burst() -> None:
    history = newsroom_day(weeks=4)
    night = at_local(28, 3)
    history[night] = 2
    assert detect_burst("k", history, night, ZONE) is None
