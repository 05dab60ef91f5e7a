"""Searching the SQLite store at scale: newest-first pages that stop early, capped totals, facet samples.

A search is a full-text part (`match`, an FTS5 query string, or None) AND a condition on
`documents` (`where`, or None). Everything starts from the newest matches by document id,
which FTS5 and the primary key both hand out newest first, so SQLite can stop after the rows
it needs instead of collecting and sorting every match.

Pages are ordered by publication time (newest first, undated last, then by id). Ids follow
arrival, and arrival mostly follows publication, so the newest matches by id hold the page;
the documents that arrived earlier but were published later ("stragglers") are then looked up
through the index on publication time, above the page's lowest publication time only. The
result is the same as sorting every match, without reading them all.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    Select,
    and_,
    bindparam,
    column,
    func,
    literal_column,
    select,
    table,
    text,
    tuple_,
)
from sqlalchemy.sql.elements import ColumnElement

from . import schema as t
from .records import Facets, Total

TOTAL_CAP = 10_000  # totals are exact up to this many matches, "10,000+" above
FACET_SAMPLE = 5_000  # facets count the newest this many matches
FIRST_BATCH = 256  # index entries a straggler check reads first; each next round reads twice as many
LAST_BATCH = 65_536
FACET_NAMES = ("outlet", "genre", "language", "actor", "frame")

# CROSS JOIN: SQLite walks the sampled ids and looks each up, never the whole table
_COLUMNS = (
    "SELECT d.outlet, d.genre, d.language, count(*) FROM json_each(:ids) AS j "
    "CROSS JOIN documents AS d ON d.id = j.value GROUP BY d.outlet, d.genre, d.language"
)
_ACTORS = (
    "SELECT m.actor_id, count(DISTINCT m.document_id) FROM json_each(:ids) AS j "
    "CROSS JOIN mentions AS m ON m.document_id = j.value WHERE m.actor_id IS NOT NULL GROUP BY m.actor_id"
)
_FRAMES = (
    "SELECT a.value, count(DISTINCT a.document_id) FROM json_each(:ids) AS j "
    "CROSS JOIN annotations AS a ON a.document_id = j.value WHERE a.kind = 'frame' GROUP BY a.value"
)


@dataclass(frozen=True, slots=True)
class Dated:
    """A matching document's id and stored publication time (UTC text, or None)."""

    id: int
    published: str | None


def newest_key(row: Dated) -> tuple[bool, str, int]:
    """Sort key for newest first (use reverse=True): dated before undated, then time, then id."""
    return (row.published is not None, row.published or "", row.id)


def page_of(candidates: Sequence[Dated], offset: int, limit: int) -> list[Dated]:
    """The page [offset, offset + limit) of `candidates`, newest first."""
    ordered = sorted(set(candidates), key=newest_key, reverse=True)
    return ordered[offset : offset + limit]


def straggler_floor(window: Sequence[Dated], wanted: int) -> Dated | None:
    """The `wanted`-th newest of the window: a document outside the window (so with a smaller id)
    belongs on the page only when published strictly later than this one. None if the window
    holds fewer than `wanted` documents."""
    if len(window) < wanted:
        return None
    return sorted(window, key=newest_key, reverse=True)[wanted - 1]


_FTS = table("documents_fts", column("rowid", Integer))
# `+` keeps SQLite from looking the index up row by row from `documents`: the index drives,
# newest rowid first, so a LIMIT stops the walk early
_FROM_FTS = t.documents.join(_FTS, t.documents.c.id == literal_column("+documents_fts.rowid"))


def _fts_match(match: str) -> ColumnElement[bool]:
    return text("documents_fts MATCH :fts_match").bindparams(  # type: ignore[return-value]
        bindparam("fts_match", match, unique=True)
    )


def _id_list(ids: Sequence[int]) -> ColumnElement[bool]:
    """`documents.id` is one of `ids` (passed as one JSON parameter, however many there are)."""
    return t.documents.c.id.in_(_listed(ids))


def _listed(ids: Sequence[int]) -> Any:
    return select(text("value")).select_from(func.json_each(json.dumps(list(ids)))).scalar_subquery()


def matches_exist(match: str) -> ColumnElement[bool]:
    """The current `documents` row is a full-text match of `match` (checked row by row)."""
    return text(
        "EXISTS (SELECT 1 FROM documents_fts WHERE documents_fts MATCH :exists_match "
        "AND documents_fts.rowid = documents.id)"
    ).bindparams(bindparam("exists_match", match, unique=True))  # type: ignore[return-value]


def _matching(match: str | None, where: ColumnElement[bool] | None) -> Select[Any]:
    """Ids of the matches, newest id first, as a statement SQLite can stop early."""
    d = t.documents
    if match is None:
        query = select(d.c.id).order_by(d.c.id.desc())
    else:
        query = select(d.c.id).select_from(_FROM_FTS).where(_fts_match(match)).order_by(_FTS.c.rowid.desc())
    return query if where is None else query.where(where)


def newest_ids(
    db: Connection, match: str | None, where: ColumnElement[bool] | None, wanted: int
) -> tuple[list[int], bool]:
    """Ids of the newest `wanted` matches by id, newest first; and True when that is every match."""
    if wanted <= 0:
        return [], False
    ids = list(db.execute(_matching(match, where).limit(wanted + 1)).scalars())
    return ids[:wanted], len(ids) <= wanted


Walk = tuple[list[int], bool]  # ids of the newest matches by id, and whether that is every match


def prefix(walk: Walk, wanted: int) -> Walk:
    """The newest `wanted` of a walk, and whether those are every match."""
    ids, everything = walk
    return ids[:wanted], everything and len(ids) <= wanted


