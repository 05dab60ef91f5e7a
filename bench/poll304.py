"""One polling round of 1,000 unchanged feeds: conditional GETs answered 304.

A threaded HTTP/1.1 server, in a process of its own so it does not share the
fetcher's interpreter lock, listens on 20 loopback addresses (127.0.0.101 to
127.0.0.120); the feeds are spread evenly over them. The timed round goes through
the full Fetcher (SSRF guard with allow_private, robots.txt, scoreboard) with
per_host_gap=0 and per_host_concurrency=16.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from signaldesk.config import Fetch
from signaldesk.ingest.fetcher import Fetcher

HOSTS = [f"127.0.0.{n}" for n in range(101, 121)]
ETAG = '"feed-v1"'


class _Feeds(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            body = b"User-agent: *\nAllow: /\n"
            self._send(200, body, {"Content-Type": "text/plain"})
        elif self.headers.get("If-None-Match") == ETAG:
            self._send(304, b"", {"ETag": ETAG})
        else:
            self._send(200, b"<rss version='2.0'><channel/></rss>", {"ETag": ETAG})

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def _start(host: str) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, 0), _Feeds)
    server.daemon_threads = True
    server.block_on_close = False
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server


def _serve(ports: Any, stop: Any) -> None:
    servers = [_start(host) for host in HOSTS]
    ports.put([server.server_address[1] for server in servers])
    stop.wait(600)
    for server in servers:
        server.shutdown()
        server.server_close()


async def _round(urls: list[str], settings: Fetch) -> tuple[float, int]:
    async with Fetcher(settings) as fetcher:
        began = time.perf_counter()
        pages = await asyncio.gather(*(fetcher.fetch(url, allow_private=True, etag=ETAG) for url in urls))
        seconds = time.perf_counter() - began
    return seconds, sum(page.not_modified for page in pages)


def run(quick: bool = False) -> dict[str, float | int | str]:
    feeds = 200 if quick else 1000
    context = multiprocessing.get_context("spawn")
    ports = context.Queue()
    stop = context.Event()
    process = context.Process(target=_serve, args=(ports, stop), daemon=True)
    process.start()
    try:
        port = ports.get(timeout=30)
        urls = [f"http://{HOSTS[n % len(HOSTS)]}:{port[n % len(HOSTS)]}/feeds/{n}.xml" for n in range(feeds)]
        settings = Fetch(per_host_gap=0, per_host_concurrency=16, concurrency=64, retries=0)
        seconds, not_modified = asyncio.run(_round(urls, settings))
    finally:
        stop.set()
        process.join(timeout=10)
        if process.is_alive():
            process.terminate()
            process.join(timeout=5)
    return {
        "feeds": feeds,
        "hosts": len(HOSTS),
        "not_modified": not_modified,
        "seconds": round(seconds, 3),
        "feeds_per_s": round(feeds / seconds, 1),
    }
