"""OPML in and out, and the round trip through desk sources."""

from __future__ import annotations

import pytest

from signaldesk.config import Source
from signaldesk.ingest.opml import read_opml, write_opml
from signaldesk.ingest.sanitize import FeedError

READER_EXPORT = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>My feeds</title></head><body>
  <outline text="US papers" title="US papers">
    <outline type="rss" text="Ledger World" title="Ledger World" xmlUrl="https://ledger.example/world/rss.xml"
             htmlUrl="https://ledger.example/world/"/>
    <outline text="Opinion"><outline text="Op-eds" xmlUrl="https://ledger.example/opinion/rss.xml"/></outline>
  </outline>
  <outline text="Loose &amp; tagged" xmlUrl="https://wire.example/feed" category="/wires"/>
</body></opml>"""


def test_read_reader_export() -> None:
    assert read_opml(READER_EXPORT) == [
        {
            "xmlUrl": "https://ledger.example/world/rss.xml",
            "title": "Ledger World",
            "htmlUrl": "https://ledger.example/world/",
            "category": "US papers",
        },
        {
            "xmlUrl": "https://ledger.example/opinion/rss.xml",
            "title": "Op-eds",
            "htmlUrl": "",
            "category": "US papers/Opinion",
        },
        {
            "xmlUrl": "https://wire.example/feed",
            "title": "Loose & tagged",
            "htmlUrl": "",
            "category": "/wires",
        },
    ]


def test_round_trip() -> None:
    sources = [
        Source(
            id="ledger-world",
            outlet="Ledger <World> & Co",
            url="https://ledger.example/world/rss.xml?a=1&b=2",
            tags=("papers", "us"),
        ),
        Source(id="wire", outlet='The "Wire"', url="https://wire.example/sitemap.xml", kind="sitemap"),
    ]
    text = write_opml(sources, "Desk & sources")
    back = read_opml(text.encode("utf-8"))
    assert [(o["xmlUrl"], o["title"], o["category"]) for o in back] == [
        ("https://ledger.example/world/rss.xml?a=1&b=2", "Ledger <World> & Co", "papers,us"),
        ("https://wire.example/sitemap.xml", 'The "Wire"', ""),
    ]
    assert "<title>Desk &amp; sources</title>" in text


def test_not_opml_and_hostile() -> None:
    with pytest.raises(FeedError, match="not an OPML"):
        read_opml(b"<rss/>")
    with pytest.raises(FeedError, match="declares XML entities"):
        read_opml(b'<!DOCTYPE opml [<!ENTITY a "aaaa">]><opml><body/></opml>')
