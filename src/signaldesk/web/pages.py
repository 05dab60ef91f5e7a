"""The dashboard's pages, rendered on the server. Every form POST carries the session's CSRF token."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi import Path as InPath
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from fastapi.templating import Jinja2Templates

from ..errors import NotFoundError, UsageError
from ..export import COLUMNS, row
from ..types import now
from .accounts import AuthError, CSRFError, new_secret, same
from .auth import COOKIE, Principal, check_csrf, desk_of, page_user, require_role
from .brief_files import SANDBOX
from .charts import bar_chart, index_chart, line_chart
from .highlight import Span, highlight

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
User = Annotated[Principal, Depends(page_user)]
LOGIN_COOKIE = "signaldesk_login"
Id = Annotated[int, InPath(ge=1, le=2**62)]
BRIEF_HEADERS = {"Content-Security-Policy": SANDBOX}
BriefFormat = Literal["md", "html", "pdf", "json"]


def render(
    request: Request, template: str, principal: Principal | None, status: int = 200, **context: Any
) -> Response:
    desk = desk_of(request)
    context |= {"user": principal, "desk_name": desk.config.desk.name}
    return templates.TemplateResponse(request, template, context, status_code=status)


def error_page(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", None, status=status, status_code=status, message=message)


def _safe_next(target: str) -> str:
    """Only a path on this site: no scheme, no host, no backslash tricks."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    token = new_secret()
    response = render(request, "login.html", None, next=_safe_next(next), login_token=token, failed=False)
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", max_age=900)
    return response


@router.post("/login")
def login(
    request: Request,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not csrf or not same(expected, csrf):
        raise CSRFError("the login form's security token is missing or stale; reload the page")
    desk = desk_of(request)
    try:
        session_id, _ = desk.login(name, password)
    except AuthError:
        token = new_secret()
        response = render(
            request, "login.html", None, 401, next=_safe_next(next), login_token=token, failed=True
        )
        response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", max_age=900)
        return response
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(COOKIE, session_id, httponly=True, samesite="lax", max_age=12 * 3600)
    response.delete_cookie(LOGIN_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, principal: User, csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(principal, csrf)
    desk_of(request).logout(principal.session_id)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, principal: User) -> Response:
    desk = desk_of(request)
    since = now() - timedelta(days=30)
    alerts, _ = desk.recent_alerts(limit=10)
    return render(
        request,
        "overview.html",
        principal,
        latest=[h.document for h in desk.search(limit=20)],
        latest_id=desk.latest_document_id(),
        stories=desk.stories(since=since, limit=12),
        alerts=alerts,
        chart=line_chart(desk.volume(since=since), title="documents per day by watch"),
    )


def _when(value: str, field: str) -> datetime | None:
    if not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{field} must be a date like 2026-03-01, not '{value}'") from None


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    principal: User,
    q: Annotated[str, Query(max_length=2000)] = "",
    since: str = "",
    until: str = "",
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    desk = desk_of(request)
    start, end = _when(since, "since"), _when(until, "until")
    # total exact up to 10,000 (shown as "10,000+" above), facets over the newest 5,000 matches
    found = desk.search_page(q, since=start, until=end, limit=25, offset=offset)
    return render(
        request,
        "search.html",
        principal,
        q=q,
        since=since,
        until=until,
        offset=offset,
        hits=[h.document for h in found.hits],
        total=found.total,
        facets=found.facets,
    )


@router.get("/search/export")
def export(
    request: Request, principal: User, q: str = "", since: str = "", until: str = "", fmt: str = "csv"
) -> Response:
    if fmt not in ("csv", "jsonl"):
        raise UsageError(f"unknown export format '{fmt}': use csv or jsonl")
    desk = desk_of(request)
    documents = desk.documents(q, since=_when(since, "since"), until=_when(until, "until"))

    def lines() -> Iterator[str]:
        if fmt == "jsonl":
            for document in documents:
                yield json.dumps(row(document), ensure_ascii=False) + "\n"
            return
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
        writer.writeheader()
        for document in documents:
            values = row(document)
            values["authors"] = "; ".join(values["authors"])
            writer.writerow(values)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()

    kind = "text/csv" if fmt == "csv" else "application/x-ndjson"
    headers = {"Content-Disposition": f'attachment; filename="signaldesk-export.{fmt}"'}
    return StreamingResponse(lines(), media_type=kind, headers=headers)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, principal: User, story_id: Id) -> Response:
    desk = desk_of(request)
    report = desk.story(story_id)
    if not report.timeline:
        raise NotFoundError(f"no story with id {story_id}")
    daily: dict[Any, int] = {}
    for item in report.timeline:
        daily[item.moment.date()] = daily.get(item.moment.date(), 0) + 1
    chart = line_chart({"documents": sorted(daily.items())}, title="documents per day")
    originals = [i for i in report.timeline if i.duplicate_of is None][:40]
    quotes = [(i, q) for i in originals for q in desk.marks(i.document_id).quotes if q.speaker or q.actor_id][
        :20
    ]
    return render(
        request,
        "story.html",
        principal,
        story=report,
        chart=chart,
        outlets=bar_chart(report.outlets),
        quotes=quotes,
    )


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document(request: Request, principal: User, document_id: Id) -> Response:
    desk = desk_of(request)
    found = desk.document(document_id)
    marks = desk.marks(document_id)
    names = {a.id: a.name for a in desk.config.actors}
    spans = [Span(s, e, "entity", names.get(a or "", "") or kind) for s, e, kind, a in marks.mentions]
    spans += [Span(q.start, q.end, "quote", f"quote: {q.speaker or 'unknown speaker'}") for q in marks.quotes]
    spans += [Span(s, e, "frame", f"frame: {f}") for s, e, f in marks.frames]
    return render(
        request,
        "document.html",
        principal,
        doc=found,
        body=highlight(found.text, spans),
        quotes=marks.quotes,
        frames=sorted({f for _, _, f in marks.frames}),
        revisions=desk.revisions(document_id),
        actor_names=names,
    )


