"""Parse XML sitemaps, sitemap indexes and Google News sitemaps (plain or gzipped).

Pure: bytes in, a ParsedSitemap out. Gzip bodies are recognised by their magic bytes
and inflated up to MAX_INFLATED bytes (a guard against gzip bombs). The XML is read
with the same rules as feeds: no DTD, no entities, no network.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from signaldesk.types import Entry
from signaldesk.types import now as utc_now

from .dates import parse_date, sane
from .sanitize import FeedError, absolute_url, collapse, element_text, local_name, looks_like_html, parse_xml

MAX_INFLATED = 50_000_000


@dataclass(frozen=True, slots=True)
class ParsedSitemap:
    """The page URLs a sitemap lists, and the child sitemaps an index points to."""

    entries: tuple[Entry, ...]
    children: tuple[str, ...] = ()
    skipped: dict[str, int] = field(default_factory=dict)


def parse_sitemap(
    body: bytes, url: str, *, now: datetime | None = None, max_inflated: int = MAX_INFLATED
) -> ParsedSitemap:
    """Parse a sitemap (`<urlset>`) or sitemap index (`<sitemapindex>`)."""
    moment = now or utc_now()
    if body[:2] == b"\x1f\x8b":
        body = inflate(body, url, max_inflated)
    if looks_like_html(body):
        raise FeedError(f"{url or 'the body'} is an HTML page, not a sitemap", url=url)
    root, _ = parse_xml(body, url)
    name = local_name(root.tag) if isinstance(root.tag, str) else ""
    if name == "sitemapindex":
        children = [absolute_url(_loc(item), url) for item in root if _named(item, "sitemap")]
        return ParsedSitemap(entries=(), children=tuple(dict.fromkeys(c for c in children if c)))
    if name != "urlset":
        raise FeedError(f"{url or 'the body'} is not a sitemap: its root element is <{name or '?'}>", url=url)
    entries: dict[str, Entry] = {}
    skipped = {"no_url": 0, "duplicate": 0}
    for item in root:
        if not _named(item, "url"):
            continue
        entry = _entry(item, url, moment)
        if entry is None:
            skipped["no_url"] += 1
        elif entry.url in entries:
            skipped["duplicate"] += 1
        else:
            entries[entry.url] = entry
    return ParsedSitemap(entries=tuple(entries.values()), skipped={k: v for k, v in skipped.items() if v})


def inflate(body: bytes, url: str, limit: int = MAX_INFLATED) -> bytes:
    """Gunzip `body`, refusing to produce more than `limit` bytes."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, limit + 1)
    except zlib.error as error:
        raise FeedError(f"{url or 'the body'} is not valid gzip: {error}", url=url) from None
    if len(data) > limit:
        raise FeedError(f"{url or 'the body'} inflates past {limit:,} bytes; refused", url=url)
    return data


def _entry(item: Any, url: str, moment: datetime) -> Entry | None:
    link = absolute_url(_loc(item), url)
    if link is None:
        return None
    title, published, language, lastmod, keywords = "", "", None, "", ""
    for child in item.iter():
        if not isinstance(child.tag, str):
            continue
        name = local_name(child.tag)
        if name == "lastmod":
            lastmod = element_text(child)
        elif name == "title" and "news" in child.tag:
            title = collapse(element_text(child))
        elif name == "publication_date":
            published = element_text(child)
        elif name == "language" and "news" in child.tag:
            language = element_text(child).strip().lower() or None
        elif name == "keywords":
            keywords = element_text(child)
    return Entry(
        url=link,
        title=title,
        published=sane(parse_date(published), moment),
        updated=sane(parse_date(lastmod), moment),
        tags=tuple(t for t in (collapse(k) for k in keywords.split(",")) if t),
        language=language,
    )


def _named(element: Any, name: str) -> bool:
    return isinstance(element.tag, str) and local_name(element.tag) == name


def _loc(element: Any) -> str:
    for child in element:
        if _named(child, "loc"):
            return element_text(child).strip()
    return ""
