"""Parse a feed body (RSS 0.9x, RSS 1.0/RDF, RSS 2.0, Atom, JSON Feed) into Entries.

Pure: bytes in, a ParsedFeed out; nothing is fetched. Decisions:
- titles and summaries are plain text (sanitize.plain_text); a feed item without a
  title gets the empty string;
- dates keep the feed's own UTC offset; a date without a zone is UTC; dates before
  1990 or more than one day past `now` are dropped (None), never clamped;
- links are resolved against xml:base and the feed URL; an item without a link uses
  its guid when that is an http(s) URL; items with no usable URL are dropped and
  counted in `skipped`; a repeated guid (or URL) keeps its first item only;
- broken or truncated XML is recovered as far as it goes (`recovered` is True, and the
  last item is dropped when it was cut off); if nothing usable comes back, FeedError.

lxml is used directly rather than fastfeedparser: fastfeedparser turns every date into
UTC (the offset is lost), hides the raw guid/isPermaLink and hub links, and the direct
path is fast enough (see bench/feed_parse.py).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from signaldesk.types import Entry
from signaldesk.types import now as utc_now

from .dates import parse_date, sane_at
from .feed_fields import ATOM, ATOM_FIELDS, RSS_FIELDS
from .sanitize import (
    FeedError,
    absolute_url,
    collapse,
    element_text,
    is_http_url,
    local_name,
    looks_like_html,
    parse_xml,
    plain_text,
)

__all__ = ["FeedError", "ParsedFeed", "parse_feed"]

Kind = Literal["rss", "atom", "rdf", "json"]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """What a feed says about itself and the entries it lists."""

    title: str
    link: str | None
    hub: str | None
    self_url: str | None
    kind: Kind
    entries: tuple[Entry, ...]
    skipped: dict[str, int] = field(default_factory=dict)
    language: str | None = None
    recovered: bool = False


@dataclass(slots=True)
class _Raw:
    """One item's fields as found, before cleaning."""

    base: str
    link: str = ""
    guid: str = ""
    title: str = ""
    title_html: bool = True
    summary: str = ""
    summary_html: bool = True
    published: str = ""
    updated: str = ""
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    language: str | None = None


