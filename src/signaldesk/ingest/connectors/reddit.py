"""Reddit public JSON: a subreddit's /new.json listing and each matching post's comments.

Listing: GET https://www.reddit.com/r/NAME/new.json?limit=N&raw_json=1 (`after` pages on).
Comments: GET https://www.reddit.com/comments/ID.json?sort=new&limit=N&raw_json=1 answers
[post listing, comment listing]; replies nest as listings, 'more' stubs are left for
a later poll. A post becomes a thread article (see threads.py) whose url is its
permalink and which names the link it discusses. Reddit asks for a descriptive
User-Agent (the fetcher sends product and contact) and allows unauthenticated
clients about ten requests a minute.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from ...config import Source
from ...types import Comment, Page
from .base import (
    Parsed,
    Request,
    add_query,
    as_dict,
    as_list,
    int_param,
    load_json,
    matches,
    parse_when,
    terms_of,
    text_of,
)
from .ratelimits import RateLimit
from .threads import thread_article

PUBLIC = "https://www.reddit.com"
MAX_DEPTH = 50


@dataclass(frozen=True, slots=True)
class Post:
    id: str
    title: str
    permalink: str
    link: str
    body: str
    subreddit: str
    created: datetime | None


def _post(data: dict[str, object]) -> Post | None:
    post_id = text_of(data.get("id"))
    if not post_id:
        return None
    permalink = text_of(data.get("permalink")) or f"/comments/{post_id}/"
    link = text_of(data.get("url_overridden_by_dest")) or text_of(data.get("url"))
    if data.get("is_self") or link.endswith(permalink):
        link = ""
    return Post(
        id=post_id,
        title=text_of(data.get("title")) or f"Reddit post {post_id}",
        permalink=permalink,
        link=link,
        body=text_of(data.get("selftext")),
        subreddit=text_of(data.get("subreddit")),
        created=parse_when(data.get("created_utc")),
    )


def parse_listing(source: Source, page: Page, pages_read: int) -> Parsed:
    data = as_dict(as_dict(load_json(page, "the Reddit listing")).get("data"))
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(source.url))
    terms = terms_of(source)
    limit = str(int_param(source, "comments", 200, high=500))
    follow: list[Request] = []
    skipped: list[str] = []
    for child in as_list(data.get("children")):
        child = as_dict(child)
        if child.get("kind") != "t3":
            continue
        post = _post(as_dict(child.get("data")))
        if post is None:
            skipped.append("a Reddit post without an id")
            continue
        if matches(f"{post.title}\n{post.link}", terms):
            url = add_query(f"{origin}/comments/{post.id}.json", sort="new", limit=limit, raw_json="1")
            follow.append(Request(url, "comments", post))
    after = text_of(data.get("after"))
    if after and pages_read < int_param(source, "pages", 1, high=10):
        follow.append(Request(add_query(page.url, after=after), "listing", pages_read + 1))
    return Parsed(follow=tuple(follow), skipped=tuple(skipped))


def walk_comments(listing: object, depth: int = 0) -> list[Comment]:
    """Every comment of a listing and its replies, depth first; 'more' stubs are skipped."""
    found: list[Comment] = []
    if depth > MAX_DEPTH:
        return found
    for child in as_list(as_dict(as_dict(listing).get("data")).get("children")):
        child = as_dict(child)
        if child.get("kind") != "t1":
            continue
        data = as_dict(child.get("data"))
        name = text_of(data.get("name")) or (f"t1_{text_of(data.get('id'))}" if data.get("id") else "")
        body = text_of(data.get("body"))
        if body and body not in ("[deleted]", "[removed]"):
            author = text_of(data.get("author"))
            found.append(
                Comment(
                    text=body,
                    author="" if author == "[deleted]" else author,
                    published=parse_when(data.get("created_utc")),
                    platform_id=name,
                    parent_id=text_of(data.get("parent_id")),
                )
            )
        found.extend(walk_comments(data.get("replies"), depth + 1))
    return found


def _first_post(listing: object) -> Post | None:
    children = as_list(as_dict(as_dict(listing).get("data")).get("children"))
    return _post(as_dict(as_dict(children[0]).get("data"))) if children else None


def parse_comments(post: Post, page: Page) -> Parsed:
    data = load_json(page, f"the Reddit comments of post {post.id}")
    parts = as_list(data)
    post = (_first_post(parts[0]) if parts else None) or post
    comments = walk_comments(parts[1]) if len(parts) > 1 else []
    article = thread_article(
        url=f"{PUBLIC}{post.permalink}",
        title=post.title,
        body=post.body,
        comments=comments,
        site="Reddit",
        discusses=post.link,
        published=post.created,
        tags=("reddit", *([f"subreddit:{post.subreddit}"] if post.subreddit else [])),
    )
    return Parsed(articles=(article,))


LIMIT = RateLimit(10, 60.0, published=True, note="about 10 a minute without OAuth")


@dataclass(frozen=True)
class Reddit:
    name: str = "reddit"
    limit: RateLimit = LIMIT
    needs_key: bool = False

    def start(self, source: Source, since: datetime | None) -> list[Request]:
        limit = str(int_param(source, "limit", 25, high=100))
        return [Request(add_query(source.url, limit=limit, raw_json="1"), "listing", 1)]

    def parse(self, source: Source, request: Request, page: Page) -> Parsed:
        if request.step == "listing":
            return parse_listing(source, page, request.carry if isinstance(request.carry, int) else 1)
        if not isinstance(request.carry, Post):
            raise TypeError("a Reddit comments request carries its Post")
        return parse_comments(request.carry, page)

    def sign(self, url: str, key: str) -> str:
        return url
