"""Reader comments from a page's static comment section.

Only what is in the HTML as served: script-loaded widgets (Disqus, Coral ...) are
empty here and give no comments. Items are found by schema.org Comment microdata
or by the class names common comment systems use (WordPress, Drupal, ...); a
reply's `parent_id` is the id of the comment it is nested in.
"""

from __future__ import annotations

import re

from lxml.etree import XPath
from lxml.html import HtmlElement

from signaldesk.ingest.metadata import parse_date
from signaldesk.types import Comment

SECTION_IDS = frozenset({"comments", "comment-section", "commentscontainer", "comments-section"})
SECTION_CLASSES = frozenset(
    {
        "comments",
        "comment-list",
        "commentlist",
        "comments-area",
        "comment-section",
        "comments-section",
        "user-comments",
    }
)
_CANDIDATES = XPath('//*[contains(@class, "comment") or contains(@id, "omment")]')
_ITEM_XPATH = './/*[contains(@itemtype, "schema.org/Comment") or ((self::li or self::article or self::div) and contains(@class, "omment"))]'
_ITEM_CLASS = re.compile(r"^(?:[a-z0-9]+[-_])?comment(?:[-_](?:item|entry))?$", re.IGNORECASE)
_ITEMS = XPath(_ITEM_XPATH)
_AUTHORS = XPath(
    './/*[@itemprop="author" or contains(@class, "comment-author") or contains(@class, "author-name") '
    'or self::cite or contains(@class, "username")]'
)
_TEXTS = (
    XPath(
        './/*[@itemprop="text" or contains(@class, "comment-content") or contains(@class, "comment-text")]'
    ),
    XPath('.//*[contains(@class, "comment-body") or contains(@class, "comment-message")]'),
    XPath(".//p"),
)
_TIMES = XPath(".//time[@datetime]")
_ID_PREFIX = re.compile(r"^(?:comment|li-comment|div-comment)[-_]?", re.IGNORECASE)


def comment_sections(tree: HtmlElement) -> list[HtmlElement]:
    """The outermost comment-section elements of the page."""
    found = [node for node in _CANDIDATES(tree) if _is_section(node)]
    chosen = set(found)
    return [node for node in found if not any(anc in chosen for anc in node.iterancestors())]


def _is_section(node: HtmlElement) -> bool:
    if (node.get("id") or "").lower() in SECTION_IDS:
        return True
    return not SECTION_CLASSES.isdisjoint((node.get("class") or "").lower().split())


def find_comments(tree: HtmlElement, limit: int = 2000) -> tuple[Comment, ...]:
    """The comments in the page's comment sections, in page order, at most `limit`."""
    comments: list[Comment] = []
    for section in comment_sections(tree):
        items: list[HtmlElement] = [node for node in _ITEMS(section) if _is_item(node)]
        ids = {item: _item_id(item, n) for n, item in enumerate(items)}
        for item in items:
            comment = _read_item(item, ids)
            if comment is not None:
                comments.append(comment)
            if len(comments) >= limit:
                return tuple(comments)
    return tuple(comments)


def _is_item(node: HtmlElement) -> bool:
    """A comment item: schema.org Comment microdata, or a class like comment, c-comment, comment-item."""
    if "schema.org/Comment" in (node.get("itemtype") or ""):
        return True
    return any(_ITEM_CLASS.match(token) for token in (node.get("class") or "").split())


def _item_id(item: HtmlElement, position: int) -> str:
    raw = item.get("data-comment-id") or item.get("id") or ""
    return _ID_PREFIX.sub("", raw) or f"c{position + 1}"


def _read_item(item: HtmlElement, ids: dict[HtmlElement, str]) -> Comment | None:
    text = ""
    for xpath in _TEXTS:
        text = "\n".join(_text(n) for n in _own(item, xpath, ids)).strip()
        if text:
            break
    if not text:
        return None
    authors = _own(item, _AUTHORS, ids)
    author = _text(authors[0]) if authors else ""
    author = re.sub(r"\s+(?:says|said|wrote)\s*:?$", "", author, flags=re.IGNORECASE)
    times = _own(item, _TIMES, ids)
    published = parse_date(times[0].get("datetime")) if times else None
    parent = item.get("data-parent-id") or ""
    if not parent:
        parent = next((ids[anc] for anc in item.iterancestors() if anc in ids), "")
    return Comment(text=text, author=author, published=published, platform_id=ids[item], parent_id=parent)


def _own(item: HtmlElement, xpath: XPath, ids: dict[HtmlElement, str]) -> list[HtmlElement]:
    """Outermost matches inside `item` that do not belong to a reply nested in it."""
    found: list[HtmlElement] = []
    chosen: set[HtmlElement] = set()
    for node in xpath(item):
        if node in ids:
            continue
        owner = None
        for ancestor in node.iterancestors():
            if ancestor in chosen or ancestor in ids:
                owner = ancestor
                break
        if owner is item:
            found.append(node)
            chosen.add(node)
    return found


def _text(node: HtmlElement) -> str:
    return re.sub(r"[ \t\r\f\v]+", " ", node.text_content()).strip()
