"""The dashboard and API on a big embedded store: search with facets, and the overview page.

A temporary SQLite store is filled with synthetic documents by bulk inserts through
SQLAlchemy Core (1,000,000; quick mode 50,000): titles and short texts from a small
vocabulary, 12 outlets, 5 genres, one actor mention and one frame annotation each, spread
over 60 days, and the daily watch counters the signal tracker would keep. Filling is not timed.
The filled store is kept in the system's temporary folder (named by size, start day and
CORPUS_VERSION) and reused by later runs of the same day; delete it to rebuild.

Figures: p50/p95 of one search request's work (`Desk.search_page`: page of 20 hits + total
counted up to 10,000 + five facets over the newest 5,000 matches, as the dashboard and API
do them; wall and CPU time, and the median CPU time of each query) over
a fixed mix of queries, with the p95 of each of the three parts called on their own, and p50/p95 of rendering the overview page through the app (a
signed-in GET / via Starlette's TestClient, no network).
"""

from __future__ import annotations

import random
import secrets
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from signaldesk.config import parse_desk
from signaldesk.desk import Desk
from signaldesk.store import schema as t
from signaldesk.store.sqlite import SQLiteStore

TOPICAL = [
    "talks",
    "sanctions",
    "envoy",
    "summit",
    "missile",
    "launch",
    "aid",
    "flood",
    "border",
    "treaty",
    "freeze",
    "dialogue",
    "pressure",
    "minister",
    "statement",
    "briefing",
    "senate",
    "bill",
    "ally",
    "drill",
    "harbor",
    "framework",
    "agenda",
    "detainees",
    "rights",
    "negotiators",
    "weapons",
    "test",
    "relief",
    "humanitarian",
    "deterrence",
    "engagement",
    "offer",
    "proposal",
    "week",
]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "ti",
    "vo",
    "ba",
    "de",
    "fi",
    "go",
    "hu",
    "ja",
    "ke",
    "li",
    "mo",
    "nu",
    "pa",
    "re",
]
FILLER = sorted({a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES[:6]})[:2400]
WORDS = TOPICAL + FILLER
WEIGHTS = [1.0 / (rank + 8) for rank in range(len(WORDS))]  # Zipf-like: topical words are common
OUTLETS = [f"Outlet {i}" for i in range(12)]
GENRES = ["news", "news", "news", "opinion", "analysis", "official"]
FRAMES = ["engagement", "pressure", "humanitarian", "deterrence", "rights"]
ACTORS = [f"actor-{i}" for i in range(20)]
QUERIES = [
    "",
    "sanctions",
    "talks AND envoy",
    "frame:pressure",
    "actor:actor-3",
    'outlet:"Outlet 4"',
    "genre:opinion sanctions",
    '"humanitarian aid"',
]
DESK = """\
desk:
  name: Bench desk
  store: ":memory:"
watches:
  - {id: talks, name: Talks, query: "talks OR dialogue"}
  - {id: sanctions, name: Sanctions, query: "sanctions"}
  - {id: missiles, name: Missiles, query: "missile OR launch"}
"""
CORPUS_VERSION = 1  # raise when _fill changes, so a kept corpus is not reused
T0 = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=59)


