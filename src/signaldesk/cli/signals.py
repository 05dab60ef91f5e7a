"""`signaldesk signals ACTOR`: an actor's policy-signal index per frame, and its shifts."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .common import DeskOption, JsonOption, console, open_desk, parse_when

if TYPE_CHECKING:
    from ..signals.tracker import DayIndex, FrameShift

BARS = "▁▂▃▄▅▆▇█"


def sparkline(days: list[DayIndex]) -> str:
    """One character per day from -1 (▁, hardening) to +1 (█, softening); a gap is a space."""
    if not days:
        return ""
    values = {d.day: d.value for d in days}
    out: list[str] = []
    day: date = days[0].day
    while day <= days[-1].day and len(out) < 400:
        value = values.get(day)
        if value is None:
            out.append(" ")
        else:
            out.append(BARS[min(len(BARS) - 1, int((value + 1) / 2 * len(BARS)))])
        day += timedelta(days=1)
    return "".join(out)


def signals_command(
    actor: Annotated[str, typer.Argument(help="Actor id (see `signaldesk actors list`).")],
    frame: Annotated[str | None, typer.Option("--frame", "-f", help="Only this frame id.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date or datetime (ISO 8601).")] = None,
    until: Annotated[str | None, typer.Option(help="Before this date or datetime (ISO 8601).")] = None,
    as_json: JsonOption = False,
    desk: DeskOption = None,
) -> None:
    """Show an actor's signal index per frame (mean signed strength a day) and its shifts."""
    start, end = parse_when(since, "--since"), parse_when(until, "--until")
    with open_desk(desk) as the_desk:
        found = the_desk.actor_signals(actor, frame=frame, since=start, until=end)
        zone = the_desk.config.zone
    if as_json:
        typer.echo(json.dumps(found.to_json(), ensure_ascii=False, indent=2))
        return
    _print(actor, found.indexes, list(found.shifts), zone)


def _print(actor: str, indexes: dict[str, list[DayIndex]], shifts: list[FrameShift], zone: Any) -> None:
    from rich.table import Table

    out = console()
    if not indexes:
        out.print(f"No policy signals by {actor} in this period.")
        return
    table = Table(title=f"Signal index of {actor} (+1 softening, -1 hardening)", title_justify="left")
    for column in ("frame", "days", "first", "last", "latest", "signals"):
        table.add_column(column)
    for name, days in indexes.items():
        table.add_row(
            name,
            sparkline(days),
            days[0].day.isoformat(),
            days[-1].day.isoformat(),
            f"{days[-1].value:+.2f}",
            str(sum(d.signals for d in days)),
        )
    out.print(table)
    if not shifts:
        out.print("No shift detected.")
        return
    out.print(f"[bold]Shifts[/] ({len(shifts)})")
    for found in shifts:
        shift = found.shift
        start = " (from no known lean)" if shift.opening else ""
        out.print(
            f"{shift.changed_at.astimezone(zone):%Y-%m-%d %H:%M}  {found.frame}: {shift.direction}{start}, "
            f"index {shift.before:+.2f} → {shift.after:+.2f}, confidence {shift.confidence:.2f}"
        )
        for quote in shift.evidence[:3]:
            out.print(
                f"    doc {quote.document_id} [{quote.start}:{quote.end}] {quote.actor_id}: “{quote.evidence}”"
            )
