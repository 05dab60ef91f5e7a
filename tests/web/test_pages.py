"""The dashboard pages on a real server: they render, escape, carry security headers and CSRF fields."""

from __future__ import annotations

import re

from .conftest import Served
from .helpers import form_token, sign_in


def test_every_main_page_renders_for_a_viewer(served: Served) -> None:
    client = sign_in(served.url, "viewer-user", served.passwords["viewer"])
    story_id = served.client("viewer").get("/api/v1/stories?limit=1").json()["items"][0]["id"]
    document = served.client("viewer").get(f"/api/v1/stories/{story_id}").json()["timeline"][0]["document_id"]
    actor = served.desk.config.actors[0].id
    outlet = served.desk.document(document).outlet
    for path in [
        "/",
        "/search?q=sanctions",
        f"/stories/{story_id}",
        f"/documents/{document}",
        f"/actors/{actor}",
        "/columnists",
        f"/outlets/{outlet}",
        "/sources",
        "/briefs",
        "/settings",
    ]:
        page = client.get(path)
        assert page.status_code == 200, (path, page.text[:500])
        assert "text/html" in page.headers["content-type"]
        csp = page.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert page.headers["x-content-type-options"] == "nosniff"
        assert page.headers["referrer-policy"]
        assert "<script>" not in page.text and " style=" not in page.text, (
            f"{path} has inline script or style"
        )


def test_search_page_shows_facets_and_exports(served: Served) -> None:
    client = sign_in(served.url, "analyst-user", served.passwords["analyst"])
    page = client.get("/search", params={"q": "sanctions"})
    total = int(re.search(r'id="total">(\d+) documents', page.text).group(1))
    assert total == served.desk.count("sanctions") > 0
    for facet in ("outlet", "genre", "language", "actor", "frame"):
        assert f"<h3>{facet}</h3>" in page.text
    csv_export = client.get("/search/export", params={"q": "sanctions", "fmt": "csv"})
    assert csv_export.headers["content-type"].startswith("text/csv")
    assert len(csv_export.text.strip().splitlines()) >= total + 1
    jsonl = client.get("/search/export", params={"q": "sanctions", "fmt": "jsonl"})
    assert len(jsonl.text.strip().splitlines()) == total


def test_story_page_shows_timeline_summary_quotes_and_chart(served: Served) -> None:
    client = sign_in(served.url, "viewer-user", served.passwords["viewer"])
    story = served.client("viewer").get("/api/v1/stories", params={"limit": 1}).json()["items"][0]
    page = client.get(f"/stories/{story['id']}").text
    assert page.count('<li><span class="meta">') >= story["documents"]
    assert "<h2>Summary</h2>" in page and '<svg class="chart"' in page
    assert "<h2>Quotes</h2>" in page and "“" in page


def test_article_page_highlights_and_original_is_plain_text_download(served: Served) -> None:
    client = sign_in(served.url, "viewer-user", served.passwords["viewer"])
    quoted = served.desk.documents("actor:state-department")
    document = next(d for d in quoted if served.desk.marks(d.id).quotes)
    page = client.get(f"/documents/{document.id}")
    assert '<mark class="m-quote' in page.text and "m-entity" in page.text
    original = client.get(f"/documents/{document.id}/original")
    assert original.status_code == 200
    assert original.headers["content-type"].startswith("text/plain")
    assert original.headers["content-disposition"].startswith("attachment")
    assert "sandbox" in original.headers["content-security-policy"]
    assert document.title.split()[0] in original.text


def test_pages_without_a_session_redirect_to_login(served: Served) -> None:
    anonymous = served.client()
    answer = anonymous.get("/search?q=talks")
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login?next=%2Fsearch")
    assert "csrf" in anonymous.get("/login").text


def test_admin_adds_a_user_through_the_settings_form(served: Served) -> None:
    client = sign_in(served.url, "admin-user", served.passwords["admin"])
    token = form_token(client.get("/settings").text)
    answer = client.post("/settings/users", data={"name": "new-analyst", "role": "analyst", "csrf": token})
    assert answer.status_code == 200
    password = re.search(r'id="secret">([^<]+)<', answer.text).group(1)
    sign_in(served.url, "new-analyst", password)


def test_analyst_writes_a_brief_shown_sandboxed_and_kept(served: Served) -> None:
    viewer = sign_in(served.url, "viewer-user", served.passwords["viewer"])
    refused = viewer.post("/briefs", data={"csrf": form_token(viewer.get("/briefs").text)})
    assert refused.status_code == 403
    analyst = sign_in(served.url, "analyst-user", served.passwords["analyst"])
    written = analyst.post("/briefs", data={"csrf": form_token(analyst.get("/briefs").text)})
    assert written.status_code == 303
    shown = analyst.get(written.headers["location"])
    assert shown.status_code == 200 and shown.headers["content-type"].startswith("text/html")
    assert shown.headers["content-security-policy"].startswith("sandbox")
    listed = analyst.get("/briefs").text
    brief_id = re.search(r'href="/briefs/(\d+)\.json"', listed).group(1)
    kept = analyst.get(f"/briefs/{brief_id}.json")
    assert kept.status_code == 200 and kept.json()
    assert analyst.get("/briefs/999999.json").status_code == 404


def test_actor_page_charts_the_signal_index_and_lists_shifts_with_evidence(served: Served) -> None:
    client = sign_in(served.url, "viewer-user", served.passwords["viewer"])
    page = client.get("/actors/state-department").text
    assert '<svg class="chart"' in page and 'class="line s0"' in page
    assert 'class="shift"' in page, "the detected shift is marked on the chart"
    shifts = page[page.index('id="shifts"') :]
    assert "softening" in shifts and "confidence" in shifts
    assert re.search(r'<a href="/documents/\d+">document \d+</a>', shifts)
    missing = client.get("/actors/state-departmnt")
    assert missing.status_code == 404 and "did you mean" in missing.text
