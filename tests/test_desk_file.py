"""Editing the desk file section by section: comments kept, every edit checked as the whole file,
the file written only when valid, previous versions kept, channel secrets never shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from signaldesk import desk_file
from signaldesk.config import DeskConfig, parse_desk
from signaldesk.desk import Desk
from signaldesk.errors import DeskFileError, NotFoundError, UsageError
from signaldesk.ingest.extract import Article
from signaldesk.runtime.follow import FollowUp
from signaldesk.runtime.monitor import Monitor
from signaldesk.types import now
from tests.ingest.conftest import LoopServer, routes

SECRET = "s3cretPassw0rd"
TOKEN = "Zq81hHd02kLmn77"
TEXT = f"""\
# The test desk. This comment must survive every edit.
desk:
  name: Test desk
  store: desk.db
watches:  # what we follow
  - id: kestria   # the country
    name: Kestria
    query: Kestria
actors:
- id: state-department
  name: State Department
  kind: institution
# a comment between sections
frames: []
channels:
  - id: mail
    url: mailto://desk:{SECRET}@mail.example.com?to=desk@example.com
  - id: hook
    url: https://hooks.example.com/{TOKEN}/post?token={SECRET}&room=ops
rules:
  - id: talks
    query: talks
    channels: [mail]
playbook: []
"""


def desk_at(tmp_path: Path, text: str = TEXT) -> Desk:
    path = tmp_path / "desk.yaml"
    path.write_text(text, encoding="utf-8")
    return Desk.open(path)


def refused(desk: Desk, section: str, value: str) -> str:
    """The message of a refused edit, after checking it is the loader's and nothing changed."""
    assert desk.path is not None
    before = desk.path.read_bytes()
    expected_text = desk_file.replace_section(before.decode(), section, value)
    with pytest.raises(DeskFileError) as loader:
        parse_desk(expected_text, str(desk.path))
    with pytest.raises(DeskFileError) as edit:
        desk.update_settings(section, value)
    assert edit.value.message == loader.value.message
    assert desk.path.read_bytes() == before
    assert not desk_file.history(desk.path)
    return edit.value.message


def test_an_unchanged_section_gives_the_same_text_byte_for_byte() -> None:
    for section in ("watches", "actors", "frames", "channels", "rules", "playbook"):
        again = desk_file.replace_section(TEXT, section, desk_file.section_text(TEXT, section))
        assert again == TEXT, section


def test_an_edit_keeps_comments_and_the_other_sections(tmp_path: Path) -> None:
    desk = desk_at(tmp_path)
    text = desk.settings_text("watches")
    assert "# the country" in text
    desk.update_settings("watches", text + "- id: talks\n  name: Talks  # new\n  query: talks\n")
    written = (tmp_path / "desk.yaml").read_text()
    assert "# The test desk. This comment must survive every edit." in written
    assert "watches:  # what we follow" in written and "# the country" in written
    assert "# a comment between sections" in written and "Talks  # new" in written
    assert written.split("watches:")[0] == TEXT.split("watches:")[0]
    assert written[written.index("\nactors:") :] == TEXT[TEXT.index("\nactors:") :]
    assert [w.id for w in desk.config.watches] == ["kestria", "talks"]


def test_a_missing_section_is_added_and_an_emptied_one_becomes_a_list() -> None:
    text = "desk:\n  name: X\n"
    added = desk_file.replace_section(text, "frames", "- id: f\n  name: F\n")
    assert parse_desk(added).frames[0].id == "f"
    emptied = desk_file.replace_section(TEXT, "watches", "")
    assert "watches: []  # what we follow" in emptied
    assert parse_desk(emptied).watches == ()


@pytest.mark.parametrize(
    ("section", "value", "words"),
    [
        ("rules", "- id: r\n  actor: state-departmnt\n", "did you mean 'state-department'"),
        ("rules", "- id: talks\n  query: talks\n- id: talks\n  query: more\n", "duplicate id 'talks'"),
        ("watches", "- id: w\n  name: W\n  query: [unclosed\n", "not valid YAML"),
        ("frames", "- id: f\n  name: [1, 2]\n", "frames[0].name"),
        ("actors", "- id: a\n  name: A\n  kindd: person\n", "unknown field 'kindd'"),
        ("watches", "- id: w\n  name: W\n  query: 'talks AND ('\n", "the query does not parse"),
    ],
)
def test_an_invalid_edit_is_refused_with_the_loaders_message(
    tmp_path: Path, section: str, value: str, words: str
) -> None:
    message = refused(desk_at(tmp_path), section, value)
    assert words in message
    assert message.startswith(f"{tmp_path / 'desk.yaml'}:")


