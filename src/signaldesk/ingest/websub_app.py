"""The WebSub callback endpoint, as a small ASGI app: `/websub/<source id>`.

GET answers a hub's verification (echoes the challenge for a subscription we asked for);
POST takes a notification, checks its HMAC signature and queues the body for ingestion,
answering at once. A notification with a bad or missing signature is acknowledged and
ignored, as the WebSub recommendation says, and noted on the subscription.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qs

from ..store import Store
from ..types import now
from .websub import signature_ok, verification_answer

MAX_NOTIFICATION = 10_000_000


@dataclass(frozen=True, slots=True)
class Push:
    """A verified notification: the feed body a hub delivered for a source."""

    source_id: str
    body: bytes
    content_type: str
    received: float  # time.monotonic() on arrival


Send = Callable[[dict[str, Any]], Awaitable[None]]
Receive = Callable[[], Awaitable[dict[str, Any]]]


def callback_app(store: Store, pushes: asyncio.Queue[Push], prefix: str = "/websub") -> Any:
    async def app(scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        path: str = scope["path"]
        if not path.startswith(prefix + "/"):
            return await _reply(send, 404, b"not a WebSub callback")
        source_id = path[len(prefix) + 1 :].strip("/")
        current = {s.source_id: s for s in store.subscriptions()}.get(source_id)
        if scope["method"] == "GET":
            query = {k: v[0] for k, v in parse_qs(scope.get("query_string", b"").decode()).items()}
            answer = verification_answer(
                current,
                query.get("hub.mode", ""),
                query.get("hub.topic", ""),
                query.get("hub.lease_seconds"),
                now(),
            )
            if answer is None:
                return await _reply(send, 404, b"no such subscription")
            store.save_subscription(answer)
            return await _reply(send, 200, query.get("hub.challenge", "").encode())
        if scope["method"] != "POST":
            return await _reply(send, 405, b"GET or POST")
        arrived = time.monotonic()
        body = await _body(receive)
        if body is None:
            return await _reply(send, 413, b"notification too large")
        if current is None or current.state != "active":
            return await _reply(send, 404, b"no such subscription")
        headers = {k.decode().lower(): v.decode() for k, v in scope.get("headers", [])}
        if not signature_ok(current.secret, body, headers.get("x-hub-signature")):
            store.save_subscription(
                replace(current, last_error="a notification with a bad signature was ignored")
            )
            return await _reply(send, 202, b"")
        store.save_subscription(replace(current, last_notification=now()))
        await pushes.put(Push(source_id, body, headers.get("content-type", ""), arrived))
        return await _reply(send, 202, b"")

    return app


async def _body(receive: Receive) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_NOTIFICATION:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


async def _reply(send: Send, status: int, body: bytes) -> None:
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
