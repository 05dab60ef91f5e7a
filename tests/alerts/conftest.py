"""Real peers on loopback for the alert tests: an SMTP server, HTTP receivers, a stalled port."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from signaldesk.config import DeskConfig, parse_desk
from signaldesk.store import Store, open_store
from signaldesk.types import DeskEvent, Document, Genre, WarcRef

T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # 10:00 in New York

DESK = """\
desk:
  name: Alert desk
  timezone: America/New_York
  dashboard_url: http://127.0.0.1:8787/
actors:
  - {{id: kcna, name: KCNA, kind: institution}}
  - {{id: state-dept, name: State Department, kind: institution}}
frames:
  - {{id: sanctions, name: Sanctions, terms: [sanctions]}}
watches:
  - {{id: dprk, name: North Korea, query: '"North Korea" OR DPRK OR Pyongyang'}}
channels:
{channels}
rules:
{rules}
"""


def desk_config(channels: dict[str, str], rules: str) -> DeskConfig:
    lines = "\n".join(f"  - id: {cid}\n    url: '{url}'" for cid, url in channels.items()) or "  []"
    return parse_desk(DESK.format(channels=lines, rules=rules or "  []"))


def document(doc_id: int, title: str, text: str, **extra: Any) -> Document:
    values: dict[str, Any] = {
        "url": f"https://news.example/{doc_id}",
        "canonical_url": f"https://news.example/{doc_id}",
        "outlet": "Example News",
        "source_id": "example",
        "genre": Genre.NEWS,
        "first_seen": T0,
        "warc": WarcRef(file="archive/2026-03-02.warc.gz", record_id=f"<urn:uuid:rec-{doc_id}>"),
    }
    values.update(extra)
    return Document(id=doc_id, title=title, text=text, **values)


def doc_event(doc: Document, at: datetime = T0, **extra: Any) -> DeskEvent:
    return DeskEvent(
        kind="document",
        key=f"document:{doc.id}:1",
        at=at,
        title=doc.title,
        document_id=doc.id,
        origin_at=at,
        **extra,
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "desk.db")
    yield opened
    opened.close()


# -- SMTP --------------------------------------------------------------------------------


@dataclass
class Mailbox:
    host: str
    port: int
    messages: list[str] = field(default_factory=list)

    def url(self) -> str:
        return (
            f"mailto://{self.host}:{self.port}?from=alerts@desk.example&to=analyst@desk.example&mode=insecure"
        )


@pytest.fixture
def smtp_server() -> Iterator[Mailbox]:
    from aiosmtpd.smtp import SMTP

    box = Mailbox("127.0.0.21", 0)

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            box.messages.append(envelope.content.decode("utf-8", "replace"))
            return "250 OK"

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    server = asyncio.run_coroutine_threadsafe(
        loop.create_server(lambda: SMTP(Handler()), box.host, 0), loop
    ).result(timeout=10)
    box.port = server.sockets[0].getsockname()[1]
    yield box

    async def stop() -> None:
        server.close()
        await server.wait_closed()

    asyncio.run_coroutine_threadsafe(stop(), loop).result(timeout=10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(timeout=10)
    loop.close()


# -- HTTP receivers ----------------------------------------------------------------------


class Receiver:
    """A webhook receiver on a loopback address; start() may come later than the port."""

    def __init__(self, host: str, port: int = 0) -> None:
        self.host, self.port = host, port
        self.posts: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self.server: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None
        self.on_post: Any = None

    def reserve(self) -> int:
        """Pick a free port without listening on it (the channel is down until start())."""
        with socket.socket() as probe:
            probe.bind((self.host, 0))
            self.port = probe.getsockname()[1]
        return self.port

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                size = int(self.headers.get("content-length", "0"))
                receiver.posts.append(json.loads(self.rfile.read(size)))
                receiver.paths.append(self.path)
                if receiver.on_post is not None:
                    receiver.on_post()
                self.send_response(200)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer((self.host, self.port), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()
        return self

    def url(self, secret: str = "") -> str:
        auth = f"hook:{secret}@" if secret else ""
        return f"json://{auth}{self.host}:{self.port}/hook"

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            if self.thread is not None:
                self.thread.join(timeout=10)


@pytest.fixture
def receivers() -> Iterator[list[Receiver]]:
    made: list[Receiver] = []
    yield made
    for receiver in made:
        receiver.stop()


class Stall:
    """A port that accepts connections and never answers, until released."""

    def __init__(self, host: str) -> None:
        self.sock = socket.socket()
        self.sock.bind((host, 0))
        self.sock.listen(8)
        self.host, self.port = host, self.sock.getsockname()[1]
        self.release = threading.Event()
        self.holding = threading.Event()
        self.closed = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        self.sock.settimeout(0.05)
        held = []
        while not self.release.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            held.append(conn)
            self.holding.set()
            threading.Thread(target=self._wait_for_close, args=(conn,), daemon=True).start()
        for conn in held:
            conn.close()

    def _wait_for_close(self, conn: socket.socket) -> None:
        """Read until the client gives up and closes (then `closed` is set)."""
        conn.settimeout(30)
        try:
            while conn.recv(4096):
                pass
        except OSError:
            pass
        self.closed.set()

    def stop(self) -> None:
        self.release.set()
        self.thread.join(timeout=10)
        self.sock.close()


@pytest.fixture
def stall() -> Iterator[Stall]:
    stalled = Stall("127.0.0.24")
    yield stalled
    stalled.stop()
