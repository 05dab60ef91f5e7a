"""Live updates as server-sent events: new documents, found by polling the store every second."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from ..desk import Desk
from .auth import Principal, desk_of, page_user

router = APIRouter()


def event(document_id: int, data: dict[str, object]) -> str:
    """One SSE message carrying a document, with its id so a reconnect resumes after it."""
    return f"id: {document_id}\nevent: document\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


async def stream(request: Request, desk: Desk, after: int, every: float = 1.0) -> AsyncIterator[str]:
    last = after
    idle = 0.0
    yield "retry: 2000\n\n"
    while not await request.is_disconnected():
        fresh = await run_in_threadpool(desk.newer_documents, last, 50)
        for document in fresh:
            last = max(last, document.id)
            moment = document.published or document.first_seen
            yield event(
                document.id,
                {
                    "id": document.id,
                    "title": document.title,
                    "outlet": document.outlet,
                    "genre": str(document.genre),
                    "moment": moment.isoformat(),
                },
            )
        idle = 0.0 if fresh else idle + every
        if idle >= 15:
            idle = 0.0
            yield ": still here\n\n"
        await asyncio.sleep(every)


@router.get("/events", include_in_schema=False)
async def events(
    request: Request,
    principal: Annotated[Principal, Depends(page_user)],
    after: Annotated[int | None, Query(ge=0)] = None,
) -> StreamingResponse:
    desk = desk_of(request)
    resume = request.headers.get("last-event-id", "")
    if resume.isdigit():
        start = int(resume)
    elif after is not None:
        start = after
    else:
        start = await run_in_threadpool(desk.latest_document_id)
    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream(request, desk, start), media_type="text/event-stream", headers=headers)
