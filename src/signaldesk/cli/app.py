"""The commands. Each one parses its options, calls the Desk facade and renders the answer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from . import render
from .actors import actors_app, columnists_command, readers_command
from .briefs import brief_command
from .common import DeskOption, JsonOption, console, desk_path, open_desk, parse_when, state
from .serve import serve_command, users_app
from .signals import signals_command
from .sources import sources_app
from .stories import stories_app

app = typer.Typer(
    help="signaldesk: follow a country's media on a watched topic, as it happens.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(sources_app, name="sources")
app.add_typer(actors_app, name="actors")
app.add_typer(stories_app, name="stories")
app.command("columnists")(columnists_command)
app.command("readers")(readers_command)
app.command("signals")(signals_command)
app.command("brief")(brief_command)
app.command("serve")(serve_command)
app.add_typer(users_app, name="users")

__all__ = ["app", "state"]


@app.callback()
def _options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    state.debug = debug


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Folder to write desk.yaml into.")] = Path("."),
    demo: Annotated[bool, typer.Option("--demo", help="Write the desk for the demo newsroom.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing desk.yaml.")] = False,
) -> None:
    """Write a starter desk file (the North Korea in US media desk, or the demo desk)."""
    from ..errors import UsageError
    from ..starter import demo_desk_text, starter_desk_text

    target = folder / "desk.yaml"
    if target.exists() and not force:
        raise UsageError(f"{target} exists already; use --force to overwrite it")
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(demo_desk_text() if demo else starter_desk_text(), encoding="utf-8")
    console().print(f"Wrote {target}. Check it with: signaldesk check {target}")


@app.command()
def check(
    path: Annotated[Path | None, typer.Argument(help="Desk file to validate.", show_default=False)] = None,
    desk: DeskOption = None,
) -> None:
    """Validate a desk file; every problem is named with its line."""
    from ..config import load_desk

    target = path or desk_path(desk)
    config = load_desk(target)
    console().print(
        f"[green]ok[/] {target}: {config.desk.name}: {len(config.sources)} sources, {len(config.actors)} actors, "
        f"{len(config.watches)} watches, {len(config.frames)} frames, {len(config.rules)} rules"
    )


@app.command()
def poll(
    once: Annotated[bool, typer.Option("--once", help="Poll every enabled source once, then stop.")] = False,
    source: Annotated[list[str] | None, typer.Option("--source", "-s", help="Only this source id.")] = None,
    desk: DeskOption = None,
) -> None:
    """Poll the sources once (use `run` to keep polling)."""
    from ..errors import UsageError

    if not once:
        raise UsageError("`poll` needs --once; to keep polling use `signaldesk run`")
    with open_desk(desk) as the_desk:
        outcomes = render.poll_with_progress(the_desk, source)
        render.poll_summary(console(), the_desk, outcomes)


@app.command()
def run(
    desk: DeskOption = None,
    workers: Annotated[int | None, typer.Option(help="Extraction processes (default: one per core).")] = None,
) -> None:
    """Keep polling the sources as they fall due, until Ctrl-C."""
    with open_desk(desk) as the_desk:
        out = console()
        out.print(
            f"Monitoring {len(the_desk.sources)} sources of [bold]{the_desk.config.desk.name}[/]. "
            "Ctrl-C stops."
        )
        try:
            the_desk.run(progress=render.poll_line(out), workers=workers)
        except KeyboardInterrupt:
            out.print("Stopped. Everything stored so far is kept.")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Query in the query language (see docs/query-language.md).")],
    since: Annotated[str | None, typer.Option(help="From this date or datetime (ISO 8601).")] = None,
    until: Annotated[str | None, typer.Option(help="Before this date or datetime (ISO 8601).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000, help="How many results.")] = 20,
    as_json: JsonOption = False,
    desk: DeskOption = None,
) -> None:
    """Search stored documents."""
    with open_desk(desk) as the_desk:
        hits = the_desk.search(
            query, since=parse_when(since, "--since"), until=parse_when(until, "--until"), limit=limit
        )
        total = the_desk.count(query, since=parse_when(since, "--since"), until=parse_when(until, "--until"))
        if as_json:
            typer.echo(
                json.dumps(
                    {"total": total, "hits": [render.document_json(h.document) for h in hits]},
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            render.hits_table(console(), the_desk, hits, total)


@app.command()
def show(
    document_id: Annotated[int, typer.Argument(metavar="ID", help="Document id.")],
    revisions: Annotated[bool, typer.Option("--revisions", help="List the document's revisions.")] = False,
    as_json: JsonOption = False,
    desk: DeskOption = None,
) -> None:
    """Show one document (and its revisions)."""
    with open_desk(desk) as the_desk:
        document = the_desk.document(document_id)
        history = the_desk.revisions(document_id) if revisions else []
        if as_json:
            data = render.document_json(document, full=True)
            if revisions:
                data["revisions"] = [render.revision_json(r) for r in history]
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            render.document_view(console(), the_desk, document, history)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, jsonl or parquet.")] = "jsonl",
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write.")] = Path("documents.jsonl"),
    query: Annotated[str, typer.Option("--query", "-q", help="Only documents matching this query.")] = "",
    since: Annotated[str | None, typer.Option(help="From this date (ISO 8601).")] = None,
    until: Annotated[str | None, typer.Option(help="Before this date (ISO 8601).")] = None,
    desk: DeskOption = None,
) -> None:
    """Export stored documents."""
    with open_desk(desk) as the_desk:
        count = the_desk.export(
            out, fmt=fmt, query=query, since=parse_when(since, "--since"), until=parse_when(until, "--until")
        )
    console().print(f"Wrote {count} documents to {out}")


@app.command()
def stats(as_json: JsonOption = False, desk: DeskOption = None) -> None:
    """Counts of what the desk has stored."""
    with open_desk(desk) as the_desk:
        numbers = the_desk.stats()
    if as_json:
        typer.echo(json.dumps(numbers, indent=2))
    else:
        render.stats_view(console(), numbers)


@app.command()
def extract(
    page: Annotated[
        str, typer.Argument(metavar="PATH_OR_URL", help="A saved page (.html or .html.gz) or a URL.")
    ],
    url: Annotated[str | None, typer.Option(help="The page's address, for a local file.")] = None,
    allow_private: Annotated[
        bool, typer.Option(help="Allow fetching private or loopback addresses.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Run the article extractor on one page and print the article."""
    from ..ingest.single import extract_one

    article = extract_one(page, url=url, allow_private=allow_private)
    if as_json:
        typer.echo(json.dumps(render.article_json(article), ensure_ascii=False, indent=2))
    else:
        render.article_view(console(), article)


