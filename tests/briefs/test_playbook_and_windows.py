"""The playbook's condition language, shift windows and comparing briefs: pure functions."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from signaldesk.briefs.compare import compare
from signaldesk.briefs.facts import Facts, SignalFact
from signaldesk.briefs.playbook import evaluate, parse_condition
from signaldesk.briefs.window import Window, latest_shift, shift_on
from signaldesk.config import DeskConfig, PlaybookItem, Shift
from signaldesk.errors import DeskFileError, UsageError

CONFIG = DeskConfig.model_validate(
    {
        "desk": {"name": "Test", "timezone": "America/New_York"},
        "actors": [
            {"id": "state-department", "name": "State Department", "kind": "institution"},
            {"id": "spokesperson", "name": "Dana Vale", "affiliation": "state-department"},
        ],
        "frames": [{"id": "engagement", "name": "Engagement"}, {"id": "pressure", "name": "Pressure"}],
    }
)


def item(when: str) -> PlaybookItem:
    return PlaybookItem(id="talks", when=when, consideration="Prepare a line.")


def test_a_condition_is_a_kind_then_field_value_filters() -> None:
    found = parse_condition(
        item("shift actor:state-department frame:engagement,pressure direction:softening"), CONFIG
    )
    assert found.kind == "shift"
    assert found.values("frame") == ("engagement", "pressure")
    assert found.values("direction") == ("softening",)
    assert parse_condition(item("story outlets:3"), CONFIG).values("outlets") == ("3",)


@pytest.mark.parametrize(
    ("when", "words"),
    [
        ("engagement frame softens", "'engagement' is not a kind of event"),
        ("shift actor", "'actor' is not field:value"),
        ("shift outlets:3", "'outlets' is not a field of 'shift'"),
        ("quote actor:state-dept", "unknown actor 'state-dept'"),
        ("quote frame:sanctions", "unknown frame 'sanctions'"),
        ("shift direction:softer", "unknown direction 'softer'"),
        ("story outlets:many", "outlets takes one whole number"),
        ("quote frame:engagement frame:pressure", "'frame' is given twice"),
        ("", "the condition is empty"),
    ],
)
def test_a_bad_condition_names_the_item_and_the_mistake(when: str, words: str) -> None:
    with pytest.raises(DeskFileError) as caught:
        parse_condition(item(when), CONFIG)
    assert "playbook item 'talks'" in caught.value.message and words in caught.value.message


def _window(hours: int = 0) -> Window:
    start = datetime(2026, 3, 2, 12, tzinfo=UTC) + timedelta(hours=hours)
    return Window(start, start + timedelta(hours=10))


def _signal(doc: int, actor: str, direction: str) -> SignalFact:
    return SignalFact(doc, actor, "engagement", direction, 0.8, "prepared to meet", 0, 10)


def test_a_shift_counts_people_for_their_institution_and_needs_the_direction() -> None:
    before = Facts(_window(-10), signals=(_signal(1, "spokesperson", "neutral"),))
    now = Facts(
        _window(), signals=(_signal(2, "spokesperson", "softening"), _signal(3, "spokesperson", "softening"))
    )
    links = {"spokesperson": "state-department", "state-department": None}
    softening = parse_condition(
        item("shift actor:state-department frame:engagement direction:softening"), CONFIG
    )
    hits = evaluate(softening, now, before, links)
    assert len(hits) == 1 and hits[0].documents == (2, 3) and "+0.80" in hits[0].text
    hardening = parse_condition(item("shift actor:state-department direction:hardening"), CONFIG)
    assert evaluate(hardening, now, before, links) == []
    assert evaluate(softening, before, now, links) == [], "a move back is hardening"
    burst = parse_condition(item("burst actor:state-department"), CONFIG)
    assert evaluate(burst, now, before, links) == [], "two signals are not a burst"


def test_the_latest_finished_shift_also_overnight() -> None:
    zone = CONFIG.zone
    shifts = (
        Shift(name="day", start=time(7), end=time(17)),
        Shift(name="evening", start=time(17), end=time(2)),
    )
    at = datetime(2026, 3, 3, 1, tzinfo=zone)
    assert latest_shift(shifts, zone, at).label == "day shift 2026-03-02"
    later = latest_shift(shifts, zone, datetime(2026, 3, 3, 6, tzinfo=zone))
    assert later.label == "evening shift 2026-03-02" and later.length == timedelta(hours=9)
    assert latest_shift(shifts, zone, at, "evening").end.astimezone(zone).hour == 2
    overnight = shift_on(shifts[1], date(2026, 3, 2), zone)
    assert overnight.previous().end == overnight.start
    with pytest.raises(UsageError, match="no shift named 'night'"):
        latest_shift(shifts, zone, at, "night")
    assert latest_shift((), zone, at).length == timedelta(days=1)


def test_comparing_two_briefs_lists_new_and_dropped_stories_moves_and_new_items() -> None:
    before = {
        "window_start": "a",
        "window_end": "b",
        "developments": [{"story_id": 1, "title": "Old"}, {"story_id": 2, "title": "Kept"}],
        "index": [{"actor": "State", "frame": "engagement", "value": 0.1, "signals": 2}],
        "fired": [{"item_id": "x"}],
    }
    now = {
        "developments": [{"story_id": 2, "title": "Kept"}, {"story_id": -7, "title": "New"}],
        "index": [{"actor": "State", "frame": "engagement", "value": 0.7, "signals": 3}],
        "fired": [{"item_id": "x"}, {"item_id": "y"}],
    }
    changes = compare(before, now)
    assert changes.new_stories == ("New",) and changes.dropped_stories == ("Old",)
    assert changes.index_moves == (("State", "engagement", 0.1, 0.7),)
    assert changes.new_items == ("y",)
