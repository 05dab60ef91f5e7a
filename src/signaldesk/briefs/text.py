"""Words shared by every format: section titles, the window line, a source line, an index line."""

from __future__ import annotations

from datetime import datetime

from .model import Brief, Changes, Citation, Development, IndexRow, Narrative

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
    tail = b.strftime("%H:%M") if a.date() == b.date() else b.strftime("%Y-%m-%d %H:%M")
    return f"{a.strftime('%Y-%m-%d %H:%M')} to {tail}"


def window_line(brief: Brief) -> str:
    label = f" ({brief.window_label})" if brief.window_label else ""
    return f"{span(brief.window_start, brief.window_end)} {brief.timezone}{label}"


def previous_line(brief: Brief) -> str:
    return f"{span(brief.previous_start, brief.previous_end)} {brief.timezone}"


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


def change_lines(changes: Changes) -> list[str]:
    """The changes since a previous brief, one plain line each."""

    def value(number: float | None) -> str:
        return "none" if number is None else f"{number:+.2f}"

    lines = [f"Compared with the brief of {changes.previous_window}."]
    lines += [f"New story: {title}" for title in changes.new_stories]
    lines += [f"No longer among the key developments: {title}" for title in changes.dropped_stories]
    lines += [f"Index {a} on {f}: {value(x)} to {value(y)}" for a, f, x, y in changes.index_moves]
    lines += [f"Playbook item newly fired: {item}" for item in changes.new_items]
    return lines if len(lines) > 1 else [*lines, "Nothing changed."]


def drafted_line(narrative: Narrative) -> str:
    """The label over a machine-drafted paragraph."""
    return (
        f"Drafted by {narrative.model} from the cited material; "
        "each sentence was checked to cite this section's sources."
    )