def _fill(store: SQLiteStore, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    batch = 20_000
    for first in range(1, count + 1, batch):
        docs, mentions, notes = [], [], []
        for i in range(first, min(first + batch, count + 1)):
            moment = (T0 + timedelta(seconds=i * 60 * 60 * 24 * 60 / count)).isoformat(
                timespec="microseconds"
            )
            title = " ".join(rng.choices(WORDS, WEIGHTS, k=8))
            text = " ".join(rng.choices(WORDS, WEIGHTS, k=80))
            docs.append(
                {
                    "id": i,
                    "url_hash": f"{i:040x}",
                    "url": f"http://bench.test/{i}",
                    "canonical_url": f"http://bench.test/{i}",
                    "title": title,
                    "text": text,
                    "outlet": rng.choice(OUTLETS),
                    "genre": rng.choice(GENRES),
                    "language": "en",
                    "published": moment,
                    "first_seen": moment,
                    "last_seen": moment,
                    "content_hash": f"{i:040x}",
                }
            )
            mentions.append(
                {
                    "document_id": i,
                    "actor_id": rng.choice(ACTORS),
                    "text": "x",
                    "type": "PER",
                    "start": 0,
                    "end": 1,
                }
            )
            notes.append(
                {"document_id": i, "kind": "frame", "value": rng.choice(FRAMES), "start": 0, "end": 5}
            )
        with store.engine.begin() as db:
            db.execute(insert(t.documents), docs)
            db.execute(insert(t.mentions), mentions)
            db.execute(insert(t.annotations), notes)
    _fill_series(store, count)


def _fill_series(store: SQLiteStore, count: int) -> None:
    """Daily watch counters, as the signal tracker keeps them while documents arrive."""
    per_day = count // 60
    rows = [
        {
            "key": f"watch:{watch}",
            "resolution": "1d",
            "bucket": (T0 + timedelta(days=day)).isoformat(timespec="microseconds"),
            "count": per_day // share,
            "total": 0.0,
        }
        for day in range(60)
        for watch, share in (("talks", 3), ("sanctions", 4), ("missiles", 6))
    ]
    with store.engine.begin() as db:
        db.execute(insert(t.series), rows)


def corpus_path(count: int) -> Path:
    """Where the filled store of `count` documents is kept between runs."""
    folder = Path(tempfile.gettempdir()) / "signaldesk-bench-web"
    return folder / f"v{CORPUS_VERSION}-{count}-{T0:%Y%m%d}.db"


def _corpus(count: int) -> tuple[SQLiteStore, float]:
    """The kept store of `count` documents, filled first when missing; and the seconds filling took."""
    path = corpus_path(count)
    done = path.with_suffix(".done")
    if done.exists():
        return SQLiteStore(path), 0.0
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    store = SQLiteStore(path)
    started = time.perf_counter()
    _fill(store, count)
    seconds = time.perf_counter() - started
    done.touch()
    return store, seconds


def _percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run(quick: bool = False) -> dict[str, Any]:
    from starlette.testclient import TestClient

    from signaldesk.web.app import create_app

    count = 50_000 if quick else 1_000_000
    with tempfile.TemporaryDirectory() as folder:
        store, fill_seconds = _corpus(count)
        desk = Desk(parse_desk(DESK), store, Path(folder))
        search_times: list[float] = []
        search_cpu: list[float] = []
        parts: dict[str, list[float]] = {"hits": [], "total": [], "facets": []}
        for _ in range(3):
            for query in QUERIES:
                cpu = time.process_time()
                began = time.perf_counter()
                desk.search_page(query, limit=20)
                done = time.perf_counter()
                search_times.append(done - began)
                search_cpu.append(time.process_time() - cpu)
                # the three parts on their own, as the Desk offers them
                began = time.perf_counter()
                desk.search(query, limit=20)
                hits = time.perf_counter()
                desk.total(query)
                counted = time.perf_counter()
                desk.facets(query)
                parts["hits"].append(hits - began)
                parts["total"].append(counted - hits)
                parts["facets"].append(time.perf_counter() - counted)
        user = f"bench-{secrets.token_hex(4)}"
        password = desk.add_user(user, "viewer")
        overview_times: list[float] = []
        with TestClient(create_app(desk), base_url="http://127.0.0.1") as client:
            login = client.get("/login")
            token = login.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
            signed_in = client.post(
                "/login", data={"name": user, "password": password, "csrf": token}, follow_redirects=False
            )
            assert signed_in.status_code == 303, signed_in.status_code
            for _ in range(8):
                began = time.perf_counter()
                page = client.get("/", follow_redirects=False)
                overview_times.append(time.perf_counter() - began)
                assert page.status_code == 200 and "Latest documents" in page.text, page.status_code
        desk.close()
    search_p50, search_p95 = _percentiles(search_times)
    overview_p50, overview_p95 = _percentiles(overview_times)
    return {
        "documents": count,
        "fill_seconds": round(fill_seconds, 1),
        "search_facets_p50_ms": round(search_p50 * 1000, 1),
        "search_facets_p95_ms": round(search_p95 * 1000, 1),
        "search_facets_cpu_p95_ms": round(_percentiles(search_cpu)[1] * 1000, 1),
        **{
            f"search_cpu_ms[{query or '(empty)'}]": round(
                statistics.median(search_cpu[i :: len(QUERIES)]) * 1000, 1
            )
            for i, query in enumerate(QUERIES)
        },
        **{f"{name}_p95_ms": round(_percentiles(times)[1] * 1000, 1) for name, times in parts.items()},
        "overview_p50_ms": round(overview_p50 * 1000, 1),
        "overview_p95_ms": round(overview_p95 * 1000, 1),
    }


if __name__ == "__main__":
    print(run(quick=True))
