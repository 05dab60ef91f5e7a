"""Loopback HTTP servers for ingest tests.

`serve(app, host="127.0.0.21")` starts a threaded HTTP/1.1 server on an ephemeral
port of that loopback address. `app` is either a function from the request seen to
a reply, or a dict from path to a reply or such a function (unknown paths get
`default`, a 404 unless given). A reply is a tuple (status, headers, body); body is
bytes, or chunks written one by one (then without a length, closing the connection).
Every server records what it saw (`server.seen`) and is closed after the test.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass(frozen=True)
class Seen:
    """One request as the server saw it; `at` is time.monotonic() on arrival."""

    method: str
    path: str
    headers: dict[str, str]
    at: float
    host: str


Reply = tuple[int, dict[str, str], bytes | Iterable[bytes]]
App = Callable[[Seen], Reply]
NOT_HERE: Reply = (404, {"Content-Type": "text/plain"}, b"not here")


def routes(table: dict[str, Reply | App], default: Reply = NOT_HERE) -> App:
    """An app answering by path (the query string is ignored)."""

    def app(seen: Seen) -> Reply:
        found = table.get(seen.path.split("?", 1)[0], default)
        return found(seen) if callable(found) else found

    return app


class LoopServer:
    def __init__(self, host: str, app: App) -> None:
        self.host = host
        self.app = app
        self.seen: list[Seen] = []
        self.in_flight = 0
        self.most_in_flight = 0
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer((host, 0), _handler(self))
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05})
        self.thread.daemon = True
        self.thread.start()

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"

    def hits(self, path: str) -> list[Seen]:
        with self.lock:
            return [seen for seen in self.seen if seen.path == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def _handler(owner: LoopServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            seen = Seen(
                "GET",
                self.path,
                {k.lower(): v for k, v in self.headers.items()},
                time.monotonic(),
                owner.host,
            )
            with owner.lock:
                owner.seen.append(seen)
                owner.in_flight += 1
                owner.most_in_flight = max(owner.most_in_flight, owner.in_flight)
            try:
                self._answer(owner.app(seen))
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True
            finally:
                with owner.lock:
                    owner.in_flight -= 1

        def _answer(self, reply: Reply) -> None:
            status, headers, body = reply
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if isinstance(body, bytes):
                if "content-length" not in {name.lower() for name in headers}:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            self.send_header("Connection", "close")
            self.close_connection = True
            self.end_headers()
            for chunk in body:
                self.wfile.write(chunk)
                self.wfile.flush()

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def serve() -> Iterator[Callable[..., LoopServer]]:
    started: list[LoopServer] = []

    def start(
        app: App | dict[str, Reply | App], host: str = "127.0.0.21", default: Reply = NOT_HERE
    ) -> LoopServer:
        server = LoopServer(host, routes(app, default) if isinstance(app, dict) else app)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()
