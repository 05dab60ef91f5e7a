"""The polite fetcher: one GET, done the way a good guest does it.

Every request passes the SSRF guard, robots.txt and the per-host scoreboard; bodies
are decoded in bounded steps so a size cap stops a compression bomb early; errors
are retried with backoff where that can help, and every response can be archived.
"""

from __future__ import annotations

import asyncio
import random
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from types import TracebackType
from typing import Any
from urllib.parse import urldefrag, urljoin

import httpx

from ..config import Fetch
from ..errors import (
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    ResponseTooLarge,
    RobotsDisallowed,
    TooManyRedirects,
)
from ..types import Page, WarcRef, now
from .addresses import guard, parse_networks, split_host
from .archive import Archive
from .hosts import HostBoard, HostPolicy, parse_retry_after, retry_sleep
from .pools import Pools
from .robots import Robots, RobotsCache, agent_token, origin, unreachable, verdict_from_response

REDIRECTS = (301, 302, 303, 307, 308)
STEP = 64 * 1024  # most bytes one decoding step may produce


class ConnectionFailed(FetchError):
    """The connection could not be made or broke off (worth a retry)."""


@dataclass(frozen=True, slots=True)
class Reply:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    warc: WarcRef | None = None


def retry_delay(
    error: FetchError, attempt: int, retries: int, policy: HostPolicy, draw: Any = random.uniform
) -> float | None:
    """Seconds to sleep before trying again, or None to give up and raise `error`."""
    if attempt >= retries:
        return None
    if isinstance(error, HTTPStatusError):
        if error.retry_after is not None:
            # the host scoreboard already holds the host back until then
            return None if error.retry_after > policy.max_wait else 0.0
        if error.status >= 500 or error.status == 429:
            return retry_sleep(attempt, policy, draw)
        return None
    if isinstance(error, FetchTimeout | ConnectionFailed):
        return retry_sleep(attempt, policy, draw)
    return None


def status_error(reply: Reply, asked: str) -> HTTPStatusError | None:
    """The error a final reply stands for, or None when it is a page (2xx or 304)."""
    status = reply.status
    if 200 <= status < 300 or status == 304:
        return None
    where = asked if reply.url == asked else f"{asked} (at {reply.url})"
    if status in (404, 410):
        return HTTPStatusError(f"{where} is gone: the server answered {status}", url=asked, status=status)
    retry_after = None
    if status in (429, 503):
        retry_after = parse_retry_after(reply.headers.get("retry-after"), now())
    if status in REDIRECTS:
        message = f"{where} answered {status} without a Location to follow"
    else:
        message = f"{where}: the server answered {status}"
    if retry_after is not None:
        message += f" and asked us to wait {retry_after:.0f} s"
    return HTTPStatusError(message, url=asked, status=status, retry_after=retry_after)


class _Zlib:
    def __init__(self, wbits: int) -> None:
        self.wbits = wbits
        self.engine = zlib.decompressobj(wbits)

    def feed(self, data: bytes) -> Iterator[bytes]:
        while True:
            out = self.engine.decompress(data, STEP)
            if out:
                yield out
            if self.engine.eof and self.engine.unused_data:  # another gzip member follows
                data = self.engine.unused_data
                self.engine = zlib.decompressobj(self.wbits)
                continue
            data = self.engine.unconsumed_tail
            if not data and len(out) < STEP:
                return


class _Deflate(_Zlib):
    """'deflate' is zlib-wrapped by the book and raw by some servers."""

    def __init__(self) -> None:
        super().__init__(zlib.MAX_WBITS)
        self.first = True

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self.first:
            self.first = False
            try:
                zlib.decompressobj(zlib.MAX_WBITS).decompress(data[:64], 1)
            except zlib.error:
                self.wbits = -zlib.MAX_WBITS
                self.engine = zlib.decompressobj(self.wbits)
        yield from super().feed(data)


class _Brotli:
    def __init__(self) -> None:
        import brotli

        self.engine = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            out = self.engine.process(data, output_buffer_limit=STEP)
        except TypeError:  # older brotli: no output limit
            yield self.engine.process(data)
            return
        yield out
        for _ in range(1 << 24):  # the limit may be overshot by one block, never by much
            if not out or self.engine.is_finished():
                return
            out = self.engine.process(b"", output_buffer_limit=STEP)
            yield out