def parse_feed(
    body: bytes, url: str, *, now: datetime | None = None, charset: str | None = None
) -> ParsedFeed:
    """Parse a feed; `charset` is what the HTTP Content-Type said, if anything."""
    moment = now or utc_now()
    head = body[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return _json_feed(body, url, moment)
    if looks_like_html(body):
        raise FeedError(
            f"{url or 'the body'} is an HTML page, not a feed; "
            "use discover_feeds() to find the feed it links to",
            url=url,
        )
    root, recovered = parse_xml(body, url, charset)
    name = local_name(root.tag) if isinstance(root.tag, str) else ""
    if name == "rss":
        channel = _child(root, "channel")
        if channel is None:
            raise FeedError(f"{url or 'the body'} is an RSS document without a <channel>", url=url)
        kind: Kind = "rss"
        meta = _rss_meta(channel, url)
        raws = [_rss_item(item, url) for item in channel if local_name(item.tag) == "item"]
    elif name == "RDF":
        channel = _child(root, "channel")
        kind = "rdf"
        meta = _rss_meta(channel, url) if channel is not None else ("", None, None, None, None)
        raws = [_rss_item(item, url) for item in root.iter("{*}item")]
    elif name == "feed":
        kind = "atom"
        meta = _atom_meta(root, url)
        raws = [_atom_entry(entry) for entry in root if entry.tag == f"{{{ATOM}}}entry"]
    elif name == "html":
        raise FeedError(f"{url or 'the body'} is an HTML page, not a feed", url=url)
    else:
        raise FeedError(f"{url or 'the body'} is not a feed: its root element is <{name or '?'}>", url=url)
    skipped: Counter[str] = Counter()
    if recovered and raws and body.count(b"</item>" if kind != "atom" else b"</entry>") < len(raws):
        raws.pop()
        skipped["truncated"] += 1
    entries = _finish(raws, meta[4], moment, skipped)
    if recovered and not entries:
        raise FeedError(
            f"{url or 'the body'} is not well-formed XML and no item could be read from it", url=url
        )
    return ParsedFeed(
        title=meta[0],
        link=meta[1],
        hub=meta[2],
        self_url=meta[3],
        kind=kind,
        entries=entries,
        skipped=dict(skipped),
        language=meta[4],
        recovered=recovered,
    )


# --- RSS and RDF -------------------------------------------------------------------------------


def _rss_meta(channel: Any, url: str) -> tuple[str, str | None, str | None, str | None, str | None]:
    title, link, hub, self_url, language = "", None, None, None, None
    for child in channel:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        name = local_name(tag)
        if name == "title" and not title:
            title = plain_text(element_text(child))
        elif name == "link" and tag.startswith(f"{{{ATOM}}}"):
            rel, href = child.get("rel"), absolute_url(child.get("href", ""), child.base or url)
            if rel == "hub" and hub is None:
                hub = href
            elif rel == "self" and self_url is None:
                self_url = href
        elif name == "link" and link is None:
            link = absolute_url(element_text(child), url)
        elif name == "language" and language is None:
            language = (child.text or "").strip().lower() or None
    return title, link, hub, self_url, language


def _rss_item(item: Any, url: str) -> _Raw:
    raw = _Raw(base=url)
    about = item.get(RDF_ABOUT)
    content = ""
    for child in item:
        field_ = RSS_FIELDS[child.tag]
        if field_ == "-":
            continue
        text = (child.text or "") if not len(child) else "".join(child.itertext())
        if field_ == "title":
            raw.title = text
        elif field_ == "link":
            if not raw.link or raw.link == about:
                raw.link = text
        elif field_ == "guid":
            raw.guid = text.strip()
        elif field_ == "summary":
            raw.summary = text
        elif field_ == "published":
            raw.published = raw.published or text
        elif field_ == "author":
            raw.authors.append(_rss_author(text))
        elif field_ == "tag":
            raw.tags.append(text)
        elif field_ == "atom_link":
            if not raw.link and child.get("rel", "alternate") == "alternate":
                raw.link = child.get("href", "")
        elif field_ == "content":
            content = content or text
        elif field_ == "updated":
            raw.updated = raw.updated or text
        elif field_ == "language":
            raw.language = text.strip().lower() or None
    if not raw.summary:
        raw.summary = content
    if about and not raw.link:
        raw.link = about
    if about and not raw.guid:
        raw.guid = about
    return raw


def _rss_author(value: str) -> str:
    """'jo@example.com (Jo Doe)' -> 'Jo Doe'; other forms unchanged."""
    value = value.strip()
    if value.endswith(")") and "(" in value and "@" in value.split("(", 1)[0]:
        return value.split("(", 1)[1][:-1].strip()
    return value


# --- Atom --------------------------------------------------------------------------------------


def _atom_meta(root: Any, url: str) -> tuple[str, str | None, str | None, str | None, str | None]:
    title, link, hub, self_url = "", None, None, None
    for child in root:
        name = local_name(child.tag) if isinstance(child.tag, str) else ""
        if name == "title" and not title:
            title = _atom_text(child)[0]
        elif name == "link":
            rel, href = child.get("rel", "alternate"), absolute_url(child.get("href", ""), child.base or url)
            if rel == "alternate" and link is None:
                link = href
            elif rel == "hub" and hub is None:
                hub = href
            elif rel == "self" and self_url is None:
                self_url = href
    language = (root.get(XML_LANG) or "").strip().lower() or None
    return plain_text(title), link, hub, self_url, language


def _atom_entry(entry: Any) -> _Raw:
    raw = _Raw(base="")
    content, content_html = "", True
    link: str | None = None  # the first alternate link's
    for child in entry:
        name = ATOM_FIELDS[child.tag]
        if name == "-":
            continue
        if name == "title":
            raw.title, raw.title_html = _atom_text(child)
        elif name == "link":
            if link is None and child.get("rel", "alternate") == "alternate":
                link = _atom_href(child)
        elif name == "id":
            raw.guid = element_text(child).strip()
        elif name == "summary":
            raw.summary, raw.summary_html = _atom_text(child)
        elif name == "content":
            content, content_html = _atom_text(child)
        elif name == "published":
            raw.published = raw.published or element_text(child)
        elif name == "updated":
            raw.updated = raw.updated or element_text(child)
        elif name == "author":
            names = [element_text(part) for part in child if local_name(str(part.tag)) == "name"]
            raw.authors.extend(names or [element_text(child)])
        elif name == "category":
            raw.tags.append(child.get("label") or child.get("term") or "")
    if not raw.summary:
        raw.summary, raw.summary_html = content, content_html
    raw.link = link or ""
    raw.language = (entry.get(XML_LANG) or "").strip().lower() or None
    return raw


def _atom_href(link: Any) -> str:
    href: str = link.get("href", "").strip()
    if not is_http_url(href):
        href = absolute_url(href, link.base or "") or ""
    return href


def _atom_text(element: Any) -> tuple[str, bool]:
    """The text of an Atom text construct and whether it is HTML."""
    kind = (element.get("type") or "text").lower()
    if kind == "xhtml":
        return "".join(element.itertext()), False
    return element_text(element), kind in ("html", "text/html")


# --- JSON Feed ---------------------------------------------------------------------------------


def _json_feed(body: bytes, url: str, moment: datetime) -> ParsedFeed:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise FeedError(f"{url or 'the body'} is not valid JSON: {error}", url=url) from None
    if not isinstance(data, dict) or "jsonfeed.org" not in str(data.get("version", "")):
        raise FeedError(f"{url or 'the body'} is JSON but not a JSON Feed (no jsonfeed.org version)", url=url)
    items = data.get("items")
    items = items if isinstance(items, list) else []
    hubs = _list(data.get("hubs"))
    hub = next((_str(h.get("url")) for h in hubs if isinstance(h, dict) and h.get("url")), None)
    language = _str(data.get("language")).lower() or None
    raws = [_json_item(item, url) for item in items if isinstance(item, dict)]
    skipped: Counter[str] = Counter()
    skipped["not_an_object"] += len(items) - len(raws)
    entries = _finish(raws, language, moment, skipped)
    return ParsedFeed(
        title=collapse(_str(data.get("title"))),
        link=absolute_url(_str(data.get("home_page_url")), url),
        hub=absolute_url(hub or "", url),
        self_url=absolute_url(_str(data.get("feed_url")), url),
        kind="json",
        entries=entries,
        skipped={k: v for k, v in skipped.items() if v},
        language=language,
    )


def _json_item(item: dict[str, Any], url: str) -> _Raw:
    html = _str(item.get("content_html"))
    summary = _str(item.get("summary"))
    authors = _list(item.get("authors")) or [item.get("author")]
    tags = _list(item.get("tags"))
    return _Raw(
        base=url,
        link=_str(item.get("url")) or _str(item.get("external_url")),
        guid=_str(item.get("id")),
        title=_str(item.get("title")),
        title_html=False,
        summary=summary or html or _str(item.get("content_text")),
        summary_html=bool(html) and not summary,
        published=_str(item.get("date_published")),
        updated=_str(item.get("date_modified")),
        authors=[_str(a.get("name")) for a in authors if isinstance(a, dict)],
        tags=[_str(t) for t in tags],
        language=_str(item.get("language")).lower() or None,
    )


# --- from raw items to entries -----------------------------------------------------------------


def _finish(
    raws: list[_Raw], language: str | None, moment: datetime, skipped: Counter[str]
) -> tuple[Entry, ...]:
    entries: list[Entry] = []
    seen: set[str] = set()
    sane = sane_at(moment)
    for raw in raws:
        link = absolute_url(raw.link, raw.base)
        if link is None and raw.guid.startswith(("http://", "https://")):
            link = absolute_url(raw.guid, raw.base)
        if link is None:
            skipped["no_url"] += 1
            continue
        key = raw.guid or link
        if key in seen:
            skipped["duplicate"] += 1
            continue
        seen.add(key)
        published, updated = _dates(raw, sane)
        entries.append(
            Entry(
                url=link,
                title=plain_text(raw.title) if raw.title_html else collapse(raw.title),
                published=published,
                updated=updated,
                summary=plain_text(raw.summary) if raw.summary_html else collapse(raw.summary),
                guid=raw.guid,
                authors=_distinct(raw.authors, collapse),
                tags=_distinct(raw.tags, plain_text),
                language=raw.language or language,
            )
        )
    return tuple(entries)


def _dates(
    raw: _Raw, sane: Callable[[datetime | None], datetime | None]
) -> tuple[datetime | None, datetime | None]:
    """The item's published and updated dates (read once when they are the same text, as Atom's often are)."""
    published = sane(parse_date(raw.published)) if raw.published else None
    if raw.updated == raw.published:
        return published, published
    return published, sane(parse_date(raw.updated)) if raw.updated else None


def _distinct(values: list[str], clean: Callable[[str], str]) -> tuple[str, ...]:
    if not values:
        return ()
    if len(values) == 1:
        text = clean(values[0])
        return (text,) if text else ()
    return tuple(dict.fromkeys(filter(None, map(clean, values))))


def _child(element: Any, name: str) -> Any:
    return next((c for c in element if isinstance(c.tag, str) and local_name(c.tag) == name), None)


def _str(value: object) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []
