"""Producing the brief of each finished shift, and sending it through the desk's channels.

`due_window(config, now, done)` is the pure decision: the latest finished shift, if its brief
has not been made. `produce_and_send` builds it (with the narrative when the desk file asks
for one), records it, renders Markdown and PDF, and sends it to `brief.channels` with the PDF
attached (Apprise attaches files to email and to the channels that take files). Channel
secrets never appear in what it returns.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from ..config import DeskConfig
from .window import Window, latest_shift


def due_window(
    config: DeskConfig, now: datetime, done: Iterable[tuple[datetime, datetime]], since: datetime
) -> Window | None:
    """The latest shift that finished after `since` (when the monitor started) and has no brief
    among `done` (pure). A brief missed while the desk was down is made with `signaldesk brief`."""
    if not config.shifts:
        return None
    window = latest_shift(config.shifts, config.zone, now, "latest")
    if window.end > now or window.end < since or (window.start, window.end) in set(done):
        return None
    return window


def produce_and_send(config: DeskConfig, store: Any, archive: Path, window: Window) -> list[str]:
    """Build, record and send the brief of `window`; returns the delivery problems (redacted)."""
    from ..secrets import redact_url
    from .builder import build
    from .load import to_record
    from .render import render

    brief = build(config, store, window, archive=archive)
    if config.brief.narrative is not None:
        from .narrative import narrate

        brief = narrate(brief, config.brief.narrative)
    store.record_brief(to_record(brief))
    channels = {channel.id: channel.url for channel in config.channels}
    if not config.brief.channels:
        return []
    import apprise

    problems = []
    body = render(brief, "md").decode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "brief.pdf"
        pdf.write_bytes(render(brief, "pdf"))
        for channel_id in config.brief.channels:
            sender = apprise.Apprise()
            if not sender.add(channels[channel_id]):
                problems.append(f"channel '{channel_id}' ({redact_url(channels[channel_id])}) is not usable")
                continue
            if not sender.notify(title=brief.title, body=body[:50_000], attach=str(pdf)):
                problems.append(f"channel '{channel_id}' did not take the brief")
    return problems