@router.get("/documents/{document_id}/original")
def original(request: Request, principal: User, document_id: Id) -> Response:
    """The archived body as plain text in a sandbox, downloaded, never rendered as HTML here."""
    body = desk_of(request).original(document_id)
    headers = {
        "Content-Disposition": f'attachment; filename="document-{document_id}-original.txt"',
        "Content-Security-Policy": "sandbox; default-src 'none'",
    }
    return Response(body, media_type="text/plain; charset=utf-8", headers=headers)


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor(request: Request, principal: User, actor_id: str) -> Response:
    desk = desk_of(request)
    found = desk.actor_signals(actor_id, since=now() - timedelta(days=90))
    known = next(a for a in desk.config.actors if a.id == actor_id)
    zone = desk.config.zone
    marks = [
        (s.shift.changed_at.astimezone(zone).date(), f"{s.frame}: {s.shift.direction}") for s in found.shifts
    ]
    chart = index_chart(
        {frame: [(d.day, d.value) for d in days] for frame, days in found.indexes.items()},
        marks,
        title=f"signal index of {known.name} per frame",
    )
    quotes = desk.actor_quotes(actor_id, limit=100)
    shifts = list(reversed(found.shifts))
    return render(
        request, "actor.html", principal, actor=known, quotes=quotes, chart=chart, shifts=shifts, zone=zone
    )


@router.get("/columnists", response_class=HTMLResponse)
def columnists(request: Request, principal: User) -> Response:
    return render(request, "columnists.html", principal, columnists=desk_of(request).columnists(), one=None)


@router.get("/columnists/{key}", response_class=HTMLResponse)
def columnist(request: Request, principal: User, key: str) -> Response:
    desk = desk_of(request)
    found = next((c for c in desk.columnists() if c.key == key), None)
    if found is None:
        raise NotFoundError(f"no columnist '{key}'")
    pieces = sorted(
        (desk.document(i) for i in found.pieces), key=lambda d: d.published or d.first_seen, reverse=True
    )
    return render(request, "columnists.html", principal, columnists=[], one=found, pieces=pieces)


