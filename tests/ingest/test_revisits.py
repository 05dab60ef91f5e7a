"""Pages with reader comments are fetched again on a schedule; analysis follows storing.

Loopback servers, the real fetcher, extraction and store. Time passing between visits is
set up by moving a page's `last_seen` back in the store, as if it had been fetched earlier.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from signaldesk import open_desk
from signaldesk.ingest.schedule import revisit_due
from signaldesk.runtime.monitor import ANALYSED_MARK
from signaldesk.types import Article
from tests.ingest.test_poll_round import XML, rss

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)

PAGE = """<html><head><title>Talks resume in Geneva</title>
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Talks resume in Geneva",
"datePublished": "{published}", "author": {{"@type": "Person", "name": "Dana Whitlock"}}}}</script>
</head><body><article><h1>Talks resume in Geneva</h1>
<p>The envoys met for three hours on Monday and agreed to meet again within the month.</p>
<p>Officials on both sides described the talks as serious and said working groups would follow.</p>
<p>Neither side gave details about sanctions relief, which remains the central question.</p>{extra}
</article><section class="comments" id="comments"><ol>{comments}</ol></section></body></html>"""

READERS = [
    ("reader_one", "Talks are better than missiles, whatever one thinks of the sanctions."),
    ("reader_two", "Three hours of talks and nothing said about sanctions relief. Typical."),
    ("reader_three", "Working groups are where these things go to die, sadly."),
    ("reader_four", "Give the envoys a chance; the last round did bring the detainees home."),
]


def _page(published: datetime, readers: int, extra: str = "") -> bytes:
    comments = "".join(
        f'<li class="comment" id="comment-{n}"><span class="comment-author">{who}</span>'
        f'<div class="comment-text"><p>{text}</p></div></li>'
        for n, (who, text) in enumerate(READERS[:readers], start=1)
    )
    return PAGE.format(published=published.isoformat(), comments=comments, extra=extra).encode()


def test_revisit_steps_count_from_publication() -> None:
    seen = T0 + 5 * MINUTE
    assert revisit_due(T0, seen, seen, T0 + 14 * MINUTE) is None
    assert revisit_due(T0, seen, seen, T0 + 16 * MINUTE) == T0 + 15 * MINUTE
    assert revisit_due(T0, seen, T0 + 16 * MINUTE, T0 + 50 * MINUTE) is None, "done by the last fetch"
    assert revisit_due(T0, seen, T0 + 16 * MINUTE, T0 + 7 * 60 * MINUTE) == T0 + 6 * 60 * MINUTE
    assert revisit_due(T0, seen, T0 + 25 * 60 * MINUTE, T0 + 48 * 60 * MINUTE) is None, "the last step"
    late = T0 + 3 * 60 * MINUTE  # found three hours after publication: next at +6 h
    assert revisit_due(T0, late, late, T0 + 5 * 60 * MINUTE) is None
    assert revisit_due(None, late, late, late + 16 * MINUTE) == late + 15 * MINUTE, (
        "undated: from first sight"
    )


def _desk_file(folder: Path, feed_url: str) -> Path:
    desk_file = folder / "desk.yaml"
    desk_file.write_text(
        "desk: {name: Revisits}\nfetch: {per_host_gap: 0, retries: 0}\n"
        f"sources:\n  - {{id: wire, outlet: Wire, url: '{feed_url}', allow_private: true}}\n",
        encoding="utf-8",
    )
    return desk_file


def _fetched_earlier(folder: Path, minutes: float) -> None:
    """Move every page's last fetch back, as if time had passed since."""
    moment = (datetime.now(UTC) - timedelta(minutes=minutes)).isoformat(timespec="microseconds")
    with sqlite3.connect(folder / "signaldesk.db") as db:
        db.execute("UPDATE documents SET last_seen = ?", (moment,))


