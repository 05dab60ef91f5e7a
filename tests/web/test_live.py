"""Server-sent events: a document stored after the stream opened arrives on it."""

from __future__ import annotations

import json
import time

from signaldesk.types import Article, now

from .conftest import Served
from .helpers import sign_in


def store_article(served: Served, slug: str, title: str) -> int:
    article = Article(
        url=f"http://127.0.0.1/live/{slug}",
        canonical_url=f"http://127.0.0.1/live/{slug}",
        title=title,
        text=title + ". A short body.",
    )
    stored = served.desk.store.upsert_article(article, outlet="Live Test Wire", source_id=None, seen_at=now())
    return stored.document.id


def test_new_document_arrives_as_an_event(served: Served) -> None:
    client = sign_in(served.url, "viewer-user", served.passwords["viewer"])
    after = served.desk.latest_document_id()
    with client.stream("GET", "/events", params={"after": after}) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        new_id = store_article(served, f"sse-{time.time_ns()}", "Live event headline")
        deadline = time.monotonic() + 10
        received = None
        for line in stream.iter_lines():
            if line.startswith("data: "):
                received = json.loads(line[6:])
                break
            assert time.monotonic() < deadline, "no event within 10 s"
    assert received is not None and received["id"] == new_id
    assert received["title"] == "Live event headline" and received["outlet"] == "Live Test Wire"


def test_events_need_a_session(served: Served) -> None:
    answer = served.client().get("/events")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
