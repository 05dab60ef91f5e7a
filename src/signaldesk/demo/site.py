"""One storyline outlet as a site: what it serves at a path, given the simulated clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape

from .chrome import PageView
from .clock import Clock
from .feeds import FEED_TYPES, Channel, Listed, news_sitemap, render_feed, robots
from .pages import render_page
from .responses import Response, not_found, text
from .storyline import Item, OutletSpec, Storyline

SECTIONS = ("World", "Politics", "National Security", "Opinion", "Analysis", "Business")


@dataclass(frozen=True, slots=True)
class Shown:
    """An item as it looks at one moment: its current version and visible comments."""

    item: Item
    title: str
    body: tuple[str, ...]
    published: datetime
    modified: datetime
    note: str | None
    comments: tuple[tuple[str, datetime, str], ...]

    @property
    def changed(self) -> datetime:
        """Last change to the page, new comments included (the HTTP Last-Modified)."""
        return max([self.modified, *(at for _, at, _ in self.comments)])


class StorySite:
    """The pages, feed, sitemap and fronts of one outlet."""

    def __init__(self, spec: OutletSpec, storyline: Storyline, clock: Clock, base_url: str) -> None:
        self.spec = spec
        self.clock = clock
        self.base_url = base_url
        self.items = tuple(i for i in storyline.items if i.outlet == spec.id)
        self.by_path = {i.path: i for i in self.items}
        self.names = {s.id: s.name for s in storyline.outlets}

    @property
    def feed_url(self) -> str:
        return self.base_url + self.spec.feed_path

    def visible(self, wall: float) -> list[Shown]:
        """Items released by now, newest first."""
        shown = [self.show(i, wall) for i in self.items if self.clock.visible(i.published, wall)]
        return sorted(shown, key=lambda s: s.published, reverse=True)

    def show(self, item: Item, wall: float) -> Shown:
        article, clock = item.article, self.clock
        title, body, note = item.title, item.body, None
        published = modified = clock.at(item.published)
        update = article.update
        if update and item.via is None and clock.visible(update.at, wall):
            title, body, note = update.title or title, update.body, update.note
            modified = clock.at(update.at)
        comments = tuple(
            (c.handle, clock.at(c.at), c.text)
            for c in article.comments
            if item.via is None and clock.visible(c.at, wall)
        )
        return Shown(item, title, body, published, modified, note, comments)

    def listed(self, shown: Shown) -> Listed:
        article = shown.item.article
        summary = shown.body[0] if shown.body else shown.title
        return Listed(
            self.base_url + shown.item.path,
            shown.title,
            summary,
            shown.published,
            shown.modified,
            article.authors,
            article.tags,
            article.section,
        )

    def respond(self, path: str, wall: float) -> Response:
        path = path.split("?", 1)[0].split("#", 1)[0] or "/"
        if path == "/robots.txt":
            return text(200, robots(self.base_url), "text/plain")
        if path == "/":
            return self._front(wall)
        if path == self.spec.feed_path:
            return self._feed(wall)
        if path == "/news-sitemap.xml":
            released = self.visible(wall)
            body = news_sitemap(self.spec.name, [self.listed(s) for s in released])
            return text(200, body, "application/xml", _latest(released), cache=True)
        if self.spec.listing_path and path == self.spec.listing_path:
            return self._listing(wall)
        item = self.by_path.get(path)
        if item is None or not self.clock.visible(item.published, wall):
            return not_found(path)
        shown = self.show(item, wall)
        return text(
            200, render_page(self.spec.skin, self._view(shown, wall)), "text/html", shown.changed, cache=True
        )

    def _feed(self, wall: float) -> Response:
        shown = self.visible(wall)
        channel = Channel(self.spec.name, self.base_url + "/", self.feed_url, self.spec.tagline)
        body = render_feed(self.spec.feed_format, channel, [self.listed(s) for s in shown[:100]])
        return text(200, body, FEED_TYPES[self.spec.feed_format], _latest(shown), cache=True)

    def _view(self, shown: Shown, wall: float) -> PageView:
        item = shown.item
        others = [s for s in self.visible(wall) if s.item.path != item.path]
        return PageView(
            outlet_id=self.spec.id,
            outlet_name=self.spec.name,
            tagline=self.spec.tagline,
            base_url=self.base_url,
            feed_url=self.feed_url,
            feed_type=FEED_TYPES[self.spec.feed_format],
            url=self.base_url + item.path,
            title=shown.title,
            section=item.article.section,
            kind=item.article.kind,
            authors=item.article.authors,
            published=shown.published,
            modified=shown.modified,
            paragraphs=shown.body,
            tags=item.article.tags,
            note=shown.note,
            related=tuple((s.title, self.base_url + s.item.path) for s in others[:6]),
            comments=shown.comments,
            via=self.names.get(item.via or ""),
            sections=SECTIONS,
        )

    def _front(self, wall: float) -> Response:
        shown = self.visible(wall)
        name = escape(self.spec.name)
        rows = "".join(
            f'<li class="teaser"><a href="{escape(s.item.path)}">{escape(s.title)}</a> '
            f'<time datetime="{s.published.isoformat()}">{s.published:%b %-d, %-I:%M %p}</time></li>'
            for s in shown[:40]
        )
        feed_type = FEED_TYPES[self.spec.feed_format]
        listing = (
            f'<p><a href="{self.spec.listing_path}">All statements</a></p>' if self.spec.listing_path else ""
        )
        body = (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{name}</title>'
            f'<link rel="alternate" type="{feed_type}" title="{name}" href="{escape(self.feed_url)}">'
            f'<link rel="sitemap" type="application/xml" href="/news-sitemap.xml"></head>'
            f"<body><header><h1>{name}</h1><p>{escape(self.spec.tagline)}</p></header>"
            f'<main><h2>Latest</h2><ul class="river">{rows}</ul>{listing}</main>'
            f'<footer><a href="{escape(self.feed_url)}">Subscribe to the feed</a></footer></body></html>'
        )
        return text(200, body, "text/html", _latest(shown), cache=True)

    def _listing(self, wall: float) -> Response:
        shown = self.visible(wall)
        name = escape(self.spec.name)
        rows = "".join(
            f'<tr><td><time datetime="{s.published.isoformat()}">{s.published:%m/%d/%Y}</time></td>'
            f'<td><a class="statement-link" href="{escape(s.item.path)}">{escape(s.title)}</a></td>'
            f"<td>{escape(', '.join(s.item.article.authors))}</td></tr>"
            for s in shown
        )
        body = (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Press statements | {name}'
            f'</title></head><body><nav><a href="/">Home</a> <a href="/members">Members</a> '
            f'<a href="/hearings">Hearings</a></nav><main><h1>Press statements</h1>'
            f'<table class="statements"><thead><tr><th>Date</th><th>Title</th><th>Member</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></main></body></html>"
        )
        return text(200, body, "text/html", _latest(shown), cache=True)


def _latest(shown: list[Shown]) -> datetime | None:
    return max((s.changed for s in shown), default=None)
