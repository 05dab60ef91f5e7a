"""The monitor: polls sources as they fall due and takes WebSub pushes, on one asyncio loop.

It owns the fetcher, the archive, the poller and (when the desk enables WebSub) the callback
server; the Desk hands it the store and the function that passes new documents on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import config as cfg
from ..store import PollOutcome, Store
from ..types import Entry, Stored, now

if TYPE_CHECKING:
    from ..store.records import RevisitCandidate

log = logging.getLogger(__name__)

Progress = Callable[[str, PollOutcome, int], None]
COMMENTS_ANALYSED = 100  # per document: the first comments of a long thread stand for it
HandOn = Callable[[Sequence[Stored]], None]
ANALYSED_MARK = "analysis.done_through"  # desk state: the last revision row analysed and handed on
ANALYSIS_BATCH = 64  # versions analysed per batch (each batch moves the mark once)
DEFER_AT_MOST = 5.0  # seconds a batch of analysis waits for extraction to leave the workers
REVISITS_PER_ROUND = 50  # pages fetched again for their comment threads, at most, per look
REVISIT_EVERY = 30.0  # seconds between looks for pages due a revisit


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
        self._alerts_due: asyncio.Event | None = None  # wakes the sender when a batch fired alerts
        self._analysing = asyncio.Lock()
        self._wake: asyncio.Event | None = None
        self._stopping = False
        self._revisit_failed: dict[int, datetime] = {}  # page -> the revisit step that failed
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
        """One round: every page is stored and searchable as it comes; analysis follows the round."""
        self.runtime = runtime
        self._analysed_through()
        async with self._poller(runtime.extract) as poller:
            outcomes = await self._round(poller, sources, None)
            await self.revisit(poller)
        await self.analyse_stored()
        return outcomes

    async def run(self, stop: Callable[[], bool], runtime: Any, idle: float) -> None:
        self.runtime = runtime
        self._analysed_through()
        async with (
            self._poller(runtime.extract) as poller,
            self._push(poller) as subscriber,
            self._deliver(),
            self._analysis_stage(),
        ):
            briefs = self._briefs_made()
            looked = -REVISIT_EVERY
            while not stop():
                self.take_settings()
                await self._brief_if_due(briefs)
                due = [self.sources[sid] for sid in self.store.due_sources(now()) if sid in self.sources]
                if time.monotonic() - looked >= REVISIT_EVERY:
                    looked = time.monotonic()
                    await self.revisit(poller)
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
            self._stored(report.stored)
            if self.progress:
                self.progress(source.id, report.outcome, sum(1 for s in report.stored if s.is_news))
            if subscriber is not None and report.hub:
                await subscriber.ensure(
                    source.id, report.hub, report.topic, allow_private=source.allow_private
                )
            return report.outcome

        return list(await asyncio.gather(*(one(source) for source in sources)))

    async def revisit(self, poller: Any) -> int:
        """Fetch again the pages with comment threads that are due a revisit, oldest due first
        and at most REVISITS_PER_ROUND; new comments are stored (and analysed), a changed text
        becomes a revision. A failed revisit waits for the next step. Returns pages fetched."""
        from ..ingest.schedule import REVISIT_AFTER, revisit_due

        moment = now()
        window = REVISIT_AFTER[-1] + timedelta(hours=1)
        candidates = self.store.revisit_candidates(moment - window)
        due: list[tuple[datetime, RevisitCandidate, cfg.Source]] = []
        for page in candidates:
            source = self.sources.get(page.source_id)
            at = revisit_due(page.published, page.first_seen, page.last_seen, moment)
            if source is None or not source.enabled or at is None:
                continue
            if self._revisit_failed.get(page.document_id) != at:
                due.append((at, page, source))
        live = {page.document_id for page in candidates}
        self._revisit_failed = {k: v for k, v in self._revisit_failed.items() if k in live}
        due = sorted(due, key=lambda item: item[0])[:REVISITS_PER_ROUND]
        if not due:
            return 0
        known = {d.id: d for d in self.store.documents_by_id([page.document_id for _, page, _ in due])}
        pages = []
        for _, page, source in due:
            doc = known.get(page.document_id)
            entry = Entry(page.url) if doc is None else _entry_of(doc)
            pages.append((source, entry))
        results = await poller.revisit(pages)
        stored = [result for result in results if isinstance(result, Stored)]
        for (at, page, _), result in zip(due, results, strict=True):
            if isinstance(result, str):
                log.info("revisit of %s failed: %s", page.url, result)
                self._revisit_failed[page.document_id] = at
        self._stored(stored)
        unchanged = [item.document.id for item in stored if not item.is_news]
        if unchanged:
            try:
                await self._analyze_comments(unchanged)
            except Exception:
                log.exception("comment analysis failed for %d revisited pages", len(unchanged))
        return len(due)

    def _stored(self, batch: Sequence[Stored]) -> None:
        """New versions are in the store (and searchable): wake the analysis stage."""
        if self._wake is not None and any(item.is_news for item in batch):
            self._wake.set()

    def _analysed_through(self) -> int:
        mark = self.store.load_state(ANALYSED_MARK)
        if mark is None:  # a store from before the queue: what it holds was analysed as it came
            mark = self.store.last_revision_id()
            self.store.save_state(ANALYSED_MARK, mark)
        return int(mark)

    async def analyse_stored(self, quiet: Callable[[], Awaitable[None]] | None = None) -> int:
        """Analyse and hand on every version stored since the mark, oldest first, in batches.

        The mark moves after each batch, so after a restart the next run picks up what was
        stored but not yet analysed. `quiet` is awaited before each batch. Returns how many
        documents were handed on."""
        done = 0
        async with self._analysing:
            while not self._stopping:
                rows = self.store.revisions_after(self._analysed_through(), ANALYSIS_BATCH)
                if not rows:
                    break
                if quiet is not None:
                    await quiet()
                first: dict[int, int] = {}
                for _, document_id, revision in rows:
                    first[document_id] = min(revision, first.get(document_id, revision))
                order = {document_id: n for n, document_id in enumerate(first)}
                documents = sorted(self.store.documents_by_id(list(first)), key=lambda d: order[d.id])
                batch = [Stored(d, "new" if first[d.id] == 1 else "changed") for d in documents]
                await self.process(batch)
                self.store.save_state(ANALYSED_MARK, rows[-1][0])
                done += len(batch)
        return done

    async def _extraction_quiet(self) -> None:
        """Let extraction have the workers first (pages become searchable sooner), a few seconds at most."""
        deadline = time.monotonic() + DEFER_AT_MOST
        while getattr(self.runtime, "extracting", 0) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)

    @contextlib.asynccontextmanager
    async def _analysis_stage(self, stop_within: float = 60.0) -> AsyncIterator[None]:
        """Analyse stored versions in the background while the monitor polls."""
        wake = self._wake = asyncio.Event()
        wake.set()  # first, whatever an earlier run stored but did not analyse

        async def loop() -> None:
            while not self._stopping:
                await wake.wait()
                wake.clear()
                try:
                    await self.analyse_stored(self._extraction_quiet)
                except Exception:
                    log.exception("analysing stored documents failed")

        task = asyncio.create_task(loop())
        try:
            yield
        finally:
            self._stopping = True  # the batch under way finishes; the rest waits for the next run
            wake.set()
            await asyncio.wait([task], timeout=stop_within)
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            self._wake = None

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
        fired = self.follow.handle(fresh, analyses)  # alerts go out before the comments are read
        self.alerts_fired += len(fired)
        if fired and self._alerts_due is not None:
            self._alerts_due.set()
        try:
            await self._analyze_comments([stored.document.id for stored in fresh])
        except Exception:
            log.exception("comment analysis failed for a batch of %d documents", len(fresh))
        try:
            self.hand_on(fresh)
        except Exception:  # a listener's bug must not stop the monitor
            log.exception("a listener failed on a batch of %d documents", len(fresh))

    async def _analyze_comments(self, document_ids: list[int]) -> None:
        comments = self.store.comments_to_analyse(document_ids, COMMENTS_ANALYSED)
        results = await self.runtime.analyze_comments([text for _, text in comments])
        self.store.save_comment_analyses(
            [
                (cid, r.language, r.tone, {"frames": [list(f) for f in r.frames], "actors": list(r.actors)})
                for (cid, _), r in zip(comments, results, strict=True)
            ]
        )

    def _briefs_made(self) -> set[tuple[Any, Any]]:
        rows, _ = self.store.brief_rows(50, 0)
        return {(row.window_start, row.window_end) for row in rows}

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
        """Send due alerts as soon as a batch fires them, and every few seconds for retries,
        digests and held alerts (when the desk has channels)."""
        if not self.config.channels:
            yield
            return
        from ..alerts.channels import Dispatcher

        dispatcher = Dispatcher(self.config, self.store)
        due = self._alerts_due = asyncio.Event()

        async def loop() -> None:
            while True:
                due.clear()
                try:
                    await asyncio.to_thread(dispatcher.deliver_due)
                except Exception:
                    log.exception("alert delivery failed")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(due.wait(), every)

        sending = asyncio.create_task(loop())
        try:
            yield
        finally:
            sending.cancel()
            await asyncio.gather(sending, return_exceptions=True)
            self._alerts_due = None
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
            self._stored(stored)


def _entry_of(document: Any) -> Entry:
    """What the page's listing said, as stored, so a revisit fills the same gaps the same way."""
    return Entry(
        document.url,
        title=document.title,
        published=document.published,
        authors=document.authors,
        language=document.language,
    )
