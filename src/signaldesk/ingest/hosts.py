"""The per-host scoreboard: who may start a request to a host, and when.

The decisions are pure functions of a `HostState` and the time; `HostBoard` is the
thin asyncio edge that keeps one state per host and waits on them.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from ..errors import FetchError, HTTPStatusError


@dataclass(frozen=True, slots=True)
class HostPolicy:
    """How patient the fetcher is with hosts; the defaults suit real desks."""

    failure_threshold: int = 5  # consecutive failures before a host is backed off
    backoff_base: float = 60.0  # seconds of the first backoff, doubled after each failure
    backoff_cap: float = 6 * 3600.0
    max_wait: float = 30.0  # longest Retry-After we sleep through; longer ones are raised
    retry_base: float = 0.5  # full-jitter retry sleep is uniform in [0, base * 2**attempt]
    retry_cap: float = 30.0


@dataclass(frozen=True, slots=True)
class HostState:
    """What the scoreboard knows about one host (times are monotonic seconds)."""

    in_flight: int = 0
    last_start: float | None = None
    not_before: float = 0.0
    failures: int = 0
    backoff_until: float = 0.0
    crawl_delay: float = 0.0


def wait_time(state: HostState, now: float, *, gap: float, concurrency: int) -> float | None:
    """Seconds until a request may start; 0 now; None while the host is full."""
    if state.in_flight >= concurrency:
        return None
    ready = state.not_before
    if state.last_start is not None:
        ready = max(ready, state.last_start + max(gap, state.crawl_delay))
    return max(0.0, ready - now)


def refusal(state: HostState, now: float, policy: HostPolicy) -> tuple[str, float] | None:
    """('backoff' | 'retry_after', seconds left) when a call must fail fast, else None."""
    if state.backoff_until > now:
        return "backoff", state.backoff_until - now
    if state.not_before - now > policy.max_wait:
        return "retry_after", state.not_before - now
    return None


def started(state: HostState, now: float) -> HostState:
    return replace(state, in_flight=state.in_flight + 1, last_start=now)


def finished(state: HostState) -> HostState:
    return replace(state, in_flight=max(0, state.in_flight - 1))


def succeeded(state: HostState) -> HostState:
    return replace(state, failures=0, backoff_until=0.0)


def failed(state: HostState, now: float, policy: HostPolicy) -> HostState:
    """Count a failure; from the threshold on, back off exponentially."""
    failures = state.failures + 1
    backoff_until = state.backoff_until
    if failures >= policy.failure_threshold:
        delay = policy.backoff_base * 2 ** min(failures - policy.failure_threshold, 30)
        backoff_until = now + min(policy.backoff_cap, delay)
    return replace(state, failures=failures, backoff_until=backoff_until)


def asked_to_wait(state: HostState, now: float, seconds: float) -> HostState:
    """Remember a Retry-After: nothing starts before now + seconds."""
    return replace(state, not_before=max(state.not_before, now + seconds))


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds a Retry-After header asks for (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def retry_sleep(attempt: int, policy: HostPolicy, draw: Callable[[float, float], float]) -> float:
    """Full jitter: a draw in [0, min(cap, base * 2**attempt)]."""
    return draw(0.0, min(policy.retry_cap, policy.retry_base * 2 ** min(attempt, 30)))


class HostBoard:
    """One `HostState` per host, and the waiting that goes with it."""

    def __init__(
        self,
        *,
        gap: float,
        concurrency: int,
        policy: HostPolicy,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.gap = gap
        self.concurrency = concurrency
        self.policy = policy
        self.clock = clock
        self._states: dict[str, HostState] = {}
        self._changed: dict[str, asyncio.Condition] = {}

    def state(self, host: str) -> HostState:
        return self._states.get(host, HostState())

    def _update(self, host: str, change: Callable[[HostState], HostState]) -> None:
        self._states[host] = change(self.state(host))

    def set_crawl_delay(self, host: str, seconds: float) -> None:
        self._update(host, lambda s: replace(s, crawl_delay=seconds))

    def record_success(self, host: str) -> None:
        self._update(host, succeeded)

    def record_failure(self, host: str) -> None:
        self._update(host, lambda s: failed(s, self.clock(), self.policy))

    def record_retry_after(self, host: str, seconds: float) -> None:
        self._update(host, lambda s: asked_to_wait(s, self.clock(), seconds))

    def check(self, host: str, url: str = "") -> None:
        """Fail fast while the host is backed off or asked us to stay away."""
        verdict = refusal(self.state(host), self.clock(), self.policy)
        if verdict is None:
            return
        kind, seconds = verdict
        until = (datetime.now(UTC) + timedelta(seconds=seconds)).strftime("%Y-%m-%d %H:%M:%S UTC")
        if kind == "backoff":
            failures = self.state(host).failures
            raise FetchError(
                f"{host} failed {failures} times in a row; not trying it again until {until}", url=url
            )
        raise HTTPStatusError(
            f"{host} asked us to come back after {until}", url=url, status=429, retry_after=seconds
        )

    @asynccontextmanager
    async def slot(self, host: str, url: str = "") -> AsyncIterator[None]:
        """Hold one of the host's request slots, started no sooner than allowed."""
        changed = self._changed.setdefault(host, asyncio.Condition())
        async with changed:
            while True:
                self.check(host, url)
                now = self.clock()
                delay = wait_time(self.state(host), now, gap=self.gap, concurrency=self.concurrency)
                if delay == 0:
                    self._states[host] = started(self.state(host), now)
                    break
                try:
                    async with asyncio.timeout(delay):
                        await changed.wait()
                except TimeoutError:
                    pass
        try:
            yield
        finally:
            async with changed:
                self._update(host, finished)
                changed.notify_all()
