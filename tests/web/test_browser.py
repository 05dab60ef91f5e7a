"""End to end in a real headless Chromium: sign in, search, open a story and an article, see a
document arrive live, write a brief for a chosen window and download its PDF, and keep
screenshots of the main pages in artifacts/."""

from __future__ import annotations

import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from signaldesk.demo import Newsroom

from .conftest import Served
from .test_live import store_article

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.mark.slow
def test_analyst_flow_in_chromium(served: Served, newsroom: Newsroom) -> None:
    if not shutil.which(CHROMIUM):
        pytest.fail(
            f"Chromium is needed for the dashboard tests: install it (apt-get install chromium) at {CHROMIUM}"
        )
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.set_default_timeout(10_000)

            page.goto(served.url + "/search?q=talks")
            expect(page).to_have_url(served.url + "/login?next=%2Fsearch%3Fq%3Dtalks")
            page.fill("input[name=name]", "analyst-user")
            page.fill("input[name=password]", served.passwords["analyst"])
            page.click("button[type=submit]")
            expect(page.locator("#total")).to_contain_text("documents match")
            page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)

            page.fill("input[name=q]", "frame:pressure")
            page.click("form.search button")
            expect(page.locator("#total")).to_contain_text(
                f"{served.desk.count('frame:pressure')} documents match"
            )

            page.goto(served.url + "/")
            expect(page.locator("#live-state")).to_have_class("live on")
            page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)
            new_id = store_article(served, "browser-live", "Breaking: live headline for the browser")
            expect(page.locator(f'#latest li[data-id="{new_id}"]')).to_contain_text(
                "live headline for the browser"
            )

            page.locator("section a[href^='/stories/']").first.click()
            expect(page.locator("#story-title")).to_be_visible()
            expect(page.locator("svg.chart").first).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "story.png"), full_page=True)

            page.locator("ol.timeline a[href^='/documents/']").first.click()
            expect(page.locator("#doc-title")).to_be_visible()
            expect(page.locator("article mark").first).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "article.png"), full_page=True)

            for name in ("sources", "settings", "columnists", "briefs"):
                page.goto(f"{served.url}/{name}")
                expect(page.locator("h1")).to_be_visible()
                page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

            assert newsroom.clock is not None
            day = (newsroom.clock.day1 + timedelta(days=1)).isoformat()
            page.fill("#write-brief input[name=from]", f"{day}T06:00")
            page.fill("#write-brief input[name=until]", f"{day}T18:00")
            page.click("#write-brief button[type=submit]")
            expect(page).to_have_url(re.compile(r"/briefs/\d+$"))
            expect(page.locator("body")).to_contain_text("without preconditions")
            brief_id = page.url.rsplit("/", 1)[1]
            page.goto(served.url + "/briefs")
            with page.expect_download() as download:
                page.locator(f"#briefs a[href='/briefs/{brief_id}.pdf']").click()
            assert download.value.suggested_filename.endswith(f"brief-{day}T0600-{day}T1800.pdf")
            assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
        finally:
            browser.close()
    assert problems == [], f"the browser reported errors (CSP violations included): {problems}"
