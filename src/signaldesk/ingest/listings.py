"""Pick article links from an HTML listing page (a section front, a press-release index).

Pure: bytes in, Entries out. Links are chosen by a CSS selector (cssselect) and/or a
URL regular expression, made absolute, kept on the page's own site unless the pattern
names another host, de-duplicated, and titled with their link text.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urldefrag, urlsplit

from signaldesk.errors import UsageError
from signaldesk.types import Entry

from .sanitize import absolute_url, collapse


def parse_listing(body: bytes, url: str, *, selector: str | None, pattern: str | None) -> tuple[Entry, ...]:
    """Article links on the page at `url`; with neither selector nor pattern, every same-site link."""
    import lxml.html

    regex = _compile(pattern)
    if not body.strip():
        return ()
    try:
        root = lxml.html.document_fromstring(body, base_url=url)
    except Exception:  # lxml raises ParserError or ValueError on bodies with no elements
        return ()
    anchors = _select(root, selector)
    site = _site(url)
    found: dict[str, Entry] = {}
    for anchor in anchors:
        href = anchor.get("href")
        if not href:
            continue
        link = absolute_url(urldefrag(href.strip())[0], anchor.base or url)
        if link is None or link in found:
            continue
        if regex is not None and not regex.search(link):
            continue
        if _site(link) != site and not (regex is not None and _names_host(pattern or "")):
            continue
        title = collapse(anchor.text_content()) or collapse(anchor.get("title"))
        found[link] = Entry(url=link, title=title)
    return tuple(found.values())


def _select(root: Any, selector: str | None) -> list[Any]:
    if not selector:
        return list(root.iter("a"))
    from cssselect import SelectorError

    try:
        chosen = root.cssselect(selector)
    except SelectorError as error:
        raise UsageError(f"listing selector '{selector}' is not valid CSS: {error}") from None
    anchors: list[Any] = []
    for element in chosen:
        anchors.extend([element] if element.tag == "a" else element.iter("a"))
    return anchors


def _compile(pattern: str | None) -> re.Pattern[str] | None:
    if not pattern:
        return None
    try:
        return re.compile(pattern)
    except re.error as error:
        raise UsageError(f"listing pattern '{pattern}' is not a valid regular expression: {error}") from None


def _site(link: str) -> str:
    host = urlsplit(link).hostname or ""
    return host.removeprefix("www.")


def _names_host(pattern: str) -> bool:
    """Whether a pattern pins the host itself (then links to other sites may match it)."""
    return "://" in pattern
