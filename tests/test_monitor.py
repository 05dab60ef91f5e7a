"""The monitor end to end: the demo newsroom on loopback, the real fetcher, extraction and store."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from signaldesk import open_desk
from signaldesk.demo import Newsroom
from signaldesk.ingest.archive import Archive


@pytest.fixture(scope="module")
def newsroom():
    with Newsroom(port=0, release_all=True) as room:
        yield room


@pytest.fixture(scope="module")
def polled(newsroom: Newsroom, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo desk after one poll round (its desk file path)."""
    folder = tmp_path_factory.mktemp("polled")
    (folder / "desk.yaml").write_text(newsroom.desk_yaml(), encoding="utf-8")
    with open_desk(folder / "desk.yaml") as desk:
        desk.poll_once(workers=0)
    return folder / "desk.yaml"


def test_one_poll_round_stores_every_released_article_once(polled: Path) -> None:
    with open_desk(polled) as desk:
        health = {h.source_id: h for h in desk.health()}
        assert [h.source_id for h in health.values() if h.consecutive_failures] == []
        stored = desk.count()
        assert stored >= 100
        urls = {doc.canonical_url for doc in desk.documents()}
        assert len(urls) == stored
        assert desk.count("actor:state-department") >= 10, "documents are analysed as they are stored"
        assert desk.count("frame:engagement AND genre:opinion") >= 3
        assert desk.count("actor:kdr-mfa AND frame:pressure") >= 1
        genres = desk.stats()["genres"]
        assert {"news", "opinion", "official", "analysis", "comment"} <= set(genres)

        again = desk.poll_once(workers=0)
        assert {o.status for o in again} <= {"not_modified", "unchanged"}
        assert sum(o.new_entries for o in again) == 0
        assert desk.count() == stored, "a second round stores nothing twice"

        archive = Archive(desk.archive_folder)
        for doc in list(desk.documents())[:20]:
            assert doc.warc is not None
            body = archive.read(doc.warc)
            assert doc.title.split()[0].encode() in body
        assert all(h.last_success is not None and h.consecutive_failures == 0 for h in health.values())
        assert all(h.median_latency is not None for h in health.values())


def test_columnists_are_one_person_across_outlets(polled: Path) -> None:
    with open_desk(polled) as desk:
        people = {person.name: person for person in desk.columnists()}
    assert {"Walter Grange", "Helen Achebe-Ross", "Ruth Kellerman"} <= set(people)
    assert any(len(person.outlets) >= 2 for person in people.values()), "a columnist writes in two outlets"
    assert all(person.pieces for person in people.values())


def test_actor_candidates_can_be_accepted_merged_or_ignored(polled: Path, tmp_path: Path) -> None:
    import shutil

    from signaldesk.cli import main

    with open_desk(polled) as desk:
        names = [name for name, _kind, _count in desk.actor_candidates(50)]
    assert names, "NER offers names the desk does not track"
    for name in names:
        assert name not in {"State Department", "White House"}
    copy = tmp_path / "desk.yaml"
    shutil.copy(polled, copy)
    shutil.copy(polled.parent / "signaldesk.db", tmp_path / "signaldesk.db")
    first, second, third = names[:3]
    for args in (
        ["accept", first, "--id", "candidate-one"],
        ["merge", second, "--into", "state-department"],
        ["ignore", third],
    ):
        try:
            main(["actors", *args, "--desk", str(copy)])
        except SystemExit as stop:
            assert not stop.code
    with open_desk(copy) as desk:
        assert any(actor.id == "candidate-one" and actor.name == first for actor in desk.config.actors)
        state = next(actor for actor in desk.config.actors if actor.id == "state-department")
        assert second in state.aliases
        assert third not in [name for name, _kind, _count in desk.actor_candidates(50)]


