"""The desk file: good files load, every mistake is named with its file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from signaldesk.config import DeskConfig, load_desk, parse_desk
from signaldesk.errors import DeskFileError
from signaldesk.starter import starter_desk_text


def problems(text: str) -> str:
    with pytest.raises(DeskFileError) as caught:
        parse_desk(text, "my-desk.yaml")
    return caught.value.message


def test_the_starter_desk_is_valid_and_complete() -> None:
    config = parse_desk(starter_desk_text())
    assert config.desk.timezone == "America/New_York"
    ids = {actor.id for actor in config.actors}
    assert {"white-house", "state-department", "congress", "treasury", "choe-son-hui"} <= ids
    outlets = {source.outlet for source in config.sources}
    assert {
        "The New York Times",
        "The Washington Post",
        "U.S. Department of State",
        "The White House",
    } <= outlets
    genres = {source.genre for source in config.sources}
    assert {"news", "opinion", "official", "comments"} <= genres
    assert {frame.id for frame in config.frames} >= {
        "engagement",
        "sanctions",
        "human-rights",
        "singapore-statement",
    }
    assert [(s.start.hour, s.end.hour) for s in config.shifts] == [(17, 2)]


def test_defaults_fill_what_the_file_leaves_out() -> None:
    config = parse_desk("desk:\n  name: Minimal\n")
    assert isinstance(config, DeskConfig)
    assert config.fetch.per_host_gap == 1.0
    assert config.fetch.max_redirects == 5
    assert config.sources == ()


def test_durations_are_read_in_units() -> None:
    config = parse_desk(
        "desk: {name: x}\nsources:\n  - {id: a, outlet: A, url: 'https://a.example/f', poll: {min: 90s, max: 2h}}\n"
    )
    assert (config.sources[0].poll.min, config.sources[0].poll.max) == (90, 7200)


def test_a_typo_in_a_field_names_line_and_suggests_the_field() -> None:
    message = problems(
        "desk:\n  name: x\nsources:\n  - id: a\n    outlet: A\n    url: https://a.example/f\n"
        "    genere: news\n"
    )
    assert message.startswith("my-desk.yaml:7: sources[0].genere: unknown field 'genere'")
    assert "did you mean 'genre'" in message


def test_a_bad_url_names_its_line() -> None:
    message = problems("desk:\n  name: x\nsources:\n  - id: a\n    outlet: A\n    url: htps://a.example/f\n")
    assert message.startswith("my-desk.yaml:6: sources[0].url:")
    assert "not an http(s) address" in message


def test_duplicate_ids_are_refused() -> None:
    text = (
        "desk: {name: x}\nactors:\n  - {id: state, name: State Department}\n  - {id: state, name: Another}\n"
    )
    message = problems(text)
    assert "actors[1].id: duplicate id 'state'" in message
    assert message.startswith("my-desk.yaml:4:")


def test_a_rule_naming_an_unknown_actor_or_channel_is_refused() -> None:
    text = (
        "desk: {name: x}\nactors:\n  - {id: state-department, name: State}\n"
        "rules:\n  - id: r1\n    actor: state-departmnt\n"
    )
    message = problems(text)
    assert "rules[0].actor: unknown actor 'state-departmnt' (did you mean 'state-department'?)" in message
    message = problems("desk: {name: x}\nrules:\n  - {id: r1, channels: [mail]}\n")
    assert "unknown channel 'mail'" in message


def test_missing_fields_bad_values_and_bad_timezones() -> None:
    assert "missing required field 'name'" in problems("desk:\n  timezone: UTC\n")
    assert "not an IANA timezone" in problems("desk:\n  name: x\n  timezone: Mars/Olympus\n")
    assert "poll bounds need" in problems(
        "desk: {name: x}\nsources:\n  - {id: a, outlet: A, url: 'https://a.example/', poll: {min: 1h, max: 5m}}\n"
    )
    assert "not a valid regular expression" in problems(
        "desk: {name: x}\nsources:\n  - {id: a, outlet: A, url: 'https://a.example/', kind: listing,"
        " listing: {pattern: '(['}}\n"
    )
    assert "should match pattern" in problems(
        "desk: {name: x}\nsources:\n  - {id: 'Bad Id', outlet: A, url: 'https://a.example/'}\n"
    )


def test_every_problem_is_reported_at_once() -> None:
    message = problems("desk:\n  name: x\n  colour: red\nfetch:\n  per_host_gap: -1\n")
    lines = message.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("my-desk.yaml:3: desk.colour")
    assert lines[1].startswith("my-desk.yaml:5: fetch.per_host_gap")


def test_broken_yaml_and_wrong_shapes() -> None:
    assert problems("desk:\n  name: [unclosed\n").startswith("my-desk.yaml:3: not valid YAML")
    assert "a desk file is a mapping" in problems("- just\n- a list\n")
    assert "a desk file is a mapping" in problems("")


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(DeskFileError, match="no desk file here; create one with `signaldesk init`"):
        load_desk(tmp_path / "nope.yaml")
    binary = tmp_path / "desk.yaml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(DeskFileError, match="cannot read the desk file"):
        load_desk(binary)


def test_desk_file_errors_exit_with_code_2() -> None:
    assert DeskFileError("x").exit_code == 2


def test_queries_and_playbook_conditions_are_checked_when_the_desk_loads() -> None:
    message = problems("desk: {name: x}\nwatches:\n  - {id: w, name: W, query: '\"North Korea'}\n")
    assert message.startswith("my-desk.yaml:3: watches[0].query: the query does not parse: unclosed quote")
    message = problems("desk: {name: x}\nrules:\n  - {id: r, query: 'talks AND'}\n")
    assert "rules[0].query: the query does not parse" in message
    message = problems(
        "desk: {name: x}\nframes:\n  - {id: engagement, name: E}\nplaybook:\n"
        "  - {id: p, when: 'shift frame:engagment', consideration: c}\n"
    )
    assert message.startswith("my-desk.yaml:5: playbook[0].when: playbook item 'p'")
    assert "engagment" in message
