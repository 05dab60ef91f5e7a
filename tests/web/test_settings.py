"""Settings and sources edited through the dashboard and the API, on a real server over loopback:
validated as the desk file, admin only, CSRF-checked, secrets never shown."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from markupsafe import escape

from signaldesk import desk_file
from signaldesk.config import load_desk, parse_desk
from signaldesk.desk import Desk
from signaldesk.errors import DeskFileError
from signaldesk.types import now
from signaldesk.web.app import create_app

from .conftest import Served, ThreadServer
from .helpers import form_token, sign_in

SECRET = "hunter2Secret"
TEXT = f"""\
# Settings test desk
desk:
  name: Settings desk
  store: settings.db
watches:
  - id: kestria  # the country
    name: Kestria
    query: Kestria
actors:
  - id: state-department
    name: State Department
    kind: institution
frames: []
sources:
  - id: wire
    outlet: Wire
    url: https://wire.example/feed.xml
channels:
  - id: mail
    url: mailto://desk:{SECRET}@mail.example.com?to=desk@example.com
rules:
  - id: talks
    query: talks
playbook: []
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    path = tmp_path_factory.mktemp("settings") / "desk.yaml"
    path.write_text(TEXT, encoding="utf-8")
    desk = Desk.open(path)
    passwords = {role: desk.add_user(f"{role}-user", role) for role in ("admin", "analyst", "viewer")}
    tokens = {role: desk.add_token(f"{role}-user", "tests") for role in passwords}
    try:
        with ThreadServer(create_app(desk), "127.0.0.34") as url:
            yield Served(url, desk, path, passwords, tokens)
    finally:
        desk.close()


@pytest.fixture
def site(server: Served) -> Served:
    """The served desk with its desk file as TEXT again and no kept versions."""
    for old in desk_file.history(server.desk_path):
        old.unlink()
    server.desk_path.write_text(TEXT, encoding="utf-8")
    server.desk.config = load_desk(server.desk_path)
    server.desk.store.sync_sources(server.desk.config.sources)
    return server


def signed_in(site: Served, role: str) -> httpx.Client:
    return sign_in(site.url, f"{role}-user", site.passwords[role])


def loader_message(site: Served, section: str, value: str) -> str:
    with pytest.raises(DeskFileError) as error:
        parse_desk(desk_file.replace_section(TEXT, section, value), str(site.desk_path))
    return error.value.message


def test_the_settings_page_shows_each_section_and_never_a_secret(site: Served) -> None:
    admin = signed_in(site, "admin").get("/settings").text
    viewer = signed_in(site, "viewer").get("/settings").text
    analyst = signed_in(site, "analyst").get("/settings").text
    for page in (admin, viewer, analyst):
        assert SECRET not in page
        for section in desk_file.SECTIONS:
            assert f'id="{section}"' in page
    assert "mailto://***:***@mail.example.com?to=***" in admin
    for page in (viewer, analyst):
        assert "mailto://(hidden)" in page and "mail.example.com" not in page and "***" not in page
    assert admin.count("<textarea") == len(desk_file.SECTIONS) and "# the country" in admin
    assert "<textarea" not in viewer and "Only an admin can change them" in viewer


def test_an_admin_saves_a_section_and_the_desk_uses_it(site: Served) -> None:
    client = signed_in(site, "admin")
    token = form_token(client.get("/settings").text)
    value = "- id: kestria  # the country\n  name: Kestria\n  query: Kestria\n- id: talks\n  name: Talks\n  query: talks\n"
    answer = client.post("/settings/section/watches", data={"yaml": value, "csrf": token})
    assert answer.status_code == 303 and answer.headers["location"].startswith("/settings?saved=watches")
    assert [w.id for w in site.desk.config.watches] == ["kestria", "talks"]
    assert "# Settings test desk" in site.desk_path.read_text()
    assert desk_file.history(site.desk_path)


def test_a_refused_edit_shows_the_loaders_message_and_keeps_the_text(site: Served) -> None:
    client = signed_in(site, "admin")
    token = form_token(client.get("/settings").text)
    before = site.desk_path.read_bytes()
    value = "- id: r\n  actor: state-departmnt\n"
    answer = client.post("/settings/section/rules", data={"yaml": value, "csrf": token})
    assert answer.status_code == 422
    message = loader_message(site, "rules", value)
    assert "did you mean 'state-department'" in message
    assert str(escape(message)) in answer.text
    assert str(escape(value)) in answer.text
    assert site.desk_path.read_bytes() == before


