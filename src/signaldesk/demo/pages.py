"""Article pages of the demo outlets: one look (skin) per kind of site.

Each skin lays out the same PageView with its own structure and class names, so
extraction meets several real-world shapes.
"""

from __future__ import annotations

from collections.abc import Callable

from .chrome import (
    PageView,
    ad,
    comments,
    cookie_banner,
    e,
    footer,
    head,
    nav,
    newsletter,
    related,
    share_bar,
    slug,
    time_tag,
)

CSS = "body{font-family:Georgia,serif;margin:0}main{max-width:46rem;margin:auto}"


def _paras(view: PageView, css: str = "") -> str:
    attr = f' class="{css}"' if css else ""
    return "\n".join(f"<p{attr}>{e(p)}</p>" for p in view.paragraphs)


def _note(view: PageView, css: str) -> str:
    return f'<div class="{css}"><strong>{e(view.note)}</strong></div>' if view.note else ""


def _byline(view: PageView) -> str:
    names = " and ".join(view.authors)
    return f"By {names}" if names else ""


def _credit(view: PageView) -> str:
    return f' <span class="credit">{e(view.via)}</span>' if view.via else ""


def wire(view: PageView) -> str:
    p = "cpw-" if view.outlet_id == "cpw" else "wx-"
    return "\n".join(
        [
            head(view, CSS),
            "<body>",
            cookie_banner(p),
            nav(p, view),
            '<div id="wrapper">',
            f'<article class="{p}story" itemscope>',
            f'<p class="{p}kicker">{e(view.section)}</p>',
            f'<h1 class="{p}headline">{e(view.title)}</h1>',
            f'<div class="{p}meta"><span class="{p}author">{e(_byline(view))}</span>{_credit(view)} '
            f"{time_tag(view.published, p + 'date')}</div>",
            _note(view, p + "update"),
            f'<div class="{p}body">{_paras(view)}</div>',
            f'<p class="{p}copyright">Copyright {view.published.year} {e(view.via or view.outlet_name)}. '
            "All rights reserved. This material may not be published, broadcast or redistributed.</p>",
            "</article>",
            share_bar(p, view.url),
            ad(p, "rail"),
            related(p, view, "More from the wire"),
            "</div>",
            footer(p, view),
            "</body></html>",
        ]
    )


def broadsheet(view: PageView) -> str:
    p = view.outlet_id[:3] + "-"
    opinion = view.kind in ("opinion", "editorial")
    label = "Opinion" if opinion else view.section
    return "\n".join(
        [
            head(view, CSS),
            f'<body class="{p}page {p}{e(view.kind)}">',
            cookie_banner(p),
            ad(p, "leaderboard"),
            f'<header class="{p}masthead"><div class="{p}date">{view.published:%A, %B %-d, %Y}</div>',
            f'<a href="/" class="{p}brand">{e(view.outlet_name)}</a></header>',
            nav(p, view),
            f'<main id="main-content" class="{p}main"><div class="{p}article-header">',
            f'<a class="{p}section-label" href="/section/{slug(label)}">{e(label)}</a>',
            f'<h1 class="{p}title" itemprop="headline">{e(view.title)}</h1>',
            f'<div class="{p}byline" rel="author">{e(_byline(view))}{_credit(view)}</div>',
            f'<div class="{p}timestamp">Published {time_tag(view.published)}'
            + (f" | Updated {time_tag(view.modified)}" if view.modified != view.published else "")
            + "</div>",
            "</div>",
            share_bar(p, view.url),
            _note(view, p + "correction"),
            f'<section class="{p}article-body" itemprop="articleBody">',
            _paras(view, p + "paragraph"),
            "</section>",
            f'<div class="{p}tags">'
            + "".join(f'<a href="/tag/{e(t)}">{e(t)}</a> ' for t in view.tags)
            + "</div>",
            newsletter(p, view.outlet_name),
            comments(p, view, "Reader comments"),
            "</main>",
            f'<aside class="{p}sidebar">{ad(p, "sidebar")}{related(p, view, "Most read")}</aside>',
            footer(p, view),
            "</body></html>",
        ]
    )


def regional(view: PageView) -> str:
    return "\n".join(
        [
            head(view, CSS),
            "<body>",
            cookie_banner("mg-"),
            nav("mg-", view),
            '<div class="container"><div class="row"><div class="col-main">',
            f'<div class="story-head"><h1>{e(view.title)}</h1>',
            f'<div class="story-byline">{e(_byline(view))}{_credit(view)}</div>',
            f'<div class="story-date">{time_tag(view.published)}</div></div>',
            _note(view, "story-update"),
            ad("mg-", "inline"),
            f'<div class="story-text">{_paras(view)}</div>',
            comments("mg-", view, "Join the conversation"),
            '</div><div class="col-side">',
            newsletter("mg-", view.outlet_name),
            related("mg-", view, "Trending"),
            "</div></div></div>",
            footer("mg-", view),
            "</body></html>",
        ]
    )


