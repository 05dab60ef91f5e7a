"""The brief as JSON: the data behind every format, and what `--compare` reads back."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from .model import Brief

VERSION = 1


def to_data(brief: Brief) -> dict[str, Any]:
    data = asdict(brief)
    data["format"] = {"name": "signaldesk-brief", "version": VERSION}
    for row, source in zip(data["index"], brief.index, strict=True):
        row["change"] = source.change
    return data


def render_json(brief: Brief) -> str:
    return json.dumps(to_data(brief), ensure_ascii=False, indent=2)
