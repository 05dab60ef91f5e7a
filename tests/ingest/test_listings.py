"""Article links picked from HTML listing pages."""

from __future__ import annotations

import pytest

from signaldesk.errors import UsageError
from signaldesk.ingest.listings import parse_listing

PAGE = b"""<!DOCTYPE html><html><head><title>Press releases</title></head><body>
<nav><a href="/">Home</a><a href="/about">About</a></nav>
<ul class="releases">
  <li><a href="/press/2026/11/28/statement-on-launch">Statement on the <b>launch</b></a></li>
  <li><a href="https://www.ministry.example/press/2026/11/27/briefing#top">Briefing</a></li>
  <li><a href="/press/2026/11/28/statement-on-launch">Statement again</a></li>
  <li><a href="https://elsewhere.example/press/2026/11/26/copy">Copy elsewhere</a></li>
  <li><a href="javascript:void(0)">More</a></li>
  <li><a>No href</a></li>
</ul>
<footer><a href="https://twitter.example/ministry">Follow</a></footer>
</body></html>"""
URL = "https://ministry.example/press/"


def test_selector_picks_links_inside_and_drops_others() -> None:
    entries = parse_listing(PAGE, URL, selector="ul.releases", pattern=None)
    assert [(e.url, e.title) for e in entries] == [
        ("https://ministry.example/press/2026/11/28/statement-on-launch", "Statement on the launch"),
        ("https://www.ministry.example/press/2026/11/27/briefing", "Briefing"),
    ]


def test_pattern_alone() -> None:
    entries = parse_listing(PAGE, URL, selector=None, pattern=r"/press/\d{4}/")
    assert len(entries) == 2


def test_pattern_naming_another_host_allows_it() -> None:
    entries = parse_listing(PAGE, URL, selector="li a", pattern=r"https://elsewhere\.example/press/")
    assert [e.url for e in entries] == ["https://elsewhere.example/press/2026/11/26/copy"]


def test_no_selector_no_pattern_gives_every_same_site_link() -> None:
    urls = [e.url for e in parse_listing(PAGE, URL, selector=None, pattern=None)]
    assert "https://ministry.example/about" in urls
    assert not any("twitter" in u or "elsewhere" in u for u in urls)


def test_bad_selector_and_pattern_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="not valid CSS"):
        parse_listing(PAGE, URL, selector="ul[[", pattern=None)
    with pytest.raises(UsageError, match="regular expression"):
        parse_listing(PAGE, URL, selector=None, pattern="(")


def test_empty_and_odd_bodies() -> None:
    assert parse_listing(b"", URL, selector=None, pattern=None) == ()
    assert parse_listing(b"\x00\x01", URL, selector="a", pattern=None) == ()
