"""docs/connectors.md covers every connector."""

from __future__ import annotations

from pathlib import Path

from signaldesk.ingest.connectors import CONNECTORS

DOC = Path(__file__).resolve().parents[3] / "docs" / "connectors.md"


def test_every_connector_has_a_section_and_a_row() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name in CONNECTORS:
        assert f"| `{name}` |" in text, f"docs/connectors.md has no table row for {name}"
        assert f"connector: {name}" in text, f"docs/connectors.md has no example source for {name}"
