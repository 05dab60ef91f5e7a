"""WebSub push end to end: a real hub and origin on loopback, the desk's callback server."""

from __future__ import annotations

import hashlib
import hmac
import socket
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from signaldesk import open_desk
from signaldesk.ingest.websub import needs_subscribing, signature_ok, verification_answer
from signaldesk.store import Subscription
from tests.conftest import moment
from tests.ingest.conftest import Seen, routes

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Origin</title>
<link rel="hub" href="{hub}"/><link rel="self" href="{base}/feed.xml"/><id>{base}/</id>
<updated>2026-03-02T14:00:00Z</updated>{entries}</feed>"""
ENTRY = (
    '<entry><title>{title}</title><link href="{base}{path}"/><id>{base}{path}</id>'
    "<updated>2026-03-02T14:00:00Z</updated></entry>"
)
PAGE = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    "<p>The envoys met in Geneva on Monday and agreed that working groups would meet within a month.</p>"
    "<p>Officials described the talks as serious; the next round is expected before the end of March.</p>"
    "<p>Neither side would say whether sanctions relief was discussed during the three-hour session.</p>"
    "</article></body></html>"
)


def free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


class Hub:
    """A minimal hub: verifies subscriptions against the callback, then publishes on request."""

    def __init__(self) -> None:
        self.subscriptions: dict[str, dict[str, str]] = {}
        self.verified = threading.Event()

    def app(self, seen: Seen, body: bytes = b"") -> tuple[int, dict[str, str], bytes]:
        return 202, {}, b""

    def subscribe(self, form: dict[str, str]) -> None:
        challenge = "c-" + form["hub.topic"][-8:]
        query = urlencode(
            {
                "hub.mode": "subscribe",
                "hub.topic": form["hub.topic"],
                "hub.challenge": challenge,
                "hub.lease_seconds": "3600",
            }
        )
        answer = httpx.get(f"{form['hub.callback']}?{query}", timeout=5)
        if answer.status_code == 200 and answer.text == challenge:
            self.subscriptions[form["hub.topic"]] = form
            self.verified.set()

    def publish(self, topic: str, body: bytes, secret: str | None = None) -> int:
        form = self.subscriptions[topic]
        signature = hmac.new((secret or form["hub.secret"]).encode(), body, hashlib.sha256).hexdigest()
        return httpx.post(
            form["hub.callback"],
            content=body,
            timeout=5,
            headers={"Content-Type": "application/atom+xml", "X-Hub-Signature": f"sha256={signature}"},
        ).status_code


@pytest.fixture
def hub_server():
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import parse_qs

    hub = Hub()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            self.send_response(202)
            self.send_header("Content-Length", "0")
            self.end_headers()
            threading.Thread(target=hub.subscribe, args=(form,), daemon=True).start()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.41", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    hub.url = f"http://127.0.0.41:{server.server_address[1]}/hub"  # type: ignore[attr-defined]
    yield hub
    server.shutdown()
    server.server_close()


def test_a_pushed_item_is_stored_and_a_forged_one_is_ignored(serve, hub_server, tmp_path: Path) -> None:
    origin = serve({}, host="127.0.0.42")
    base = origin.url("").rstrip("/")
    first = ENTRY.format(title="Envoys meet in Geneva", base=base, path="/a/1")
    pushed = ENTRY.format(title="Second round is set for March", base=base, path="/a/2")
    forged = ENTRY.format(title="Forged item", base=base, path="/a/3")
    feed = ATOM.format(hub=hub_server.url, base=base, entries=first).encode()
    origin.app = routes(
        {
            "/feed.xml": (200, {"Content-Type": "application/atom+xml"}, feed),
            "/a/1": (200, {"Content-Type": "text/html"}, PAGE.format(title="Envoys meet in Geneva").encode()),
            "/a/2": (
                200,
                {"Content-Type": "text/html"},
                PAGE.format(title="Second round is set for March").encode(),
            ),
            "/a/3": (200, {"Content-Type": "text/html"}, PAGE.format(title="Forged item").encode()),
        }
    )
    listen = f"127.0.0.1:{free_port('127.0.0.1')}"
    desk_file = tmp_path / "desk.yaml"
    desk_file.write_text(
        f"desk: {{name: Push}}\nfetch: {{per_host_gap: 0}}\nwebsub: {{enabled: true, listen: '{listen}'}}\n"
        f"sources:\n  - {{id: origin, outlet: Origin, url: '{base}/feed.xml', allow_private: true,"
        " poll: {min: 3600, max: 3600}}\n",
        encoding="utf-8",
    )
    stop = threading.Event()
    with open_desk(desk_file) as desk:
        runner = threading.Thread(target=desk.run, kwargs={"stop": stop.is_set, "workers": 0, "idle": 0.1})
        runner.start()
        try:
            assert hub_server.verified.wait(15), "the hub verified the subscription"
            topic = f"{base}/feed.xml"
            assert (
                hub_server.publish(
                    topic, ATOM.format(hub=hub_server.url, base=base, entries=forged).encode(), secret="wrong"
                )
                == 202
            )
            sent = time.monotonic()
            assert (
                hub_server.publish(topic, ATOM.format(hub=hub_server.url, base=base, entries=pushed).encode())
                == 202
            )
            titles: set[str] = set()
            while time.monotonic() - sent < 15 and "Second round is set for March" not in titles:
                time.sleep(0.05)
                titles = {doc.title for doc in desk.documents()}
        finally:
            stop.set()
            runner.join(timeout=20)
        subscription = desk.store.subscriptions()[0]
    assert titles == {"Envoys meet in Geneva", "Second round is set for March"}
    assert "Forged item" not in titles
    assert subscription.state == "active" and subscription.lease_expires is not None
    assert subscription.last_error == "a notification with a bad signature was ignored"
    assert not runner.is_alive()


def test_signatures() -> None:
    body = b"<feed/>"
    good = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert signature_ok("s3cret", body, good)
    assert signature_ok("s3cret", body, "sha1=" + hmac.new(b"s3cret", body, hashlib.sha1).hexdigest())
    assert not signature_ok("s3cret", body + b" ", good)
    assert not signature_ok("other", body, good)
    assert not signature_ok("s3cret", body, None)
    assert not signature_ok("s3cret", body, "md5=abc")
    assert not signature_ok("s3cret", body, "garbage")


def test_subscribing_and_renewing_decisions() -> None:
    start = moment()
    current = Subscription(
        "s", "http://hub/", "http://t/", "x", "active", start, lease_expires=start + timedelta(days=10)
    )
    assert needs_subscribing(None, "http://hub/", "http://t/", start, 864000)
    assert not needs_subscribing(current, "http://hub/", "http://t/", start + timedelta(days=5), 864000)
    assert needs_subscribing(current, "http://hub/", "http://t/", start + timedelta(days=9.5), 864000)
    assert needs_subscribing(current, "http://other-hub/", "http://t/", start, 864000)
    pending = Subscription("s", "http://hub/", "http://t/", "x", "pending", start)
    assert not needs_subscribing(pending, "http://hub/", "http://t/", start + timedelta(minutes=1), 864000)
    assert needs_subscribing(pending, "http://hub/", "http://t/", start + timedelta(hours=1), 864000)


def test_verification_answers_only_what_was_asked() -> None:
    start = moment()
    pending = Subscription("s", "http://hub/", "http://t/", "x", "pending", start)
    active = verification_answer(pending, "subscribe", "http://t/", "3600", start)
    assert active is not None and active.state == "active"
    assert active.lease_expires == start + timedelta(hours=1)
    assert verification_answer(pending, "subscribe", "http://other/", "3600", start) is None
    assert verification_answer(None, "subscribe", "http://t/", "3600", start) is None
    assert verification_answer(pending, "unsubscribe", "http://t/", None, start) is None
    denied = verification_answer(pending, "denied", "http://t/", None, start)
    assert denied is not None and denied.state == "denied"
