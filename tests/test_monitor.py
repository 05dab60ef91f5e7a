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


def test_one_poll_round_stores_every_released_article_once(newsroom: Newsroom, tmp_path: Path) -> None:
    (tmp_path / "desk.yaml").write_text(newsroom.desk_yaml(), encoding="utf-8")
    with open_desk(tmp_path / "desk.yaml") as desk:
        outcomes = desk.poll_once(workers=0)
        assert [o.source_id for o in outcomes if o.failed] == []
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
        health = {h.source_id: h for h in desk.health()}
        assert all(h.last_success is not None and h.consecutive_failures == 0 for h in health.values())
        assert all(h.median_latency is not None for h in health.values())


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
