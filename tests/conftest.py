"""Fixtures shared by every test folder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"

MINIMAL_DESK = """\
desk:
  name: Test desk
  timezone: America/New_York
sources:
  - id: wire
    outlet: Test Wire
    url: http://127.0.0.1:9/feed.xml
    allow_private: true
"""


def eval_path(*parts: str) -> Path:
    """A folder of ../shared/eval; fails (not skips) with a clear message when it is missing."""
    path = EVAL.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"evaluation data missing: {path} (the tests expect ../shared/eval beside the checkout)")
    return path


@pytest.fixture
def desk_file(tmp_path: Path) -> Path:
    path = tmp_path / "desk.yaml"
    path.write_text(MINIMAL_DESK, encoding="utf-8")
    return path


EST = timezone(timedelta(hours=-5))


def moment(day: int = 2, hour: int = 9, minute: int = 0, tz: timezone = EST) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=tz)


def utcnow() -> datetime:
    return datetime.now(UTC)
