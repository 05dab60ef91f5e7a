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
_ITEM_CLASS = re.compile(r"^(?:[a-z0-9]+[-_])?comment(?:[-_](?:item|entry))?$", re.IGNORECASE)
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


def find_comments(
    tree: HtmlElement, limit: int = 2000, sections: list[HtmlElement] | None = None
) -> tuple[Comment, ...]:
    """The comments in the page's comment sections, in page order, at most `limit`
    (`sections` saves looking the sections up again when the caller has them)."""
    comments: list[Comment] = []
    for section in comment_sections(tree) if sections is None else sections:
        for item, item_id, parent, parts in _walk(section):
            comment = _read_item(item, item_id, parent, parts)
            if comment is not None:
                comments.append(comment)
            if len(comments) >= limit:
                return tuple(comments)
    return tuple(comments)


Parts = list[list[HtmlElement]]
Item = tuple[HtmlElement, str, str, Parts]


def _walk(section: HtmlElement) -> list[Item]:
    """The section's comment items in page order, each with its id, the id of the item it is
    nested in, and its own parts: for each kind (author, text, body, paragraph, time) the
    outermost descendants of that kind, leaving out what belongs to replies nested in it.
    One walk of the section does it all."""
    found: list[Item] = []
    none: tuple[bool, ...] = (False,) * 5
    stack: list[tuple[HtmlElement, Item | None, tuple[bool, ...]]] = [
        (child, None, none) for child in reversed(section) if isinstance(child.tag, str)
    ]
    while stack:
        node, owner, inside = stack.pop()
        if _is_candidate(node) and _is_item(node):
            own: Item = (node, _item_id(node, len(found)), owner[1] if owner else "", [[], [], [], [], []])
            found.append(own)
            owner, below = own, none
        elif owner is None:
            below = none
        else:
            kinds: tuple[bool, ...] = _kinds(node)
            below = inside
            if any(kinds):
                parts = owner[3]
                for kind in range(5):
                    if kinds[kind] and not inside[kind]:
                        parts[kind].append(node)
                below = tuple(a or b for a, b in zip(inside, kinds, strict=True))
        stack.extend((child, owner, below) for child in reversed(node) if isinstance(child.tag, str))
    return found


def _is_candidate(node: HtmlElement) -> bool:
    """Comment microdata, or an li, article or div with "omment" in its class (then `_is_item` decides)."""
    if "schema.org/Comment" in (node.get("itemtype") or ""):
        return True
    return node.tag in ("li", "article", "div") and "omment" in (node.get("class") or "")


def _is_item(node: HtmlElement) -> bool:
    """A comment item: schema.org Comment microdata, or a class like comment, c-comment, comment-item."""
    if "schema.org/Comment" in (node.get("itemtype") or ""):
        return True
    return any(_ITEM_CLASS.match(token) for token in (node.get("class") or "").split())


def _item_id(item: HtmlElement, position: int) -> str:
    raw = item.get("data-comment-id") or item.get("id") or ""
    return _ID_PREFIX.sub("", raw) or f"c{position + 1}"


def _read_item(item: HtmlElement, item_id: str, parent: str, parts: Parts) -> Comment | None:
    text = ""
    for kind in (_TEXT, _BODY, _PARAGRAPH):
        text = "\n".join(_text(n) for n in parts[kind]).strip()
        if text:
            break
    if not text:
        return None
    author = _text(parts[_AUTHOR][0]) if parts[_AUTHOR] else ""
    if author.rstrip(" :\t\n").lower().endswith(("says", "said", "wrote")):
        author = _SAYS.sub("", author)
    times = parts[_TIME]
    published = parse_date(times[0].get("datetime")) if times else None
    parent = item.get("data-parent-id") or parent
    return Comment(text=text, author=author, published=published, platform_id=item_id, parent_id=parent)


_AUTHOR, _TEXT, _BODY, _PARAGRAPH, _TIME = range(5)
_SAYS = re.compile(r"\s+(?:says|said|wrote)\s*:?$", re.IGNORECASE)


def _kinds(node: HtmlElement) -> tuple[bool, bool, bool, bool, bool]:
    """Which of the parts of a comment (author, text, body, paragraph, time) a node can be."""
    tag = node.tag
    names = node.get("class") or ""
    prop = node.get("itemprop")
    return (
        prop == "author"
        or tag == "cite"
        or "comment-author" in names
        or "author-name" in names
        or "username" in names,
        prop == "text" or "comment-content" in names or "comment-text" in names,
        "comment-body" in names or "comment-message" in names,
        tag == "p",
        tag == "time" and node.get("datetime") is not None,
    )


def _text(node: HtmlElement) -> str:
    text = node.text_content()
    if "  " in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


_SPACES = re.compile(r"[ \t\r\f\v]+")
