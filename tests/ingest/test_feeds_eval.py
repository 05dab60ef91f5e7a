"""Every real captured feed in ../shared/eval/feeds parses, with sane items.

The rss-parser captures come with rss-parser's own parses (a regression reference,
not gold); agreement with them on links, titles and dates is pinned below measured
values. The Congress.gov folder holds API responses, not feeds, and is left out.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from signaldesk.ingest.feeds import FeedError, ParsedFeed, parse_feed
from signaldesk.ingest.sanitize import plain_text

EVAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval" / "feeds"
RSS_PARSER = EVAL / "rss-parser" / "test"
SKIPPED_FOLDERS = {"congress-gov-api"}  # API JSON, not feeds
NOT_FEEDS = {"unrecognized.rss"}  # an HTML "Document Moved" page: must raise FeedError
NOW = datetime(2026, 11, 29, tzinfo=UTC)
FLOORS = {"links": 0.995, "titles": 0.995, "dates": 0.995}  # measured: 1228/1228, 1206/1206, 1211/1211


def _feeds() -> list[Path]:
    if not EVAL.is_dir():
        pytest.fail(f"evaluation data not found at {EVAL}; the tests need ../shared/eval next to the project")
    found = [p for p in sorted((RSS_PARSER / "input").iterdir())]
    found += sorted((EVAL / "trafilatura-resources").glob("feed*"))
    assert not any(part in SKIPPED_FOLDERS for p in found for part in p.parts)
    return found


def _parse(path: Path) -> ParsedFeed:
    return parse_feed(path.read_bytes(), f"https://feeds.example/{path.name}", now=NOW)


def test_every_captured_feed_parses_with_sane_items() -> None:
    items = 0
    for path in _feeds():
        if path.name in NOT_FEEDS:
            with pytest.raises(FeedError):
                _parse(path)
            continue
        feed = _parse(path)
        for entry in feed.entries:
            assert entry.url.startswith(("http://", "https://")), (path.name, entry.url)
            assert isinstance(entry.title, str)  # empty when the feed gives none
            for moment in (entry.published, entry.updated):
                if moment is not None:
                    assert moment.tzinfo is not None
                    assert datetime(1990, 1, 1, tzinfo=UTC) <= moment <= NOW + timedelta(days=1)
            items += 1
    assert items > 1300


def _expected(path: Path) -> list[dict[str, Any]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return list(json.loads(text)["feed"]["items"])


def agreement() -> dict[str, tuple[int, int]]:
    """(agreeing, compared) per field against rss-parser's parses."""
    counts = {"links": [0, 0], "titles": [0, 0], "dates": [0, 0]}
    for path in _feeds():
        expected_path = RSS_PARSER / "output" / f"{path.stem}.json"
        if not expected_path.exists() or path.name in NOT_FEEDS:
            continue
        feed = _parse(path)
        ours = {entry.url: entry for entry in feed.entries}
        for item in _expected(expected_path):
            link = (item.get("link") or "").strip()
            if not link.startswith("http"):
                continue
            counts["links"][1] += 1
            entry = ours.get(link)
            if entry is None:
                continue
            counts["links"][0] += 1
            title = item.get("title") or ""
            if "\ufffd" not in title:  # the reference lost the text to a wrong charset; ours has it
                counts["titles"][1] += 1
                counts["titles"][0] += entry.title == plain_text(title)
            if item.get("isoDate"):
                theirs = datetime.fromisoformat(item["isoDate"].replace("Z", "+00:00"))
                counts["dates"][1] += 1
                counts["dates"][0] += theirs in (entry.published, entry.updated)
    return {key: (value[0], value[1]) for key, value in counts.items()}


def test_agreement_with_rss_parser() -> None:
    measured = agreement()
    for field, (agree, total) in measured.items():
        assert total > 0
        assert agree / total >= FLOORS[field], (field, agree, total)


if __name__ == "__main__":
    for field, (agree, total) in agreement().items():
        print(f"{field}: {agree}/{total} = {agree / total:.3f}")
