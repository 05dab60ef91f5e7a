"""Run a connector for one source: pace, fetch, parse, follow, until done or capped.

The only I/O of the connectors lives here. The API key is read from the environment
when a poll runs (never at import), added to URLs only at the last moment, and cut
out of every error message before it leaves this module.
"""

from __future__ import annotations

import logging
import os
import weakref
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ...config import Source
from ...errors import FetchError, HTTPStatusError, SignaldeskError
from ...types import Article, Entry, Page
from .base import Connector, ConnectorError, Event, Request, int_param
from .ratelimits import Pacer, Quota, quota_from_headers

log = logging.getLogger(__name__)

Fetch = Callable[..., Awaitable[Page]]
MAX_REQUESTS = 40  # per poll, unless params.max_requests says otherwise
QUIET_LOGGERS = ("httpx", "httpcore", "signaldesk")  # loggers that may see a signed URL


@dataclass
class Collected:
    """What one run of a connector found."""

    articles: list[Article] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    quota: Quota | None = None
    requests: int = 0
    capped: bool = False
    http_status: int | None = None

    def notes(self, connector: Connector) -> str:
        """One line for the source's health: limit, quota, cap, failed follow-ups."""
        parts = [f"limit {connector.limit.describe()}"]
        if self.quota is not None:
            parts.append(f"quota: {self.quota.describe()}")
        parts.append(f"{self.requests} request(s) this poll")
        if self.capped:
            parts.append("stopped at the per-poll cap; the rest waits for the next poll")
        if self.errors:
            parts.append(f"{len(self.errors)} request(s) failed: {self.errors[0]}")
        return "; ".join(parts)


class Redactor(logging.Filter):
    """Cuts a secret out of text, errors and log records (httpx logs every URL it gets)."""

    def __init__(self, secret: str | None) -> None:
        super().__init__()
        self.secret = secret or ""

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secret:
            message = record.getMessage()
            if self.secret in message:
                record.msg, record.args = self(message), ()
        return True

    def __call__(self, text: str) -> str:
        return text.replace(self.secret, "***") if self.secret else text

    def error(self, error: SignaldeskError) -> SignaldeskError:
        """The same kind of error with the secret cut out of message and url."""
        if not self.secret:
            return error
        message = self(error.message)
        if isinstance(error, HTTPStatusError):
            return HTTPStatusError(
                message, url=self(error.url), status=error.status, retry_after=error.retry_after
            )
        if isinstance(error, FetchError):
            clean = type(error).__new__(type(error))
            FetchError.__init__(clean, message, url=self(error.url))
            return clean
        return type(error)(message)


def api_key(source: Source, connector: Connector, environ: Mapping[str, str] | None = None) -> str | None:
    """The source's key, read from the environment variable it names (None if it needs none)."""
    if not source.key_env:
        if connector.needs_key:
            raise ConnectorError(
                f"source '{source.id}': the {connector.name} connector needs an API key; "
                "name the environment variable that holds it in key_env"
            )
        return None
    found = (os.environ if environ is None else environ).get(source.key_env, "").strip()
    if not found:
        raise ConnectorError(
            f"source '{source.id}': the environment variable {source.key_env} is not set or empty; "
            f"put the {connector.name} API key there"
        )
    return found


async def collect(
    connector: Connector,
    source: Source,
    fetch: Fetch,
    *,
    key: str | None = None,
    since: datetime | None = None,
    pacer: Pacer | None = None,
) -> Collected:
    """Ask, parse and follow for one source. A failure of the first request fails the poll
    (raised, key cut out); a failed follow-up is noted and the run carries on."""
    redact = Redactor(key)
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    for logger in loggers:
        logger.addFilter(redact)
    try:
        return await _collect(connector, source, fetch, redact, key, since, pacer)
    finally:
        for logger in loggers:
            logger.removeFilter(redact)


async def _collect(
    connector: Connector,
    source: Source,
    fetch: Fetch,
    redact: Redactor,
    key: str | None,
    since: datetime | None,
    pacer: Pacer | None,
) -> Collected:
    cap = int_param(source, "max_requests", MAX_REQUESTS, high=500)
    pacer = pacer or Pacer(connector.limit.gap)
    queue: deque[Request] = deque(connector.start(source, since))
    found = Collected()
    first = True
    asked: set[str] = set()
    while queue:
        if found.requests >= cap:
            found.capped = True
            break
        request = queue.popleft()
        if request.url in asked:  # lists shift between pages; ask once per poll
            continue
        asked.add(request.url)
        await pacer.wait()
        url = connector.sign(request.url, key) if key else request.url
        found.requests += 1
        try:
            page = await fetch(url, allow_private=source.allow_private)
            parsed = connector.parse(source, request, page)
        except SignaldeskError as error:
            clean = redact.error(error)
            if first:
                raise clean from None
            found.errors.append(clean.message)
            log.warning("%s: %s", source.id, clean.message)
            continue
        if first:
            found.http_status = page.status
        first = False
        found.quota = quota_from_headers(page.headers) or found.quota
        found.articles.extend(parsed.articles)
        found.entries.extend(parsed.entries)
        found.events.extend(parsed.events)
        found.skipped.extend(parsed.skipped)
        queue.extendleft(reversed(parsed.follow))  # depth first: finish an item before the next page
    log.info("%s: %s", source.id, redact(found.notes(connector)))
    return found


_PACERS: weakref.WeakKeyDictionary[Any, dict[str, Pacer]] = weakref.WeakKeyDictionary()


def pacer_for(connector: Connector, owner: Any) -> Pacer:
    """One pacer per connector and owner (a poller), so sources of one API share its limit."""
    pacers = _PACERS.setdefault(owner, {})
    if connector.name not in pacers:
        pacers[connector.name] = Pacer(connector.limit.gap)
    return pacers[connector.name]


def connector_for(source: Source) -> Connector:
    from .registry import CONNECTORS

    name = source.connector or ""
    if name not in CONNECTORS:
        known = ", ".join(sorted(CONNECTORS))
        raise ConnectorError(f"source '{source.id}': no connector named '{name}'; known: {known}")
    return CONNECTORS[name]


async def run_source(
    source: Source,
    fetch: Fetch,
    *,
    owner: Any,
    since: datetime | None = None,
    environ: Mapping[str, str] | None = None,
) -> tuple[Connector, Collected]:
    """Poll one api source with its connector, pacing requests per connector and `owner`."""
    connector = connector_for(source)
    key = api_key(source, connector, environ)
    found = await collect(connector, source, fetch, key=key, since=since, pacer=pacer_for(connector, owner))
    return connector, found
