"""Keeping stories in the store: each new document joins a story as it arrives.

The clusterer's state is saved after every batch, so a restart continues where the desk
stopped. `rebuild` forgets all stories and places the stored documents again in time order
(published, else first seen); the clusterer is deterministic, so two rebuilds give the same
stories. Live placement follows arrival order, which can differ a little from time order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..store import Store
from ..types import Analysis, Document, Mention
from .clustering import Assignment, StoryClusterer, StoryInput, StoryParams
from .views import central_headline

STATE = "stories"


@dataclass(frozen=True, slots=True)
class Placed:
    document_id: int
    assignment: Assignment


class StoryKeeper:
    def __init__(self, store: Store, params: StoryParams | None = None) -> None:
        self.store = store
        saved = store.load_state(STATE)
        self.clusterer = (
            StoryClusterer.from_state(saved) if saved else StoryClusterer(params or StoryParams())
        )

    def add(self, items: Sequence[tuple[Document, Analysis | None]]) -> list[Placed]:
        """Place new documents in stories (a changed document keeps the story it has)."""
        placed = []
        touched: set[int] = set()
        for document, analysis in items:
            if self.store.story_of(document.id) is not None:
                continue
            actors = tuple(sorted({m.actor_id for m in analysis.entities if m.actor_id})) if analysis else ()
            language = (analysis.language if analysis else None) or document.language
            moment = document.published or document.first_seen
            assignment = self.clusterer.add(
                StoryInput(document.id, document.text, document.title, moment, language, actors)
            )
            placed.append(Placed(document.id, assignment))
            if assignment.story_id is None:
                continue
            self.store.place_in_story(
                document.id,
                assignment.story_id,
                duplicate_of=assignment.duplicate_of,
                moment=moment,
                language=language,
                merged=assignment.merged_from,
            )
            touched.add(assignment.story_id)
        for story_id in touched:
            self._retitle(story_id)
        if placed:
            self.store.save_state(STATE, self.clusterer.to_state())
        return placed

    def _retitle(self, story_id: int) -> None:
        members = [
            doc_id for doc_id, duplicate_of in self.store.story_members(story_id) if duplicate_of is None
        ]
        headlines = [doc.title for doc in self.store.documents_by_id(members[:200])]
        self.store.set_story_title(story_id, central_headline(headlines))

    def rebuild(self, progress: Callable[[int], None] = lambda _: None) -> int:
        """Forget every story and place all stored documents again, oldest first."""
        self.store.clear_stories()
        self.clusterer = StoryClusterer(self.clusterer.params)
        documents = sorted(self.store.iter_documents(), key=lambda d: (d.published or d.first_seen, d.id))
        analyses = _actor_analyses(self.store, [d.id for d in documents])
        done = 0
        for start in range(0, len(documents), 200):
            chunk = documents[start : start + 200]
            self.add([(doc, analyses.get(doc.id)) for doc in chunk])
            done += len(chunk)
            progress(done)
        return done


def _actor_analyses(store: Store, ids: Sequence[int]) -> dict[int, Analysis]:
    """Just enough of the stored analyses (the actor mentions) for clustering."""
    from ..types import Genre

    found: dict[int, list[Mention]] = {}
    for doc_id, mention in store.mentions_in(ids):
        found.setdefault(doc_id, []).append(mention)
    return {doc_id: Analysis(None, Genre.UNKNOWN, 0.0, tuple(mentions)) for doc_id, mentions in found.items()}
