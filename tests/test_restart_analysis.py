"""Analysis after a restart: what one run stored but did not analyse, the next run analyses,
and the signal series count those documents once, however often the desk is opened again.

The demo newsroom on loopback, the real fetcher, extraction, analysis and SQLite store.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import pytest

from signaldesk import open_desk
from signaldesk.demo import Newsroom
from signaldesk.desk import Desk
from signaldesk.runtime.monitor import ANALYSED_MARK

SOURCES = ["kdr-mfa", "capitol"]  # official statements: quotes by known actors on every page


@pytest.fixture(scope="module")
def newsroom():
    with Newsroom(port=0, release_all=True) as room:
        yield room


def _store_only(desk: Desk) -> None:
    """One poll round whose monitor stops before its analysis stage runs: the pages are
    stored and indexed as the monitor stores them, and their revision rows wait after the mark."""
    from signaldesk.runtime.local import LocalRuntime
    from signaldesk.runtime.monitor import Monitor

    sources = [source for source in desk.config.sources if source.id in SOURCES]

    async def round_() -> None:
        with LocalRuntime(0, desk.config) as runtime:
            monitor = Monitor(desk.config, desk.store, desk.archive_folder, lambda batch: None)
            monitor._stopping = True  # as when the run is told to stop as the round ends
            await monitor.poll(sources, runtime)

    asyncio.run(round_())


def _expected_signals(desk: Desk, ids: list[int]) -> Counter[str]:
    """Signals per series key, from the analyses stored for these documents (a signal also
    counts for the institutions its speaker speaks for)."""
    from signaldesk.signals.series import speakers

    affiliations = {actor.id: actor.affiliation for actor in desk.config.actors}
    found: Counter[str] = Counter()
    for _id, value, _start, _end, _score, _data in desk.store.annotations_in(ids, "signal"):
        actor, frame = value.split(":", 1)
        for voice in speakers(affiliations, actor):
            found[f"signal:{voice}:{frame}"] += 1
    return found


def _series(desk: Desk, keys: list[str]) -> dict[str, int]:
    from signaldesk.signals.tracker import SignalTracker

    tracker = SignalTracker(desk.config, desk.store)
    return {key: sum(bucket.count for bucket in tracker.series(key, "1d")) for key in keys}


def _signal_days(desk: Desk, actor_id: str) -> int:
    """How many signals the actor's daily index counts, over every frame."""
    signals = desk.actor_signals(actor_id)
    return sum(day.signals for days in signals.indexes.values() for day in days)


def test_a_restart_analyses_what_was_stored_and_counts_its_signals_once(
    newsroom: Newsroom, tmp_path: Path
) -> None:
    (tmp_path / "desk.yaml").write_text(newsroom.desk_yaml(), encoding="utf-8")
    with open_desk(tmp_path / "desk.yaml") as desk:
        _store_only(desk)
        ids = [doc.id for doc in desk.documents()]
        assert len(ids) >= 10
        assert desk.store.load_state(ANALYSED_MARK) == 0, "the first run's mark is before its pages"
        assert desk.store.annotations_in(ids, "tone") == [], "nothing was analysed yet"
        outlets = Counter(doc.outlet for doc in desk.documents())
        assert set(_series(desk, [f"outlet:{name}" for name in outlets]).values()) == {0}

    with open_desk(tmp_path / "desk.yaml") as desk:
        outcomes = desk.poll_once(workers=0, source_ids=SOURCES)
        assert sum(outcome.new_entries for outcome in outcomes) == 0, "the restart finds nothing new"
        assert sorted(doc.id for doc in desk.documents()) == sorted(ids)
        assert desk.store.load_state(ANALYSED_MARK) == desk.store.last_revision_id()
        analysed = Counter(document_id for document_id, *_ in desk.store.annotations_in(ids, "tone"))
        assert analysed == Counter(ids), "every stored document has its analysis, once"
        expected = _expected_signals(desk, ids)
        actors = sorted({key.split(":")[1] for key in expected})
        assert sum(expected.values()) >= 10 and len(actors) >= 3, "the statements carry signals"
        keys = [*expected, *(f"outlet:{name}" for name in outlets)]
        counted = _series(desk, keys)
        assert counted == {**expected, **{f"outlet:{name}": n for name, n in outlets.items()}}
        per_actor = {actor: _signal_days(desk, actor) for actor in actors}
        assert per_actor == {
            actor: sum(n for key, n in expected.items() if key.split(":")[1] == actor) for actor in actors
        }
        mark = desk.store.load_state(ANALYSED_MARK)

    for _ in range(2):
        with open_desk(tmp_path / "desk.yaml") as desk:
            desk.poll_once(workers=0, source_ids=SOURCES)
            assert desk.store.load_state(ANALYSED_MARK) == mark
            assert _series(desk, keys) == counted, "a restart counts nothing twice"
            assert {actor: _signal_days(desk, actor) for actor in actors} == per_actor
