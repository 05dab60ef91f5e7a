"""Bring a store's schema to the newest revision, or refuse one written by a newer signaldesk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, inspect, text

from ..errors import StoreVersionError

MIGRATIONS = Path(__file__).parent / "migrations"
HEAD = "0001"  # the newest revision in migrations/versions (a test keeps the two in step)


def _config(connection: Connection) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def current_revision(connection: Connection) -> str | None:
    if "alembic_version" not in inspect(connection).get_table_names():
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(connection: Connection, create: Callable[[Connection], None]) -> str:
    """Create a new store with `create`, or upgrade an old one; returns what was done."""
    revision = current_revision(connection)
    if revision == HEAD:
        return "current"
    from alembic import command
    from alembic.script import ScriptDirectory

    config = _config(connection)
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    if revision is None:
        if "documents" in inspect(connection).get_table_names():
            raise StoreVersionError(
                "this database has signaldesk tables but no schema revision; it was not made by signaldesk"
            )
        create(connection)
        command.stamp(config, "head")
        return "created"
    known = {rev.revision for rev in script.walk_revisions()}
    if revision not in known:
        raise StoreVersionError(
            f"this store was written by a newer signaldesk (schema revision {revision}; "
            f"this version knows up to {head}); upgrade signaldesk to open it"
        )
    if revision != head:
        command.upgrade(config, "head")
        return "upgraded"
    return "current"
