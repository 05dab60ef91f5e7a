"""The docs say what the code does: the CLI page and the desk-file reference are current."""

from __future__ import annotations

import subprocess
import sys

from signaldesk.config_docs import BEGIN, END, reference
from tests.conftest import ROOT


def test_cli_page_matches_the_commands_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "signaldesk.cli.docs"], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == result.stdout, (
        "docs/cli.md is out of date: run `make docs`"
    )


def test_desk_file_reference_matches_the_schema() -> None:
    text = (ROOT / "docs" / "desk-file.md").read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    assert text[start:end] + "\n" == reference(), (
        "docs/desk-file.md is out of date: run `python -m signaldesk.config_docs` and paste the reference"
    )


def test_readme_shows_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
