"""`signaldesk brief`: write the brief of a shift or any window, in md, html, pdf or json."""

from __future__ import annotations

import sys
from datetime import datetime, time
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from .common import DeskOption, console, open_desk


def _moment(value: str, option: str, zone: ZoneInfo) -> datetime:
    """An ISO date or datetime; without an offset it is in the desk's timezone."""
    from ..errors import UsageError

    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{option} takes a date like 2026-03-01 or 2026-03-01T17:00-05:00, not '{value}'"
        ) from None
    if len(value) == 10:
        moment = datetime.combine(moment.date(), time(0))
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def brief_command(
    shift: Annotated[
        str | None,
        typer.Option("--shift", help="'latest' (the default) or a shift name: its latest finished run."),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--from", help="Start of the window (ISO 8601; desk timezone).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="End of the window (ISO 8601; desk timezone).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="md, html, pdf or json.")] = "md",
    out: Annotated[
        Path | None, typer.Option("--out", help="File to write (default: standard output).")
    ] = None,
    compare: Annotated[
        Path | None, typer.Option("--compare", help="A previous brief's JSON: show what changed since.")
    ] = None,
    record: Annotated[bool, typer.Option(help="Keep the brief in the store's briefs table.")] = True,
    narrative: Annotated[
        bool | None,
        typer.Option(
            "--narrative/--no-narrative",
            help="Add a model-drafted, cited paragraph per section (default: as brief.narrative in the desk file says).",
        ),
    ] = None,
    desk: DeskOption = None,
) -> None:
    """Write the shift brief, every line cited to an archived document.

    Key developments, what the institutions said, columnists, readers, signals and fired
    playbook items; with --narrative, a model-drafted paragraph per section whose every
    sentence cites that section's sources. Exits 1 when a citation does not resolve."""
    from dataclasses import replace

    from ..briefs.render import FORMATS, render
    from ..errors import SignaldeskError, UsageError

    if fmt not in FORMATS:
        raise UsageError(f"unknown brief format '{fmt}': use {', '.join(FORMATS)}")
    if shift and (since or until):
        raise UsageError("use either --shift or --from/--until, not both")
    if bool(since) != bool(until):
        raise UsageError("--from and --until go together")
    if fmt == "pdf" and out is None:
        raise UsageError("a PDF brief needs --out PATH")
    with open_desk(desk) as the_desk:
        if since and until:
            zone = the_desk.config.zone
            start, end = _moment(since, "--from", zone), _moment(until, "--until", zone)
            brief = the_desk.brief(start, end, narrative=narrative)
        else:
            window = the_desk.shift_window(shift or "latest")
            brief = the_desk.brief(window.start, window.end, label=window.label, narrative=narrative)
        if compare is not None:
            from ..briefs.compare import compare as changes
            from ..briefs.compare import load
            from ..briefs.render_json import to_data

            brief = replace(brief, changes=changes(load(compare), to_data(brief)))
        data = render(brief, fmt)
        if record:
            the_desk.record_brief(brief)
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        out.write_bytes(data)
        console(stderr=True).print(
            f"Wrote {out} ({brief.documents} documents, {len(brief.citations)} sources)."
        )
    if brief.narrative_problems:
        notes = brief.narrative_problems
        more = f" (and {len(notes) - 3} more in the brief)" if len(notes) > 3 else ""
        console(stderr=True).print(
            "Warning, narrative: " + "; ".join(notes[:3]) + more, markup=False, highlight=False
        )
    if brief.problems:
        raise SignaldeskError(
            f"{len(brief.problems)} citation(s) do not resolve: " + "; ".join(brief.problems[:5])
        )
