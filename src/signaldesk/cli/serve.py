"""`signaldesk serve`: the dashboard and REST API; `signaldesk users`: who may use them."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import DeskOption, console, open_desk

users_app = typer.Typer(help="Users of the dashboard and API.", no_args_is_help=True)


def serve_command(
    desk: DeskOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on (loopback unless told otherwise).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8787,
) -> None:
    """Serve the dashboard and the REST API (/api/v1) until Ctrl-C."""
    import uvicorn

    from ..web.app import create_app

    with open_desk(desk) as the_desk:
        if not the_desk.users():
            console().print("No users yet: add one with [bold]signaldesk users add NAME --role admin[/].")
        console().print(f"Serving {the_desk.config.desk.name} on http://{host}:{port}/  (Ctrl-C stops)")
        uvicorn.run(create_app(the_desk), host=host, port=port, log_level="warning")


@users_app.command("add")
def add_user(
    name: Annotated[str, typer.Argument(help="User name.")],
    role: Annotated[str, typer.Option(help="viewer, analyst or admin.")] = "viewer",
    desk: DeskOption = None,
) -> None:
    """Add a user and print their one-time password."""
    with open_desk(desk) as the_desk:
        password = the_desk.add_user(name, role)
    typer.echo(f"Added {name} ({role}). One-time password (shown only now): {password}")


@users_app.command("token")
def add_token(
    name: Annotated[str, typer.Argument(help="User the token acts as.")],
    label: Annotated[str, typer.Option(help="What the token is for.")] = "",
    desk: DeskOption = None,
) -> None:
    """Create an API token for a user (for Authorization: Bearer ...) and print it once."""
    with open_desk(desk) as the_desk:
        token = the_desk.add_token(name, label)
    typer.echo(token)


@users_app.command("list")
def list_users(desk: DeskOption = None) -> None:
    """List the users and their roles."""
    with open_desk(desk) as the_desk:
        for user in the_desk.users():
            typer.echo(f"{user.name}\t{user.role}\t{user.created_at:%Y-%m-%d}")
