"""The fetcher against real HTTP servers on loopback addresses."""

from __future__ import annotations

import asyncio
import gzip
import itertools
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

import brotli
import pytest

from signaldesk.config import Fetch
from signaldesk.errors import (
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    ResponseTooLarge,
    RobotsDisallowed,
    TooManyRedirects,
)
from signaldesk.ingest.fetcher import ConnectionFailed, Fetcher
from signaldesk.ingest.hosts import HostPolicy
from signaldesk.types import Page

FAST = HostPolicy(retry_base=0.01, retry_cap=0.05)
Serve = Callable[..., Any]  # the `serve` fixture of conftest.py
Seen = Any
Answer = tuple[int, dict[str, str], Any]


def reply(status: int, headers: dict[str, str] | None = None, body: Any = b"") -> Answer:
    return (status, headers or {}, body)


def settings(**changes: Any) -> Fetch:
    base: dict[str, Any] = {"per_host_gap": 0, "retries": 0, "respect_robots": False, "read_timeout": 5}
    return Fetch(**(base | changes))


def run(coro: Coroutine[Any, Any, Any]) -> Any:
    return asyncio.run(coro)


async def fetch_all(fetch_settings: Fetch, urls: list[str], **kwargs: Any) -> list[Page]:
    async with Fetcher(fetch_settings, policy=kwargs.pop("policy", FAST)) as fetcher:
        return await asyncio.gather(*(fetcher.fetch(url, allow_private=True, **kwargs) for url in urls))


async def fetch_one(fetch_settings: Fetch, url: str, **kwargs: Any) -> Page:
    return (await fetch_all(fetch_settings, [url], **kwargs))[0]


def test_a_plain_page_with_lower_case_headers_and_our_user_agent(serve: Serve) -> None:
    server = serve({"/a": reply(200, {"Content-Type": "text/html; charset=utf-8"}, b"<p>hi</p>")})
    page = run(fetch_one(settings(), server.url("/a")))
    assert (page.status, page.body, page.content_type) == (200, b"<p>hi</p>", "text/html")
    assert all(name == name.lower() for name in page.headers)
    agent = server.hits("/a")[0].headers["user-agent"]
    assert agent == "signaldesk/0.1 (+https://github.com/signaldesk/signaldesk)"


def test_gap_between_request_starts_is_kept_per_host(serve: Serve) -> None:
    page = reply(200, {}, b"ok")
    one = serve({}, "127.0.0.21", default=page)
    two = serve({}, "127.0.0.22", default=page)
    urls = [server.url(f"/{n}") for n in range(3) for server in (one, two)]
    run(fetch_all(settings(per_host_gap=0.25, respect_robots=True), urls))
    for server in (one, two):
        starts = [seen.at for seen in server.seen]
        assert len(starts) == 4  # robots.txt and three pages, all through the same gap
        assert server.seen[0].path == "/robots.txt"
        assert min(b - a for a, b in itertools.pairwise(starts)) >= 0.15  # arrival jitter is allowed for
    assert two.seen[0].at < one.seen[-1].at  # the hosts are served side by side


def held_until(server_count: Callable[[], int], want: int) -> Callable[[Seen], Answer]:
    """A handler that waits (at most 2 s) until `want` requests are in flight."""

    def app(seen: Seen) -> Answer:
        deadline = time.monotonic() + 2
        while server_count() < want and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.05)
        return reply(200, {}, b"ok")

    return app


def test_per_host_concurrency_is_never_exceeded(serve: Serve) -> None:
    servers: list[Any] = []
    for host in ("127.0.0.21", "127.0.0.22"):
        holder: dict[str, Any] = {}
        server = serve(lambda seen, h=holder: held_until(lambda: h["s"].in_flight, 2)(seen), host)
        holder["s"] = server
        servers.append(server)
    urls = [server.url(f"/{n}") for n in range(6) for server in servers]
    run(fetch_all(settings(per_host_concurrency=2), urls))
    assert [server.most_in_flight for server in servers] == [2, 2]


def test_global_concurrency_is_never_exceeded(serve: Serve) -> None:
    lock = threading.Lock()
    state = {"now": 0, "most": 0}

    def app(seen: Seen) -> Answer:
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        time.sleep(0.05)
        with lock:
            state["now"] -= 1
        return reply(200, {}, b"ok")

    servers = [serve(app, f"127.0.0.{n}") for n in (21, 22, 23)]
    urls = [server.url(f"/{n}") for n in range(3) for server in servers]
    run(fetch_all(settings(per_host_concurrency=4, concurrency=2), urls))
    assert state["most"] <= 2
    assert sum(len(server.seen) for server in servers) == 9


