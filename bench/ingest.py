"""End-to-end ingest: poll -> fetch -> extract -> store + index, on the synthetic newsroom.

50 loopback hosts x 40 heavy pages (150-300 KB each), per-host gap 0, extraction in a pool
of one process per core. The newsroom runs in its own process and makes its pages before
the clock starts, so that serving them (on the same two cores) costs only the sending.
Reports two rates from the start of the poll: to the last article stored and indexed
(searchable), and to the last article analysed and handed on; the CPU per article spent in
the desk process, in this run's workers and in the newsroom; and the peak RSS of the desk
process and of its workers.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import tempfile
import time
from pathlib import Path
from typing import Any


def _serve(hosts: int, pages: int, feeds: Any, stop: Any) -> None:
    from signaldesk.demo import Newsroom

    with Newsroom.synthetic(hosts=hosts, pages_per_host=pages, page_kb=200, prerender=True) as room:
        feeds.send([(o.id, o.name, o.feed_url) for o in room.outlets])
        stop.wait()


def _cpu_seconds(pid: int | None) -> float:
    """User + system CPU seconds of a live process (Linux /proc), 0.0 where unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_rss_mb(pid: int | None) -> float:
    """Peak resident memory of a live process in MB (Linux /proc), 0.0 where unknown."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    line = next((line for line in status.splitlines() if line.startswith("VmHWM:")), "VmHWM: 0 kB")
    return round(int(line.split()[1]) / 1024, 1)


def run(quick: bool = False) -> dict[str, Any]:
    from signaldesk import open_desk

    hosts, pages = (10, 10) if quick else (50, 40)
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    stop = context.Event()
    newsroom = context.Process(target=_serve, args=(hosts, pages, send, stop), daemon=True)
    newsroom.start()
    try:
        outlets = receive.recv()
        with tempfile.TemporaryDirectory() as folder:
            sources = "".join(
                f"  - {{id: {oid}, outlet: {name}, url: '{url}', allow_private: true}}\n"
                for oid, name, url in outlets
            )
            desk_file = Path(folder) / "desk.yaml"
            desk_file.write_text(
                "desk: {name: Bench}\nfetch: {per_host_gap: 0, per_host_concurrency: 4, concurrency: 64}\n"
                "sources:\n" + sources,
                encoding="utf-8",
            )
            with open_desk(desk_file) as desk:
                serving_before = _cpu_seconds(newsroom.pid)
                polled: list[tuple[float, float]] = []
                before = resource.getrusage(resource.RUSAGE_CHILDREN)  # earlier runs' processes
                cpu = time.process_time()
                start = time.perf_counter()
                outcomes = desk.poll_once(
                    progress=lambda *_: polled.append((time.perf_counter(), time.process_time()))
                )
                elapsed = time.perf_counter() - start
                desk_cpu = time.process_time() - cpu
                children = resource.getrusage(resource.RUSAGE_CHILDREN)
                stored_at, stored_cpu = max(polled)
                stored_at -= start
                stored_cpu -= cpu
                stored = desk.count()
                indexed = desk.count("the")
                size = sum(p.stat().st_size for p in desk.archive_folder.glob("*.warc.gz"))
                serving = _cpu_seconds(newsroom.pid) - serving_before
                newsroom_rss = _peak_rss_mb(newsroom.pid)
    finally:
        stop.set()
        newsroom.join(timeout=10)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "articles": stored,
        "indexed": indexed,
        "failed_sources": sum(o.failed for o in outcomes),
        "stored_seconds": round(stored_at, 2),
        "stored_per_s": round(stored / stored_at, 1),
        "analysed_seconds": round(elapsed, 2),
        "analysed_per_s": round(stored / elapsed, 1),
        "desk_cpu_ms_per_article": round(1000 * desk_cpu / max(stored, 1), 1),
        "desk_cpu_ms_per_article_to_stored": round(1000 * stored_cpu / max(stored, 1), 1),
        "worker_cpu_ms_per_article": round(
            1000
            * (children.ru_utime + children.ru_stime - before.ru_utime - before.ru_stime)
            / max(stored, 1),
            1,
        ),
        "newsroom_cpu_ms_per_article": round(1000 * serving / max(stored, 1), 1),
        "peak_rss_desk_mb": round(own, 1),
        "peak_rss_worker_mb": round(children.ru_maxrss / 1024, 1),  # with --runs > 1, also earlier newsrooms
        "peak_rss_newsroom_mb": newsroom_rss,
        "load_1min": round(os.getloadavg()[0], 2),
        "archive_mb": round(size / 1e6, 1),
    }