def test_a_bad_regular_expression_in_a_new_source_is_refused(tmp_path: Path) -> None:
    desk = desk_at(tmp_path)
    before = (tmp_path / "desk.yaml").read_bytes()
    source = {"id": "list", "outlet": "L", "url": "https://l.example/", "kind": "listing"}
    with pytest.raises(
        DeskFileError, match=r"sources\[0\]\.listing\.pattern: not a valid regular expression"
    ):
        desk.add_source({**source, "listing": {"pattern": "news/(\\d+"}})
    assert (tmp_path / "desk.yaml").read_bytes() == before


def test_an_unknown_section_is_named_with_a_hint(tmp_path: Path) -> None:
    desk = desk_at(tmp_path)
    with pytest.raises(NotFoundError, match="did you mean 'watches'"):
        desk.update_settings("watchs", "[]")
    with pytest.raises(NotFoundError, match="sections: watches, actors"):
        desk.settings_text("fetch")


def test_a_rule_with_bad_quiet_hours_is_refused_before_writing(tmp_path: Path) -> None:
    desk = desk_at(tmp_path)
    before = (tmp_path / "desk.yaml").read_bytes()
    with pytest.raises(DeskFileError):
        desk.add_rule({"id": "late", "query": "talks", "quiet_hours": "25:00-99:00"})
    assert (tmp_path / "desk.yaml").read_bytes() == before


def test_a_desk_without_a_file_cannot_be_edited(tmp_path: Path) -> None:
    config = parse_desk(TEXT.replace("desk.db", str(tmp_path / "memory.db")))
    desk = Desk.open(config)
    with pytest.raises(UsageError, match="not from a desk file"):
        desk.add_rule({"id": "x"})
    with pytest.raises(UsageError, match="not from a desk file"):
        desk.settings_text("rules")


def test_channel_secrets_are_hidden_and_kept_when_the_placeholder_stays(tmp_path: Path) -> None:
    desk = desk_at(tmp_path)
    shown = desk.settings_text("channels", for_editing=True)
    assert SECRET not in shown and TOKEN not in shown
    assert "mailto://***:***@mail.example.com?to=***" in shown
    assert "https://hooks.example.com/***/***?token=***&room=***" in shown
    desk.update_settings("channels", shown.replace("room=***", "room=desk"))
    urls = {c.id: c.url for c in desk.config.channels}
    assert urls["mail"] == f"mailto://desk:{SECRET}@mail.example.com?to=desk@example.com"
    assert urls["hook"] == f"https://hooks.example.com/{TOKEN}/post?token={SECRET}&room=desk"
    with pytest.raises(DeskFileError, match="unknown channel 'mail'"):
        desk.update_settings("channels", f"- id: email\n  url: mailto://desk:{SECRET}@mail.example.com\n")


def test_a_placeholder_with_no_secret_to_keep_is_refused(tmp_path: Path) -> None:
    desk = desk_at(tmp_path)
    added = (
        desk.settings_text("channels", for_editing=True)
        + "- id: new\n  url: mailto://x:***@mail.example.com\n"
    )
    with pytest.raises(DeskFileError, match=r"no channel .new. before.*type the secret"):
        desk.update_settings("channels", added)


def test_previous_versions_are_kept_and_bounded(tmp_path: Path) -> None:
    desk = desk_at(tmp_path)
    path = tmp_path / "desk.yaml"
    versions = [path.read_text()]
    for number in range(7):
        desk.add_rule({"id": f"rule-{number}", "query": f"word{number}"})
        versions.append(path.read_text())
    kept = desk_file.history(path)
    assert [p.name for p in kept] == [f"desk.yaml.{n}" for n in range(1, desk_file.HISTORY_KEPT + 1)]
    assert [p.read_text() for p in kept] == versions[-2:-7:-1]
    desk.remove_rule("rule-0")
    assert "rule-0" not in {r.id for r in desk.config.rules}
    with pytest.raises(NotFoundError):
        desk.remove_rule("rule-0")


