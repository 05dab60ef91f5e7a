"""The store over SQLAlchemy Core: everything that is the same on SQLite and PostgreSQL.

The tables are grouped by what they keep: sources.py (sources, health, entries, WebSub),
documents.py (documents, revisions, comments, analysis), stories.py (stories) and
briefs.py (kept briefs).
"""

from __future__ import annotations

from sqlalchemy import Engine

from .briefs import BriefTables
from .documents import DocumentTables, content_key, diff_summary, url_key
from .sources import SourceTables
from .stories import StoryTables
from .users import UserTables

__all__ = ["SQLStore", "content_key", "diff_summary", "url_key"]


class SQLStore(SourceTables, DocumentTables, StoryTables, UserTables, BriefTables):
    """Documents, sources, stories and their health, in any SQLAlchemy database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def close(self) -> None:
        self.engine.dispose()
