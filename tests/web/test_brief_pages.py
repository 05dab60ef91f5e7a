"""Kept briefs on the dashboard and the API: write one for any window, read it, download every format."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, time, timedelta

import httpx
import pytest

from signaldesk.briefs.load import from_data
from signaldesk.demo import Newsroom
from signaldesk.web.brief_files import slug

from .conftest import Served
from .helpers import form_token, sign_in

TYPES = {"md": "text/markdown", "html": "text/html", "json": "application/json", "pdf": "application/pdf"}


def write(client: httpx.Client, **window: str) -> httpx.Response:
    return client.post("/briefs", data={"csrf": form_token(client.get("/briefs").text), **window})


@pytest.fixture(scope="module")
def analyst(served: Served) -> httpx.Client:
    return sign_in(served.url, "analyst-user", served.passwords["analyst"])


@pytest.fixture(scope="module")
def day_two(served: Served, newsroom: Newsroom, analyst: httpx.Client) -> tuple[int, datetime, datetime]:
    """A brief the analyst wrote for day two 06:00 to 18:00 (desk time) with the form's window."""
    assert newsroom.clock is not None
    day = newsroom.clock.day1 + timedelta(days=1)
    zone = served.desk.config.zone
    start, end = (datetime.combine(day, time(h), tzinfo=zone) for h in (6, 18))
    answer = write(
        analyst, **{"from": start.strftime("%Y-%m-%dT%H:%M"), "until": end.strftime("%Y-%m-%dT%H:%M")}
    )
    assert answer.status_code == 303, answer.text
    found = re.fullmatch(r"/briefs/(\d+)", answer.headers["location"])
    assert found, answer.headers["location"]
    return int(found.group(1)), start, end


def test_writing_redirects_to_the_kept_brief_shown_sandboxed(
    served: Served, analyst: httpx.Client, day_two: tuple[int, datetime, datetime]
) -> None:
    answer = write(analyst)
    assert answer.status_code == 303
    page = analyst.get(answer.headers["location"])
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"].startswith("sandbox")
    brief_id = int(answer.headers["location"].rsplit("/", 1)[1])
    assert served.desk.stored_brief(brief_id).title in page.text
    listed = analyst.get("/briefs").text
    for target in (f"/briefs/{brief_id}", *(f"/briefs/{brief_id}.{f}" for f in TYPES)):
        assert f'href="{target}"' in listed


def test_a_custom_window_gives_the_brief_of_that_window(
    served: Served, analyst: httpx.Client, day_two: tuple[int, datetime, datetime]
) -> None:
    brief_id, start, end = day_two
    brief = served.desk.stored_brief(brief_id)
    assert datetime.fromisoformat(brief.window_start) == start
    assert datetime.fromisoformat(brief.window_end) == end
    assert brief.documents > 0 and brief.developments, "day two of the storyline has coverage"
    assert "without preconditions" in analyst.get(f"/briefs/{brief_id}.md").text


@pytest.mark.parametrize(
    "fmt",
    ["md", "html", "json", pytest.param("pdf", marks=pytest.mark.slow)],  # WeasyPrint takes seconds
)
def test_each_format_downloads_with_its_type_name_and_content(
    served: Served, analyst: httpx.Client, day_two: tuple[int, datetime, datetime], fmt: str
) -> None:
    brief_id, start, _ = day_two
    brief = served.desk.stored_brief(brief_id)
    answer = analyst.get(f"/briefs/{brief_id}.{fmt}")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith(TYPES[fmt])
    name = f"{slug(served.desk.config.desk.name)}-brief-{start.strftime('%Y-%m-%dT%H%M')}-"
    disposition = answer.headers["content-disposition"]
    assert disposition.startswith(f'attachment; filename="{name}') and disposition.endswith(f'.{fmt}"')
    if fmt == "json":
        assert from_data(answer.json()) == brief
        assert answer.text == served.desk.stored_brief_data(brief_id)
    elif fmt == "pdf":
        assert_pdf(answer.content)
    else:
        assert brief.title in answer.text and brief.developments[0].title.split("'")[0] in answer.text
    if fmt == "html":
        assert answer.headers["content-security-policy"].startswith("sandbox")


def assert_pdf(data: bytes) -> None:
    from pypdf import PdfReader

    assert data.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(data)).pages) >= 1


def test_the_api_serves_a_kept_brief_in_every_format(
    served: Served, day_two: tuple[int, datetime, datetime]
) -> None:
    brief_id, _, _ = day_two
    api = served.client("viewer")
    default = api.get(f"/api/v1/briefs/{brief_id}")
    assert default.headers["content-type"].startswith("application/json")
    assert from_data(default.json()) == served.desk.stored_brief(brief_id)
    for fmt, kind in TYPES.items():
        answer = api.get(f"/api/v1/briefs/{brief_id}", params={"format": fmt})
        assert answer.status_code == 200 and answer.headers["content-type"].startswith(kind)
    assert_pdf(answer.content)
    missing = api.get("/api/v1/briefs/999999")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found" and "999999" in missing.json()["error"]["message"]
    assert api.get(f"/api/v1/briefs/{brief_id}", params={"format": "docx"}).status_code == 422
    documented = api.get("/api/v1/openapi.json").json()["paths"]["/api/v1/briefs/{brief_id}"]["get"]
    assert set(documented["responses"]["200"]["content"]) == {
        "application/json",
        "text/markdown",
        "text/html",
        "application/pdf",
    }


def test_an_unknown_brief_is_a_not_found_page(analyst: httpx.Client) -> None:
    for path in ("/briefs/999999", "/briefs/999999.pdf"):
        answer = analyst.get(path, headers={"Accept": "text/html"})
        assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")
        assert "no kept brief with id 999999" in answer.text


def test_a_viewer_downloads_but_cannot_write(served: Served, day_two: tuple[int, datetime, datetime]) -> None:
    brief_id, _, _ = day_two
    viewer = sign_in(served.url, "viewer-user", served.passwords["viewer"])
    assert 'action="/briefs"' not in viewer.get("/briefs").text
    assert viewer.get(f"/briefs/{brief_id}").status_code == 200
    assert viewer.get(f"/briefs/{brief_id}.pdf").content.startswith(b"%PDF")
    refused = write(viewer)
    assert refused.status_code == 403 and "analyst" in refused.json()["error"]["message"]


def test_writing_without_the_form_token_or_with_a_bad_window_is_refused(analyst: httpx.Client) -> None:
    before = analyst.get("/briefs").text.count("data-brief=")
    assert analyst.post("/briefs", data={}).json()["error"]["code"] == "csrf_failed"
    assert analyst.post("/briefs", data={"csrf": "stale"}).status_code == 403
    backwards = write(analyst, **{"from": "2026-03-02T18:00", "until": "2026-03-02T06:00"})
    assert backwards.status_code == 422 and "must come after" in backwards.json()["error"]["message"]
    assert write(analyst, **{"from": "2026-03-02T18:00"}).status_code == 422
    assert write(analyst, **{"from": "soon", "until": "later"}).status_code == 422
    assert analyst.get("/briefs").text.count("data-brief=") == before, "nothing was kept"


def test_the_list_shows_times_in_the_desk_timezone(
    served: Served, analyst: httpx.Client, day_two: tuple[int, datetime, datetime]
) -> None:
    assert served.desk.config.zone.key in analyst.get("/briefs").text
    assert json.loads(served.client("viewer").get("/api/v1/briefs").text)["total"] >= 1
