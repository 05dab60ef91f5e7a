"""Server-sent events: a document stored after the stream opened arrives on it."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import httpx
import pytest

from signaldesk.alerts.storage import AlertStorage
from signaldesk.alerts.values import Alert, Evidence
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


def store_alert(
    served: Served,
    title: str,
    *,
    rule: str = "live-test",
    severity: str = "notice",
    waited: timedelta = timedelta(0),
) -> None:
    """Store an alert as the engine records it, fired now for an event `waited` ago."""
    stamp = time.time_ns()
    moment = now()
    alert = Alert(
        rule_id=rule,
        rule_name=rule.replace("-", " ").capitalize(),
        event_key=f"{rule}:{stamp}",
        event_kind="document",
        severity=severity,
        title=title,
        body="",
        why=(f"rule {rule} (match)",),
        evidence=Evidence(),
        link="",
        fired_at=moment,
        channels=(),
        state="recorded",
        due_at=moment,
        origin_at=moment - waited,
    )
    AlertStorage(served.desk.store.engine).insert(alert, f"event:{stamp}")  # type: ignore[attr-defined]


# Header bytes are read as Latin-1, so b"\xb2" arrives as "²", which str.isdigit() accepts.
BAD_RESUME_IDS = [b"\xb2", b"99999999999999999999999", b"-3", b"12a"]


def first_data(stream: httpx.Response) -> dict[str, object] | None:
    """The first event's data, or None when the stream ends first; at most 10 s."""
    deadline = time.monotonic() + 10
    for line in stream.iter_lines():
        if line.startswith("data: "):
            return dict(json.loads(line[6:]))
        assert time.monotonic() < deadline, "no event within 10 s"
    return None


@pytest.mark.parametrize("resume", BAD_RESUME_IDS)
def test_a_bad_resume_id_is_ignored_on_the_document_stream(served: Served, resume: bytes) -> None:
    client = sign_in(served.url, "viewer-user", served.passwords["viewer"])
    with client.stream("GET", "/events", headers={"Last-Event-ID": resume}) as stream:
        assert stream.status_code == 200
        title = f"Resumed past {resume.hex()}"
        new_id = store_article(served, f"sse-bad-{time.time_ns()}", title)
        received = first_data(stream)
    assert received is not None and received["id"] == new_id and received["title"] == title


@pytest.mark.parametrize("resume", BAD_RESUME_IDS)
def test_a_bad_resume_id_is_ignored_on_the_alert_stream(served: Served, resume: bytes) -> None:
    client = sign_in(served.url, "viewer-user", served.passwords["viewer"])
    with client.stream("GET", "/events/alerts", headers={"Last-Event-ID": resume}) as stream:
        assert stream.status_code == 200
        title = f"Alert past {resume.hex()}"
        store_alert(served, title)
        received = first_data(stream)
    assert received is not None and received["title"] == title


@pytest.mark.parametrize("path", ["/events", "/events/alerts"])
@pytest.mark.parametrize("after", ["1e30", "99999999999999999999999", str(2**62 + 1), "-1"])
def test_an_out_of_range_after_is_refused(served: Served, path: str, after: str) -> None:
    client = sign_in(served.url, "viewer-user", served.passwords["viewer"])
    with client.stream("GET", path, params={"after": after}) as stream:
        assert stream.status_code == 422
