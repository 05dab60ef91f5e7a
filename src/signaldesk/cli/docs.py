"""Write docs/cli.md from the commands' own --help: `python -m signaldesk.cli.docs > docs/cli.md`.

Run as a program (a test compares its output with docs/cli.md), so it may fix the terminal
width before Typer is imported.
"""

from __future__ import annotations

import os

os.environ.update(TERMINAL_WIDTH="100", _TYPER_FORCE_DISABLE_TERMINAL="1", NO_COLOR="1")

from typer.testing import CliRunner

from signaldesk.cli.app import app

COMMANDS = [
    [],
    ["init"],
    ["check"],
    ["sources"],
    ["sources", "list"],
    ["sources", "add"],
    ["sources", "remove"],
    ["sources", "import-opml"],
    ["sources", "export-opml"],
    ["sources", "status"],
    ["sources", "discover"],
    ["readers"],
    ["run"],
    ["poll"],
    ["search"],
    ["show"],
    ["signals"],
    ["export"],
    ["stats"],
    ["extract"],
    ["demo"],
    ["brief"],
    ["serve"],
    ["users"],
    ["users", "add"],
    ["users", "token"],
    ["users", "list"],
]

HEADER = """# Command line

Every command takes `--desk PATH` (default `./desk.yaml`, or `$SIGNALDESK_DESK`). Errors print
one line and exit with 1 (runtime) or 2 (usage or desk file); `signaldesk --debug COMMAND`
shows the traceback. This page is written from the commands' own `--help` by
`make docs`; a test checks that it is current.
"""


def render() -> str:
    runner = CliRunner()
    parts = [HEADER]
    for words in COMMANDS:
        result = runner.invoke(app, [*words, "--help"], prog_name="signaldesk")
        title = " ".join(["signaldesk", *words])
        lines = [line.rstrip() for line in result.output.splitlines()]
        parts.append(f"## `{title}`\n\n```\n" + "\n".join(lines).strip("\n") + "\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    print(render(), end="")
