"""The SSRF guard inside the fetcher: refused before any connection is made."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from signaldesk.config import Fetch
from signaldesk.errors import BlockedAddress
from signaldesk.ingest.fetcher import Fetcher

Serve = Callable[..., Any]  # the `serve` fixture of conftest.py
SETTINGS = Fetch(per_host_gap=0, retries=2, respect_robots=False, connect_timeout=2)


async def fetch(url: str, *, allow_private: bool = False, allowed: tuple[str, ...] = ()) -> Any:
    async with Fetcher(SETTINGS, allowed_networks=allowed) as fetcher:
        return await fetcher.fetch(url, allow_private=allow_private)


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/feed.xml",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/",
        "http://127.0.0.1:9/",
        "http://localhost:9/",
        "http://0.0.0.0:9/",
        "http://[::1]:9/",
        "ftp://example.com/file",
    ],
)
def test_private_reserved_and_odd_addresses_are_refused(url: str) -> None:
    with pytest.raises(BlockedAddress, match="refusing to fetch"):
        asyncio.run(fetch(url))


def test_a_loopback_server_is_refused_unless_allowed(serve: Serve) -> None:
    server = serve({"/a": (200, {}, b"ok")})
    with pytest.raises(BlockedAddress, match="loopback"):
        asyncio.run(fetch(server.url("/a")))
    assert server.seen == []
    assert asyncio.run(fetch(server.url("/a"), allow_private=True)).body == b"ok"


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("http://10.0.0.1/next", "private"),
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata"),
        ("http://[::ffff:10.0.0.1]/next", "private"),
        ("OTHER", "loopback"),
    ],
)
def test_every_redirect_hop_is_guarded(serve: Serve, target: str, reason: str) -> None:
    other = serve({}, "127.0.0.22", default=(200, {}, b"secret"))
    location = other.url("/internal") if target == "OTHER" else target
    first = serve({"/start": (302, {"Location": location}, b"")}, "127.0.0.21")
    # only the first host is let through the guard; the hop it points to must be refused
    with pytest.raises(BlockedAddress, match=reason):
        asyncio.run(fetch(first.url("/start"), allowed=("127.0.0.21/32",)))
    assert len(first.hits("/start")) == 1  # refused, not retried
    assert other.seen == []
