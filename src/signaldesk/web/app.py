"""The web app: dashboard pages, the REST API, live events and the WebSub callback, behind one front."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from ..desk import Desk

HERE = Path(__file__).parent
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    """Adds the security headers to every response (a response may set a stricter CSP itself)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend((name, value) for name, value in HEADERS if name not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(desk: Desk) -> FastAPI:
    """The whole app over one open desk."""
    from ..ingest.websub_app import callback_app
    from . import alerts_pages, api, api_alerts, api_settings, errors, pages, settings_pages, sse

    app = FastAPI(
        title="signaldesk",
        summary=f"REST API of the desk '{desk.config.desk.name}'",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.desk = desk
    app.state.pushes = asyncio.Queue()
    errors.install(app)
    app.include_router(api.router)
    app.include_router(api_settings.router)
    app.include_router(sse.router)
    app.include_router(pages.router)
    app.include_router(api_alerts.router)
    app.include_router(alerts_pages.router)
    app.include_router(settings_pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.mount("/websub", callback_app(desk.store, app.state.pushes, prefix=""))
    app.add_middleware(SecurityHeaders)
    return app
