"""What the desk shows of one story: headline, summary, timeline, outlets, voices, tone, frames."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from ..store import Store
from ..types import Genre
from .views import summary


@dataclass(frozen=True, slots=True)
class TimelineItem:
    document_id: int
    moment: datetime
    outlet: str
    genre: Genre
    title: str
    duplicate_of: int | None


@dataclass(frozen=True, slots=True)
class StoryReport:
    id: int
    title: str
    summary: tuple[str, ...]
    first_seen: datetime
    last_updated: datetime
    timeline: tuple[TimelineItem, ...]
    outlets: tuple[tuple[str, int], ...]
    genres: tuple[tuple[str, int], ...]
    actors: tuple[tuple[str, int], ...]
    frames: tuple[tuple[str, int], ...]
    tone: float | None

    @property
    def first_copy(self) -> TimelineItem:
        """Which copy came first."""
        return self.timeline[0]


def story_report(store: Store, story_id: int) -> StoryReport:
    members = store.story_members(story_id)
    duplicate_of = dict(members)
    documents = store.documents_by_id([doc_id for doc_id, _ in members])
    timeline = sorted(
        (
            TimelineItem(
                d.id, d.published or d.first_seen, d.outlet, d.genre, d.title, duplicate_of.get(d.id)
            )
            for d in documents
        ),
        key=lambda item: (item.moment, item.document_id),
    )
    originals = [d for d in documents if duplicate_of.get(d.id) is None]
    ids = [d.id for d in documents]
    tones = [score for _, _, _, _, score, _ in store.annotations_in(ids, "tone") if score is not None]
    frames = Counter(value for _, value, _, _, _, _ in store.annotations_in(ids, "frame"))
    actors = Counter(quote.actor_id for _, quote in store.quotes_in(ids) if quote.actor_id)
    rows = store.stories(ids=[story_id], limit=1)
    headline = rows[0].title if rows else ""
    return StoryReport(
        id=story_id,
        title=headline or (timeline[0].title if timeline else ""),
        summary=tuple(summary([d.text for d in sorted(originals, key=lambda d: d.id)], 3)),
        first_seen=timeline[0].moment if timeline else datetime.min,
        last_updated=timeline[-1].moment if timeline else datetime.min,
        timeline=tuple(timeline),
        outlets=tuple(Counter(d.outlet for d in documents).most_common()),
        genres=tuple(Counter(str(d.genre) for d in documents).most_common()),
        actors=tuple(actors.most_common()),
        frames=tuple(frames.most_common()),
        tone=round(sum(tones) / len(tones), 3) if tones else None,
    )
