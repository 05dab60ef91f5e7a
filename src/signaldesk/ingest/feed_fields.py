"""Which field of an entry each child element of an RSS item or an Atom entry fills.

Looked up by the element's full tag ('{namespace}name') in a table that works a tag out the
first time it is met, so reading an item costs one dict lookup per child element.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .sanitize import local_name

ATOM = "http://www.w3.org/2005/Atom"


class TagFields(dict[Any, str]):
    """Full tag -> the field its element fills ("-": nothing we read), worked out on first sight."""

    def __init__(self, field_of: Callable[[str], str], most: int = 4096) -> None:
        super().__init__()
        self._field_of = field_of
        self._most = most

    def __missing__(self, tag: Any) -> str:
        if not isinstance(tag, str):
            return "-"  # comments, processing instructions, entities
        field = self._field_of(tag)
        if len(self) < self._most:
            self[tag] = field
        return field


# What each RSS child element is, by local name.
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


def _rss_field(tag: str) -> str:
    name = local_name(tag)
    if name == "link" and tag.startswith(f"{{{ATOM}}}"):
        return "atom_link"
    if name == "content" and tag.startswith("{http://search.yahoo"):
        return "-"
    return _RSS_NAMES.get(name, "-")


# What each Atom child element is, by local name.
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

RSS_FIELDS = TagFields(_rss_field)
ATOM_FIELDS = TagFields(lambda tag: _ATOM_NAMES.get(local_name(tag), "-"))
