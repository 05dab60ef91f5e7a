"""Signal series, bursts and shifts on a synthetic stream in a SQLite file.

The stream is made here: one document every 3 minutes of stream time, busy in the New York
day and quiet at night; each document belongs to 1-2 of 5 watches, names 2 of 20 actors,
carries 1-2 of 8 frames and 2 signals by 8 speakers (some affiliated to institutions),
with a story among 200. Documents are stored first (not timed); the second half is fed to
`SignalTracker.observe` in batches of 100, each batch's analyses stored just before it (not
timed), as the monitor does.

Figures: documents per second for the series update alone (pure increments + upserts, no
detection) and for `observe` (series + burst + shift detection), wall and CPU time of this
process; then the cost of `detect_shifts` on 100 and 1,000 signals and of `detect_burst`
on 28 days of hourly history.
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from signaldesk.config import parse_desk
from signaldesk.signals import storage
from signaldesk.signals.bursts import detect_burst
from signaldesk.signals.series import bucketed, document_amounts, document_moment, merge
from signaldesk.signals.shifts import Observation, detect_shifts
from signaldesk.signals.tracker import Observed, SignalTracker
from signaldesk.store import open_store
from signaldesk.types import Analysis, Article, FrameHit, Genre, Mention, Signal

ZONE = ZoneInfo("America/New_York")
T0 = datetime(2026, 1, 5, 5, tzinfo=UTC)
FRAMES = [
    "engagement",
    "pressure",
    "human-rights",
    "deterrence",
    "denuclearization",
    "humanitarian",
    "alliance",
    "corvale",
]
INSTITUTIONS = ["state-department", "white-house", "kdr-mfa", "treasury"]
PEOPLE = {
    "spokes-a": "state-department",
    "spokes-b": "white-house",
    "minister": "kdr-mfa",
    "envoy": "state-department",
}
ACTORS = INSTITUTIONS + list(PEOPLE) + [f"extra-{i}" for i in range(12)]
DIRECTIONS = ["softening", "hardening", "neutral"]


def _desk() -> str:
    lines = ["desk: {name: Bench, timezone: America/New_York}", "actors:"]
    lines += [f"  - {{id: {a}, name: {a}, kind: institution}}" for a in INSTITUTIONS]
    lines += [f"  - {{id: {p}, name: {p}, affiliation: {i}}}" for p, i in PEOPLE.items()]
    lines += [f"  - {{id: extra-{i}, name: extra {i}}}" for i in range(12)]
    lines += ["frames:"] + [f"  - {{id: {f}, name: {f}}}" for f in FRAMES]
    return "\n".join(lines) + "\n"


def _stream(count: int, rng: random.Random) -> list[tuple[datetime, Analysis, tuple[str, ...], int]]:
    items = []
    moment = T0
    for _ in range(count):
        moment += timedelta(minutes=3 if 8 <= moment.astimezone(ZONE).hour < 20 else 15)
        speakers = rng.sample(list(PEOPLE) + INSTITUTIONS, 2)
        signals = tuple(
            Signal(
                s,
                rng.choice(FRAMES),
                rng.choice(DIRECTIONS),
                rng.choice([0.3, 0.7, 1.0]),
                40 * i,
                40 * i + 20,
                "quoted words",
            )
            for i, s in enumerate(speakers)
        )
        analysis = Analysis(
            language="en",
            genre=Genre.NEWS,
            tone=rng.uniform(-1, 1),
            entities=tuple(Mention(a, 0, 5, "institution", a) for a in rng.sample(ACTORS, 2)),
            frames=tuple(FrameHit(f, 0, 10) for f in rng.sample(FRAMES, rng.randint(1, 2))),
            signals=signals,
        )
        watches = tuple(
            rng.sample(["talks", "sanctions", "corvale", "rights", "missiles"], rng.randint(1, 2))
        )
        items.append((moment, analysis, watches, rng.randrange(200)))
    return items


def run(quick: bool = False) -> dict[str, Any]:
    rng = random.Random(5)
    documents = 1_000 if quick else 5_000
    config = parse_desk(_desk())
    stream = _stream(documents, rng)
    result: dict[str, Any] = {"documents": documents}
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "bench.db")
        items = []
        for number, (moment, analysis, watches, story) in enumerate(stream):
            article = Article(
                url=f"https://wire.example/{number}",
                canonical_url=f"https://wire.example/{number}",
                title=f"Item {number}",
                text="Text.",
                published=moment,
                genre=Genre.NEWS,
            )
            document = store.upsert_article(
                article, outlet=f"Outlet {number % 7}", source_id=None, seen_at=moment
            ).document
            items.append(Observed(document, analysis, watches, story))
        affiliations = {a.id: a.affiliation for a in config.actors}
        half = len(items) // 2
        for item in items[:half]:
            store.save_analysis(item.document.id, item.analysis)

        wall, cpu = time.perf_counter(), time.process_time()
        for start in range(0, half, 100):
            batch = items[start : start + 100]
            increments = []
            records = []
            for item in batch:
                amounts = document_amounts(
                    item.document, item.analysis, item.watches, item.story_id, affiliations
                )
                moment = document_moment(item.document)
                increments += bucketed(moment, amounts)
                records.append(storage.Counted(item.document.id, moment, amounts))
            storage.apply(store.engine, merge(increments), records, T0)  # type: ignore[attr-defined]
        result["series_docs_per_s"] = round(half / (time.perf_counter() - wall), 1)
        result["series_docs_per_cpu_s"] = round(half / (time.process_time() - cpu), 1)

        tracker = SignalTracker(config, store)
        events = 0
        wall = cpu = 0.0
        for start in range(half, len(items), 100):
            batch = items[start : start + 100]
            for item in batch:  # as the monitor does: the analyses are stored, then observed
                store.save_analysis(item.document.id, item.analysis)
            started, started_cpu = time.perf_counter(), time.process_time()
            events += len(tracker.observe(batch))
            wall += time.perf_counter() - started
            cpu += time.process_time() - started_cpu
        rest = len(items) - half
        result["observe_docs_per_s"] = round(rest / wall, 1)
        result["observe_docs_per_cpu_s"] = round(rest / cpu, 1)
        result["observe_ms_per_batch_of_100"] = round(100_000 / result["observe_docs_per_s"], 1)
        result["events"] = events
        store.close()

    for size in (100, 1000):
        observations = [
            Observation(
                T0 + timedelta(hours=i), "hardening" if i < size // 2 else rng.choice(DIRECTIONS), 0.7, i, 0
            )
            for i in range(size)
        ]
        started = time.perf_counter()
        repeats = 20 if size == 100 else 3
        for _ in range(repeats):
            detect_shifts(observations)
        result[f"shift_ms_{size}_signals"] = round((time.perf_counter() - started) / repeats * 1000, 2)

    history = {T0 + timedelta(hours=h): rng.randint(0, 6) for h in range(28 * 24)}
    target = T0 + timedelta(hours=28 * 24)
    history[target] = 30
    started = time.perf_counter()
    for _ in range(50):
        detect_burst("watch:talks", history, target, ZONE)
    result["burst_ms_per_series_hour"] = round((time.perf_counter() - started) / 50 * 1000, 3)
    return result


if __name__ == "__main__":
    print(run(quick=True))