def summary(
    db: Connection,
    match: str | None,
    where: ColumnElement[bool] | None,
    *,
    offset: int,
    limit: int,
    cap: int,
    sample: int,
    facet_limit: int,
) -> tuple[list[int], Total, Facets]:
    """One search request from one walk over the newest matches: the page's ids (newest
    published first), the total up to `cap`, and facets over the newest `sample`."""
    walk = newest_ids(db, match, where, max(cap, sample, offset + limit))
    ids, everything = prefix(walk, cap)
    found = Total(len(ids), everything)
    counted = facets(db, match, where, limit=facet_limit, sample=sample, walk=prefix(walk, sample))
    return page(db, match, where, offset, limit, walk=walk), found, counted


def page(
    db: Connection,
    match: str | None,
    where: ColumnElement[bool] | None,
    offset: int,
    limit: int,
    *,
    walk: Walk | None = None,
) -> list[int]:
    """Ids of the page [offset, offset + limit) of matches, newest published first
    (from `walk` when the newest matches were read already)."""
    wanted = offset + limit
    if limit <= 0:
        return []
    ids, everything = newest_ids(db, match, where, wanted) if walk is None else prefix(walk, wanted)
    window = _dated(db, ids)
    floor = None if everything else straggler_floor(window, wanted)
    stragglers: list[Dated] = []
    if floor is not None and ids:
        stragglers = _stragglers(db, match, where, floor, min(ids), wanted)
    return [row.id for row in page_of(window + stragglers, offset, limit)]


def _dated(db: Connection, ids: Sequence[int]) -> list[Dated]:
    if not ids:
        return []
    d = t.documents
    rows = db.execute(select(d.c.id, d.c.published).where(_id_list(ids)))
    return [Dated(int(row.id), row.published) for row in rows]


def _stragglers(
    db: Connection,
    match: str | None,
    where: ColumnElement[bool] | None,
    floor: Dated,
    lowest_id: int,
    wanted: int,
) -> list[Dated]:
    """Matches older by id than the window but published after `floor`, newest first (at most `wanted`).

    Walks the index on publication time down to the floor in growing chunks, keeping only ids
    below the window's (usually none), and checks those against the query.
    """
    d = t.documents
    later = d.c.published.is_not(None) if floor.published is None else d.c.published > floor.published
    # `id + 0` keeps SQLite off the primary key: the index on publication time is the way in
    scan = select(d.c.id, d.c.published).where(later, (d.c.id + 0) < lowest_id)
    scan = scan.order_by(d.c.published.desc(), d.c.id.desc())
    found: list[Dated] = []
    after: Dated | None = None
    size = FIRST_BATCH
    while len(found) < wanted:
        step = (
            scan if after is None else scan.where(tuple_(d.c.published, d.c.id) < (after.published, after.id))
        )
        chunk = [Dated(int(row.id), row.published) for row in db.execute(step.limit(size))]
        if not chunk:
            break
        clauses = [_id_list([row.id for row in chunk])]
        clauses += [] if where is None else [where]
        clauses += [] if match is None else [matches_exist(match)]
        kept = {int(row[0]) for row in db.execute(select(d.c.id).where(and_(*clauses)))}
        found += [row for row in chunk if row.id in kept]
        if len(chunk) < size:
            break
        after, size = chunk[-1], min(size * 2, LAST_BATCH)
    return found[:wanted]


def total(db: Connection, match: str | None, where: ColumnElement[bool] | None, cap: int) -> Total:
    """How many documents match, counted up to `cap`."""
    if match is not None and where is None:
        rows = text("SELECT 1 AS one FROM documents_fts WHERE documents_fts MATCH :match LIMIT :cap")
        bounded = rows.bindparams(match=match, cap=cap + 1).columns(column("one", Integer)).subquery()
    else:
        bounded = _matching(match, where).order_by(None).limit(cap + 1).subquery()
    found = int(db.execute(select(func.count()).select_from(bounded)).scalar() or 0)
    return Total(min(found, cap), found <= cap)


def facets(
    db: Connection,
    match: str | None,
    where: ColumnElement[bool] | None,
    *,
    limit: int,
    sample: int,
    walk: Walk | None = None,
) -> Facets:
    """Counts by outlet, genre, language, actor and frame over the newest `sample` matches by id
    (every match, and so exact, when no more than `sample` match)."""
    ids, everything = newest_ids(db, match, where, sample) if walk is None else prefix(walk, sample)
    counted: dict[str, Counter[str]] = {name: Counter() for name in FACET_NAMES}
    if ids:
        listed = {"ids": json.dumps(ids)}
        for outlet, genre, language, n in db.execute(text(_COLUMNS), listed):
            counted["outlet"][outlet] += n
            counted["genre"][genre] += n
            if language:
                counted["language"][language] += n
        for name, sql in (("actor", _ACTORS), ("frame", _FRAMES)):
            counted[name].update({str(k): int(v) for k, v in db.execute(text(sql), listed)})
    fields = {name: largest(counted[name], limit) for name in FACET_NAMES}
    return Facets(fields, len(ids), everything)


def largest(counts: Counter[str], limit: int) -> list[tuple[str, int]]:
    """The `limit` largest counts, ties by value."""
    return sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))[:limit]


def rows_in_order(db: Connection, ids: Sequence[int]) -> list[Any]:
    """Full `documents` rows for `ids`, in that order."""
    if not ids:
        return []
    found = {row.id: row for row in db.execute(select(t.documents).where(_id_list(ids)))}
    return [found[i] for i in ids if i in found]
