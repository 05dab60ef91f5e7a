"""The demo newsroom: fictional outlets on loopback playing a storyline about Kestria."""

from .server import Newsroom, Outlet

__all__ = ["Newsroom", "Outlet"]
