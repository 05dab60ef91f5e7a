"""robots.txt: what a host lets us fetch, cached per origin.

`verdict_from_response` is the pure rule: 200 parses the file, 4xx allows all,
5xx or an unreachable host allows all but is asked again soon.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from protego import Protego

TTL = 3600.0  # seconds a fetched robots.txt is trusted
RETRY_TTL = 300.0  # seconds before a host whose robots.txt failed is asked again
MAX_BYTES = 512_000  # robots.txt larger than this is cut (as the major crawlers do)


@dataclass(frozen=True, slots=True)
class Robots:
    """The rules of one origin; `rules` None means everything is allowed."""

    rules: Protego | None
    expires_at: float

    def allowed(self, url: str, agent: str) -> bool:
        return self.rules is None or bool(self.rules.can_fetch(url, agent))

    def crawl_delay(self, agent: str) -> float:
        if self.rules is None:
            return 0.0
        delay = self.rules.crawl_delay(agent)
        return float(delay) if delay else 0.0


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def agent_token(user_agent: str) -> str:
    """The product token robots.txt groups are matched on: 'signaldesk/0.1' -> 'signaldesk'."""
    return user_agent.split("/", 1)[0].strip() or user_agent


def verdict_from_response(status: int, body: bytes, now: float) -> Robots:
    if 200 <= status < 300:
        text = body[:MAX_BYTES].decode("utf-8", errors="replace")
        return Robots(Protego.parse(text), now + TTL)
    if 400 <= status < 500:
        return Robots(None, now + TTL)
    return Robots(None, now + RETRY_TTL)


def unreachable(now: float) -> Robots:
    return Robots(None, now + RETRY_TTL)


Loader = Callable[[str], Awaitable[Robots]]


class RobotsCache:
    """Robots per origin; one fetch at a time per origin, reused until it expires."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self._known: dict[str, Robots] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def get(self, url: str, load: Loader) -> Robots:
        key = origin(url)
        known = self._known.get(key)
        if known is not None and known.expires_at > self.clock():
            return known
        async with self._locks.setdefault(key, asyncio.Lock()):
            known = self._known.get(key)
            if known is not None and known.expires_at > self.clock():
                return known
            fresh = await load(robots_url(url))
            self._known[key] = fresh
            return fresh
