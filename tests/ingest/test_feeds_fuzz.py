"""parse_feed on arbitrary and mutated bodies: it returns or raises FeedError, nothing else."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signaldesk.ingest.feeds import FeedError, parse_feed

DATA = Path(__file__).resolve().parents[1] / "data" / "feeds"
SEEDS = [(DATA / name).read_bytes() for name in ("rss2.xml", "rss1.rdf", "atom.xml", "feed.json")]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parse_or_feed_error(body: bytes) -> None:
    try:
        feed = parse_feed(body, "https://fuzz.example/feed")
    except FeedError as error:
        assert error.message
        return
    for entry in feed.entries:
        assert entry.url.startswith(("http://", "https://"))


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(body: bytes) -> None:
    _parse_or_feed_error(body)


@FUZZ
@given(
    st.sampled_from(SEEDS),
    st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 40), st.binary(max_size=12)), max_size=6),
)
def test_mutated_feeds(seed: bytes, edits: list[tuple[int, int, bytes]]) -> None:
    body = seed
    for position, length, insert in edits:
        position %= len(body) + 1
        body = body[:position] + insert + body[position + length :]
    _parse_or_feed_error(body)


@FUZZ
@given(st.sampled_from(SEEDS), st.integers(1, 4000))
def test_truncated_feeds(seed: bytes, keep: int) -> None:
    _parse_or_feed_error(seed[:keep])


@FUZZ
@given(st.text(max_size=300))
def test_arbitrary_text_in_a_title(title: str) -> None:
    body = (DATA / "rss2.xml").read_bytes().replace(b"Missile test draws condemnation", title.encode())
    _parse_or_feed_error(body)
