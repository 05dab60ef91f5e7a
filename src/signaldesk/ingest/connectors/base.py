"""What every connector shares: the request it asks for, what it parsed, and small helpers.

A connector is pure: `start` says what to ask first, `parse` turns one answer into
articles, entries, events and follow-up requests. The I/O lives in `run.py`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ...config import Source
from ...errors import SignaldeskError
from ...types import Article, Entry, Page
from .ratelimits import RateLimit


class ConnectorError(SignaldeskError):
    """An API answered something its connector cannot read."""

    code = "connector_failed"


@dataclass(frozen=True, slots=True)
class Request:
    """One GET a connector wants; `step` names what the answer is, `carry` what it needs then."""

    url: str
    step: str = "list"
    carry: Any = None


@dataclass(frozen=True, slots=True)
class Event:
    """A change at an official source worth an alert, such as a bill's new latest action.

    `key` is unique per change, so the same change is reported once across polls."""

    kind: str
    key: str
    title: str
    url: str
    at: datetime | None = None
    detail: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Parsed:
    """What one answer held."""

    articles: tuple[Article, ...] = ()
    entries: tuple[Entry, ...] = ()
    follow: tuple[Request, ...] = ()
    events: tuple[Event, ...] = ()
    skipped: tuple[str, ...] = ()


class Connector(Protocol):
    """Reads one kind of API. `limit` is the published (or our polite) rate limit."""

    @property
    def name(self) -> str: ...

    @property
    def limit(self) -> RateLimit: ...

    @property
    def needs_key(self) -> bool: ...

    def start(self, source: Source, since: datetime | None) -> list[Request]: ...

    def parse(self, source: Source, request: Request, page: Page) -> Parsed: ...

    def sign(self, url: str, key: str) -> str: ...


def add_query(url: str, **params: str) -> str:
    """`url` with `params` set in its query string (replacing ones of the same name)."""
    parts = urlsplit(url)
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in params]
    query = urlencode([*kept, *params.items()])
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def sign_with_query(url: str, key: str, name: str = "api_key") -> str:
    return add_query(url, **{name: key})


def rebase(url: str, base: str) -> str:
    """`url`'s path and query on `base`'s scheme and host (API links name the public host)."""
    target, origin = urlsplit(url), urlsplit(base)
    return urlunsplit((origin.scheme, origin.netloc, target.path, target.query, ""))


def load_json(page: Page, what: str) -> Any:
    try:
        return json.loads(page.body)
    except (ValueError, UnicodeDecodeError):
        raise ConnectorError(
            f"{what} at {strip_query(page.url)} answered something that is not JSON "
            f"({page.content_type or 'no content type'})"
        ) from None


def strip_query(url: str) -> str:
    """A URL fit for messages: without its query string (which may hold a key)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def text_of(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"[ \t\r\f\v]+")


def plain(html: str) -> str:
    """Text of a small HTML fragment: paragraphs become lines, tags go, entities are decoded."""
    from html import unescape

    text = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</li>", "\n", html)
    text = unescape(TAG.sub("", text))
    lines = [SPACE.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def parse_when(value: Any) -> datetime | None:
    """An ISO date or date-time (or Unix seconds) as an aware datetime; None if unreadable."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(float(value), UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = datetime.combine(date.fromisoformat(text[:10]), datetime.min.time())
        except ValueError:
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def terms_of(source: Source) -> tuple[str, ...]:
    """The watch terms of a source: `params.term`, several separated by '|'."""
    raw = source.params.get("term", "")
    return tuple(term.strip() for term in raw.split("|") if term.strip())


def matches(text: str, terms: tuple[str, ...]) -> bool:
    """Whether `text` holds any term as whole words (no terms: everything matches)."""
    if not terms:
        return True
    return any(re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE) for term in terms)


def int_param(source: Source, name: str, default: int, low: int = 1, high: int = 1000) -> int:
    raw = source.params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConnectorError(
            f"source '{source.id}': params.{name} must be a whole number, not '{raw}'"
        ) from None
    return max(low, min(high, value))


@dataclass
class Counter:
    """Counts skipped items by reason (for the poll's notes)."""

    reasons: dict[str, int] = field(default_factory=dict)

    def add(self, reason: str) -> None:
        self.reasons[reason] = self.reasons.get(reason, 0) + 1