def test_ctrl_c_during_demo_stops_cleanly_and_keeps_what_was_stored(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    env = {**os.environ, "COLUMNS": "100"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "signaldesk",
            "demo",
            "--port",
            "0",
            "--speed",
            "3000",
            "--dir",
            str(folder),
            "--workers",
            "0",
            "--no-serve",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            time.sleep(0.5)
            if _stored(folder / "signaldesk.db") >= 5:
                break
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "Stopped early. Everything stored so far is kept." in out
    assert "Traceback" not in err
    assert _stored(folder / "signaldesk.db") >= 5
    with sqlite3.connect(folder / "signaldesk.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def _stored(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(path, timeout=1) as db:
            return db.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_wire_copies_fold_into_one_story_that_names_the_first_copy(polled: Path) -> None:
    with open_desk(polled) as desk:
        rows = desk.stories(limit=500)
        assert rows and sum(row.documents for row in rows) <= desk.count()
        widest = max(rows, key=lambda row: row.outlets)
        assert widest.outlets >= 4, "a syndicated wire story is carried by several outlets"
        report = desk.story(widest.id)
    copies = [item for item in report.timeline if item.duplicate_of is not None]
    assert copies, "the syndicated copies are marked as duplicates"
    first = report.first_copy
    for copy in copies:
        assert copy.duplicate_of in {item.document_id for item in report.timeline}
    assert first.moment <= min(item.moment for item in report.timeline)
    assert report.title and 2 <= len(report.summary) <= 4
    assert dict(report.outlets) and report.actors


def test_stories_rebuild_gives_the_same_stories_twice(polled: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "desk.yaml"
    shutil.copy(polled, copy)
    shutil.copy(polled.parent / "signaldesk.db", tmp_path / "signaldesk.db")
    with open_desk(copy) as desk:
        placed = desk.rebuild_stories()
        first = {(row.title, row.documents) for row in desk.stories(limit=500)}
        assert placed == desk.count()
        desk.rebuild_stories()
        assert {(row.title, row.documents) for row in desk.stories(limit=500)} == first


def test_stories_commands(polled: Path, capsys) -> None:
    import json

    from tests.test_cli import cli

    code, out, _ = cli(capsys, "stories", "list", "--json", "--limit", "3", "--desk", str(polled))
    rows = json.loads(out)
    assert code == 0 and len(rows) == 3 and rows[0]["documents"] >= 1
    code, out, _ = cli(capsys, "stories", "show", str(rows[0]["id"]), "--desk", str(polled))
    assert code == 0 and "Timeline" in out
    code, _, err = cli(capsys, "stories", "show", "99999", "--desk", str(polled))
    assert code == 1 and "no story with id 99999" in err


def test_reader_comments_are_kept_and_analysed(polled: Path) -> None:
    with open_desk(polled) as desk:
        ids = [doc.id for doc in desk.documents()]
        comments = desk.store.comments_in(ids)
    assert len(comments) >= 40
    assert all(
        comment.language and comment.tone is not None for comment in comments if len(comment.text) > 40
    )
    assert any(comment.frames for comment in comments), "readers argue about talks and sanctions"
    per_page = {(c.document_id, c.platform_id) for c in comments}
    assert len(per_page) == len(comments), "each comment keeps its own id within its thread"


def test_reader_reactions_per_watch_and_per_columnist(polled: Path, capsys) -> None:
    from tests.test_cli import cli

    with open_desk(polled) as desk:
        everything = desk.readers()
        talks = desk.readers(next(w.query for w in desk.config.watches))
    assert everything.comments >= 40 and everything.most_discussed
    assert everything.tone is not None and everything.frames
    assert talks.comments <= everything.comments
    code, out, _ = cli(capsys, "readers", "--json", "--desk", str(polled))
    assert code == 0 and '"comments"' in out and "handle" not in out
    code, _, err = cli(capsys, "readers", "--watch", "nope", "--desk", str(polled))
    assert code == 2 and "no watch with id 'nope'" in err


def test_a_worker_hands_back_the_same_article_with_its_comments() -> None:
    """Extraction in a worker process gives what extraction in the desk gives, comments included."""
    import asyncio
    import re

    import httpx

    from signaldesk.ingest.extract import extract
    from signaldesk.runtime.local import LocalRuntime

    with Newsroom.synthetic(hosts=1, pages_per_host=2, page_kb=100) as room:
        feed = httpx.get(room.outlets[0].feed_url).text
        url = re.findall(r"<link>(http[^<]+/[^<]+)</link>", feed)[-1]
        body = httpx.get(url).content
    here = extract(body, url, default_genre="news")
    assert len(here.comments) > 10
    with LocalRuntime(workers=1) as runtime:
        there = asyncio.run(runtime.extract(body, url, "news"))
    assert there == here
