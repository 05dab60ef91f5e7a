"""End-to-end ingest: poll -> fetch -> extract -> store + index, on the synthetic newsroom.

50 loopback hosts x 40 heavy pages (150-300 KB each), per-host gap 0, extraction in a pool
of one process per core. Reports articles/s from the start of the poll round to the last
article stored and indexed, and the peak RSS of the desk process and of its workers.
"""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path
from typing import Any


def _peak_rss_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def run(quick: bool = False) -> dict[str, Any]:
    from signaldesk import open_desk
    from signaldesk.demo import Newsroom

    hosts, pages = (10, 10) if quick else (50, 40)
    with (
        Newsroom.synthetic(hosts=hosts, pages_per_host=pages, page_kb=200) as room,
        tempfile.TemporaryDirectory() as folder,
    ):
        sources = "".join(
            f"  - {{id: {o.id}, outlet: {o.name}, url: '{o.feed_url}', allow_private: true}}\n"
            for o in room.outlets
        )
        desk_file = Path(folder) / "desk.yaml"
        desk_file.write_text(
            "desk: {name: Bench}\nfetch: {per_host_gap: 0, per_host_concurrency: 4, concurrency: 64, "
            "respect_robots: true}\nsources:\n" + sources,
            encoding="utf-8",
        )
        with open_desk(desk_file) as desk:
            start = time.perf_counter()
            outcomes = desk.poll_once()
            elapsed = time.perf_counter() - start
            stored = desk.count()
            indexed = desk.count("the")
            size = sum(p.stat().st_size for p in desk.archive_folder.glob("*.warc.gz"))
    own, children = _peak_rss_mb()
    return {
        "articles": stored,
        "indexed_with_the": indexed,
        "failed_sources": sum(o.failed for o in outcomes),
        "seconds": round(elapsed, 2),
        "articles_per_s": round(stored / elapsed, 1),
        "peak_rss_desk_mb": round(own, 1),
        "peak_rss_worker_mb": round(children, 1),
        "archive_mb": round(size / 1e6, 1),
    }
