"""Golden feeds written for the project: each parses to the JSON next to it."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from signaldesk.ingest.feeds import ParsedFeed, parse_feed

DATA = Path(__file__).resolve().parents[1] / "data" / "feeds"
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
GOLDEN = [
    ("rss2.xml", "https://ledger.example/world/rss.xml"),
    ("rss1.rdf", "https://bulletin.example/rss"),
    ("atom.xml", "https://review.example/blog/atom.xml"),
    ("feed.json", "https://capitol.example/feed.json"),
]


def as_json(feed: ParsedFeed) -> dict[str, Any]:
    """The parsed feed as plain JSON values (datetimes in ISO form, offsets kept)."""
    data = asdict(feed)
    for entry in data["entries"]:
        for key in ("published", "updated"):
            entry[key] = entry[key].isoformat() if entry[key] else None
        entry["authors"], entry["tags"] = list(entry["authors"]), list(entry["tags"])
    data["entries"] = list(data["entries"])
    return data


@pytest.mark.parametrize(("name", "url"), GOLDEN)
def test_golden_feed(name: str, url: str) -> None:
    parsed = parse_feed((DATA / name).read_bytes(), url, now=NOW)
    expected = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    assert as_json(parsed) == expected


def test_golden_keeps_offsets() -> None:
    parsed = parse_feed((DATA / "rss2.xml").read_bytes(), GOLDEN[0][1], now=NOW)
    published = parsed.entries[0].published
    assert published is not None and published.utcoffset() is not None
    assert published.utcoffset().total_seconds() == -5 * 3600  # type: ignore[union-attr]


if __name__ == "__main__":  # regenerate the expected files after a deliberate change
    for name, url in GOLDEN:
        out = as_json(parse_feed((DATA / name).read_bytes(), url, now=NOW))
        (DATA / f"{name}.json").write_text(
            json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
