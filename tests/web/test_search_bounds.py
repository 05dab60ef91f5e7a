"""Search on the dashboard and API says when its total and facets stop short of every match."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from .conftest import Served
from .helpers import sign_in


@pytest.fixture
def small_bounds(served: Served) -> Iterator[Served]:
    """The served store with a total cap of 3 and facets over the newest 4 matches."""
    store = served.desk.store
    store.total_cap, store.facet_sample = 3, 4  # type: ignore[attr-defined]
    try:
        yield served
    finally:
        del store.total_cap, store.facet_sample  # type: ignore[attr-defined]


def test_api_search_flags_a_capped_total_and_sampled_facets(small_bounds: Served) -> None:
    api = small_bounds.client("viewer")
    exact = small_bounds.desk.count("")
    assert exact > 4
    answer = api.get("/api/v1/search", params={"limit": 2}).json()
    assert answer["total"] == 3 and answer["total_is_exact"] is False
    assert answer["facets_exact"] is False and answer["facets_counted"] == 4
    assert sum(row["count"] for row in answer["facets"]["genre"]) == 4
    assert len(answer["items"]) == 2 and set(answer) >= {"limit", "offset", "items"}


def test_api_search_says_exact_when_few_match(served: Served) -> None:
    answer = served.client("viewer").get("/api/v1/search", params={"q": "sanctions"}).json()
    assert answer["total"] == served.desk.count("sanctions") > 0
    assert answer["total_is_exact"] is True and answer["facets_exact"] is True
    assert answer["facets_counted"] == answer["total"]


def test_search_page_shows_a_capped_total_with_a_plus_and_labels_sampled_facets(small_bounds: Served) -> None:
    client = sign_in(small_bounds.url, "viewer-user", small_bounds.passwords["viewer"])
    page = client.get("/search").text
    assert re.search(r'<p id="total" title="counting stops at 3">3\+ documents match', page)
    assert 'id="facets-sample">Counted over the newest 4 matches' in page
    assert "offset=25" in page  # more pages may follow a capped total
    none = client.get("/search", params={"q": "zzxqv"}).text
    assert 'id="facets-sample"' not in none and 'id="total">0 documents match' in none
