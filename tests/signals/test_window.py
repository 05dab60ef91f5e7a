"""The in-memory window of recent signals gives what the store holds, batch after batch."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from signaldesk.signals import storage
from signaldesk.signals.tracker import Observed, SignalTracker
from signaldesk.signals.window import SignalWindow
from signaldesk.store import open_store
from signaldesk.types import Analysis

from .helpers import analysis, article, config

START = datetime(2026, 2, 2, 5, tzinfo=UTC)
PAIRS = [
    f"{a}:{f}" for a in ("state-department", "spokesperson", "kdr-mfa") for f in ("engagement", "pressure")
]


def _analysis(rng: random.Random, lean: str) -> Analysis:
    picks = []
    for _ in range(rng.randint(1, 3)):
        actor = rng.choice(["state-department", "spokesperson", "kdr-mfa"])
        frame = rng.choice(["engagement", "pressure"])
        direction = lean if rng.random() < 0.7 else rng.choice(["softening", "hardening", "neutral"])
        picks.append((actor, frame, direction, rng.choice([0.3, 0.7, 1.0])))
    return analysis(*picks)


def _stream(seed: int, count: int) -> list[tuple[int, datetime, Analysis]]:
    """Documents every two hours over about 40 days; the lean turns every ten days. Some come
    late (published hours before the batch they arrive in), some again with a new analysis."""
    rng = random.Random(seed)
    found = []
    for n in range(count):
        at = START + timedelta(hours=2 * n)
        if rng.random() < 0.1:
            at -= timedelta(hours=rng.randint(3, 60))
        lean = ("softening", "hardening")[(at - START).days // 10 % 2]
        found.append((n % (count - 40) + 1 if n >= count - 20 else n + 1, at, _analysis(rng, lean)))
    return found


def _replay(
    tmp_path: Path, name: str, stream: list[tuple[int, datetime, Analysis]], fresh: bool, **window: Any
):
    store = open_store(tmp_path / f"{name}.db")
    clock = iter(START + timedelta(minutes=i) for i in range(100_000))
    tracker = SignalTracker(config(), store, clock=lambda: next(clock), burst_kinds=())
    tracker.window = SignalWindow(store.engine, **window)
    events = []
    documents: dict[int, Any] = {}
    for start in range(0, len(stream), 12):
        batch = []
        for number, at, found in stream[start : start + 12]:
            if number not in documents:
                documents[number] = store.upsert_article(
                    article(number, at), outlet="The Capital Ledger", source_id=None, seen_at=at
                ).document
            store.save_analysis(documents[number].id, found)
            batch.append(Observed(documents[number], found))
        if fresh:  # a new tracker each batch reads everything from the store, as after a restart
            tracker = SignalTracker(config(), store, clock=lambda: next(clock), burst_kinds=())
        events += [(e.key, e.direction, e.score, e.detail) for e in tracker.observe(batch)]
    reads = tracker.window.reads
    store.close()
    return events, reads


@pytest.mark.slow
def test_the_window_finds_the_same_shifts_as_reading_the_store_each_batch(tmp_path: Path) -> None:
    stream = _stream(7, 240)
    from_store, _ = _replay(tmp_path, "store", stream, fresh=True)
    kept, reads = _replay(tmp_path, "window", stream, fresh=False)
    small, _ = _replay(tmp_path, "small", stream, fresh=False, most_per_pair=40, most_pairs=2)
    assert from_store, "the stream has shifts to find"
    assert kept == from_store
    assert small == from_store
    assert reads < len(stream) // 12 // 2, "most batches find their pairs in the window"


def test_rows_follow_what_is_stored_and_older_requests(tmp_path: Path) -> None:
    store = open_store(tmp_path / "w.db")
    window = SignalWindow(store.engine, slack=timedelta(hours=6), most_per_pair=1_000)
    rng = random.Random(3)
    ids = []
    for n in range(1, 200):
        at = START + timedelta(hours=3 * n)
        document = store.upsert_article(article(n, at), outlet="Ledger", source_id=None, seen_at=at).document
        store.save_analysis(document.id, _analysis(rng, "softening"))
        ids.append(document.id)
        if n % 25 == 0:
            since = at - timedelta(days=rng.choice([2, 5, 20]))
            assert window.rows(PAIRS[:4], since) == storage.signals_of(store.engine, PAIRS[:4], since)
    changed = ids[-30]
    store.save_analysis(changed, analysis(("kdr-mfa", "pressure", "hardening", 1.0)))
    since = START
    assert window.rows(PAIRS, since) == storage.signals_of(store.engine, PAIRS, since)
    store.close()
