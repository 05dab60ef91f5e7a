"""Delivering alerts through Apprise, with a delivery log that loses nothing.

Each (alert, channel) row in `deliveries` is claimed before the send (attempts + 1, next
try pushed a lease ahead, committed), then marked delivered right after the channel took
it, or given its next try with exponential backoff. A crash between the two is the only
way a message goes out twice, and only once the lease has run out.

Channel URLs hold secrets (tokens, passwords): nothing here prints one. `redact(url)`
keeps the scheme, a plain host name and the harmless query keys; log records of Apprise
and urllib3 are scrubbed of the desk's secrets while a Dispatcher lives.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import unquote

from ..config import DeskConfig
from ..errors import DeskFileError
from ..types import now as clock_now
from ..types import utc
from .storage import AlertStorage, DueDelivery
from .values import Delivery

log = logging.getLogger(__name__)

SAFE_KEYS = frozenset({"to", "from", "cc", "bcc", "mode", "format", "method", "smtp", "cto", "rto", "verify"})
_HOST = re.compile(r"^(localhost|\[[0-9a-fA-F:.]+\]|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)(:\d{1,5})?$")
SCRUBBED_LOGGERS = ("apprise", "urllib3.connectionpool")


def redact(url: str) -> str:
    """`url` with its secrets replaced by ***: user and password, token-like hosts, the path,
    and query values other than to/from/mode/format/... ."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return "***"
    rest, _, query = rest.partition("?")
    rest = rest.partition("#")[0]
    authority, slash, path = rest.partition("/")
    _userinfo, at, hostport = authority.rpartition("@")
    shown = f"{scheme}://"
    if at:
        shown += "***@"
    shown += hostport if _HOST.match(hostport) else "***"
    if slash and path.strip("/"):
        shown += "/***"
    if query:
        pairs = []
        for pair in query.split("&"):
            key, equals, _value = pair.partition("=")
            pairs.append(
                f"{key}={_value}" if key.lower() in SAFE_KEYS else f"{key}={'***' if equals else ''}"
            )
        shown += "?" + "&".join(pairs)
    return shown


def secrets_of(url: str) -> list[str]:
    """The pieces of `url` that `redact` hides (longest first), for scrubbing free text."""
    found = [url]
    _scheme, _, rest = url.partition("://")
    rest, _, query = rest.partition("?")
    authority, _, path = rest.partition("/")
    userinfo, at, hostport = authority.rpartition("@")
    if at:
        found += [userinfo, *userinfo.split(":")]
    if not _HOST.match(hostport):
        found += [hostport, *hostport.split(":")]
    found += [part for part in path.split("/") if part]
    for pair in query.split("&"):
        key, _, value = pair.partition("=")
        if value and key.lower() not in SAFE_KEYS:
            found.append(value)
    found += [unquote(piece) for piece in found]
    return sorted({piece for piece in found if len(piece) >= 4}, key=len, reverse=True)


def scrub(text: str, secrets: Sequence[str]) -> str:
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, "***")
    return text


