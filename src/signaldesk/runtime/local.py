"""The local runtime: one asyncio loop for I/O, a process pool for extraction.

The loop owns the fetcher and the store; CPU-bound extraction runs in worker processes so
the two cores are both used. `workers=0` extracts in the loop's thread (tests, tiny desks).
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any

from ..types import Article


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the main process, which shuts them down in order."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _extract(body: bytes, url: str, genre: str) -> Article:
    from ..ingest.extract import extract

    return extract(body, url, default_genre=genre)


class LocalRuntime:
    def __init__(self, workers: int | None = None) -> None:
        self.workers = (os.cpu_count() or 1) if workers is None else workers
        self._pool: Executor | None = None

    def __enter__(self) -> LocalRuntime:
        if self.workers > 0:
            import multiprocessing

            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("spawn"), initializer=_ignore_interrupts
            )
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    async def extract(self, body: bytes, url: str, genre: str) -> Article:
        if self._pool is None:
            return _extract(body, url, genre)
        return await asyncio.get_running_loop().run_in_executor(self._pool, _extract, body, url, genre)
