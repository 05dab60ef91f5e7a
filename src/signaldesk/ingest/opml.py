"""Read and write OPML subscription lists (the format feed readers exchange)."""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import quoteattr

from signaldesk.config import Source

from .sanitize import FeedError, collapse, parse_xml


def read_opml(text: bytes) -> list[dict[str, str]]:
    """Every outline with an xmlUrl: xmlUrl, title, htmlUrl and category (the enclosing folders)."""
    root, _ = parse_xml(text, "")
    if not isinstance(root.tag, str) or root.tag.lower() != "opml":
        raise FeedError("not an OPML document: its root element is not <opml>")
    body = next((child for child in root if child.tag == "body"), None)
    found: list[dict[str, str]] = []
    if body is not None:
        _walk(body, [], found)
    return found


def _walk(parent: object, folders: list[str], found: list[dict[str, str]]) -> None:
    for outline in parent:  # type: ignore[attr-defined]
        if outline.tag != "outline":
            continue
        title = collapse(outline.get("title") or outline.get("text") or "")
        xml_url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if xml_url:
            category = outline.get("category") or "/".join(folders)
            found.append(
                {
                    "xmlUrl": xml_url,
                    "title": title,
                    "htmlUrl": (outline.get("htmlUrl") or "").strip(),
                    "category": category,
                }
            )
        else:
            _walk(outline, [*folders, title] if title else folders, found)


def write_opml(sources: Iterable[Source], title: str) -> str:
    """An OPML 2.0 document listing the feed sources, folded by outlet."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{_escape(title)}</title></head>",
        "  <body>",
    ]
    for source in sources:
        attributes = {
            "type": "rss",
            "text": source.outlet,
            "title": source.outlet,
            "xmlUrl": source.url,
            "category": ",".join(source.tags),
        }
        if source.kind != "feed":
            attributes["type"] = source.kind
        rendered = " ".join(f"{key}={quoteattr(value)}" for key, value in attributes.items() if value)
        lines.append(f"    <outline {rendered}/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _escape(value: str) -> str:
    return quoteattr(value)[1:-1]
