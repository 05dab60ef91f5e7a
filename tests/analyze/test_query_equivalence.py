"""Property: the in-memory matcher and the SQLite store select the same documents for any query."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, select

from signaldesk.analyze.query import Matchable, parse, prepare
from signaldesk.errors import QueryError
from signaldesk.store import open_store, schema
from signaldesk.store.sqlite import SQLiteStore
from signaldesk.store.sqlite_query import to_sqlite
from signaldesk.types import Article, Genre

WORDS = [
    "korea",
    "Koréa",
    "KOREA",
    "talks",
    "sanctions",
    "sanction",
    "pyongyang",
    "Pyŏngyang",
    "élan",
    "elan",
    "jong-un",
    "u.s.",
    "Straße",
    "strasse",
    "ΆΡΗΣ",
    "άρης",
    "조선",
    "kim's",
    "x_y",
    "2026",
    "near",
    "and",
]
SEPARATORS = [" ", " ", " ", ", ", " — ", "-", ". ", "'"]
OUTLETS = ["Capital Ledger", "capital ledger", "Harbor Post", "Élan Daily", "élan daily"]
AUTHORS = ["Jane Doe", "JANE DOE", "Kim Lee", "Ünal Öz"]
MOMENTS = [
    None,
    datetime(2026, 3, 1, 0, 0, tzinfo=UTC),
    datetime(2026, 3, 1, 23, 30, tzinfo=UTC),
    datetime(2026, 3, 2, 1, 0, tzinfo=timezone(timedelta(hours=9))),
    datetime(2026, 3, 5, 12, 0, 0, 1, tzinfo=UTC),
    datetime(2026, 3, 6, tzinfo=UTC),
]
COUNTER = itertools.count()


@st.composite
def prose(draw: st.DrawFn, most: int) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), max_size=most))
    out = ""
    for word in words:
        out += (draw(st.sampled_from(SEPARATORS)) if out else "") + word
    return out


documents = st.builds(
    Matchable,
    title=prose(4),
    text=prose(12),
    outlet=st.sampled_from(OUTLETS),
    genre=st.sampled_from([str(g) for g in Genre]),
    language=st.sampled_from([None, "en", "EN", "ko"]),
    authors=st.lists(st.sampled_from(AUTHORS), max_size=2, unique=True).map(tuple),
    source_id=st.sampled_from(["", "ledger", "post"]),
    actors=st.frozensets(st.sampled_from(["kim", "state"]), max_size=2),
    frames=st.frozensets(st.sampled_from(["pressure", "talks"]), max_size=2),
    published=st.sampled_from(MOMENTS),
)


def _quote(text: str) -> str:
    return '"' + text + '"'


word = st.sampled_from(WORDS).map(lambda w: w if w not in ("near", "and") else _quote(w))
phrase = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(lambda ws: _quote(" ".join(ws)))
prefix = st.builds(
    lambda w, n: w[:n] + "*", st.sampled_from([w for w in WORDS if w[0].isalnum()]), st.integers(1, 4)
)
text_leaf = st.one_of(word, phrase, prefix)
fielded = st.builds(lambda f, v: f + v, st.sampled_from(["title:", "text:"]), text_leaf)
near = st.builds(lambda a, n, b: f"{a} NEAR/{n} {b}", text_leaf, st.integers(0, 3), text_leaf)
filters = st.sampled_from(
    [
        'outlet:"Capital Ledger"',
        'outlet:"élan daily"',
        "genre:news",
        "genre:opinion",
        "lang:en",
        "lang:ko",
        'author:"jane doe"',
        'author:"ünal öz"',
        "source:ledger",
        "actor:kim",
        "actor:state",
        "frame:pressure",
        "published:>=2026-03-01",
        "published:>2026-03-01",
        "published:<2026-03-02",
        "published:<=2026-03-01",
        "published:2026-03-01",
        "published:2026-03-01..2026-03-05",
        "published:2026-03-01T17:00:00+09:00..",
        "published:>2026-03-05T12:00:00Z",
        "published:..2026-03-05T12:00:00.000001Z",
    ]
)
leaf = st.one_of(text_leaf, text_leaf, fielded, near, filters)


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(children, children)
    return st.one_of(
        pair.map(lambda p: f"({p[0]} AND {p[1]})"),
        pair.map(lambda p: f"({p[0]} OR {p[1]})"),
        pair.map(lambda p: f"({p[0]} {p[1]})"),
        pair.map(lambda p: f"{p[0]} NOT {p[1]}"),
        children.map(lambda c: f"-{c}" if c[0] not in "-(" else f"NOT {c}"),
    )


queries = st.recursive(leaf, _combine, max_leaves=6)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    opened = open_store(Path(tmp_path_factory.mktemp("equivalence")) / "x.db")
    assert isinstance(opened, SQLiteStore)
    yield opened
    opened.close()


def _load(store: SQLiteStore, docs: list[Matchable]) -> list[int]:
    with store.engine.begin() as db:
        db.execute(delete(schema.documents))
    ids = []
    seen = datetime(2026, 3, 7, tzinfo=UTC)
    for doc in docs:
        url = f"http://127.0.0.21/{next(COUNTER)}"
        article = Article(
            url=url,
            canonical_url=url,
            title=doc.title,
            text=doc.text,
            authors=doc.authors,
            published=doc.published,
            language=doc.language,
            genre=Genre(doc.genre),
        )
        stored = store.upsert_article(
            article, outlet=doc.outlet, source_id=doc.source_id or None, seen_at=seen
        )
        ids.append(stored.document.id)
        with store.engine.begin() as db:
            for n, actor in enumerate(sorted(doc.actors)):
                table = schema.mentions if n % 2 == 0 else schema.quotes
                extra = {"type": "person"} if table is schema.mentions else {"kind": "direct"}
                db.execute(
                    insert(table).values(
                        document_id=stored.document.id, actor_id=actor, text=actor, start=0, end=1, **extra
                    )
                )
            for frame in doc.frames:
                db.execute(
                    insert(schema.metadata.tables["annotations"]).values(
                        document_id=stored.document.id, kind="frame", value=frame
                    )
                )
            db.execute(
                insert(schema.metadata.tables["annotations"]).values(
                    document_id=stored.document.id, kind="tone", value="pressure"
                )
            )
    return ids


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs=st.lists(documents, min_size=1, max_size=6), texts=st.lists(queries, min_size=1, max_size=6))
def test_store_and_memory_select_the_same_documents(
    store: SQLiteStore, docs: list[Matchable], texts: list[str]
) -> None:
    parsed = []
    for text in texts:
        try:
            parsed.append(parse(text))
        except QueryError as error:
            assert "only NOT" in error.message, error.message
    assume(parsed)
    ids = _load(store, docs)
    prepared = [prepare(doc) for doc in docs]
    for query in parsed:
        in_memory = {doc_id for doc_id, doc in zip(ids, prepared, strict=True) if query.matches(doc)}
        with store.engine.connect() as db:
            in_store = set(db.execute(select(schema.documents.c.id).where(to_sqlite(query, store))).scalars())
        assert in_memory == in_store, (
            f"{query.text!r} differs on {[docs[ids.index(i)] for i in in_memory ^ in_store]}"
        )
