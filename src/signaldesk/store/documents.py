"""Documents, their revisions, reader comments and what analysis found in them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, Row, and_, delete, func, insert, select, update
from sqlalchemy.sql.elements import ColumnElement

from ..errors import NotFoundError
from ..types import Analysis, Article, Document, Genre, Mention, Quote, Stored, WarcRef
from . import schema as t
from .records import Hit, Revision, StoredComment
from .times import from_db, offset_minutes, to_db


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


class DocumentTables:
    engine: Engine

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
        with self.engine.begin() as db:  # driver-level SQL on the path every new page takes
            row = db.exec_driver_sql(
                "SELECT id, content_hash, revision, text FROM documents WHERE url_hash = ?", (key,)
            ).first()
            if row is None:
                values = {
                    "url_hash": key,
                    "content_hash": digest,
                    "first_seen": to_db(seen_at),
                    "last_seen": to_db(seen_at),
                    "revision": 1,
                    **columns,
                }
                names = ", ".join(values)
                marks = ", ".join("?" * len(values))
                inserted = db.exec_driver_sql(
                    f"INSERT INTO documents ({names}) VALUES ({marks})", tuple(values.values())
                )
                document_id = int(inserted.lastrowid or 0)
                self._add_revision(db, document_id, 1, seen_at, article, "first version", warc)
                self._merge_comments(db, document_id, article, first=True)
                status = "new"
            elif row.content_hash == digest:
                db.execute(
                    update(t.documents).where(t.documents.c.id == row.id).values(last_seen=to_db(seen_at))
                )
                self._merge_comments(db, row.id, article)
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
                self._merge_comments(db, row.id, article)
                document_id, status = row.id, "changed"
            stored = db.exec_driver_sql("SELECT * FROM documents WHERE id = ?", (document_id,)).one()
        return Stored(_document(stored), status)

    def revisions_after(self, after: int, limit: int = 100) -> list[tuple[int, int, int]]:
        """(revision row id, document id, revision) of versions stored after row `after`, oldest first.

        Each new or changed document adds one revision row in the transaction that stores it,
        so this is the queue of what still needs analysing after a given point."""
        query = (
            select(t.revisions.c.id, t.revisions.c.document_id, t.revisions.c.revision)
            .where(t.revisions.c.id > after)
            .order_by(t.revisions.c.id)
            .limit(limit)
        )
        with self.engine.connect() as db:
            return [(row.id, row.document_id, row.revision) for row in db.execute(query)]

    def last_revision_id(self) -> int:
        """The id of the newest revision row (0 for an empty store)."""
        with self.engine.connect() as db:
            return int(db.execute(select(func.max(t.revisions.c.id))).scalar() or 0)

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
        db.exec_driver_sql(
            "INSERT INTO revisions (document_id, revision, seen_at, title, text, diff_summary, "
            "warc_file, warc_record_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                document_id,
                revision,
                to_db(seen_at),
                article.title,
                article.text,
                summary,
                warc.file if warc else None,
                warc.record_id if warc else None,
            ),
        )

    @staticmethod
    def _merge_comments(db: Any, document_id: int, article: Article, first: bool = False) -> int:
        """Add the page's comments not stored yet (a revisit finds new ones); returns how many.

        A comment already stored (same author and text) is left as it is, with its analysis;
        one whose id is known but whose text changed was edited and is rewritten, to be
        analysed again. Comments the page no longer shows are kept. `first`: the document was
        just added, so none of its comments is stored yet."""
        if not article.comments:
            return 0
        ids = [c.platform_id for c in article.comments]
        if first and len(set(ids)) == len(ids):  # nothing to compare with: one insert
            db.exec_driver_sql(
                "INSERT INTO comments (document_id, platform_id, parent_id, author, text, published, data) "
                "VALUES (?, ?, ?, ?, ?, ?, '{}')",
                [
                    (document_id, c.platform_id, c.parent_id, c.author, c.text, to_db(c.published))
                    for c in article.comments
                ],
            )
            return len(ids)
        known = {
            (author, text): platform_id
            for platform_id, author, text in db.exec_driver_sql(
                "SELECT platform_id, author, text FROM comments WHERE document_id = ?", (document_id,)
            )
        }
        taken = set(known.values())
        added, edited = [], []
        for c in article.comments:
            if (c.author, c.text) in known:
                continue
            row = (c.parent_id, c.author, c.text, to_db(c.published))
            if c.platform_id in taken:
                edited.append((*row, document_id, c.platform_id))
            else:
                added.append((document_id, c.platform_id, *row))
                taken.add(c.platform_id)
        if added:
            db.exec_driver_sql(
                "INSERT INTO comments (document_id, platform_id, parent_id, author, text, published, data) "
                "VALUES (?, ?, ?, ?, ?, ?, '{}')",
                added,
            )
        if edited:
            db.exec_driver_sql(
                "UPDATE comments SET parent_id = ?, author = ?, text = ?, published = ?, language = NULL, "
                "tone = NULL, data = '{}' WHERE document_id = ? AND platform_id = ?",
                edited,
            )
        return len(added) + len(edited)

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

    def documents_by_id(self, ids: Sequence[int]) -> list[Document]:
        """The documents with these ids, in the order given (unknown ids are left out)."""
        found: dict[int, Document] = {}
        with self.engine.connect() as db:
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                found.update(
                    (row.id, _document(row))
                    for row in db.execute(select(t.documents).where(t.documents.c.id.in_(chunk)))
                )
        return [found[i] for i in ids if i in found]

    def quotes_in(self, ids: Sequence[int]) -> list[tuple[int, Quote]]:
        """(document id, quote) for the quotes found in these documents."""
        rows = self._rows_for(t.quotes, ids)
        return [
            (
                row.document_id,
                Quote(
                    row.text,
                    row.start,
                    row.end,
                    row.kind,
                    row.speaker,
                    row.speaker_start,
                    row.speaker_end,
                    row.actor_id,
                    row.verb,
                ),
            )
            for row in rows
        ]

    def mentions_in(self, ids: Sequence[int]) -> list[tuple[int, Mention]]:
        """(document id, mention) for the names found in these documents."""
        return [
            (row.document_id, Mention(row.text, row.start, row.end, row.type, row.actor_id))
            for row in self._rows_for(t.mentions, ids)
        ]

    def comments_in(self, ids: Sequence[int]) -> list[StoredComment]:
        """The reader comments of these documents, with what analysis found in them."""
        found = []
        for row in self._rows_for(t.comments, ids):
            data = json.loads(row.data or "{}")
            found.append(
                StoredComment(
                    row.id,
                    row.document_id,
                    row.text,
                    row.author,
                    row.platform_id,
                    row.parent_id,
                    from_db(row.published),
                    row.language,
                    row.tone,
                    tuple(tuple(pair) for pair in data.get("frames", [])),
                    tuple(data.get("actors", [])),
                )
            )
        return found

    def comments_to_analyse(self, ids: Sequence[int], per_document: int) -> list[tuple[int, str]]:
        """(comment id, text) of the not yet analysed comments among the first `per_document`
        comments of each of these documents, in page order."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        with self.engine.connect() as db:
            found = db.exec_driver_sql(
                "SELECT id, text, language FROM (SELECT id, text, language, ROW_NUMBER() OVER "
                f"(PARTITION BY document_id ORDER BY id) AS place FROM comments WHERE document_id IN ({marks})) "
                "WHERE place <= ? ORDER BY id",
                (*ids, per_document),
            ).all()
        return [(comment_id, text) for comment_id, text, language in found if language is None]

    def save_comment_analyses(self, results: Sequence[tuple[int, str | None, float, dict[str, Any]]]) -> None:
        """(comment id, language, tone, data) for analysed comments, written in one statement."""
        if not results:
            return
        from sqlalchemy import bindparam

        statement = (
            update(t.comments)
            .where(t.comments.c.id == bindparam("comment_id"))
            .values(language=bindparam("lang"), tone=bindparam("score"), data=bindparam("payload"))
        )
        rows = [
            {"comment_id": cid, "lang": language, "score": tone, "payload": json.dumps(data)}
            for cid, language, tone, data in results
        ]
        with self.engine.begin() as db:
            db.execute(statement, rows)

    def annotations_in(
        self, ids: Sequence[int], kind: str
    ) -> list[tuple[int, str, int | None, int | None, float | None, dict[str, Any]]]:
        """(document id, value, start, end, score, data) of one kind of annotation in these documents."""
        rows = self._rows_for(t.annotations, ids, t.annotations.c.kind == kind)
        return [
            (row.document_id, row.value, row.start, row.end, row.score, json.loads(row.data or "{}"))
            for row in rows
        ]

    def _rows_for(self, table: Any, ids: Sequence[int], *where: Any) -> list[Any]:
        rows: list[Any] = []
        with self.engine.connect() as db:
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                query = select(table).where(table.c.document_id.in_(chunk), *where).order_by(table.c.id)
                rows.extend(db.execute(query))
        return rows

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
