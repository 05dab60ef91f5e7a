"""The alerts page and the rules API on the served demo desk: who may test, save and delete a
rule, the errors a wrong rule gets, the history, and new alerts arriving live."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select

from signaldesk.store import schema as t
from signaldesk.types import now

from .conftest import Served
from .helpers import form_token, sign_in
from .test_live import first_data, store_alert


def _alerts_stored(served: Served) -> int:
    with served.desk.store.engine.connect() as db:  # type: ignore[attr-defined]
        return int(db.execute(select(func.count()).select_from(t.alerts)).scalar() or 0)


def _rule_form(client: httpx.Client, action: str, **fields: str) -> httpx.Response:
    page = client.get("/alerts")
    data = {"csrf": form_token(page.text), "action": action, "when": "match", "severity": "notice"}
    return client.post("/alerts/rules", data=data | fields)


@pytest.fixture(scope="module")
def viewer(served: Served) -> httpx.Client:
    return sign_in(served.url, "viewer-user", served.passwords["viewer"])


@pytest.fixture(scope="module")
def analyst(served: Served) -> httpx.Client:
    return sign_in(served.url, "analyst-user", served.passwords["analyst"])


@pytest.fixture(scope="module")
def admin(served: Served) -> httpx.Client:
    return sign_in(served.url, "admin-user", served.passwords["admin"])


def test_everyone_sees_the_rules_and_the_history(served: Served, viewer: httpx.Client) -> None:
    page = viewer.get("/alerts")
    assert page.status_code == 200
    for rule in served.desk.config.rules:
        assert f'data-rule="{rule.id}"' in page.text
    assert 'id="alert-history"' in page.text and "/static/alerts.js" in page.text
    assert 'href="/alerts"' in page.text  # the nav link
    assert 'id="new-rule"' not in page.text and "Delete" not in page.text
    rows, total = served.desk.alert_history(limit=1)
    assert f"{total} alert" in page.text
    if rows:
        assert f'data-id="{rows[0].id}"' in page.text


def test_a_viewer_may_neither_test_nor_save(served: Served, viewer: httpx.Client) -> None:
    for action in ("test", "save"):
        answer = _rule_form(viewer, action, id="viewer-rule", query="talks")
        assert answer.status_code == 403
    assert "viewer-rule" not in {r.id for r in served.desk.config.rules}


def test_an_analyst_tests_a_rule_on_the_last_week_without_storing_it(
    served: Served, analyst: httpx.Client
) -> None:
    before = _alerts_stored(served)
    answer = _rule_form(analyst, "test", id="talks-test", query="talks")
    assert answer.status_code == 200
    expected = served.desk.count("talks", since=now() - timedelta(days=7))
    assert f"would have fired {expected} time" in answer.text
    assert 'value="talks-test"' in answer.text and 'value="talks"' in answer.text  # the input is kept
    assert _alerts_stored(served) == before
    assert "talks-test" not in {r.id for r in served.desk.config.rules}
    saved = _rule_form(analyst, "save", id="talks-test", query="talks")
    assert saved.status_code == 403


def test_an_existing_rule_is_tested_in_place(served: Served, analyst: httpx.Client) -> None:
    rule = served.desk.config.rules[0]
    page = analyst.get("/alerts")
    answer = analyst.post(f"/alerts/rules/{rule.id}/test", data={"csrf": form_token(page.text)})
    assert answer.status_code == 200 and f"rule {rule.id} would have fired" in answer.text


def test_a_wrong_rule_is_shown_with_its_error_and_the_input_kept(admin: httpx.Client) -> None:
    answer = _rule_form(admin, "test", id="wrong", query="talks", actor="state-departmen")
    assert answer.status_code == 422
    assert (
        "actor: unknown actor &#39;state-departmen&#39; (did you mean &#39;state-department&#39;?)"
        in answer.text
    )
    bad = _rule_form(admin, "test", id="wrong", query="talks AND (")
    assert bad.status_code == 422 and "query" in bad.text and 'value="talks AND ("' in bad.text


def test_posts_without_the_form_token_are_refused(served: Served, admin: httpx.Client) -> None:
    rule = served.desk.config.rules[0]
    for path, data in (
        ("/alerts/rules", {"action": "save", "id": "no-token", "when": "match"}),
        (f"/alerts/rules/{rule.id}/delete", {}),
        (f"/alerts/rules/{rule.id}/test", {"csrf": "stale"}),
    ):
        assert admin.post(path, data=data).status_code == 403, path
    ids = {r.id for r in served.desk.config.rules}
    assert rule.id in ids and "no-token" not in ids


def test_an_admin_saves_and_deletes_a_rule(served: Served, admin: httpx.Client) -> None:
    if not hasattr(served.desk, "add_rule"):
        pytest.skip("saving rules needs Desk.add_rule")
    answer = _rule_form(admin, "save", id="page-saved", name="Saved from the page", query="sanctions")
    assert answer.status_code == 303 and answer.headers["location"] == "/alerts?saved=page-saved"
    page = admin.get("/alerts?saved=page-saved")
    assert 'data-rule="page-saved"' in page.text and "Rule &#39;page-saved&#39; saved." in page.text
    assert "page-saved" in served.desk_path.read_text(encoding="utf-8")
    deleted = admin.post("/alerts/rules/page-saved/delete", data={"csrf": form_token(page.text)})
    assert deleted.status_code == 303
    assert "page-saved" not in {r.id for r in served.desk.config.rules}


def test_the_rules_api_lists_rules_with_channel_ids_only(served: Served) -> None:
    body = served.client("viewer").get("/api/v1/rules").json()
    assert body["total"] == len(served.desk.config.rules)
    first = body["items"][0]
    assert {"id", "when", "query", "severity", "channels"} <= set(first)
    assert all(isinstance(c, str) and "://" not in c for item in body["items"] for c in item["channels"])


def test_the_api_tests_a_rule_for_analysts(served: Served) -> None:
    rule = {"id": "api-talks", "query": "talks", "throttle": 0}
    before = _alerts_stored(served)
    answer = served.client("analyst").post("/api/v1/rules/test", json={"rule": rule, "days": 7, "limit": 3})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["fired"] == served.desk.count("talks", since=now() - timedelta(days=7)) == body["sent"]
    assert len(body["sample"]) == min(3, body["fired"]) and body["when"] == "match"
    assert {"document_id", "title", "outlet", "published", "why"} <= set(body["sample"][0])
    assert _alerts_stored(served) == before
    refused = served.client("viewer").post("/api/v1/rules/test", json={"rule": rule})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"


def test_the_api_names_the_mistake_in_a_rule(served: Served) -> None:
    client = served.client("analyst")
    wrong = client.post("/api/v1/rules/test", json={"rule": {"id": "x", "query": "actor:nobody"}})
    assert wrong.status_code == 422
    error = wrong.json()["error"]
    assert (
        error["code"] == "desk_file_invalid" and "unknown actor 'nobody' (at character 0)" in error["message"]
    )
    assert error["details"]["position"] == 0
    too_long = client.post("/api/v1/rules/test", json={"rule": {"id": "x"}, "days": 400})
    assert too_long.status_code == 422 and too_long.json()["error"]["code"] == "invalid_request"


def test_a_new_alert_arrives_on_the_alert_stream(served: Served, viewer: httpx.Client) -> None:
    after = served.desk.latest_alert_id()
    with viewer.stream("GET", "/events/alerts", params={"after": after}) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        store_alert(
            served, "Stream test alert", rule="envoy-quoted", severity="warning", waited=timedelta(seconds=60)
        )
        received = first_data(stream)
    assert received is not None and received["title"] == "Stream test alert"
    assert received["status"] == "recorded" and received["to_fire"] == "60 s" and received["latency"] == "—"
    page = viewer.get("/alerts")
    assert f'data-id="{received["id"]}"' in page.text and "Stream test alert" in page.text