def test_a_page_gains_comments_between_visits_and_the_revisit_stores_them_once(serve, tmp_path: Path) -> None:
    published = datetime.now(UTC) - 70 * MINUTE
    site = serve({}, host="127.0.0.41")
    pages = {"now": _page(published, 2)}
    site.app = _routes(site.url(""), pages)
    desk_file = _desk_file(tmp_path, site.url("/feed.xml"))
    with open_desk(desk_file) as desk:
        desk.poll_once(workers=0)
        (doc,) = desk.documents()
        first = desk.store.comments_in([doc.id])
        desk.poll_once(workers=0)
    assert len(first) == 2 and all(c.language for c in first)
    assert len(site.hits("/a/talks")) == 1, "the +15 min and +1 h steps were done by the first fetch"

    # Two readers more, and a correction in the text; the feed does not list the page again.
    pages["now"] = _page(published, 4, extra="<p>Correction: the talks lasted four hours, not three.</p>")
    _fetched_earlier(tmp_path, 50)  # last fetched at +20 min, so the +1 h step is due
    with open_desk(desk_file) as desk:  # a new run: the schedule lives in the store
        desk.poll_once(workers=0)
        after = desk.store.comments_in([doc.id])
        revisions = desk.store.revisions(doc.id)
        desk.poll_once(workers=0)
    assert len(site.hits("/a/talks")) == 2, "one revisit, and none again before the +6 h step"
    assert sorted(c.author for c in after) == sorted(who for who, _ in READERS)
    assert len({c.platform_id for c in after}) == 4, "the first two comments are not stored twice"
    assert {c.id for c in first} <= {c.id for c in after}, "stored comments keep their rows and analyses"
    assert all(c.language for c in after), "new comments are analysed too"
    assert [r.revision for r in revisions] == [1, 2] and "four hours" in revisions[-1].text


def test_new_comments_on_an_unchanged_page_are_stored_and_analysed(serve, tmp_path: Path) -> None:
    published = datetime.now(UTC) - 70 * MINUTE
    site = serve({}, host="127.0.0.42")
    pages = {"now": _page(published, 1)}
    site.app = _routes(site.url(""), pages)
    desk_file = _desk_file(tmp_path, site.url("/feed.xml"))
    with open_desk(desk_file) as desk:
        desk.poll_once(workers=0)
    pages["now"] = _page(published, 3)
    _fetched_earlier(tmp_path, 50)
    with open_desk(desk_file) as desk:
        desk.poll_once(workers=0)
        (doc,) = desk.documents()
        comments = desk.store.comments_in([doc.id])
        revisions = desk.store.revisions(doc.id)
    assert len(site.hits("/a/talks")) == 2
    assert len(comments) == 3 and all(c.language and c.tone is not None for c in comments)
    assert len(revisions) == 1, "the same text is no new revision"


def test_a_document_stored_but_not_analysed_is_analysed_after_a_restart(serve, tmp_path: Path) -> None:
    published = datetime.now(UTC) - 10 * MINUTE
    site = serve({}, host="127.0.0.43")
    site.app = _routes(site.url(""), {"now": _page(published, 1)})
    desk_file = _desk_file(tmp_path, site.url("/feed.xml"))
    with open_desk(desk_file) as desk:
        desk.poll_once(workers=0)
        (polled,) = desk.documents()
        assert desk.store.annotations_in([polled.id], "tone"), "a poll analyses what it stored"
        # What a run that stopped between storing and analysing leaves behind:
        left = desk.store.upsert_article(
            Article(
                url=site.url("/a/left"),
                canonical_url=site.url("/a/left"),
                title="Envoys leave Geneva",
                text="The envoys left Geneva on Tuesday without a date for the next round of talks.",
                published=published,
            ),
            outlet="Wire",
            source_id="wire",
            seen_at=datetime.now(UTC),
        ).document
        assert desk.count("envoys leave") == 1, "searchable as soon as it is stored"
        assert not desk.store.annotations_in([left.id], "tone")
    with open_desk(desk_file) as desk:
        desk.poll_once(workers=0)
        assert desk.store.annotations_in([left.id], "tone"), "analysed by the next run"
        assert desk.store.story_of(left.id) is not None, "and handed on to the story keeper"
        assert desk.store.load_state(ANALYSED_MARK) == desk.store.last_revision_id()


def test_a_running_monitor_analyses_what_it_stored_in_the_background(serve, tmp_path: Path) -> None:
    published = datetime.now(UTC) - 10 * MINUTE
    site = serve({}, host="127.0.0.44")
    site.app = _routes(site.url(""), {"now": _page(published, 2)})
    desk_file = _desk_file(tmp_path, site.url("/feed.xml"))
    deadline = time.monotonic() + 60
    with open_desk(desk_file) as desk:

        def analysed() -> bool:
            last = desk.store.last_revision_id()
            return (last > 0 and desk.store.load_state(ANALYSED_MARK) == last) or time.monotonic() > deadline

        desk.run(stop=analysed, workers=0, idle=0.05)
        (doc,) = desk.documents()
        assert desk.store.annotations_in([doc.id], "tone")
        assert all(c.language for c in desk.store.comments_in([doc.id]))


def _routes(base: str, pages: dict[str, bytes]):
    from tests.ingest.conftest import routes

    html = {"Content-Type": "text/html; charset=utf-8"}
    return routes(
        {
            "/feed.xml": (200, XML, rss(base, [("/a/talks", "Talks resume in Geneva")])),
            "/a/talks": lambda seen: (200, html, pages["now"]),
        }
    )
