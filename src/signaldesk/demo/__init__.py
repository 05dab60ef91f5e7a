"""The demo newsroom: fictional outlets on loopback playing a storyline about Kestria."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .server import Newsroom, Outlet

__all__ = ["Newsroom", "Outlet"]


def __getattr__(name: str) -> Any:
    # Imported on first use, so `python -m signaldesk.demo.server` runs the module once.
    if name in __all__:
        from . import server

        return getattr(server, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
