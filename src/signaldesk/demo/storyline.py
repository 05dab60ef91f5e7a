"""The demo storyline: outlets, people and articles loaded from the YAML files in storyline/.

An article is written once; a wire story also lists the outlets that carry a copy
(`syndicated`), each with its own headline and time. `Storyline.items` expands that
into one `Item` per page an outlet serves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import SignaldeskError

FOLDER = Path(__file__).parent / "storyline"
_MOMENT = re.compile(r"^d(\d+) (\d{1,2}):(\d{2})$")


@dataclass(frozen=True, slots=True, order=True)
class Moment:
    """A time in the storyline: day 1, 2, ... and a time of day in America/New_York."""

    day: int
    clock: time

    @classmethod
    def parse(cls, text: str) -> Moment:
        match = _MOMENT.match(str(text).strip())
        if not match:
            raise SignaldeskError(f"storyline time '{text}' is not like 'd1 09:15'")
        return cls(int(match[1]), time(int(match[2]), int(match[3])))

    @property
    def offset(self) -> timedelta:
        """Nominal time since d1 00:00 (ignoring daylight-saving changes)."""
        return timedelta(days=self.day - 1, hours=self.clock.hour, minutes=self.clock.minute)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str
    affiliation: str
    country: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OutletSpec:
    """How one fictional outlet looks and where it puts things."""

    id: str
    name: str
    kind: str
    genre: str
    country: str
    feed_format: str
    feed_path: str
    article_path: str
    skin: str
    tagline: str
    listing_path: str | None = None


@dataclass(frozen=True, slots=True)
class Comment:
    handle: str
    at: Moment
    text: str


@dataclass(frozen=True, slots=True)
class Update:
    """A later version of an article, with the note shown above it."""

    at: Moment
    note: str
    body: tuple[str, ...]
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Copy:
    """A wire story as another outlet runs it."""

    outlet: str
    title: str
    at: Moment
    lead: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    outlet: str
    published: Moment
    kind: str
    section: str
    title: str
    authors: tuple[str, ...]
    body: tuple[str, ...]
    tags: tuple[str, ...] = ()
    syndicated: tuple[Copy, ...] = ()
    update: Update | None = None
    comments: tuple[Comment, ...] = ()


@dataclass(frozen=True, slots=True)
class Item:
    """One page an outlet serves: an article or a copy of a wire story."""

    outlet: str
    slug: str
    path: str
    article: Article
    title: str
    published: Moment
    body: tuple[str, ...]
    via: str | None = None

    @property
    def key(self) -> str:
        return f"{self.outlet}/{self.slug}"


@dataclass(frozen=True, slots=True)
class Storyline:
    outlets: tuple[OutletSpec, ...]
    people: tuple[Person, ...]
    articles: tuple[Article, ...]
    items: tuple[Item, ...]

    @property
    def last(self) -> Moment:
        """The latest moment anything happens (publication, update or comment)."""
        moments = [i.published for i in self.items]
        for article in self.articles:
            moments += [c.at for c in article.comments]
            if article.update:
                moments.append(article.update.at)
        return max(moments)

    def outlet(self, outlet_id: str) -> OutletSpec:
        for spec in self.outlets:
            if spec.id == outlet_id:
                return spec
        raise SignaldeskError(f"the storyline has no outlet '{outlet_id}'")


def _read(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise SignaldeskError(f"cannot read storyline file {path.name}: {error}") from None


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v).strip() for v in value)


def _article(raw: dict[str, Any], where: str) -> Article:
    try:
        update = raw.get("update")
        return Article(
            id=raw["id"],
            outlet=raw["outlet"],
            published=Moment.parse(raw["published"]),
            kind=raw["kind"],
            section=raw.get("section", "World"),
            title=raw["title"].strip(),
            authors=_strings(raw.get("authors")),
            body=_strings(raw["body"]),
            tags=_strings(raw.get("tags")),
            syndicated=tuple(
                Copy(c["outlet"], c["title"].strip(), Moment.parse(c["published"]), c.get("lead"))
                for c in raw.get("syndicated") or ()
            ),
            update=Update(
                Moment.parse(update["published"]),
                update["note"].strip(),
                _strings(update["body"]),
                update.get("title"),
            )
            if update
            else None,
            comments=tuple(
                Comment(c["handle"], Moment.parse(c["at"]), c["text"].strip())
                for c in raw.get("comments") or ()
            ),
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise SignaldeskError(
            f"{where}: article {raw.get('id', '?')} is missing or mangles {error}"
        ) from None


def slug_path(spec: OutletSpec, article: Article) -> tuple[str, str]:
    """The slug and path an outlet gives an article."""
    slug = article.id.split("/", 1)[-1]
    section = re.sub(r"[^a-z0-9]+", "-", article.section.lower()).strip("-")
    return slug, spec.article_path.format(slug=slug, section=section)


def expand(outlets: tuple[OutletSpec, ...], articles: tuple[Article, ...]) -> tuple[Item, ...]:
    """One item per page: each article on its outlet, and each wire copy on the carrying outlet."""
    specs = {s.id: s for s in outlets}
    items: list[Item] = []
    for article in articles:
        for outlet, title, at, lead, via in [
            (article.outlet, article.title, article.published, None, None),
            *[(c.outlet, c.title, c.at, c.lead, article.outlet) for c in article.syndicated],
        ]:
            if outlet not in specs:
                raise SignaldeskError(f"article {article.id} names unknown outlet '{outlet}'")
            slug, path = slug_path(specs[outlet], article)
            body = (lead.strip(), *article.body[1:]) if lead else article.body
            items.append(Item(outlet, slug, path, article, title, at, body, via))
    keys = [i.key for i in items]
    if len(set(keys)) != len(keys):
        raise SignaldeskError("two storyline items share an outlet and slug")
    return tuple(sorted(items, key=lambda i: (i.published, i.key)))


@cache
def load_storyline(folder: Path = FOLDER) -> Storyline:
    """Read outlets.yaml, people.yaml and every day*.yaml in `folder`."""
    outlets = tuple(OutletSpec(**raw) for raw in _read(folder / "outlets.yaml"))
    people = tuple(
        Person(p["name"], p["role"], p["affiliation"], p.get("country", "US"), _strings(p.get("aliases")))
        for p in _read(folder / "people.yaml")
    )
    articles: list[Article] = []
    for path in sorted(folder.glob("day*.yaml")):
        articles += [_article(raw, path.name) for raw in _read(path) or ()]
    return Storyline(outlets, people, tuple(articles), expand(outlets, tuple(articles)))
