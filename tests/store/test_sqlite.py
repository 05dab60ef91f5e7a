"""The embedded store on real SQLite files."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import text

from signaldesk.config import parse_desk
from signaldesk.errors import StoreError, StoreLockedError, StoreReadOnlyError, StoreVersionError
from signaldesk.store import PollOutcome, open_store
from signaldesk.store.migrate import HEAD, MIGRATIONS
from signaldesk.types import Article, Comment, Entry, Genre, WarcRef
from tests.conftest import moment, utcnow

ARTICLE = Article(
    url="https://wire.example/2026/03/02/talks?utm_source=rss",
    canonical_url="https://wire.example/2026/03/02/talks",
    title="Envoys meet in Geneva as talks resume",
    text="Negotiators met on Monday.\nThe ministry said in a statement that talks would continue.",
    authors=("Dana Whitlock",),
    published=moment(2, 9, 15),
    genre=Genre.NEWS,
    comments=(Comment(text="About time.", author="reader42"),),
)


@pytest.fixture
def store(tmp_path: Path):
    store = open_store(tmp_path / "desk.db")
    yield store
    store.close()


def test_a_new_store_is_created_at_the_newest_revision(tmp_path: Path) -> None:
    store = open_store(tmp_path / "new.db")
    assert store.opened == "created"
    store.close()
    again = open_store(tmp_path / "new.db")
    assert again.opened == "current"
    with again.engine.connect() as db:
        assert db.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
        assert db.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.execute(text("PRAGMA foreign_keys")).scalar() == 1
    again.close()


def test_head_matches_the_newest_migration_file() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD


def test_a_store_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    open_store(tmp_path / "future.db").close()
    with sqlite3.connect(tmp_path / "future.db") as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreVersionError, match="written by a newer signaldesk"):
        open_store(tmp_path / "future.db")


def test_upserts_are_idempotent_and_keep_the_original_offset(store) -> None:
    first = store.upsert_article(ARTICLE, outlet="Wire", source_id=None, seen_at=utcnow())
    again = store.upsert_article(ARTICLE, outlet="Wire", source_id=None, seen_at=utcnow())
    assert (first.status, again.status) == ("new", "unchanged")
    assert first.document.id == again.document.id
    assert store.count() == 1
    document = store.document(first.document.id)
    assert document.published == ARTICLE.published
    assert document.published.utcoffset() == ARTICLE.published.utcoffset()
    assert document.authors == ("Dana Whitlock",)
    assert store.comment_count(document.id) == 1


def test_a_changed_text_becomes_a_revision_with_a_diff_summary(store) -> None:
    store.upsert_article(ARTICLE, outlet="Wire", source_id=None, seen_at=utcnow())
    edited = dataclasses.replace(ARTICLE, text=ARTICLE.text + "\nCorrection: the meeting was on Tuesday.")
    stored = store.upsert_article(
        edited, outlet="Wire", source_id=None, seen_at=utcnow(), warc=WarcRef("a.warc.gz", "<urn:uuid:1>")
    )
    assert stored.status == "changed"
    assert stored.document.revision == 2
    history = store.revisions(stored.document.id)
    assert [r.revision for r in history] == [1, 2]
    assert history[1].diff_summary.startswith("+6 words, -0 words, 1 paragraph")
    assert store.count() == 1
    assert store.document(stored.document.id).warc == WarcRef("a.warc.gz", "<urn:uuid:1>", 0)


def test_full_text_search_follows_inserts_updates_and_folds_accents(store) -> None:
    stored = store.upsert_article(ARTICLE, outlet="Wire", source_id=None, seen_at=utcnow())
    other = dataclasses.replace(
        ARTICLE,
        canonical_url="https://b.example/1",
        url="https://b.example/1",
        title="Café diplomacy",
        text="Sanctions remain.",
    )
    store.upsert_article(other, outlet="B", source_id=None, seen_at=utcnow())
    assert [h.document.id for h in store.search(store.fts_clause("ministry"))] == [stored.document.id]
    assert store.count(store.fts_clause("cafe")) == 1
    assert store.count(store.fts_clause("geneva", ["title"])) == 1
    assert store.count(store.fts_clause("negotiators", ["title"])) == 0
    renamed = dataclasses.replace(ARTICLE, text="Nothing about that any more.")
    store.upsert_article(renamed, outlet="Wire", source_id=None, seen_at=utcnow())
    assert store.count(store.fts_clause("ministry")) == 0
    assert store.count(store.fts_clause("nothing")) == 1


def test_time_filter_uses_published_or_first_seen(store) -> None:
    store.upsert_article(ARTICLE, outlet="Wire", source_id=None, seen_at=utcnow())
    assert store.count(store.time_filter(moment(2, 0), moment(3, 0))) == 1
    assert store.count(store.time_filter(moment(3, 0), None)) == 0


def test_sources_health_and_due_polls(store) -> None:
    config = parse_desk(
        "desk: {name: x}\nsources:\n  - {id: a, outlet: A, url: 'https://a.example/f'}\n"
        "  - {id: b, outlet: B, url: 'https://b.example/f', enabled: false}\n"
    )
    store.sync_sources(config.sources)
    start = utcnow()
    assert store.due_sources(start) == ["a"]
    store.record_poll(
        PollOutcome(
            "a",
            start,
            "ok",
            next_poll_at=moment(28, 12),
            interval=60,
            http_status=200,
            entries=3,
            new_entries=3,
            elapsed=0.25,
            etag='"v1"',
        )
    )
    health = store.health("a")[0]
    assert (health.etag, health.median_latency, health.consecutive_failures) == ('"v1"', 0.25, 0)
    store.record_poll(
        PollOutcome(
            "a",
            start,
            "error",
            next_poll_at=moment(28, 12),
            interval=120,
            error="FetchTimeout: no answer in 60 s",
        )
    )
    health = store.health("a")[0]
    assert health.consecutive_failures == 1
    assert health.last_error == "FetchTimeout: no answer in 60 s"
    assert health.etag == '"v1"'
    store.sync_sources(config.sources)
    assert store.health("a")[0].consecutive_failures == 1, "syncing keeps the health"


def test_seen_entries_come_back_only_when_updated(store) -> None:
    config = parse_desk("desk: {name: x}\nsources:\n  - {id: a, outlet: A, url: 'https://a.example/f'}\n")
    store.sync_sources(config.sources)
    entries = [Entry(url=f"https://a.example/{n}", guid=f"g{n}") for n in range(3)]
    assert store.unseen("a", entries) == entries
    store.mark_seen("a", entries[:2], utcnow())
    assert store.unseen("a", entries) == entries[2:]
    updated = dataclasses.replace(entries[0], updated=moment(5))
    assert store.unseen("a", [updated]) == [updated]


def test_a_locked_store_gives_a_clear_error_and_no_damage(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    open_store(path).close()
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    from signaldesk.store.sqlite import SQLiteStore

    try:
        with pytest.raises(StoreLockedError, match="locked by another signaldesk process"):
            blocked = SQLiteStore(path, busy_timeout=0.1)
            blocked.upsert_article(ARTICLE, outlet="Wire", source_id=None, seen_at=utcnow())
    finally:
        holder.rollback()
        holder.close()
    reopened = open_store(path)
    reopened.upsert_article(ARTICLE, outlet="Wire", source_id=None, seen_at=utcnow())
    assert reopened.count() == 1
    reopened.close()


@pytest.fixture
def read_only_folder(tmp_path: Path):
    """A folder holding a store, then made read-only: a real read-only mount when we may mount."""
    folder = tmp_path / "ro"
    folder.mkdir()
    mounted = (
        os.geteuid() == 0
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)], capture_output=True
        ).returncode
        == 0
    )
    open_store(folder / "x.db").close()
    if mounted:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    else:
        (folder / "x.db").chmod(0o444)
        folder.chmod(0o555)
    try:
        yield folder
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], check=True)
        else:
            folder.chmod(0o755)


def test_a_read_only_place_is_refused_before_anything_is_written(read_only_folder: Path) -> None:
    if os.access(read_only_folder / "x.db", os.W_OK):
        pytest.fail("the fixture could not make the folder read-only")
    with pytest.raises(StoreReadOnlyError, match="read-only"):
        open_store(read_only_folder / "x.db")
    with pytest.raises(StoreReadOnlyError, match="read-only"):
        open_store(read_only_folder / "other.db")


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "no" / "such" / "x.db")