@router.get("/outlets/{name}", response_class=HTMLResponse)
def outlet(request: Request, principal: User, name: str) -> Response:
    desk = desk_of(request)
    query = 'outlet:"' + name.replace('"', "") + '"'
    total = desk.total(query)
    if not total.value:
        raise NotFoundError(f"no documents from an outlet named '{name}'")
    facets = desk.facets(query)
    return render(
        request,
        "outlet.html",
        principal,
        name=name,
        total=total,
        latest=[h.document for h in desk.search(query, limit=30)],
        genres=bar_chart(facets["genre"], title="genres"),
        frames=bar_chart(facets["frame"], title="frames"),
    )


@router.get("/briefs", response_class=HTMLResponse)
def briefs(request: Request, principal: User) -> Response:
    desk = desk_of(request)
    rows, total = desk.stored_briefs(limit=100)
    formats = [("md", "Markdown"), ("html", "HTML"), ("pdf", "PDF"), ("json", "JSON")]
    zone = desk.config.zone
    return render(
        request,
        "briefs.html",
        principal,
        briefs=rows,
        total=total,
        formats=formats,
        zone=zone,
        timezone=zone.key,
    )


@router.post("/briefs")
def write_brief(
    request: Request,
    principal: User,
    csrf: Annotated[str, Form()] = "",
    since: Annotated[str, Form(alias="from", max_length=40)] = "",
    until: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Write and keep the brief of the latest shift, or of from/until (desk time); then show it."""
    from .brief_files import form_window

    check_csrf(principal, csrf)
    require_role(principal, "analyst")
    desk = desk_of(request)
    window = form_window(since, until, desk.config.zone)
    if window is None:
        shift = desk.shift_window()
        brief = desk.brief(shift.start, shift.end, label=shift.label)
    else:
        brief = desk.brief(*window)
    return RedirectResponse(f"/briefs/{desk.record_brief(brief)}", status_code=303)


@router.get("/briefs/{brief_id}.{fmt}")
def brief_file(request: Request, principal: User, brief_id: Id, fmt: BriefFormat) -> Response:
    """A kept brief downloaded as Markdown, HTML, PDF or its JSON."""
    from .brief_files import MEDIA_TYPES, body, headers

    desk = desk_of(request)
    brief = desk.stored_brief(brief_id)
    data = body(brief, desk.stored_brief_data(brief_id), fmt)
    return Response(data, media_type=MEDIA_TYPES[fmt], headers=headers(desk.config.desk.name, brief, fmt))


@router.get("/briefs/{brief_id}")
def brief_page(request: Request, principal: User, brief_id: Id) -> Response:
    """A kept brief's own HTML, sandboxed (it has inline styles and nothing else)."""
    from ..briefs.render import render as render_brief

    brief = desk_of(request).stored_brief(brief_id)
    return Response(render_brief(brief, "html"), media_type="text/html; charset=utf-8", headers=BRIEF_HEADERS)


@router.post("/settings/users", response_class=HTMLResponse)
def add_user(
    request: Request,
    principal: User,
    name: Annotated[str, Form()],
    role: Annotated[str, Form()] = "viewer",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(principal, csrf)
    require_role(principal, "admin")
    password = desk_of(request).add_user(name, role)
    return render(request, "secret.html", principal, what=f"One-time password for {name}", secret=password)


@router.post("/settings/tokens", response_class=HTMLResponse)
def add_token(
    request: Request, principal: User, label: Annotated[str, Form()] = "", csrf: Annotated[str, Form()] = ""
) -> Response:
    check_csrf(principal, csrf)
    require_role(principal, "analyst")
    token = desk_of(request).add_token(principal.name, label)
    return render(request, "secret.html", principal, what="Your new API token", secret=token)
