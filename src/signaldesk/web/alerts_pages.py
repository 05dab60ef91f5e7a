"""The alerts page: the desk's rules, testing a rule on the last 7 days, adding and removing
rules (admin), and the history of alerts with their delivery and latency (live over SSE)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi import Path as InPath
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..alerts.history import duration
from ..errors import DeskFileError, NotFoundError, UsageError
from .api_alerts import rule_json
from .auth import Principal, check_csrf, desk_of, require_role
from .pages import User, render

router = APIRouter(include_in_schema=False)
PAGE = 25
TEST_DAYS = 7
FIELDS = ("id", "name", "when", "query", "actor", "watch", "severity")
KINDS = ("match", "quote", "shift", "burst", "columnist", "official", "story_outlets")
RuleId = Annotated[str, InPath(max_length=80)]


def rule_from_form(form: dict[str, Any]) -> dict[str, Any]:
    """The rule a new-rule form describes: blank optional fields left out (pure)."""
    rule: dict[str, Any] = {name: str(form.get(name, "")).strip() for name in FIELDS}
    for name in ("name", "query", "actor", "watch"):
        if not rule[name]:
            del rule[name]
    rule["channels"] = [c for c in form.get("channels", ()) if c]
    return rule


def _page(
    request: Request,
    principal: Principal,
    *,
    offset: int = 0,
    status: int = 200,
    form: dict[str, Any] | None = None,
    result: Any = None,
    tested: str = "",
    error: str = "",
    notice: str = "",
) -> Response:
    desk = desk_of(request)
    history, total = desk.alert_history(limit=PAGE, offset=offset)
    config = desk.config
    return render(
        request,
        "alerts.html",
        principal,
        status=status,
        rules=[rule_json(r) for r in config.rules],
        history=history,
        total=total,
        offset=offset,
        page_size=PAGE,
        latest_alert=desk.latest_alert_id(),
        zone=config.zone,
        duration=duration,
        form=form or {"when": "match", "severity": "notice", "channels": []},
        kinds=KINDS,
        severities=["info", "notice", "warning", "critical"],
        actors=[(a.id, a.name) for a in config.actors],
        watches=[(w.id, w.name) for w in config.watches],
        channels=[c.id for c in config.channels],
        result=result,
        tested=tested,
        error=error,
        notice=notice,
        days=TEST_DAYS,
    )


@router.get("/alerts", response_class=HTMLResponse)
def alerts(
    request: Request,
    principal: User,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    saved: Annotated[str, Query(max_length=80)] = "",
    removed: Annotated[str, Query(max_length=80)] = "",
) -> Response:
    notice = f"Rule '{saved}' saved." if saved else (f"Rule '{removed}' removed." if removed else "")
    return _page(request, principal, offset=offset, notice=notice)


@router.post("/alerts/rules", response_class=HTMLResponse)
async def new_rule(request: Request, principal: User) -> Response:
    """The new-rule form: `action=test` shows what it would fire (analyst); `action=save` adds it (admin)."""
    data = await request.form()
    check_csrf(principal, str(data.get("csrf", "")))
    form: dict[str, Any] = {name: str(data.get(name, "")) for name in FIELDS}
    form["channels"] = [str(c) for c in data.getlist("channels")]
    rule = rule_from_form(form)
    desk = desk_of(request)
    if data.get("action") == "save":
        require_role(principal, "admin")
        try:
            saved = desk.add_rule(rule)
        except (DeskFileError, UsageError) as error:
            return _page(request, principal, status=422, form=form, error=error.message)
        return RedirectResponse(f"/alerts?saved={saved.id}", status_code=303)
    require_role(principal, "analyst")
    try:
        result = desk.test_rule(rule, days=TEST_DAYS)
    except DeskFileError as error:
        return _page(request, principal, status=422, form=form, error=error.message)
    return _page(request, principal, form=form, result=result, tested="new")


@router.post("/alerts/rules/{rule_id}/test", response_class=HTMLResponse)
def test_rule(
    request: Request, principal: User, rule_id: RuleId, csrf: Annotated[str, Form()] = ""
) -> Response:
    check_csrf(principal, csrf)
    require_role(principal, "analyst")
    desk = desk_of(request)
    rule = next((r for r in desk.config.rules if r.id == rule_id), None)
    if rule is None:
        raise NotFoundError(f"no rule with id '{rule_id}' in this desk")
    return _page(request, principal, result=desk.test_rule(rule, days=TEST_DAYS), tested=rule_id)


@router.post("/alerts/rules/{rule_id}/delete")
def delete_rule(
    request: Request, principal: User, rule_id: RuleId, csrf: Annotated[str, Form()] = ""
) -> Response:
    check_csrf(principal, csrf)
    require_role(principal, "admin")
    desk_of(request).remove_rule(rule_id)
    return RedirectResponse(f"/alerts?removed={rule_id}", status_code=303)
