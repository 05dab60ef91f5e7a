"""Where documents, sources and everything derived from them are kept.

`open_store(url_or_path)` picks the implementation: a file path or `sqlite:///...` gives
the embedded SQLite store. SQL dialect details stay inside this package.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import StoreError
from .base import Store
from .records import Hit, PollOutcome, Revision, StoryRow, Subscription

__all__ = ["Hit", "PollOutcome", "Revision", "Store", "StoryRow", "Subscription", "open_store"]


def open_store(location: str | Path) -> Store:
    text = str(location)
    if text.startswith("sqlite:///"):
        text = text.removeprefix("sqlite:///")
    elif "://" in text:
        raise StoreError(f"unsupported store address '{text}': use a SQLite file path")
    from .sqlite import SQLiteStore

    return SQLiteStore(Path(text) if text != ":memory:" else text)
