"""Which field of an entry each child element of an RSS item or an Atom entry fills.

Looked up by the element's full tag ('{namespace}name') in a table filled as tags are met,
so reading an item costs one dict lookup per child element.
"""

from __future__ import annotations

from typing import Any

from .sanitize import local_name

ATOM = "http://www.w3.org/2005/Atom"


# What each RSS child element is, by local name ("-": nothing we read).
_RSS_NAMES = {
    "title": "title",
    "link": "link",
    "guid": "guid",
    "description": "summary",
    "encoded": "content",
    "content": "content",
    "pubDate": "published",
    "date": "published",
    "issued": "published",
    "published": "published",
    "updated": "updated",
    "modified": "updated",
    "author": "author",
    "creator": "author",
    "category": "tag",
    "subject": "tag",
    "language": "language",
}
RSS_FIELDS: dict[Any, str] = {}  # full tag -> field, filled as tags are met


def rss_field(tag: Any) -> str:
    """The field an RSS child element with this tag fills ("-" for none), remembered."""
    if not isinstance(tag, str):
        return "-"  # comments, processing instructions, entities
    name = local_name(tag)
    if name == "link" and tag.startswith(f"{{{ATOM}}}"):
        field_ = "atom_link"
    elif name == "content" and tag.startswith("{http://search.yahoo"):
        field_ = "-"
    else:
        field_ = _RSS_NAMES.get(name, "-")
    if len(RSS_FIELDS) < 4096:
        RSS_FIELDS[tag] = field_
    return field_


# What each Atom child element is, by local name ("-": nothing we read).
_ATOM_NAMES = {
    "title": "title",
    "link": "link",
    "id": "id",
    "summary": "summary",
    "content": "content",
    "published": "published",
    "issued": "published",
    "updated": "updated",
    "modified": "updated",
    "author": "author",
    "category": "category",
}
ATOM_FIELDS: dict[Any, str] = {}  # full tag -> field, filled as tags are met


def atom_field(tag: Any) -> str:
    """The field an Atom child element with this tag fills ("-" for none), remembered."""
    if not isinstance(tag, str):
        return "-"  # comments, processing instructions, entities
    field_ = _ATOM_NAMES.get(local_name(tag), "-")
    if len(ATOM_FIELDS) < 4096:
        ATOM_FIELDS[tag] = field_
    return field_
