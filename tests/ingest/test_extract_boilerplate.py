"""Promo, share and related-link lines are dropped from bodies; prose is kept."""

from __future__ import annotations

import pytest

from signaldesk.ingest.boilerplate import drop_boilerplate_lines, is_boilerplate_line


@pytest.mark.parametrize(
    "line",
    [
        "Related: Ten photos of the launch site",
        "Read more: Talks stall again",
        "DON'T MISS",
        "Like this story? Share it with a friend!",
        "Follow us on Twitter and Facebook.",
        "Sign up for our daily newsletter.",
        "Get the latest updates right in your inbox.",
        "Copyright © 2026 The Harbor Ledger",
        "Envoys meet again [VIDEO]",
        "Tags",
        "12 comments",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "The envoy said the talks would resume next week.",
        "Related issues were raised by the delegation from Seoul, officials said.",
        "https://example.com/document.pdf",
        "He told reporters to follow the money. " * 10,
    ],
)
def test_prose_is_kept(line: str) -> None:
    assert not is_boilerplate_line(line)


def test_related_list_and_tag_line_go_with_their_header() -> None:
    text = "\n".join(
        [
            "First paragraph of the story.",
            "Related: More on the summit",
            "- Photos of the summit",
            "- Who is who at the table",
            "Second paragraph of the story.",
            "Tags",
            "summit, diplomacy, talks",
            "- a list item that belongs to the story",
        ]
    )
    assert drop_boilerplate_lines(text) == "\n".join(
        [
            "First paragraph of the story.",
            "Second paragraph of the story.",
            "- a list item that belongs to the story",
        ]
    )