def test_a_new_rule_fires_in_the_next_batch_of_the_same_desk(tmp_path: Path) -> None:
    desk = desk_at(tmp_path)
    follow = FollowUp(desk.config, desk.store)

    def batch(slug: str) -> list[str]:
        article = Article(
            url=f"https://n.example/{slug}",
            canonical_url=f"https://n.example/{slug}",
            title="Kestria ministers meet",
            text="Kestria. " * 5,
        )
        stored = desk.store.upsert_article(article, outlet="N", source_id=None, seen_at=now())
        follow.reconfigure(desk.config)
        return [alert.rule_id for alert in follow.handle([stored], [None])]

    assert batch("one") == []
    desk.add_rule({"id": "kestria-news", "name": "Kestria", "query": "Kestria"})
    assert batch("two") == ["kestria-news"]


def test_a_running_monitor_takes_edited_sources_and_rules(tmp_path: Path) -> None:
    desk = desk_at(tmp_path)
    monitor = Monitor(desk.config, desk.store, tmp_path / "archive", lambda batch: None)
    monitor.current = lambda: desk.config
    desk.add_source({"id": "wire", "outlet": "Wire", "url": "https://wire.example/feed.xml"})
    desk.add_rule({"id": "wire-talks", "query": "talks"})
    monitor.take_settings()
    assert "wire" in monitor.sources
    assert "wire-talks" in {rule.id for rule in monitor.follow.alerts.rules}


FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>http://x/</link></channel></rss>'
)


def test_a_disabled_source_is_not_polled(tmp_path: Path) -> None:
    server = LoopServer(
        "127.0.0.33",
        routes({p: (200, {"Content-Type": "application/rss+xml"}, FEED) for p in ("/a.xml", "/b.xml")}),
    )
    try:
        sources = "".join(
            f"  - id: {name}\n    outlet: {name.upper()}\n    url: {server.url(f'/{name}.xml')}\n"
            "    allow_private: true\n"
            for name in ("a", "b")
        )
        desk = desk_at(tmp_path, TEXT + "sources:\n" + sources + "fetch:\n  respect_robots: false\n")
        desk.set_source_enabled("b", False)
        assert not desk.source("b").enabled and "enabled: false" in (tmp_path / "desk.yaml").read_text()
        assert "b" not in desk.store.due_sources(now())
        desk.poll_once(workers=0)
        assert len(server.hits("/a.xml")) == 1 and server.hits("/b.xml") == []
        desk.set_source_enabled("b", True)
        assert "enabled" not in desk_file.section_text((tmp_path / "desk.yaml").read_text(), "sources")
        desk.poll_once(workers=0)
        assert len(server.hits("/b.xml")) == 1
    finally:
        server.close()


def test_config_identity_changes_only_on_a_real_edit(tmp_path: Path) -> None:
    desk = desk_at(tmp_path)
    first: DeskConfig = desk.config
    desk.update_settings("frames", desk.settings_text("frames"))
    assert not desk_file.history(tmp_path / "desk.yaml")
    assert desk.config == first


