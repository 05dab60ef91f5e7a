"""The REST API of alert rules under /api/v1: list the rules, test one on the recent past."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from .. import config as cfg
from .api import ERRORS, DeskDep, Limit, Offset, page
from .auth import api_user, check_csrf, require_role

if TYPE_CHECKING:
    from ..alerts.trial import RuleTest

router = APIRouter(prefix="/api/v1", dependencies=[Depends(api_user)], responses=ERRORS)


class RuleTrial(BaseModel):
    rule: dict[str, Any] = Field(description="The rule, with the fields of a rule in the desk file.")
    days: float = Field(7, gt=0, le=90, description="How many days back to test it on.")
    limit: int = Field(50, ge=0, le=500, description="How many firings to give as a sample at most.")


def rule_json(rule: cfg.Rule) -> dict[str, Any]:
    """A rule as the API and pages show it: channels by id only, never their URLs."""
    return {
        "id": rule.id,
        "name": rule.name,
        "when": rule.when,
        "query": rule.query,
        "actor": rule.actor,
        "watch": rule.watch,
        "outlets": rule.outlets,
        "severity": rule.severity,
        "channels": list(rule.channels),
        "quiet_hours": rule.quiet_hours,
        "throttle": rule.throttle,
    }


def trial_json(result: RuleTest) -> dict[str, Any]:
    data = asdict(result)
    data["sample"] = [asdict(hit) for hit in result.sample]
    return data


@router.get("/rules", summary="The desk's alert rules (channels by id)")
def rules(desk: DeskDep, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    every = desk.config.rules
    return page([rule_json(r) for r in every[offset : offset + limit]], len(every), limit, offset)


@router.post("/rules/test", summary="Test a rule on the last days (analyst); stores and sends nothing")
def test_rule(request: Request, desk: DeskDep, body: RuleTrial) -> dict[str, Any]:
    principal = api_user(request)
    require_role(principal, "analyst")
    if principal.session_id:
        check_csrf(principal, request.headers.get("x-csrf-token"))
    return trial_json(desk.test_rule(body.rule, days=body.days, limit=body.limit))
