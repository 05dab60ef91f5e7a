"""A shift brief over a synthetic shift of 5,000 documents, rendered in every format.

The corpus is made here and written into a SQLite store (not timed): documents from 12
outlets over a 10-hour shift (news, opinion, official and comment threads), each with
mentions, 1-2 quotes of desk actors, 1-3 frames, 1-2 signals and a tone, grouped in 300
stories; readers' comments on a tenth of them; and 1,000 documents in the shift before.
Timed: building the brief (reading the store, every section, the playbook, checking the
citations) and rendering it as Markdown, HTML, JSON and PDF. The goal: all of it under 10 s.
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from signaldesk.briefs.builder import build
from signaldesk.briefs.render import render
from signaldesk.briefs.window import Window
from signaldesk.config import parse_desk
from signaldesk.store import open_store
from signaldesk.types import Analysis, Article, Comment, FrameHit, Genre, Mention, Quote, Signal

START = datetime(2026, 1, 5, 12, tzinfo=UTC)
FRAMES = ["engagement", "pressure", "human-rights", "deterrence", "humanitarian"]
ACTORS = ["white-house", "state-department", "treasury", "congress", "foreign-ministry", "envoy"]
WORDS = [
    "officials",
    "said",
    "the",
    "talks",
    "could",
    "resume",
    "after",
    "weeks",
    "of",
    "pressure",
    "while",
    "allies",
    "weighed",
    "new",
    "sanctions",
    "and",
    "aid",
    "groups",
    "warned",
    "of",
    "shortages",
    "as",
    "the",
    "envoy",
    "met",
    "counterparts",
    "in",
    "the",
    "capital",
    "on",
    "Tuesday",
]
GENRES = [Genre.NEWS] * 7 + [Genre.OPINION, Genre.OFFICIAL, Genre.COMMENT]


def _desk() -> str:
    actors = "\n".join(
        f"  - {{id: {a}, name: {a.replace('-', ' ').title()}, kind: institution}}" for a in ACTORS[:-1]
    )
    frames = "\n".join(f"  - {{id: {f}, name: {f.title()}}}" for f in FRAMES)
    return f"""desk: {{name: Bench desk, timezone: America/New_York, store: ':memory:'}}
shifts:
  - {{name: day, start: "07:00", end: "17:00"}}
actors:
{actors}
  - {{id: envoy, name: Special Envoy, affiliation: state-department}}
frames:
{frames}
playbook:
  - {{id: soft, when: "shift actor:state-department frame:engagement direction:softening", consideration: "x"}}
  - {{id: sanctions, when: "quote actor:treasury frame:pressure", consideration: "x"}}
  - {{id: burst, when: "burst actor:congress", consideration: "x"}}
  - {{id: wide, when: "story outlets:5", consideration: "x"}}
"""


def _text(rng: random.Random, sentences: int) -> str:
    return " ".join(
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 20))).capitalize() + "."
        for _ in range(sentences)
    )


def _analysis(rng: random.Random, text: str, genre: Genre) -> Analysis:
    quotes, signals, frames = [], [], []
    for n in range(rng.randint(1, 2)):
        actor = rng.choice(ACTORS)
        start = 40 * n
        quotes.append(
            Quote(text[start : start + 30], start, start + 30, "direct", actor, None, None, actor, "said")
        )
        frame = rng.choice(FRAMES)
        direction = rng.choice(["softening", "hardening", "neutral"])
        signals.append(Signal(actor, frame, direction, round(rng.random(), 2), start, start + 30, "talks"))
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(0, max(1, len(text) - 10))
        direction = rng.choice(["softening", "hardening", "neutral"])
        frames.append(FrameHit(rng.choice(FRAMES), at, at + 5, direction, "talks"))
    mentions = tuple(Mention(a, 0, 5, "institution", a) for a in {q.actor_id for q in quotes if q.actor_id})
    return Analysis(
        "en", genre, rng.uniform(-1, 1), mentions, tuple(quotes), (), tuple(frames), tuple(signals)
    )


def _corpus(store: Any, rng: random.Random, count: int, start: datetime, span: timedelta) -> None:
    stories = max(1, count // 17)
    for n in range(count):
        genre = rng.choice(GENRES)
        moment = start + span * (n / count)
        text = _text(rng, 8)
        comments = (
            tuple(
                Comment(_text(rng, 1), f"reader{c}", moment, f"c{n}-{c}") for c in range(rng.randint(5, 30))
            )
            if n % 10 == 0
            else ()
        )
        article = Article(
            url=f"https://bench.example/{start:%H}/{n}",
            canonical_url=f"https://bench.example/{start:%H}/{n}",
            title=f"{_text(rng, 1)[:70]} {n}",
            text=text,
            authors=(f"Writer {n % 20}",) if genre == Genre.OPINION else (),
            published=moment,
            genre=genre,
            comments=comments,
        )
        stored = store.upsert_article(article, outlet=f"Outlet {n % 12}", source_id=None, seen_at=moment)
        document_id = stored.document.id
        store.save_analysis(document_id, _analysis(rng, text, genre))
        story = 1 + rng.randrange(stories) + (0 if start >= START else 10_000)
        store.place_in_story(document_id, story, duplicate_of=None, moment=moment, language="en")


def run(quick: bool = False) -> dict[str, Any]:
    rng = random.Random(11)
    documents = 1_000 if quick else 5_000
    config = parse_desk(_desk())
    window = Window(START, START + timedelta(hours=10), "day shift")
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(str(Path(folder) / "bench.db"))
        made = time.perf_counter()
        _corpus(store, rng, documents, window.start, window.length)
        _corpus(store, rng, documents // 5, window.start - window.length, window.length)
        result: dict[str, Any] = {"documents": documents, "setup_s": round(time.perf_counter() - made, 2)}
        began, cpu = time.perf_counter(), time.process_time()
        brief = build(config, store, window)
        result["build_s"] = round(time.perf_counter() - began, 3)
        sizes = {}
        for fmt in ("md", "html", "json", "pdf"):
            t0 = time.perf_counter()
            sizes[fmt] = len(render(brief, fmt))
            result[f"render_{fmt}_s"] = round(time.perf_counter() - t0, 3)
        result["total_s"] = round(time.perf_counter() - began, 3)
        result["total_cpu_s"] = round(time.process_time() - cpu, 3)
        result["under_10_s"] = result["total_s"] < 10
        result["citations"] = len(brief.citations)
        result["fired"] = len(brief.fired)
        result["problems"] = len(brief.problems)
        result["pdf_bytes"] = sizes["pdf"]
        store.close()
    return result


if __name__ == "__main__":
    print(run())
