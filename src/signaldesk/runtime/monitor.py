"""The monitor: polls sources as they fall due and takes WebSub pushes, on one asyncio loop.

It owns the fetcher, the archive, the poller and (when the desk enables WebSub) the callback
server; the Desk hands it the store and the function that passes new documents on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any

from .. import config as cfg
from ..store import PollOutcome, Store
from ..types import Stored, now

log = logging.getLogger(__name__)

Progress = Callable[[str, PollOutcome, int], None]
COMMENTS_ANALYSED = 100  # per document: the first comments of a long thread stand for it
HandOn = Callable[[Sequence[Stored]], None]


class Monitor:
    def __init__(
        self,
        config: cfg.DeskConfig,
        store: Store,
        archive: Path,
        hand_on: HandOn,
        progress: Progress | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.archive = archive
        self.hand_on = hand_on
        self.progress = progress
        self.sources = {source.id: source for source in config.sources}
        self.push_latencies: list[float] = []
        self.runtime: Any = None
        self.started = now()
        from .follow import FollowUp

        self.follow = FollowUp(config, store)
        self.alerts_fired = 0
        self.current: Callable[[], cfg.DeskConfig] = lambda: config

    def take_settings(self) -> None:
        """Use the desk's settings if they were edited since the last round or batch."""
        config = self.current()
        if config is not self.config:
            self.config = config
            self.sources = {source.id: source for source in config.sources}
            self.follow.reconfigure(config)

    @contextlib.asynccontextmanager
    async def _poller(self, extract: Any) -> AsyncIterator[Any]:
        from ..ingest.archive import Archive
        from ..ingest.fetcher import Fetcher
        from ..ingest.poller import SourcePoller

        self.archive.mkdir(parents=True, exist_ok=True)
        archive = Archive(self.archive)
        try:
            async with Fetcher(self.config.fetch, archive=archive) as fetcher:
                yield SourcePoller(self.store, fetcher, extract)
        finally:
            archive.close()

    async def poll(self, sources: Sequence[cfg.Source], runtime: Any) -> list[PollOutcome]:
        self.runtime = runtime
        async with self._poller(runtime.extract) as poller:
            return await self._round(poller, sources, None)

    async def run(self, stop: Callable[[], bool], runtime: Any, idle: float) -> None:
        self.runtime = runtime
        async with self._poller(runtime.extract) as poller, self._push(poller) as subscriber, self._deliver():
            briefs = self._briefs_made()
            while not stop():
                self.take_settings()
                await self._brief_if_due(briefs)
                due = [self.sources[sid] for sid in self.store.due_sources(now()) if sid in self.sources]
                if due:
                    await self._round(poller, due, subscriber)
                    continue
                upcoming = self.store.next_due()
                wait = idle if upcoming is None else (upcoming - now()).total_seconds()
                await asyncio.sleep(min(max(wait, 0.05), idle))

    async def _round(self, poller: Any, sources: Sequence[cfg.Source], subscriber: Any) -> list[PollOutcome]:
        limit = asyncio.Semaphore(self.config.fetch.concurrency)

        async def one(source: cfg.Source) -> PollOutcome:
            async with limit:
                report = await poller.poll(source)
            await self.process(report.stored)
            if self.progress:
                self.progress(source.id, report.outcome, sum(1 for s in report.stored if s.is_news))
            if subscriber is not None and report.hub:
                await subscriber.ensure(
                    source.id, report.hub, report.topic, allow_private=source.allow_private
                )
            return report.outcome

        return list(await asyncio.gather(*(one(source) for source in sources)))

    async def process(self, batch: Sequence[Stored]) -> None:
        """The one boundary after storing: analyse new or changed documents, then hand them on."""
        fresh = [item for item in batch if item.is_news]
        if not fresh:
            return
        self.take_settings()
        items = [
            (
                s.document.text,
                s.document.title,
                s.document.url,
                str(s.document.genre),
                None,
                s.document.outlet,
            )
            for s in fresh
        ]
        analyses: list[Any] = [None] * len(fresh)
        try:
            analyses = await self.runtime.analyze(items)
            for stored, analysis in zip(fresh, analyses, strict=True):
                self.store.save_analysis(stored.document.id, analysis)
        except Exception:  # an analysis bug must not lose the documents, which are stored already
            log.exception("analysis failed for a batch of %d documents", len(fresh))
        try:
            await self._analyze_comments([stored.document.id for stored in fresh])
        except Exception:
            log.exception("comment analysis failed for a batch of %d documents", len(fresh))
        self.alerts_fired += len(self.follow.handle(fresh, analyses))
        try:
            self.hand_on(fresh)
        except Exception:  # a listener's bug must not stop the monitor
            log.exception("a listener failed on a batch of %d documents", len(fresh))

    async def _analyze_comments(self, document_ids: list[int]) -> None:
        comments = []
        seen: dict[int, int] = {}
        for comment in self.store.comments_in(document_ids):
            seen[comment.document_id] = seen.get(comment.document_id, 0) + 1
            if comment.language is None and seen[comment.document_id] <= COMMENTS_ANALYSED:
                comments.append(comment)
        results = await self.runtime.analyze_comments([c.text for c in comments])
        self.store.save_comment_analyses(
            [
                (c.id, r.language, r.tone, {"frames": [list(f) for f in r.frames], "actors": list(r.actors)})
                for c, r in zip(comments, results, strict=True)
            ]
        )

    def _briefs_made(self) -> set[tuple[Any, Any]]:
        from ..briefs.record import recorded
        from ..store.times import from_db

        return {(from_db(start), from_db(end)) for _, start, end, _, _ in recorded(self.store, limit=50)}

    async def _brief_if_due(self, made: set[tuple[Any, Any]]) -> None:
        """At the end of each shift: build, record and send its brief (in a thread: PDF takes seconds)."""
        from ..briefs.schedule import due_window, produce_and_send

        window = due_window(self.config, now(), made, self.started)
        if window is None:
            return
        made.add((window.start, window.end))
        try:
            problems = await asyncio.to_thread(
                produce_and_send, self.config, self.store, self.archive, window
            )
        except Exception:
            log.exception("the brief of %s could not be made", window.label or window.start)
            return
        for problem in problems:
            log.warning("brief delivery: %s", problem)

    @contextlib.asynccontextmanager
    async def _deliver(self, every: float = 2.0) -> AsyncIterator[None]:
        """Send due alerts every few seconds while the monitor runs (when the desk has channels)."""
        if not self.config.channels:
            yield
            return
        from ..alerts.channels import Dispatcher

        dispatcher = Dispatcher(self.config, self.store)

        async def loop() -> None:
            while True:
                try:
                    await asyncio.to_thread(dispatcher.deliver_due)
                except Exception:
                    log.exception("alert delivery failed")
                await asyncio.sleep(every)

        sending = asyncio.create_task(loop())
        try:
            yield
        finally:
            sending.cancel()
            await asyncio.gather(sending, return_exceptions=True)
            await asyncio.to_thread(dispatcher.deliver_due)
            dispatcher.close()

    @contextlib.asynccontextmanager
    async def _push(self, poller: Any) -> AsyncIterator[Any]:
        """Serve the WebSub callback and ingest pushes while the monitor runs (when enabled)."""
        settings = self.config.websub
        if not settings.enabled:
            yield None
            return
        import uvicorn

        from ..ingest.websub import Subscriber
        from ..ingest.websub_app import Push, callback_app

        pushes: asyncio.Queue[Push] = asyncio.Queue()
        host, _, port = settings.listen.rpartition(":")
        server = uvicorn.Server(
            uvicorn.Config(
                callback_app(self.store, pushes),
                host=host,
                port=int(port),
                log_level="warning",
                lifespan="off",
                access_log=False,
            )
        )
        serving = asyncio.create_task(server.serve())
        taking = asyncio.create_task(self._take_pushes(poller, pushes))
        try:
            yield Subscriber(settings, self.store)
        finally:
            server.should_exit = True
            taking.cancel()
            await asyncio.gather(serving, taking, return_exceptions=True)

    async def _take_pushes(self, poller: Any, pushes: asyncio.Queue[Any]) -> None:
        from ..errors import SignaldeskError
        from ..ingest.feeds import parse_feed

        while True:
            push = await pushes.get()
            source = self.sources.get(push.source_id)
            if source is None or not source.enabled:
                continue
            try:
                entries = parse_feed(push.body, source.url).entries
            except SignaldeskError as error:
                log.warning("pushed feed for %s is not usable: %s", source.id, error.message)
                continue
            fresh = self.store.unseen(source.id, entries)
            stored, problems = await poller.take(source, fresh, now())
            self.push_latencies.append(time.monotonic() - push.received)
            for problem in problems:
                log.warning("pushed item of %s failed: %s", source.id, problem)
            await self.process(stored)
