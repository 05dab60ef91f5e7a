"""Make what sources send safe: plain text for titles and summaries, XML that cannot hurt.

Summaries are kept as plain text (tags dropped, entities decoded, whitespace
collapsed): downstream stages match words, never render feed HTML.
"""

from __future__ import annotations

import html
import re
from html.entities import name2codepoint
from typing import Any
from urllib.parse import urljoin

import nh3

from signaldesk.errors import SignaldeskError

_BLOCK_END = re.compile(r"</(?:p>|div>|li>|h)|<br")  # a space before them keeps words apart
_CLEANERS: dict[str, Any] = {}
_ASCII_SPACES = b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"  # what str.split() splits on, but " "


def _text_cleaner() -> Any:
    """One nh3 Cleaner that keeps no tag (built once: building is most of a call's cost)."""
    cleaner = _CLEANERS.get("text")
    if cleaner is None:
        cleaner = _CLEANERS["text"] = nh3.Cleaner(tags=set(), clean_content_tags={"script", "style"})
    return cleaner


def plain_text(value: str | None) -> str:
    """Text of an HTML fragment: no tags, no scripts, entities decoded, one space between words."""
    if not value:
        return ""
    if "<" in value:
        value = html.unescape(_text_cleaner().clean(_space_blocks(value)))
    elif "&" in value:
        value = html.unescape(value)
    return fix_mojibake(_one_spaced(value))


def _one_spaced(value: str) -> str:
    """' '.join(value.split()), with a quicker path for long ASCII text that is already single-spaced."""
    if len(value) > 80 and value.isascii() and "  " not in value:
        data = value.encode("ascii")
        if len(data.translate(None, _ASCII_SPACES)) == len(data):  # no tab, newline or the like
            return value.strip(" ")
    return " ".join(value.split())


def _space_blocks(value: str) -> str:
    """A space before each block end (</p>, <br, ...), so that words in two blocks stay apart."""
    return _BLOCK_END.sub(_spaced, value)


def _spaced(match: re.Match[str]) -> str:
    return " " + match[0]


def collapse(value: str | None) -> str:
    """A text construct that is not HTML: whitespace collapsed, nothing else touched."""
    if not value:
        return ""
    return fix_mojibake(_one_spaced(value))


def fix_mojibake(value: str) -> str:
    """Undo UTF-8 text that was read as cp1252 ("Ã©" for "é") when that is clearly what happened."""
    if "Ã" not in value and "â€" not in value and "Â" not in value:
        return value
    try:
        fixed = bytes(_cp1252_byte(char) for char in value).decode("utf-8")
    except (UnicodeError, ValueError):
        return value
    return fixed if len(fixed) < len(value) else value


def _cp1252_byte(char: str) -> int:
    """The byte cp1252 (or, for its five holes, latin-1) writes for `char`."""
    try:
        return char.encode("cp1252")[0]
    except UnicodeEncodeError:
        code = ord(char)
        if code < 256:
            return code
        raise ValueError(char) from None


# --- XML that cannot hurt us -------------------------------------------------------------------


class FeedError(SignaldeskError):
    """A feed, sitemap or OPML body that is not what it claims, or is unsafe to read."""

    code = "feed_invalid"

    def __init__(self, message: str, *, url: str = "") -> None:
        super().__init__(message, details={"url": url})
        self.url = url


_DECLARED = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_LATIN = {"iso-8859-1", "latin-1", "latin1", "iso8859-1", "us-ascii", "ascii", "windows-1252", "cp1252"}
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL
)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_NAMED_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_ENTITIES = {b"amp", b"lt", b"gt", b"quot", b"apos"}


