"""The desk-file reference, written from the schema: `python -m signaldesk.config_docs`.

docs/desk-file.md holds this reference between two marker lines; a test checks it is current.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from .config import DeskConfig

BEGIN = "<!-- reference: begin (written by `python -m signaldesk.config_docs`) -->"
END = "<!-- reference: end -->"


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in args)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in args if a is not type(None)) + " (optional)"
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin is tuple:
        return f"list of {_type_name(args[0])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    return getattr(annotation, "__name__", str(annotation))


def _default(field: Any) -> str:
    if field.default_factory is not None:
        value = field.default_factory()
        return "see below" if isinstance(value, BaseModel) else f"`{value!r}`"
    if field.default is PydanticUndefined:
        return "**required**"
    value = field.default
    return "`[]`" if value == () else f"`{value}`" if value is not None else "none"


def _models(model: type[BaseModel], seen: list[type[BaseModel]]) -> list[type[BaseModel]]:
    if model not in seen:
        seen.append(model)
        for field in model.model_fields.values():
            for candidate in (field.annotation, *typing.get_args(field.annotation)):
                for inner in (candidate, *typing.get_args(candidate)):
                    if isinstance(inner, type) and issubclass(inner, BaseModel):
                        _models(inner, seen)
    return seen


def reference() -> str:
    parts = [BEGIN]
    for model in _models(DeskConfig, []):
        parts.append(f"\n### {model.__name__}\n\n| field | type | default | what it is |\n|---|---|---|---|")
        for name, field in model.model_fields.items():
            parts.append(
                f"| `{name}` | {_type_name(field.annotation)} | {_default(field)} | "
                f"{field.description or ''} |"
            )
    parts.append(END)
    return "\n".join(parts) + "\n"


def rewrite(path: str) -> None:
    """Replace the reference between the markers in the file at `path`."""
    from pathlib import Path

    page = Path(path)
    text = page.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END) + 1
    page.write_text(text[:start] + reference() + text[end:], encoding="utf-8")


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["--write"]:
        rewrite(sys.argv[2])
    else:
        print(reference(), end="")
