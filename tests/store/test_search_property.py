"""Property: searching through `split_query` selects what `to_sqlite` does, newest published first."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from signaldesk.analyze.query import parse
from signaldesk.errors import QueryError
from signaldesk.store import schema
from signaldesk.store.sqlite import SQLiteStore
from signaldesk.store.sqlite_query import split_query, to_sqlite
from signaldesk.store.sqlite_search import Dated, page_of
from tests.analyze.test_query_equivalence import _load, documents, queries, store  # noqa: F401


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(docs=st.lists(documents, min_size=1, max_size=8), texts=st.lists(queries, min_size=1, max_size=4))
def test_split_search_pages_and_totals_agree_with_the_plain_condition(
    store: SQLiteStore,  # noqa: F811
    docs: list,
    texts: list[str],
) -> None:
    parsed = []
    for text in texts:
        with contextlib.suppress(QueryError):
            parsed.append(parse(text))
    assume(parsed)
    _load(store, docs)
    d = schema.documents.c
    for query in parsed:
        with store.engine.connect() as db:
            rows = db.execute(select(d.id, d.published).where(to_sqlite(query, store))).all()
        expected = [row.id for row in page_of([Dated(r.id, r.published) for r in rows], 0, len(rows))]
        compiled = split_query(query, store)
        for offset, limit in ((0, 1), (0, 3), (1, 2), (0, 20)):
            hits = store.search(compiled.where, match=compiled.match, limit=limit, offset=offset)
            assert [h.document.id for h in hits] == expected[offset : offset + limit], query.text
        assert store.count(compiled.where, match=compiled.match) == len(expected)
        total = store.total(compiled.where, match=compiled.match, cap=2)
        assert (total.value, total.exact) == (min(len(expected), 2), len(expected) <= 2)
