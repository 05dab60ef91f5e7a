"""The REST API under /api/v1: JSON in the one error shape, token or session auth, limit/offset paging."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as InPath
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ..desk import Desk
from ..errors import NotFoundError
from ..types import Document, Quote
from .auth import Principal, api_user, check_csrf, desk_of, require_role


class ErrorDetail(BaseModel):
    code: str
    message: str
    details: Any = None


class ErrorBody(BaseModel):
    """The one shape of every error the API answers."""

    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (401, "No valid session or API token"),
        (403, "The role or the CSRF token does not allow this"),
        (404, "No such item"),
        (422, "Invalid parameters or query"),
    )
}
router = APIRouter(prefix="/api/v1", dependencies=[Depends(api_user)], responses=ERRORS)
DeskDep = Annotated[Desk, Depends(desk_of)]
Limit = Annotated[int, Query(ge=1, le=500, description="How many items at most.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="How many items to skip.")]
Q = Annotated[str, Query(max_length=2000, description="Query in the query language.")]
When = Annotated[datetime | None, Query(description="ISO 8601 moment.")]
Id = Annotated[int, InPath(ge=1, le=2**62, description="Numeric id.")]


def document_json(document: Document, *, full: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": document.id,
        "title": document.title,
        "url": document.url,
        "outlet": document.outlet,
        "source_id": document.source_id,
        "genre": str(document.genre),
        "language": document.language,
        "authors": list(document.authors),
        "published": document.published,
        "first_seen": document.first_seen,
        "revision": document.revision,
    }
    if full:
        data |= {"text": document.text, "canonical_url": document.canonical_url, "section": document.section}
    return data


def quote_json(quote: Quote) -> dict[str, Any]:
    return {
        "text": quote.text,
        "start": quote.start,
        "end": quote.end,
        "kind": quote.kind,
        "speaker": quote.speaker,
        "actor_id": quote.actor_id,
        "verb": quote.verb,
    }


def page(items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/me", summary="Who the request is signed in as")
def me(principal: Annotated[Principal, Depends(api_user)]) -> dict[str, Any]:
    return {"name": principal.name, "role": principal.role}


class DocumentsAnswer(BaseModel):
    """A page of documents, newest published first, with a bounded total."""

    total: int = Field(description="Matching documents, counted up to 10,000 (the cap when more match).")
    total_is_exact: bool = Field(description="False when more than `total` documents match.")
    limit: int
    offset: int
    items: list[dict[str, Any]]


@router.get("/documents", summary="Stored documents, newest first", response_model=DocumentsAnswer)
def documents(
    desk: DeskDep, q: Q = "", since: When = None, until: When = None, limit: Limit = 20, offset: Offset = 0
) -> dict[str, Any]:
    hits = desk.search(q, since=since, until=until, limit=limit, offset=offset)
    total = desk.total(q, since=since, until=until)
    result = page([document_json(h.document) for h in hits], total.value, limit, offset)
    result["total_is_exact"] = total.exact
    return result


@router.get("/documents/{document_id}", summary="One document with its text, revisions and marks")
def document(desk: DeskDep, document_id: Id) -> dict[str, Any]:
    found = desk.document(document_id)
    marks = desk.marks(document_id)
    data = document_json(found, full=True)
    data["revisions"] = [
        {"revision": r.revision, "seen_at": r.seen_at, "title": r.title, "diff_summary": r.diff_summary}
        for r in desk.revisions(document_id)
    ]
    data["mentions"] = [{"start": s, "end": e, "type": k, "actor_id": a} for s, e, k, a in marks.mentions]
    data["quotes"] = [quote_json(q) for q in marks.quotes]
    data["frames"] = [{"start": s, "end": e, "frame": f} for s, e, f in marks.frames]
    return data


class FacetCount(BaseModel):
    value: str
    count: int


class SearchAnswer(BaseModel):
    """A page of matching documents, newest published first, with a bounded total and facets."""

    total: int = Field(description="Matching documents, counted up to 10,000 (the cap when more match).")
    total_is_exact: bool = Field(description="False when more than `total` documents match.")
    limit: int
    offset: int
    items: list[dict[str, Any]]
    facets: dict[str, list[FacetCount]] = Field(
        description="Counts by outlet, genre, language, actor and frame, largest first."
    )
    facets_exact: bool = Field(description="False when the facets count only the newest matches.")
    facets_counted: int = Field(description="How many matching documents the facets count.")


@router.get(
    "/search",
    summary="Search with facets by outlet, genre, language, actor and frame",
    response_model=SearchAnswer,
)
def search(
    desk: DeskDep, q: Q = "", since: When = None, until: When = None, limit: Limit = 20, offset: Offset = 0
) -> dict[str, Any]:
    found = desk.search_page(q, since=since, until=until, limit=limit, offset=offset)
    total, facets = found.total, found.facets
    result = page([document_json(h.document) for h in found.hits], total.value, limit, offset)
    result["total_is_exact"] = total.exact
    result["facets"] = {name: [{"value": v, "count": n} for v, n in rows] for name, rows in facets.items()}
    result["facets_exact"] = facets.exact
    result["facets_counted"] = facets.counted
    return result


@router.get("/stories", summary="Stories active in the window, most recently updated first")
def stories(
    desk: DeskDep, since: When = None, until: When = None, limit: Limit = 20, offset: Offset = 0
) -> dict[str, Any]:
    rows = desk.stories(since=since, until=until, limit=10_000)
    items = [
        {
            "id": s.id,
            "title": s.title,
            "first_seen": s.first_seen,
            "last_updated": s.last_updated,
            "documents": s.documents,
            "outlets": s.outlets,
        }
        for s in rows[offset : offset + limit]
    ]
    return page(items, len(rows), limit, offset)


@router.get("/stories/{story_id}", summary="One story: summary, timeline, outlets, voices, frames")
def story(desk: DeskDep, story_id: Id) -> dict[str, Any]:
    report = desk.story(story_id)
    if not report.timeline:
        raise NotFoundError(f"no story with id {story_id}")
    return {
        "id": report.id,
        "title": report.title,
        "summary": list(report.summary),
        "first_seen": report.first_seen,
        "last_updated": report.last_updated,
        "timeline": [
            {
                "document_id": i.document_id,
                "moment": i.moment,
                "outlet": i.outlet,
                "genre": str(i.genre),
                "title": i.title,
                "duplicate_of": i.duplicate_of,
            }
            for i in report.timeline
        ],
        "outlets": [{"value": v, "count": n} for v, n in report.outlets],
        "actors": [{"value": v, "count": n} for v, n in report.actors],
        "frames": [{"value": v, "count": n} for v, n in report.frames],
        "tone": report.tone,
    }


@router.get("/actors", summary="The actors the desk follows")
def actors(desk: DeskDep, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    every = desk.config.actors
    items = [{"id": a.id, "name": a.name, "kind": a.kind, "country": a.country} for a in every]
    return page(items[offset : offset + limit], len(every), limit, offset)


@router.get("/actors/{actor_id}/quotes", summary="What an actor was quoted saying, newest first")
def actor_quotes(
    desk: DeskDep, actor_id: Annotated[str, InPath(max_length=80)], limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    found = desk.actor_quotes(actor_id, limit=offset + limit)
    items = [{"document": document_json(d), "quote": quote_json(q)} for d, q in found]
    return page(items[offset : offset + limit], len(found), limit, offset)


@router.get(
    "/actors/{actor_id}/signals",
    summary="An actor's policy-signal index per frame (a value a day) and its detected shifts",
)
def actor_signals(
    desk: DeskDep,
    actor_id: Annotated[str, InPath(max_length=80)],
    frame: Annotated[str | None, Query(max_length=80, description="Only this frame id.")] = None,
    since: When = None,
    until: When = None,
) -> dict[str, Any]:
    return desk.actor_signals(actor_id, frame=frame, since=since, until=until).to_json()


@router.get("/alerts", summary="Stored alerts, newest first")
def alerts(desk: DeskDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    rows, total = desk.recent_alerts(limit=limit, offset=offset)
    return page([vars_of(r) for r in rows], total, limit, offset)


@router.get("/briefs", summary="Stored briefs, newest first")
def briefs(desk: DeskDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    rows, total = desk.stored_briefs(limit=limit, offset=offset)
    return page([vars_of(r) for r in rows], total, limit, offset)


BRIEF_CONTENT: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The kept brief in the asked format",
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "text/markdown": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
            "application/pdf": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


@router.get(
    "/briefs/{brief_id}",
    summary="One kept brief as JSON (default), Markdown, HTML or PDF",
    response_class=Response,
    responses=BRIEF_CONTENT,
)
def brief(
    desk: DeskDep,
    brief_id: Id,
    format: Annotated[
        Literal["json", "md", "html", "pdf"], Query(description="json, md, html or pdf.")
    ] = "json",
) -> Response:
    from .brief_files import MEDIA_TYPES, body, headers

    found = desk.stored_brief(brief_id)
    data = body(found, desk.stored_brief_data(brief_id), format)
    return Response(
        data, media_type=MEDIA_TYPES[format], headers=headers(desk.config.desk.name, found, format)
    )


@router.get("/sources", summary="Health of every source")
def sources(desk: DeskDep, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    every = desk.health()
    items = [
        {
            "source_id": h.source_id,
            "last_polled": h.last_polled,
            "last_success": h.last_success,
            "last_error": h.last_error,
            "consecutive_failures": h.consecutive_failures,
            "median_latency": h.median_latency,
            "items_per_day": h.items_per_day,
            "last_new_item": h.last_new_item,
            "gone": h.gone,
        }
        for h in every
    ]
    return page(items[offset : offset + limit], len(every), limit, offset)


@router.post("/users", status_code=201, summary="Add a user (admin); answers their one-time password")
def add_user(request: Request, desk: DeskDep, name: str, role: str = "viewer") -> dict[str, Any]:
    principal = api_user(request)
    require_role(principal, "admin")
    if principal.session_id:
        check_csrf(principal, request.headers.get("x-csrf-token"))
    return {"name": name, "role": role, "password": desk.add_user(name, role)}


def vars_of(row: Any) -> dict[str, Any]:
    return {name: getattr(row, name) for name in row.__slots__}
