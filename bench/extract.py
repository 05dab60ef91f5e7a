"""Extraction throughput on the scrapinghub benchmark pages (../shared/eval).

Pages are read and decompressed first; only the `extract` calls are timed, one
process, one page after another. Reports pages/s and MB/s of HTML, and the
median and 95th-percentile time per page. `quick` uses the first 40 pages.
"""

from __future__ import annotations

import gzip
import statistics
import time
from pathlib import Path

EVAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "extraction" / "scrapinghub" / "html"


def _pages(limit: int | None) -> list[bytes]:
    if not EVAL.is_dir():
        raise SystemExit(f"benchmark pages not found at {EVAL.resolve()}")
    files = sorted(EVAL.glob("*.html.gz"))[:limit]
    return [gzip.decompress(f.read_bytes()) for f in files]


def run(quick: bool = False) -> dict[str, float | int | str]:
    from signaldesk.ingest.extract import extract

    pages = _pages(40 if quick else None)
    extract(pages[0], "https://bench.example/warm-up")
    times = []
    for n, html in enumerate(pages):
        start = time.perf_counter()
        extract(html, f"https://bench.example/page/{n}")
        times.append(time.perf_counter() - start)
    total = sum(times)
    megabytes = sum(len(p) for p in pages) / 1e6
    times.sort()
    return {
        "pages": len(pages),
        "pages_per_s": round(len(pages) / total, 2),
        "mb_per_s": round(megabytes / total, 3),
        "median_ms": round(statistics.median(times) * 1000, 1),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))] * 1000, 1),
        "html_mb": round(megabytes, 2),
    }
