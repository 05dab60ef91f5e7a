"""What changed since a previous brief: new and dropped stories, index moves, new playbook items."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .model import Changes

MOVE_MIN = 0.2  # an index move smaller than this is left out


def load(path: Path) -> dict[str, Any]:
    """A brief's JSON, as written by `--format json`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise UsageError(f"cannot read the previous brief {path}: {error}") from None
    if not isinstance(data, dict) or data.get("format", {}).get("name") != "signaldesk-brief":
        raise UsageError(f"{path} is not a brief written with --format json")
    return data


def _stories(data: dict[str, Any]) -> dict[str, str]:
    return {_key(d): d["title"] for d in data.get("developments", [])}


def _key(development: dict[str, Any]) -> str:
    story = int(development.get("story_id", 0))
    return f"story:{story}" if story > 0 else f"title:{development.get('title', '')}"


def _index(data: dict[str, Any]) -> dict[tuple[str, str], float]:
    return {(r["actor"], r["frame"]): float(r["value"]) for r in data.get("index", []) if r.get("signals")}


def compare(previous: dict[str, Any], current: dict[str, Any]) -> Changes:
    """The changes from `previous` to `current` (both as brief JSON data)."""
    old, new = _stories(previous), _stories(current)
    before, now = _index(previous), _index(current)
    moves = []
    for key in sorted(set(before) | set(now)):
        a, b = before.get(key), now.get(key)
        if abs((b or 0.0) - (a or 0.0)) >= MOVE_MIN:
            moves.append((key[0], key[1], a, b))
    fired_before = {f["item_id"] for f in previous.get("fired", [])}
    return Changes(
        previous_window=f"{previous.get('window_start', '')} to {previous.get('window_end', '')}",
        new_stories=tuple(title for key, title in new.items() if key not in old),
        dropped_stories=tuple(title for key, title in old.items() if key not in new),
        index_moves=tuple(moves),
        new_items=tuple(f["item_id"] for f in current.get("fired", []) if f["item_id"] not in fired_before),
    )
