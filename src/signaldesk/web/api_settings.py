"""Settings through the API: sections of the desk file as YAML, alert rules and sources.

Reading needs any role; changing needs admin (and, with a session cookie, `X-CSRF-Token`).
A change is validated as the whole desk file; a refused one answers 422 `desk_file_invalid`
with the loader's file:line message, and the file is left as it was.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Body, Depends, Request, Response
from fastapi import Path as InPath
from pydantic import BaseModel

from ..config import Rule, Source
from ..desk import Desk
from ..errors import UsageError
from .api import ERRORS
from .auth import Principal, api_user, check_csrf, desk_of, require_role

router = APIRouter(prefix="/api/v1", dependencies=[Depends(api_user)], responses=ERRORS)
DeskDep = Annotated[Desk, Depends(desk_of)]
ApiUser = Annotated[Principal, Depends(api_user)]
SectionName = Annotated[
    str, InPath(max_length=40, description="watches, actors, frames, playbook, channels or rules.")
]
ItemId = Annotated[str, InPath(max_length=80, description="Id of the rule or source.")]
YAML_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "text/yaml": {"schema": {"type": "string"}},
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {"yaml": {"type": "string"}},
                    "required": ["yaml"],
                }
            },
        },
    }
}
T = TypeVar("T")
MAX_BODY = 1_000_000


class SettingsSection(BaseModel):
    section: str
    yaml: str


def _admin(request: Request) -> None:
    principal = api_user(request)
    require_role(principal, "admin")
    if principal.session_id:
        check_csrf(principal, request.headers.get("x-csrf-token"))


@router.get(
    "/settings/{section}",
    response_model=SettingsSection,
    summary="One section of the desk file as YAML (channel URLs: scheme only; admin: *** secrets)",
)
def get_section(desk: DeskDep, principal: ApiUser, section: SectionName) -> SettingsSection:
    admin = principal.role == "admin"
    return SettingsSection(section=section, yaml=desk.settings_text(section, for_editing=admin))


@router.put(
    "/settings/{section}",
    response_model=SettingsSection,
    summary='Replace one section (admin); body text/yaml or JSON {"yaml": ...}',
    openapi_extra=YAML_BODY,
)
async def put_section(request: Request, desk: DeskDep, section: SectionName) -> SettingsSection:
    _admin(request)
    body = await request.body()
    if len(body) > MAX_BODY:
        raise UsageError(f"a section is at most {MAX_BODY:,} bytes")
    raw = body.decode("utf-8", errors="replace")
    text = raw
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            data = json.loads(raw)
        except ValueError:
            raise UsageError('the body is not valid JSON; send {"yaml": "..."} or text/yaml') from None
        if not isinstance(data, dict) or not isinstance(data.get("yaml"), str):
            raise UsageError("a JSON body needs a 'yaml' field holding the section's YAML as a string")
        text = data["yaml"]
    desk.update_settings(section, text)
    return SettingsSection(section=section, yaml=desk.settings_text(section, for_editing=True))


@router.post("/rules", status_code=201, response_model=Rule, summary="Add an alert rule (admin)")
def add_rule(request: Request, desk: DeskDep, rule: Annotated[dict[str, Any], Body()]) -> Rule:
    _admin(request)
    return desk.add_rule(rule)


@router.delete("/rules/{rule_id}", status_code=204, summary="Remove an alert rule (admin)")
def remove_rule(request: Request, desk: DeskDep, rule_id: ItemId) -> Response:
    _admin(request)
    desk.remove_rule(rule_id)
    return Response(status_code=204)


@router.post("/sources", status_code=201, response_model=Source, summary="Add a source (admin)")
def add_source(request: Request, desk: DeskDep, source: Annotated[dict[str, Any], Body()]) -> Source:
    _admin(request)
    return desk.add_source(source)


@router.post("/sources/{source_id}/enable", response_model=Source, summary="Poll a source again (admin)")
def enable_source(request: Request, desk: DeskDep, source_id: ItemId) -> Source:
    _admin(request)
    desk.set_source_enabled(source_id, True)
    return desk.source(source_id)


@router.post("/sources/{source_id}/disable", response_model=Source, summary="Stop polling a source (admin)")
def disable_source(request: Request, desk: DeskDep, source_id: ItemId) -> Source:
    _admin(request)
    desk.set_source_enabled(source_id, False)
    return desk.source(source_id)
