"""The parts every demo page carries around an article: head, JSON-LD, ads, banners."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from html import escape

SCHEMA_TYPES = {
    "news": "NewsArticle",
    "wire": "NewsArticle",
    "official": "NewsArticle",
    "opinion": "OpinionNewsArticle",
    "editorial": "OpinionNewsArticle",
    "analysis": "AnalysisNewsArticle",
    "thread": "DiscussionForumPosting",
}


@dataclass(frozen=True, slots=True)
class PageView:
    """Everything an article page shows, already resolved to real dates and URLs."""

    outlet_id: str
    outlet_name: str
    tagline: str
    base_url: str
    feed_url: str
    feed_type: str
    url: str
    title: str
    section: str
    kind: str
    authors: tuple[str, ...]
    published: datetime
    modified: datetime
    paragraphs: tuple[str, ...]
    tags: tuple[str, ...]
    note: str | None
    related: tuple[tuple[str, str], ...]
    comments: tuple[tuple[str, datetime, str], ...]
    via: str | None
    sections: tuple[str, ...]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def e(text: str) -> str:
    return escape(text, quote=True)


def json_ld(view: PageView) -> str:
    authors: list[dict[str, str]] = [{"@type": "Person", "name": a} for a in view.authors] or [
        {"@type": "Organization", "name": view.outlet_name}
    ]
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(view.kind, "NewsArticle"),
        "headline": view.title,
        "datePublished": view.published.isoformat(),
        "dateModified": view.modified.isoformat(),
        "author": authors,
        "articleSection": view.section,
        "keywords": ", ".join(view.tags),
        "mainEntityOfPage": {"@type": "WebPage", "@id": view.url},
        "publisher": {
            "@type": "Organization",
            "name": view.outlet_name,
            "logo": {"@type": "ImageObject", "url": f"{view.base_url}/static/logo.png"},
        },
        "isAccessibleForFree": True,
    }
    text = json.dumps(data, indent=1, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def head(view: PageView, css: str) -> str:
    summary = view.paragraphs[0][:180] if view.paragraphs else view.title
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{e(view.title)} | {e(view.outlet_name)}</title>",
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="description" content="{e(summary)}">',
            f'<meta property="og:title" content="{e(view.title)}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:url" content="{e(view.url)}">',
            f'<meta property="article:published_time" content="{view.published.isoformat()}">',
            f'<link rel="canonical" href="{e(view.url)}">',
            f'<link rel="alternate" type="{view.feed_type}" title="{e(view.outlet_name)}" '
            f'href="{e(view.feed_url)}">',
            f"<style>{css}</style>",
            json_ld(view),
            "<script>window.dataLayer=window.dataLayer||[];function track(e){dataLayer.push(e)}"
            'track({event:"pageview",section:"' + e(view.section) + '"});</script>',
            "</head>",
        ]
    )


def cookie_banner(prefix: str) -> str:
    return (
        f'<div class="{prefix}consent" role="dialog"><p>We use cookies to measure audiences and '
        f"show relevant advertising. You can change your choice at any time.</p>"
        f'<button class="{prefix}consent-accept">Accept all</button>'
        f'<button class="{prefix}consent-reject">Reject optional</button></div>'
    )


def ad(prefix: str, slot: str) -> str:
    return (
        f'<aside class="{prefix}ad {prefix}ad-{slot}" data-ad-slot="{slot}"><span>Advertisement</span>'
        f'<div class="{prefix}ad-frame"><a href="/promo/{slot}">Subscribe today: 12 weeks for $1</a>'
        f"</div></aside>"
    )


def newsletter(prefix: str, name: str) -> str:
    return (
        f'<section class="{prefix}newsletter"><h3>Get the {e(name)} morning briefing</h3>'
        f"<p>The day's essential stories, in your inbox before 7 a.m.</p>"
        f'<form action="/newsletter" method="post"><input type="email" name="email" '
        f'placeholder="Your email"><button>Sign up</button></form></section>'
    )


def share_bar(prefix: str, url: str) -> str:
    return (
        f'<div class="{prefix}share"><a href="/share?to=mail&amp;u={e(url)}">Email</a> '
        f'<a href="/share?to=social&amp;u={e(url)}">Share</a> '
        f'<a href="/share?to=print&amp;u={e(url)}">Print</a> '
        f'<button class="{prefix}copy-link">Copy link</button></div>'
    )


def related(prefix: str, view: PageView, heading: str = "Related coverage") -> str:
    if not view.related:
        return ""
    links = "".join(f'<li><a href="{e(url)}">{e(title)}</a></li>' for title, url in view.related)
    return f'<section class="{prefix}related"><h2>{heading}</h2><ul>{links}</ul></section>'


def nav(prefix: str, view: PageView) -> str:
    links = "".join(f'<li><a href="/section/{slug(s)}">{e(s)}</a></li>' for s in view.sections)
    return (
        f'<nav class="{prefix}nav"><a class="{prefix}logo" href="/">{e(view.outlet_name)}</a>'
        f'<ul>{links}</ul><a href="/search">Search</a> <a href="/account/login">Sign in</a></nav>'
    )


def footer(prefix: str, view: PageView) -> str:
    return (
        f'<footer class="{prefix}footer"><p>&copy; {view.published.year} {e(view.outlet_name)}. '
        f'{e(view.tagline)}</p><ul><li><a href="/about">About</a></li><li><a href="/privacy">Privacy</a>'
        f'</li><li><a href="/terms">Terms</a></li><li><a href="{e(view.feed_url)}">Feed</a></li></ul>'
        f"</footer>"
    )


def when(moment: datetime) -> str:
    return moment.strftime("%B %-d, %Y %-I:%M %p ") + (moment.tzname() or "")


def time_tag(moment: datetime, css: str = "") -> str:
    attr = f' class="{css}"' if css else ""
    return f'<time{attr} datetime="{moment.isoformat()}">{when(moment)}</time>'


def comments(prefix: str, view: PageView, heading: str = "Comments") -> str:
    if not view.comments:
        return ""
    rows = "".join(
        f'<li class="{prefix}comment"><span class="{prefix}handle comment-author">{e(handle)}</span> '
        f"{time_tag(at)}<p>{e(text)}</p></li>"
        for handle, at, text in view.comments
    )
    return (
        f'<section class="{prefix}comments" id="comments"><h2>{heading} ({len(view.comments)})</h2>'
        f"<ol>{rows}</ol></section>"
    )
