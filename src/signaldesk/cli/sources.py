"""`signaldesk sources ...`: list, add, remove, import/export OPML, status, discover."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import render
from .common import DeskOption, JsonOption, console, desk_path, open_desk

sources_app = typer.Typer(help="The desk's sources: list, add, remove, OPML, health.", no_args_is_help=True)


@sources_app.command("list")
def list_sources(as_json: JsonOption = False, desk: DeskOption = None) -> None:
    """List the desk's sources."""
    from ..config import load_desk

    config = load_desk(desk_path(desk))
    if as_json:
        import json

        typer.echo(json.dumps([s.model_dump(mode="json") for s in config.sources], indent=2))
    else:
        render.sources_table(console(), config.sources)


@sources_app.command("add")
def add(
    source_id: Annotated[str, typer.Argument(metavar="ID", help="New source id.")],
    url: Annotated[str, typer.Argument(help="Feed, sitemap or listing page address.")],
    outlet: Annotated[str, typer.Option(help="Outlet name.")] = "",
    kind: Annotated[str, typer.Option(help="feed, sitemap, listing or api.")] = "feed",
    genre: Annotated[str, typer.Option(help="news, opinion, analysis, official or comments.")] = "news",
    desk: DeskOption = None,
) -> None:
    """Add a source to the desk file (validated first; nothing is written if it is wrong)."""
    from .. import desk_file

    path = desk_path(desk)
    source = {"id": source_id, "url": url, "outlet": outlet or source_id, "kind": kind, "genre": genre}
    desk_file.edit(path, lambda text, name: desk_file.add_item(text, "sources", source, name))
    console().print(f"Added source '{source_id}' to {path}")


@sources_app.command("remove")
def remove(
    source_id: Annotated[str, typer.Argument(metavar="ID", help="Source id.")], desk: DeskOption = None
) -> None:
    """Remove a source from the desk file (what it brought in stays stored)."""
    from .. import desk_file

    path = desk_path(desk)
    desk_file.edit(path, lambda text, name: desk_file.remove_item(text, "sources", source_id, name))
    console().print(f"Removed source '{source_id}' from {path}")


@sources_app.command("import-opml")
def import_opml(
    file: Annotated[Path, typer.Argument(help="OPML file.")],
    genre: Annotated[str, typer.Option(help="Genre hint for the imported feeds.")] = "news",
    desk: DeskOption = None,
) -> None:
    """Add every feed of an OPML file as a source."""
    from .. import desk_file
    from ..errors import UsageError
    from ..ingest.opml import read_opml
    from ..ingest.sourceids import source_id_for

    try:
        outlines = read_opml(file.read_bytes())
    except FileNotFoundError:
        raise UsageError(f"no OPML file at {file}") from None
    path = desk_path(desk)
    from ..config import load_desk

    taken = {s.id for s in load_desk(path).sources}
    new = []
    for outline in outlines:
        source_id = source_id_for(outline.get("title") or outline["xmlUrl"], taken)
        taken.add(source_id)
        new.append(
            {
                "id": source_id,
                "url": outline["xmlUrl"],
                "outlet": outline.get("title") or source_id,
                "kind": "feed",
                "genre": genre,
            }
        )
    desk_file.edit(path, lambda text, name: desk_file.add_items(text, "sources", new, name))
    console().print(f"Imported {len(new)} feeds into {path}")


@sources_app.command("export-opml")
def export_opml(
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write.")] = Path("sources.opml"),
    desk: DeskOption = None,
) -> None:
    """Write the desk's feeds as OPML."""
    from ..config import load_desk
    from ..ingest.opml import write_opml

    config = load_desk(desk_path(desk))
    out.write_text(write_opml(config.sources, config.desk.name), encoding="utf-8")
    console().print(f"Wrote {len(config.sources)} sources to {out}")


@sources_app.command("status")
def status(as_json: JsonOption = False, desk: DeskOption = None) -> None:
    """Health of every source: last success, errors, latency, rhythm, silence."""
    with open_desk(desk) as the_desk:
        health = the_desk.health()
        if as_json:
            import json

            typer.echo(json.dumps([render.health_json(h) for h in health], indent=2))
        else:
            render.health_table(console(), the_desk, health)


@sources_app.command("discover")
def discover(
    url: Annotated[str, typer.Argument(help="A homepage to look for feeds on.")],
    allow_private: Annotated[bool, typer.Option(help="Allow private or loopback addresses.")] = False,
) -> None:
    """Find the feeds a homepage announces."""
    from ..ingest.single import discover_on

    found = discover_on(url, allow_private=allow_private)
    out = console()
    if not found:
        out.print(f"No feeds found on {url}")
    for feed in found:
        out.print(f"{feed.url}  [dim]{getattr(feed, 'title', '') or ''}[/]")