def test_a_running_desk_takes_edits_another_process_wrote(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    running = desk_at(tmp_path)
    assert running.current_settings() is running.config, "nothing changed: the same settings"
    dashboard = Desk.open(tmp_path / "desk.yaml")
    dashboard.add_rule({"id": "from-dashboard", "query": "talks", "channels": []})
    dashboard.close()
    assert "from-dashboard" in {rule.id for rule in running.current_settings().rules}

    path = tmp_path / "desk.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "rules: oops\n", encoding="utf-8")
    kept = running.config
    with caplog.at_level("WARNING", logger="signaldesk.desk_settings"):
        assert running.current_settings() is kept
        assert running.current_settings() is kept
    warnings = [r.getMessage() for r in caplog.records if "does not load" in r.getMessage()]
    assert len(warnings) == 1 and "desk.yaml" in warnings[0]
    running.close()


def test_a_kept_secret_goes_only_to_the_same_channel_scheme_and_host(tmp_path: Path) -> None:
    desk = desk_at(tmp_path)
    shown = desk.settings_text("channels", for_editing=True)
    assert "mailto://***:***@mail.example.com?to=***" in shown
    before = (tmp_path / "desk.yaml").read_bytes()
    for edited, words in (
        (shown.replace("mail.example.com", "evil.example"), "scheme or host changed"),
        (shown.replace("mailto://", "json://"), "scheme or host changed"),
        (shown.replace("id: hook", "id: webhook"), "no channel 'webhook' before"),
        (
            "- id: hook\n  url: " + shown.split("url: ")[1].split("\n")[0] + "\n"
            "- id: mail\n  url: " + shown.split("url: ")[2].split("\n")[0] + "\n",
            "scheme or host changed",
        ),
    ):
        with pytest.raises(DeskFileError, match=f"{words}.*type the secret"):
            desk.update_settings("channels", edited)
        assert (tmp_path / "desk.yaml").read_bytes() == before


def test_readers_see_only_the_scheme_of_a_channel(tmp_path: Path) -> None:
    desk = desk_at(tmp_path, TEXT.replace("  - id: hook\n", "  # backup: hunter2\n  - id: hook\n"))
    assert "hunter2" in desk.settings_text("channels", for_editing=True)
    shown = desk.settings_text("channels")
    assert shown == "- id: mail\n  url: mailto://(hidden)\n- id: hook\n  url: https://(hidden)\n"
    assert "url: mailto://(hidden)" in shown and "url: https://(hidden)" in shown
    assert "example.com" not in shown and "***" not in shown


DEMO_LAYOUT = """\
desk:
  name: Demo
  store: desk.db
shifts:
- name: day
  start: '07:00'
  end: '17:00'
rules:
- id: talks
  query: talks
playbook:
- id: p
  when: official
  consideration: Think.
"""


@pytest.mark.parametrize(
    "value",
    [
        "- id: talks\n  query: talks\nplaybook: []\n",
        "- id: talks\n  query: talks\nshifts:\n- name: night\n  start: '17:00'\n  end: '02:00'\n",
        "shifts: []\n",
    ],
)
def test_a_section_edit_never_writes_another_top_level_key(tmp_path: Path, value: str) -> None:
    desk = desk_at(tmp_path, DEMO_LAYOUT)
    before = (tmp_path / "desk.yaml").read_bytes()
    with pytest.raises(DeskFileError):
        desk.update_settings("rules", value)
    assert (tmp_path / "desk.yaml").read_bytes() == before
    assert [p.id for p in desk.config.playbook] == ["p"]


def test_a_column_zero_section_takes_edits_and_keeps_its_neighbours(tmp_path: Path) -> None:
    desk = desk_at(tmp_path, DEMO_LAYOUT)
    desk.update_settings("rules", "- id: talks\n  query: talks\n- id: more\n  query: more\n")
    desk.add_rule({"id": "third", "query": "third"})
    assert [r.id for r in desk.config.rules] == ["talks", "more", "third"]
    assert [p.id for p in desk.config.playbook] == ["p"] and len(desk.config.shifts) == 1


@pytest.mark.parametrize(
    "word", ["yes", "on", "no", "off", "1:20", "Yes", "null", "~", "0x1F", "1e3", "true"]
)
def test_new_values_read_back_as_the_strings_written(tmp_path: Path, word: str) -> None:
    desk = desk_at(tmp_path)
    rule_id = word if re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", word) else "r"
    desk.add_rule({"id": rule_id, "name": word, "query": "talks"})
    assert rule_id in [r.id for r in desk.config.rules]
    desk.add_source({"id": "src", "outlet": word, "url": "https://wire.example/feed.xml"})
    assert any(r.name == word for r in desk.config.rules)
    assert desk.source("src").outlet == word


def test_edits_wait_for_a_lock_another_process_holds(tmp_path: Path) -> None:
    import subprocess
    import sys
    import threading

    desk = desk_at(tmp_path)
    path = tmp_path / "desk.yaml"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys; f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_EX); "
            "print('held', flush=True); sys.stdin.readline()",
            str(tmp_path / ".desk.yaml.lock"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        done = threading.Thread(target=desk.add_rule, args=({"id": "late", "query": "talks"},))
        done.start()
        done.join(0.3)
        assert done.is_alive() and "late" not in path.read_text()
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(10)
    done.join(10)
    assert not done.is_alive() and "id: late" in path.read_text()
