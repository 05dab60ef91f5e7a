"""What every command shares: the --desk option, opening the desk, the console."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from ..desk import Desk


@dataclass
class State:
    debug: bool = False


state = State()

DeskOption = Annotated[
    Path | None,
    typer.Option(
        "--desk", "-d", help="Desk file. Default: ./desk.yaml, or $SIGNALDESK_DESK.", show_default=False
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def desk_path(desk: Path | None) -> Path:
    if desk is not None:
        return desk
    return Path(os.environ.get("SIGNALDESK_DESK") or "desk.yaml")


def open_desk(desk: Path | None) -> Desk:
    from .. import open_desk as _open

    return _open(desk_path(desk))


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def parse_when(value: str | None, option: str) -> datetime | None:
    """A date or datetime from the command line; a bare date is midnight UTC."""
    if value is None:
        return None
    from ..errors import UsageError
    from ..types import utc

    try:
        return utc(datetime.fromisoformat(value))
    except ValueError:
        raise UsageError(
            f"{option} takes a date like 2026-03-01 or 2026-03-01T17:00-05:00, not '{value}'"
        ) from None
