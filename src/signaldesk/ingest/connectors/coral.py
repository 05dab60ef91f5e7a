"""Coral Talk GraphQL: the comments of one story, found by its URL.

GET {url}?query=...&variables={"storyURL", "first", "after"} against the site's
/api/graphql endpoint, asking `comments(storyURL:, first:, after:, orderBy: CREATED_AT_DESC)`
for edges { node { id body createdAt author { username } parent { id } } } and pageInfo
{ hasNextPage endCursor }. Reading public comments needs no key. No limit is
published; one request a second.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from ...config import Source
from ...types import Comment, Page
from .base import (
    ConnectorError,
    Parsed,
    Request,
    as_dict,
    as_list,
    int_param,
    load_json,
    parse_when,
    plain,
    text_of,
)
from .ratelimits import RateLimit
from .threads import comments_url, thread_article

QUERY = (
    "query StoryComments($storyURL: String!, $first: Int!, $after: Cursor) {"
    " comments(storyURL: $storyURL, first: $first, after: $after, orderBy: CREATED_AT_DESC) {"
    " edges { node { id body createdAt author { username } parent { id } } cursor }"
    " pageInfo { hasNextPage endCursor } } }"
)


def story_url(source: Source) -> str:
    value = source.params.get("story_url", "").strip()
    if not value:
        raise ConnectorError(f"source '{source.id}': the coral connector needs params.story_url")
    return value


def query_url(source: Source, after: str | None = None) -> str:
    variables: dict[str, object] = {
        "storyURL": story_url(source),
        "first": int_param(source, "limit", 50, high=100),
    }
    if after:
        variables["after"] = after
    query = urlencode({"query": QUERY, "variables": json.dumps(variables, separators=(",", ":"))})
    return f"{source.url.split('?', 1)[0]}?{query}"


def node_comment(node: dict[str, object]) -> Comment | None:
    node_id = text_of(node.get("id"))
    text = plain(text_of(node.get("body")))
    if not node_id or not text:
        return None
    parent = text_of(as_dict(node.get("parent")).get("id"))
    return Comment(
        text=text,
        author=text_of(as_dict(node.get("author")).get("username")),
        published=parse_when(node.get("createdAt")),
        platform_id=f"coral:{node_id}",
        parent_id=f"coral:{parent}" if parent else "",
    )


LIMIT = RateLimit(1, 1.0, published=False, note="no limit published; one request a second")


@dataclass(frozen=True)
class Coral:
    name: str = "coral"
    limit: RateLimit = LIMIT
    needs_key: bool = False

    def start(self, source: Source, since: datetime | None) -> list[Request]:
        return [Request(query_url(source), "comments", (1, ()))]

    def parse(self, source: Source, request: Request, page: Page) -> Parsed:
        data = as_dict(load_json(page, "the Coral GraphQL endpoint"))
        errors = [text_of(as_dict(e).get("message")) for e in as_list(data.get("errors"))]
        connection = as_dict(as_dict(data.get("data")).get("comments"))
        if errors and not connection:
            raise ConnectorError(f"Coral answered with an error: {errors[0] or 'no message'}")
        read, earlier = request.carry if isinstance(request.carry, tuple) else (1, ())
        found = [
            node_comment(as_dict(as_dict(edge).get("node"))) for edge in as_list(connection.get("edges"))
        ]
        comments = (*earlier, *(comment for comment in found if comment is not None))
        info = as_dict(connection.get("pageInfo"))
        cursor = text_of(info.get("endCursor"))
        if info.get("hasNextPage") and cursor and read < int_param(source, "pages", 5, high=50):
            return Parsed(follow=(Request(query_url(source, cursor), "comments", (read + 1, comments)),))
        story = story_url(source)
        article = thread_article(
            url=comments_url(story),
            title=f"Reader comments on {source.params.get('title') or story}",
            body="",
            comments=comments,
            site="Coral",
            discusses=story,
            tags=("coral",),
        )
        return Parsed(articles=(article,))

    def sign(self, url: str, key: str) -> str:
        return url