def brotli_available() -> bool:
    try:
        import brotli  # noqa: F401
    except ImportError:
        return False
    return True


def decoders(content_encoding: str) -> list[Any]:
    """Decoders for a Content-Encoding header, in the order they apply."""
    chain: list[Any] = []
    for name in reversed([part.strip().lower() for part in content_encoding.split(",")]):
        if name in ("", "identity"):
            continue
        if name in ("gzip", "x-gzip"):
            chain.append(_Zlib(16 + zlib.MAX_WBITS))
        elif name == "deflate":
            chain.append(_Deflate())
        elif name == "br" and brotli_available():
            chain.append(_Brotli())
        else:
            raise FetchError(f"the server sent a body in an encoding we cannot read: {name}")
    return chain


def decode(chain: list[Any], data: bytes) -> Iterator[bytes]:
    """Feed `data` through the chain, in pieces of at most STEP bytes each."""
    if not chain:
        if data:
            yield data
        return
    for piece in chain[0].feed(data):
        yield from decode(chain[1:], piece)


def lower_headers(items: Iterable[tuple[str, str]]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in items:
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers


class Fetcher:
    """Fetch pages politely; use as `async with Fetcher(settings) as fetcher`.

    `policy` tunes backoff and retries; `allowed_networks` lists networks (such as
    '10.1.0.0/16') the SSRF guard lets through even when allow_private is False.
    """

    def __init__(
        self,
        settings: Fetch,
        *,
        archive: Archive | None = None,
        policy: HostPolicy | None = None,
        allowed_networks: Iterable[str] = (),
    ) -> None:
        self.settings = settings
        self.archive = archive
        self.policy = policy or HostPolicy()
        self.user_agent = f"{settings.user_agent} (+{settings.contact})"
        self.agent = agent_token(settings.user_agent)
        self.allowed = parse_networks(allowed_networks)
        self.board = HostBoard(
            gap=settings.per_host_gap, concurrency=settings.per_host_concurrency, policy=self.policy
        )
        self.robots = RobotsCache(time.monotonic)
        self._global = asyncio.Semaphore(settings.concurrency)
        encodings = "gzip, deflate, br" if brotli_available() else "gzip, deflate"
        timeout = httpx.Timeout(
            connect=settings.connect_timeout,
            read=settings.read_timeout,
            write=settings.read_timeout,
            pool=settings.total_timeout,
        )
        limits = httpx.Limits(
            max_connections=settings.per_host_concurrency,
            max_keepalive_connections=settings.per_host_concurrency,
        )
        headers = {"User-Agent": self.user_agent, "Accept-Encoding": encodings}
        self._pools = Pools(
            lambda tls: httpx.AsyncClient(
                verify=tls,
                timeout=timeout,
                limits=limits,
                follow_redirects=False,
                trust_env=False,
                headers=headers,
            )
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._pools.aclose()

    async def fetch(
        self,
        url: str,
        *,
        allow_private: bool = False,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Page:
        """GET `url`: a Page with status 200 (or another 2xx), or 304 with an empty body."""
        began = time.monotonic()
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for attempt in range(self.settings.retries + 1):
            try:
                reply = await self._follow(url, headers, allow_private, self.settings.respect_robots)
                error = status_error(reply, url)
                if error is not None:
                    raise error
                break
            except FetchError as failure:
                delay = retry_delay(failure, attempt, self.settings.retries, self.policy)
                if delay is None:
                    raise
                await asyncio.sleep(delay)
        body = b"" if reply.status == 304 else reply.body
        return Page(
            url=url,
            final_url=reply.url,
            status=reply.status,
            headers=reply.headers,
            body=body,
            fetched_at=now(),
            elapsed=time.monotonic() - began,
            warc=reply.warc,
        )

    async def _follow(
        self, url: str, headers: dict[str, str], allow_private: bool, obey_robots: bool
    ) -> Reply:
        """GET `url`, following redirects by hand so every hop is guarded."""
        seen = [url]
        current = url
        for _ in range(self.settings.max_redirects + 1):
            async with asyncio.timeout(self.settings.connect_timeout):
                await guard(current, allow_private=allow_private, allowed=self.allowed)
            if obey_robots:
                await self._obey_robots(current, allow_private)
            reply = await self._exchange(current, headers)
            location = reply.headers.get("location")
            if reply.status not in REDIRECTS or not location:
                return reply
            current = urldefrag(urljoin(current, location.strip())).url
            if current in seen:
                chain = " -> ".join([*seen, current])
                raise TooManyRedirects(f"{url} redirects in a loop: {chain}", url=url)
            seen.append(current)
        raise TooManyRedirects(
            f"{url} redirected more than {self.settings.max_redirects} times (last to {current})", url=url
        )

    async def _obey_robots(self, url: str, allow_private: bool) -> None:
        async def load(robots_url: str) -> Robots:
            try:
                reply = await self._follow(robots_url, {}, allow_private, obey_robots=False)
            except FetchError:
                return unreachable(time.monotonic())
            status = 503 if reply.status == 429 else reply.status
            return verdict_from_response(status, reply.body, time.monotonic())

        robots = await self.robots.get(url, load)
        host, _ = split_host(url)
        self.board.set_crawl_delay(host, robots.crawl_delay(self.agent))
        if not robots.allowed(url, self.agent):
            raise RobotsDisallowed(
                f"robots.txt of {origin(url)} does not allow {self.agent} to fetch {url}", url=url
            )

    async def _exchange(self, url: str, headers: dict[str, str]) -> Reply:
        """One request and its whole body, within the host's and the global limits."""
        host, _ = split_host(url)
        settings = self.settings
        self.board.check(host, url)
        async with self.board.slot(host, url), self._global:
            try:
                async with asyncio.timeout(settings.total_timeout):
                    reply = await self._read(url, headers)
            except TimeoutError:
                self.board.record_failure(host)
                raise FetchTimeout(
                    f"{url} took longer than {settings.total_timeout:g} s in all", url=url
                ) from None
            except httpx.TimeoutException as error:
                self.board.record_failure(host)
                kind = "connect" if isinstance(error, httpx.ConnectTimeout) else "read"
                limit = settings.connect_timeout if kind == "connect" else settings.read_timeout
                raise FetchTimeout(f"{url}: no {kind} within {limit:g} s", url=url) from None
            except httpx.TransportError as error:
                self.board.record_failure(host)
                raise ConnectionFailed(
                    f"{url}: connection failed: {error or type(error).__name__}", url=url
                ) from None
            except httpx.HTTPError as error:
                raise FetchError(f"{url}: {error}", url=url) from None
        if reply.status >= 500:
            self.board.record_failure(host)
        else:
            self.board.record_success(host)
        if reply.status in (429, 503):
            wait = parse_retry_after(reply.headers.get("retry-after"), now())
            if wait is not None:
                self.board.record_retry_after(host, wait)
        if self.archive is not None:
            ref = self.archive.write(url, reply.status, reply.headers, reply.body, now())  # ~1 ms per 250 KB
            reply = replace(reply, warc=ref)
        return reply

    async def _read(self, url: str, headers: dict[str, str]) -> Reply:
        async with self._pools.client(origin(url)) as client:
            return await self._receive(client, url, headers)

    async def _receive(self, client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> Reply:
        cap = self.settings.max_bytes
        request = client.build_request("GET", url, headers=headers)
        response = await client.send(request, stream=True)
        try:
            found = lower_headers(response.headers.multi_items())
            length = found.get("content-length", "")
            if length.isdigit() and int(length) > cap:
                raise ResponseTooLarge(
                    f"{url}: the body is {int(length):,} bytes, more than the cap of {cap:,}", url=url
                )
            chain = decoders(found.get("content-encoding", ""))
            body = bytearray()
            async for raw in response.aiter_raw():
                for piece in decode(chain, raw):
                    body += piece
                    if len(body) > cap:
                        raise ResponseTooLarge(f"{url}: the body grew past the cap of {cap:,} bytes", url=url)
        except (zlib.error, OSError) as error:
            raise FetchError(f"{url}: the body cannot be decoded: {error}", url=url) from None
        finally:
            await response.aclose()
        return Reply(str(response.url), response.status_code, found, bytes(body))
