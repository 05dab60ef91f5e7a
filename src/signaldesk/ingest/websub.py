"""WebSub (push) for feeds that announce a hub: subscribe, verify, check signatures, renew.

The decisions are pure functions; `Subscriber` does the HTTP to hubs and `callback_app`
(in websub_app.py) answers them. A pushed feed body enters the same path as a polled one
(`SourcePoller.take`), so a pushed item is stored like any other.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import replace
from datetime import datetime, timedelta

from ..config import WebSub
from ..errors import FetchError
from ..store import Store, Subscription
from ..types import now
from .addresses import guard

ALGORITHMS = {
    "sha1": hashlib.sha1,
    "sha256": hashlib.sha256,
    "sha384": hashlib.sha384,
    "sha512": hashlib.sha512,
}
RENEW_BEFORE = 0.1  # renew when less than this share of the lease is left
RETRY_PENDING = timedelta(minutes=10)


def signature_ok(secret: str, body: bytes, header: str | None) -> bool:
    """Whether `X-Hub-Signature: method=hex` is the HMAC of `body` under `secret`."""
    if not header or "=" not in header:
        return False
    method, _, given = header.partition("=")
    digest = ALGORITHMS.get(method.strip().lower())
    if digest is None:
        return False
    expected = hmac.new(secret.encode(), body, digest).hexdigest()
    return hmac.compare_digest(expected, given.strip().lower())


def needs_subscribing(
    current: Subscription | None, hub: str, topic: str, moment: datetime, lease: float
) -> bool:
    """Subscribe when there is no subscription, the hub or topic changed, a request went
    unanswered for a while, or the lease is running out."""
    if current is None or current.hub != hub or current.topic != topic:
        return True
    if current.state == "pending":
        return moment - current.requested_at > RETRY_PENDING
    if current.state == "denied":
        return moment - current.requested_at > timedelta(days=1)
    if current.lease_expires is None:
        return False
    return (current.lease_expires - moment).total_seconds() < RENEW_BEFORE * lease


def verification_answer(
    current: Subscription | None, mode: str, topic: str, lease_seconds: str | None, moment: datetime
) -> Subscription | None:
    """The subscription after a hub's verification request, or None to refuse it (404)."""
    if current is None or topic != current.topic:
        return None
    if mode == "subscribe" and current.state in ("pending", "active"):
        lease = float(lease_seconds) if lease_seconds and lease_seconds.isdigit() else None
        expires = moment + timedelta(seconds=lease) if lease else None
        return replace(current, state="active", lease_expires=expires, last_error="")
    if mode == "denied":
        return replace(current, state="denied", last_error="the hub denied the subscription")
    return None


class Subscriber:
    """Sends subscription requests to hubs and remembers them in the store."""

    def __init__(self, settings: WebSub, store: Store, *, allow_private: bool = False) -> None:
        self.settings = settings
        self.store = store
        self.allow_private = allow_private

    def callback_for(self, source_id: str) -> str:
        return f"{self.settings.callback_base}/{source_id}"

    async def ensure(self, source_id: str, hub: str, topic: str, *, allow_private: bool = False) -> bool:
        """Subscribe `source_id` to `hub` for `topic` when needed; True if a request was sent."""
        current = {s.source_id: s for s in self.store.subscriptions()}.get(source_id)
        moment = now()
        if not needs_subscribing(current, hub, topic, moment, self.settings.lease):
            return False
        secret = current.secret if current and current.hub == hub else secrets.token_hex(24)
        subscription = Subscription(source_id, hub, topic, secret, "pending", moment)
        self.store.save_subscription(subscription)
        error = await self._request(hub, topic, self.callback_for(source_id), secret, allow_private)
        if error:
            self.store.save_subscription(replace(subscription, last_error=error))
        return True

    async def _request(self, hub: str, topic: str, callback: str, secret: str, allow_private: bool) -> str:
        import httpx

        form = {
            "hub.mode": "subscribe",
            "hub.topic": topic,
            "hub.callback": callback,
            "hub.secret": secret,
            "hub.lease_seconds": str(int(self.settings.lease)),
        }
        try:
            await guard(hub, allow_private=allow_private)
            async with httpx.AsyncClient(timeout=10, follow_redirects=False) as client:
                response = await client.post(hub, data=form)
        except (FetchError, httpx.HTTPError) as error:
            return f"subscription request to {hub} failed: {getattr(error, 'message', error)!s}"
        if response.status_code not in (202, 204):
            return f"hub {hub} answered {response.status_code} to the subscription request"
        return ""
