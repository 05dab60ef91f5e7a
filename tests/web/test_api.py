"""The REST API on a real server: paging, search with facets, tokens, roles, CSRF and one error shape."""

from __future__ import annotations

import httpx
import pytest

from .conftest import Served
from .helpers import form_token, sign_in


def error_of(answer: httpx.Response, status: int, code: str) -> dict[str, object]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    body = answer.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code and body["error"]["message"]
    return body["error"]


def test_documents_page_through_with_total(served: Served) -> None:
    api = served.client("viewer")
    first = api.get("/api/v1/documents", params={"limit": 7}).json()
    second = api.get("/api/v1/documents", params={"limit": 7, "offset": 7}).json()
    assert first["total"] == served.desk.count() >= 100 and first["total_is_exact"] is True
    assert len(first["items"]) == len(second["items"]) == 7
    assert not {d["id"] for d in first["items"]} & {d["id"] for d in second["items"]}


def test_documents_and_the_outlet_page_give_the_capped_total(served: Served) -> None:
    api = served.client("viewer")
    outlet = api.get("/api/v1/documents", params={"limit": 1}).json()["items"][0]["outlet"]
    query = f'outlet:"{outlet}"'
    answer = api.get("/api/v1/documents", params={"q": query, "limit": 1}).json()
    exact = served.desk.count(query)
    assert answer["total"] == exact > 0 and answer["total_is_exact"] is True
    page = sign_in(served.url, "viewer-user", served.passwords["viewer"]).get(f"/outlets/{outlet}")
    assert page.status_code == 200 and f"{exact:,} documents" in page.text


def test_search_gives_hits_and_facets_that_agree_with_the_desk(served: Served) -> None:
    answer = served.client("viewer").get("/api/v1/search", params={"q": "frame:pressure", "limit": 5}).json()
    assert answer["total"] == served.desk.count("frame:pressure") > 0
    frames = {row["value"]: row["count"] for row in answer["facets"]["frame"]}
    assert frames["pressure"] == answer["total"]
    outlets = answer["facets"]["outlet"]
    assert sum(row["count"] for row in outlets) == answer["total"]
    first = outlets[0]["value"]
    assert first and served.desk.count(f'frame:pressure AND outlet:"{first}"') == outlets[0]["count"]


def test_story_document_actor_alerts_briefs_sources(served: Served) -> None:
    api = served.client("analyst")
    story = api.get("/api/v1/stories", params={"limit": 1}).json()["items"][0]
    report = api.get(f"/api/v1/stories/{story['id']}").json()
    assert len(report["timeline"]) == story["documents"]
    document = api.get(f"/api/v1/documents/{report['timeline'][0]['document_id']}").json()
    for quote in document["quotes"]:
        assert 0 <= quote["start"] < quote["end"] <= len(document["text"])
    quotes = api.get("/api/v1/actors/state-department/quotes").json()
    assert quotes["total"] > 0 and all(q["quote"]["actor_id"] == "state-department" for q in quotes["items"])
    signals = api.get("/api/v1/actors/state-department/signals").json()
    assert signals["frames"] and all(
        -1 <= d["index"] <= 1 for days in signals["frames"].values() for d in days
    )
    softening = [s for s in signals["shifts"] if s["direction"] == "softening"]
    assert softening and softening[0]["evidence"], "a shift comes with the quotes that moved it"
    one = api.get("/api/v1/actors/state-department/signals", params={"frame": softening[0]["frame"]}).json()
    assert set(one["frames"]) <= {softening[0]["frame"]}
    assert api.get("/api/v1/alerts").json()["total"] >= 0
    assert set(api.get("/api/v1/briefs").json()) == {"total", "limit", "offset", "items"}
    sources = api.get("/api/v1/sources").json()
    assert sources["total"] == len(served.desk.sources)


@pytest.mark.parametrize("path", ["/api/v1/documents", "/api/v1/search", "/api/v1/me", "/api/v1/stories/1"])
def test_api_without_token_or_session_is_401(served: Served, path: str) -> None:
    answer = served.client().get(path)
    error_of(answer, 401, "unauthorized")
    assert answer.headers["www-authenticate"] == "Bearer"
    bad = httpx.get(served.url + path, headers={"Authorization": "Bearer not-a-token"})
    error_of(bad, 401, "unauthorized")


