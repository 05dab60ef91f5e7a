"""Which kind of piece a page is: news, opinion, analysis, an official statement...

Evidence is weighed in a fixed order, the rules kept as data:
a specific JSON-LD type (OpinionNewsArticle, AnalysisNewsArticle ...), then the URL
path, then the section name, then a generic news type, then the source's hint.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from signaldesk.types import Genre

SPECIFIC_TYPES: dict[str, Genre] = {
    "OpinionNewsArticle": Genre.OPINION,
    "ReviewNewsArticle": Genre.OPINION,
    "Review": Genre.OPINION,
    "CriticReview": Genre.OPINION,
    "AnalysisNewsArticle": Genre.ANALYSIS,
    "BackgroundNewsArticle": Genre.ANALYSIS,
    "ReportageNewsArticle": Genre.NEWS,
    "PressRelease": Genre.OFFICIAL,
    "GovernmentService": Genre.OFFICIAL,
    "Comment": Genre.COMMENT,
    "DiscussionForumPosting": Genre.COMMENT,
}
GENERIC_TYPES: dict[str, Genre] = {
    "NewsArticle": Genre.NEWS,
    "LiveBlogPosting": Genre.NEWS,
}
PATH_RULES: tuple[tuple[re.Pattern[str], Genre], ...] = (
    (
        re.compile(
            r"/(?:briefings?|briefings-statements|briefing-room|statements?-(?:and-)?releases?|press-releases?|press-statements?|"
            r"readouts?|pressemitteilungen?|communiques?)(?:/|$)"
        ),
        Genre.OFFICIAL,
    ),
    (
        re.compile(
            r"/(?:opinions?|op-?eds?|editorials?|columnists?|columns?|commentary|letters|"
            r"letters-to-the-editor|meinung|kommentar|tribunes?)(?:/|$)"
        ),
        Genre.OPINION,
    ),
    (
        re.compile(r"/(?:analysis|news-analysis|explainers?|in-depth|the-big-read|long-reads?)(?:/|$)"),
        Genre.ANALYSIS,
    ),
)
SECTION_RULES: tuple[tuple[re.Pattern[str], Genre], ...] = (
    (
        re.compile(
            r"\b(?:opinions?|op-?eds?|editorials?|columns?|columnists?|commentary|letters|"
            r"views?|meinung|kommentar)\b",
            re.IGNORECASE,
        ),
        Genre.OPINION,
    ),
    (re.compile(r"\b(?:analysis|explainers?|in depth|fact check)\b", re.IGNORECASE), Genre.ANALYSIS),
    (re.compile(r"\b(?:press releases?|statements?|briefings?|readouts?)\b", re.IGNORECASE), Genre.OFFICIAL),
)
HINTS: dict[str, Genre] = {
    "news": Genre.NEWS,
    "opinion": Genre.OPINION,
    "analysis": Genre.ANALYSIS,
    "official": Genre.OFFICIAL,
    "comment": Genre.COMMENT,
    "comments": Genre.COMMENT,
}


def classify_genre(
    ld_types: tuple[str, ...] = (),
    url: str = "",
    section: str = "",
    default_genre: str | None = None,
) -> Genre:
    """The genre the evidence points to; Genre.UNKNOWN when nothing says."""
    for kind in ld_types:
        if kind in SPECIFIC_TYPES:
            return SPECIFIC_TYPES[kind]
    path = urlsplit(url).path.lower() if url else ""
    for pattern, genre in PATH_RULES:
        if pattern.search(path):
            return genre
    for pattern, genre in SECTION_RULES:
        if section and pattern.search(section):
            return genre
    for kind in ld_types:
        if kind in GENERIC_TYPES:
            return GENERIC_TYPES[kind]
    return genre_hint(default_genre)


def genre_hint(hint: str | None) -> Genre:
    """A source's genre setting as a Genre ("comments" in desk files means Genre.COMMENT)."""
    if not hint:
        return Genre.UNKNOWN
    return HINTS.get(hint.strip().lower(), Genre.UNKNOWN)


_NOT_SECTIONS = frozenset({"article", "articles", "story", "stories", "news", "en", "amp", "www"})


def section_from_url(url: str) -> str:
    """The first path segment that reads like a section ("/world/asia/..." -> "world")."""
    for segment in urlsplit(url).path.rstrip("/").split("/")[:-1]:
        if re.fullmatch(r"[a-z][a-z-]{1,30}", segment) and segment not in _NOT_SECTIONS:
            return segment
    return ""
