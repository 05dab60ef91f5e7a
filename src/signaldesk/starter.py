"""The desks `signaldesk init` writes: the starter desk and the demo desk."""

from __future__ import annotations

from importlib.resources import files


def starter_desk_text() -> str:
    """The 'North Korea in US media' desk, with real sources and actors."""
    return files("signaldesk.desks").joinpath("north-korea-us-media.yaml").read_text(encoding="utf-8")


def demo_desk_text(port: int = 8731) -> str:
    """The desk for the demo newsroom at its default addresses."""
    from .demo import Newsroom

    return Newsroom(port=port).desk_yaml()
