"""Reader comments: Reddit listings and threads, Disqus listPosts, Coral GraphQL."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from signaldesk.ingest.connectors import CONNECTORS, ConnectorError, Request
from signaldesk.types import Genre

from .conftest import fixture, page, source

REDDIT, DISQUS, CORAL = CONNECTORS["reddit"], CONNECTORS["disqus"], CONNECTORS["coral"]
NEW = "https://www.reddit.com/r/worldnews/new.json"


def reddit_thread(comments: bytes | None = None) -> tuple:
    src = source(REDDIT.name, NEW, params={"term": "North Korea|DPRK"})
    (start,) = REDDIT.start(src, None)
    listing = REDDIT.parse(src, start, page(fixture("reddit/new.json"), start.url))
    post = listing.follow[0]
    thread = REDDIT.parse(src, post, page(comments or fixture("reddit/comments_q2b7zz.json"), post.url))
    return listing, thread


def test_reddit_keeps_matching_posts_and_asks_for_their_comments() -> None:
    listing, _ = reddit_thread()
    steps = [(r.step, r.url.split("?")[0]) for r in listing.follow]
    assert steps == [
        ("comments", "https://www.reddit.com/comments/q2b7zz.json"),
        ("comments", "https://www.reddit.com/comments/q2b7x1.json"),
    ]  # the flood post holds no term; pages=1 by default, so `after` is not followed


def test_reddit_listing_pages_on_with_after() -> None:
    src = source(REDDIT.name, NEW, params={"pages": "2"})
    (start,) = REDDIT.start(src, None)
    parsed = REDDIT.parse(src, start, page(fixture("reddit/new.json"), start.url))
    more = [r for r in parsed.follow if r.step == "listing"]
    assert len(more) == 1 and parse_qs(urlsplit(more[0].url).query)["after"] == ["t3_q2b7x1"]


def test_a_reddit_post_is_a_comment_thread_linked_to_what_it_discusses() -> None:
    _, thread = reddit_thread()
    (article,) = thread.articles
    assert article.genre is Genre.COMMENT
    assert (
        article.url
        == "https://www.reddit.com/r/worldnews/comments/q2b7zz/north_korea_and_us_envoys_agree_to_a_second/"
    )
    assert "discusses:https://example-news.test/world/envoys-second-round" in article.tags
    assert article.authors == ()  # no handle reaches a byline or a brief
    assert [(c.platform_id, c.parent_id, c.author) for c in article.comments] == [
        ("t1_kx01aa", "t3_q2b7zz", "slow_tide"),
        ("t1_kx01bb", "t1_kx01aa", "lantern_row"),
    ]  # the deleted comment and the 'more' stub are left out
    assert article.comments[0].published is not None
    assert "2 reader comment(s), the latest at" in article.text
    assert "slow_tide" not in article.text


def test_reddit_drift_keeps_comments_with_missing_optional_fields() -> None:
    data = json.loads(fixture("reddit/comments_q2b7zz.json"))
    first = data[1]["data"]["children"][0]["data"]
    first["brand_new"] = [1, 2, 3]
    for name in ("created_utc", "author", "score", "name"):
        del first[name]
    _, thread = reddit_thread(json.dumps(data).encode())
    comment = thread.articles[0].comments[-1]
    assert comment.platform_id == "t1_kx01aa" and comment.published is None and comment.author == ""


def disqus_source(**params: str):
    base = {"forum": "example-news", "thread_url": "https://example-news.test/world/envoys-second-round"}
    return source(
        DISQUS.name,
        "https://disqus.com/api/3.0/threads/listPosts.json",
        params={**base, **params},
        key_env="K",
    )


def test_disqus_pages_with_the_cursor_and_builds_one_thread() -> None:
    src = disqus_source()
    (start,) = DISQUS.start(src, None)
    query = parse_qs(urlsplit(start.url).query)
    assert query["thread:link"] == ["https://example-news.test/world/envoys-second-round"]
    assert query["forum"] == ["example-news"] and "api_key" not in query
    first = DISQUS.parse(src, start, page(fixture("disqus/listPosts_page1.json"), start.url))
    (more,) = first.follow
    assert parse_qs(urlsplit(more.url).query)["cursor"] == ["1930722600000000:0:0"]
    last = DISQUS.parse(src, more, page(fixture("disqus/listPosts_page2.json"), more.url))
    (article,) = last.articles
    assert article.url == "https://example-news.test/world/envoys-second-round#comments"
    assert article.genre is Genre.COMMENT
    assert [(c.platform_id, c.parent_id, c.author) for c in article.comments] == [
        ("disqus:6100000001", "", ""),  # anonymous: no handle
        ("disqus:6100000002", "disqus:6100000001", "maple_signal"),
    ]  # the deleted post is left out
    assert article.comments[0].text == "Good to see the envoys talking.\nBetter than the alternative."


def test_disqus_error_codes_and_missing_settings_are_clear() -> None:
    src = disqus_source()
    (start,) = DISQUS.start(src, None)
    with pytest.raises(ConnectorError, match="code 5: Invalid API key"):
        DISQUS.parse(src, start, page(b'{"code": 5, "response": "Invalid API key"}'))
    with pytest.raises(ConnectorError, match=r"params\.forum"):
        DISQUS.start(source(DISQUS.name, "https://disqus.com/api/3.0/threads/listPosts.json"), None)


def test_disqus_drift_keeps_posts_without_optional_fields() -> None:
    data = json.loads(fixture("disqus/listPosts_page2.json"))
    post = data["response"][0]
    for name in ("raw_message", "createdAt", "author", "parent", "isDeleted", "isSpam"):
        del post[name]
    post["reactions"] = {"new": True}
    src = disqus_source()
    parsed = DISQUS.parse(src, Request(src.url, "posts", (1, ())), page(json.dumps(data).encode()))
    (comment,) = parsed.articles[0].comments
    assert comment.text == "Good to see the envoys talking.\nBetter than the alternative."


def coral_source():
    return source(
        CORAL.name,
        "https://comments.example-news.test/api/graphql",
        params={"story_url": "https://example-news.test/world/envoys-second-round"},
    )


def test_coral_queries_by_story_url_and_follows_the_end_cursor() -> None:
    src = coral_source()
    (start,) = CORAL.start(src, None)
    query = parse_qs(urlsplit(start.url).query)
    assert "comments(storyURL: $storyURL" in query["query"][0]
    assert json.loads(query["variables"][0]) == {
        "storyURL": "https://example-news.test/world/envoys-second-round",
        "first": 50,
    }
    first = CORAL.parse(src, start, page(fixture("coral/comments_page1.json")))
    (more,) = first.follow
    assert (
        json.loads(parse_qs(urlsplit(more.url).query)["variables"][0])["after"] == "2031-03-05T15:05:00.000Z"
    )
    (article,) = CORAL.parse(src, more, page(fixture("coral/comments_page2.json"))).articles
    assert [(c.platform_id, c.parent_id, c.author) for c in article.comments] == [
        ("coral:c3f1a2b4-0003", "", ""),
        ("coral:c3f1a2b4-0002", "coral:c3f1a2b4-0003", "tin_roof"),
        ("coral:c3f1a2b4-0001", "", "ridge_walker"),
    ]
    assert article.comments[1].text == "Agreed, watch the sanctions language."


def test_coral_errors_and_drift() -> None:
    src = coral_source()
    (start,) = CORAL.start(src, None)
    with pytest.raises(ConnectorError, match="Story not found"):
        CORAL.parse(src, start, page(b'{"errors": [{"message": "Story not found"}], "data": null}'))
    data = json.loads(fixture("coral/comments_page2.json"))
    node = data["data"]["comments"]["edges"][0]["node"]
    del node["createdAt"], node["parent"], node["author"]
    node["rating"] = 5
    del data["data"]["comments"]["pageInfo"]
    (article,) = CORAL.parse(src, start, page(json.dumps(data).encode())).articles
    assert len(article.comments) == 1 and article.comments[0].published is None
