"""Feed parsing speed: a large synthetic RSS 2.0 and Atom feed, parsed repeatedly.

`python -m bench feed_parse` (or `python bench/feed_parse.py`); the target on the
2-core reference machine is 20,000 items/s or more.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from signaldesk.ingest.feeds import parse_feed

ITEMS = 200
WORDS = [
    "envoy",
    "talks",
    "sanctions",
    "launch",
    "summit",
    "ministry",
    "statement",
    "allies",
    "peninsula",
    "pressure",
    "dialogue",
    "deterrence",
    "hearing",
    "committee",
    "briefing",
    "analysts",
]


def _sentence(n: int, length: int) -> str:
    return " ".join(WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(length)).capitalize()


def synthetic_rss(items: int = ITEMS) -> bytes:
    start = datetime(2026, 11, 28, 12, tzinfo=UTC)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">'
        "<channel><title>Bench World</title><link>https://bench.example/world/</link>"
        '<atom:link rel="hub" href="https://hub.example/"/><language>en-us</language>'
    ]
    for n in range(items):
        moment = (start - timedelta(minutes=7 * n)).strftime("%a, %d %b %Y %H:%M:%S -0500")
        parts.append(
            f"<item><title>{_sentence(n, 9)} &amp; more</title>"
            f"<link>https://bench.example/world/2026/11/{n:04d}/story-{n}.html</link>"
            f'<guid isPermaLink="false">bench-{n}</guid>'
            f"<description><![CDATA[<p>{_sentence(n, 40)}.</p><p>{_sentence(n + 1, 30)}.</p>]]></description>"
            f"<pubDate>{moment}</pubDate><dc:creator>Reporter {n % 13}</dc:creator>"
            f"<category>World</category><category>Asia</category></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode()


def synthetic_atom(items: int = ITEMS) -> bytes:
    start = datetime(2026, 11, 28, 12, tzinfo=UTC)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">'
        '<title>Bench Review</title><link href="https://bench.example/review/"/>'
        '<link rel="self" href="https://bench.example/review/atom.xml"/><id>tag:bench.example,2026:r</id>'
        "<updated>2026-11-28T12:00:00Z</updated>"
    ]
    for n in range(items):
        moment = (start - timedelta(minutes=11 * n)).strftime("%Y-%m-%dT%H:%M:%S+01:00")
        parts.append(
            f'<entry><title type="html">{_sentence(n, 8)} &lt;em&gt;now&lt;/em&gt;</title>'
            f'<link rel="alternate" href="https://bench.example/review/{n}"/>'
            f"<id>tag:bench.example,2026:{n}</id><published>{moment}</published><updated>{moment}</updated>"
            f'<author><name>Writer {n % 9}</name></author><category term="analysis"/>'
            f'<summary type="html">&lt;p&gt;{_sentence(n, 45)}.&lt;/p&gt;</summary></entry>'
        )
    parts.append("</feed>")
    return "".join(parts).encode()


def _rate(body: bytes, url: str, seconds: float) -> float:
    now = datetime(2026, 11, 29, tzinfo=UTC)
    count = len(parse_feed(body, url, now=now).entries)
    rounds, start = 0, time.perf_counter()
    while rounds < 3 or time.perf_counter() - start < seconds:
        parse_feed(body, url, now=now)
        rounds += 1
        if rounds >= 10_000:
            break
    return count * rounds / (time.perf_counter() - start)


def run(quick: bool = False) -> dict[str, float | int | str]:
    """Items per second for RSS and Atom, and their mean."""
    seconds = 0.3 if quick else 2.0
    rss = _rate(synthetic_rss(), "https://bench.example/world/rss.xml", seconds)
    atom = _rate(synthetic_atom(), "https://bench.example/review/atom.xml", seconds)
    return {
        "items_per_feed": ITEMS,
        "rss_items_per_s": round(rss),
        "atom_items_per_s": round(atom),
        "items_per_s": round(2 / (1 / rss + 1 / atom)),
        "target_items_per_s": 20_000,
    }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value}")