def test_robots_disallow_is_obeyed_and_robots_is_fetched_once(serve: Serve) -> None:
    robots = reply(200, {"Content-Type": "text/plain"}, b"User-agent: signaldesk\nDisallow: /private\n")
    server = serve({"/robots.txt": robots, "/public": reply(200, {}, b"yes")})
    fetch_settings = settings(respect_robots=True)

    async def both() -> None:
        async with Fetcher(fetch_settings) as fetcher:
            page = await fetcher.fetch(server.url("/public"), allow_private=True)
            assert page.body == b"yes"
            with pytest.raises(RobotsDisallowed, match="does not allow signaldesk"):
                await fetcher.fetch(server.url("/private/x"), allow_private=True)

    run(both())
    assert len(server.hits("/robots.txt")) == 1
    assert server.hits("/private/x") == []


def test_robots_crawl_delay_spaces_requests(serve: Serve) -> None:
    robots = reply(200, {}, b"User-agent: *\nCrawl-delay: 0.25\n")
    server = serve({"/robots.txt": robots}, default=reply(200, {}, b"ok"))
    run(fetch_all(settings(respect_robots=True), [server.url(f"/{n}") for n in range(3)]))
    pages = [seen.at for seen in server.seen if seen.path != "/robots.txt"]
    assert len(pages) == 3
    assert min(b - a for a, b in itertools.pairwise(pages)) >= 0.15


@pytest.mark.parametrize("status", [404, 500, 503])
def test_robots_missing_or_broken_allows_everything(serve: Serve, status: int) -> None:
    server = serve({"/robots.txt": reply(status, {}, b"no")}, default=reply(200, {}, b"ok"))
    page = run(fetch_one(settings(respect_robots=True), server.url("/x")))
    assert page.body == b"ok"


def conditional(seen: Seen) -> Answer:
    validators = {"etag": '"v1"', "last-modified": "Wed, 01 Jan 2025 00:00:00 GMT"}
    if (
        seen.headers.get("if-none-match") == '"v1"'
        or seen.headers.get("if-modified-since") == (validators["last-modified"])
    ):
        return reply(304, {"ETag": '"v1"'}, b"")
    return reply(200, {"ETag": '"v1"', "Last-Modified": validators["last-modified"]}, b"<rss/>")


def test_conditional_get_with_etag_and_last_modified(serve: Serve) -> None:
    server = serve({"/feed": conditional})
    first = run(fetch_one(settings(), server.url("/feed")))
    assert (first.status, first.body) == (200, b"<rss/>")
    by_etag = run(fetch_one(settings(), server.url("/feed"), etag=first.etag))
    by_date = run(fetch_one(settings(), server.url("/feed"), last_modified=first.last_modified))
    for page in (by_etag, by_date):
        assert page.not_modified and page.body == b""
    hits = server.hits("/feed")
    assert hits[1].headers["if-none-match"] == '"v1"'
    assert hits[2].headers["if-modified-since"] == "Wed, 01 Jan 2025 00:00:00 GMT"


def test_gzip_and_brotli_bodies_are_decoded(serve: Serve) -> None:
    text = b"Pyongyang said on Tuesday " * 200
    server = serve(
        {
            "/gz": reply(200, {"Content-Encoding": "gzip"}, gzip.compress(text)),
            "/br": reply(200, {"Content-Encoding": "br"}, brotli.compress(text)),
        }
    )
    pages = run(fetch_all(settings(), [server.url("/gz"), server.url("/br")]))
    assert [page.body for page in pages] == [text, text]
    assert "br" in server.hits("/br")[0].headers["accept-encoding"]


@pytest.fixture(scope="module")
def bomb() -> Iterator[bytes]:
    yield gzip.compress(bytes(50_000_000), compresslevel=6)


def streamed(data: bytes, size: int = 65536) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def test_size_cap_plain_declared_streamed_and_gzip_bomb(serve: Serve, bomb: bytes) -> None:
    big = bytes(2_000_000)
    server = serve(
        {
            "/declared": reply(200, {}, big),
            "/streamed": lambda seen: reply(200, {}, streamed(big)),
            "/bomb": reply(200, {"Content-Encoding": "gzip"}, bomb),
            "/fits": reply(200, {}, bytes(1_000_000)),
        }
    )
    capped = settings(max_bytes=1_000_000)
    for path in ("/declared", "/streamed", "/bomb"):
        with pytest.raises(ResponseTooLarge, match="cap of 1,000,000"):
            run(fetch_one(capped, server.url(path)))
    assert len(run(fetch_one(capped, server.url("/fits"))).body) == 1_000_000


def trickle(seen: Seen) -> Answer:
    def drip() -> Iterator[bytes]:
        for _ in range(20):
            yield b"x"
            time.sleep(1)

    return reply(200, {}, drip())


