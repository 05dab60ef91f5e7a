"""Connectors through the real Fetcher against loopback servers: paging, 429, keys, the poller."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any

import pytest

from signaldesk.config import Fetch
from signaldesk.errors import HTTPStatusError
from signaldesk.ingest.connectors import CONNECTORS, ConnectorError, api_key, collect, pacer_for
from signaldesk.ingest.connectors.ratelimits import Pacer, quota_from_headers
from signaldesk.ingest.fetcher import Fetcher
from signaldesk.ingest.poller import SourcePoller
from signaldesk.store import open_store

from .conftest import fixture, source

JSON = {"Content-Type": "application/json"}
KEY = "k3y-Zq8vWm2Lp0Xr"
OTHER_KEY = "Wr0ngKey-7g5h"
FAST = Fetch(per_host_gap=0, retries=1, respect_robots=False)


def run(coro: Any) -> Any:
    return asyncio.run(coro)


async def collect_with(connector_name: str, src: Any, **kwargs: Any) -> Any:
    async with Fetcher(FAST) as fetcher:
        return await collect(CONNECTORS[connector_name], src, fetcher.fetch, pacer=Pacer(0), **kwargs)


def test_federal_register_pages_through_a_loopback_server(serve) -> None:
    server = serve({}, host="127.0.0.61")
    pages = {
        "1": fixture("federal_register/documents_page1.json"),
        "2": fixture("federal_register/documents_page2.json"),
    }

    def app(seen):
        number = "2" if "&page=2" in seen.path else "1"
        return 200, JSON, pages[number]

    server.app = app
    src = source(
        "federal-register",
        server.url("/api/v1/documents.json"),
        params={"term": "North Korea"},
        allow_private=True,
    )
    found = run(collect_with("federal-register", src))
    assert len(found.articles) == 3 and found.requests == 2 and found.errors == []
    assert "conditions%5Bterm%5D=North+Korea" in server.seen[0].path
    assert "&page=2" in server.seen[1].path


def test_a_429_with_retry_after_is_waited_out_then_the_run_goes_on(serve) -> None:
    answers = [(429, {"Retry-After": "1", **JSON}, b'{"error": "slow down"}')]

    def app(seen):
        return answers.pop(0) if answers else (200, JSON, fixture("federal_register/documents_page2.json"))

    server = serve(app, host="127.0.0.62")
    src = source("federal-register", server.url("/api/v1/documents.json"), allow_private=True)
    found = run(collect_with("federal-register", src))
    assert len(found.articles) == 1
    first, second = server.seen
    assert second.at - first.at >= 0.9  # the host was held back for the Retry-After


def test_a_long_retry_after_fails_the_poll_and_sets_the_next_poll_after_it(serve, tmp_path: Path) -> None:
    server = serve(lambda seen: (429, {"Retry-After": "7200"}, b"later"), host="127.0.0.63")
    src = source("federal-register", server.url("/api/v1/documents.json"), allow_private=True)
    with pytest.raises(HTTPStatusError) as caught:
        run(collect_with("federal-register", src))
    assert caught.value.retry_after is not None and caught.value.retry_after > 7000
    report = run(_poll_twice(src, tmp_path, times=1))[0]
    assert report.outcome.status == "error" and report.outcome.interval >= 7000
    assert "asked us to wait" in report.outcome.error


def congress_app(sample: Path, headers: dict[str, str]) -> tuple[Any, dict[str, bytes]]:
    listing = json.loads((sample / "bill.json").read_bytes())
    listing["bills"][0].update(
        number="21",
        title="FedRAMP Authorization Act",
        url="https://api.congress.gov/v3/bill/117/hr/21?format=json",
    )
    files = {
        "/v3/bill": json.dumps(listing).encode(),
        "/v3/bill/117/hr/21": (sample / "bill_117_hr_21.json").read_bytes(),
        **{
            f"/v3/bill/117/hr/21/{part}": (sample / f"bill_117_hr_21_{part}.json").read_bytes()
            for part in ("cosponsors", "committees", "summaries")
        },
    }

    def app(seen):
        path = seen.path.split("?", 1)[0]
        if f"api_key={KEY}" not in seen.path:
            return 403, JSON, b'{"error": {"code": "API_KEY_MISSING", "message": "No api_key was supplied."}}'
        if path in files:
            return 200, {**JSON, **headers}, files[path]
        return 404, JSON, b'{"error": "not found"}'

    return app, files


async def _poll_twice(src: Any, tmp_path: Path, times: int = 2, between: Any = None) -> list[Any]:
    store = open_store(tmp_path / "desk.db")
    store.sync_sources([src])

    async def no_pages(body: bytes, url: str, hint: str) -> Any:
        raise AssertionError("api articles are stored without extraction")

    reports = []
    async with Fetcher(FAST) as fetcher:
        poller = SourcePoller(store, fetcher, no_pages)
        for connector in CONNECTORS.values():
            pacer_for(connector, poller).gap = 0
        for round_ in range(times):
            if round_ and between:
                between()
            reports.append(await poller.poll(src))
    reports.append(store)
    return reports


def test_a_bill_is_stored_and_a_new_latest_action_makes_a_revision(
    serve, congress_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, files = congress_app(congress_sample, {"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "4990"})
    server = serve(app, host="127.0.0.64")
    monkeypatch.setenv("TEST_CONGRESS_KEY", KEY)
    src = source(
        "congress",
        server.url("/v3/bill"),
        params={"term": "FedRAMP", "pages": "1"},
        key_env="TEST_CONGRESS_KEY",
        allow_private=True,
    )

    def new_action() -> None:
        detail = json.loads(files["/v3/bill/117/hr/21"])
        detail["bill"]["latestAction"] = {"actionDate": "2021-02-01", "text": "Became Public Law No: 117-99."}
        files["/v3/bill/117/hr/21"] = json.dumps(detail).encode()

    first, second, store = run(_poll_twice(src, tmp_path, between=new_action))
    assert first.outcome.status == "ok" and first.outcome.error == ""
    assert "5000" in first.outcome.notes.replace(",", ""), (
        "the published limit is shown in the source's health"
    )
    assert store.health(first.outcome.source_id)[0].notes == first.outcome.notes
    assert [s.status for s in first.stored] == ["new"]
    assert [s.status for s in second.stored] == ["changed"]
    document = second.stored[0].document
    assert document.revision == 2 and "Became Public Law No: 117-99." in document.text
    assert document.url == "https://www.congress.gov/bill/117th-congress/house-bill/21"
    assert len(store.revisions(document.id)) == 2
    paths = [seen.path.split("?")[0] for seen in server.seen]
    assert paths[:5] == [
        "/v3/bill",
        "/v3/bill/117/hr/21",
        "/v3/bill/117/hr/21/cosponsors",
        "/v3/bill/117/hr/21/committees",
        "/v3/bill/117/hr/21/summaries",
    ]
    assert "fromDateTime=" in server.seen[5].path  # the second poll asks only for bills updated since


def test_the_key_never_reaches_logs_errors_or_health(
    serve,
    congress_sample: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    app, files = congress_app(congress_sample, {"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "12"})
    server = serve(app, host="127.0.0.65")
    del files["/v3/bill/117/hr/21/committees"]  # a follow-up fails with 404: noted, not fatal
    monkeypatch.setenv("TEST_CONGRESS_KEY", KEY)
    src = source(
        "congress",
        server.url("/v3/bill"),
        params={"term": "FedRAMP"},
        key_env="TEST_CONGRESS_KEY",
        allow_private=True,
    )
    report, store = run(_poll_twice(src, tmp_path, times=1))
    assert report.outcome.status == "ok" and report.stored == []
    assert "1 request(s) failed" in report.outcome.error and "***" in report.outcome.error
    assert "quota: 12 of 5,000 requests left" in report.outcome.error  # low quota shows in health
    health = store.health(src.id)[0]

    wrong = source("congress", server.url("/v3/bill"), key_env="TEST_CONGRESS_KEY", allow_private=True)
    with pytest.raises(HTTPStatusError) as caught:
        run(collect_with("congress", wrong, key=OTHER_KEY))
    seen_text = " ".join(
        [
            report.outcome.error,
            health.last_error,
            caught.value.message,
            caught.value.url,
            str(caught.value.details),
            caplog.text,
        ]
    )
    assert KEY not in seen_text and OTHER_KEY not in seen_text and "***" in caught.value.message
    assert any(KEY in seen.path for seen in server.seen)  # it was sent, only never shown


def test_a_missing_key_is_a_clear_error_that_names_the_variable(tmp_path: Path) -> None:
    src = source(
        "congress", "http://127.0.0.66:1/v3/bill", key_env="TEST_NO_SUCH_KEY_VAR", allow_private=True
    )
    report, _store = run(_poll_twice(src, tmp_path, times=1))
    assert report.outcome.status == "error"
    assert "TEST_NO_SUCH_KEY_VAR is not set" in report.outcome.error
    with pytest.raises(ConnectorError, match="needs an API key"):
        api_key(source("congress", "http://127.0.0.66:1/v3/bill"), CONNECTORS["congress"], {})


def test_quota_headers_and_the_pacer() -> None:
    assert (
        quota_from_headers({"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "4999"}).remaining == 4999
    )
    reddit = quota_from_headers(
        {"x-ratelimit-used": "4", "x-ratelimit-remaining": "96.0", "x-ratelimit-reset": "310"}
    )
    assert (reddit.limit, reddit.remaining, reddit.reset) == (100, 96, 310.0)
    assert quota_from_headers({"content-type": "text/html"}) is None
    clock = iter([10.0, 10.0, 10.1, 20.0]).__next__
    pacer = Pacer(0.72, clock=clock)
    assert [round(pacer.book(), 2) for _ in range(4)] == [0.0, 0.72, 1.34, 0.0]
    assert CONNECTORS["congress"].limit.gap == pytest.approx(0.72)