def to_utf8(body: bytes, charset: str | None = None) -> bytes:
    """The body as UTF-8 bytes, choosing the encoding that gives readable text.

    Order: a byte-order mark; valid UTF-8; the HTTP `charset`, then the XML declaration
    (latin-1 read as cp1252, as browsers do); cp1252 with replacement as a last resort.
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, errors="replace").encode("utf-8")
    try:
        body.decode("utf-8")
        return body
    except UnicodeDecodeError:
        pass
    declared = _DECLARED.match(body[:300])
    for label in (charset, declared[1].decode("ascii") if declared else None):
        if not label:
            continue
        name = label.strip().lower()
        name = "cp1252" if name in _LATIN else name
        try:
            return body.decode(name).encode("utf-8")
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("cp1252", errors="replace").encode("utf-8")


def looks_like_html(body: bytes) -> bool:
    """Whether the body starts as an HTML page does."""
    return _HTML_START.match(body[:2048]) is not None


def refuse_entities(body: bytes, url: str) -> None:
    """Raise FeedError when a DOCTYPE declares entities (entity bombs, external entities)."""
    found = _DOCTYPE.search(body)
    if found is None:
        return
    end = body.find(b"]>", found.start())
    subset = body[found.start() : end if end >= 0 else len(body)]
    if _ENTITY.search(subset):
        raise FeedError(
            f"{url or 'the body'} declares XML entities in its DOCTYPE; refused "
            "(entities can expand without bound or read local files)",
            url=url,
        )


def parse_xml(body: bytes, url: str, charset: str | None = None) -> tuple[Any, bool]:
    """A safe lxml root of `body` and whether it had to be recovered from broken XML.

    Never loads a DTD, expands an entity or touches the network. Undefined HTML entities
    (&nbsp;) are turned into characters; XML that is still broken is recovered as far as
    it goes, and the caller decides whether what came back is enough.
    """
    from lxml import etree

    if not body.strip():
        raise FeedError(f"{url or 'the body'} is empty", url=url)
    data = to_utf8(body, charset).lstrip()
    refuse_entities(data, url)
    options = {
        "resolve_entities": False,
        "no_network": True,
        "load_dtd": False,
        "huge_tree": False,
        "remove_comments": True,
        "remove_pis": True,
        "encoding": "utf-8",
    }
    try:
        return etree.fromstring(data, etree.XMLParser(**options), base_url=url or None), False
    except etree.XMLSyntaxError as error:
        first = error
    if b"&" in data:
        fixed = _NAMED_ENTITY.sub(_numeric_entity, data)
        if fixed != data:
            try:
                return etree.fromstring(fixed, etree.XMLParser(**options), base_url=url or None), False
            except etree.XMLSyntaxError:
                data = fixed
    try:
        root = etree.fromstring(data, etree.XMLParser(recover=True, **options), base_url=url or None)
    except (etree.XMLSyntaxError, ValueError):
        root = None
    if root is None:
        raise FeedError(f"{url or 'the body'} is not well-formed XML: {first}", url=url)
    return root, True


def _numeric_entity(match: re.Match[bytes]) -> bytes:
    name = match[1]
    if name in _XML_ENTITIES:
        return match[0]
    code = name2codepoint.get(name.decode("ascii"))
    return b"&#%d;" % code if code is not None else b"&amp;" + name + b";"


# --- small helpers every parser of listed items shares ------------------------------------------

_HTTP = re.compile(r"https?://(?:[^/?#\s@]*@)?(?:[A-Za-z0-9_-]|\[[0-9A-Fa-f:.]+\])[^/?#\s]*(?:[/?#]|$)", re.I)
_LOCAL: dict[str, str] = {}


def is_http_url(link: str) -> bool:
    """Whether `link` is an absolute http(s) URL with a host."""
    return _HTTP.match(link) is not None


def absolute_url(link: str, base: str) -> str | None:
    """`link` made absolute against `base`, or None when it cannot be an http(s) URL."""
    link = link.strip()
    if not link:
        return None
    if not _HTTP.match(link):
        if not base:
            return None
        try:
            link = urljoin(base, link)
        except ValueError:
            return None
        if not _HTTP.match(link):
            return None
    return link


def local_name(tag: str) -> str:
    """'{namespace}name' -> 'name' (cached for the few tags feeds use)."""
    name = _LOCAL.get(tag)
    if name is None:
        name = tag.rpartition("}")[2]
        if len(_LOCAL) < 4096:
            _LOCAL[tag] = name
    return name


def element_text(element: Any) -> str:
    """All text inside an element (its own and its children's)."""
    if len(element):
        return "".join(element.itertext())
    return element.text or ""
