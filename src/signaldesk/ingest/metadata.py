"""What a page says about itself: JSON-LD, meta tags, <time>, <link rel=canonical>.

Everything here reads an already parsed lxml tree and touches nothing else.
Dates keep the offset the page gave; a date written without an offset is taken
to be UTC (pages rarely say, and UTC is the least surprising guess).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml.html import HtmlElement

ARTICLE_TYPES = ("Article", "BlogPosting", "Report", "LiveBlogPosting", "PressRelease", "Review")


@dataclass(frozen=True, slots=True)
class PageMeta:
    """The metadata one page declares, before fallbacks from the body."""

    title: str = ""
    authors: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    published: datetime | None = None
    modified: datetime | None = None
    site_name: str = ""
    section: str = ""
    tags: tuple[str, ...] = ()
    language: str | None = None
    canonical_url: str = ""
    ld_types: tuple[str, ...] = ()
    free: bool | None = None
    paywalled_selectors: tuple[str, ...] = ()


def read_metadata(tree: HtmlElement, url: str) -> PageMeta:
    """Read the page's own metadata (JSON-LD first, then meta tags, then markup)."""
    objects = list(ld_objects(tree))
    article = main_ld_object(objects)
    tags = meta_tags(tree)
    published, modified = page_dates(tree, article, tags)
    return PageMeta(
        title=choose_title(
            _first(_ld_text(article, "headline"), _meta(tags, "og:title", "twitter:title")),
            [_clean(h.text_content()) for h in tree.xpath("//h1")[:5]],
            _first(*[_clean(t.text_content()) for t in tree.xpath("//title")[:1]]),
        ),
        authors=ld_authors(article, "Person")
        or tuple(_meta_all(tags, "author", "article:author", "dc.creator")),
        organisations=ld_authors(article, "Organization"),
        published=published,
        modified=modified,
        site_name=_first(_meta(tags, "og:site_name", "application-name"), _ld_publisher(article)),
        section=_first(_ld_text(article, "articleSection"), _meta(tags, "article:section", "section")),
        tags=_keywords(article, tags),
        language=page_language(tree, tags),
        canonical_url=canonical_link(tree, tags, url),
        ld_types=ld_types(article),
        free=_free(article),
        paywalled_selectors=_paywalled_selectors(article),
    )


def choose_title(declared: str, headings: list[str], page_title: str) -> str:
    """The headline: a page heading found inside the declared title wins (it lacks kickers
    and site names); otherwise the declared title, else the <title> with its site suffix cut."""
    title = declared or page_title
    for heading in headings:
        if len(heading) >= 10 and heading in title:
            return heading
    if declared:
        return declared
    return _SITE_SUFFIX.sub("", page_title) if page_title else ""


_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,40}$")


# JSON-LD


def ld_objects(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object on the page, @graph and lists flattened; bad JSON is skipped."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            try:
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", raw.replace("\n", " ")))
            except ValueError:
                continue
        yield from _flatten(data)


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        yield data
        if isinstance(data.get("@graph"), list):
            yield from _flatten(data["@graph"])
        entity = data.get("mainEntity") or data.get("mainEntityOfPage")
        if isinstance(entity, dict) and "@type" in entity:
            yield from _flatten(entity)


def ld_types(obj: dict[str, Any] | None) -> tuple[str, ...]:
    if not obj:
        return ()
    raw = obj.get("@type", ())
    items = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, list) else []
    return tuple(str(t).rsplit("/", 1)[-1] for t in items if t)


