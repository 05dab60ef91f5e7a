"""Editing a desk file in place (sources add/remove/import), keeping its comments and layout.

Every edit is validated as a whole desk before anything is written: a bad edit leaves the
file as it was.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .config import DeskConfig, parse_desk
from .errors import DeskFileError, NotFoundError


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _rewrite(path: Path, change: Any) -> DeskConfig:
    yaml = _yaml()
    try:
        data = yaml.load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DeskFileError(f"{path}: no desk file here; create one with `signaldesk init`") from None
    change(data)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    text = buffer.getvalue()
    config = parse_desk(text, str(path))
    path.write_text(text, encoding="utf-8")
    return config


def add_sources(path: Path, sources: Iterable[Mapping[str, Any]]) -> DeskConfig:
    """Append sources to the desk file; raises DeskFileError (nothing written) if the result is invalid."""

    def change(data: Any) -> None:
        if data.get("sources") is None:
            data["sources"] = []
        for source in sources:
            data["sources"].append({key: value for key, value in source.items() if value is not None})

    return _rewrite(path, change)


def remove_source(path: Path, source_id: str) -> DeskConfig:
    def change(data: Any) -> None:
        listed = data.get("sources") or []
        kept = [item for item in listed if item.get("id") != source_id]
        if len(kept) == len(listed):
            raise NotFoundError(f"no source with id '{source_id}' in {path}")
        listed[:] = kept

    return _rewrite(path, change)


def add_actor(path: Path, actor: Mapping[str, Any]) -> DeskConfig:
    """Add an actor (an accepted candidate) to the desk file."""

    def change(data: Any) -> None:
        if data.get("actors") is None:
            data["actors"] = []
        data["actors"].append({key: value for key, value in actor.items() if value not in (None, "", [])})

    return _rewrite(path, change)


def add_alias(path: Path, actor_id: str, alias: str) -> DeskConfig:
    """Give an actor another name (a candidate merged into it)."""

    def change(data: Any) -> None:
        for actor in data.get("actors") or []:
            if actor.get("id") == actor_id:
                aliases = actor.get("aliases")
                if aliases is None:
                    actor["aliases"] = aliases = []
                if alias not in aliases:
                    aliases.append(alias)
                return
        raise NotFoundError(f"no actor with id '{actor_id}' in {path}")

    return _rewrite(path, change)


def ignore_name(path: Path, name: str) -> DeskConfig:
    """Stop offering a name as an actor candidate."""

    def change(data: Any) -> None:
        if data.get("ignored_names") is None:
            data["ignored_names"] = []
        if name not in data["ignored_names"]:
            data["ignored_names"].append(name)

    return _rewrite(path, change)
