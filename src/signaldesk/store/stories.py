"""Stories: which documents tell one development, and the saved state of the stages that keep it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update

from ..errors import NotFoundError
from ..types import now
from . import schema as t
from .records import StoryRow
from .times import required, to_db


class StoryTables:
    engine: Engine

    # -- saved stage state ---------------------------------------------------------

    def load_state(self, name: str) -> Any:
        with self.engine.connect() as db:
            text = db.execute(select(t.desk_state.c.data).where(t.desk_state.c.name == name)).scalar()
        return json.loads(text) if text else None

    def save_state(self, name: str, data: Any) -> None:
        values = {"data": json.dumps(data, separators=(",", ":")), "updated_at": to_db(now())}
        with self.engine.begin() as db:
            if not db.execute(
                update(t.desk_state).where(t.desk_state.c.name == name).values(**values)
            ).rowcount:
                db.execute(insert(t.desk_state).values(name=name, **values))

    # -- stories ---------------------------------------------------------------------

    def place_in_story(
        self,
        document_id: int,
        story_id: int,
        *,
        duplicate_of: int | None,
        moment: datetime,
        language: str | None,
        merged: Sequence[int] = (),
    ) -> None:
        """Put a document in a story (creating it), folding `merged` stories into it."""
        with self.engine.begin() as db:
            row = db.execute(select(t.stories).where(t.stories.c.id == story_id)).first()
            if row is None:
                db.execute(
                    insert(t.stories).values(
                        id=story_id, language=language, first_seen=to_db(moment), last_updated=to_db(moment)
                    )
                )
            else:
                values: dict[str, Any] = {}
                stamp = to_db(moment) or ""
                if stamp > row.last_updated:
                    values["last_updated"] = stamp
                if stamp < row.first_seen:
                    values["first_seen"] = stamp
                if values:
                    db.execute(update(t.stories).where(t.stories.c.id == story_id).values(**values))
            if merged:
                db.execute(
                    update(t.story_documents)
                    .where(t.story_documents.c.story_id.in_(merged))
                    .values(story_id=story_id)
                )
                firsts = db.execute(
                    select(func.min(t.stories.c.first_seen)).where(t.stories.c.id.in_(merged))
                ).scalar()
                if firsts and firsts < (
                    db.execute(select(t.stories.c.first_seen).where(t.stories.c.id == story_id)).scalar()
                    or firsts
                ):
                    db.execute(update(t.stories).where(t.stories.c.id == story_id).values(first_seen=firsts))
                db.execute(delete(t.stories).where(t.stories.c.id.in_(merged)))
            db.execute(delete(t.story_documents).where(t.story_documents.c.document_id == document_id))
            db.execute(
                insert(t.story_documents).values(
                    story_id=story_id, document_id=document_id, duplicate_of=duplicate_of
                )
            )

    def set_story_title(self, story_id: int, title: str) -> None:
        with self.engine.begin() as db:
            db.execute(update(t.stories).where(t.stories.c.id == story_id).values(title=title))

    def story_of(self, document_id: int) -> tuple[int, int | None] | None:
        """(story id, duplicate of) of a document, or None when it is in no story."""
        with self.engine.connect() as db:
            row = db.execute(
                select(t.story_documents.c.story_id, t.story_documents.c.duplicate_of).where(
                    t.story_documents.c.document_id == document_id
                )
            ).first()
        return (row[0], row[1]) if row else None

    def story_members(self, story_id: int) -> list[tuple[int, int | None]]:
        """(document id, duplicate of) of a story's documents, oldest first."""
        with self.engine.connect() as db:
            if db.execute(select(t.stories.c.id).where(t.stories.c.id == story_id)).first() is None:
                raise NotFoundError(f"no story with id {story_id}")
            rows = db.execute(
                select(t.story_documents.c.document_id, t.story_documents.c.duplicate_of)
                .where(t.story_documents.c.story_id == story_id)
                .order_by(t.story_documents.c.document_id)
            ).all()
        return [(row[0], row[1]) for row in rows]

    def stories(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 50,
        ids: Sequence[int] | None = None,
    ) -> list[StoryRow]:
        """Stories active in [since, until), most recently updated first, with their sizes."""
        size = func.count(t.story_documents.c.document_id).label("documents")
        outlets = func.count(func.distinct(t.documents.c.outlet)).label("outlets")
        query = (
            select(t.stories, size, outlets)
            .join(t.story_documents, t.story_documents.c.story_id == t.stories.c.id)
            .join(t.documents, t.documents.c.id == t.story_documents.c.document_id)
            .group_by(t.stories.c.id)
        )
        if ids is not None:
            query = query.where(t.stories.c.id.in_(list(ids)))
        if since is not None:
            query = query.where(t.stories.c.last_updated >= to_db(since))
        if until is not None:
            query = query.where(t.stories.c.first_seen < to_db(until))
        query = query.order_by(t.stories.c.last_updated.desc(), t.stories.c.id.desc()).limit(limit)
        with self.engine.connect() as db:
            return [
                StoryRow(
                    row.id,
                    row.title,
                    row.language,
                    required(row.first_seen),
                    required(row.last_updated),
                    row.documents,
                    row.outlets,
                )
                for row in db.execute(query)
            ]

    def clear_stories(self) -> None:
        with self.engine.begin() as db:
            db.execute(delete(t.story_documents))
            db.execute(delete(t.stories))
            db.execute(delete(t.desk_state).where(t.desk_state.c.name == "stories"))
