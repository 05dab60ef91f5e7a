"""Compiling a parsed query into a SQLAlchemy condition on `documents` for the SQLite store.

Maximal full-text subtrees become ONE FTS5 MATCH expression (through `fts_clause`); actor:
and frame: become EXISTS subqueries; the other fields plain column conditions. Every word
reaches FTS5 as its folded tokens inside a double-quoted FTS5 string, so no user input can
be read as FTS5 syntax.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, and_, bindparam, column, exists, false, func, not_, or_, select, text, union
from sqlalchemy.sql.elements import ColumnElement

from ..analyze.query import And, Field, Near, Node, Not, Or, Phrase, Prefix, Published, Query, Term
from . import schema as t
from .sqlite import SQLiteStore
from .times import to_db

# schema.annotations is shadowed for type checkers by `from __future__ import annotations` there
_ANNOTATIONS = t.metadata.tables["annotations"]


def to_sqlite(query: Query | Node, store: SQLiteStore) -> ColumnElement[bool]:
    """The condition on `documents` that selects what `query` matches."""
    root = query.root if isinstance(query, Query) else query
    return _clause(root, store)


@dataclass(frozen=True, slots=True)
class Compiled:
    """A query as a top-level FTS5 expression (or None) AND a condition on `documents` (or None).

    Stores drive a search from the full-text index when `match` is set, so SQLite reads the
    newest matches first and can stop early instead of collecting every match.
    """

    match: str | None
    where: ColumnElement[bool] | None


def split_query(query: Query | Node, store: SQLiteStore) -> Compiled:
    """`query` as its top-level full-text part and the rest; together they select what `to_sqlite` does."""
    root = query.root if isinstance(query, Query) else query
    expression = fts_expression(root)
    if expression is not None:
        return Compiled(expression, None)
    if not isinstance(root, And):
        return Compiled(None, _listed(root, store))
    positive = [i for i in root.items if not isinstance(i, Not) and fts_expression(i) is not None]
    if not positive:
        return Compiled(None, _clause(root, store))
    negated = [i for i in root.items if isinstance(i, Not) and fts_expression(i.item) is not None]
    parts = positive + negated
    match = fts_expression(parts[0] if len(parts) == 1 else And(tuple(parts)))
    rest = [_listed(i, store) for i in root.items if i not in parts]
    return Compiled(match, and_(*rest) if rest else None)


def _listed(node: Node, store: SQLiteStore) -> ColumnElement[bool]:
    """Like `_clause`, but a top-level outlet: compares the stored spellings through the outlet
    index, and a top-level actor: reads the actor's mentions and quotes once (an IN
    list) rather than looking in both for every document: a rare actor would otherwise mean
    reading most documents before the newest few are found. (frame: stays a per-document
    check: frames are few and common, so the check finds them soon.)"""
    if isinstance(node, Field) and node.name == "outlet":
        # the outlet's spellings as stored, so the index on outlet can be used (lower() cannot)
        spellings = store.outlet_spellings(node.value)
        return t.documents.c.outlet.in_(spellings) if spellings else false()
    if not isinstance(node, Field) or node.name != "actor":
        return _clause(node, store)
    mentioned = select(t.mentions.c.document_id).where(t.mentions.c.actor_id == node.value)
    quoted = select(t.quotes.c.document_id).where(t.quotes.c.actor_id == node.value)
    return t.documents.c.id.in_(union(mentioned, quoted))


def fts_expression(node: Node) -> str | None:
    """`node` as one FTS5 query string, or None when it is not pure full text."""
    if isinstance(node, Term | Phrase | Prefix):
        return _columns(node.columns, _string(node))
    if isinstance(node, Near):
        return f"NEAR({_string(node.left)} {_string(node.right)}, {node.distance})"
    if isinstance(node, Or):
        parts = [fts_expression(item) for item in node.items]
        return None if None in parts else " OR ".join(f"({part})" for part in parts)
    if isinstance(node, And):
        positive: list[str] = []
        negative: list[str] = []
        for item in node.items:
            inner = item.item if isinstance(item, Not) else item
            expression = fts_expression(inner)
            if expression is None:
                return None
            (negative if isinstance(item, Not) else positive).append(expression)
        if not positive:
            return None
        text = " AND ".join(f"({part})" for part in positive)
        for part in negative:
            text = f"({text}) NOT ({part})"
        return text
    return None


def _string(node: Term | Phrase | Prefix) -> str:
    """An FTS5 string of the node's tokens ('"' doubled, as FTS5 wants); '*' after it for prefixes."""
    quoted = '"' + " ".join(node.tokens).replace('"', '""') + '"'
    return quoted + "*" if isinstance(node, Prefix) else quoted


