"""One poll of one source: fetch its listing, find the new entries, fetch and extract them, store.

Nothing here aborts a round for one bad source or page: a failure becomes the source's
`last_error` (what a user sees in `signaldesk sources status`) and the round carries on.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .. import config
from ..errors import FetchError, HTTPStatusError, SignaldeskError
from ..store import PollOutcome, Store
from ..types import Article, Entry, Page, Stored, now
from .schedule import next_interval, next_poll_at

log = logging.getLogger(__name__)

GENRE_OF_HINT = {"comments": "comment"}
GONE = (404, 410)
MAX_CHILD_SITEMAPS = 20
NOT_FOUND_TIMES = 3  # a feed answering 404 this many polls in a row is taken as gone


def is_gone(status: int | None, failures: int) -> bool:
    """410 says a feed is gone for good; 404 only after it keeps saying so."""
    return status == 410 or (status == 404 and failures >= NOT_FOUND_TIMES)


Extractor = Callable[[bytes, str, str], Awaitable[Article]]


@dataclass
class PollReport:
    """What a poll did, for progress display and the next stage."""

    outcome: PollOutcome
    stored: list[Stored] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    hub: str | None = None
    topic: str | None = None


class SourcePoller:
    """Polls sources with one fetcher, one store and one extractor (which may run in a process pool)."""

    def __init__(
        self, store: Store, fetcher: object, extractor: Extractor, *, page_concurrency: int = 8
    ) -> None:
        self.store = store
        self.fetcher = fetcher
        self.extractor = extractor
        self.pages = asyncio.Semaphore(page_concurrency)

    async def poll(self, source: config.Source) -> PollReport:
        """Poll one source; whatever goes wrong is recorded on the source, never raised."""
        try:
            return await self._poll(source)
        except Exception as error:  # a bug must cost one source one poll, not the round
            log.exception("polling %s failed", source.id)
            health = self.store.health(source.id)[0]
            failure = SignaldeskError(f"internal error while polling: {error!r}")
            return self._failed(source, now(), health.interval, health.consecutive_failures, failure)

    async def _poll(self, source: config.Source) -> PollReport:
        if source.kind == "api":
            return await self._poll_api(source)
        started = now()
        health = self.store.health(source.id)[0]
        clock = asyncio.get_running_loop().time()
        try:
            page = await self.fetcher.fetch(  # type: ignore[attr-defined]
                source.url,
                allow_private=source.allow_private,
                etag=health.etag,
                last_modified=health.last_modified,
            )
        except FetchError as error:
            return self._failed(source, started, health.interval, health.consecutive_failures, error)
        elapsed = asyncio.get_running_loop().time() - clock
        digest = hashlib.sha256(page.body).hexdigest() if not page.not_modified else health.content_hash
        if page.not_modified or digest == health.content_hash:
            status = "not_modified" if page.not_modified else "unchanged"
            outcome = self._outcome(
                source,
                started,
                health.interval,
                status,
                page,
                elapsed,
                digest=digest,
                items_per_day=health.items_per_day,
            )
            self.store.record_poll(outcome)
            return PollReport(outcome)
        try:
            entries, push = await self._entries(source, page)
        except SignaldeskError as error:
            return self._failed(source, started, health.interval, health.consecutive_failures, error)
        fresh = self.store.unseen(source.id, entries)
        report = PollReport(
            self._outcome(
                source,
                started,
                health.interval,
                "ok",
                page,
                elapsed,
                digest=digest,
                entries=len(entries),
                new=len(fresh),
                items_per_day=health.items_per_day,
            ),
            hub=push[0] if push else None,
            topic=push[1] if push else None,
        )
        report.stored, report.page_errors = await self.take(source, fresh, started)
        if report.page_errors:
            report.outcome = _with_error(
                report.outcome, f"{len(report.page_errors)} page(s) failed: {report.page_errors[0]}"
            )
        self.store.record_poll(report.outcome)
        return report

    async def _poll_api(self, source: config.Source) -> PollReport:
        """Poll a source of kind 'api' with its connector: articles it reads are stored as
        they are, entries go through `take`; the limit and quota go in the poll's notes."""
        from .connectors import run_source

        started = now()
        health = self.store.health(source.id)[0]
        clock = asyncio.get_running_loop().time()
        try:
            connector, found = await run_source(
                source,
                self.fetcher.fetch,  # type: ignore[attr-defined]
                owner=self,
                since=health.last_success,
            )
        except SignaldeskError as error:
            return self._failed(source, started, health.interval, health.consecutive_failures, error)
        stored = [
            self.store.upsert_article(article, outlet=source.outlet, source_id=source.id, seen_at=now())
            for article in found.articles
        ]
        taken, errors = await self.take(source, self.store.unseen(source.id, found.entries), started)
        stored += taken
        new = sum(1 for item in stored if item.is_news)
        wait = found.quota.reset if found.quota and found.quota.remaining == 0 else None
        interval = next_interval(
            health.interval, source.poll, new_items=new, items_per_day=health.items_per_day, retry_after=wait
        )
        outcome = PollOutcome(
            source_id=source.id,
            started_at=started,
            status="ok",
            http_status=found.http_status,
            next_poll_at=next_poll_at(started, interval),
            interval=interval,
            entries=len(found.articles) + len(found.entries),
            new_entries=new,
            elapsed=asyncio.get_running_loop().time() - clock,
            error=found.notes(connector)
            if found.errors or found.capped or (found.quota and found.quota.low)
            else "",
            notes=found.notes(connector),
        )
        self.store.record_poll(outcome)
        return PollReport(outcome, stored=stored, page_errors=[*found.errors, *errors])

    async def take(
        self, source: config.Source, entries: Sequence[Entry], moment: datetime
    ) -> tuple[list[Stored], list[str]]:
        """Fetch, extract and store new entries (from a poll or a push); returns what was stored
        and why pages failed. An entry whose page failed stays unseen so a later poll retries it."""
        results = await asyncio.gather(*(self._article(source, entry) for entry in entries))
        stored: list[Stored] = []
        errors: list[str] = []
        done: list[Entry] = []
        for entry, result in zip(entries, results, strict=True):
            if isinstance(result, str):
                errors.append(result)
                if not result.startswith("gone"):
                    continue
            elif result is not None:
                stored.append(result)
            done.append(entry)
        self.store.mark_seen(source.id, done, moment)
        return stored, errors

    async def revisit(self, pages: Sequence[tuple[config.Source, Entry]]) -> list[Stored | str | None]:
        """Fetch and store known pages again (comments added since, corrections); for each page
        what was stored, or why it failed. The entry carries what the page's first listing said."""
        return list(await asyncio.gather(*(self._article(source, entry) for source, entry in pages)))

    async def _entries(
        self, source: config.Source, page: Page
    ) -> tuple[Sequence[Entry], tuple[str, str] | None]:
        """The entries a source's listing names, and the WebSub (hub, topic) a feed announces."""
        if source.kind == "sitemap":
            from .sitemaps import parse_sitemap

            sitemap = parse_sitemap(page.body, page.final_url)
            entries = list(sitemap.entries)
            for child in sitemap.children[:MAX_CHILD_SITEMAPS]:
                child_page = await self.fetcher.fetch(child, allow_private=source.allow_private)  # type: ignore[attr-defined]
                entries.extend(parse_sitemap(child_page.body, child_page.final_url).entries)
            return entries, None
        if source.kind == "listing":
            from .listings import parse_listing

            listing = source.listing or config.Listing()
            return parse_listing(
                page.body, page.final_url, selector=listing.selector, pattern=listing.pattern
            ), None
        from .feeds import parse_feed

        feed = parse_feed(page.body, page.final_url, charset=_charset(page))
        return feed.entries, (feed.hub, feed.self_url or source.url) if feed.hub else None

    async def _article(self, source: config.Source, entry: Entry) -> Stored | str | None:
        """Fetch, extract and store one entry; a string says why it failed."""
        async with self.pages:
            try:
                page = await self.fetcher.fetch(entry.url, allow_private=source.allow_private)  # type: ignore[attr-defined]
                hint = GENRE_OF_HINT.get(source.genre, source.genre)
                article = await self.extractor(page.body, page.final_url, hint)
            except HTTPStatusError as error:
                return (
                    f"gone: {entry.url}: {error.message}"
                    if error.status in GONE
                    else f"{entry.url}: {error.message}"
                )
            except SignaldeskError as error:
                return f"{entry.url}: {error.message}"
            except Exception as error:  # an extractor bug must not stop the round
                log.exception("extraction failed for %s", entry.url)
                return f"{entry.url}: extraction failed: {error!r}"
        article = _fill_from_entry(article, entry, source)
        return self.store.upsert_article(
            article, outlet=source.outlet, source_id=source.id, seen_at=now(), warc=page.warc
        )

    def _outcome(
        self,
        source: config.Source,
        started: datetime,
        previous: float | None,
        status: str,
        page: Page,
        elapsed: float,
        *,
        digest: str | None,
        entries: int = 0,
        new: int = 0,
        items_per_day: float = 0.0,
    ) -> PollOutcome:
        interval = next_interval(previous, source.poll, new_items=new, items_per_day=items_per_day)
        return PollOutcome(
            source_id=source.id,
            started_at=started,
            status=status,
            http_status=page.status,
            next_poll_at=next_poll_at(started, interval),
            interval=interval,
            entries=entries,
            new_entries=new,
            elapsed=elapsed,
            etag=page.etag,
            last_modified=page.last_modified,
            content_hash=digest,
        )

    def _failed(
        self,
        source: config.Source,
        started: datetime,
        previous: float | None,
        failures: int,
        error: SignaldeskError,
    ) -> PollReport:
        status = getattr(error, "status", None)
        retry_after = getattr(error, "retry_after", None)
        interval = next_interval(
            previous, source.poll, new_items=0, failures=failures + 1, retry_after=retry_after
        )
        outcome = PollOutcome(
            source_id=source.id,
            started_at=started,
            status="gone" if is_gone(status, failures + 1) else "error",
            http_status=status,
            next_poll_at=next_poll_at(started, interval),
            interval=interval,
            error=f"{type(error).__name__}: {error.message}",
        )
        self.store.record_poll(outcome)
        return PollReport(outcome)


def _charset(page: Page) -> str | None:
    """The charset the Content-Type header names, if any."""
    for part in page.headers.get("content-type", "").split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            return value.strip('"').strip()
    return None


def _with_error(outcome: PollOutcome, error: str) -> PollOutcome:
    from dataclasses import replace

    return replace(outcome, error=error)


def _fill_from_entry(article: Article, entry: Entry, source: config.Source) -> Article:
    """What the page did not say, the feed entry or the source may."""
    from dataclasses import replace

    changes: dict[str, Any] = {}
    if not article.title and entry.title:
        changes["title"] = entry.title
    if article.published is None and entry.published is not None:
        changes["published"] = entry.published
    if not article.authors and entry.authors:
        changes["authors"] = entry.authors
    if not article.language:
        changes["language"] = entry.language or source.language
    if not article.section and source.section:
        changes["section"] = source.section
    return replace(article, **changes) if changes else article