def test_only_an_admin_with_the_forms_token_changes_settings(site: Served) -> None:
    before = site.desk_path.read_bytes()
    for role in ("viewer", "analyst"):
        client = signed_in(site, role)
        token = form_token(client.get("/settings").text)
        answer = client.post("/settings/section/frames", data={"yaml": "- id: f\n  name: F\n", "csrf": token})
        assert answer.status_code == 403, role
        answer = client.post("/sources/wire/disable", data={"csrf": token})
        assert answer.status_code == 403, role
    admin = signed_in(site, "admin")
    for path, data in (
        ("/settings/section/frames", {"yaml": "- id: f\n  name: F\n"}),
        ("/sources/wire/disable", {}),
        ("/sources", {"id": "x", "outlet": "X", "url": "https://x.example/feed"}),
    ):
        assert admin.post(path, data=data).status_code == 403
        assert admin.post(path, data={**data, "csrf": "forged"}).status_code == 403
    anonymous = httpx.Client(base_url=site.url, timeout=10)
    assert anonymous.post("/settings/section/frames", data={"yaml": "[]"}).status_code in (303, 401)
    assert site.desk_path.read_bytes() == before


def test_sources_are_added_disabled_and_enabled_from_the_page(site: Served) -> None:
    client = signed_in(site, "admin")
    page = client.get("/sources").text
    token = form_token(page)
    assert 'action="/sources/wire/disable"' in page
    bad = {"id": "extra", "outlet": "Extra", "url": "ftp://extra.example/feed", "kind": "feed", "csrf": token}
    answer = client.post("/sources", data=bad)
    assert answer.status_code == 422 and "is not an http(s) address" in answer.text
    assert 'value="ftp://extra.example/feed"' in answer.text
    good = {**bad, "url": "https://extra.example/feed"}
    assert client.post("/sources", data=good).status_code == 303
    assert site.desk.source("extra").url == "https://extra.example/feed"
    assert client.post("/sources/extra/disable", data={"csrf": token}).status_code == 303
    assert not site.desk.source("extra").enabled
    assert "disabled" in client.get("/sources").text
    assert client.post("/sources/extra/enable", data={"csrf": token}).status_code == 303
    assert site.desk.source("extra").enabled
    viewer_page = signed_in(site, "viewer").get("/sources").text
    assert "Add a source" not in viewer_page and "/disable" not in viewer_page


def test_the_api_reads_and_replaces_a_section(site: Served) -> None:
    viewer, admin = site.client("viewer"), site.client("admin")
    assert viewer.get("/api/v1/settings/channels").json()["yaml"] == "- id: mail\n  url: mailto://(hidden)\n"
    analyst = site.client("analyst").get("/api/v1/settings/channels").json()["yaml"]
    assert analyst == "- id: mail\n  url: mailto://(hidden)\n"
    shown = admin.get("/api/v1/settings/channels")
    assert shown.status_code == 200 and SECRET not in shown.text
    assert shown.json()["yaml"] == "- id: mail\n  url: mailto://***:***@mail.example.com?to=***\n"
    pasted = admin.put(
        "/api/v1/settings/channels", content=viewer.get("/api/v1/settings/channels").json()["yaml"]
    )
    assert pasted.status_code == 422 and "type the whole URL" in pasted.json()["error"]["message"]
    assert httpx.get(site.url + "/api/v1/settings/channels").status_code == 401
    assert viewer.put("/api/v1/settings/frames", content="[]").status_code == 403
    unknown = viewer.get("/api/v1/settings/watchs").json()["error"]
    assert unknown["code"] == "not_found" and "did you mean 'watches'" in unknown["message"]

    renamed = shown.json()["yaml"] + "- id: alerts\n  url: json://127.0.0.1:9/hook\n"
    answer = admin.put("/api/v1/settings/channels", json={"yaml": renamed})
    assert answer.status_code == 200 and SECRET not in answer.text
    assert {c.id for c in site.desk.config.channels} == {"mail", "alerts"}
    assert site.desk.config.channels[0].url.startswith(f"mailto://desk:{SECRET}@")

    before = site.desk_path.read_bytes()
    broken = "- id: f\n  name: [unclosed\n"
    answer = admin.put("/api/v1/settings/frames", content=broken, headers={"Content-Type": "text/yaml"})
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "desk_file_invalid"
    text = site.desk_path.read_text()
    with pytest.raises(DeskFileError) as loader:
        parse_desk(desk_file.replace_section(text, "frames", broken), str(site.desk_path))
    assert error["message"] == loader.value.message and "not valid YAML" in error["message"]
    assert site.desk_path.read_bytes() == before
    assert admin.put("/api/v1/settings/frames", json={"nope": 1}).status_code == 422


