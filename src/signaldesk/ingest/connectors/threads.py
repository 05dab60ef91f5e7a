"""Reader-comment threads as articles of genre comment.

A thread is stored as one article: its address is the thread's own (a Reddit post) or
the discussed article's address with '#comments' (Disqus, Coral), so it never replaces
the article it discusses; the comments go in `Article.comments`. The text ends with a
line counting the comments and naming the latest, so a new comment makes a new
revision and the store replaces the comments. Authors are handles only and the
article has no authors, so no handle reaches a brief.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ...types import Article, Comment, Genre


def thread_article(
    *,
    url: str,
    title: str,
    body: str,
    comments: Sequence[Comment],
    site: str,
    discusses: str = "",
    published: datetime | None = None,
    tags: Sequence[str] = (),
) -> Article:
    times = [comment.published for comment in comments if comment.published is not None]
    tally = f"{len(comments)} reader comment(s)"
    if times:
        tally += f", the latest at {max(times).isoformat()}"
    lines = [title, body] if body else [title]
    if discusses:
        lines.append(f"Discusses: {discusses}")
    lines.append(tally)
    labels = [*tags, *([f"discusses:{discusses}"] if discusses else [])]
    return Article(
        url=url,
        canonical_url=url,
        title=title,
        text="\n\n".join(line for line in lines if line),
        published=published,
        genre=Genre.COMMENT,
        site_name=site,
        tags=tuple(labels),
        comments=tuple(
            sorted(comments, key=lambda c: (c.published is None, c.published or 0, c.platform_id))
        ),
    )


def comments_url(article_url: str) -> str:
    return article_url.split("#", 1)[0] + "#comments"
