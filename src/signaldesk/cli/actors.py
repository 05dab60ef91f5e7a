"""`signaldesk actors ...` and `signaldesk columnists`: who the desk follows, and who it could."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from .common import DeskOption, JsonOption, console, desk_path, open_desk

actors_app = typer.Typer(help="The desk's actors and the candidates NER found.", no_args_is_help=True)


@actors_app.command("list")
def list_actors(as_json: JsonOption = False, desk: DeskOption = None) -> None:
    """List the desk's actors."""
    from rich.table import Table

    from ..config import load_desk

    config = load_desk(desk_path(desk))
    if as_json:
        typer.echo(json.dumps([a.model_dump(mode="json") for a in config.actors], indent=2))
        return
    table = Table(title=f"{len(config.actors)} actors", title_justify="left")
    for column in ("id", "kind", "name", "aliases"):
        table.add_column(column, overflow="fold")
    for actor in config.actors:
        table.add_row(actor.id, actor.kind, actor.name, ", ".join(actor.aliases))
    console().print(table)


@actors_app.command("candidates")
def candidates(
    limit: Annotated[int, typer.Option(min=1, help="How many.")] = 30,
    as_json: JsonOption = False,
    desk: DeskOption = None,
) -> None:
    """Names found in the documents that no actor covers: accept, merge or ignore them."""
    from rich.table import Table

    with open_desk(desk) as the_desk:
        rows = the_desk.actor_candidates(limit)
    if as_json:
        typer.echo(json.dumps([{"name": n, "type": t, "documents": c} for n, t, c in rows], indent=2))
        return
    table = Table(title="Actor candidates", title_justify="left")
    for column in ("name", "type", "documents"):
        table.add_column(column)
    for name, kind, count in rows:
        table.add_row(name, kind, str(count))
    console().print(table)
    console().print(
        "Accept: signaldesk actors accept NAME --id ID · merge: actors merge NAME --into ID · "
        "ignore: actors ignore NAME"
    )


@actors_app.command("accept")
def accept(
    name: Annotated[str, typer.Argument(help="The name to track.")],
    actor_id: Annotated[str, typer.Option("--id", help="Id for the new actor.")],
    kind: Annotated[
        str, typer.Option(help="person, institution, organisation, party or country.")
    ] = "person",
    country: Annotated[str, typer.Option(help="Country the actor speaks for.")] = "US",
    desk: DeskOption = None,
) -> None:
    """Track a candidate as a new actor (added to the desk file)."""
    from .. import desk_file

    actor = {"id": actor_id, "name": name, "kind": kind, "country": country}
    desk_file.edit(desk_path(desk), lambda text, file: desk_file.add_item(text, "actors", actor, file))
    console().print(f"Added actor '{actor_id}' ({name}). New documents will be matched to it.")


@actors_app.command("merge")
def merge(
    name: Annotated[str, typer.Argument(help="The candidate's name.")],
    into: Annotated[str, typer.Option("--into", help="Id of the actor it is another name of.")],
    desk: DeskOption = None,
) -> None:
    """Record a candidate as another name of an existing actor."""
    from .. import desk_file

    desk_file.edit(
        desk_path(desk),
        lambda text, file: desk_file.append_to_field(text, "actors", into, "aliases", name, file),
    )
    console().print(f"'{name}' is now an alias of '{into}'.")


@actors_app.command("ignore")
def ignore(
    name: Annotated[str, typer.Argument(help="The candidate's name.")], desk: DeskOption = None
) -> None:
    """Stop offering a name as a candidate."""
    from .. import desk_file

    desk_file.edit(
        desk_path(desk), lambda text, file: desk_file.append_value(text, "ignored_names", name, file)
    )
    console().print(f"'{name}' will no longer be offered.")


def columnists_command(as_json: JsonOption = False, desk: DeskOption = None) -> None:
    """Columnists: one row per person across outlets, with their pieces."""
    from rich.table import Table

    from . import render

    with open_desk(desk) as the_desk:
        people = the_desk.columnists()
        if as_json:
            typer.echo(
                json.dumps(
                    [
                        {
                            "key": p.key,
                            "name": p.name,
                            "outlets": sorted(p.outlets),
                            "pieces": p.pieces,
                            "latest": p.latest and p.latest.isoformat(),
                        }
                        for p in people
                    ],
                    indent=2,
                )
            )
            return
        table = Table(title=f"{len(people)} columnists", title_justify="left")
        for column in ("name", "outlets", "pieces", "latest"):
            table.add_column(column, overflow="fold")
        for person in people:
            table.add_row(
                person.name,
                ", ".join(sorted(person.outlets)),
                str(len(person.pieces)),
                render.when(person.latest, the_desk),
            )
        console().print(table)


def readers_command(
    watch: Annotated[str | None, typer.Option(help="A watch id: its query selects the documents.")] = None,
    query: Annotated[str, typer.Option("--query", "-q", help='Or any query, such as author:"Name".')] = "",
    as_json: JsonOption = False,
    desk: DeskOption = None,
) -> None:
    """What readers said under a watch's (or a query's) documents: volume, tone, frames."""
    from ..errors import UsageError

    with open_desk(desk) as the_desk:
        if watch is not None:
            found = [w for w in the_desk.config.watches if w.id == watch]
            if not found:
                raise UsageError(f"no watch with id '{watch}' in this desk")
            query = found[0].query
        reactions = the_desk.readers(query)
        if as_json:
            from dataclasses import asdict

            typer.echo(json.dumps(asdict(reactions), indent=2))
            return
        out = console()
        tone = f"{reactions.tone:+.2f}" if reactions.tone is not None else "-"
        out.print(
            f"{reactions.comments} reader comments under {reactions.documents} documents; mean tone {tone}"
        )
        out.print("Frames: " + (", ".join(f"{f} ({n})" for f, n in reactions.frames) or "-"))
        for document_id, count in reactions.most_discussed:
            document = the_desk.document(document_id)
            out.print(f"  {count:>4} comments  [{document_id}] {document.outlet}: {document.title}")
