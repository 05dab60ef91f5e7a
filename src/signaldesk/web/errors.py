"""One error shape for every error: {"error": {"code", "message", "details"}}, with its status."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from ..errors import DeskFileError, NotFoundError, QueryError, SignaldeskError, UsageError
from .accounts import AuthError, ForbiddenError
from .auth import LoginRequired

STATUS: tuple[tuple[type[SignaldeskError], int], ...] = (
    (AuthError, 401),
    (ForbiddenError, 403),
    (NotFoundError, 404),
    (QueryError, 422),
    (DeskFileError, 422),
    (UsageError, 422),
)
HTTP_CODES = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed"}


def status_of(error: SignaldeskError) -> int:
    for kind, status in STATUS:
        if isinstance(error, kind):
            return status
    return 500


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": jsonable_encoder(details)}}


def _reply(request: Request, status: int, body: dict[str, Any]) -> Response:
    if not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", ""):
        from .pages import error_page

        return error_page(request, status, body["error"]["message"])
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """Register the handlers that give every error the one shape."""

    @app.exception_handler(SignaldeskError)
    async def _signaldesk(request: Request, error: SignaldeskError) -> Response:
        return _reply(request, status_of(error), error_body(error.code, error.message, error.details))

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, error: LoginRequired) -> Response:
        from urllib.parse import quote

        return RedirectResponse(f"/login?next={quote(error.target, safe='')}", status_code=303)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> Response:
        details = [
            {"where": list(e.get("loc", ())), "problem": e.get("msg", ""), "type": e.get("type", "")}
            for e in error.errors()
        ]
        return _reply(request, 422, error_body("invalid_request", "the request has invalid fields", details))

    @app.exception_handler(HTTPException)
    async def _http(request: Request, error: HTTPException) -> Response:
        code = HTTP_CODES.get(error.status_code, "http_error")
        return _reply(request, error.status_code, error_body(code, str(error.detail)))

    @app.exception_handler(Exception)
    async def _crash(request: Request, error: Exception) -> Response:
        return JSONResponse(error_body("internal", "something went wrong on the server"), status_code=500)
