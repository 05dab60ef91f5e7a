"""Words shared by every format: section titles, the window line, a source line, an index line."""

from __future__ import annotations

from datetime import datetime

from .model import Brief, Citation, Development, IndexRow

SECTIONS = (
    ("developments", "Key developments"),
    ("institutions", "What the institutions said"),
    ("opinions", "Columnists and editorial boards"),
    ("readers", "Readers"),
    ("signals", "Signals"),
    ("watch", "Watch items and response considerations"),
    ("sources", "Sources"),
)
NO_COVERAGE = "No coverage in this window: the desk stored no documents published in it."


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def span(start: str, end: str) -> str:
    a, b = _moment(start), _moment(end)
    tail = b.strftime("%H:%M %Z") if a.date() == b.date() else b.strftime("%Y-%m-%d %H:%M %Z")
    return f"{a.strftime('%Y-%m-%d %H:%M')} to {tail}"


def window_line(brief: Brief) -> str:
    label = f" ({brief.window_label})" if brief.window_label else ""
    return f"{span(brief.window_start, brief.window_end)}{label}"


def previous_line(brief: Brief) -> str:
    return span(brief.previous_start, brief.previous_end)


def reasons(development: Development) -> str:
    return ", ".join(f"{name} {value:g}" for name, value in development.reasons)


def index_line(row: IndexRow) -> str:
    before = "no signals before" if row.previous is None else f"was {row.previous:+.2f}"
    return f"{row.frame} {row.value:+.2f} ({row.signals} signals; {before}; change {row.change:+.2f})"


def source_line(citation: Citation) -> str:
    day = _moment(citation.published).strftime("%Y-%m-%d %H:%M")
    archived = (
        f"archived as {citation.warc_file} record {citation.warc_record_id}"
        if citation.warc_record_id
        else "not archived"
    )
    return f"{citation.outlet}, \u201c{citation.title}\u201d, {day}. {citation.url} ({archived}; document {citation.document_id})"


def marks(numbers: tuple[int, ...] | list[int]) -> str:
    return " ".join(f"[{n}]" for n in numbers)
