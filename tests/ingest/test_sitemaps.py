"""Sitemaps, sitemap indexes, Google News sitemaps, gzip bodies and gzip bombs."""

from __future__ import annotations

import gzip
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from signaldesk.ingest.sanitize import FeedError
from signaldesk.ingest.sitemaps import inflate, parse_sitemap

EVAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval" / "feeds" / "trafilatura-resources"
NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)
NEWS = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://wire.example/2026/11/28/summit-talk.html</loc>
    <lastmod>2026-11-28T11:00:00-05:00</lastmod>
    <news:news>
      <news:publication><news:name>Wire</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2026-11-28T10:30:00-05:00</news:publication_date>
      <news:title>Summit talk &amp; the peninsula</news:title>
      <news:keywords>North Korea, diplomacy</news:keywords>
    </news:news>
  </url>
  <url><loc>/2026/11/27/relative.html</loc></url>
  <url><loc>https://wire.example/2026/11/28/summit-talk.html</loc></url>
  <url><lastmod>2026-11-27</lastmod></url>
</urlset>"""


def test_news_sitemap_fields() -> None:
    parsed = parse_sitemap(NEWS, "https://wire.example/news-sitemap.xml", now=NOW)
    first, second = parsed.entries
    assert first.url == "https://wire.example/2026/11/28/summit-talk.html"
    assert first.title == "Summit talk & the peninsula"
    assert first.language == "en"
    assert first.published is not None and first.published.isoformat() == "2026-11-28T10:30:00-05:00"
    assert first.updated is not None and first.updated.isoformat() == "2026-11-28T11:00:00-05:00"
    assert first.tags == ("North Korea", "diplomacy")
    assert second.url == "https://wire.example/2026/11/27/relative.html"
    assert parsed.skipped == {"duplicate": 1, "no_url": 1}


def test_gzipped_sitemap_is_read() -> None:
    parsed = parse_sitemap(gzip.compress(NEWS), "https://wire.example/news-sitemap.xml.gz", now=NOW)
    assert len(parsed.entries) == 2


def test_gzip_bomb_is_refused() -> None:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    bomb = packer.compress(b"<" + b" " * 20_000_000) + packer.flush()
    assert len(bomb) < 100_000
    with pytest.raises(FeedError, match="inflates past"):
        parse_sitemap(bomb, "https://wire.example/bomb.xml.gz", max_inflated=1_000_000)
    with pytest.raises(FeedError, match="not valid gzip"):
        inflate(b"\x1f\x8bnot gzip at all", "https://wire.example/x.gz")


def test_sitemap_index_lists_children() -> None:
    body = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://wire.example/s1.xml</loc></sitemap>
      <sitemap><loc>/s2.xml.gz</loc><lastmod>2026-11-01</lastmod></sitemap>
      <sitemap><loc>https://wire.example/s1.xml</loc></sitemap></sitemapindex>"""
    parsed = parse_sitemap(body, "https://wire.example/sitemap.xml")
    assert parsed.children == ("https://wire.example/s1.xml", "https://wire.example/s2.xml.gz")
    assert parsed.entries == ()


def test_hostile_and_wrong_bodies() -> None:
    xxe = b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]><urlset>&x;</urlset>'
    with pytest.raises(FeedError, match="declares XML entities"):
        parse_sitemap(xxe, "https://wire.example/s.xml")
    with pytest.raises(FeedError, match="HTML page"):
        parse_sitemap(b"<html><body>404</body></html>", "https://wire.example/s.xml")
    with pytest.raises(FeedError, match="not a sitemap"):
        parse_sitemap(b"<rss><channel/></rss>", "https://wire.example/s.xml")


def test_captured_sitemaps() -> None:
    if not EVAL.is_dir():
        pytest.fail(f"evaluation data not found at {EVAL}")
    plain = parse_sitemap((EVAL / "sitemap.xml").read_bytes(), "https://www.sitemaps.org/sitemap.xml")
    packed = parse_sitemap((EVAL / "sitemap.xml.gz").read_bytes(), "https://www.sitemaps.org/sitemap.xml.gz")
    assert len(plain.entries) == len(packed.entries) > 50
    assert all(e.url.startswith("https://www.sitemaps.org/") for e in plain.entries)
    index = parse_sitemap((EVAL / "sitemap2.xml").read_bytes(), "http://www.example.com/sitemap.xml")
    assert len(index.children) == 2
    hreflang = parse_sitemap((EVAL / "sitemap-hreflang.xml").read_bytes(), "http://www.example.com/s.xml")
    assert len(hreflang.entries) == 3