def test_every_error_has_the_one_shape(served: Served) -> None:
    api = served.client("viewer")
    error_of(api.get("/api/v1/documents/987654"), 404, "not_found")
    error_of(api.get("/api/v1/stories/987654"), 404, "not_found")
    error_of(api.get("/api/v1/actors/nobody/quotes"), 404, "not_found")
    unknown = error_of(api.get("/api/v1/actors/state-departmnt/signals"), 404, "not_found")
    assert "did you mean 'state-department'" in unknown["message"]
    frame = api.get("/api/v1/actors/state-department/signals", params={"frame": "nope"})
    error_of(frame, 404, "not_found")
    error_of(api.get("/api/v1/no-such-route"), 404, "not_found")
    invalid = error_of(api.get("/api/v1/documents", params={"limit": 0}), 422, "invalid_request")
    assert invalid["details"][0]["where"] == ["query", "limit"]
    error_of(api.get("/api/v1/documents/not-a-number"), 422, "invalid_request")
    query = error_of(api.get("/api/v1/search", params={"q": 'title:"open'}), 422, "query_invalid")
    assert query["details"]["query"] == 'title:"open'
    error_of(api.post("/api/v1/documents"), 405, "method_not_allowed")
    error_of(api.post("/api/v1/users", params={"name": "x"}), 403, "forbidden")
    error_of(served.client("admin").post("/api/v1/users", params={"name": "y", "role": "boss"}), 422, "usage")


def test_viewer_cannot_change_settings_and_admin_can(served: Served) -> None:
    viewer = sign_in(served.url, "viewer-user", served.passwords["viewer"])
    token = form_token(viewer.get("/settings").text)
    refused = viewer.post("/settings/users", data={"name": "sneaky", "role": "admin", "csrf": token})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "forbidden"
    assert "sneaky" not in {u.name for u in served.desk.users()}
    created = served.client("admin").post("/api/v1/users", params={"name": "by-api", "role": "viewer"})
    assert created.status_code == 201 and created.json()["password"]


def test_form_posts_without_the_csrf_token_are_refused(served: Served) -> None:
    admin = sign_in(served.url, "admin-user", served.passwords["admin"])
    for data in ({"name": "no-csrf"}, {"name": "bad-csrf", "csrf": "forged"}):
        answer = admin.post("/settings/users", data=data)
        error_of(answer, 403, "csrf_failed")
    assert not {"no-csrf", "bad-csrf"} & {u.name for u in served.desk.users()}
    error_of(admin.post("/api/v1/users", params={"name": "cookie-only"}), 403, "csrf_failed")
    error_of(admin.post("/logout"), 403, "csrf_failed")
    login = httpx.post(
        served.url + "/login", data={"name": "admin-user", "password": served.passwords["admin"]}
    )
    error_of(login, 403, "csrf_failed")


def test_wrong_password_is_refused(served: Served) -> None:
    client = httpx.Client(base_url=served.url, timeout=10)
    token = form_token(client.get("/login").text)
    answer = client.post("/login", data={"name": "admin-user", "password": "wrong", "csrf": token})
    assert answer.status_code == 401 and "Wrong user name or password" in answer.text
    assert "signaldesk_session" not in answer.cookies
    error_of(client.get("/api/v1/me"), 401, "unauthorized")


def test_sign_out_ends_the_session(served: Served) -> None:
    client = sign_in(served.url, "analyst-user", served.passwords["analyst"])
    assert client.get("/api/v1/me").json() == {"name": "analyst-user", "role": "analyst"}
    token = form_token(client.get("/").text)
    assert client.post("/logout", data={"csrf": token}).status_code == 303
    error_of(client.get("/api/v1/me"), 401, "unauthorized")


def test_websub_callback_is_mounted(served: Served) -> None:
    answer = httpx.get(served.url + "/websub/unknown-source", params={"hub.mode": "subscribe"})
    assert answer.status_code == 404 and answer.text == "no such subscription"


def test_documents_and_the_outlet_page_flag_a_total_past_the_cap(served: Served) -> None:
    store = served.desk.store
    outlet = (
        served.client("viewer").get("/api/v1/documents", params={"limit": 1}).json()["items"][0]["outlet"]
    )
    assert served.desk.count(f'outlet:"{outlet}"') > 3
    store.total_cap = 3  # type: ignore[attr-defined]
    try:
        answer = served.client("viewer").get("/api/v1/documents", params={"limit": 2}).json()
        page = sign_in(served.url, "viewer-user", served.passwords["viewer"]).get(f"/outlets/{outlet}")
    finally:
        del store.total_cap  # type: ignore[attr-defined]
    assert answer["total"] == 3 and answer["total_is_exact"] is False and len(answer["items"]) == 2
    assert page.status_code == 200 and "3+ documents" in page.text
