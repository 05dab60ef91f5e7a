"""Disqus API 3.0: the posts of one thread (threads/listPosts), as a comment thread.

GET https://disqus.com/api/3.0/threads/listPosts.json?api_key=KEY&forum=SHORTNAME
&thread:link=ARTICLE_URL&limit=100&order=desc[&cursor=NEXT]. The answer is
{"code": 0, "cursor": {"hasNext", "next", ...}, "response": [post, ...]}; a code other
than 0 carries an error message in "response". Limit: 1,000 requests an hour per
application (the X-Ratelimit-* headers say what is left).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from ...config import Source
from ...types import Comment, Page
from .base import (
    ConnectorError,
    Parsed,
    Request,
    add_query,
    as_dict,
    as_list,
    int_param,
    load_json,
    parse_when,
    plain,
    sign_with_query,
    text_of,
)
from .ratelimits import RateLimit
from .threads import comments_url, thread_article


def _need(source: Source, name: str) -> str:
    value = source.params.get(name, "").strip()
    if not value:
        raise ConnectorError(f"source '{source.id}': the disqus connector needs params.{name}")
    return value


def list_posts_url(source: Source) -> str:
    query = {
        "forum": _need(source, "forum"),
        "thread:link": _need(source, "thread_url"),
        "limit": str(int_param(source, "limit", 100, high=100)),
        "order": "desc",
    }
    return f"{source.url.split('?', 1)[0]}?{urlencode(query)}"


def post_comment(item: dict[str, object]) -> Comment | None:
    if item.get("isDeleted") or item.get("isSpam"):
        return None
    text = text_of(item.get("raw_message")) or plain(text_of(item.get("message")))
    post_id = item.get("id")
    if not text or post_id in (None, ""):
        return None
    author = as_dict(item.get("author"))
    handle = "" if author.get("isAnonymous") else text_of(author.get("username"))
    parent = item.get("parent")
    return Comment(
        text=text,
        author=handle,
        published=parse_when(item.get("createdAt")),
        platform_id=f"disqus:{post_id}",
        parent_id=f"disqus:{parent}" if parent not in (None, "", 0) else "",
    )


LIMIT = RateLimit(1000, 3600.0, published=True, note="1,000 requests an hour per application")


@dataclass(frozen=True)
class Disqus:
    name: str = "disqus"
    limit: RateLimit = LIMIT
    needs_key: bool = True

    def start(self, source: Source, since: datetime | None) -> list[Request]:
        return [Request(list_posts_url(source), "posts", (1, ()))]

    def parse(self, source: Source, request: Request, page: Page) -> Parsed:
        data = as_dict(load_json(page, "Disqus threads/listPosts"))
        if data.get("code") not in (0, None):
            raise ConnectorError(f"Disqus answered code {data.get('code')}: {text_of(data.get('response'))}")
        read, earlier = request.carry if isinstance(request.carry, tuple) else (1, ())
        found = [post_comment(as_dict(item)) for item in as_list(data.get("response"))]
        comments = (*earlier, *(comment for comment in found if comment is not None))
        cursor = as_dict(data.get("cursor"))
        next_cursor = text_of(cursor.get("next"))
        if cursor.get("hasNext") and next_cursor and read < int_param(source, "pages", 5, high=50):
            follow = Request(add_query(request.url, cursor=next_cursor), "posts", (read + 1, comments))
            return Parsed(follow=(follow,))
        article_url = _need(source, "thread_url")
        return Parsed(
            articles=(
                thread_article(
                    url=comments_url(article_url),
                    title=f"Reader comments on {source.params.get('title') or article_url}",
                    body="",
                    comments=comments,
                    site="Disqus",
                    discusses=article_url,
                    tags=("disqus", f"forum:{_need(source, 'forum')}"),
                ),
            )
        )

    def sign(self, url: str, key: str) -> str:
        return sign_with_query(url, key)
