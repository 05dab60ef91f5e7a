"""The brief of each finished shift is made once and sent with its PDF attached."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from signaldesk import open_desk
from signaldesk.briefs.schedule import due_window
from signaldesk.config import parse_desk
from tests.alerts.conftest import Mailbox


def _desk_text(shift_start: str, shift_end: str, mailbox: Mailbox | None = None) -> str:
    channel = f"channels:\n  - {{id: mail, url: '{mailbox.url()}'}}\n" if mailbox else ""
    brief = "brief: {channels: [mail]}\n" if mailbox else ""
    return (
        f"desk: {{name: Shift desk, timezone: America/New_York}}\n{channel}{brief}"
        f"shifts:\n  - {{name: day, start: '{shift_start}', end: '{shift_end}'}}\n"
    )


def test_only_a_shift_finished_since_the_start_without_a_brief_is_due() -> None:
    config = parse_desk(_desk_text("09:00", "17:00"))
    zone = ZoneInfo("America/New_York")
    evening = datetime(2026, 3, 2, 17, 30, tzinfo=zone).astimezone(UTC)
    window = due_window(config, evening, [], since=evening - timedelta(hours=1))
    assert window is not None and window.end == datetime(2026, 3, 2, 17, 0, tzinfo=zone)
    assert (
        due_window(config, evening, [(window.start, window.end)], since=evening - timedelta(hours=1)) is None
    )
    assert due_window(config, evening, [], since=evening) is None, "a shift over before the start is not due"
    assert due_window(parse_desk("desk: {name: x}\n"), evening, [], since=evening) is None


@pytest.mark.slow
def test_the_finished_shift_brief_is_emailed_with_its_pdf(tmp_path: Path, smtp_server: Mailbox) -> None:
    zone = ZoneInfo("America/New_York")
    soon = (datetime.now(zone) + timedelta(minutes=1)).replace(second=0, microsecond=0)
    start = (soon - timedelta(hours=2)).strftime("%H:%M")
    (tmp_path / "desk.yaml").write_text(
        _desk_text(start, soon.strftime("%H:%M"), smtp_server), encoding="utf-8"
    )
    deadline = soon.astimezone(UTC) + timedelta(seconds=60)
    stop = threading.Event()
    with open_desk(tmp_path / "desk.yaml") as desk:
        runner = threading.Thread(target=desk.run, kwargs={"stop": stop.is_set, "workers": 0, "idle": 0.2})
        runner.start()
        try:
            while datetime.now(UTC) < deadline and not smtp_server.messages:
                time.sleep(0.5)
        finally:
            stop.set()
            runner.join(timeout=60)
    assert smtp_server.messages, "the brief was emailed when the shift ended"
    message = smtp_server.messages[0]
    assert "Shift brief" in message or "shift brief" in message.lower()
    assert "application/pdf" in message and "brief.pdf" in message
    assert len(smtp_server.messages) == 1, "one brief per shift"
