"""Kept briefs as files for the dashboard and the API: media types, file names, the window of a form."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from ..briefs.model import Brief
from ..errors import UsageError

MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "json": "application/json",
}
SANDBOX = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"
"""The CSP a brief's own HTML is served under: inline styles, no scripts, no requests."""


def slug(text: str) -> str:
    """Lower-case ASCII letters and digits joined by hyphens ('brief' when nothing is left)."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())) or "brief"


def file_name(desk_name: str, brief: Brief, fmt: str) -> str:
    """'<desk>-brief-<start>-<end>.<fmt>', the window in the desk's time as written in the brief."""
    start, end = (
        datetime.fromisoformat(m).strftime("%Y-%m-%dT%H%M") for m in (brief.window_start, brief.window_end)
    )
    return f"{slug(desk_name)}-brief-{start}-{end}.{fmt}"


def headers(desk_name: str, brief: Brief, fmt: str) -> dict[str, str]:
    """A download's headers; HTML also gets the sandbox, should a browser show it anyway."""
    found = {"Content-Disposition": f'attachment; filename="{file_name(desk_name, brief, fmt)}"'}
    if fmt == "html":
        found["Content-Security-Policy"] = SANDBOX
    return found


def body(brief: Brief, kept_json: str, fmt: str) -> bytes:
    """The brief in `fmt`; JSON is the text it was kept with, byte for byte."""
    if fmt == "json":
        return kept_json.encode("utf-8")
    from ..briefs.render import render

    return render(brief, fmt)


def form_window(since: str, until: str, zone: ZoneInfo) -> tuple[datetime, datetime] | None:
    """The window of the form's 'from' and 'until' (datetime-local, in the desk's timezone);
    None when both are empty (the latest shift)."""
    since, until = since.strip(), until.strip()
    if not since and not until:
        return None
    if not since or not until:
        raise UsageError("give both 'from' and 'until' for a window, or neither for the latest shift")
    start, end = _local(since, "from", zone), _local(until, "until", zone)
    if end <= start:
        raise UsageError(f"'until' ({until}) must come after 'from' ({since})")
    return start, end


def _local(value: str, field: str, zone: ZoneInfo) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(f"'{field}' must be a date and time like 2026-03-02T08:00, not '{value}'") from None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment
