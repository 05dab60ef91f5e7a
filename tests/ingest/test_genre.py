"""Genre from JSON-LD types, URL paths, section names and the source's hint."""

from __future__ import annotations

import pytest

from signaldesk.ingest.genre import classify_genre, genre_hint, section_from_url
from signaldesk.types import Genre


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        (("NewsArticle",), Genre.NEWS),
        (("ReportageNewsArticle",), Genre.NEWS),
        (("OpinionNewsArticle",), Genre.OPINION),
        (("NewsArticle", "OpinionNewsArticle"), Genre.OPINION),
        (("AnalysisNewsArticle",), Genre.ANALYSIS),
        (("BackgroundNewsArticle",), Genre.ANALYSIS),
        (("Review",), Genre.OPINION),
        (("DiscussionForumPosting",), Genre.COMMENT),
    ],
)
def test_json_ld_types(types: tuple[str, ...], expected: Genre) -> None:
    assert classify_genre(types, "https://paper.example/2026/03/04/story") == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/opinion/2026/03/04/talks", Genre.OPINION),
        ("/news/op-ed/why-talks-fail", Genre.OPINION),
        ("/opinions/talks", Genre.OPINION),
        ("/editorial/talks", Genre.OPINION),
        ("/editorials/talks", Genre.OPINION),
        ("/columnists/jane-doe/talks", Genre.OPINION),
        ("/commentary/talks", Genre.OPINION),
        ("/letters/talks", Genre.OPINION),
        ("/analysis/talks", Genre.ANALYSIS),
        ("/briefings/statement-on-launch", Genre.OFFICIAL),
        ("/briefings-statements/launch", Genre.OFFICIAL),
        ("/briefing-room/statements-releases/2026/03/04/x", Genre.OFFICIAL),
        ("/statements-releases/2026/03/statement", Genre.OFFICIAL),
        ("/press-releases/statement", Genre.OFFICIAL),
        ("/world/asia/talks", Genre.UNKNOWN),
        ("/opinionated-people-say", Genre.UNKNOWN),
    ],
)
def test_url_paths(path: str, expected: Genre) -> None:
    assert classify_genre((), "https://paper.example" + path) == expected


def test_specific_type_beats_url_and_url_beats_generic_type() -> None:
    assert classify_genre(("AnalysisNewsArticle",), "https://p.example/opinion/x") == Genre.ANALYSIS
    assert classify_genre(("NewsArticle",), "https://p.example/opinion/x") == Genre.OPINION


def test_section_names() -> None:
    assert classify_genre((), "https://p.example/2026/x", section="Opinion") == Genre.OPINION
    assert classify_genre((), "https://p.example/2026/x", section="News Analysis") == Genre.ANALYSIS
    assert classify_genre(("NewsArticle",), "https://p.example/x", section="Letters") == Genre.OPINION


def test_hint_is_the_last_resort() -> None:
    assert classify_genre((), "https://p.example/2026/x", default_genre="official") == Genre.OFFICIAL
    assert classify_genre(("NewsArticle",), "https://p.example/x", default_genre="opinion") == Genre.NEWS
    assert classify_genre((), "https://p.example/x") == Genre.UNKNOWN


def test_hints_follow_the_desk_file_words() -> None:
    assert genre_hint("comments") == Genre.COMMENT
    assert genre_hint("News") == Genre.NEWS
    assert genre_hint("gossip") == Genre.UNKNOWN
    assert genre_hint(None) == Genre.UNKNOWN


def test_section_from_url() -> None:
    assert section_from_url("https://p.example/world/asia/2026/03/story") == "world"
    assert section_from_url("https://p.example/2026/03/story/") == ""
    assert section_from_url("https://p.example/story") == ""
