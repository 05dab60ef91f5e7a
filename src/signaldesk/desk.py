"""The Desk facade: the one front door of the library. CLI, API and dashboard call only this."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import config as cfg
from .desk_accounts import DeskAccounts
from .desk_settings import DeskSettings, file_stamp
from .errors import NotFoundError, UsageError
from .store import Hit, PollOutcome, Revision, Store, StoryRow, open_store
from .types import Document, Quote, SourceHealth, Stored, now

if TYPE_CHECKING:
    from .alerts.history import AlertEntry
    from .alerts.trial import RuleTest
    from .briefs.model import Brief
    from .briefs.window import Window
    from .signals.tracker import ActorSignals
    from .store.records import AlertRow, BriefRow, Facets, SearchPage, Total
    from .stories.report import StoryReport
    from .web.reads import Marks


Listener = Callable[[Sequence[Stored]], None]
Progress = Callable[[str, PollOutcome, int], None]


class Desk(DeskSettings, DeskAccounts):
    """A desk: its configuration, its store, and what can be done with them."""

    def __init__(self, config: cfg.DeskConfig, store: Store, root: Path, path: Path | None = None) -> None:
        self.config = config
        self.store = store
        self.root = root
        self.path = path
        self._listeners: list[Listener] = []
        self._stamp = file_stamp(path)
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
        """Give listeners a batch of new or changed documents (the monitor passes only those)."""
        for listener in self._listeners:
            listener(batch)

    # -- sources -----------------------------------------------------------------

    @property
    def sources(self) -> tuple[cfg.Source, ...]:
        return self.config.sources

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
            monitor.current = self.current_settings  # edits apply to the rounds and batches that follow
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
        """Documents matching `query` (the query language), newest published first."""
        match, where = self._split(query, since, until)
        return self.store.search(where, limit=limit, offset=offset, match=match)

    def count(self, query: str = "", *, since: datetime | None = None, until: datetime | None = None) -> int:
        """How many documents match, exactly (reads every match; `total` stops at a cap)."""
        match, where = self._split(query, since, until)
        return self.store.count(where, match=match)

    def total(
        self,
        query: str = "",
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        cap: int | None = None,
    ) -> Total:
        """How many documents match: exact up to `cap` (10,000 by default), else flagged approximate."""
        match, where = self._split(query, since, until)
        return self.store.total(where, match=match, cap=cap)

    def search_page(
        self,
        query: str = "",
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> SearchPage:
        """What the search page and API show, in one pass: hits newest published first, the
        total (exact up to 10,000) and facets (over the newest 5,000 matches)."""
        match, where = self._split(query, since, until)
        return self.store.search_page(where, match=match, limit=limit, offset=offset)

    def _split(self, query: str, since: datetime | None, until: datetime | None) -> tuple[str | None, Any]:
        """The query's top-level full-text part (an FTS5 string or None) and the condition for the rest."""
        from sqlalchemy import and_

        clauses = [] if since is None and until is None else [self.store.time_filter(since, until)]
        match = None
        if query.strip():
            from .analyze.query import parse
            from .store.sqlite_query import split_query

            compiled = split_query(parse(query), self.store)  # type: ignore[arg-type]
            match = compiled.match
            clauses += [] if compiled.where is None else [compiled.where]
        return match, and_(*clauses) if clauses else None

    def _where(self, query: str, since: datetime | None, until: datetime | None) -> Any:
        """The whole query as one condition, for reads that take a single where clause."""
        from sqlalchemy import and_

        match, where = self._split(query, since, until)
        clauses = [self.store.time_filter(None, None)]
        clauses += [] if match is None else [self.store.fts_clause(match)]
        clauses += [] if where is None else [where]
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

    def readers(
        self, query: str = "", *, since: datetime | None = None, until: datetime | None = None
    ) -> ReaderReactions:
        """What readers said under the documents matching `query` (a watch's query, an author:
        for a columnist): how many comments, their mean tone, the frames they argue in, and the
        most-discussed documents. Commenters' handles are not part of it."""
        from collections import Counter

        ids = [doc.id for doc in self.documents(query, since=since, until=until)]
        comments = self.store.comments_in(ids)
        tones = [c.tone for c in comments if c.tone is not None]
        per_document = Counter(c.document_id for c in comments)
        frames = Counter(f"{frame}:{direction}" for c in comments for frame, direction in c.frames)
        return ReaderReactions(
            documents=len(ids),
            comments=len(comments),
            tone=round(sum(tones) / len(tones), 3) if tones else None,
            frames=tuple(frames.most_common(10)),
            most_discussed=tuple(per_document.most_common(5)),
        )

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

    # -- dashboard and API ----------------------------------------------------------

    def facets(
        self,
        query: str = "",
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 10,
        sample: int | None = None,
    ) -> Facets:
        """Counts of matching documents by outlet, genre, language, actor and frame, over the
        newest `sample` matches (5,000 by default); `exact` says whether that was every match."""
        match, where = self._split(query, since, until)
        return self.store.facets(where, match=match, limit=limit, sample=sample)

    def volume(self, *, since: datetime | None = None) -> dict[str, list[tuple[date, int]]]:
        """Documents per day for each watch (by its name), since `since`."""
        from .web.reads import watch_volume

        kept = watch_volume(self.store, {w.id: w.name for w in self.config.watches}, since)
        if kept is not None:
            return kept
        return {
            w.name: self.store.daily_counts(self._where(w.query, since, None)) for w in self.config.watches
        }

    def newer_documents(self, after_id: int, limit: int = 50) -> list[Document]:
        """Documents stored after `after_id`, oldest first (for live updates)."""
        return self.store.documents_by_id(self.store.newer_ids(after_id, limit))

    def latest_document_id(self) -> int:
        return self.store.latest_id()

    def marks(self, document_id: int) -> Marks:
        """Entities, quotes and frames of one document, as character offsets into its text."""
        from .web.reads import marks

        self.store.document(document_id)
        return marks(self.store, document_id)

    def actor_quotes(self, actor_id: str, limit: int = 100) -> list[tuple[Document, Quote]]:
        """What an actor was quoted saying, newest first."""
        from .web.reads import actor_quotes

        if actor_id not in {a.id for a in self.config.actors}:
            raise NotFoundError(f"no actor with id '{actor_id}' in this desk")
        return actor_quotes(self.store, actor_id, limit)

    def recent_alerts(self, *, limit: int = 50, offset: int = 0) -> tuple[list[AlertRow], int]:
        """Stored alerts, newest first, and how many there are."""
        records, total = self.store.alert_rows(limit, offset)
        return [record.row for record in records], total

    def stored_briefs(self, *, limit: int = 50, offset: int = 0) -> tuple[list[BriefRow], int]:
        """Stored briefs, newest first, and how many there are."""
        return self.store.brief_rows(limit, offset)

    def stored_brief_data(self, brief_id: int) -> str:
        """The JSON a stored brief was recorded with."""
        found = self.store.brief_data(brief_id)
        if found is None:
            raise NotFoundError(f"no brief with id {brief_id}")
        return found

    def original(self, document_id: int) -> bytes:
        """The archived response body a document was extracted from."""
        from .ingest.archive import Archive

        document = self.store.document(document_id)
        if document.warc is None:
            raise NotFoundError(f"document {document_id} has no archived original")
        return Archive(self.archive_folder).read(document.warc)

    # -- signals --------------------------------------------------------------------

    def actor_signals(
        self,
        actor_id: str,
        *,
        frame: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> ActorSignals:
        """An actor's policy-signal index per frame (a value a day, +1 softening, -1 hardening)
        and the shifts detected in it, with the quotes that moved them."""
        from .signals.tracker import ActorSignals, SignalTracker

        frames = [f.id for f in self.config.frames]
        _known("actor", actor_id, [a.id for a in self.config.actors])
        if frame is not None:
            _known("frame", frame, frames)
        tracker = SignalTracker(self.config, self.store)
        indexes = {f: tracker.index(actor_id, f, since, until) for f in ([frame] if frame else frames)}
        return ActorSignals(
            actor_id,
            {f: days for f, days in indexes.items() if days},
            tuple(tracker.shifts(actor_id, frame, since, until)),
        )

    # -- briefs ---------------------------------------------------------------------

    def shift_window(self, which: str = "latest", now: datetime | None = None) -> Window:
        """The latest finished shift (or the latest of the shift named `which`) by `now`."""
        from .briefs.window import latest_shift
        from .types import now as utc_now

        return latest_shift(self.config.shifts, self.config.zone, now or utc_now(), which)

    def brief(
        self,
        start: datetime,
        end: datetime,
        *,
        previous: Window | None = None,
        label: str = "",
        narrative: bool | None = None,
    ) -> Brief:
        """The brief of [start, end), compared with `previous` (default: the window before it of
        equal length); unresolved citations are listed in `Brief.problems`. With `narrative`
        (default: when the desk file sets `brief.narrative`) a model drafts a cited paragraph
        per section; what it could not do is listed in `Brief.narrative_problems`."""
        from .briefs.builder import build
        from .briefs.window import span

        settings = self.config.brief.narrative
        if narrative and settings is None:
            raise UsageError("a narrative needs brief.narrative (endpoint and model) in the desk file")
        window = span(start, end, label)
        brief = build(self.config, self.store, window, previous=previous, archive=self.archive_folder)
        if settings is not None and narrative is not False:
            from .briefs.narrative import narrate

            brief = narrate(brief, settings)
        return brief

    def record_brief(self, brief: Brief) -> int:
        """Keep the brief in the store's briefs table; returns its id."""
        from .briefs.load import to_record

        return self.store.record_brief(to_record(brief))

    def stored_brief(self, brief_id: int) -> Brief:
        """A kept brief, as it was written."""
        from .briefs.load import loads

        found = self.store.brief_data(brief_id)
        if found is None:
            raise NotFoundError(f"no kept brief with id {brief_id}")
        return loads(found)

    # -- alert rules ------------------------------------------------------------------

    def test_rule(self, rule: Mapping[str, Any] | cfg.Rule, *, days: float = 7, limit: int = 50) -> RuleTest:
        """What `rule` would have fired over the last `days` of stored documents, stories and
        signals, checked like the desk file; nothing is stored or sent."""
        from .alerts.trial import check_rule, evaluate, replay

        if not 0 < days <= 90:
            raise UsageError(f"a rule is tested over 0 to 90 days, not {days:g}")
        compiled = check_rule(self.config, rule)
        until = now()
        since = until - timedelta(days=days)
        events, truncated = replay(self.config, self.store, compiled.kind, since, until)
        return evaluate(compiled, events, self.config.zone, since, until, limit, truncated)

    def alert_history(self, *, limit: int = 50, offset: int = 0) -> tuple[list[AlertEntry], int]:
        """Stored alerts, newest first, with delivery status and latency; and how many there are."""
        from .alerts.history import entries

        records, total = self.store.alert_rows(limit, offset)
        return entries(records), total

    def newer_alerts(self, after_id: int, limit: int = 50) -> list[AlertEntry]:
        """Alerts stored after `after_id`, oldest first (for live updates)."""
        from .alerts.history import entries

        return entries(self.store.alerts_after(after_id, limit))

    def latest_alert_id(self) -> int:
        return self.store.latest_alert_id()


def _known(kind: str, wanted: str, choices: Sequence[str]) -> None:
    """NotFoundError naming the closest id when `wanted` is not one of `choices`."""
    if wanted not in choices:
        raise NotFoundError(f"no {kind} '{wanted}' on this desk{cfg.suggest(wanted, sorted(choices))}")


@dataclass(frozen=True)
class ReaderReactions:
    documents: int
    comments: int
    tone: float | None
    frames: tuple[tuple[str, int], ...]
    most_discussed: tuple[tuple[int, int], ...]  # (document id, comments)


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