@app.command()
def analyze(
    input_file: Annotated[
        Path, typer.Option("--input", "-i", help="JSON Lines file of documents ('-' for stdin).")
    ],
    output_file: Annotated[
        Path, typer.Option("--output", "-o", help="JSON Lines file to write ('-' for stdout).")
    ],
    desk: Annotated[
        Path | None,
        typer.Option("--desk", "-d", help="Desk whose actors and frames to use (default: the starter desk)."),
    ] = None,
) -> None:
    """Analyse documents you bring (offline): language, actors, quotes, stance, frames, signals."""
    from .analyze import run_analyze

    run_analyze(input_file, output_file, desk)


@app.command()
def demo(
    speed: Annotated[
        float,
        typer.Option(
            help="How many times faster than real time the storyline plays (7200: two hours a second)."
        ),
    ] = 7200.0,
    port: Annotated[int, typer.Option(help="Port of the demo newsroom (on 127.0.0.11 and up).")] = 8731,
    folder: Annotated[Path, typer.Option("--dir", help="Where the demo desk and its store live.")] = Path(
        ".demo"
    ),
    keep: Annotated[bool, typer.Option("--keep", help="Keep the store of an earlier demo run.")] = False,
    workers: Annotated[int | None, typer.Option(help="Extraction processes (default: one per core).")] = None,
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Open the dashboard on 127.0.0.1:8787 at the end.")
    ] = True,
) -> None:
    """Play the demo newsroom's news cycle, monitor it on the embedded store, then open the dashboard."""
    from .demo import run_demo

    run_demo(
        console(),
        speed=speed,
        port=port,
        folder=folder,
        keep=keep,
        workers=workers,
        serve_port=8787 if serve else None,
    )
