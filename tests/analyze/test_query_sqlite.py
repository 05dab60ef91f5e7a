"""Compiling queries for the SQLite store, checked on a real store file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select

from signaldesk.analyze.query import parse
from signaldesk.errors import QueryError
from signaldesk.store import open_store, schema
from signaldesk.store.sqlite import SQLiteStore
from signaldesk.store.sqlite_query import fts_expression, to_sqlite
from signaldesk.types import Article, Genre

SEEN = datetime(2026, 3, 7, tzinfo=UTC)
ARTICLES = {
    "talks": (
        Article(
            url="http://127.0.0.21/talks",
            canonical_url="http://127.0.0.21/talks",
            title="North Korea signals openness to talks",
            text="Pyongyang said it was ready for six-party talks, while Washington kept sanctions in place.",
            authors=("Jane Doe",),
            published=datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=-5))),
            language="en",
            genre=Genre.NEWS,
        ),
        "Capital Ledger",
        "ledger",
    ),
    "oped": (
        Article(
            url="http://127.0.0.22/oped",
            canonical_url="http://127.0.0.22/oped",
            title="Sanctions are not a strategy",
            text='Pressure alone failed. NEAR( the "DMZ" ^title: {text} * AND-OR -- Pyŏngyang must talk.',
            authors=("Kim Lee",),
            published=datetime(2026, 3, 4, tzinfo=UTC),
            language="EN",
            genre=Genre.OPINION,
        ),
        "Harbor Post",
        "post",
    ),
    "undated": (
        Article(
            url="http://127.0.0.22/brief",
            canonical_url="http://127.0.0.22/brief",
            title="Missile launch",
            text="Seoul reported a launch.",
            genre=Genre.NEWS,
        ),
        "Harbor Post",
        None,
    ),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SQLiteStore, dict[str, int]]]:
    opened = open_store(Path(tmp_path_factory.mktemp("sqlite_query")) / "x.db")
    assert isinstance(opened, SQLiteStore)
    ids = {}
    for name, (article, outlet, source) in ARTICLES.items():
        ids[name] = opened.upsert_article(article, outlet=outlet, source_id=source, seen_at=SEEN).document.id
    with opened.engine.begin() as db:
        db.execute(
            insert(schema.mentions).values(
                document_id=ids["talks"], actor_id="kim-yo-jong", text="Kim", type="person", start=0, end=3
            )
        )
        db.execute(
            insert(schema.quotes).values(
                document_id=ids["oped"], actor_id="state-dept", text="x", start=0, end=1, kind="direct"
            )
        )
        db.execute(
            insert(schema.metadata.tables["annotations"]).values(
                document_id=ids["oped"], kind="frame", value="pressure"
            )
        )
        db.execute(
            insert(schema.metadata.tables["annotations"]).values(
                document_id=ids["talks"], kind="stance", value="pressure"
            )
        )
    yield opened, ids
    opened.close()


def found(store: tuple[SQLiteStore, dict[str, int]], query: str) -> set[str]:
    opened, ids = store
    names = {v: k for k, v in ids.items()}
    with opened.engine.connect() as db:
        rows = db.execute(select(schema.documents.c.id).where(to_sqlite(parse(query), opened))).scalars()
        return {names[row] for row in rows}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('("North Korea" OR DPRK OR Pyongyang) AND (sanctions OR talks)', {"talks", "oped"}),
        ("sanction*", {"talks", "oped"}),
        ("title:sanctions", {"oped"}),
        ("text:sanctions", {"talks"}),
        ("sanctions -title:sanctions", {"talks"}),
        ("talk* NEAR/1 pyongyang", {"oped"}),
        ("talk* NEAR/0 pyongyang", set()),
        ("pyongyang NEAR/3 ready", {"talks"}),
        ("pyongyang NEAR/2 ready", set()),
        ('outlet:"harbor post"', {"oped", "undated"}),
        ("genre:opinion", {"oped"}),
        ("lang:en", {"talks", "oped"}),
        ("launch -lang:en", {"undated"}),
        ('author:"JANE DOE"', {"talks"}),
        ("source:post", {"oped"}),
        ("launch -source:post", {"undated"}),
        ("actor:kim-yo-jong OR actor:state-dept", {"talks", "oped"}),
        ("frame:pressure", {"oped"}),
        ("published:2026-03-02", {"talks"}),
        ("published:>2026-03-02", {"oped"}),
        ("launch (NOT published:>=2026-03-01)", {"undated"}),
        ("launch OR published:>=2026-03-03", {"undated", "oped"}),
        ("published:<2026-03-02T14:30:00Z", set()),
        ("published:<=2026-03-02T14:30:00Z", {"talks"}),
    ],
)
def test_store_selection(store: tuple[SQLiteStore, dict[str, int]], query: str, expected: set[str]) -> None:
    assert found(store, query) == expected


@pytest.mark.parametrize(
    "query",
    [
        '"NEAR("',
        "NEAR(",
        '"^title:"',
        "^title",
        '"{text}"',
        "{text}:talk",
        "pressure*",
        '"AND-OR"',
        "AND-OR",
        "dmz^",
        "title\\:x",
        '"the ""',
        "':'",
        "a:b:c",
        "x*y*",
    ],
)
def test_user_text_never_reaches_fts5_as_syntax(
    store: tuple[SQLiteStore, dict[str, int]], query: str
) -> None:
    try:
        parsed = parse(query)
    except QueryError:
        return
    opened, _ = store
    with opened.engine.connect() as db:
        db.execute(select(schema.documents.c.id).where(to_sqlite(parsed, opened))).all()


def test_fts_strings_are_quoted_tokens() -> None:
    assert fts_expression(parse('near "^x" title:{y}*').root) == ('("near") AND ("x") AND ({title} : "y"*)')
    assert fts_expression(parse('a NEAR/2 "b c"*').root) == 'NEAR("a" "b c"*, 2)'
    assert fts_expression(parse("a -b -c").root) == '((("a")) NOT ("b")) NOT ("c")'
    assert fts_expression(parse("c (a OR -b)").root) is None
    assert fts_expression(parse("a genre:news").root) is None


def test_pure_text_subtrees_become_one_match(store: tuple[SQLiteStore, dict[str, int]]) -> None:
    opened, _ = store
    query = parse('("North Korea" OR DPRK) sanctions -opinion genre:news NOT actor:kim (a OR b)')
    sql = str(to_sqlite(query, opened).compile())
    assert sql.count("documents_fts MATCH") == 1
    assert sql.count("EXISTS") == 2


def test_a_found_document_matches_in_memory_too(store: tuple[SQLiteStore, dict[str, int]]) -> None:
    opened, ids = store
    hits = opened.search(to_sqlite(parse("sanction* -genre:opinion"), opened))
    assert [hit.document.id for hit in hits] == [ids["talks"]]


PIECES = [
    *'ab é:*^"(){}-_/0.<>=',
    " ",
    " ",
    "NEAR/",
    "NEAR/2",
    "AND",
    "OR",
    "NOT",
    "title:",
    "outlet:",
    "published:",
    "2026-03-01",
    "..",
    "genre:",
    "korea",
    "Pyŏngyang",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_any_text_parses_or_fails_cleanly_and_runs(
    store: tuple[SQLiteStore, dict[str, int]], text: str
) -> None:
    try:
        parsed = parse(text)
    except QueryError as error:
        assert 0 <= error.position <= len(text)
        return
    opened, _ = store
    with opened.engine.connect() as db:
        db.execute(select(schema.documents.c.id).where(to_sqlite(parsed, opened))).all()
