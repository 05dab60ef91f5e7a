"""Published rate limits, pacing requests under them, and reading quota headers."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RateLimit:
    """At most `requests` per `per` seconds; `published` says whether the API says so
    (False: a polite pace we chose). `note` is shown in docs and health."""

    requests: int
    per: float
    published: bool
    note: str = ""

    @property
    def gap(self) -> float:
        """Seconds between two requests that keep under the limit."""
        return self.per / self.requests

    def describe(self) -> str:
        unit = {1.0: "second", 60.0: "minute", 3600.0: "hour", 86400.0: "day"}.get(
            self.per, f"{self.per:g} s"
        )
        kind = "published" if self.published else "polite, none published"
        return f"{self.requests:,} requests per {unit} ({kind})"


@dataclass(frozen=True, slots=True)
class Quota:
    """What the API said about its limit in its last answer."""

    limit: int | None = None
    remaining: int | None = None
    reset: float | None = None  # seconds until the window resets, when said

    def describe(self) -> str:
        parts = []
        if self.remaining is not None and self.limit is not None:
            parts.append(f"{self.remaining:,} of {self.limit:,} requests left")
        elif self.remaining is not None:
            parts.append(f"{self.remaining:,} requests left")
        elif self.limit is not None:
            parts.append(f"limit {self.limit:,} requests")
        if self.reset is not None:
            parts.append(f"window resets in {self.reset:.0f} s")
        return ", ".join(parts)

    @property
    def low(self) -> bool:
        """Less than a tenth of the quota left."""
        if self.remaining is None:
            return False
        if self.limit:
            return self.remaining < self.limit / 10
        return self.remaining < 10


def _number(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value.strip())
    except ValueError:
        return None


def quota_from_headers(headers: Mapping[str, str]) -> Quota | None:
    """Read X-RateLimit-Limit/-Remaining/-Reset (any case, as Congress.gov, Disqus and
    Reddit send them); Reddit sends -Used instead of -Limit."""
    lower = {name.lower(): value for name, value in headers.items()}
    limit = _number(lower.get("x-ratelimit-limit"))
    remaining = _number(lower.get("x-ratelimit-remaining"))
    used = _number(lower.get("x-ratelimit-used"))
    reset = _number(lower.get("x-ratelimit-reset"))
    if limit is None and used is not None and remaining is not None:
        limit = used + remaining
    if limit is None and remaining is None:
        return None
    if reset is not None and reset > 1_000_000_000:  # Disqus sends a Unix time
        reset = max(0.0, reset - time.time())
    return Quota(
        limit=int(limit) if limit is not None else None,
        remaining=int(remaining) if remaining is not None else None,
        reset=reset,
    )


class Pacer:
    """Spaces requests at least `gap` seconds apart, in one event loop or across loops.

    It holds no lock: each caller books the next free slot and sleeps until then."""

    def __init__(self, gap: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.gap = gap
        self.clock = clock
        self.next_free = 0.0

    def book(self) -> float:
        """Seconds to wait before the caller's request may go."""
        moment = self.clock()
        start = max(moment, self.next_free)
        self.next_free = start + self.gap
        return start - moment

    async def wait(self) -> None:
        delay = self.book()
        if delay > 0:
            await asyncio.sleep(delay)
