"""The compressed clock, as pure functions of wall time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from signaldesk.demo.clock import ZONE, Clock
from signaldesk.demo.storyline import Moment, load_storyline

START = datetime(2026, 6, 12, 15, 0, tzinfo=UTC).timestamp()
ACROSS_DST = datetime(2026, 3, 10, 15, 0, tzinfo=UTC).timestamp()
LENGTH = timedelta(days=3, hours=23)


def test_day_one_and_dates_lie_in_the_past():
    clock = Clock.starting(START, LENGTH, speed=3600.0)
    assert clock.day1 == datetime.fromtimestamp(START - LENGTH.total_seconds(), ZONE).date()
    last = clock.at(Moment.parse("d4 23:00"))
    assert last.timestamp() <= START
    assert START - last.timestamp() < 2 * 86400


def test_dates_keep_the_time_of_day_and_new_york_offset():
    clock = Clock.starting(START, LENGTH, speed=3600.0)
    shown = clock.at(Moment.parse("d2 09:15"))
    assert (shown.hour, shown.minute) == (9, 15)
    assert shown.utcoffset() in (timedelta(hours=-5), timedelta(hours=-4))
    assert shown.date() == clock.day1 + timedelta(days=1)


def test_release_follows_the_speed():
    clock = Clock.starting(START, LENGTH, speed=3600.0)
    morning = Moment.parse("d1 09:00")
    assert not clock.visible(morning, START)
    assert not clock.visible(morning, START + 8.9)
    assert clock.visible(morning, START + 9.1)


def test_release_all_and_infinite_speed_show_everything():
    story = load_storyline()
    for clock in (
        Clock.starting(START, LENGTH, 1.0, release_all=True),
        Clock.starting(START, LENGTH, float("inf")),
    ):
        assert all(clock.visible(i.published, START) for i in story.items)


def test_skip_moves_the_release_point_not_the_dates():
    plain = Clock.starting(START, LENGTH, speed=1.0)
    skipped = Clock.starting(START, LENGTH, speed=1.0, skip=Moment.parse("d3 00:00"))
    moment = Moment.parse("d2 22:00")
    assert plain.at(moment) == skipped.at(moment)
    assert skipped.visible(moment, START) and not plain.visible(moment, START)
    assert not skipped.visible(Moment.parse("d3 01:00"), START + 60)


def test_times_of_day_survive_a_daylight_saving_change():
    clock = Clock.starting(ACROSS_DST, LENGTH, speed=3600.0)
    before, after = clock.at(Moment.parse("d1 09:00")), clock.at(Moment.parse("d4 09:00"))
    assert (before.hour, after.hour) == (9, 9)
    assert before.utcoffset() != after.utcoffset()
    assert clock.visible(Moment.parse("d1 09:00"), ACROSS_DST + 9.1)
