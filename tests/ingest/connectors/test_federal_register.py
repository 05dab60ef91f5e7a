"""Federal Register documents.json: articles, paging, schema drift."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from signaldesk.ingest.connectors import CONNECTORS, Request
from signaldesk.types import Genre

from .conftest import fixture, page, source

FR = CONNECTORS["federal-register"]
URL = "https://www.federalregister.gov/api/v1/documents.json"


def test_the_search_asks_for_term_agencies_and_types() -> None:
    src = source(
        FR.name, URL, params={"term": "North Korea", "agencies": "state-department", "types": "RULE,NOTICE"}
    )
    (first,) = FR.start(src, None)
    query = parse_qs(urlsplit(first.url).query)
    assert query["conditions[term]"] == ["North Korea"]
    assert query["conditions[agencies][]"] == ["state-department"]
    assert query["conditions[type][]"] == ["RULE", "NOTICE"]
    assert query["order"] == ["newest"]
    assert "abstract" in query["fields[]"]


def test_documents_become_official_articles_and_the_next_page_is_followed() -> None:
    src = source(FR.name, "http://127.0.0.41:8000/api/v1/documents.json", params={"term": "North Korea"})
    parsed = FR.parse(
        src, Request(URL, "documents", 1), page(fixture("federal_register/documents_page1.json"))
    )
    assert [a.title for a in parsed.articles] == [
        "Addition of Entities to the Entity List",
        "Notice of Intent To Extend a Restriction on Travel",
    ]
    rule = parsed.articles[0]
    assert rule.genre is Genre.OFFICIAL
    assert rule.url.endswith("2031-04417/addition-of-entities-to-the-entity-list")
    assert rule.authors == ("Commerce Department", "Industry and Security Bureau")
    assert rule.published is not None and rule.published.date().isoformat() == "2031-03-04"
    assert (
        "Rule | Commerce Department; Industry and Security Bureau | published 2031-03-04 | document 2031-04417"
        in rule.text
    )
    assert "procurement on behalf of North Korea" in rule.text
    assert "type:Rule" in rule.tags
    (follow,) = parsed.follow
    assert follow.url.startswith("http://127.0.0.41:8000/api/v1/documents.json?") and "page=2" in follow.url
    last = FR.parse(src, follow, page(fixture("federal_register/documents_page2.json")))
    assert [a.published.date().isoformat() for a in last.articles if a.published] == ["2031-01-20"]
    assert last.follow == ()


def test_paging_stops_at_the_pages_param() -> None:
    src = source(FR.name, URL, params={"term": "x", "pages": "1"})
    parsed = FR.parse(
        src, Request(URL, "documents", 1), page(fixture("federal_register/documents_page1.json"))
    )
    assert parsed.follow == ()


def test_a_new_field_or_a_missing_optional_one_keeps_the_item() -> None:
    data = json.loads(fixture("federal_register/documents_page1.json"))
    data["results"][0]["significant"] = True
    data["results"][0]["new_thing"] = {"nested": [1, 2]}
    for name in ("abstract", "agencies", "pdf_url", "raw_text_url", "type", "publication_date", "excerpts"):
        del data["results"][1][name]
    del data["results"][1]["html_url"]  # the document number still gives an address
    parsed = FR.parse(source(FR.name, URL), Request(URL), page(json.dumps(data).encode()))
    assert len(parsed.articles) == 2
    assert parsed.articles[1].url == "https://www.federalregister.gov/d/2031-03980"
    data["results"][1].pop("document_number")
    parsed = FR.parse(source(FR.name, URL), Request(URL), page(json.dumps(data).encode()))
    assert len(parsed.articles) == 1 and parsed.skipped
