"""The embedded store: one SQLite file in WAL mode with an FTS5 index over title and text."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Integer, and_, bindparam, column, create_engine, event, func, select, text
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import OperationalError
from sqlalchemy.sql.elements import ColumnElement

from ..errors import StoreError, StoreLockedError, StoreReadOnlyError
from . import schema as t
from .dashboard import DashboardTables
from .migrate import migrate
from .records import Facets, Hit, SearchPage, Total
from .sql import SQLStore
from .sqlite_search import FACET_SAMPLE, TOTAL_CAP

FTS_SETUP = (
    "CREATE VIRTUAL TABLE documents_fts USING fts5("
    "title, text, content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
)


def _create(connection: Connection) -> None:
    t.metadata.create_all(connection)
    for statement in FTS_SETUP:
        connection.exec_driver_sql(statement)


def _translate(context: ExceptionContext) -> None:
    """Turn SQLite's operational errors into signaldesk's, with a message a user can act on."""
    error = context.original_exception
    if not isinstance(error, sqlite3.OperationalError):
        return
    message = str(error)
    if "locked" in message or "busy" in message:
        raise StoreLockedError(
            "the store is locked by another signaldesk process; stop it or wait and try again"
        ) from error
    if "readonly" in message or "read-only" in message:
        raise StoreReadOnlyError(
            "the store cannot be written (read-only file or folder); open it from a writable place"
        ) from error
    if "disk" in message and "full" in message:
        raise StoreError("the disk holding the store is full; nothing was written") from error


class SQLiteStore(SQLStore, DashboardTables):
    """SQLite file store; `path` may be ':memory:' for a throwaway store."""

    total_cap = TOTAL_CAP  # totals are exact up to this many matches
    facet_sample = FACET_SAMPLE  # facets count the newest this many matches

    def __init__(self, path: str | Path, *, busy_timeout: float = 5.0) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self._check_place(self.path)
        engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": busy_timeout})
        event.listen(engine, "connect", self._on_connect)
        event.listen(engine, "handle_error", _translate)
        super().__init__(engine)
        try:
            with engine.begin() as connection:
                self.opened = migrate(connection, _create)
        except OperationalError as error:
            raise StoreError(f"cannot open the store {path}: {error.orig}") from None

    @staticmethod
    def _check_place(path: Path) -> None:
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.exists():
            raise StoreError(f"cannot open the store {path}: the folder {folder} does not exist")
        if (path.exists() and not os.access(path, os.W_OK)) or (
            not path.exists() and not os.access(folder, os.W_OK)
        ):
            raise StoreReadOnlyError(f"cannot open the store {path}: it is on a read-only file or folder")

    @staticmethod
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    def fts_clause(self, match: str, columns: Sequence[str] = ()) -> ColumnElement[bool]:
        """`documents.id` is among the FTS5 matches of `match` (an FTS5 query string)."""
        expression = match if not columns else "{" + " ".join(columns) + "}: (" + match + ")"
        subquery = (
            text("SELECT rowid FROM documents_fts WHERE documents_fts MATCH :match")
            .bindparams(bindparam("match", expression, unique=True))
            .columns(column("rowid", Integer))
        )
        return t.documents.c.id.in_(subquery)

    def outlet_spellings(self, folded: str) -> list[str]:
        """The stored spellings of the outlet whose lower-case name is `folded`.

        Walks the outlet index from one distinct name to the next (one seek each), so it
        costs as many seeks as there are outlets, not a read of every document.
        """
        # lower() in SQL, as the query language's outlet: condition folds (ASCII letters only)
        step = text(
            "SELECT name, lower(name) FROM (SELECT min(outlet) AS name FROM documents WHERE outlet > :after)"
        )
        found: list[str] = []
        after = ""
        with self.engine.connect() as db:
            for _ in range(100_000):  # bounded: no desk follows this many outlets
                name, lowered = db.execute(step, {"after": after}).one()
                if name is None:
                    break
                if lowered == folded:
                    found.append(name)
                after = name
        return found

    def search(
        self,
        where: ColumnElement[bool] | None = None,
        *,
        limit: int = 20,
        offset: int = 0,
        match: str | None = None,
    ) -> list[Hit]:
        """Documents matching `where` (and the FTS5 query `match`), newest published first."""
        from .sqlite_search import page, rows_in_order

        with self.engine.connect() as db:
            rows = rows_in_order(db, page(db, match, where, offset, limit))
        return self.hits(rows)

    def search_page(
        self,
        where: ColumnElement[bool] | None = None,
        *,
        match: str | None = None,
        limit: int = 20,
        offset: int = 0,
        facet_limit: int = 10,
    ) -> SearchPage:
        """A page of hits, the total (up to `total_cap`) and facets (over the newest
        `facet_sample`), from one walk over the newest matches."""
        from .sqlite_search import rows_in_order, summary

        with self.engine.connect() as db:
            ids, total, facets = summary(
                db,
                match,
                where,
                offset=offset,
                limit=limit,
                cap=self.total_cap,
                sample=self.facet_sample,
                facet_limit=facet_limit,
            )
            rows = rows_in_order(db, ids)
        return SearchPage(self.hits(rows), total, facets)

    def count(self, where: ColumnElement[bool] | None = None, *, match: str | None = None) -> int:
        """How many documents match, exactly (reads every match: see `total` for a bounded count)."""
        clauses = [c for c in (where, None if match is None else self.fts_clause(match)) if c is not None]
        query = select(func.count()).select_from(t.documents)
        if clauses:
            query = query.where(and_(*clauses))
        with self.engine.connect() as db:
            return int(db.execute(query).scalar() or 0)

    def total(
        self, where: ColumnElement[bool] | None = None, *, match: str | None = None, cap: int | None = None
    ) -> Total:
        """How many documents match: exact up to `cap` (default `total_cap`), else the cap, flagged."""
        from .sqlite_search import total

        with self.engine.connect() as db:
            return total(db, match, where, self.total_cap if cap is None else cap)

    def facets(
        self,
        where: ColumnElement[bool] | None = None,
        *,
        match: str | None = None,
        limit: int = 10,
        sample: int | None = None,
    ) -> Facets:
        """Counts by outlet, genre, language, actor and frame over the newest `sample` matches
        (default `facet_sample`); exact, and flagged so, when no more match."""
        from .sqlite_search import facets

        with self.engine.connect() as db:
            return facets(
                db, match, where, limit=limit, sample=self.facet_sample if sample is None else sample
            )
