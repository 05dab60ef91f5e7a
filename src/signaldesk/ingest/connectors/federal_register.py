"""Federal Register API v1: documents matching a search, as official articles.

Endpoint: GET https://www.federalregister.gov/api/v1/documents.json with
conditions[term], conditions[agencies][], conditions[type][], order, per_page, fields[].
No key and no published rate limit; we keep to one request a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from ...config import Source
from ...types import Article, Genre, Page
from .base import (
    Parsed,
    Request,
    as_dict,
    as_list,
    int_param,
    load_json,
    parse_when,
    plain,
    rebase,
    text_of,
)
from .ratelimits import RateLimit

FIELDS = (
    "title",
    "type",
    "abstract",
    "action",
    "document_number",
    "html_url",
    "pdf_url",
    "raw_text_url",
    "publication_date",
    "agencies",
    "excerpts",
)
SITE = "Federal Register"


def search_url(source: Source, since: datetime | None) -> str:
    """The documents.json search for a source's params (term, agencies, types)."""
    query: list[tuple[str, str]] = []
    if term := source.params.get("term", "").strip():
        query.append(("conditions[term]", term))
    for name, condition in (("agencies", "agencies"), ("types", "type")):
        for value in source.params.get(name, "").split(","):
            if value.strip():
                query.append((f"conditions[{condition}][]", value.strip()))
    if since is not None:
        query.append(("conditions[publication_date][gte]", (since - timedelta(days=2)).date().isoformat()))
    query.append(("order", "newest"))
    query.append(("per_page", str(int_param(source, "per_page", 20, high=1000))))
    query.extend(("fields[]", name) for name in FIELDS)
    return f"{source.url.split('?', 1)[0]}?{urlencode(query)}"


def document_article(item: dict[str, object]) -> Article | None:
    """One result as an official article; None when it has no address to key it by."""
    url = text_of(item.get("html_url"))
    number = text_of(item.get("document_number"))
    if not url and number:
        url = f"https://www.federalregister.gov/d/{number}"
    if not url:
        return None
    title = text_of(item.get("title")) or f"Federal Register document {number}".strip()
    agencies = tuple(
        text_of(as_dict(agency).get("name")) or text_of(as_dict(agency).get("raw_name"))
        for agency in as_list(item.get("agencies"))
    )
    agencies = tuple(name for name in agencies if name)
    kind = text_of(item.get("type"))
    published = parse_when(item.get("publication_date"))
    facts = [kind, "; ".join(agencies)]
    if published is not None:
        facts.append(f"published {published.date().isoformat()}")
    if number:
        facts.append(f"document {number}")
    lines = [title, " | ".join(fact for fact in facts if fact)]
    for name in ("action", "abstract"):
        if body := plain(text_of(item.get(name))):
            lines.append(body)
    links = [text_of(item.get(name)) for name in ("raw_text_url", "pdf_url")]
    lines.extend(f"Full text: {link}" for link in links if link)
    tags = ["federal-register", *(f"agency:{name}" for name in agencies)]
    if kind:
        tags.append(f"type:{kind}")
    return Article(
        url=url,
        canonical_url=url,
        title=title,
        text="\n\n".join(lines),
        authors=agencies,
        published=published,
        language="en",
        genre=Genre.OFFICIAL,
        site_name=SITE,
        section=kind,
        tags=tuple(tags),
    )


LIMIT = RateLimit(1, 1.0, published=False, note="no limit published; one request a second")


@dataclass(frozen=True)
class FederalRegister:
    name: str = "federal-register"
    limit: RateLimit = LIMIT
    needs_key: bool = False

    def start(self, source: Source, since: datetime | None) -> list[Request]:
        return [Request(search_url(source, since), "documents", 1)]

    def parse(self, source: Source, request: Request, page: Page) -> Parsed:
        data = as_dict(load_json(page, "the Federal Register search"))
        articles, skipped = [], []
        for item in as_list(data.get("results")):
            article = document_article(as_dict(item))
            if article is None:
                skipped.append("a Federal Register result without html_url or document_number")
            else:
                articles.append(article)
        follow: tuple[Request, ...] = ()
        next_url = text_of(data.get("next_page_url"))
        number = request.carry if isinstance(request.carry, int) else 1
        if next_url and number < int_param(source, "pages", 3, high=50):
            follow = (Request(rebase(next_url, source.url), "documents", number + 1),)
        return Parsed(articles=tuple(articles), follow=follow, skipped=tuple(skipped))

    def sign(self, url: str, key: str) -> str:
        return url
