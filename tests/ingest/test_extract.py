"""extract(): canonical URLs, dates with offsets, paywalls, hints and bad input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from signaldesk.errors import SignaldeskError
from signaldesk.ingest.extract import ExtractionError, extract
from signaldesk.ingest.metadata import normalise_url, parse_date
from signaldesk.types import Genre

BODY = "".join(
    f"<p>Paragraph {n} of a report on talks between the two Koreas, with enough words to count as prose.</p>"
    for n in range(8)
)


def page(head: str = "", body: str = BODY, lang: str = "en") -> str:
    return (
        f'<html lang="{lang}"><head><meta charset="utf-8"><title>Talks resume</title>{head}</head>'
        f"<body><article><h1>Talks resume</h1>{body}</article></body></html>"
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "HTTPS://News.Example.COM/a/b?utm_source=x&utm_medium=y&id=7#frag",
            "https://news.example.com/a/b?id=7",
        ),
        ("https://news.example.com/a/?fbclid=1&gclid=2", "https://news.example.com/a/"),
        ("http://News.example.com:80/x", "http://news.example.com/x"),
    ],
)
def test_normalise_url(url: str, expected: str) -> None:
    assert normalise_url(url) == expected


def test_canonical_link_wins_then_og_url_then_the_url() -> None:
    link = '<link rel="canonical" href="/world/talks?utm_campaign=z">'
    og = '<meta property="og:url" content="https://m.example.com/og-talks#x">'
    url = "https://Example.com/raw/talks?utm_source=feed"
    assert extract(page(link + og), url).canonical_url == "https://example.com/world/talks"
    assert extract(page(og), url).canonical_url == "https://m.example.com/og-talks"
    assert extract(page(), url).canonical_url == "https://example.com/raw/talks"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-04T06:15:00-05:00", datetime(2026, 3, 4, 6, 15, tzinfo=timezone(timedelta(hours=-5)))),
        (
            "2026-03-04T06:15:00+0530",
            datetime(2026, 3, 4, 6, 15, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        ),
        ("2026-03-04T11:15:00Z", datetime(2026, 3, 4, 11, 15, tzinfo=UTC)),
        ("2026-03-04 11:15:00", datetime(2026, 3, 4, 11, 15, tzinfo=UTC)),
        ("2026-03-04", datetime(2026, 3, 4, tzinfo=UTC)),
        (
            "2026-03-04T11:15:00.123456789+09:00",
            datetime(2026, 3, 4, 11, 15, 0, 123456, tzinfo=timezone(timedelta(hours=9))),
        ),
        (
            "Wed, 04 Mar 2026 11:15:00 +0900",
            datetime(2026, 3, 4, 11, 15, tzinfo=timezone(timedelta(hours=9))),
        ),
        ("yesterday", None),
        ("", None),
        ("0001-01-01T00:00:00Z", None),
    ],
)
def test_parse_date_keeps_offsets(text: str, expected: datetime | None) -> None:
    got = parse_date(text)
    assert got == expected
    if got is not None and expected is not None:
        assert got.utcoffset() == expected.utcoffset()


def test_date_sources_in_order() -> None:
    ld = '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2026-03-04T08:00:00+09:00"}</script>'
    meta = '<meta property="article:published_time" content="2026-03-03T20:00:00-05:00">'
    time_tag = '<time datetime="2026-03-02T10:00:00+01:00">2 March</time>'
    url = "https://example.com/talks"
    assert extract(page(ld + meta), url).published == parse_date("2026-03-04T08:00:00+09:00")
    assert extract(page(meta), url).published == parse_date("2026-03-03T20:00:00-05:00")
    with_time = extract(page(body=time_tag + BODY), url).published
    assert with_time is not None and with_time.utcoffset() == timedelta(hours=1)


def test_paywall_marker_with_short_body_is_a_teaser() -> None:
    body = (
        "<p>The envoy arrived in the capital on Monday for a round of talks that officials called decisive.</p>"
        '<div class="paywall"><p>Subscribe to continue reading.</p></div>'
    )
    article = extract(page(body=body), "https://example.com/talks")
    assert article.is_paywalled
    assert "Subscribe" not in article.text
    assert "The envoy arrived" in article.text


def test_long_free_article_is_not_flagged() -> None:
    ld = '<script type="application/ld+json">{"@type":"NewsArticle","isAccessibleForFree":true}</script>'
    assert not extract(page(ld), "https://example.com/talks").is_paywalled


def test_default_genre_is_only_a_hint() -> None:
    url = "https://example.com/2026/03/talks"
    assert extract(page(), url, default_genre="official").genre == Genre.OFFICIAL
    assert extract(page(), "https://example.com/opinion/talks", default_genre="news").genre == Genre.OPINION
    assert extract(page(), url).genre == Genre.UNKNOWN


def test_language_from_html_lang() -> None:
    assert extract(page(lang="ko-KR"), "https://example.com/x").language == "ko"


def test_str_and_bytes_give_the_same_article() -> None:
    html = page()
    assert extract(html, "https://example.com/x") == extract(html.encode("utf-8"), "https://example.com/x")


@pytest.mark.parametrize("bad", [b"", "", b"   "])
def test_empty_input_is_a_clear_error(bad: bytes | str) -> None:
    with pytest.raises(ExtractionError, match="empty or is not HTML") as caught:
        extract(bad, "https://example.com/x")
    assert isinstance(caught.value, SignaldeskError)


def test_a_body_split_between_ads_is_found_whole() -> None:
    chunk = (
        '<div class="grid"><div class="body body__container article__body">{}</div>'
        '<aside class="ad">Advertisement</aside></div>'
    )
    parts = [
        "".join(
            f"<p>Part {part}, paragraph {n}: negotiators met again in the truce village today.</p>"
            for n in range(4)
        )
        for part in ("one", "two", "three")
    ]
    html = (
        '<html><body><article class="article main-content"><h1>Talks</h1><div class="article__chunks">'
        + "".join(chunk.format(p) for p in parts)
        + "</div></article></body></html>"
    )
    text = extract(html, "https://example.com/talks").text
    for part in ("one", "two", "three"):
        assert f"Part {part}, paragraph 3" in text
