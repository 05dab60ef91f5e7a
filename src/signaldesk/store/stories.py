"""Stories: which documents tell one development, and the clusterer's saved state."""

from __future__ import annotations

from sqlalchemy import Engine


class StoryTables:
    engine: Engine