class _Scrubber(logging.Filter):
    """Rewrites log records so that none of the given secrets is printed."""

    def __init__(self, secrets: Sequence[str]) -> None:
        super().__init__()
        self.secrets = list(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = scrub(message, self.secrets)
        if clean != message:
            record.msg, record.args = clean, ()
        return True


class _Capture(logging.Handler):
    """Keeps the warnings Apprise logs from one thread: why a send failed."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.messages.append(record.getMessage())


@contextmanager
def _scrubbing(secrets: Sequence[str]) -> Iterator[None]:
    scrubber = _Scrubber(secrets)
    for name in SCRUBBED_LOGGERS:
        logging.getLogger(name).addFilter(scrubber)
    try:
        yield
    finally:
        for name in SCRUBBED_LOGGERS:
            logging.getLogger(name).removeFilter(scrubber)


def check_channels(config: DeskConfig) -> dict[str, Any]:
    """An Apprise notifier per channel; DeskFileError naming the channel when its URL is not understood."""
    import apprise

    notifiers: dict[str, Any] = {}
    for index, channel in enumerate(config.channels):
        with _scrubbing(secrets_of(channel.url)):
            notifier = apprise.Apprise.instantiate(channel.url, suppress_exceptions=True)
        if notifier is None:
            raise DeskFileError(
                f"channels[{index}] (id '{channel.id}'): Apprise does not understand the URL "
                f"{redact(channel.url)}; see https://github.com/caronc/apprise/wiki for its forms"
            )
        notifiers[channel.id] = notifier
    return notifiers


class Dispatcher:
    """Sends the deliveries that are due, each channel in its own thread, with timeouts."""

    def __init__(
        self,
        config: DeskConfig,
        store: Any,
        *,
        backoff: float = 30.0,
        max_backoff: float = 3600.0,
        lease: float = 120.0,
        connect_timeout: float = 5.0,
        read_timeout: float = 10.0,
    ) -> None:
        self.urls = {channel.id: channel.url for channel in config.channels}
        self.notifiers = check_channels(config)
        for channel_id, notifier in self.notifiers.items():
            if "cto=" not in self.urls[channel_id]:
                notifier.socket_connect_timeout = connect_timeout
            if "rto=" not in self.urls[channel_id]:
                notifier.socket_read_timeout = read_timeout
        self.secrets = sorted(
            {s for url in self.urls.values() for s in secrets_of(url)}, key=len, reverse=True
        )
        self.storage = AlertStorage(store.engine)
        self.backoff, self.max_backoff, self.lease = backoff, max_backoff, lease
        self._scrubber = _Scrubber(self.secrets)
        for name in SCRUBBED_LOGGERS:
            logging.getLogger(name).addFilter(self._scrubber)

    def close(self) -> None:
        """Take the log scrubber off again."""
        for name in SCRUBBED_LOGGERS:
            logging.getLogger(name).removeFilter(self._scrubber)

    def retry_at(self, attempts: int, now: datetime) -> datetime:
        """When to try again after `attempts` failed tries: doubling from `backoff`, capped."""
        delay = min(self.backoff * 2 ** max(attempts - 1, 0), self.max_backoff)
        return utc(now) + timedelta(seconds=delay)

    def deliver_due(self, now: datetime | None = None) -> list[Delivery]:
        """Send everything due at `now`; held and throttled alerts go out as one digest per channel."""
        moment = utc(now or clock_now())
        rows = self.storage.claim(self.storage.due(moment), moment + timedelta(seconds=self.lease))
        by_channel: dict[str, list[DueDelivery]] = defaultdict(list)
        for row in rows:
            by_channel[row.channel_id].append(row)
        if not by_channel:
            return []
        with ThreadPoolExecutor(max_workers=min(len(by_channel), 8)) as pool:
            futures = [pool.submit(self._channel, cid, items, moment) for cid, items in by_channel.items()]
            return [delivery for future in futures for delivery in future.result()]

    def _channel(self, channel_id: str, rows: list[DueDelivery], moment: datetime) -> list[Delivery]:
        single = [[row] for row in rows if row.state == "pending"]
        grouped = [row for row in rows if row.state != "pending"]
        batches = single + ([grouped] if grouped else [])
        results: list[Delivery] = []
        failure = ""
        for batch in batches:
            if failure:
                results.append(self._record(channel_id, batch, False, failure, moment, 0.0))
                continue
            started = time.monotonic()
            ok, error = self._send(channel_id, batch)
            results.append(self._record(channel_id, batch, ok, error, moment, time.monotonic() - started))
            failure = "" if ok else error
        return results

    def _record(
        self, channel_id: str, batch: list[DueDelivery], ok: bool, error: str, moment: datetime, took: float
    ) -> Delivery:
        digest = batch[0].state != "pending"
        attempts = max(row.attempts for row in batch) + 1
        ids = tuple(row.alert_id for row in batch)
        if ok:
            self.storage.delivered(batch, moment + timedelta(seconds=took))
            return Delivery(channel_id, ids, True, attempts, digest, elapsed=took)
        retry = self.retry_at(attempts, moment)
        self.storage.failed(batch, error, retry)
        log.warning("channel %s: alert(s) %s not delivered (try %d): %s", channel_id, ids, attempts, error)
        return Delivery(channel_id, ids, False, attempts, digest, error, retry, took)

    def _send(self, channel_id: str, batch: list[DueDelivery]) -> tuple[bool, str]:
        notifier = self.notifiers.get(channel_id)
        if notifier is None:
            return False, f"channel '{channel_id}' is no longer in the desk file"
        title, body = message(batch)
        capture = _Capture()
        for name in SCRUBBED_LOGGERS:
            logging.getLogger(name).addHandler(capture)
        try:
            ok = bool(notifier.notify(body=body, title=title, notify_type=_notify_type(batch)))
        except Exception as error:
            ok, capture.messages = False, [f"{type(error).__name__}: {error}"]
        finally:
            for name in SCRUBBED_LOGGERS:
                logging.getLogger(name).removeHandler(capture)
        if ok:
            return True, ""
        reason = "; ".join(dict.fromkeys(capture.messages)) or "the channel did not accept the message"
        return False, scrub(f"{redact(self.urls[channel_id])}: {reason}", self.secrets)[:500]


def message(batch: Sequence[DueDelivery]) -> tuple[str, str]:
    """Title and body of one alert, or of a digest of several."""
    if len(batch) == 1 and batch[0].state == "pending":
        row = batch[0]
        return f"[{row.severity}] {row.title}", row.body
    held = sum(1 for row in batch if row.state == "held")
    folded = len(batch) - held
    parts = [f"{held} held during quiet hours"] if held else []
    parts += [f"{folded} folded by throttling"] if folded else []
    title = f"Digest: {len(batch)} alert{'s' if len(batch) != 1 else ''} ({', '.join(parts)})"
    lines = [f"- [{row.severity}] {row.title}\n  {row.link}" for row in batch]
    return title, "\n".join(lines)


def _notify_type(batch: Sequence[DueDelivery]) -> Any:
    from apprise import NotifyType

    severities = {row.severity for row in batch}
    if "critical" in severities:
        return NotifyType.FAILURE
    if "warning" in severities:
        return NotifyType.WARNING
    return NotifyType.INFO
