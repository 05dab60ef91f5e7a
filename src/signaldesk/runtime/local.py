"""The local runtime: one asyncio loop for I/O, a process pool for the CPU-bound stages.

The loop owns the fetcher and the store; extraction and analysis run in worker processes so
both cores are used. Each worker builds the desk's Analyzer once, from the desk file's
settings. `workers=0` runs both stages in the loop's own thread (tests, tiny desks).
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ..config import DeskConfig
from ..errors import SignaldeskError
from ..types import Analysis, Article

_analyzer: Any = None  # the worker's Analyzer, built once by _start_worker
log = logging.getLogger(__name__)


class WorkerDied(SignaldeskError):
    """A worker process ended in the middle of a call; the call failed, the next ones run."""

    code = "worker_died"


def _start_worker(config_json: str | None) -> None:
    """Workers leave Ctrl-C to the main process, which shuts them down in order."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _build_analyzer(config_json)


def _build_analyzer(config_json: str | None) -> None:
    global _analyzer
    if config_json is not None:
        from ..analyze.pipeline import Analyzer

        _analyzer = Analyzer(DeskConfig.model_validate_json(config_json))


def _extract(body: bytes, url: str, genre: str) -> Article:
    from ..ingest.extract import extract

    return extract(body, url, default_genre=genre)


def _analyze(items: Sequence[tuple[str, str, str, str, str | None, str]]) -> list[Analysis]:
    return [
        _analyzer.analyze(text, title=title, url=url, genre=genre, language=language, outlet=outlet)
        for text, title, url, genre, language, outlet in items
    ]


def _analyze_comments(texts: Sequence[str]) -> list[Any]:
    from ..analyze.comments import analyze_comment

    return [analyze_comment(_analyzer, text) for text in texts]


class LocalRuntime:
    def __init__(self, workers: int | None = None, config: DeskConfig | None = None) -> None:
        self.workers = (os.cpu_count() or 1) if workers is None else workers
        self.config_json = config.model_dump_json() if config is not None else None
        self._pool: Executor | None = None
        self.extracting = 0  # pages in extraction now (analysis lets these go first)

    def __enter__(self) -> LocalRuntime:
        if self.workers > 0:
            self._pool = self._new_pool()
        else:
            _build_analyzer(self.config_json)
        return self

    def _new_pool(self) -> ProcessPoolExecutor:
        import multiprocessing

        return ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(self.config_json,),
        )

    def __exit__(self, *exc: Any) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    async def _call(self, function: Any, *args: Any) -> Any:
        pool = self._pool
        if pool is None:
            return function(*args)
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, function, *args)
        except BrokenProcessPool:
            if self._pool is pool:  # the first call to see it replaces the pool; the others just fail
                log.error("a worker process died; starting the workers again")
                pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_pool()
            raise WorkerDied(
                "a worker process died while working on this (out of memory, or a crash in a parser); "
                "the workers were started again"
            ) from None

    async def extract(self, body: bytes, url: str, genre: str) -> Article:
        self.extracting += 1
        try:
            if self._pool is None:
                return _extract(body, url, genre)
            return await self._call(_extract, body, url, genre)
        finally:
            self.extracting -= 1

    async def analyze(self, items: Sequence[tuple[str, str, str, str, str | None, str]]) -> list[Analysis]:
        """Analyses of (text, title, url, genre, language, outlet) items, in order."""
        return await self._spread(_analyze, items, 4)

    async def analyze_comments(self, texts: Sequence[str]) -> list[Any]:
        """CommentAnalysis values for reader comments, in order."""
        return await self._spread(_analyze_comments, texts, 50)

    async def _spread(self, function: Any, items: Sequence[Any], least: int) -> list[Any]:
        """`function` over items, in chunks of at least `least` shared among the workers, in order."""
        if not items:
            return []
        parts = max(1, min(self.workers, len(items) // least))
        size = -(-len(items) // parts)
        chunks = [list(items[i : i + size]) for i in range(0, len(items), size)]
        results = await asyncio.gather(*(self._call(function, chunk) for chunk in chunks))
        return [result for chunk in results for result in chunk]
