"""The desk's settings as the desk file holds them: read again when the file changed on disk,
and edited in place (sections, rules, sources), validated as the whole file before writing."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from . import config as cfg
from .errors import NotFoundError, UsageError
from .store import Store

log = logging.getLogger(__name__)


class DeskSettings:
    """The settings part of the Desk facade."""

    config: cfg.DeskConfig
    store: Store
    path: Path | None
    _stamp: tuple[int, int, int] | None

    def source(self, source_id: str) -> cfg.Source:
        for source in self.config.sources:
            if source.id == source_id:
                return source
        raise NotFoundError(f"no source with id '{source_id}' in this desk")

    def current_settings(self) -> cfg.DeskConfig:
        """The settings in force, re-read when the desk file changed on disk (edited from the
        dashboard in another process, or by hand). A changed file that no longer loads is
        reported once in the log, and the settings in force stay."""
        stamp = file_stamp(self.path)
        if self.path is None or stamp == self._stamp:
            return self.config
        self._stamp = stamp
        from .alerts.rules import compile_rules
        from .errors import SignaldeskError

        try:
            config = cfg.load_desk(self.path)
            compile_rules(config)
        except SignaldeskError as error:
            log.warning("the desk file changed but does not load, so the settings in force stay: %s", error)
            return self.config
        log.info("the desk file changed: its new settings apply from now on")
        self.store.sync_sources(config.sources)
        self.config = config
        return config

    def settings_text(self, section: str, *, for_editing: bool = False) -> str:
        """One section of the desk file (watches, actors, frames, playbook, channels, rules) as
        YAML. Channel URLs show only their scheme (`mailto://(hidden)`); `for_editing` (for an
        admin) shows scheme and host with every other part as ***, to keep when saving."""
        from . import desk_file

        desk_file.check_section(section)
        name = str(self._editable())
        return desk_file.editable_text(self._desk_text(), section, name, for_editing=for_editing)

    def update_settings(self, section: str, text: str) -> None:
        """Replace one section with `text` (YAML). The whole desk file is validated first, and a
        DeskFileError names file:line as loading it would. A channel URL still holding ***
        keeps its old secret while its id, scheme and host stay. The new settings apply from
        the next batch on."""
        from . import desk_file

        desk_file.check_section(section)

        def change(current: str, name: str) -> str:
            desk_file.check_list(text, section, name)
            value = desk_file.keep_secrets(current, text, name) if section == "channels" else text
            return desk_file.replace_section(current, section, value)

        self._edit(change)

    def add_rule(self, rule: Mapping[str, Any]) -> cfg.Rule:
        """Append an alert rule to the desk file (validated like the file); returns it."""
        from . import desk_file

        self._edit(lambda text, name: desk_file.add_item(text, "rules", rule, name))
        return next(r for r in self.config.rules if r.id == rule.get("id"))

    def remove_rule(self, rule_id: str) -> None:
        from . import desk_file

        self._edit(lambda text, name: desk_file.remove_item(text, "rules", rule_id, name))

    def add_source(self, source: Mapping[str, Any]) -> cfg.Source:
        """Append a source to the desk file (validated like the file); it is polled from then on."""
        from . import desk_file

        self._edit(lambda text, name: desk_file.add_item(text, "sources", source, name))
        return self.source(str(source.get("id")))

    def set_source_enabled(self, source_id: str, enabled: bool) -> None:
        """Enable or disable a source in the desk file; a disabled source is never polled."""
        from . import desk_file

        self.source(source_id)
        value = None if enabled else False
        self._edit(lambda text, name: desk_file.set_field(text, "sources", source_id, "enabled", value, name))

    def _editable(self) -> Path:
        if self.path is None:
            raise UsageError(
                "this desk was opened from settings in memory, not from a desk file, so its "
                "settings cannot be edited; open it from its desk.yaml"
            )
        return self.path

    def _desk_text(self) -> str:
        return cfg.read_desk_text(self._editable())

    def _edit(self, change: Callable[[str, str], str]) -> None:
        from . import desk_file
        from .alerts.rules import compile_rules

        config = desk_file.edit(self._editable(), change, compile_rules)
        self.store.sync_sources(config.sources)
        self.config = config
        self._stamp = file_stamp(self.path)


def file_stamp(path: Path | None) -> tuple[int, int, int] | None:
    """What tells that the desk file was written again (None without a file)."""
    try:
        info = path.stat() if path is not None else None
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino) if info is not None else None
