"""Invariants of the demo storyline data: size, variety, and fictional people only."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from signaldesk.demo.storyline import FOLDER, Moment, load_storyline

# Surnames and names of real US and North Korean officials that must never appear.
DENYLIST = (
    "Biden",
    "Trump",
    "Obama",
    "Blinken",
    "Rubio",
    "Pompeo",
    "Tillerson",
    "Kerry",
    "Clinton",
    "Bolton",
    "Hegseth",
    "Sullivan",
    "Kim Jong",
    "Kim Yo",
    "Choe Son",
    "Ri Son",
    "Ri Yong",
    "Pak Pong",
    "Kim Song",
    "Jong Un",
    "Pyongyang",
    "North Korea",
    "DPRK",
)
WORD = r"[A-Z][A-Za-z'-]*[A-Za-z]"
NAME = rf"{WORD}(?: {WORD})+"
SPEAKER_PATTERNS = (
    re.compile(rf"\bsaid ({NAME})"),
    re.compile(rf"({NAME}) said\b"),
    re.compile(
        rf"\b(?:Senator|Representatives?|Ambassador|Minister|Chairman|Secretary of State|"
        rf"spokesperson|General|director|negotiator|press secretary),? ({NAME})"
    ),
)
NOT_PEOPLE = {
    "United States",
    "White House",
    "State Department",
    "Pentagon",
    "United Nations",
    "Foreign Ministry",
    "Kestria Rights Watch",
    "House Foreign Affairs Committee",
}


@pytest.fixture(scope="module")
def story():
    return load_storyline()


def all_text(story) -> str:
    parts = []
    for a in story.articles:
        parts += [a.title, *a.body, *a.authors, *(c.text for c in a.comments)]
        parts += [c.title for c in a.syndicated] + [c.lead or "" for c in a.syndicated]
        if a.update:
            parts += [a.update.note, *a.update.body, a.update.title or ""]
    return "\n".join(parts)


def test_size_and_span(story):
    assert len(story.items) >= 100
    assert len(story.articles) >= 60
    assert len(story.outlets) >= 8
    days = {i.published.day for i in story.items}
    assert days == {1, 2, 3, 4}


def test_outlet_variety(story):
    kinds = Counter(o.kind for o in story.outlets)
    assert kinds["wire"] >= 1 and kinds["daily"] >= 2 and kinds["cable"] >= 1
    assert kinds["magazine"] >= 1 and kinds["official"] >= 2 and kinds["comments"] >= 1
    assert {o.feed_format for o in story.outlets} == {"rss", "atom", "json"}
    assert len({o.skin for o in story.outlets}) >= 6
    assert any(o.listing_path for o in story.outlets)
    assert all(any(i.outlet == o.id for i in story.items) for o in story.outlets)


def test_article_shapes(story):
    kinds = Counter(a.kind for a in story.articles)
    for kind in ("wire", "news", "official", "opinion", "editorial", "analysis", "thread"):
        assert kinds[kind] >= 2, kind
    wires = [a for a in story.articles if a.syndicated]
    assert len(wires) >= 6 and all(len(a.syndicated) >= 2 for a in wires)
    for article in wires:
        assert all(c.title != article.title for c in article.syndicated)
        assert all(c.at >= article.published for c in article.syndicated)
    updated = [a for a in story.articles if a.update]
    assert any("Correction" in a.update.note for a in updated)
    assert all(a.update.at > a.published and a.update.body != a.body for a in updated)
    assert sum(len(a.comments) for a in story.articles) >= 40
    assert any(a.comments for a in story.articles if a.kind != "thread")


def test_lengths(story):
    for article in story.articles:
        words = sum(len(p.split()) for p in article.body)
        floor = 100 if article.kind == "thread" else 150
        assert floor <= words <= 400, (article.id, words)
    assert len({a.body[0] for a in story.articles}) == len(story.articles)


def test_columnists_recur(story):
    columns = Counter(a.authors[0] for a in story.articles if a.kind == "opinion")
    recurring = [name for name, n in columns.items() if n >= 2]
    assert len(recurring) >= 3
    outlets = {
        name: {a.outlet for a in story.articles if a.kind == "opinion" and name in a.authors}
        for name in recurring
    }
    assert sum(len(o) >= 2 for o in outlets.values()) >= 2


def test_every_byline_and_speaker_is_a_declared_person(story):
    people = {p.name for p in story.people}
    surnames = {p.name.split()[-1] for p in story.people}
    for article in story.articles:
        if article.kind != "thread":
            assert set(article.authors) <= people, article.id
    for article in story.articles:
        text = " ".join(article.body + (article.update.body if article.update else ()))
        for pattern in SPEAKER_PATTERNS:
            for match in pattern.finditer(text):
                name = match.group(1).removesuffix("'s")
                if any(name.endswith(place) for place in NOT_PEOPLE):
                    continue
                assert name.split()[-1] in surnames, f"{article.id}: undeclared speaker '{name}'"


def test_no_real_officials(story):
    text = all_text(story)
    for name in DENYLIST:
        assert not re.search(rf"\b{re.escape(name)}\b", text), name


def test_moments_parse_and_order():
    assert Moment.parse("d2 09:05") > Moment.parse("d1 23:59")
    assert Moment.parse("d3 00:30").offset.total_seconds() == 2 * 86400 + 1800


def test_policy_signals_move_over_the_days(story):
    frames = {f["id"]: f for f in yaml.safe_load((FOLDER / "desk.yaml").read_text())["frames"]}

    def hits(day: int, outlet_kind: str, phrases: list[str]) -> int:
        kinds = {o.id: o.kind for o in story.outlets}
        text = " ".join(
            " ".join(a.body).lower()
            for a in story.articles
            if a.published.day == day and kinds[a.outlet] in outlet_kind
        )
        return sum(text.count(p.lower()) for p in phrases)

    engage_soft = frames["engagement"]["softening"]
    pressure_hard = frames["pressure"]["hardening"] + ["sanctions"]
    news = ("wire", "daily", "cable")
    assert hits(2, news, engage_soft) > hits(3, news, engage_soft)
    assert hits(3, news, pressure_hard) > hits(2, news, pressure_hard)
    ministry = ("official",)
    assert hits(1, ministry, ["countermeasures"]) >= 1
    assert hits(2, ministry, ["ready to resume dialogue"]) >= 1
    assert hits(3, ministry, ["suspends"]) >= 1
