"""The story view helpers: central headline and extractive summary."""

from __future__ import annotations

from signaldesk.stories.views import central_headline, summary

HEADLINES = [
    "Kestria detains two fishing crews in the disputed strait",
    "Fishing crews detained in strait as hotline talks stall",
    "Kestrian guards detain fishing crews near the strait",
    "Markets close higher",
]
TEXTS = [
    "Border guards detained two fishing crews in the disputed strait on Tuesday. The ministry said "
    "the crews would be questioned. Markets were calm.",
    "Two fishing crews were detained by border guards in the strait, officials said. Families asked "
    "for consular visits. The weather was mild.",
    "Officials confirmed that border guards detained the fishing crews in the strait. Hotline talks "
    "stalled a day earlier.",
]


def test_central_headline_is_the_one_nearest_the_others() -> None:
    assert central_headline(HEADLINES) in HEADLINES[:3]
    assert central_headline(HEADLINES) != HEADLINES[3]
    assert central_headline([]) == ""
    assert central_headline(["", "  "]) == ""
    assert central_headline(["Only one"]) == "Only one"


def test_summary_picks_central_sentences_without_repeats() -> None:
    picked = summary(TEXTS, sentences=3)
    assert 2 <= len(picked) <= 3
    assert any("detained" in s for s in picked)
    assert not any("weather" in s or "Markets" in s for s in picked)
    assert len(set(picked)) == len(picked)


def test_summary_of_nothing_or_junk_is_empty_or_short() -> None:
    assert summary([]) == []
    assert summary(["", "\x00\x01"]) == []
    assert len(summary(["word " * 1_000_000, "«unbalanced " * 1000])) <= 4
