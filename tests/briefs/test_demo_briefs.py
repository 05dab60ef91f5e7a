"""Briefs built from the demo newsroom's storyline, polled once over loopback."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from signaldesk import open_desk
from signaldesk.briefs.citations import cited_numbers, verify
from signaldesk.briefs.render import render
from signaldesk.briefs.window import day_window, shift_on
from signaldesk.demo import Newsroom
from signaldesk.errors import UsageError

pytestmark = pytest.mark.slow

PLAYBOOK = [
    {"id": "state-softens", "when": "shift actor:state-department frame:engagement direction:softening"},
    {"id": "treasury-pressure", "when": "quote actor:treasury frame:pressure"},
    {"id": "mfa-corvale", "when": "official actor:kdr-mfa frame:corvale"},
    {"id": "corvale-offer", "when": "quote actor:kdr-mfa frame:corvale direction:softening"},
    {"id": "wide-story", "when": "story outlets:50"},
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, date]:
    """The demo desk after one poll round, with a playbook in the condition language."""
    folder = tmp_path_factory.mktemp("briefs")
    with Newsroom(port=0, release_all=True) as room:
        data = yaml.safe_load(room.desk_yaml())
        data["playbook"] = [dict(item, consideration=f"Consider {item['id']}.") for item in PLAYBOOK]
        (folder / "desk.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        with open_desk(folder / "desk.yaml") as desk:
            desk.poll_once(workers=0)
        assert room.clock is not None
        return folder / "desk.yaml", room.clock.day1


def _day_shift(desk_path: Path, day1: date, day: int):
    with open_desk(desk_path) as desk:
        window = shift_on(desk.config.shifts[0], day1 + timedelta(days=day - 1), desk.config.zone)
        return desk.brief(window.start, window.end, label=window.label)


def test_day_two_shift_has_the_talks_offer_and_the_state_department_softening(
    demo: tuple[Path, date],
) -> None:
    brief = _day_shift(*demo, day=2)
    told = " | ".join(d.title + " " + " ".join(d.summary) for d in brief.developments)
    assert "without preconditions" in told, "the State Department's offer"
    assert "Corvale" in told and "resume dialogue" in told, "Talvek's answer"
    assert all(2 <= len(d.summary) <= 4 and d.citations for d in brief.developments)
    assert brief.developments[0].salience >= brief.developments[-1].salience
    groups = {g.actor_id: g for g in brief.institutions}
    assert {"state-department", "kdr-mfa", "white-house"} <= set(groups)
    state = groups["state-department"]
    assert any(v.frame == "engagement" and v.direction == "softening" for v in state.voices)
    assert any(r.frame == "engagement" and r.change > 0 for r in state.index)
    fired = {f.item_id: f for f in brief.fired}
    assert {"state-softens", "mfa-corvale"} <= set(fired)
    assert "treasury-pressure" not in fired and "wide-story" not in fired
    assert fired["state-softens"].citations, "a fired item cites its evidence"
    assert brief.problems == ()


def test_day_three_shift_fires_the_treasury_item(demo: tuple[Path, date]) -> None:
    brief = _day_shift(*demo, day=3)
    assert "treasury-pressure" in {f.item_id for f in brief.fired}
    assert any("sanctions" in d.title for d in brief.developments)


def test_columnists_and_readers_over_day_two(demo: tuple[Path, date]) -> None:
    desk_path, day1 = demo
    with open_desk(desk_path) as desk:
        window = day_window(day1 + timedelta(days=1), desk.config.zone)
        brief = desk.brief(window.start, window.end)
        handles = {c.author for c in desk.store.comments_in([d.id for d in desk.documents()]) if c.author}
    writers = {name for piece in brief.opinions for name in piece.authors}
    assert {"Ruth Kellerman", "Helen Achebe-Ross"} <= writers
    assert any(name.startswith("Editorial board") for name in writers)
    assert all(p.leaning in ("engagement", "pressure", "mixed") and p.arguments for p in brief.opinions)
    assert any("earlier piece" in p.history for p in brief.opinions), "compared with the writer's record"
    assert brief.comments >= 5 and brief.threads
    assert all(t.samples for t in brief.threads)
    text = render(brief, "md").decode() + render(brief, "html").decode() + render(brief, "json").decode()
    assert handles, "the demo has commenters"
    for handle in handles:
        assert not re.search(rf"(?<![\w]){re.escape(handle)}(?![\w])", text), f"handle {handle} shown"


def test_every_citation_resolves_to_a_document_and_its_warc_record(demo: tuple[Path, date]) -> None:
    from dataclasses import replace

    desk_path, day1 = demo
    brief = _day_shift(desk_path, day1, day=2)
    numbers = set(cited_numbers(brief))
    assert numbers == {c.number for c in brief.citations}
    assert all(c.warc_file and c.warc_record_id for c in brief.citations)
    with open_desk(desk_path) as desk:
        assert verify(brief, desk.store, desk.archive_folder) == []
        first = brief.citations[0]
        broken = replace(
            brief,
            citations=(
                replace(first, document_id=10**9),
                replace(brief.citations[1], warc_record_id="<urn:uuid:x>"),
                *brief.citations[2:],
            ),
        )
        problems = verify(broken, desk.store, desk.archive_folder)
    assert any("not in the store" in p for p in problems)
    assert any("is not document" in p for p in problems)


def test_pdf_opens_and_html_has_no_external_assets(demo: tuple[Path, date]) -> None:
    from pypdf import PdfReader

    brief = _day_shift(*demo, day=2)
    reader = PdfReader(io.BytesIO(render(brief, "pdf")))
    assert 4 <= len(reader.pages) <= 30
    first = reader.pages[0].extract_text()
    assert "Kestria desk shift brief" in first and "FICTIONAL COUNTRY" in first
    page = render(brief, "html").decode()
    allowed = {c.url for c in brief.citations} | {brief.dashboard_url}
    for attribute, value in re.findall(r"\b(src|href)\s*=\s*[\"']([^\"']*)", page):
        assert value.startswith("#") or value in allowed, f"external {attribute}: {value}"
    assert "<link" not in page and "<script" not in page and "@import" not in page and "url(" not in page
    assert "<svg" in page and "Contents" in page


def test_an_empty_window_gives_a_short_honest_brief(demo: tuple[Path, date]) -> None:
    desk_path, day1 = demo
    with open_desk(desk_path) as desk:
        window = day_window(day1 - timedelta(days=30), desk.config.zone)
        brief = desk.brief(window.start, window.end)
    assert brief.empty and brief.developments == () and brief.problems == ()
    text = render(brief, "md").decode()
    assert "No coverage in this window" in text and len(text) < 2000
    assert render(brief, "pdf").startswith(b"%PDF")


def test_cli_writes_json_then_compares_and_records(demo: tuple[Path, date], tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from signaldesk.cli.app import app

    desk_path, day1 = demo
    d2, d3 = ((day1 + timedelta(days=n)).isoformat() for n in (1, 2))
    runner = CliRunner()
    first = tmp_path / "d2.json"
    result = runner.invoke(
        app,
        [
            "brief",
            "--desk",
            str(desk_path),
            "--from",
            d2,
            "--until",
            d3,
            "--format",
            "json",
            "--out",
            str(first),
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(first.read_text())["format"]["name"] == "signaldesk-brief"
    d4 = (day1 + timedelta(days=3)).isoformat()
    args = ["brief", "--desk", str(desk_path), "--from", d3, "--until", d4, "--compare", str(first)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Changes since the previous brief" in result.output and "New story:" in result.output
    assert "Playbook item newly fired: treasury-pressure" in result.output
    with open_desk(desk_path) as desk:
        assert desk.stored_briefs()[1] >= 2
    bad = runner.invoke(app, ["brief", "--desk", str(desk_path), "--from", d2])
    assert isinstance(bad.exception, UsageError) and "--until" in str(bad.exception)
