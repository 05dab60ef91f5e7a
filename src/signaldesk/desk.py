"""The Desk facade: the one front door of the library. CLI, API and dashboard call only this."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import config as cfg
from .errors import NotFoundError, UsageError
from .store import Hit, PollOutcome, Revision, Store, StoryRow, open_store
from .types import Document, SourceHealth, Stored

if TYPE_CHECKING:
    from .stories.report import StoryReport

log = logging.getLogger(__name__)

Listener = Callable[[Sequence[Stored]], None]
Progress = Callable[[str, PollOutcome, int], None]


class Desk:
    """A desk: its configuration, its store, and what can be done with them."""

    def __init__(self, config: cfg.DeskConfig, store: Store, root: Path, path: Path | None = None) -> None:
        self.config = config
        self.store = store
        self.root = root
        self.path = path
        self._listeners: list[Listener] = []
        store.sync_sources(config.sources)

    @classmethod
    def open(cls, desk: str | Path | cfg.DeskConfig, *, store: Store | None = None) -> Desk:
        """Open a desk from its desk file (or an already loaded DeskConfig, rooted at the cwd)."""
        if isinstance(desk, cfg.DeskConfig):
            config, root, path = desk, Path.cwd(), None
        else:
            path = Path(desk)
            config = cfg.load_desk(path)
            root = path.resolve().parent
        location = config.desk.store
        if "://" not in location and location != ":memory:":
            location = str(_place(location, root))
        return cls(config, store or open_store(location), root, path)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- the pipeline boundary -------------------------------------------------

    def on_documents(self, listener: Listener) -> None:
        """Call `listener` with every batch of new or changed documents."""
        self._listeners.append(listener)

    def _hand_on(self, batch: Sequence[Stored]) -> None:
        fresh = [item for item in batch if item.is_news]
        if not fresh:
            return
        for listener in self._listeners:
            listener(fresh)

    # -- sources -----------------------------------------------------------------

    @property
    def sources(self) -> tuple[cfg.Source, ...]:
        return self.config.sources

    def source(self, source_id: str) -> cfg.Source:
        for source in self.config.sources:
            if source.id == source_id:
                return source
        raise NotFoundError(f"no source with id '{source_id}' in this desk")

    def health(self) -> list[SourceHealth]:
        return self.store.health()

    @property
    def archive_folder(self) -> Path:
        return _place(self.config.desk.archive, self.root)

    # -- ingestion -----------------------------------------------------------------

    def poll_once(
        self,
        *,
        progress: Progress | None = None,
        workers: int | None = None,
        source_ids: Sequence[str] | None = None,
    ) -> list[PollOutcome]:
        """Poll every enabled source (or those named) once, now."""
        sources = [s for s in self.config.sources if s.enabled and (not source_ids or s.id in source_ids)]
        return asyncio.run(self._with_runtime(workers, progress, lambda m, x: m.poll(sources, x)))

    def run(
        self,
        *,
        stop: Callable[[], bool] = lambda: False,
        progress: Progress | None = None,
        workers: int | None = None,
        idle: float = 1.0,
    ) -> None:
        """Poll sources as they fall due (and take WebSub pushes) until `stop()` says so, or Ctrl-C."""
        asyncio.run(self._with_runtime(workers, progress, lambda m, x: m.run(stop, x, idle)))

    async def _with_runtime(self, workers: int | None, progress: Progress | None, job: Any) -> Any:
        from .runtime.local import LocalRuntime
        from .runtime.monitor import Monitor

        with LocalRuntime(workers, self.config) as runtime:
            monitor = Monitor(self.config, self.store, self.archive_folder, self._hand_on, progress)
            return await job(monitor, runtime)

    # -- reading -------------------------------------------------------------------

    def search(
        self,
        query: str = "",
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> list[Hit]:
        """Documents matching `query` (the query language), newest first."""
        return self.store.search(self._where(query, since, until), limit=limit, offset=offset)

    def count(self, query: str = "", *, since: datetime | None = None, until: datetime | None = None) -> int:
        return self.store.count(self._where(query, since, until))

    def _where(self, query: str, since: datetime | None, until: datetime | None) -> Any:
        from sqlalchemy import and_

        clauses = [self.store.time_filter(since, until)]
        if query.strip():
            from .analyze.query import parse
            from .store.sqlite_query import to_sqlite

            clauses.append(to_sqlite(parse(query), self.store))  # type: ignore[arg-type]
        return and_(*clauses)

    def documents(
        self, query: str = "", *, since: datetime | None = None, until: datetime | None = None
    ) -> Iterator[Document]:
        return self.store.iter_documents(self._where(query, since, until))

    def document(self, document_id: int) -> Document:
        return self.store.document(document_id)

    def revisions(self, document_id: int) -> list[Revision]:
        return self.store.revisions(document_id)

    def stories(
        self, *, since: datetime | None = None, until: datetime | None = None, limit: int = 50
    ) -> list[StoryRow]:
        """Stories active in the window, most recently updated first."""
        return self.store.stories(since=since, until=until, limit=limit)

    def story(self, story_id: int) -> StoryReport:
        """One story: headline, summary, timeline, outlets, voices, tone and frames."""
        from .stories.report import story_report

        return story_report(self.store, story_id)

    def rebuild_stories(self, progress: Callable[[int], None] = lambda _: None) -> int:
        """Recompute every story from the stored documents; returns how many were placed."""
        from .stories.keeper import StoryKeeper

        return StoryKeeper(self.store).rebuild(progress)

    def actor_candidates(self, limit: int = 30) -> list[tuple[str, str, int]]:
        """People and organisations NER found that no actor covers and the desk has not ignored."""
        ignored = {name.casefold() for name in self.config.ignored_names}
        found = self.store.unknown_names(limit + len(ignored))
        return [row for row in found if row[0].casefold() not in ignored][:limit]

    def columnists(self, *, since: datetime | None = None, until: datetime | None = None) -> list[Columnist]:
        """Authors of opinion pieces, one per person across outlets, most prolific first."""
        from .ingest.bylines import byline_key

        people: dict[str, Columnist] = {}
        for document in self.documents("genre:opinion", since=since, until=until):
            for author in document.authors:
                key = byline_key(author)
                if not key:
                    continue
                person = people.setdefault(key, Columnist(key, author))
                person.outlets.add(document.outlet)
                person.pieces.append(document.id)
                moment = document.published or document.first_seen
                person.latest = max(person.latest or moment, moment)
        return sorted(people.values(), key=lambda p: (-len(p.pieces), p.name))

    def stats(self) -> dict[str, Any]:
        return self.store.stats()

    def export(
        self,
        path: Path,
        *,
        fmt: str,
        query: str = "",
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> int:
        """Write matching documents to `path` as csv, jsonl or parquet; returns how many."""
        from .export import write

        if fmt not in ("csv", "jsonl", "parquet"):
            raise UsageError(f"unknown export format '{fmt}': use csv, jsonl or parquet")
        return write(self.documents(query, since=since, until=until), path, fmt)


@dataclass
class Columnist:
    """A columnist: one person across outlets, keyed by their normalised byline."""

    key: str
    name: str
    outlets: set[str] = field(default_factory=set)
    pieces: list[int] = field(default_factory=list)
    latest: datetime | None = None


def _place(location: str, root: Path) -> Path:
    """A path from the desk file, relative to the desk file's folder."""
    path = Path(location).expanduser()
    return path if path.is_absolute() else root / path
