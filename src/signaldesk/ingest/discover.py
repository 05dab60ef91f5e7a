"""Find the feeds an HTML page points to: <link rel="alternate"> first, then likely anchors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .sanitize import absolute_url, collapse

FEED_TYPES = {
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/feed+json": "json",
    "application/json": "json",
    "application/rdf+xml": "rdf",
    "application/xml": "xml",
    "text/xml": "xml",
}
_ANCHOR = re.compile(
    r"(?:^|/)(?:feed|feeds|rss|atom)(?:/|\.xml|\.rss|\.atom|\.json)?$|[./]rss(?:\.xml)?$|"
    r"feed\.xml$|atom\.xml$|index\.xml$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DiscoveredFeed:
    """A feed a page names; `score` ranks them, higher is likelier the main feed."""

    url: str
    title: str
    kind: str
    via: str
    score: float


def discover_feeds(html: bytes, url: str) -> list[DiscoveredFeed]:
    """Feeds the page advertises, best first; declared links outrank guessed anchors."""
    import lxml.html

    if not html.strip():
        return []
    try:
        root = lxml.html.document_fromstring(html, base_url=url)
    except Exception:  # lxml raises ParserError or ValueError on bodies with no elements
        return []
    found: dict[str, DiscoveredFeed] = {}
    for position, link in enumerate(root.iter("link")):
        rels = (link.get("rel") or "").lower().split()
        kind = FEED_TYPES.get((link.get("type") or "").split(";")[0].strip().lower())
        href = absolute_url(link.get("href") or "", link.base or url)
        if "alternate" not in rels or kind is None or href is None or href in found:
            continue
        title = collapse(link.get("title"))
        score = 100.0 - position - (30 if "comment" in (title + href).lower() else 0)
        score -= 5 if kind in ("xml", "json") and "feed" not in kind else 0
        found[href] = DiscoveredFeed(href, title, kind, "link", score)
    site = urlsplit(url).hostname or ""
    for position, anchor in enumerate(root.iter("a")):
        href = absolute_url(anchor.get("href") or "", anchor.base or url)
        if href is None or href in found:
            continue
        path = urlsplit(href).path.rstrip("/") or "/"
        if not _ANCHOR.search(path):
            continue
        own = (urlsplit(href).hostname or "") == site
        score = 50.0 - min(position, 40) * 0.1 - (0 if own else 20)
        kind = "atom" if "atom" in path.lower() else "json" if path.endswith(".json") else "rss"
        found[href] = DiscoveredFeed(href, collapse(anchor.text_content()), kind, "anchor", score)
    return sorted(found.values(), key=lambda feed: -feed.score)
