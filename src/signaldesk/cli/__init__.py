"""The signaldesk command line: a thin layer over the Desk facade (Typer + Rich)."""

from __future__ import annotations

import sys

from .app import app

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; a SignaldeskError becomes one clear line and its exit code."""
    from ..errors import SignaldeskError
    from .app import state

    try:
        app(args=argv, prog_name="signaldesk", standalone_mode=True)
    except SignaldeskError as error:
        if state.debug:
            raise
        from rich.console import Console
        from rich.markup import escape

        Console(stderr=True, soft_wrap=True).print(
            f"[bold red]error:[/] {escape(error.message)}", highlight=False
        )
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
