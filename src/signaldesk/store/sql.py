"""The store over SQLAlchemy Core: everything that is the same on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import statistics
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Row, and_, delete, func, insert, select, update
from sqlalchemy.sql.elements import ColumnElement

from .. import config
from ..errors import NotFoundError
from ..types import Analysis, Article, Document, Entry, Genre, SourceHealth, Stored, WarcRef
from . import schema as t
from .records import Hit, PollOutcome, Revision, Subscription
from .times import from_db, offset_minutes, to_db

LATENCIES_KEPT = 25


def url_key(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()


def content_key(title: str, text: str) -> str:
    return hashlib.sha1(f"{title}\n{text}".encode()).hexdigest()


def diff_summary(old: str, new: str) -> str:
    """A one-line account of how a text changed, in words and paragraphs."""
    import difflib

    old_words, new_words = old.split(), new.split()
    added = removed = 0
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("replace", "delete"):
            removed += i2 - i1
        if op in ("replace", "insert"):
            added += j2 - j1
    old_paras = [p for p in old.split("\n") if p.strip()]
    new_paras = [p for p in new.split("\n") if p.strip()]
    changed = sum(1 for p in new_paras if p not in old_paras)
    return f"+{added} words, -{removed} words, {changed} paragraph(s) new or changed"


class SQLStore:
    """Documents, sources and their health, in any SQLAlchemy database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def close(self) -> None:
        self.engine.dispose()

    # -- sources ---------------------------------------------------------------

    def sync_sources(self, sources: Iterable[config.Source]) -> None:
        """Make the sources table list the desk's sources, keeping the health of known ones."""
        with self.engine.begin() as db:
            known = {row.id for row in db.execute(select(t.sources.c.id))}
            for source in sources:
                values = {
                    "outlet": source.outlet,
                    "url": source.url,
                    "kind": source.kind,
                    "genre": source.genre,
                    "enabled": source.enabled,
                    "config": source.model_dump_json(),
                }
                if source.id in known:
                    db.execute(update(t.sources).where(t.sources.c.id == source.id).values(**values))
                else:
                    db.execute(insert(t.sources).values(id=source.id, **values))

    def remove_source(self, source_id: str) -> None:
        with self.engine.begin() as db:
            if not db.execute(delete(t.sources).where(t.sources.c.id == source_id)).rowcount:
                raise NotFoundError(f"no source with id '{source_id}'")

    def health(self, source_id: str | None = None) -> list[SourceHealth]:
        query = select(t.sources).order_by(t.sources.c.id)
        if source_id is not None:
            query = query.where(t.sources.c.id == source_id)
        with self.engine.connect() as db:
            rows = db.execute(query).all()
        if source_id is not None and not rows:
            raise NotFoundError(f"no source with id '{source_id}'")
        return [_health(row) for row in rows]

    def due_sources(self, moment: datetime) -> list[str]:
        """Enabled, not gone sources whose next poll is due (never-polled ones first)."""
        column = t.sources.c.next_poll_at
        query = (
            select(t.sources.c.id)
            .where(
                t.sources.c.enabled.is_(True),
                t.sources.c.gone.is_(False),
                (column.is_(None)) | (column <= to_db(moment)),
            )
            .order_by(column.is_not(None), column)
        )
        with self.engine.connect() as db:
            return [row.id for row in db.execute(query)]

    def next_due(self) -> datetime | None:
        query = select(func.min(t.sources.c.next_poll_at)).where(
            t.sources.c.enabled.is_(True), t.sources.c.gone.is_(False)
        )
        with self.engine.connect() as db:
            return from_db(db.execute(query).scalar())

    def record_poll(self, outcome: PollOutcome) -> None:
        """Fold one poll into the source's health and the poll log."""
        with self.engine.begin() as db:
            row = db.execute(select(t.sources).where(t.sources.c.id == outcome.source_id)).first()
            if row is None:
                return
            latencies = json.loads(row.latencies or "[]")
            values: dict[str, Any] = {
                "last_polled": to_db(outcome.started_at),
                "next_poll_at": to_db(outcome.next_poll_at),
                "interval": outcome.interval,
            }
            if outcome.failed:
                values.update(
                    last_error=outcome.error,
                    last_error_at=to_db(outcome.started_at),
                    consecutive_failures=row.consecutive_failures + 1,
                    gone=outcome.status == "gone",
                )
            else:
                latencies = [*latencies, round(outcome.elapsed, 4)][-LATENCIES_KEPT:]
                values.update(
                    last_success=to_db(outcome.started_at),
                    consecutive_failures=0,
                    median_latency=statistics.median(latencies),
                    latencies=json.dumps(latencies),
                    etag=outcome.etag or row.etag,
                    last_modified=outcome.last_modified or row.last_modified,
                    content_hash=outcome.content_hash or row.content_hash,
                )
                if outcome.error:
                    values.update(last_error=outcome.error, last_error_at=to_db(outcome.started_at))
                if outcome.new_entries:
                    values["last_new_item"] = to_db(outcome.started_at)
                    values["items_per_day"] = self._items_per_day(db, outcome.source_id, outcome.started_at)
            db.execute(update(t.sources).where(t.sources.c.id == outcome.source_id).values(**values))
            db.execute(
                insert(t.polls).values(
                    source_id=outcome.source_id,
                    started_at=to_db(outcome.started_at),
                    status=outcome.status,
                    http_status=outcome.http_status,
                    entries=outcome.entries,
                    new_entries=outcome.new_entries,
                    elapsed=outcome.elapsed,
                    error=outcome.error,
                )
            )

    @staticmethod
    def _items_per_day(db: Any, source_id: str, moment: datetime) -> float:
        since = to_db(moment - timedelta(days=7))
        first, count = db.execute(
            select(func.min(t.seen_entries.c.first_seen), func.count()).where(
                t.seen_entries.c.source_id == source_id, t.seen_entries.c.first_seen >= since
            )
        ).one()
        if not count:
            return 0.0
        span_days = max((moment - from_db(first)).total_seconds() / 86400, 1.0)  # type: ignore[operator]
        return round(count / span_days, 2)

    # -- WebSub subscriptions ------------------------------------------------------

    def save_subscription(self, subscription: Subscription) -> None:
        values = {
            "hub": subscription.hub,
            "topic": subscription.topic,
            "secret": subscription.secret,
            "state": subscription.state,
            "requested_at": to_db(subscription.requested_at),
            "lease_expires": to_db(subscription.lease_expires),
            "last_notification": to_db(subscription.last_notification),
            "last_error": subscription.last_error,
        }
        with self.engine.begin() as db:
            changed = db.execute(
                update(t.subscriptions)
                .where(t.subscriptions.c.source_id == subscription.source_id)
                .values(**values)
            ).rowcount
            if not changed:
                db.execute(insert(t.subscriptions).values(source_id=subscription.source_id, **values))

    def subscriptions(self) -> list[Subscription]:
        with self.engine.connect() as db:
            rows = db.execute(select(t.subscriptions).order_by(t.subscriptions.c.source_id)).all()
        return [
            Subscription(
                row.source_id,
                row.hub,
                row.topic,
                row.secret,
                row.state,
                from_db(row.requested_at),  # type: ignore[arg-type]
                from_db(row.lease_expires),
                from_db(row.last_notification),
                row.last_error,
            )
            for row in rows
        ]

    # -- entries ---------------------------------------------------------------

    def unseen(self, source_id: str, entries: Sequence[Entry]) -> list[Entry]:
        """The entries this source has not listed before, or lists again with a newer update time."""
        if not entries:
            return []
        keys = [entry.key for entry in entries]
        seen: dict[str, str | None] = {}
        with self.engine.connect() as db:
            for chunk in _chunks(keys, 500):
                query = select(t.seen_entries.c.key, t.seen_entries.c.updated).where(
                    t.seen_entries.c.source_id == source_id, t.seen_entries.c.key.in_(chunk)
                )
                seen.update((row.key, row.updated) for row in db.execute(query))
        fresh = []
        for entry in entries:
            if entry.key not in seen or (
                entry.updated and (seen[entry.key] or "") < (to_db(entry.updated) or "")
            ):
                fresh.append(entry)
        return fresh

    def mark_seen(self, source_id: str, entries: Sequence[Entry], moment: datetime) -> None:
        if not entries:
            return
        latest = {entry.key: entry for entry in entries}
        with self.engine.begin() as db:
            known: set[str] = set()
            for chunk in _chunks(list(latest), 500):
                known.update(
                    row.key
                    for row in db.execute(
                        select(t.seen_entries.c.key).where(
                            t.seen_entries.c.source_id == source_id, t.seen_entries.c.key.in_(chunk)
                        )
                    )
                )
            for key in known:
                entry = latest[key]
                db.execute(
                    update(t.seen_entries)
                    .where(t.seen_entries.c.source_id == source_id, t.seen_entries.c.key == key)
                    .values(url=entry.url, updated=to_db(entry.updated))
                )
            fresh = [
                {
                    "source_id": source_id,
                    "key": key,
                    "url": entry.url,
                    "updated": to_db(entry.updated),
                    "first_seen": to_db(moment),
                }
                for key, entry in latest.items()
                if key not in known
            ]
            if fresh:
                db.execute(insert(t.seen_entries), fresh)

    # -- documents -------------------------------------------------------------

    def upsert_article(
        self,
        article: Article,
        *,
        outlet: str,
        source_id: str | None,
        seen_at: datetime,
        warc: WarcRef | None = None,
    ) -> Stored:
        """Store an article: new, a new revision of a known one, or unchanged (idempotent)."""
        key = url_key(article.canonical_url or article.url)
        digest = content_key(article.title, article.text)
        columns = _article_columns(article, outlet, source_id, warc)
        with self.engine.begin() as db:
            row = db.execute(select(t.documents).where(t.documents.c.url_hash == key)).first()
            if row is None:
                document_id = db.execute(
                    insert(t.documents).values(
                        url_hash=key,
                        content_hash=digest,
                        first_seen=to_db(seen_at),
                        last_seen=to_db(seen_at),
                        revision=1,
                        **columns,
                    )
                ).inserted_primary_key[0]
                self._add_revision(db, document_id, 1, seen_at, article, "first version", warc)
                self._replace_comments(db, document_id, article)
                status = "new"
            elif row.content_hash == digest:
                db.execute(
                    update(t.documents).where(t.documents.c.id == row.id).values(last_seen=to_db(seen_at))
                )
                document_id, status = row.id, "unchanged"
            else:
                revision = row.revision + 1
                db.execute(
                    update(t.documents)
                    .where(t.documents.c.id == row.id)
                    .values(content_hash=digest, last_seen=to_db(seen_at), revision=revision, **columns)
                )
                summary = diff_summary(row.text, article.text)
                self._add_revision(db, row.id, revision, seen_at, article, summary, warc)
                self._replace_comments(db, row.id, article)
                document_id, status = row.id, "changed"
            stored = db.execute(select(t.documents).where(t.documents.c.id == document_id)).one()
        return Stored(_document(stored), status)

    @staticmethod
    def _add_revision(
        db: Any,
        document_id: int,
        revision: int,
        seen_at: datetime,
        article: Article,
        summary: str,
        warc: WarcRef | None,
    ) -> None:
        db.execute(
            insert(t.revisions).values(
                document_id=document_id,
                revision=revision,
                seen_at=to_db(seen_at),
                title=article.title,
                text=article.text,
                diff_summary=summary,
                warc_file=warc.file if warc else None,
                warc_record_id=warc.record_id if warc else None,
            )
        )

    @staticmethod
    def _replace_comments(db: Any, document_id: int, article: Article) -> None:
        db.execute(delete(t.comments).where(t.comments.c.document_id == document_id))
        rows = [
            {
                "document_id": document_id,
                "platform_id": comment.platform_id,
                "parent_id": comment.parent_id,
                "author": comment.author,
                "text": comment.text,
                "published": to_db(comment.published),
            }
            for comment in article.comments
        ]
        if rows:
            db.execute(insert(t.comments), rows)

    def save_analysis(self, document_id: int, analysis: Analysis) -> None:
        """Replace what analysis found in a document (mentions, quotes, frames, tone, stance, signals)."""
        with self.engine.begin() as db:
            for table in (t.mentions, t.quotes, t.annotations):
                db.execute(delete(table).where(table.c.document_id == document_id))
            if analysis.language:
                db.execute(
                    update(t.documents)
                    .where(t.documents.c.id == document_id)
                    .values(language=analysis.language)
                )
            mentions = [
                {
                    "document_id": document_id,
                    "actor_id": m.actor_id,
                    "text": m.text,
                    "type": m.type,
                    "start": m.start,
                    "end": m.end,
                }
                for m in analysis.entities
            ]
            quotes = [
                {
                    "document_id": document_id,
                    "text": q.text,
                    "start": q.start,
                    "end": q.end,
                    "kind": q.kind,
                    "speaker": q.speaker,
                    "speaker_start": q.speaker_start,
                    "speaker_end": q.speaker_end,
                    "actor_id": q.actor_id,
                    "verb": q.verb,
                }
                for q in analysis.quotes
            ]
            notes = _annotations(document_id, analysis)
            for table, rows in ((t.mentions, mentions), (t.quotes, quotes), (t.annotations, notes)):
                if rows:
                    db.execute(insert(table), rows)

    def document(self, document_id: int) -> Document:
        with self.engine.connect() as db:
            row = db.execute(select(t.documents).where(t.documents.c.id == document_id)).first()
        if row is None:
            raise NotFoundError(f"no document with id {document_id}")
        return _document(row)

    def revisions(self, document_id: int) -> list[Revision]:
        self.document(document_id)
        query = (
            select(t.revisions)
            .where(t.revisions.c.document_id == document_id)
            .order_by(t.revisions.c.revision)
        )
        with self.engine.connect() as db:
            return [
                Revision(
                    row.document_id,
                    row.revision,
                    from_db(row.seen_at),  # type: ignore[arg-type]
                    row.title,
                    row.text,
                    row.diff_summary,
                )
                for row in db.execute(query)
            ]

    def unknown_names(self, limit: int = 50) -> list[tuple[str, str, int]]:
        """Names in documents that no desk actor covers: (name, type, documents), most frequent first."""
        name = func.min(t.mentions.c.text)
        documents = func.count(func.distinct(t.mentions.c.document_id))
        query = (
            select(name, t.mentions.c.type, documents)
            .where(t.mentions.c.actor_id.is_(None))
            .group_by(func.lower(t.mentions.c.text), t.mentions.c.type)
            .order_by(documents.desc(), name)
            .limit(limit)
        )
        with self.engine.connect() as db:
            return [(row[0], row[1], int(row[2])) for row in db.execute(query)]

    def comment_count(self, document_id: int) -> int:
        with self.engine.connect() as db:
            return int(
                db.execute(select(func.count()).where(t.comments.c.document_id == document_id)).scalar() or 0
            )

    def iter_documents(
        self, where: ColumnElement[bool] | None = None, *, batch: int = 500
    ) -> Iterator[Document]:
        """Every document matching `where`, oldest id first, read in batches."""
        last = 0
        while True:
            query = select(t.documents).where(t.documents.c.id > last)
            if where is not None:
                query = query.where(where)
            with self.engine.connect() as db:
                rows = db.execute(query.order_by(t.documents.c.id).limit(batch)).all()
            if not rows:
                return
            for row in rows:
                yield _document(row)
            last = rows[-1].id

    def time_filter(self, since: datetime | None, until: datetime | None) -> ColumnElement[bool]:
        """Documents published (or, without a date, first seen) in [since, until)."""
        moment = func.coalesce(t.documents.c.published, t.documents.c.first_seen)
        clauses = []
        if since is not None:
            clauses.append(moment >= to_db(since))
        if until is not None:
            clauses.append(moment < to_db(until))
        return and_(*clauses) if clauses else and_(True)

    def stats(self) -> dict[str, Any]:
        with self.engine.connect() as db:
            documents = db.execute(select(func.count()).select_from(t.documents)).scalar() or 0
            outlets = db.execute(
                select(t.documents.c.outlet, func.count().label("n"))
                .group_by(t.documents.c.outlet)
                .order_by(func.count().desc(), t.documents.c.outlet)
            ).all()
            genres = db.execute(select(t.documents.c.genre, func.count()).group_by(t.documents.c.genre)).all()
            polls = db.execute(select(func.count()).select_from(t.polls)).scalar() or 0
            sources = db.execute(select(func.count()).select_from(t.sources)).scalar() or 0
            revisions = (
                db.execute(
                    select(func.count()).select_from(t.documents).where(t.documents.c.revision > 1)
                ).scalar()
                or 0
            )
            comments = db.execute(select(func.count()).select_from(t.comments)).scalar() or 0
        return {
            "documents": documents,
            "sources": sources,
            "polls": polls,
            "revised_documents": revisions,
            "comments": comments,
            "outlets": [(row[0], row[1]) for row in outlets],
            "genres": {row[0]: row[1] for row in genres},
        }

    def hits(self, rows: Iterable[Row[Any]]) -> list[Hit]:
        return [Hit(_document(row), getattr(row, "snippet", "") or "") for row in rows]


