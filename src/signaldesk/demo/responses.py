"""HTTP answers of the demo sites as values, and conditional GET as a pure decision."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    content_type: str
    body: bytes
    modified: datetime | None = None
    cache: bool = False

    @property
    def etag(self) -> str:
        return '"' + hashlib.blake2b(self.body, digest_size=10).hexdigest() + '"'

    def headers(self) -> list[tuple[str, str]]:
        rows = [("Content-Type", self.content_type)]
        if self.cache:
            rows.append(("ETag", self.etag))
            rows.append(("Cache-Control", "max-age=0, must-revalidate"))
            if self.modified is not None:
                rows.append(("Last-Modified", format_datetime(self.modified.astimezone(UTC), usegmt=True)))
        return rows


class Site(Protocol):
    """One demo host: answers a path at a wall-clock time."""

    def respond(self, path: str, wall: float) -> Response: ...


def text(
    status: int, body: str, content_type: str, modified: datetime | None = None, cache: bool = False
) -> Response:
    return Response(status, f"{content_type}; charset=utf-8", body.encode("utf-8"), modified, cache)


def not_found(path: str) -> Response:
    body = (
        f"<!DOCTYPE html><html><head><title>Page not found</title></head><body><h1>404</h1>"
        f'<p>Nothing lives at {path.replace("<", "&lt;")}.</p><p><a href="/">Home</a></p></body></html>'
    )
    return text(404, body, "text/html")


def _modified_since(header: str, modified: datetime) -> bool:
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return True
    if since.tzinfo is None:
        return True
    return modified.replace(microsecond=0) > since


def conditional(response: Response, if_none_match: str | None, if_modified_since: str | None) -> Response:
    """Turn a cacheable 200 into a bodyless 304 when the client's validators still hold."""
    if response.status != 200 or not response.cache:
        return response
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        fresh = "*" in tags or response.etag in tags
    elif if_modified_since is not None and response.modified is not None:
        fresh = not _modified_since(if_modified_since, response.modified)
    else:
        fresh = False
    return replace(response, status=304) if fresh else response
