"""End to end on the demo newsroom: poll once, feed the stored documents to a tracker in the
order they were published, and find the storyline's moves."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from signaldesk import open_desk
from signaldesk.demo import Newsroom
from signaldesk.types import DeskEvent

pytestmark = pytest.mark.slow

STATE_OFFER = "US says it is prepared to meet Kestria 'without preconditions'"


@pytest.fixture(scope="module")
def desk_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("demo-signals")
    with Newsroom(port=0, release_all=True) as room:
        (folder / "desk.yaml").write_text(room.desk_yaml(), encoding="utf-8")
        with open_desk(folder / "desk.yaml") as desk:
            desk.poll_once(workers=0)
    yield folder / "desk.yaml"


@pytest.fixture(scope="module")
def replay(desk_file: Path) -> tuple[list[DeskEvent], list[DeskEvent], date]:
    """(events of the replay, events of a second replay, day 2 of the storyline in the desk's zone)."""
    from signaldesk.analyze.pipeline import Analyzer
    from signaldesk.signals.tracker import Observed, SignalTracker

    with open_desk(desk_file) as desk:
        analyzer = Analyzer(desk.config)
        documents = sorted(desk.documents(), key=lambda d: (d.published or d.first_seen, d.id))
        items = [
            Observed(
                d,
                analyzer.analyze(d.text, title=d.title, url=d.url, genre=str(d.genre), outlet=d.outlet),
                ("talks",),
            )
            for d in documents
        ]
        with desk.store.engine.begin() as db:  # forget what the monitor counted while polling
            from signaldesk.store import schema

            db.execute(schema.series.delete())
            db.execute(schema.signal_events.delete())
        tracker = SignalTracker(desk.config, desk.store)
        events = [e for start in range(0, len(items), 10) for e in tracker.observe(items[start : start + 10])]
        again = tracker.observe(items)
        offer = next(d for d in documents if d.title == STATE_OFFER)
        assert offer.published is not None
        day2 = offer.published.astimezone(desk.config.zone).date()
    return events, again, day2


def _shifts(events: list[DeskEvent], actor: str, frame: str) -> list[DeskEvent]:
    return [e for e in events if e.kind == "shift" and e.actor_id == actor and e.frame == frame]


def test_the_state_department_softens_on_engagement_on_day_2(replay, desk_file: Path) -> None:
    events, _again, day2 = replay
    found = _shifts(events, "state-department", "engagement")
    assert [e.direction for e in found][:1] == ["softening"]
    first = found[0]
    assert first.score >= 0.9
    changed = first.detail["changed_at"]
    assert isinstance(changed, str)
    with open_desk(desk_file) as desk:
        zone = desk.config.zone
        quoted = desk.document(int(str(first.document_id)))
    assert quoted.published is not None and quoted.published.astimezone(zone).date() == day2
    evidence = first.detail["evidence"]
    assert isinstance(evidence, list) and evidence
    assert any("precondition" in str(item["evidence"]).lower() for item in evidence)


def test_the_kestrian_foreign_ministry_softens_on_engagement_on_day_2(replay) -> None:
    events, _again, day2 = replay
    found = _shifts(events, "kdr-mfa", "engagement")
    assert [e.direction for e in found] == ["softening"]
    assert found[0].origin_at is not None and found[0].score >= 0.9
    changed = datetime.fromisoformat(str(found[0].detail["changed_at"]))
    assert changed.astimezone(ZoneInfo("America/New_York")).date() == day2


def test_each_event_is_reported_once(replay) -> None:
    events, again, _day2 = replay
    keys = [e.key for e in events]
    assert len(keys) == len(set(keys))
    assert again == [], "replaying the same documents reports nothing new"


def test_the_state_department_hardens_on_day_3(replay) -> None:
    events, _again, day2 = replay
    state = [e for e in events if e.actor_id == "state-department" and e.direction == "hardening"]
    assert [e.frame for e in state] == ["engagement"]
    changed = datetime.fromisoformat(str(state[0].detail["changed_at"]))
    assert (changed.astimezone(ZoneInfo("America/New_York")).date() - day2).days == 1
    evidence = state[0].detail["evidence"]
    assert isinstance(evidence, list)
    assert any("precondition" in str(item["evidence"]).lower() for item in evidence)


def test_the_kestrian_foreign_ministry_hardens_on_deterrence_on_day_1(replay) -> None:
    events, _again, day2 = replay
    ministry = [e for e in events if e.actor_id == "kdr-mfa" and e.direction == "hardening"]
    assert [e.frame for e in ministry] == ["deterrence"]
    changed = datetime.fromisoformat(str(ministry[0].detail["changed_at"]))
    assert (day2 - changed.astimezone(ZoneInfo("America/New_York")).date()).days == 1
    evidence = ministry[0].detail["evidence"]
    assert isinstance(evidence, list)
    assert any("countermeasures" in str(item["evidence"]).lower() for item in evidence)


def test_the_signals_command_shows_the_index_and_the_shift(
    desk_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from signaldesk.cli import main

    def run(*args: str) -> tuple[int, str]:
        try:
            main(list(args))
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 0
        captured = capsys.readouterr()
        return code, captured.out + captured.err

    code, out = run("signals", "state-department", "--desk", str(desk_file))
    assert code == 0
    assert "engagement" in out and "softening" in out and "confidence" in out
    code, out = run(
        "signals", "state-department", "--frame", "engagement", "--json", "--desk", str(desk_file)
    )
    data = json.loads(out)
    assert list(data["frames"]) == ["engagement"]
    assert any(day["index"] > 0.5 for day in data["frames"]["engagement"])
    assert data["shifts"][0]["direction"] == "softening" and data["shifts"][0]["evidence"]
    code, out = run("signals", "state-dept", "--desk", str(desk_file))
    assert code == 1 and "did you mean 'state-department'" in out