def _annotations(document_id: int, analysis: Analysis) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [{"kind": "tone", "value": "document", "score": analysis.tone, "data": "{}"}]
    rows += [
        {
            "kind": "frame",
            "value": f.frame,
            "start": f.start,
            "end": f.end,
            "data": json.dumps({"direction": f.direction, "evidence": f.evidence}),
        }
        for f in analysis.frames
    ]
    rows += [
        {
            "kind": "stance",
            "value": s.polarity,
            "start": s.start,
            "end": s.end,
            "score": s.score,
            "data": "{}",
        }
        for s in analysis.target_sentiment
    ]
    rows += [
        {
            "kind": "signal",
            "value": f"{s.actor_id}:{s.frame}",
            "start": s.start,
            "end": s.end,
            "score": s.strength,
            "data": json.dumps(
                {"actor_id": s.actor_id, "frame": s.frame, "direction": s.direction, "evidence": s.evidence}
            ),
        }
        for s in analysis.signals
    ]
    for row in rows:
        row["document_id"] = document_id
        for column in ("start", "end", "score"):
            row.setdefault(column, None)
    return rows


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _article_columns(
    article: Article, outlet: str, source_id: str | None, warc: WarcRef | None
) -> dict[str, Any]:
    return {
        "url": article.url,
        "canonical_url": article.canonical_url or article.url,
        "title": article.title,
        "text": article.text,
        "outlet": outlet,
        "source_id": source_id,
        "section": article.section,
        "site_name": article.site_name,
        "genre": str(article.genre),
        "language": article.language,
        "authors": json.dumps(list(article.authors)),
        "tags": json.dumps(list(article.tags)),
        "published": to_db(article.published),
        "published_offset": offset_minutes(article.published),
        "modified": to_db(article.modified),
        "modified_offset": offset_minutes(article.modified),
        "is_paywalled": article.is_paywalled,
        "warc_file": warc.file if warc else None,
        "warc_record_id": warc.record_id if warc else None,
        "warc_offset": warc.offset if warc else None,
    }