def test_a_trickling_server_hits_the_total_timeout(serve: Serve) -> None:
    server = serve({"/slow": trickle})
    began = time.monotonic()
    with pytest.raises(FetchTimeout, match=r"1\.5 s in all"):
        run(fetch_one(settings(total_timeout=1.5, read_timeout=5), server.url("/slow")))
    assert 1.4 <= time.monotonic() - began < 5


def test_redirects_are_followed_by_hand_and_loops_refused(serve: Serve) -> None:
    def moved(to: str) -> Answer:
        return reply(302, {"Location": to}, b"")

    server = serve(
        {
            "/old": moved("/mid"),
            "/mid": moved("/new"),
            "/new": reply(200, {}, b"here"),
            "/a": moved("/b"),
            "/b": moved("/a"),
            **{f"/hop{n}": moved(f"/hop{n + 1}") for n in range(10)},
        }
    )
    page = run(fetch_one(settings(max_redirects=2), server.url("/old")))
    assert (page.url, page.final_url, page.body) == (server.url("/old"), server.url("/new"), b"here")
    with pytest.raises(TooManyRedirects, match="loop"):
        run(fetch_one(settings(), server.url("/a")))
    with pytest.raises(TooManyRedirects, match="more than 3 times"):
        run(fetch_one(settings(max_redirects=3), server.url("/hop0")))
    assert len(server.hits("/hop4")) == 0


@pytest.mark.parametrize("status", [404, 410])
def test_gone_pages_raise_at_once_without_retries(serve: Serve, status: int) -> None:
    server = serve({"/gone": reply(status, {}, b"")})
    with pytest.raises(HTTPStatusError, match="is gone") as caught:
        run(fetch_one(settings(retries=3), server.url("/gone")))
    assert caught.value.status == status
    assert len(server.hits("/gone")) == 1


def sequence(*replies: Answer) -> Callable[[Seen], Answer]:
    queue = list(replies)
    lock = threading.Lock()

    def app(seen: Seen) -> Answer:
        with lock:
            return queue.pop(0) if len(queue) > 1 else queue[0]

    return app


def test_server_errors_are_retried_until_success(serve: Serve) -> None:
    server = serve({"/x": sequence(reply(500), reply(502), reply(200, {}, b"fine"))})
    page = run(fetch_one(settings(retries=2), server.url("/x")))
    assert page.body == b"fine"
    assert len(server.hits("/x")) == 3


def test_retries_run_out(serve: Serve) -> None:
    server = serve({"/x": reply(500)})
    with pytest.raises(HTTPStatusError) as caught:
        run(fetch_one(settings(retries=1), server.url("/x")))
    assert caught.value.status == 500 and len(server.hits("/x")) == 2


def test_short_retry_after_is_waited_for_and_retried(serve: Serve) -> None:
    server = serve({"/x": sequence(reply(429, {"Retry-After": "1"}), reply(200, {}, b"ok"))})
    page = run(fetch_one(settings(retries=1), server.url("/x")))
    hits = server.hits("/x")
    assert page.body == b"ok" and len(hits) == 2
    assert hits[1].at - hits[0].at >= 0.95


def test_long_retry_after_is_raised_and_remembered(serve: Serve) -> None:
    server = serve({"/x": reply(503, {"Retry-After": "3600"}), "/y": reply(200, {}, b"ok")})

    async def twice() -> None:
        async with Fetcher(settings(retries=2), policy=FAST) as fetcher:
            with pytest.raises(HTTPStatusError) as first:
                await fetcher.fetch(server.url("/x"), allow_private=True)
            assert first.value.status == 503 and first.value.retry_after == 3600
            with pytest.raises(HTTPStatusError, match="come back after") as second:
                await fetcher.fetch(server.url("/y"), allow_private=True)
            assert second.value.retry_after is not None and second.value.retry_after > 3500

    run(twice())
    assert len(server.hits("/x")) == 1 and server.hits("/y") == []


def test_a_failing_host_is_backed_off_and_fails_fast(serve: Serve) -> None:
    server = serve({"/x": reply(500)})
    policy = HostPolicy(failure_threshold=3, backoff_base=60, retry_base=0.01)

    async def hammer() -> None:
        async with Fetcher(settings(), policy=policy) as fetcher:
            for _ in range(3):
                with pytest.raises(HTTPStatusError):
                    await fetcher.fetch(server.url("/x"), allow_private=True)
            with pytest.raises(FetchError, match="failed 3 times in a row; not trying it again until"):
                await fetcher.fetch(server.url("/x"), allow_private=True)

    run(hammer())
    assert len(server.hits("/x")) == 3


def test_connection_refused_is_retried_then_raised() -> None:
    import socket

    with socket.socket() as probe:  # a port that was free a moment ago, now closed
        probe.bind(("127.0.0.24", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ConnectionFailed, match="connection failed"):
        run(fetch_one(settings(retries=2), f"http://127.0.0.24:{port}/"))