def _columns(columns: tuple[str, ...], expression: str) -> str:
    return "{" + " ".join(columns) + "} : " + expression if columns else expression


def _clause(node: Node, store: SQLiteStore) -> ColumnElement[bool]:
    expression = fts_expression(node)
    if expression is not None:
        return _fts(expression)
    if isinstance(node, And):
        return _and(node, store)
    if isinstance(node, Or):
        full_text = [item for item in node.items if fts_expression(item) is not None]
        rest = [_clause(item, store) for item in node.items if fts_expression(item) is None]
        if len(full_text) > 1:
            rest.insert(0, _clause(Or(tuple(full_text)), store))
        elif full_text:
            rest.insert(0, _clause(full_text[0], store))
        return or_(*rest)
    if isinstance(node, Not):
        return not_(_clause(node.item, store))
    if isinstance(node, Field):
        return _field(node)
    if isinstance(node, Published):
        return _published(node)
    raise TypeError(f"not a query node: {node!r}")


def _fts(expression: str) -> ColumnElement[bool]:
    """`documents.id` is among the FTS5 matches of `expression`.

    Like `SQLiteStore.fts_clause`, but with a bind parameter of its own: fts_clause names it
    `match`, so two of them in one statement would share the last value.
    """
    rows = text("SELECT rowid FROM documents_fts WHERE documents_fts MATCH :match")
    rows = rows.bindparams(bindparam("match", expression, unique=True))
    return t.documents.c.id.in_(rows.columns(column("rowid", Integer)))


def _and(node: And, store: SQLiteStore) -> ColumnElement[bool]:
    """Positive and negated full-text parts go into one MATCH; the rest stays SQL."""
    full_text: list[Node] = []
    negated: list[Node] = []
    rest: list[ColumnElement[bool]] = []
    for item in node.items:
        if isinstance(item, Not) and fts_expression(item.item) is not None:
            negated.append(item)
        elif not isinstance(item, Not) and fts_expression(item) is not None:
            full_text.append(item)
        else:
            rest.append(_clause(item, store))
    if full_text:
        parts = full_text + negated
        rest.insert(0, _clause(parts[0] if len(parts) == 1 else And(tuple(parts)), store))
    elif negated:
        inner = [item.item for item in negated if isinstance(item, Not)]
        rest.append(not_(_clause(inner[0] if len(inner) == 1 else Or(tuple(inner)), store)))
    return and_(*rest)


def _field(node: Field) -> ColumnElement[bool]:
    docs = t.documents.c
    if node.name == "outlet":
        return func.lower(docs.outlet) == node.value
    if node.name == "genre":
        return docs.genre == node.value
    if node.name == "lang":
        return func.lower(func.coalesce(docs.language, "")) == node.value
    if node.name == "source":
        return func.coalesce(docs.source_id, "") == node.value
    if node.name == "author":
        names = select(1).select_from(func.json_each(docs.authors))
        return exists(names.where(func.lower(column("value")) == node.value))
    if node.name == "actor":
        mentioned = select(1).where(t.mentions.c.document_id == docs.id, t.mentions.c.actor_id == node.value)
        quoted = select(1).where(t.quotes.c.document_id == docs.id, t.quotes.c.actor_id == node.value)
        return or_(exists(mentioned), exists(quoted))
    if node.name == "frame":
        notes = _ANNOTATIONS.c
        return exists(
            select(1).where(notes.document_id == docs.id, notes.kind == "frame", notes.value == node.value)
        )
    raise ValueError(f"unknown field {node.name!r}")


def _published(node: Published) -> ColumnElement[bool]:
    published = t.documents.c.published
    clauses: list[ColumnElement[bool]] = [published.is_not(None)]
    if node.start is not None:
        start = to_db(node.start)
        clauses.append(published >= start if node.start_inclusive else published > start)
    if node.end is not None:
        end = to_db(node.end)
        clauses.append(published <= end if node.end_inclusive else published < end)
    return and_(*clauses)
