"""From one HTML page to an Article: body, metadata, genre, comments, paywall flag.

The page is parsed once with lxml; the same tree feeds trafilatura (body text)
and the metadata readers. `extract` does no I/O and never fetches anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml.etree import XPath
from lxml.html import HtmlElement

from signaldesk.errors import SignaldeskError
from signaldesk.ingest.boilerplate import drop_boilerplate_lines
from signaldesk.ingest.bylines import split_byline
from signaldesk.ingest.comments import comment_sections, find_comments
from signaldesk.ingest.genre import classify_genre, section_from_url
from signaldesk.ingest.metadata import PageMeta, normalise_url, parse_date, read_metadata
from signaldesk.types import Article

TEASER_CHARS = 1500
"""A body shorter than this behind a paywall marker is taken to be a teaser."""
FALLBACK_RATIO = 0.5
"""If the precise pass keeps less than this share of the generous pass, trust the generous one."""
FALLBACK_BELOW = 1000
"""The generous pass only runs when the precise one kept fewer characters than this."""

_PAYWALL_CANDIDATES = XPath(
    '//*[contains(@class, "wall") or contains(@id, "paywall") or contains(@class, "piano") '
    'or contains(@class, "tp-modal") or contains(@class, "subscriber-only")]'
)
_PAYWALL_NAMES = re.compile(
    r"paywall|regwall|subscribe-wall|meter-wall|piano-|tp-modal|subscriber-only-prompt"
)
_PAYWALL_TEXT = re.compile(
    r"subscribe (?:now )?to (?:continue|keep) reading|to (?:continue|keep) reading,? (?:please )?"
    r"(?:subscribe|log ?in|sign ?in|become a (?:subscriber|member))|already a subscriber\??|"
    r"this (?:article|story|content) is (?:only )?(?:available|reserved|exclusive) (?:to|for) "
    r"(?:paying )?(?:subscribers|members)|(?:subscribers|members) only",
    re.IGNORECASE,
)


class ExtractionError(SignaldeskError):
    """The bytes are not an HTML page that can be read."""

    code = "extraction_failed"


@dataclass(frozen=True, slots=True)
class Body:
    text: str
    title: str = ""
    author: str = ""
    date: str = ""
    site_name: str = ""


def parse_html(html: bytes | str) -> HtmlElement:
    """Parse a page once (encoding guessed from the bytes when needed)."""
    from trafilatura.utils import load_html

    tree = load_html(html) if html else None
    if tree is None:
        raise ExtractionError("the page is empty or is not HTML")
    return tree


def extract(
    html: bytes | str,
    url: str,
    *,
    default_genre: str | None = None,
) -> Article:
    """Extract one page into an Article (pure: no network).

    `default_genre` is the source's hint, used only when the page says nothing.
    Dates keep the page's UTC offset; one written without an offset is taken as UTC.
    """
    tree = parse_html(html)
    meta = read_metadata(tree, url)
    sections = comment_sections(tree)
    comments = find_comments(tree, sections=sections)
    for section in sections:
        section.drop_tree()
    paywall_prompt = _remove_paywall_parts(tree, meta)
    join_split_bodies(tree)
    body = body_text(tree, url, needs_metadata=_needs_fallbacks(meta))
    text = body.text
    is_paywalled = _is_paywalled(meta, paywall_prompt, text)
    if is_paywalled:
        text = _strip_prompt_lines(text)
    site_name = meta.site_name or body.site_name
    title = meta.title or body.title
    text = _drop_title_line(text, title)
    published = meta.published or _fallback_date(body.date)
    return Article(
        url=url,
        canonical_url=meta.canonical_url or (normalise_url(url) if url else ""),
        title=title,
        text=text,
        authors=split_byline(
            meta.authors or _split_trafilatura_authors(body.author) or meta.organisations, outlet=site_name
        ),
        published=published,
        modified=meta.modified,
        language=meta.language,
        genre=classify_genre(meta.ld_types, url, meta.section, default_genre),
        site_name=site_name,
        section=meta.section or section_from_url(url),
        tags=meta.tags,
        is_paywalled=is_paywalled,
        comments=comments,
    )


def body_text(
    tree: HtmlElement,
    url: str = "",
    *,
    needs_metadata: bool = False,
) -> Body:
    """The article body as plain text, comment sections left out.

    trafilatura runs in precise mode first; when that keeps little of what the
    generous mode finds, the generous text is used instead.
    """
    precise = _trafilatura(tree, url, favor_precision=True, with_metadata=needs_metadata)
    text = precise.get("text") or ""
    if len(text) < FALLBACK_BELOW:
        generous = _trafilatura(tree, url, favor_recall=True).get("text") or ""
        if len(text) < FALLBACK_RATIO * len(generous):
            text = generous
    text = drop_boilerplate_lines(text)
    return Body(
        text=text,
        title=precise.get("title") or "",
        author=precise.get("author") or "",
        date=precise.get("date") or "",
        site_name=precise.get("sitename") or "",
    )


def _trafilatura(tree: HtmlElement, url: str, **options: Any) -> dict[str, Any]:
    from trafilatura import bare_extraction

    result = bare_extraction(
        tree,
        url=url or None,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        date_extraction_params={
            "extensive_search": False,
            "original_date": True,
            "outputformat": "%Y-%m-%dT%H:%M:%S%z",
        },
        **options,
    )
    if result is None:
        return {}
    return result.as_dict() if hasattr(result, "as_dict") else dict(result)


_BODY_CHUNKS = XPath('//div[contains(@class, "body")][p]')


def join_split_bodies(tree: HtmlElement) -> int:
    """Pages that cut the article body into several containers of one class (between ads)
    get them joined into the first, so the body is found whole; returns how many were moved."""
    groups: dict[str, list[HtmlElement]] = {}
    for node in _BODY_CHUNKS(tree):
        names = node.get("class", "")
        if "comment" not in names and len(node.findall("p")) >= 2:
            groups.setdefault(names, []).append(node)
    moved = 0
    for chunks in groups.values():
        first = chunks[0]
        for chunk in chunks[1:]:
            if chunk.getparent() is None or any(a is first for a in chunk.iterancestors()):
                continue
            for child in list(chunk):
                first.append(child)
            chunk.drop_tree()
            moved += 1
    return moved


def _needs_fallbacks(meta: PageMeta) -> bool:
    return not (meta.title and meta.authors and meta.published)


def _fallback_date(text: str) -> datetime | None:
    return parse_date(text) if text else None


def _split_trafilatura_authors(author: str) -> tuple[str, ...]:
    return tuple(a for a in author.split(";") if a.strip()) if author else ()


def _remove_paywall_parts(tree: HtmlElement, meta: PageMeta) -> bool:
    """Drop paywall prompts and the parts the page marks as not free; True if a prompt was seen."""
    seen = False
    for node in _PAYWALL_CANDIDATES(tree):
        names = f"{node.get('class', '')} {node.get('id', '')}"
        if not _PAYWALL_NAMES.search(names) or node.getparent() is None:
            continue
        if len(node.text_content()) < 1200:
            node.drop_tree()
            seen = True
    for selector in meta.paywalled_selectors:
        name = selector[1:]
        attr = "class" if selector.startswith(".") else "id"
        xpath = (
            f'//*[contains(concat(" ", normalize-space(@class), " "), " {name} ")]'
            if attr == "class"
            else f'//*[@id="{name}"]'
        )
        for node in tree.xpath(xpath):
            if node.getparent() is not None:
                node.drop_tree()
    return seen


def _is_paywalled(meta: PageMeta, prompt_seen: bool, text: str) -> bool:
    marked = meta.free is False or prompt_seen or bool(_PAYWALL_TEXT.search(text[-600:]))
    return marked and len(text) < TEASER_CHARS


def _drop_title_line(text: str, title: str) -> str:
    """The body without a first line that only repeats the headline."""
    first, _, rest = text.partition("\n")
    if title and rest and " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest.lstrip()
    return text


def _strip_prompt_lines(text: str) -> str:
    lines = text.splitlines()
    while lines and _PAYWALL_TEXT.search(lines[-1]):
        lines.pop()
    return "\n".join(lines).strip()