def _document(row: Row[Any]) -> Document:
    warc = WarcRef(row.warc_file, row.warc_record_id, row.warc_offset or 0) if row.warc_file else None
    return Document(
        id=row.id,
        url=row.url,
        canonical_url=row.canonical_url,
        title=row.title,
        text=row.text,
        outlet=row.outlet,
        source_id=row.source_id or "",
        genre=Genre(row.genre),
        first_seen=from_db(row.first_seen),  # type: ignore[arg-type]
        authors=tuple(json.loads(row.authors)),
        published=from_db(row.published, row.published_offset),
        modified=from_db(row.modified, row.modified_offset),
        language=row.language,
        section=row.section,
        site_name=row.site_name,
        tags=tuple(json.loads(row.tags)),
        is_paywalled=bool(row.is_paywalled),
        revision=row.revision,
        warc=warc,
    )


def _health(row: Row[Any]) -> SourceHealth:
    return SourceHealth(
        source_id=row.id,
        last_polled=from_db(row.last_polled),
        last_success=from_db(row.last_success),
        last_error=row.last_error or "",
        last_error_at=from_db(row.last_error_at),
        consecutive_failures=row.consecutive_failures,
        median_latency=row.median_latency,
        items_per_day=row.items_per_day or 0.0,
        last_new_item=from_db(row.last_new_item),
        next_poll_at=from_db(row.next_poll_at),
        gone=bool(row.gone),
        etag=row.etag,
        last_modified=row.last_modified,
        content_hash=row.content_hash,
        interval=row.interval,
    )
