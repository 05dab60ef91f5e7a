"""One page at a time, outside a desk: `signaldesk extract` and `signaldesk sources discover`."""

from __future__ import annotations

import asyncio
import gzip
from pathlib import Path
from typing import Any

from ..config import Fetch
from ..errors import UsageError
from ..types import Article


def _fetch(url: str, allow_private: bool) -> tuple[bytes, str]:
    from .fetcher import Fetcher

    async def go() -> tuple[bytes, str]:
        async with Fetcher(Fetch(per_host_gap=0)) as fetcher:
            page = await fetcher.fetch(url, allow_private=allow_private)
            return page.body, page.final_url

    return asyncio.run(go())


def read_page(page: str, *, url: str | None = None, allow_private: bool = False) -> tuple[bytes, str]:
    """The bytes of a local file (gzip allowed) or of a URL, and the address they belong to."""
    if page.startswith(("http://", "https://")):
        return _fetch(page, allow_private)
    path = Path(page)
    try:
        body = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"no file at {path}; give a saved page or an http(s) address") from None
    if body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    return body, url or path.resolve().as_uri()


def extract_one(page: str, *, url: str | None = None, allow_private: bool = False) -> Article:
    from .extract import extract

    body, address = read_page(page, url=url, allow_private=allow_private)
    return extract(body, address)


def discover_on(url: str, *, allow_private: bool = False) -> list[Any]:
    from .discover import discover_feeds

    body, address = read_page(url, allow_private=allow_private)
    return list(discover_feeds(body, address))
