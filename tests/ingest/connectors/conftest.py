"""Helpers for connector tests: sources, pages from fixture files, the shared Congress.gov recordings."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from signaldesk.config import Source
from signaldesk.types import Page

from ..conftest import serve  # noqa: F401  (the loopback server fixture)

DATA = Path(__file__).resolve().parents[2] / "data" / "connectors"
CONGRESS = Path(__file__).resolve().parents[3] / ".." / "shared" / "eval" / "feeds" / "congress-gov-api"


def source(connector: str, url: str, **extra: Any) -> Source:
    return Source(id=f"t-{connector}", outlet=connector, url=url, kind="api", connector=connector, **extra)


def page(body: bytes, url: str = "https://api.test/", headers: dict[str, str] | None = None) -> Page:
    return Page(
        url=url,
        final_url=url,
        status=200,
        headers=headers or {"content-type": "application/json"},
        body=body,
        fetched_at=datetime(2031, 3, 5, tzinfo=UTC),
    )


def fixture(name: str) -> bytes:
    return (DATA / name).read_bytes()


@pytest.fixture
def congress_sample() -> Path:
    folder = CONGRESS / "sample_output"
    if not folder.is_dir():
        pytest.fail(f"the recorded Congress.gov responses are missing: expected them in {folder.resolve()}")
    return folder
