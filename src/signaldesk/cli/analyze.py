"""`signaldesk analyze`: the batch analysis of a JSON Lines file, with progress on stderr."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from typing import IO

from .common import console


def _open(path: Path, mode: str, stack: ExitStack) -> IO[str]:
    from ..errors import UsageError

    if str(path) == "-":
        return sys.stdin if "r" in mode else sys.stdout
    try:
        return stack.enter_context(path.open(mode, encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"no input file at {path}") from None
    except OSError as error:
        raise UsageError(f"cannot open {path}: {error.strerror}") from None


def run_analyze(input_file: Path, output_file: Path, desk: Path | None) -> None:
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from ..analyze.batch import Problems, analyze_lines
    from ..analyze.pipeline import Analyzer
    from ..config import load_desk, parse_desk
    from ..starter import starter_desk_text

    config = load_desk(desk) if desk else parse_desk(starter_desk_text(), "starter desk")
    analyzer = Analyzer(config)
    err = console(stderr=True)
    problems = Problems()
    with ExitStack() as stack:
        source = _open(input_file, "r", stack)
        target = _open(output_file, "w", stack)
        columns = (SpinnerColumn(), TextColumn("analysed {task.completed} documents"), TimeElapsedColumn())
        with Progress(*columns, console=err, transient=True) as progress:
            task = progress.add_task("analyse")
            count = analyze_lines(source, analyzer, target.write, problems, lambda: progress.advance(task))
    for message in problems.messages:
        err.print(f"[yellow]warning:[/] {message}")
    err.print(
        f"Analysed {count} documents"
        + (f"; {len(problems.messages)} warning(s)" if problems.messages else "")
    )
