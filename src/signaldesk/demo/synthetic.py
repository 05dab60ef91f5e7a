"""Synthetic heavy sites for benchmarks: one RSS feed per host, pages generated from a seed.

Article text is drawn from a word-pair chain built on the storyline's own prose, so
it reads like the beat; pages are padded with the navigation, scripts, related
links and comments real news pages carry until they reach their size (78-142% of
`page_kb`). Nothing is stored: a page is made when asked (and kept in a small cache).
"""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta
from functools import cache
from html import escape
from itertools import pairwise

from .feeds import Channel, Listed, news_sitemap, robots, rss
from .responses import Response, not_found, text
from .storyline import load_storyline

_PAGE = re.compile(r"^/p/(\d+)\.html$")


@cache
def _chain() -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    words: list[str] = []
    for article in load_storyline().articles:
        for paragraph in article.body:
            words += re.findall(r"[A-Za-z][A-Za-z'-]*", paragraph)
    following: dict[str, list[str]] = {}
    for first, second in pairwise(words):
        following.setdefault(first.lower(), []).append(second)
    starts = tuple(w for w in words if w[0].isupper())
    return starts, {k: tuple(v) for k, v in following.items()}


def _sentence(rng: random.Random) -> str:
    starts, following = _chain()
    word = rng.choice(starts)
    out = [word]
    for _ in range(rng.randint(9, 28)):
        options = following.get(word.lower())
        word = rng.choice(options) if options else rng.choice(starts)
        out.append(word)
    return " ".join(out) + "."


@cache
def _pool() -> tuple[str, ...]:
    """A fixed pool of generated sentences that pages draw from (fast, and the same every run)."""
    rng = random.Random(20190)
    return tuple(_sentence(rng) for _ in range(4000))


@cache
def _html_pool() -> tuple[str, ...]:
    return tuple(escape(s) for s in _pool())


def sentence(rng: random.Random) -> str:
    return rng.choice(_pool())


def paragraph(rng: random.Random, html: bool = False) -> str:
    return " ".join(rng.choices(_html_pool() if html else _pool(), k=rng.randint(2, 5)))


def warm() -> None:
    """Build the sentence pools now (about a second) instead of on the first request."""
    _html_pool()


def _script(rng: random.Random, n: int) -> str:
    keys = ",".join(
        f'"k{rng.randrange(10**6)}":{{"slot":"s{i}","sizes":[[300,250],[728,90]],"floor":{rng.random():.4f}}}'
        for i in range(n)
    )
    return f"<script>window.__adConfig={{{keys}}};(function(){{var q=[];window.cmd=q}})();</script>"


class SyntheticSite:
    """Host number `index`: a feed of `pages` heavy articles."""

    def __init__(self, index: int, base_url: str, pages: int, page_kb: int, seed: int) -> None:
        self.index, self.base_url, self.pages, self.page_kb, self.seed = index, base_url, pages, page_kb, seed
        self.base_time = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
        self.name = f"Synthetic Site {index}"
        self._rendered: dict[int, Response] = {}

    def prerender(self) -> None:
        """Make every page now and keep it, so serving costs only the sending (benchmarks
        that measure the reader should not also measure the writing)."""
        self._rendered = {number: self._page_response(number) for number in range(self.pages)}

    def _rng(self, number: int) -> random.Random:
        return random.Random(self.seed * 1_000_003 + self.index * 10_007 + number)

    def title(self, number: int) -> str:
        return sentence(self._rng(-number - 1)).rstrip(".")[:90]

    def published(self, number: int) -> datetime:
        return self.base_time - timedelta(minutes=37 * number + self.index)

    def _listed(self) -> list[Listed]:
        return [
            Listed(
                f"{self.base_url}/p/{n}.html",
                self.title(n),
                paragraph(self._rng(-n - 5000))[:300],
                self.published(n),
                self.published(n),
                (f"Staff Writer {self.index}",),
                ("synthetic",),
                "World",
            )
            for n in range(self.pages)
        ]

    def respond(self, path: str, wall: float) -> Response:
        path = path.split("?", 1)[0]
        if path == "/robots.txt":
            return text(200, robots(self.base_url), "text/plain")
        if path == "/feed.xml":
            channel = Channel(self.name, self.base_url + "/", self.base_url + "/feed.xml", "Synthetic news")
            return text(200, rss(channel, self._listed()), "application/rss+xml", self.base_time, cache=True)
        if path == "/news-sitemap.xml":
            return text(
                200, news_sitemap(self.name, self._listed()), "application/xml", self.base_time, cache=True
            )
        if path == "/":
            links = "".join(
                f'<li><a href="/p/{n}.html">{escape(self.title(n))}</a></li>' for n in range(self.pages)
            )
            return text(
                200,
                f'<!DOCTYPE html><html><head><title>{self.name}</title><link rel="alternate" '
                f'type="application/rss+xml" href="/feed.xml"></head><body><ul>{links}</ul></body></html>',
                "text/html",
            )
        match = _PAGE.match(path)
        if match and int(match[1]) < self.pages:
            number = int(match[1])
            return self._rendered.get(number) or self._page_response(number)
        return not_found(path)

    def _page_response(self, number: int) -> Response:
        return text(200, self.page(number), "text/html", self.published(number), cache=True)

    def page(self, number: int) -> str:
        """The HTML of page `number`, the same for the same seed, host and number."""
        rng = self._rng(number)
        target = int(self.page_kb * 1024 * rng.uniform(0.78, 1.42))
        title = escape(self.title(number))
        when = self.published(number).isoformat()
        words = [sentence(rng).split()[0] for _ in range(120)]
        nav = "".join(
            f'<li class="menu-item"><a href="/section/{i}">{w}</a></li>' for i, w in enumerate(words)
        )
        body = "".join(f"<p>{paragraph(rng, html=True)}</p>" for _ in range(rng.randint(8, 16)))
        related = "".join(
            f'<li><a href="/p/{rng.randrange(self.pages)}.html">{escape(sentence(rng)[:80])}</a></li>'
            for _ in range(40)
        )
        parts = [
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>',
            f'<link rel="canonical" href="{self.base_url}/p/{number}.html">',
            '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
            f'"headline":"{title}","datePublished":"{when}","dateModified":"{when}",'
            f'"author":[{{"@type":"Person","name":"Staff Writer {self.index}"}}],"articleSection":"World"}}'
            "</script>",
            _script(rng, 60),
            "</head><body>",
            f'<header class="site-header"><nav class="mega-menu"><ul>{nav}</ul></nav></header>',
            f'<main><article><h1 class="headline">{title}</h1><div class="byline">By Staff Writer '
            f'{self.index}</div><time datetime="{when}">{when}</time><div class="article-body">{body}</div>'
            f'</article><aside class="related"><ul>{related}</ul></aside>',
            '<section class="comments">',
        ]
        size = sum(len(p) for p in parts)
        while size < target - 2000:
            if rng.random() < 0.8:
                replies = "".join(
                    f'<div class="comment"><span class="handle">reader{rng.randrange(9999)}</span>'
                    f"<p>{paragraph(rng, html=True)}</p></div>"
                    for _ in range(8)
                )
                chunk = f'<div class="thread">{replies}</div>'
            else:
                chunk = _script(rng, 20)
            parts.append(chunk)
            size += len(chunk)
        parts.append(
            '</section></main><footer class="site-footer">Synthetic demo site</footer></body></html>'
        )
        return "".join(parts)
