"""Connectors for sources of kind 'api': official records and reader comments.

`CONNECTORS` maps the desk file's `connector:` name to the connector; `run_source`
polls one source with one. See docs/connectors.md for settings and limits.
"""

from __future__ import annotations

from .base import Connector, ConnectorError, Event, Parsed, Request
from .ratelimits import Quota, RateLimit
from .registry import CONNECTORS
from .run import Collected, api_key, collect, pacer_for, run_source

__all__ = [
    "CONNECTORS",
    "Collected",
    "Connector",
    "ConnectorError",
    "Event",
    "Parsed",
    "Quota",
    "RateLimit",
    "Request",
    "api_key",
    "collect",
    "pacer_for",
    "run_source",
]
