"""sane_at(now) gives what sane(moment, now) gives, at the bounds and everywhere else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from signaldesk.ingest.dates import EARLIEST, FUTURE_SLACK, sane, sane_at

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
ZONES = [UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=9)), timezone(timedelta(minutes=-570))]
TICK = timedelta(microseconds=1)


def test_bounds_are_exact_to_the_microsecond() -> None:
    check = sane_at(NOW)
    latest = NOW + FUTURE_SLACK
    for zone in ZONES:
        for moment in (EARLIEST - TICK, EARLIEST, EARLIEST + TICK, latest - TICK, latest, latest + TICK):
            local = moment.astimezone(zone)
            assert check(local) == sane(local, NOW), local
    assert check(EARLIEST) == EARLIEST and check(latest) == latest
    assert check(EARLIEST - TICK) is None and check(latest + TICK) is None
    assert check(None) is None


def test_far_past_and_far_future() -> None:
    check = sane_at(NOW)
    east, west = timezone(timedelta(hours=14)), timezone(timedelta(hours=-23))
    assert check(datetime.min.replace(tzinfo=east)) is None
    assert check(datetime.max.replace(tzinfo=west)) is None


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    st.sampled_from(ZONES),
    st.datetimes(min_value=datetime(1991, 1, 1), max_value=datetime(2100, 1, 1)),
)
def test_same_answer_as_sane(moment: datetime, zone: timezone, now: datetime) -> None:
    aware, at = moment.replace(tzinfo=zone), now.replace(tzinfo=UTC)
    assert sane_at(at)(aware) == sane(aware, at)
    near = at + FUTURE_SLACK + (moment - datetime(2000, 1, 1)) % timedelta(seconds=4) - timedelta(seconds=2)
    assert sane_at(at)(near.astimezone(zone)) == sane(near, at)
