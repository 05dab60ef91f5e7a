"""Who is asking: a session cookie (pages) or a Bearer token (scripts), their role, and CSRF."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from ..desk import Desk
from ..store.users import UserRow
from .accounts import AuthError, CSRFError, ForbiddenError, role_allows, same

COOKIE = "signaldesk_session"


@dataclass(frozen=True, slots=True)
class Principal:
    """A signed-in user; `csrf` is the session's form token (empty for API tokens)."""

    name: str
    role: str
    csrf: str = ""
    session_id: str = ""


class LoginRequired(Exception):
    """A page was asked for without a session: the app redirects to /login."""

    def __init__(self, target: str) -> None:
        super().__init__(target)
        self.target = target


def desk_of(request: Request) -> Desk:
    """The served desk, with the settings of its desk file as it is now (edits from the CLI or
    another process show on the next request)."""
    desk: Desk = request.app.state.desk
    desk.current_settings()
    return desk


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def identify(request: Request) -> Principal | None:
    desk = desk_of(request)
    token = _bearer(request)
    if token is not None:
        user: UserRow | None = desk.token_user(token)
        return Principal(user.name, user.role) if user else None
    session_id = request.cookies.get(COOKIE)
    if session_id:
        session = desk.session(session_id)
        if session is not None:
            return Principal(session.user.name, session.user.role, session.csrf, session_id)
    return None


def api_user(request: Request) -> Principal:
    """The API's dependency: a token or a session, else 401."""
    principal = identify(request)
    if principal is None:
        raise AuthError("sign in or send an API token (Authorization: Bearer ...)")
    return principal


def page_user(request: Request) -> Principal:
    """The pages' dependency: a session, else a redirect to /login."""
    principal = identify(request)
    if principal is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    return principal


def require_role(principal: Principal, needed: str) -> None:
    if not role_allows(principal.role, needed):
        raise ForbiddenError(f"this needs the {needed} role; you are signed in as {principal.role}")


def check_csrf(principal: Principal, token: str | None) -> None:
    """A form POST must carry the session's CSRF token."""
    if not principal.csrf or not token or not same(principal.csrf, token):
        raise CSRFError("the form's security token is missing or stale; reload the page and try again")
