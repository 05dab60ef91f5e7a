"""Feeds, news sitemaps and robots.txt for the demo outlets, as text."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape, quoteattr

FEED_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}


@dataclass(frozen=True, slots=True)
class Listed:
    """One item as a feed or sitemap lists it."""

    url: str
    title: str
    summary: str
    published: datetime
    modified: datetime
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    section: str


@dataclass(frozen=True, slots=True)
class Channel:
    """The outlet as its feed describes itself."""

    title: str
    home: str
    feed_url: str
    description: str
    language: str = "en-us"


def rss(channel: Channel, items: list[Listed]) -> str:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom">',
        "<channel>",
        f"<title>{escape(channel.title)}</title>",
        f"<link>{escape(channel.home)}</link>",
        f'<atom:link href={quoteattr(channel.feed_url)} rel="self" type="application/rss+xml"/>',
        f"<description>{escape(channel.description)}</description>",
        f"<language>{channel.language}</language>",
        "<ttl>5</ttl>",
    ]
    if items:
        parts.append(f"<lastBuildDate>{format_datetime(max(i.modified for i in items))}</lastBuildDate>")
    for item in items:
        parts += [
            "<item>",
            f"<title>{escape(item.title)}</title>",
            f"<link>{escape(item.url)}</link>",
            f'<guid isPermaLink="true">{escape(item.url)}</guid>',
            f"<pubDate>{format_datetime(item.published)}</pubDate>",
            *[f"<dc:creator>{escape(a)}</dc:creator>" for a in item.authors],
            f"<category>{escape(item.section)}</category>",
            *[f"<category>{escape(t)}</category>" for t in item.tags],
            f"<description>{escape(item.summary)}</description>",
            "</item>",
        ]
    parts += ["</channel>", "</rss>", ""]
    return "\n".join(parts)


def atom(channel: Channel, items: list[Listed]) -> str:
    updated = max((i.modified for i in items), default=None)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{channel.language}">',
        f"<title>{escape(channel.title)}</title>",
        f"<subtitle>{escape(channel.description)}</subtitle>",
        f"<id>{escape(channel.home)}</id>",
        f'<link rel="alternate" type="text/html" href={quoteattr(channel.home)}/>',
        f'<link rel="self" type="application/atom+xml" href={quoteattr(channel.feed_url)}/>',
        f"<updated>{(updated or datetime(2000, 1, 1).astimezone()).isoformat()}</updated>",
    ]
    for item in items:
        parts += [
            "<entry>",
            f"<title>{escape(item.title)}</title>",
            f"<id>{escape(item.url)}</id>",
            f'<link rel="alternate" type="text/html" href={quoteattr(item.url)}/>',
            f"<published>{item.published.isoformat()}</published>",
            f"<updated>{item.modified.isoformat()}</updated>",
            *[f"<author><name>{escape(a)}</name></author>" for a in item.authors],
            f"<category term={quoteattr(item.section)}/>",
            *[f"<category term={quoteattr(t)}/>" for t in item.tags],
            f'<summary type="text">{escape(item.summary)}</summary>',
            "</entry>",
        ]
    parts += ["</feed>", ""]
    return "\n".join(parts)


def json_feed(channel: Channel, items: list[Listed]) -> str:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": channel.title,
        "home_page_url": channel.home,
        "feed_url": channel.feed_url,
        "description": channel.description,
        "language": channel.language,
        "items": [
            {
                "id": item.url,
                "url": item.url,
                "title": item.title,
                "summary": item.summary,
                "content_text": item.summary,
                "date_published": item.published.isoformat(),
                "date_modified": item.modified.isoformat(),
                "authors": [{"name": a} for a in item.authors],
                "tags": [item.section, *item.tags],
            }
            for item in items
        ],
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def render_feed(kind: str, channel: Channel, items: list[Listed]) -> str:
    return {"rss": rss, "atom": atom, "json": json_feed}[kind](channel, items)


def news_sitemap(publication: str, items: list[Listed], language: str = "en") -> str:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">',
    ]
    for item in items:
        parts += [
            "<url>",
            f"<loc>{escape(item.url)}</loc>",
            f"<lastmod>{item.modified.isoformat()}</lastmod>",
            "<news:news>",
            "<news:publication>",
            f"<news:name>{escape(publication)}</news:name>",
            f"<news:language>{language}</news:language>",
            "</news:publication>",
            f"<news:publication_date>{item.published.isoformat()}</news:publication_date>",
            f"<news:title>{escape(item.title)}</news:title>",
            "</news:news>",
            "</url>",
        ]
    parts += ["</urlset>", ""]
    return "\n".join(parts)


def robots(base_url: str, disallow: tuple[str, ...] = ("/search", "/account/")) -> str:
    lines = [
        "User-agent: *",
        *[f"Disallow: {path}" for path in disallow],
        "",
        "User-agent: BadBot",
        "Disallow: /",
        "",
        f"Sitemap: {base_url}/news-sitemap.xml",
        "",
    ]
    return "\n".join(lines)
