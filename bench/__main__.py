"""Run benchmarks: `python -m bench NAME [--runs N] [--quick]`, or `python -m bench all`.

Each benchmark module in this folder exposes `run(quick: bool = False) -> dict[str, float | int | str]`.
The runner calls it N times and reports the median of every number, as a table and as JSON.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import statistics
import sys
from pathlib import Path
from typing import Any


def names() -> list[str]:
    return sorted(
        m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if not m.name.startswith("_")
    )


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key in runs[0]:
        values = [run[key] for run in runs if key in run]
        if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            result[key] = round(statistics.median(values), 4)
        else:
            result[key] = values[-1]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("name", help=f"one of: all, {', '.join(names())}")
    parser.add_argument("--runs", type=int, default=3, help="runs to take the median of (default 3)")
    parser.add_argument("--quick", action="store_true", help="smaller workloads, for a smoke run")
    args = parser.parse_args(argv)
    chosen = names() if args.name == "all" else [args.name]
    unknown = [n for n in chosen if n not in names()]
    if unknown:
        parser.error(f"no benchmark named {unknown[0]!r}; choose from: {', '.join(names())}")
    from rich.console import Console
    from rich.table import Table

    console = Console(stderr=True)
    report = {}
    for name in chosen:
        module = importlib.import_module(f"bench.{name}")
        runs = []
        for number in range(args.runs):
            console.print(f"[dim]{name}: run {number + 1} of {args.runs}[/]")
            runs.append(module.run(quick=args.quick))
        report[name] = median_of(runs)
        table = Table(title=f"{name} (median of {args.runs})", title_justify="left")
        table.add_column("figure")
        table.add_column("value", justify="right")
        for key, value in report[name].items():
            table.add_row(key, f"{value:,}" if isinstance(value, int | float) else str(value))
        console.print(table)
    json.dump(report, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