def test_the_api_adds_and_removes_rules_and_switches_sources(site: Served) -> None:
    admin, viewer = site.client("admin"), site.client("viewer")
    rule = {"id": "state-talks", "when": "quote", "actor": "state-department", "query": "talks"}
    assert viewer.post("/api/v1/rules", json=rule).status_code == 403
    made = admin.post("/api/v1/rules", json=rule)
    assert made.status_code == 201 and made.json()["actor"] == "state-department"
    assert "state-talks" in {r.id for r in site.desk.config.rules}
    again = admin.post("/api/v1/rules", json=rule).json()["error"]
    assert again["code"] == "desk_file_invalid" and "duplicate id 'state-talks'" in again["message"]
    wrong = admin.post("/api/v1/rules", json={"id": "x", "actor": "nobody"}).json()["error"]
    assert "unknown actor 'nobody'" in wrong["message"]
    assert admin.delete("/api/v1/rules/state-talks").status_code == 204
    assert admin.delete("/api/v1/rules/state-talks").status_code == 404

    source = {"id": "agency", "outlet": "Agency", "url": "https://agency.example/rss"}
    assert admin.post("/api/v1/sources", json=source).status_code == 201
    assert admin.post("/api/v1/sources/agency/disable").json()["enabled"] is False
    assert "agency" not in site.desk.store.due_sources(now())
    assert admin.post("/api/v1/sources/agency/enable").json()["enabled"] is True
    assert admin.post("/api/v1/sources/missing/enable").status_code == 404


def test_an_api_change_with_a_session_needs_the_csrf_header(site: Served) -> None:
    client = signed_in(site, "admin")
    token = form_token(client.get("/settings").text)
    assert client.post("/api/v1/sources/wire/disable").status_code == 403
    answer = client.post("/api/v1/sources/wire/disable", headers={"X-CSRF-Token": token})
    assert answer.status_code == 200 and not site.desk.source("wire").enabled


@pytest.mark.slow
def test_an_admin_edits_rules_in_chromium_without_console_errors(site: Served) -> None:
    from .test_browser import ARGS, CHROMIUM

    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium is needed for the dashboard tests: install it at {CHROMIUM}")
    from playwright.sync_api import expect, sync_playwright

    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page()
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.goto(f"{site.url}/login")
            page.fill("input[name=name]", "admin-user")
            page.fill("input[name=password]", site.passwords["admin"])
            page.click("button[type=submit]")
            page.goto(f"{site.url}/settings")
            page.click("#rules summary")
            rules = page.locator("#rules textarea")
            rules.fill(rules.input_value() + "- id: late\n  actor: state-departmnt\n")
            page.click("#rules button[type=submit]")
            expect(page.locator("#error-rules")).to_contain_text("did you mean 'state-department'")
            expect(page.locator("#rules textarea")).to_have_value(re.compile("id: late"))
            rules = page.locator("#rules textarea")
            rules.fill(rules.input_value().replace("state-departmnt", "state-department"))
            page.click("#rules button[type=submit]")
            expect(page.locator("p.saved")).to_contain_text("Saved rules")
        finally:
            browser.close()
    assert "late" in {rule.id for rule in site.desk.config.rules}
    problems = [p for p in problems if "status of 422" not in p]  # the refused edit's page, on purpose
    assert problems == [], f"the browser reported errors (CSP violations included): {problems}"


def test_saving_a_rule_on_a_desk_without_a_file_keeps_the_form(tmp_path: Path) -> None:
    desk = Desk.open(parse_desk(TEXT.replace("settings.db", str(tmp_path / "memory.db"))))
    password = desk.add_user("admin-user", "admin")
    try:
        with ThreadServer(create_app(desk), "127.0.0.35") as url:
            client = sign_in(url, "admin-user", password)
            token = form_token(client.get("/alerts").text)
            form = {"id": "late-talks", "when": "match", "query": "talks", "severity": "notice"}
            answer = client.post("/alerts/rules", data={**form, "action": "save", "csrf": token})
            assert answer.status_code == 422
            assert "not from a desk file" in answer.text and 'value="late-talks"' in answer.text
            assert [r.id for r in desk.config.rules] == ["talks"]
    finally:
        desk.close()
