"""Golden pages: small pages written for signaldesk and what extraction must make of them."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from signaldesk.ingest.extract import extract
from signaldesk.types import Article

PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"
NAMES = sorted(p.stem for p in PAGES.glob("*.html"))


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _fields(article: Article, wanted: dict[str, object]) -> dict[str, object]:
    got: dict[str, object] = {}
    for name in wanted:
        value = getattr(article, name)
        if isinstance(value, datetime) or (value is None and name in ("published", "modified")):
            value = _iso(value)
        elif isinstance(value, tuple):
            value = list(value)
        elif hasattr(value, "value"):
            value = value.value
        got[name] = value
    return got


def test_every_page_has_its_golden_file() -> None:
    assert len(NAMES) >= 6
    for name in NAMES:
        assert (PAGES / f"{name}.json").is_file(), f"{name}.html has no {name}.json"


@pytest.mark.parametrize("name", NAMES)
def test_page_matches_golden(name: str) -> None:
    spec = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))
    article = extract((PAGES / f"{name}.html").read_bytes(), spec["url"])
    assert _fields(article, spec["expected"]) == spec["expected"]
    assert article.text.startswith(spec["text_starts"])
    for phrase in spec["text_includes"]:
        assert phrase in article.text
    for phrase in spec["text_excludes"]:
        assert phrase not in article.text
    comments = [
        {
            "text": c.text,
            "author": c.author,
            "published": _iso(c.published),
            "platform_id": c.platform_id,
            "parent_id": c.parent_id,
        }
        for c in article.comments
    ]
    assert comments == spec["comments"]


def test_offsets_are_kept_not_converted() -> None:
    spec = json.loads((PAGES / "opinion_column.json").read_text(encoding="utf-8"))
    article = extract((PAGES / "opinion_column.html").read_bytes(), spec["url"])
    assert article.published is not None
    assert article.published.utcoffset() is not None
    assert article.published.utcoffset().total_seconds() == 9 * 3600
    assert article.published.hour == 18
