"""signaldesk: real-time media monitoring and policy-signal analysis for country desks.

>>> import signaldesk
>>> desk = signaldesk.open_desk("desk.yaml")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import SignaldeskError

__version__ = "0.1.0"
__all__ = ["Desk", "SignaldeskError", "__version__", "open_desk"]

if TYPE_CHECKING:
    from .desk import Desk


def open_desk(path: str | Any = "desk.yaml", **options: Any) -> Desk:
    """Open the desk described by the desk file at `path` (a path, or a DeskConfig)."""
    from .desk import Desk

    return Desk.open(path, **options)


def __getattr__(name: str) -> Any:
    if name == "Desk":
        from .desk import Desk

        return Desk
    raise AttributeError(name)
