"""Making source ids from names."""

from __future__ import annotations

import re
from collections.abc import Collection


def source_id_for(name: str, taken: Collection[str] = ()) -> str:
    """A lower-case id from a name or URL, made unique against `taken` with a number."""
    base = re.sub(r"^https?://(www\.)?", "", name.lower())
    base = re.sub(r"[^a-z0-9]+", "-", base).strip("-")[:60] or "source"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate
