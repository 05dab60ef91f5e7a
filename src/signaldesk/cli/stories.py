"""`signaldesk stories list|show|rebuild`."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from . import render
from .common import DeskOption, JsonOption, console, open_desk, parse_when

stories_app = typer.Typer(help="Stories: coverage folded into one row per development.", no_args_is_help=True)


@stories_app.command("list")
def list_stories(
    since: Annotated[str | None, typer.Option(help="Updated from this date (ISO 8601).")] = None,
    until: Annotated[str | None, typer.Option(help="Started before this date (ISO 8601).")] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many.")] = 20,
    as_json: JsonOption = False,
    desk: DeskOption = None,
) -> None:
    """Stories, most recently updated first."""
    from rich.table import Table

    with open_desk(desk) as the_desk:
        rows = the_desk.stories(
            since=parse_when(since, "--since"), until=parse_when(until, "--until"), limit=limit
        )
        if as_json:
            typer.echo(
                json.dumps(
                    [
                        {
                            "id": r.id,
                            "title": r.title,
                            "documents": r.documents,
                            "outlets": r.outlets,
                            "first_seen": r.first_seen.isoformat(),
                            "last_updated": r.last_updated.isoformat(),
                        }
                        for r in rows
                    ],
                    indent=2,
                )
            )
            return
        table = Table(title=f"{len(rows)} stories", title_justify="left")
        for column in ("id", "updated", "docs", "outlets", "headline"):
            table.add_column(
                column, overflow="fold", justify="right" if column in ("docs", "outlets") else "left"
            )
        for row in rows:
            table.add_row(
                str(row.id),
                render.when(row.last_updated, the_desk),
                str(row.documents),
                str(row.outlets),
                row.title,
            )
        console().print(table)


@stories_app.command("show")
def show_story(
    story_id: Annotated[int, typer.Argument(metavar="ID", help="Story id.")],
    as_json: JsonOption = False,
    desk: DeskOption = None,
) -> None:
    """One story: summary, timeline (first copy first), outlets, voices, frames."""
    from dataclasses import asdict

    from rich.table import Table

    with open_desk(desk) as the_desk:
        report = the_desk.story(story_id)
        if as_json:
            typer.echo(json.dumps(asdict(report), default=str, indent=2, ensure_ascii=False))
            return
        out = console()
        out.print(f"[bold]{report.title}[/]")
        out.print(
            f"{render.when(report.first_seen, the_desk)} to {render.when(report.last_updated, the_desk)} · "
            f"{len(report.timeline)} documents in {len(report.outlets)} outlets"
            + (f" · tone {report.tone:+.2f}" if report.tone is not None else "")
        )
        for sentence in report.summary:
            out.print(f"  {sentence}")
        table = Table(title="Timeline", title_justify="left")
        for column in ("when", "outlet", "genre", "title", "copy of"):
            table.add_column(column, overflow="fold")
        for item in report.timeline:
            table.add_row(
                render.when(item.moment, the_desk),
                item.outlet,
                str(item.genre),
                item.title,
                str(item.duplicate_of or ""),
            )
        out.print(table)
        out.print("Voices: " + (", ".join(f"{a} ({n})" for a, n in report.actors) or "-"))
        out.print("Frames: " + (", ".join(f"{f} ({n})" for f, n in report.frames) or "-"))


@stories_app.command("rebuild")
def rebuild(desk: DeskOption = None) -> None:
    """Recompute every story from the stored documents."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with open_desk(desk) as the_desk:
        total = the_desk.count()
        with Progress(
            TextColumn("placing documents"), BarColumn(), MofNCompleteColumn(), console=console()
        ) as bar:
            task = bar.add_task("rebuild", total=total)
            placed = the_desk.rebuild_stories(lambda done: bar.update(task, completed=done))
        console().print(f"Placed {placed} documents in {len(the_desk.stories(limit=1_000_000))} stories.")
