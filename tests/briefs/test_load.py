"""A kept brief read back from its JSON: the exact inverse of `to_data`, and refusals of other JSON."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from signaldesk import open_desk
from signaldesk.briefs.load import from_data, loads, to_record
from signaldesk.briefs.model import Brief, Changes
from signaldesk.briefs.render import render
from signaldesk.briefs.render_json import to_data
from signaldesk.briefs.window import shift_on
from signaldesk.demo import Newsroom
from signaldesk.errors import NotFoundError, UsageError

pytestmark = pytest.mark.slow  # the demo newsroom is polled once (about 25 s)


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Brief, int]:
    """The demo desk polled once; its day-two shift brief, kept in the store."""
    folder = tmp_path_factory.mktemp("load")
    with Newsroom(port=0, release_all=True) as room:
        (folder / "desk.yaml").write_text(room.desk_yaml(), encoding="utf-8")
        with open_desk(folder / "desk.yaml") as desk:
            desk.poll_once(workers=0)
            assert room.clock is not None
            window = shift_on(desk.config.shifts[0], room.clock.day1 + timedelta(days=1), desk.config.zone)
            brief = desk.brief(window.start, window.end, label=window.label)
            brief = replace(
                brief,
                changes=Changes("earlier", ("a new story",), (), (("State", "engagement", None, 0.5),), ()),
            )
            brief_id = desk.record_brief(brief)
    return folder / "desk.yaml", brief, brief_id


def test_from_data_is_the_exact_inverse_of_to_data(kept: tuple[Path, Brief, int]) -> None:
    _, brief, _ = kept
    assert brief.developments and brief.citations and brief.index, "a brief with content to carry"
    data = to_data(brief)
    again = from_data(json.loads(json.dumps(data)))
    assert again == brief
    assert to_data(from_data(data)) == data
    for fmt in ("md", "html", "json"):
        assert render(again, fmt) == render(brief, fmt)


def test_the_desk_reads_a_kept_brief_back(kept: tuple[Path, Brief, int]) -> None:
    path, brief, brief_id = kept
    with open_desk(path) as desk:
        assert desk.stored_brief(brief_id) == brief
        rows, total = desk.stored_briefs()
        assert total >= 1 and rows[0].id == brief_id and rows[0].title == brief.title
        assert (rows[0].window_start, rows[0].window_end) == (
            to_record(brief).window_start,
            to_record(brief).window_end,
        )
        with pytest.raises(NotFoundError, match="no kept brief with id 999999"):
            desk.stored_brief(999_999)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("not json", "does not parse"),
        ("[1, 2]", "no format name"),
        ('{"format": {"name": "something-else", "version": 1}}', "its format is 'something-else'"),
        ('{"format": {"name": "signaldesk-brief", "version": 99}}', "format version 99"),
        ('{"format": {"name": "signaldesk-brief", "version": 1}}', "has no title"),
    ],
)
def test_other_json_is_refused_with_a_clear_message(text: str, says: str) -> None:
    with pytest.raises(UsageError, match=says):
        loads(text)


def test_damaged_fields_are_named(kept: tuple[Path, Brief, int]) -> None:
    _, brief, _ = kept
    data = json.loads(json.dumps(to_data(brief)))
    data["developments"][0]["salience"] = "high"
    with pytest.raises(UsageError, match=r"brief\.developments\[0\]\.salience should be float"):
        from_data(data)
    data = json.loads(json.dumps(to_data(brief)))
    data["surprise"] = 1
    with pytest.raises(UsageError, match="unknown fields"):
        from_data(data)
