"""A brief back from its JSON (the inverse of `render_json.to_data`), and the row it is kept as."""

from __future__ import annotations

import json
import types
from dataclasses import MISSING, fields, is_dataclass
from datetime import datetime
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

from ..errors import UsageError
from ..store.briefs import NewBrief
from .model import Brief, IndexRow
from .render_json import VERSION, render_json

DERIVED = {Brief: {"format"}, IndexRow: {"change"}}
"""Keys `to_data` adds that the values compute for themselves."""


def from_data(data: Any) -> Brief:
    """The brief `data` (a brief's JSON, parsed) was written from; a UsageError says why not."""
    if not isinstance(data, dict) or not isinstance(data.get("format"), dict):
        raise UsageError("this is not a signaldesk brief: its JSON has no format name and version")
    name, version = data["format"].get("name"), data["format"].get("version")
    if name != "signaldesk-brief":
        raise UsageError(f"this is not a signaldesk brief: its format is '{name}'")
    if version != VERSION:
        raise UsageError(
            f"this brief is in format version {version}; this signaldesk reads version {VERSION}"
        )
    brief: Brief = _value(Brief, data, "brief")
    return brief


def loads(text: str) -> Brief:
    """The brief of a JSON text."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise UsageError(f"this is not a signaldesk brief: its JSON does not parse ({error})") from None
    return from_data(data)


def to_record(brief: Brief) -> NewBrief:
    """The row a brief is kept as in the store: its window, when written, title and JSON."""
    return NewBrief(
        window_start=datetime.fromisoformat(brief.window_start),
        window_end=datetime.fromisoformat(brief.window_end),
        created_at=datetime.fromisoformat(brief.created_at),
        title=brief.title,
        data=render_json(brief),
    )


@cache
def _hints(kind: type) -> dict[str, Any]:
    return get_type_hints(kind)


def _broken(where: str, expected: str, value: Any) -> UsageError:
    return UsageError(f"this brief's JSON is damaged: {where} should be {expected}, not {value!r:.60}")


def _value(kind: Any, value: Any, where: str) -> Any:
    """`value` (parsed JSON) as the type `kind`, checked all the way down."""
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        options = [k for k in get_args(kind) if k is not type(None)]
        return None if value is None else _value(options[0], value, where)
    if origin is tuple:
        args = get_args(kind)
        if not isinstance(value, list | tuple):
            raise _broken(where, "a list", value)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_value(args[0], v, f"{where}[{i}]") for i, v in enumerate(value))
        if len(value) != len(args):
            raise _broken(where, f"a list of {len(args)}", value)
        return tuple(_value(k, v, f"{where}[{i}]") for i, (k, v) in enumerate(zip(args, value, strict=True)))
    if isinstance(kind, type) and is_dataclass(kind):
        return _record(kind, value, where)
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind in (str, int, bool) and type(value) is kind:
        return value
    raise _broken(where, getattr(kind, "__name__", str(kind)), value)


def _record(kind: type, value: Any, where: str) -> Any:
    if not isinstance(value, dict):
        raise _broken(where, "an object", value)
    hints = _hints(kind)
    known = {f.name for f in fields(kind)}
    extra = set(value) - known - DERIVED.get(kind, set())
    if extra:
        raise UsageError(f"this brief's JSON is damaged: {where} has unknown fields {sorted(extra)}")
    given: dict[str, Any] = {}
    for field in fields(kind):
        if field.name in value:
            given[field.name] = _value(hints[field.name], value[field.name], f"{where}.{field.name}")
        elif field.default is MISSING and field.default_factory is MISSING:
            raise UsageError(f"this brief's JSON is damaged: {where} has no {field.name}")
    return kind(**given)
