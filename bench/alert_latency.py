"""Alert latency: from an item's publication on its origin to the alert at a webhook.

Everything runs on loopback. A publisher (127.0.0.61) serves an Atom feed and its article
pages and adds an item at a known moment; a minimal WebSub hub (127.0.0.62) verifies the
desk's subscription and, for push, posts the new entry to the desk's callback; a webhook
receiver (127.0.0.63) notes when each alert arrives. The desk runs its monitor (`Desk.run`)
with one `match` rule sending every bench item to a `json://` channel.

Two modes: `push` (WebSub; the feed's poll interval is an hour, so only the push brings
the item in) and `poll` (no hub; the feed is polled every POLL_EVERY seconds). Each
publishes N items spaced GAP seconds apart and reports p50, p95 and max of
(arrival at the receiver - publication), and the latency the store kept per alert with
its largest difference from the measured one. Bounded: every wait has a deadline, and
the run stops its desk and servers before returning.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

PUBLISHER, HUB, RECEIVER, CALLBACK = "127.0.0.61", "127.0.0.62", "127.0.0.63", "127.0.0.64"
POLL_EVERY = 5.0
GAP = 1.0
ITEMS, QUICK_ITEMS = 50, 10
PUSH_TARGET, POLL_MARGIN = 2.0, 2.0
BODY = (
    "<p>Item {n} of the latency bench: envoys met on Monday and agreed that working groups would meet "
    "within a month to settle the order of the next steps.</p>"
    "<p>Officials described the session as serious and businesslike; a second round is expected "
    "before the end of the quarter, according to two people briefed on the schedule.</p>"
    "<p>Neither side would say whether sanctions relief came up during the three-hour meeting, "
    "and both delegations declined to take questions after it ended.</p>"
)


class Publisher:
    """The origin: an Atom feed of the items added so far (newest first) and their pages."""

    def __init__(self, hub: str | None) -> None:
        self.hub = hub
        self.items: list[tuple[int, float]] = []  # (number, published as a Unix time)
        self.lock = threading.Lock()
        self.server = _serve(PUBLISHER, self._handle)
        self.base = f"http://{PUBLISHER}:{self.server.server_address[1]}"

    def add(self, number: int) -> float:
        at = time.time()
        with self.lock:
            self.items.append((number, at))
        return at

    def feed(self, items: list[tuple[int, float]]) -> bytes:
        hub = f'<link rel="hub" href="{self.hub}"/>' if self.hub else ""
        entries = "".join(
            f"<entry><title>Latency bench item {n:03d}</title><link href='{self.base}/a/{n}'/>"
            f"<id>{self.base}/a/{n}</id><published>{_iso(at)}</published><updated>{_iso(at)}</updated>"
            "</entry>"
            for n, at in sorted(items, reverse=True)
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Bench origin</title>{hub}<link rel='self' href='{self.base}/feed.xml'/>"
            f"<id>{self.base}/</id><updated>{_iso(time.time())}</updated>{entries}</feed>"
        ).encode()

    def _handle(self, method: str, path: str, body: bytes) -> tuple[int, str, bytes]:
        with self.lock:
            items = list(self.items)
        if path == "/feed.xml":
            return 200, "application/atom+xml", self.feed(items[-20:])
        if path.startswith("/a/") and path[3:].isdigit():
            number = int(path[3:])
            at = dict(items).get(number)
            if at is not None:
                title = f"Latency bench item {number:03d}"
                page = f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
                page += BODY.format(n=number) + "</article></body></html>"
                return 200, "text/html; charset=utf-8", page.encode()
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n"
        return 404, "text/plain", b"not here"


class Hub:
    """A minimal WebSub hub: verifies a subscriber by its challenge, then posts what it is given."""

    def __init__(self) -> None:
        self.subscriptions: dict[str, dict[str, str]] = {}
        self.verified = threading.Event()
        self.server = _serve(HUB, self._handle)
        self.url = f"http://{HUB}:{self.server.server_address[1]}/hub"

    def _handle(self, method: str, path: str, body: bytes) -> tuple[int, str, bytes]:
        if method != "POST":
            return 405, "text/plain", b""
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        threading.Thread(target=self._verify, args=(form,), daemon=True).start()
        return 202, "text/plain", b""

    def _verify(self, form: dict[str, str]) -> None:
        import httpx

        challenge = f"bench-{time.monotonic_ns()}"
        query = urlencode(
            {
                "hub.mode": form.get("hub.mode", "subscribe"),
                "hub.topic": form["hub.topic"],
                "hub.challenge": challenge,
                "hub.lease_seconds": "3600",
            }
        )
        answer = httpx.get(f"{form['hub.callback']}?{query}", timeout=5)
        if answer.status_code == 200 and answer.text == challenge:
            self.subscriptions[form["hub.topic"]] = form
            self.verified.set()

    def publish(self, topic: str, body: bytes) -> int:
        import httpx

        form = self.subscriptions[topic]
        headers = {"Content-Type": "application/atom+xml"}
        if form.get("hub.secret"):
            digest = hmac.new(form["hub.secret"].encode(), body, hashlib.sha256).hexdigest()
            headers["X-Hub-Signature"] = f"sha256={digest}"
        return httpx.post(form["hub.callback"], content=body, timeout=5, headers=headers).status_code


class Receiver:
    """The webhook: notes the arrival time of every bench item an alert names."""

    def __init__(self) -> None:
        self.arrived: dict[int, float] = {}
        self.posts = 0
        self.lock = threading.Lock()
        self.server = _serve(RECEIVER, self._handle)
        self.url = f"json://{RECEIVER}:{self.server.server_address[1]}/hook"

    def _handle(self, method: str, path: str, body: bytes) -> tuple[int, str, bytes]:
        moment = time.time()
        data = json.loads(body or b"{}")
        text = f"{data.get('title', '')}\n{data.get('message', '')}"
        with self.lock:
            self.posts += 1
            for number in _numbers(text):
                self.arrived.setdefault(number, moment)
        return 200, "text/plain", b""


def run(quick: bool = False) -> dict[str, float | int | str]:
    count = QUICK_ITEMS if quick else ITEMS
    result: dict[str, float | int | str] = {}
    for mode in ("push", "poll"):
        found = measure(mode, count)
        result.update({f"{mode}_{key}": value for key, value in found.items()})
    result["push_target_p95_s"] = PUSH_TARGET
    result["poll_target_p95_s"] = POLL_EVERY + POLL_MARGIN
    return result


def measure(mode: str, count: int, gap: float = GAP, workers: int = 0) -> dict[str, float | int]:
    """Publish `count` items in `mode` ('push' or 'poll'); latencies in seconds."""
    from signaldesk import open_desk

    hub = Hub() if mode == "push" else None
    publisher = Publisher(hub.url if hub else None)
    receiver = Receiver()
    servers = [s.server for s in (hub, publisher, receiver) if s is not None]
    published: dict[int, float] = {}
    stop = threading.Event()
    with tempfile.TemporaryDirectory(prefix="bench-alerts-") as folder:
        desk_file = Path(folder) / "desk.yaml"
        desk_file.write_text(_desk_yaml(mode, publisher.base, receiver.url), encoding="utf-8")
        try:
            with open_desk(desk_file) as desk:
                runner = threading.Thread(
                    target=desk.run, kwargs={"stop": stop.is_set, "workers": workers, "idle": 0.2}
                )
                runner.start()
                try:
                    topic = f"{publisher.base}/feed.xml"
                    if hub is not None and not hub.verified.wait(30):
                        raise RuntimeError("the desk did not subscribe at the bench hub within 30 s")
                    time.sleep(1.0)  # the first round and its analysis are done
                    for number in range(1, count + 1):
                        published[number] = publisher.add(number)
                        if hub is not None:
                            hub.publish(topic, publisher.feed([(number, published[number])]))
                        time.sleep(gap)
                    deadline = time.monotonic() + POLL_EVERY + 30
                    while len(receiver.arrived) < count and time.monotonic() < deadline:
                        time.sleep(0.05)
                finally:
                    stop.set()
                    runner.join(timeout=60)
                kept = _kept_latencies(desk)
        finally:
            for server in servers:
                server.shutdown()
                server.server_close()
    measured = {n: receiver.arrived[n] - at for n, at in published.items() if n in receiver.arrived}
    values = sorted(measured.values()) or [float("nan")]
    agree = [abs(kept[n] - measured[n]) for n in measured if n in kept]
    return {
        "items": count,
        "delivered": len(measured),
        "webhook_posts": receiver.posts,
        "p50_s": round(statistics.median(values), 3),
        "p95_s": round(_quantile(values, 0.95), 3),
        "max_s": round(values[-1], 3),
        "kept": len(agree),
        "kept_p95_s": round(_quantile(sorted(kept.values()) or [float("nan")], 0.95), 3),
        "kept_vs_measured_max_s": round(max(agree), 3) if agree else float("nan"),
    }


def _desk_yaml(mode: str, base: str, hook: str) -> str:
    every = 3600 if mode == "push" else POLL_EVERY
    websub = (
        f"websub: {{enabled: true, listen: '{CALLBACK}:{_free_port(CALLBACK)}'}}\n" if mode == "push" else ""
    )
    return (
        "desk: {name: Alert latency bench}\n"
        "fetch: {per_host_gap: 0}\n"
        f"{websub}"
        f"sources:\n  - {{id: origin, outlet: Bench origin, url: '{base}/feed.xml', allow_private: true,"
        f" poll: {{min: {every}, max: {every}}}}}\n"
        f"channels:\n  - {{id: hook, url: '{hook}'}}\n"
        "rules:\n  - {id: bench-items, name: Bench item, query: 'latency AND bench', channels: [hook],"
        " throttle: 0}\n"
    )


def _kept_latencies(desk: Any) -> dict[int, float]:
    """The latency the store kept for each bench item's alert."""
    from sqlalchemy import select

    from signaldesk.store import schema

    a = schema.alerts
    with desk.store.engine.connect() as db:
        rows = db.execute(select(a.c.title, a.c.latency).where(a.c.latency.is_not(None))).all()
    kept: dict[int, float] = {}
    for title, latency in rows:
        for number in _numbers(title):
            kept[number] = float(latency)
    return kept


def _numbers(text: str) -> list[int]:
    import re

    return [int(n) for n in re.findall(r"Latency bench item (\d{3})", text)]


def _quantile(values: list[float], q: float) -> float:
    """The q-quantile of sorted values (nearest rank)."""
    rank = max(0, min(len(values) - 1, round(q * len(values) + 0.5) - 1))
    return values[rank]


def _iso(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _free_port(host: str) -> int:
    import socket

    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def _serve(host: str, handle: Any) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, method: str) -> None:
            size = int(self.headers.get("Content-Length", 0) or 0)
            status, kind, body = handle(method, self.path.split("?")[0], self.rfile.read(size))
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            self._answer("GET")

        def do_POST(self) -> None:
            self._answer("POST")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server


if __name__ == "__main__":
    print(json.dumps(run(quick=True), indent=2))
