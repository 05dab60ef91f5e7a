"""Feed autodiscovery from HTML pages."""

from __future__ import annotations

from signaldesk.ingest.discover import discover_feeds

PAGE = b"""<!DOCTYPE html><html><head>
<link rel="stylesheet" href="/site.css">
<link rel="alternate" type="application/rss+xml" title="Ledger: World" href="/world/rss.xml">
<link rel="alternate" type="application/atom+xml" title="Comments on this page" href="/comments/atom.xml">
<link rel="alternate" type="application/feed+json" title="Ledger JSON" href="https://ledger.example/feed.json">
<link rel="alternate" hreflang="fr" href="/fr/">
</head><body>
<a href="/world/rss.xml">RSS</a>
<a href="/feed/">All stories feed</a>
<a href="https://other.example/rss">Partner</a>
<a href="/world/2026/11/28/story.html">A story</a>
</body></html>"""


def test_declared_links_first_then_anchors() -> None:
    found = discover_feeds(PAGE, "https://ledger.example/world/")
    assert [(f.url, f.via) for f in found] == [
        ("https://ledger.example/world/rss.xml", "link"),
        ("https://ledger.example/feed.json", "link"),
        ("https://ledger.example/comments/atom.xml", "link"),
        ("https://ledger.example/feed/", "anchor"),
        ("https://other.example/rss", "anchor"),
    ]
    assert found[0].kind == "rss" and found[0].title == "Ledger: World"
    assert found[1].kind == "json"


def test_nothing_to_find() -> None:
    assert discover_feeds(b"", "https://ledger.example/") == []
    assert (
        discover_feeds(b"<html><body><a href='/about'>x</a></body></html>", "https://ledger.example/") == []
    )