def cable(view: PageView) -> str:
    parts = [
        head(view, CSS),
        '<body data-site="b24">',
        cookie_banner("b24-"),
        '<div class="b24-breaking"><span>BREAKING</span> Live coverage continues on Bulletin 24</div>',
        nav("b24-", view),
        '<main class="b24-layout">',
        f'<div class="b24-video-player" data-video="/video/{e(view.url.rsplit("/", 1)[-1])}">'
        "<span>Watch: the latest from our correspondents</span></div>",
        f'<h1 class="b24-headline__text">{e(view.title)}</h1>',
        '<div class="b24-byline">',
        *[f'<span class="b24-byline__name">{e(a)}</span>' for a in view.authors],
        f'<span class="b24-byline__source">{e(view.via or "Bulletin 24")}</span>',
        f'<div class="b24-timestamp">Updated {time_tag(view.modified)}</div></div>',
        _note(view, "b24-editors-note"),
        '<div class="b24-article__content">',
    ]
    for index, paragraph in enumerate(view.paragraphs):
        parts.append(f'<div class="b24-paragraph" data-index="{index}">{e(paragraph)}</div>')
        if index == 2:
            parts.append(ad("b24-", "midarticle"))
    parts += [
        "</div>",
        share_bar("b24-", view.url),
        related("b24-", view, "Watch next"),
        comments("b24-", view),
        "</main>",
        footer("b24-", view),
        "</body></html>",
    ]
    return "\n".join(parts)


def magazine(view: PageView) -> str:
    deck = view.paragraphs[0] if view.paragraphs else ""
    return "\n".join(
        [
            head(view, CSS),
            "<body>",
            cookie_banner("sr-"),
            nav("sr-", view),
            '<div class="sr-paywall-meter">You have 2 free articles left this month.</div>',
            '<div id="content"><div class="post">',
            f'<div class="post-meta"><span class="post-category">{e(view.kind.title())}</span> '
            f'<span class="post-section">{e(view.section)}</span></div>',
            f'<h1 class="entry-title">{e(view.title)}</h1>',
            f'<p class="entry-deck">{e(deck[:140])}...</p>',
            f'<div class="entry-author">{e(_byline(view))}</div>',
            f'<div class="entry-date">{time_tag(view.published)}</div>',
            _note(view, "entry-update"),
            f'<div class="entry-content">{_paras(view)}</div>',
            '<div class="author-bio">'
            + "".join(
                f"<p><strong>{e(a)}</strong> writes regularly for {e(view.outlet_name)}.</p>"
                for a in view.authors
            )
            + "</div>",
            "</div>",
            newsletter("sr-", view.outlet_name),
            related("sr-", view, "Further reading"),
            comments("sr-", view),
            "</div>",
            footer("sr-", view),
            "</body></html>",
        ]
    )


def official(view: PageView) -> str:
    p = "mfa-" if view.outlet_id == "kdr-mfa" else "cap-"
    speakers = ", ".join(view.authors)
    return "\n".join(
        [
            head(view, CSS),
            f'<body class="{p}site">',
            f'<div class="{p}banner">Official website of the {e(view.outlet_name)}</div>',
            nav(p, view),
            f'<div class="{p}breadcrumb"><a href="/">Home</a> &rsaquo; <a href="/press/">Press</a> &rsaquo; '
            f"{e(view.section)}</div>",
            f'<div class="{p}release"><div class="{p}release-type">{e(view.section)}</div>',
            f'<h1 class="{p}release-title">{e(view.title)}</h1>',
            f'<div class="{p}release-date">{time_tag(view.published)}</div>',
            f'<div class="{p}release-from">{e(speakers)}</div>' if speakers else "",
            _note(view, p + "release-note"),
            f'<div class="{p}release-body">{_paras(view)}</div>',
            '<p class="release-end">###</p>',
            f'<div class="{p}press-contact">Press contact: press office, {e(view.outlet_name)}</div></div>',
            related(p, view, "Recent releases"),
            footer(p, view),
            "</body></html>",
        ]
    )


def forum(view: PageView) -> str:
    op = view.authors[0] if view.authors else "anonymous"
    rows = "".join(
        f'<div class="post-row comment" id="post-{n}"><div class="post-user comment-author">{e(handle)}</div>'
        f'<div class="post-when">{time_tag(at)}</div><div class="post-text comment-text">{e(text)}</div>'
        '<div class="post-actions"><a href="#">Reply</a> <a href="#">Report</a></div></div>'
        for n, (handle, at, text) in enumerate(view.comments, start=1)
    )
    return "\n".join(
        [
            head(view, CSS),
            '<body class="ts">',
            cookie_banner("ts-"),
            nav("ts-", view),
            f'<div class="thread"><div class="thread-title"><h1>{e(view.title)}</h1>'
            f'<span class="thread-board">{e(view.section)}</span></div>',
            f'<div class="post-row opening"><div class="post-user">{e(op)}</div>'
            f'<div class="post-when">{time_tag(view.published)}</div>'
            f'<div class="post-text">{_paras(view)}</div></div>',
            f'<div class="replies comments" data-count="{len(view.comments)}">{rows}</div>',
            '<form class="reply-box" action="/reply" method="post"><textarea name="text"></textarea>'
            "<button>Post reply</button></form></div>",
            related("ts-", view, "Similar threads"),
            footer("ts-", view),
            "</body></html>",
        ]
    )


SKINS: dict[str, Callable[[PageView], str]] = {
    "wire": wire,
    "broadsheet": broadsheet,
    "regional": regional,
    "cable": cable,
    "magazine": magazine,
    "official": official,
    "forum": forum,
}


def render_page(skin: str, view: PageView) -> str:
    return SKINS[skin](view)
