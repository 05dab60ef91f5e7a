"""Bad, hostile and mislabelled feed bodies: each gives readable text or a clear FeedError."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from signaldesk.errors import SignaldeskError
from signaldesk.ingest.feeds import FeedError, parse_feed

DATA = Path(__file__).resolve().parents[1] / "data" / "feeds"
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
URL = "https://news.example/rss.xml"


def rss(items: str, *, declaration: str = '<?xml version="1.0" encoding="UTF-8"?>') -> str:
    return f'{declaration}\n<rss version="2.0"><channel><title>T</title>{items}</channel></rss>'


def item(title: str, link: str = "https://news.example/a", extra: str = "") -> str:
    return f"<item><title>{title}</title><link>{link}</link>{extra}</item>"


def test_feed_error_is_a_signaldesk_error_with_code_and_url() -> None:
    with pytest.raises(FeedError) as caught:
        parse_feed(b"", URL)
    assert isinstance(caught.value, SignaldeskError)
    assert caught.value.code == "feed_invalid"
    assert caught.value.url == URL
    assert "empty" in caught.value.message


def test_html_page_is_refused_with_a_hint() -> None:
    page = b"<!DOCTYPE html><html><head><title>News</title></head><body><p>Hi</p></body></html>"
    with pytest.raises(FeedError, match="HTML page"):
        parse_feed(page, URL)


def test_other_xml_is_not_a_feed() -> None:
    with pytest.raises(FeedError, match="root element is <svg>"):
        parse_feed(b'<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>', URL)


def test_malformed_xml_with_no_items_is_refused() -> None:
    with pytest.raises(FeedError, match="not well-formed"):
        parse_feed(b'<rss version="2.0"><channel><title>broken</titl', URL)


def test_truncated_feed_keeps_the_complete_items_and_drops_the_cut_one() -> None:
    body = rss(item("One", "https://news.example/1") + item("Two", "https://news.example/2"))
    cut = body[: body.index("https://news.example/2") + len("https://news.ex")].encode()
    parsed = parse_feed(cut, URL, now=NOW)
    assert parsed.recovered
    assert [e.url for e in parsed.entries] == ["https://news.example/1"]
    assert parsed.skipped == {"truncated": 1}


def test_billion_laughs_is_refused_fast() -> None:
    lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    body = f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">{lol}]>' + rss(item("&lol9;"))
    start = time.monotonic()
    with pytest.raises(FeedError, match="declares XML entities"):
        parse_feed(body.encode(), URL)
    assert time.monotonic() - start < 5


def test_external_entity_is_refused_and_never_read() -> None:
    body = '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + rss(
        item("&xxe;")
    )
    with pytest.raises(FeedError, match="declares XML entities"):
        parse_feed(body.encode(), URL)


def test_public_dtd_without_entities_is_read_and_never_fetched() -> None:
    doctype = (
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        '"http://127.0.0.1:9/rss-0.91.dtd">'
    )
    body = '<?xml version="1.0"?>' + doctype + rss(item("Caf&eacute;&nbsp;talk"), declaration="")
    parsed = parse_feed(body.encode(), URL)
    assert parsed.entries[0].title == "Café talk"  # the no-break space collapses like any space


def test_declared_utf8_but_bytes_are_cp1252() -> None:
    body = rss(item("Café crème – “Pyongyang”")).encode("cp1252")
    assert parse_feed(body, URL).entries[0].title == "Café crème – “Pyongyang”"


def test_http_says_latin1_but_body_is_utf8() -> None:
    body = rss(item("Séoul et Pyongyang")).encode("utf-8")
    assert parse_feed(body, URL, charset="iso-8859-1").entries[0].title == "Séoul et Pyongyang"


def test_latin1_declared_and_true() -> None:
    body = rss(item("Notícias"), declaration='<?xml version="1.0" encoding="ISO-8859-1"?>')
    assert parse_feed(body.encode("latin-1"), URL).entries[0].title == "Notícias"


def test_utf16_with_bom() -> None:
    body = rss(item("한반도 news"), declaration='<?xml version="1.0" encoding="UTF-16"?>')
    assert parse_feed(body.encode("utf-16"), URL).entries[0].title == "한반도 news"


def test_double_encoded_text_is_repaired() -> None:
    body = rss(item("CafÃ© â€œtalksâ€\x9d")).encode("utf-8")
    assert parse_feed(body, URL).entries[0].title == "Café “talks”"


def test_leading_whitespace_before_declaration() -> None:
    assert parse_feed(b"\n\n  " + rss(item("x")).encode(), URL).entries[0].title == "x"


def test_links_resolved_and_unusable_ones_dropped() -> None:
    items = item("rel", "/world/a.html") + item("js", "javascript:alert(1)") + item("mail", "mailto:x@y.z")
    parsed = parse_feed(rss(items).encode(), "https://news.example/feeds/rss.xml")
    assert [e.url for e in parsed.entries] == ["https://news.example/world/a.html"]
    assert parsed.skipped == {"no_url": 2}


def test_guid_url_stands_in_for_a_missing_link() -> None:
    body = rss("<item><title>g</title><guid>https://news.example/g</guid></item>").encode()
    assert parse_feed(body, URL).entries[0].url == "https://news.example/g"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Sat, 28 Nov 2026 09:15:00 +0900", "2026-11-28T09:15:00+09:00"),  # the offset is kept
        ("2026-11-28T09:15:00", "2026-11-28T09:15:00+00:00"),  # no zone: UTC
        ("Mon, 30 Nov 2026 06:00:00 GMT", "2026-11-30T06:00:00+00:00"),  # within a day: kept
        ("Wed, 02 Dec 2026 06:00:00 GMT", None),  # beyond a day: dropped
        ("Thu, 01 Jan 1970 00:00:00 GMT", None),  # before 1990: dropped
        ("yesterday-ish", None),
    ],
)
def test_dates(written: str, expected: str | None) -> None:
    body = rss(item("d", extra=f"<pubDate>{written}</pubDate>")).encode()
    published = parse_feed(body, URL, now=NOW).entries[0].published
    assert (published.isoformat() if published else None) == expected


def test_json_that_is_not_a_feed() -> None:
    with pytest.raises(FeedError, match="not a JSON Feed"):
        parse_feed(b'{"bills": []}', URL)
    with pytest.raises(FeedError, match="not valid JSON"):
        parse_feed(b'{"version": "https://jsonfeed.org/version/1", ', URL)


def test_script_in_summary_is_gone() -> None:
    body = (DATA / "rss2.xml").read_bytes()
    parsed = parse_feed(body, URL, now=NOW)
    assert all("alert" not in e.summary and "<" not in e.summary for e in parsed.entries)


def test_entities_behind_padding_or_in_utf16_are_refused() -> None:
    padded = (
        '<?xml version="1.0"?><!--' + " " * 10_000 + '--><!DOCTYPE rss [<!ENTITY a "b">]>' + rss(item("&a;"))
    )
    with pytest.raises(FeedError, match="declares XML entities"):
        parse_feed(padded.encode(), URL)
    wide = '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + rss(item("&xxe;"), declaration="")
    with pytest.raises(FeedError, match="declares XML entities"):
        parse_feed(wide.encode("utf-16"), URL)
