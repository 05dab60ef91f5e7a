"""Live updates as server-sent events: new documents (/events) and new alerts (/events/alerts),
found by polling the store every second."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from .auth import Principal, desk_of, page_user

if TYPE_CHECKING:
    from ..alerts.history import AlertEntry
    from ..types import Document

router = APIRouter()
Row = TypeVar("Row")

# The largest id a stream resumes after: far beyond any stored row, well inside SQLite's INTEGER.
MAX_ID = 2**62
AfterQuery = Annotated[int | None, Query(ge=0, le=MAX_ID)]


def resume_id(value: str) -> int | None:
    """The id in a Last-Event-ID header, or None when it is not a plain number of sane length."""
    if value.isascii() and value.isdigit() and len(value) < 19:
        return int(value)
    return None


def event(row_id: int, data: dict[str, object], kind: str = "document") -> str:
    """One SSE message, with its id so a reconnect resumes after it."""
    return f"id: {row_id}\nevent: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


async def stream(
    request: Request,
    fetch: Callable[[int, int], Sequence[Row]],
    show: Callable[[Row], tuple[int, str]],
    after: int,
    every: float = 1.0,
) -> AsyncIterator[str]:
    """Poll `fetch(after, limit)` until the client leaves, yielding `show(row)` = (id, message)
    for each new row and a comment every 15 s of quiet so proxies keep the connection."""
    last, idle = after, 0.0
    yield "retry: 2000\n\n"
    while not await request.is_disconnected():
        fresh = await run_in_threadpool(fetch, last, 50)
        for row in fresh:
            row_id, text = show(row)
            last = max(last, row_id)
            yield text
        idle = 0.0 if fresh else idle + every
        if idle >= 15:
            idle = 0.0
            yield ": still here\n\n"
        await asyncio.sleep(every)


def document_message(document: Document) -> tuple[int, str]:
    """A new document as an SSE message, with its id."""
    moment = document.published or document.first_seen
    data: dict[str, object] = {
        "id": document.id,
        "title": document.title,
        "outlet": document.outlet,
        "genre": str(document.genre),
        "moment": moment.isoformat(),
    }
    return document.id, event(document.id, data)


@router.get("/events", include_in_schema=False)
async def events(
    request: Request,
    principal: Annotated[Principal, Depends(page_user)],
    after: AfterQuery = None,
) -> StreamingResponse:
    desk = desk_of(request)
    start = await _start(request, after, desk.latest_document_id)
    return _respond(stream(request, desk.newer_documents, document_message, start))


async def _start(request: Request, after: int | None, latest: Callable[[], int]) -> int:
    """Where a stream begins: after the Last-Event-ID of a reconnect, else `after`, else now."""
    start = resume_id(request.headers.get("last-event-id", ""))
    start = after if start is None else start
    return await run_in_threadpool(latest) if start is None else start


def _respond(body: AsyncIterator[str]) -> StreamingResponse:
    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(body, media_type="text/event-stream", headers=headers)


# -- alerts ----------------------------------------------------------------------------


def alert_data(entry: AlertEntry, zone: Any) -> dict[str, object]:
    """What the alerts page shows of a new alert in its history table."""
    from ..alerts.history import duration

    return {
        "id": entry.id,
        "rule_id": entry.rule_id,
        "rule_name": entry.rule_name,
        "severity": entry.severity,
        "title": entry.title,
        "status": entry.status,
        "fired": entry.fired_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
        "latency": duration(entry.latency),
        "to_fire": duration(entry.to_fire),
        "document_id": entry.document_id,
        "story_id": entry.story_id,
    }


@router.get("/events/alerts", include_in_schema=False)
async def alert_events(
    request: Request,
    principal: Annotated[Principal, Depends(page_user)],
    after: AfterQuery = None,
) -> StreamingResponse:
    """New alerts as they are stored, for the alerts page."""
    desk = desk_of(request)
    start = await _start(request, after, desk.latest_alert_id)
    zone = desk.config.zone

    def alert_message(entry: AlertEntry) -> tuple[int, str]:
        return entry.id, event(entry.id, alert_data(entry, zone), "alert")

    return _respond(stream(request, desk.newer_alerts, alert_message, start))
