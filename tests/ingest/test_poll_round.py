"""A poll round over good and bad sources on loopback: the bad ones never cost the good ones anything."""

from __future__ import annotations

import gzip
from pathlib import Path

from signaldesk import open_desk

ARTICLE = """<html><head><title>{title}</title>
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{title}",
"datePublished": "2026-03-02T09:15:00-05:00", "author": {{"@type": "Person", "name": "Dana Whitlock"}}}}</script>
</head><body><nav>Home | World | Opinion</nav><article><h1>{title}</h1>
<p>{body} The envoys met for three hours on Monday and agreed to meet again within the month.</p>
<p>Officials on both sides described the talks as serious and said working groups would follow.</p>
<p>Neither side gave details about sanctions relief, which remains the central question for the talks.</p>
</article><footer>Copyright</footer></body></html>"""


def rss(base: str, items: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link><guid>{base}{path}</guid>"
        f"<pubDate>Mon, 02 Mar 2026 14:15:00 GMT</pubDate></item>"
        for path, title in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>{base}/</link>'
        f"{entries}</channel></rss>"
    ).encode()


def page(title: str, body: str = "Negotiators met in Geneva.") -> tuple[int, dict[str, str], bytes]:
    return 200, {"Content-Type": "text/html; charset=utf-8"}, ARTICLE.format(title=title, body=body).encode()


XML = {"Content-Type": "application/rss+xml"}
BOMB = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><rss version="2.0"><channel><title>&lol4;</title><item><title>&lol4;</title><link>http://x/</link></item></channel></rss>"""


def test_bad_sources_fail_alone_with_a_reason_and_good_ones_are_stored(serve, tmp_path: Path) -> None:
    good = serve({}, host="127.0.0.31")
    good.app = _routes(good.url(""))
    bad = serve(
        {
            "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
            "/malformed.xml": (200, XML, b"<?xml version='1.0'?><rss><channel><title>cut"),
            "/html.xml": (200, {"Content-Type": "text/html"}, b"<html><body><p>Not a feed</p></body></html>"),
            "/gone.xml": (410, {}, b"gone"),
            "/bomb.xml": (200, XML, BOMB),
            "/gzipbomb.xml": (200, {**XML, "Content-Encoding": "gzip"}, gzip.compress(b"\0" * 30_000_000)),
            "/private/feed.xml": (200, XML, rss("", [])),
        },
        host="127.0.0.32",
    )
    # A 429 holds back its whole host, so the busy source gets a host of its own.
    busy = serve({"/busy.xml": (429, {"Retry-After": "3600"}, b"slow down")}, host="127.0.0.33")
    sources = (
        [("good", good.url("/feed.xml"), True)]
        + [
            (name, bad.url(path), True)
            for name, path in [
                ("malformed", "/malformed.xml"),
                ("html", "/html.xml"),
                ("gone", "/gone.xml"),
                ("bomb", "/bomb.xml"),
                ("gzipbomb", "/gzipbomb.xml"),
                ("robots", "/private/feed.xml"),
                ("missing", "/nothing-here.xml"),
            ]
        ]
        + [("busy", busy.url("/busy.xml"), True), ("ssrf", good.url("/feed.xml"), False)]
    )
    desk_file = tmp_path / "desk.yaml"
    desk_file.write_text(
        "desk: {name: Round}\nfetch: {per_host_gap: 0, retries: 0, total_timeout: 10, max_bytes: 2000000}\n"
        "sources:\n"
        + "".join(
            f"  - {{id: {sid}, outlet: {sid.title()}, url: '{url}', allow_private: {str(private).lower()}}}\n"
            for sid, url, private in sources
        ),
        encoding="utf-8",
    )
    with open_desk(desk_file) as desk:
        outcomes = {o.source_id: o for o in desk.poll_once(workers=0)}
        health = {h.source_id: h for h in desk.health()}
        titles = sorted(doc.title for doc in desk.documents())

    assert outcomes["good"].status == "ok" and not outcomes["good"].failed
    assert titles == ["Envoys agree to meet again", "Ministry answers the envoy"]
    assert "1 page(s) failed" in health["good"].last_error, (
        "the 404 article is named in the good source's health"
    )
    expected = {
        "malformed": "feed",
        "html": "feed",
        "gone": "410",
        "busy": "429",
        "bomb": "entit",
        "gzipbomb": "past the cap",
        "robots": "robots.txt",
        "missing": "404",
        "ssrf": "private",
    }
    for source_id, word in expected.items():
        assert outcomes[source_id].failed, source_id
        assert health[source_id].consecutive_failures == 1, source_id
        assert word.lower() in health[source_id].last_error.lower(), (source_id, health[source_id].last_error)
    assert health["gone"].gone, "410 is gone at once"
    assert not health["missing"].gone, "404 is gone only when it keeps answering so"
    assert not health["busy"].gone
    busy_wait = (health["busy"].next_poll_at - health["busy"].last_polled).total_seconds()
    assert busy_wait >= 3600, "Retry-After is honoured by the schedule"
    assert len(bad.hits("/gone.xml")) == 1 and len(bad.hits("/private/feed.xml")) == 0


def _routes(base: str):
    from tests.ingest.conftest import routes

    items = [
        ("/a/envoys", "Envoys agree to meet again"),
        ("/a/ministry", "Ministry answers the envoy"),
        ("/a/missing", "This page is gone"),
    ]
    return routes(
        {
            "/feed.xml": (200, XML, rss(base, items)),
            "/a/envoys": page("Envoys agree to meet again"),
            "/a/ministry": page(
                "Ministry answers the envoy", "The ministry said in a statement that it welcomed talks."
            ),
        }
    )


def test_a_metadata_address_is_refused_even_for_private_sources(serve, tmp_path: Path) -> None:
    feed = serve({}, host="127.0.0.34")
    feed.app = routes_for_metadata(feed.url(""))
    desk_file = tmp_path / "desk.yaml"
    desk_file.write_text(
        "desk: {name: Metadata}\nfetch: {per_host_gap: 0, retries: 0}\nsources:\n"
        f"  - {{id: feed, outlet: Feed, url: '{feed.url('/feed.xml')}', allow_private: true}}\n"
        "  - {id: direct, outlet: Direct, url: 'http://169.254.169.254/latest/meta-data/', allow_private: true}\n",
        encoding="utf-8",
    )
    with open_desk(desk_file) as desk:
        outcomes = {o.source_id: o for o in desk.poll_once(workers=0)}
        health = {h.source_id: h for h in desk.health()}
        assert desk.count() == 1
    assert "cloud metadata address" in health["direct"].last_error
    assert outcomes["direct"].failed
    assert "cloud metadata address" in health["feed"].last_error, "the item pointing at metadata is refused"


def routes_for_metadata(base: str):
    from tests.ingest.conftest import routes

    items = [("/a/fine", "A fine article"), ("http://169.254.169.254/latest/meta-data/iam", "Credentials")]
    body = rss(base, [(p, t) for p, t in items if p.startswith("/")]).replace(
        b"</channel>",
        b"<item><title>Credentials</title><link>http://169.254.169.254/latest/meta-data/iam</link>"
        b"</item></channel>",
    )
    return routes({"/feed.xml": (200, XML, body), "/a/fine": page("A fine article")})
