"""Settings and sources pages: each section of the desk file edited as YAML, sources added and
switched on or off. Everyone signed in reads them; only an admin changes them (with the
form's CSRF token). An edit is validated as the whole desk file: a refused one shows the
loader's message and keeps what the user typed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi import Path as InPath
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..desk import Desk
from ..desk_file import SECTIONS
from ..errors import DeskFileError, NotFoundError, UsageError
from ..types import now
from .auth import Principal, check_csrf, desk_of, require_role
from .pages import User, render

router = APIRouter(include_in_schema=False)
Section = Annotated[str, InPath(max_length=40)]
SourceId = Annotated[str, InPath(max_length=80)]
KINDS = ("feed", "sitemap", "listing", "api")


def _sections(desk: Desk, admin: bool) -> tuple[dict[str, str], str]:
    """Each editable section's YAML, or why there is none. Channel URLs show an admin their
    scheme and host with *** for the rest; anyone else only their scheme."""
    if desk.path is None:
        return {}, "this desk was opened without a desk file, so its settings cannot be edited here"
    try:
        return {name: desk.settings_text(name, for_editing=admin) for name in SECTIONS}, ""
    except DeskFileError as error:
        return {}, error.message


def _settings_page(
    request: Request,
    principal: Principal,
    status: int = 200,
    failed: str = "",
    error: str = "",
    text: str = "",
) -> Response:
    desk = desk_of(request)
    sections, problem = _sections(desk, principal.role == "admin")
    if failed:
        sections[failed] = text
    users = desk.users() if principal.role == "admin" else []
    return render(
        request,
        "settings.html",
        principal,
        status,
        sections=sections,
        problem=problem,
        failed=failed,
        error=error,
        saved=request.query_params.get("saved", ""),
        users=users,
    )


@router.get("/settings", response_class=HTMLResponse)
def settings(request: Request, principal: User) -> Response:
    return _settings_page(request, principal)


@router.post("/settings/section/{section}", response_class=HTMLResponse)
def save_section(
    request: Request,
    principal: User,
    section: Section,
    yaml: Annotated[str, Form(max_length=1_000_000)] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(principal, csrf)
    require_role(principal, "admin")
    if section not in SECTIONS:
        raise NotFoundError(f"no settings section '{section}'")
    try:
        desk_of(request).update_settings(section, yaml)
    except (DeskFileError, UsageError) as error:
        return _settings_page(request, principal, 422, failed=section, error=error.message, text=yaml)
    return RedirectResponse(f"/settings?saved={section}#{section}", status_code=303)


def _sources_page(
    request: Request,
    principal: Principal,
    status: int = 200,
    error: str = "",
    form: dict[str, str] | None = None,
) -> Response:
    desk = desk_of(request)
    health = {h.source_id: h for h in desk.health()}
    rows = [(s, health.get(s.id)) for s in desk.sources]
    return render(
        request,
        "sources.html",
        principal,
        status,
        rows=rows,
        moment=now(),
        error=error,
        form=form or {},
        kinds=KINDS,
        editable=desk.path is not None,
    )


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request, principal: User) -> Response:
    return _sources_page(request, principal)


@router.post("/sources", response_class=HTMLResponse)
def add_source(
    request: Request,
    principal: User,
    new_id: Annotated[str, Form(alias="id", max_length=200)] = "",
    outlet: Annotated[str, Form(max_length=500)] = "",
    url: Annotated[str, Form(max_length=4000)] = "",
    kind: Annotated[str, Form(max_length=40)] = "feed",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(principal, csrf)
    require_role(principal, "admin")
    fields = {"id": new_id.strip(), "outlet": outlet.strip(), "url": url.strip(), "kind": kind}
    try:
        desk_of(request).add_source(fields)
    except (DeskFileError, UsageError) as error:
        return _sources_page(request, principal, 422, error=error.message, form=fields)
    return RedirectResponse("/sources", status_code=303)


@router.post("/sources/{source_id}/enable")
def enable_source(
    request: Request, principal: User, source_id: SourceId, csrf: Annotated[str, Form()] = ""
) -> Response:
    return _switch(request, principal, source_id, csrf, True)


@router.post("/sources/{source_id}/disable")
def disable_source(
    request: Request, principal: User, source_id: SourceId, csrf: Annotated[str, Form()] = ""
) -> Response:
    return _switch(request, principal, source_id, csrf, False)


def _switch(request: Request, principal: Principal, source_id: str, csrf: str, enabled: bool) -> Response:
    check_csrf(principal, csrf)
    require_role(principal, "admin")
    try:
        desk_of(request).set_source_enabled(source_id, enabled)
    except (DeskFileError, UsageError) as error:
        return _sources_page(request, principal, 422, error=error.message)
    return RedirectResponse("/sources", status_code=303)
