"""Treasury OFAC recent actions: the listing page's dated actions as official articles.

The page (https://ofac.treasury.gov/recent-actions) links each action as
/recent-actions/YYYYMMDD (a suffix like _1 when a day has several); the link text is
the action's title and the date is read from the address. `params.term` keeps only
titles holding a watch term. No limit is published; one request every two seconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from ...config import Source
from ...types import Article, Genre, Page
from .base import Parsed, Request, matches, terms_of
from .ratelimits import RateLimit

ACTION = re.compile(r"/recent-actions/(\d{4})(\d{2})(\d{2})(?:_\d+)?/?$")


class _Links(HTMLParser):
    """Collects (href, text) of every link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None


def parse_actions(html: str, base_url: str, terms: tuple[str, ...] = ()) -> list[Article]:
    """The recent actions a listing page names, newest first as listed, once each."""
    reader = _Links()
    reader.feed(html)
    reader.close()
    seen: set[str] = set()
    articles = []
    for href, title in reader.links:
        url = urljoin(base_url, href.strip())
        match = ACTION.search(urlsplit(url).path)
        if not match or not title or url in seen or not matches(title, terms):
            continue
        seen.add(url)
        try:
            day = datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=UTC)
        except ValueError:
            day = None
        when = f" on {day.date().isoformat()}" if day else ""
        articles.append(
            Article(
                url=url,
                canonical_url=url,
                title=title,
                text=f"{title}\n\nThe Office of Foreign Assets Control announced this action{when}.",
                authors=("Office of Foreign Assets Control",),
                published=day,
                language="en",
                genre=Genre.OFFICIAL,
                site_name="U.S. Department of the Treasury",
                section="Recent Actions",
                tags=("ofac", "sanctions"),
            )
        )
    return articles


LIMIT = RateLimit(1, 2.0, published=False, note="no limit published; one request every 2 s")


@dataclass(frozen=True)
class Ofac:
    name: str = "ofac"
    limit: RateLimit = LIMIT
    needs_key: bool = False

    def start(self, source: Source, since: datetime | None) -> list[Request]:
        return [Request(source.url, "listing")]

    def parse(self, source: Source, request: Request, page: Page) -> Parsed:
        html = page.body.decode("utf-8", errors="replace")
        return Parsed(articles=tuple(parse_actions(html, page.final_url, terms_of(source))))

    def sign(self, url: str, key: str) -> str:
        return url
