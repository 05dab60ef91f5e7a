"""Search on a real SQLite file: newest published first with early stop, capped totals, sampled facets."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from signaldesk.config import parse_desk
from signaldesk.desk import Desk
from signaldesk.store import open_store
from signaldesk.store import schema as t
from signaldesk.store.records import Facets, Total
from signaldesk.store.sqlite_search import Dated, page_of, straggler_floor
from signaldesk.types import Article, Genre
from tests.conftest import utcnow

START = datetime(2026, 3, 1, tzinfo=UTC)
DESK = """\
desk:
  name: Search desk
  store: ":memory:"
"""
QUERIES = [
    "",
    "alpha",
    "beta",
    "alpha AND beta",
    "alpha -beta",
    "genre:opinion",
    "genre:opinion alpha",
    "frame:pressure",
    "actor:kim",
    "frame:pressure beta",
    "beta OR actor:kim",
    "genre:news NOT alpha",
    "alpha AND NOT frame:pressure",
    'outlet:"Outlet 2" alpha',
    "zeta",
]


def _article(number: int, rng: random.Random) -> Article:
    words = ["alpha"] * (rng.random() < 0.7) + ["beta"] * (rng.random() < 0.3) + ["gamma"]
    # arrival (the id) and publication disagree: most documents come a little late, some much
    # later than they were published, some have no date, one old id is the newest published
    if number % 11 == 0:
        published = None
    elif number == 3:
        published = START + timedelta(days=30)
    elif number % 7 == 0:
        published = START + timedelta(hours=number - 40)
    else:
        published = START + timedelta(hours=number + rng.uniform(-3, 3))
    return Article(
        url=f"https://wire.example/{number}",
        canonical_url=f"https://wire.example/{number}",
        title=f"Story {number}",
        text=" ".join(words),
        published=published,
        genre=Genre.OPINION if number % 3 == 0 else Genre.NEWS,
    )


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory):
    folder: Path = tmp_path_factory.mktemp("search")
    store = open_store(folder / "desk.db")
    rng = random.Random(5)
    for number in range(1, 91):
        store.upsert_article(
            _article(number, rng), outlet=f"Outlet {number % 4}", source_id=None, seen_at=utcnow()
        )
    with store.engine.begin() as db:
        frames = [
            {
                "document_id": i,
                "kind": "frame",
                "value": "pressure" if i % 2 else "rights",
                "start": 0,
                "end": 1,
            }
            for i in range(1, 91)
        ]
        db.execute(insert(t.annotations), frames)
        mentions = [
            {"document_id": i, "actor_id": "kim", "text": "Kim", "type": "PER", "start": 0, "end": 3}
            for i in range(1, 91, 5)
        ]
        db.execute(insert(t.mentions), mentions)
    the_desk = Desk(parse_desk(DESK), store, folder)
    yield the_desk
    the_desk.close()


def _reference(desk: Desk, query: str) -> list[int]:
    """Every match through the plain SQL condition, sorted in Python: newest published, undated last."""
    with desk.store.engine.connect() as db:  # type: ignore[attr-defined]
        rows = db.execute(
            select(t.documents.c.id, t.documents.c.published).where(desk._where(query, None, None))
        )
        found = [Dated(row.id, row.published) for row in rows]
    return [row.id for row in page_of(found, 0, len(found))]


@pytest.mark.parametrize("query", QUERIES)
def test_pages_are_newest_published_first_whatever_the_arrival_order(desk: Desk, query: str) -> None:
    expected = _reference(desk, query)
    for offset, limit in ((0, 5), (0, 20), (5, 5), (17, 9), (40, 30), (85, 10)):
        got = [hit.document.id for hit in desk.search(query, limit=limit, offset=offset)]
        assert got == expected[offset : offset + limit], (query, offset, limit)
    assert desk.count(query) == len(expected)


def test_the_corpus_does_put_arrival_and_publication_out_of_order(desk: Desk) -> None:
    newest = desk.search("", limit=3)
    assert newest[0].document.id == 3  # stored third, published last
    last = desk.search("", limit=1, offset=89)[0].document
    assert last.published is None and last.id == 11  # undated go last, newest id first among them


def test_a_page_stops_early_at_the_window_when_ids_follow_publication() -> None:
    window = [Dated(i, f"2026-03-{i:02d}") for i in range(20, 10, -1)]
    floor = straggler_floor(window, 4)
    assert floor == Dated(17, "2026-03-17")  # only documents published after the 4th newest can intrude
    assert straggler_floor(window[:3], 4) is None
    undated = [Dated(9, None), Dated(8, None)]
    assert straggler_floor(undated, 2) == Dated(8, None)
    assert page_of([*undated, Dated(1, "2026-01-01"), Dated(2, "2026-01-01")], 0, 3) == [
        Dated(2, "2026-01-01"),
        Dated(1, "2026-01-01"),
        Dated(9, None),
    ]


@pytest.mark.parametrize("query", QUERIES)
def test_totals_are_exact_up_to_the_cap_and_flagged_above(desk: Desk, query: str) -> None:
    exact = desk.count(query)
    for cap in (1, 10, exact, exact + 1, 10_000):
        total = desk.total(query, cap=cap)
        if exact <= cap:
            assert total == Total(exact, True)
        else:
            assert total == Total(cap, False)
            assert str(total) == f"{cap:,}+"
    assert desk.total(query) == Total(exact, True)


def test_totals_read_as_people_write_them() -> None:
    assert str(Total(10_000, False)) == "10,000+"
    assert str(Total(1_234)) == "1,234"


def test_totals_and_pages_honour_the_time_window(desk: Desk) -> None:
    since, until = START + timedelta(hours=20), START + timedelta(hours=50)
    hits = desk.search("alpha", since=since, until=until, limit=100)
    assert hits and all(since <= (h.document.published or h.document.first_seen) < until for h in hits)
    assert desk.total("alpha", since=since, until=until) == Total(len(hits), True)
    assert desk.count("alpha", since=since, until=until) == len(hits)


@pytest.mark.parametrize("query", ["", "alpha", "genre:opinion", "frame:pressure beta"])
def test_facets_count_every_match_when_few_match_and_say_so(desk: Desk, query: str) -> None:
    facets = desk.facets(query)
    assert isinstance(facets, Facets) and facets.exact and facets.counted == desk.count(query)
    assert sum(n for _, n in facets["outlet"]) == facets.counted
    frames = dict(facets["frame"])
    assert frames.get("pressure", 0) == desk.count(f"({query}) frame:pressure" if query else "frame:pressure")
    assert dict(facets["actor"]).get("kim", 0) == desk.count(f"({query}) actor:kim" if query else "actor:kim")
    assert list(facets) == ["outlet", "genre", "language", "actor", "frame"]


def test_facets_over_a_sample_count_the_newest_matches_and_are_flagged(desk: Desk) -> None:
    facets = desk.facets("alpha", sample=10)
    assert not facets.exact and facets.counted == 10
    assert sum(n for _, n in facets["genre"]) == 10
    with desk.store.engine.connect() as db:  # type: ignore[attr-defined]
        newest = db.execute(
            select(t.documents.c.id)
            .where(desk._where("alpha", None, None))
            .order_by(t.documents.c.id.desc())
            .limit(10)
        ).scalars()
        opinion = sum(1 for i in newest if i % 3 == 0)
    assert dict(facets["genre"]).get("opinion", 0) == opinion
    assert desk.facets("zeta") == Facets({name: [] for name in facets}, 0, True)


@pytest.mark.parametrize("query", QUERIES)
def test_one_search_page_agrees_with_its_parts_under_small_bounds(desk: Desk, query: str) -> None:
    store = desk.store
    store.total_cap, store.facet_sample = 7, 5  # type: ignore[attr-defined]
    try:
        for offset, limit in ((0, 4), (6, 10)):
            found = desk.search_page(query, limit=limit, offset=offset)
            assert [h.document.id for h in found.hits] == [
                h.document.id for h in desk.search(query, limit=limit, offset=offset)
            ]
            assert found.total == desk.total(query) == desk.total(query, cap=7)
            assert found.facets == desk.facets(query) == desk.facets(query, sample=5)
            exact = desk.count(query)
            assert found.facets.exact == (exact <= 5) and found.total.exact == (exact <= 7)
    finally:
        del store.total_cap, store.facet_sample  # type: ignore[attr-defined]