def main_ld_object(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The object describing the article itself (the one with the most fields wins ties)."""
    articles = [o for o in objects if any(t.endswith(ARTICLE_TYPES) for t in ld_types(o))]
    if not articles:
        return None
    return max(articles, key=lambda o: (bool(o.get("headline")), "datePublished" in o, len(o)))


def _ld_text(obj: dict[str, Any] | None, key: str) -> str:
    if not obj:
        return ""
    value = obj.get(key)
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), "")
    return _clean(value) if isinstance(value, str) else ""


def ld_authors(obj: dict[str, Any] | None, kind: str = "Person") -> tuple[str, ...]:
    """Names of the article's authors of one kind: "Person" (also untyped) or "Organization"."""
    if not obj:
        return ()
    raw = obj.get("author") or obj.get("creator")
    items = raw if isinstance(raw, list) else [raw]
    names = []
    for item in items:
        if isinstance(item, dict):
            is_org = any(
                t.endswith(("Organization", "NewsMediaOrganization", "Corporation")) for t in ld_types(item)
            )
            if is_org != (kind == "Organization"):
                continue
            name = item.get("name")
            if isinstance(name, list):
                name = " ".join(str(n) for n in name)
            if isinstance(name, str) and name.strip():
                names.append(_clean(name))
        elif kind == "Person" and isinstance(item, str) and item.strip() and not item.startswith("http"):
            names.append(_clean(item))
    return tuple(names)


def _ld_publisher(obj: dict[str, Any] | None) -> str:
    publisher = (obj or {}).get("publisher")
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else None
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        return _clean(publisher["name"])
    return ""


def _free(obj: dict[str, Any] | None) -> bool | None:
    if not obj:
        return None
    candidates = [obj.get("isAccessibleForFree")]
    parts = obj.get("hasPart")
    for part in parts if isinstance(parts, list) else [parts]:
        if isinstance(part, dict):
            candidates.append(part.get("isAccessibleForFree"))
    for value in candidates:
        if value is False or (isinstance(value, str) and value.strip().lower() == "false"):
            return False
    if any(v is True or (isinstance(v, str) and v.strip().lower() == "true") for v in candidates):
        return True
    return None


def _paywalled_selectors(obj: dict[str, Any] | None) -> tuple[str, ...]:
    parts = (obj or {}).get("hasPart")
    found = []
    for part in parts if isinstance(parts, list) else [parts]:
        if isinstance(part, dict) and str(part.get("isAccessibleForFree", "")).lower() == "false":
            selector = part.get("cssSelector")
            if isinstance(selector, str) and re.fullmatch(r"[.#][\w-]+", selector.strip()):
                found.append(selector.strip())
    return tuple(found)


def _keywords(obj: dict[str, Any] | None, tags: dict[str, list[str]]) -> tuple[str, ...]:
    raw: Any = (obj or {}).get("keywords") or _meta_all(tags, "article:tag")
    raw = raw or _meta(tags, "keywords", "news_keywords")
    items = raw if isinstance(raw, list) else str(raw).split(",") if raw else []
    seen: dict[str, str] = {}
    for item in items:
        word = _clean(str(item))
        if word and len(word) < 80 and word.lower() not in seen:
            seen[word.lower()] = word
    return tuple(seen.values())


# meta tags and markup


def meta_tags(tree: HtmlElement) -> dict[str, list[str]]:
    """property/name/itemprop of every <meta>, lower-cased, to its contents in page order."""
    found: dict[str, list[str]] = {}
    for node in tree.xpath("//meta[@content]"):
        key = node.get("property") or node.get("name") or node.get("itemprop")
        value = _clean(node.get("content", ""))
        if key and value:
            found.setdefault(key.strip().lower(), []).append(value)
    return found


def _meta(tags: dict[str, list[str]], *keys: str) -> str:
    for key in keys:
        if tags.get(key):
            return tags[key][0]
    return ""


def _meta_all(tags: dict[str, list[str]], *keys: str) -> list[str]:
    for key in keys:
        values = [v for v in tags.get(key, []) if not v.startswith("http")]
        if values:
            return values
    return []


def page_language(tree: HtmlElement, tags: dict[str, list[str]]) -> str | None:
    raw = (
        tree.get("lang")
        or _first(*tree.xpath("//html/@lang"))
        or _meta(tags, "og:locale", "content-language", "language", "dc.language")
    )
    code = re.split(r"[-_]", raw.strip())[0].lower() if raw else ""
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def canonical_link(tree: HtmlElement, tags: dict[str, list[str]], url: str) -> str:
    """<link rel=canonical>, then og:url, then the URL itself; normalised."""
    links = tree.xpath('//link[translate(@rel,"CANONICAL","canonical")="canonical"]/@href')
    for candidate in [*links, _meta(tags, "og:url"), url]:
        candidate = (candidate or "").strip()
        if candidate and not candidate.startswith(("javascript:", "#")):
            absolute = urljoin(url, candidate) if url else candidate
            if urlsplit(absolute).scheme in ("http", "https"):
                return normalise_url(absolute)
    return normalise_url(url) if url else ""


def normalise_url(url: str) -> str:
    """Lower-case host, no fragment, no tracking parameters (courlan does the query)."""
    from courlan import normalize_url

    try:
        cleaned = normalize_url(url)
    except (ValueError, AttributeError):
        cleaned = url
    parts = urlsplit(cleaned)
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))


# dates

_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "publishdate",
    "pubdate",
    "dc.date.issued",
    "date",
    "sailthru.date",
    "parsely-pub-date",
)
_MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "lastmod", "dc.date.modified")


def page_dates(
    tree: HtmlElement, article: dict[str, Any] | None, tags: dict[str, list[str]]
) -> tuple[datetime | None, datetime | None]:
    published = parse_date(_ld_text(article, "datePublished")) or parse_date(_ld_text(article, "dateCreated"))
    published = published or _first_date(tags, _PUBLISHED_META)
    if published is None:
        for value in tree.xpath("//time[@datetime]/@datetime")[:3]:
            published = parse_date(value)
            if published:
                break
    modified = parse_date(_ld_text(article, "dateModified")) or _first_date(tags, _MODIFIED_META)
    return published, modified


def _first_date(tags: dict[str, list[str]], keys: tuple[str, ...]) -> datetime | None:
    for key in keys:
        for value in tags.get(key, []):
            moment = parse_date(value)
            if moment:
                return moment
    return None


_COMPACT_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")


def parse_date(text: str | None) -> datetime | None:
    """An aware datetime from ISO 8601 or RFC 2822 text, keeping its offset.

    A date or time without an offset is taken to be UTC.
    """
    if not text:
        return None
    raw = text.strip()
    if not raw or len(raw) > 64:
        return None
    iso = raw.replace(" ", "T", 1) if re.match(r"\d{4}-\d{2}-\d{2} \d", raw) else raw
    iso = re.sub(r"\.\d+", lambda m: m.group(0)[:7], iso)
    iso = _COMPACT_OFFSET.sub(r"\1:\2", iso) if "T" in iso else iso
    iso = re.sub(r"\s*(?:UTC|GMT)$", "+00:00", iso)
    moment: datetime | None
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        try:
            moment = parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            moment = None
    if moment is None or not 1990 <= moment.year <= 2100:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _clean(text: str) -> str:
    if "&" in text:
        text = html.unescape(text)
    return re.sub(r"[\s\u200b]+", " ", text).strip()


def _first(*values: str) -> str:
    return next((v for v in values if v), "")
