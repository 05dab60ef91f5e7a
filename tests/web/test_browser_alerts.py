"""End to end in a real headless Chromium: an admin writes an alert rule on the alerts page,
tests it on the last 7 days, saves it, and sees it fire when the demo newsroom publishes its
next articles; then writes a brief and downloads it as JSON and PDF. Screenshot: artifacts/alerts.png."""

from __future__ import annotations

import dataclasses
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from signaldesk import open_desk
from signaldesk.demo import Newsroom
from signaldesk.web.app import create_app

from .conftest import ThreadServer
from .test_browser import ARGS, ARTIFACTS, CHROMIUM

QUERY = 'talks AND (suspends OR "pulls back" OR "backs away")'
"""Kestria stepping back from the talks: only in the storyline's articles after d3 12:00."""


@pytest.fixture
def half_told(tmp_path: Path) -> Iterator[tuple[Newsroom, Path]]:
    """The demo newsroom stopped at d3 12:00 (speed 1: it barely moves), polled once."""
    with Newsroom(port=0, first_host=171, speed=1.0, skip_to="d3 12:00") as room:
        path = tmp_path / "desk.yaml"
        path.write_text(room.desk_yaml(), encoding="utf-8")
        with open_desk(path) as desk:
            desk.poll_once(workers=0)
        yield room, path


def release_the_rest(room: Newsroom) -> None:
    """Let the newsroom publish the rest of the storyline from now on."""
    for site in room.sites:
        site.clock = dataclasses.replace(site.clock, release_all=True)  # type: ignore[attr-defined]


@pytest.mark.slow
def test_admin_creates_an_alert_rule_and_sees_it_fire(half_told: tuple[Newsroom, Path]) -> None:
    if not shutil.which(CHROMIUM):
        pytest.fail(
            f"Chromium is needed for the dashboard tests: install it (apt-get install chromium) at {CHROMIUM}"
        )
    from playwright.sync_api import expect, sync_playwright

    room, path = half_told
    ARTIFACTS.mkdir(exist_ok=True)
    problems: list[str] = []
    desk = open_desk(path)
    password = desk.add_user("chief", "admin")
    expected = desk.test_rule({"id": "probe", "query": QUERY})
    try:
        with ThreadServer(create_app(desk), "127.0.0.32") as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
                page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e: problems.append(str(e)))
                page.set_default_timeout(15_000)

                page.goto(url + "/alerts")
                page.fill("input[name=name]", "chief")
                page.fill("input[name=password]", password)
                page.click("button[type=submit]")
                expect(page.locator("h1")).to_have_text("Alerts")

                form = page.locator("#new-rule")
                form.locator("input[name=id]").fill("kestria-steps-back")
                form.locator("input[name=name]").fill("Kestria steps back from talks")
                form.locator("input[name=query]").fill(QUERY)
                form.locator("select[name=severity]").select_option("warning")
                form.locator("button[value=test]").click()
                expect(page.locator("#trial-summary")).to_contain_text(
                    f"would have fired {expected.fired} time"
                )
                expect(page.locator("#new-rule input[name=query]")).to_have_value(QUERY)

                page.locator("#new-rule button[value=save]").click()
                expect(page.locator("#notice")).to_contain_text("Rule 'kestria-steps-back' saved.")
                expect(page.locator('#rules tr[data-rule="kestria-steps-back"]')).to_contain_text("warning")
                expect(page.locator("#live-state")).to_have_class("live on")

                release_the_rest(room)
                poller = threading.Thread(target=desk.poll_once, kwargs={"workers": 0})
                poller.start()
                poller.join(120)
                assert not poller.is_alive(), "the poll round did not finish in 120 s"

                fired = page.locator("#alert-history tr", has_text="Kestria steps back from talks")
                expect(fired.first).to_be_visible()
                expect(fired.first).to_contain_text("recorded")
                page.screenshot(path=str(ARTIFACTS / "alerts.png"), full_page=True)
                page.reload()
                assert page.locator("#alert-history tr", has_text="Kestria steps back").count() >= 1

                page.goto(url + "/briefs")
                page.click("form[action='/briefs'] button")
                expect(page).to_have_url(re.compile(r"/briefs/\d+$"))
                expect(page.locator("body")).to_contain_text("Kestria")
                page.goto(url + "/briefs")
                with page.expect_download() as download:
                    page.locator("a[href$='.json']").first.click()
                saved = Path(download.value.path())
                assert saved.read_text(encoding="utf-8").lstrip().startswith("{")
                with page.expect_download() as download:
                    page.locator("a[href$='.pdf']").first.click()
                assert download.value.suggested_filename.endswith(".pdf")
                pdf = Path(download.value.path()).read_bytes()
                assert pdf.startswith(b"%PDF") and b"%%EOF" in pdf[-1024:]
            finally:
                browser.close()
    finally:
        desk.close()
    assert problems == [], f"the browser reported errors (CSP violations included): {problems}"
