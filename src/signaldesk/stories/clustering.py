"""Online story clustering: each document joins a recently active story or starts one.

One pass, in arrival order, never re-clustering the world. Per language, a document's
TF-IDF vector (IDF learned as documents arrive, optionally seeded) is compared only with
the centroids of stories active within `window`, found through an inverted index over each
centroid's top terms (postings capped, so the work per document does not grow with the
number of stories). Copies found by the duplicate index join their original's story
without moving its centroid.

Merging: when a document joins story A and another candidate story B was also within the
join threshold, and the centroids of A and B are at least `merge_threshold` alike, the
younger of the two is merged into the older (its documents and weights move over).

Time: a document's time is its published date, or the arrival clock when it has none.
Dates more than `future_tolerance` after `now` (or, with no `now`, more than `max_jump`
after the newest time seen) and dates older than the window are clamped to the clock,
and the assignment says so in `note`.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from signaldesk.stories.duplicates import DuplicateIndex, DuplicateParams
from signaldesk.stories.features import (
    MAX_CHARS,
    DocumentFrequencies,
    split_words,
    tfidf,
    top_terms,
    weighted_counts,
)
from signaldesk.types import utc


@dataclass(frozen=True, slots=True)
class StoryParams:
    join_threshold: float = 0.25
    """Cosine similarity to a story centroid at or above which a document joins it."""
    merge_threshold: float = 0.6
    """Cosine similarity of two centroids at or above which two stories become one."""
    window: timedelta = timedelta(days=3)
    """A story without new documents for this long goes quiet and leaves memory."""
    future_tolerance: timedelta = timedelta(hours=6)
    """How far after `now` a published date may lie before it is clamped."""
    max_jump: timedelta = timedelta(days=30)
    """Without `now`: how far ahead of the newest time seen a date may jump."""
    min_terms: int = 3
    """Documents with fewer content words are not clustered (no catch-all story)."""
    centroid_terms: int = 60
    """Terms kept in a story centroid."""
    index_terms: int = 12
    """Top centroid terms each story is indexed under."""
    query_terms: int = 12
    """Top document terms used to look up candidate stories."""
    max_candidates: int = 24
    """Candidate stories scored per document at most."""
    posting_cap: int = 64
    """Stories remembered per index term (the most recently indexed)."""
    actor_weight: float = 4.0
    """Weight of each given actor id or entity string, as if the word occurred this often."""
    capital_weight: float = 2.0
    """Extra weight of capitalised words (names)."""
    number_weight: float = 1.0
    """Weight of each number of 2-4 digits (years, ages, scores, tolls) as a term."""


@dataclass(frozen=True, slots=True)
class StoryInput:
    doc_id: int
    text: str
    title: str = ""
    published: datetime | None = None
    language: str | None = None
    actors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where a document went. `story_id` is None when it was not clustered (see `note`);
    `merged_from` lists stories this document's arrival merged into `story_id`."""

    story_id: int | None
    duplicate_of: int | None = None
    is_new_story: bool = False
    merged_from: tuple[int, ...] = ()
    similarity: float = 0.0
    note: str = ""


@dataclass(frozen=True, slots=True)
class StoryView:
    id: int
    language: str
    doc_ids: tuple[int, ...]
    first_seen: datetime
    last_seen: datetime
    top_terms: tuple[str, ...]


@dataclass(slots=True)
class Story:
    """A story's working state (mutable, internal)."""

    id: int
    language: str
    first_seen: datetime
    last_seen: datetime
    weights: dict[str, float] = field(default_factory=dict)
    doc_ids: list[int] = field(default_factory=list)
    indexed: set[str] = field(default_factory=set)
    norm: float = 0.0

    def view(self) -> StoryView:
        return StoryView(
            self.id, self.language, tuple(self.doc_ids), self.first_seen, self.last_seen,
            tuple(top_terms(self.weights, 10)),
        )  # fmt: skip


@dataclass(slots=True)
class Lane:
    """Everything kept for one language."""

    frequencies: DocumentFrequencies = field(default_factory=DocumentFrequencies)
    stories: dict[int, Story] = field(default_factory=dict)
    postings: dict[str, dict[int, None]] = field(default_factory=dict)


def should_join(similarity: float, params: StoryParams) -> bool:
    return similarity >= params.join_threshold


def should_merge(similarity: float, params: StoryParams) -> bool:
    return similarity >= params.merge_threshold


def effective_time(
    published: datetime | None, clock: datetime | None, now: datetime | None, params: StoryParams
) -> tuple[datetime, str]:
    """The time a document counts at, and a note when its own date was not used."""
    reference = utc(now) if now is not None else clock
    if published is None:
        return (reference or datetime(1970, 1, 1, tzinfo=UTC)), "no date: arrival time used"
    moment = utc(published)
    if reference is None:
        return moment, ""
    ahead = params.future_tolerance if now is not None else params.max_jump
    if moment > reference + ahead:
        return reference, f"date {moment.isoformat()} is in the future: clamped to arrival time"
    newest = max(reference, clock) if clock is not None else reference
    if moment < newest - params.window:
        return newest, f"date {moment.isoformat()} is older than the window: clamped to arrival time"
    return moment, ""


def cosine_to(vector: dict[str, float], story: Story) -> float:
    if story.norm == 0.0:
        return 0.0
    weights = story.weights
    return sum(w * weights.get(term, 0.0) for term, w in vector.items()) / story.norm


class StoryClusterer:
    """Assigns documents to stories one at a time; `to_state`/`from_state` carry it over a restart."""

    def __init__(
        self,
        params: StoryParams | None = None,
        *,
        frequencies: dict[str, DocumentFrequencies] | None = None,
        duplicates: DuplicateParams | None = None,
    ) -> None:
        self.params = params or StoryParams()
        self.lanes: dict[str, Lane] = {
            lang: Lane(DocumentFrequencies.from_state(table.to_state()))
            for lang, table in (frequencies or {}).items()
        }
        self.duplicates = DuplicateIndex(duplicates)
        self.doc_story: dict[int, int] = {}
        self.clock: datetime | None = None
        self.next_id = 1
        self.quiet: deque[StoryView] = deque(maxlen=1000)

    # -- the one entry point ---------------------------------------------------------
    def add(self, doc: StoryInput, now: datetime | None = None) -> Assignment:
        moment, note = effective_time(doc.published, self.clock, now, self.params)
        if self.clock is None or moment > self.clock:
            self.clock = moment
        self._retire(self.clock - self.params.window)
        language = (doc.language or "und").lower()[:16]
        lane = self.lanes.setdefault(language, Lane())
        title, body = split_words(doc.title[:1000]), split_words(doc.text[:MAX_CHARS])
        counts = weighted_counts(
            title, body, capital_weight=self.params.capital_weight, number_weight=self.params.number_weight
        )
        for actor in doc.actors[:50]:
            key = "@" + actor.lower()[:100]
            counts[key] = counts.get(key, 0.0) + self.params.actor_weight
        found = sum(1 for term in counts if term[0] != "#")  # numbers alone do not make a story
        if found < self.params.min_terms:
            return Assignment(None, note=_join(note, f"too short to cluster ({found} content words)"))
        original = self.duplicates.add(doc.doc_id, doc.text, moment, title[0] + body[0])
        if original is not None and original in self.doc_story:
            story = lane.stories.get(self.doc_story[original])
            if story is not None:
                self._touch(lane, story, doc.doc_id, moment)
                return Assignment(story.id, original, False, (), 1.0, _join(note, "duplicate"))
        lane.frequencies.add(counts)
        vector = tfidf(counts, lane.frequencies)
        scored = self._score(lane, vector, moment)
        if scored and should_join(scored[0][0], self.params):
            similarity, story = scored[0]
            self._absorb(story, vector)
            self._touch(lane, story, doc.doc_id, moment)
            others = [s for sim, s in scored[1:] if should_join(sim, self.params)]
            target, merged = self._merge(lane, story, others)
            self._index(lane, target)
            return Assignment(target.id, original, False, merged, similarity, note)
        story = Story(self.next_id, language, moment, moment)
        self.next_id += 1
        lane.stories[story.id] = story
        self._absorb(story, vector)
        self._touch(lane, story, doc.doc_id, moment)
        self._index(lane, story)
        return Assignment(story.id, original, True, (), scored[0][0] if scored else 0.0, note)

    # -- views -----------------------------------------------------------------------
    def stories(self, language: str | None = None) -> list[StoryView]:
        """Active stories, oldest first."""
        if language is None:
            lanes = list(self.lanes.values())
        else:
            lanes = [self.lanes[language]] if language in self.lanes else []
        return sorted((s.view() for lane in lanes for s in lane.stories.values()), key=lambda v: v.id)

    def story_of(self, doc_id: int) -> int | None:
        return self.doc_story.get(doc_id)

    # -- the parts -------------------------------------------------------------------
    def _score(self, lane: Lane, vector: dict[str, float], moment: datetime) -> list[tuple[float, Story]]:
        hits: dict[int, int] = {}
        for term in top_terms(vector, self.params.query_terms):
            for story_id in lane.postings.get(term, ()):
                hits[story_id] = hits.get(story_id, 0) + 1
        ranked = sorted(hits.items(), key=lambda item: (-item[1], item[0]))[: self.params.max_candidates]
        cutoff = moment - self.params.window
        scored = []
        for story_id, _ in ranked:
            story = lane.stories.get(story_id)
            if story is not None and story.last_seen >= cutoff:
                scored.append((cosine_to(vector, story), story))
        scored.sort(key=lambda pair: (-pair[0], pair[1].id))
        return scored

    def _absorb(self, story: Story, vector: dict[str, float]) -> None:
        weights = story.weights
        for term, w in vector.items():
            weights[term] = weights.get(term, 0.0) + w
        self._prune(story)

    def _prune(self, story: Story) -> None:
        keep = self.params.centroid_terms
        if len(story.weights) > 2 * keep:
            story.weights = dict(sorted(story.weights.items(), key=lambda i: (-i[1], i[0]))[:keep])
        story.norm = sum(w * w for w in story.weights.values()) ** 0.5

    def _touch(self, lane: Lane, story: Story, doc_id: int, moment: datetime) -> None:
        story.doc_ids.append(doc_id)
        self.doc_story[doc_id] = story.id
        story.last_seen = max(story.last_seen, moment)
        story.first_seen = min(story.first_seen, moment)
        lane.stories[story.id] = lane.stories.pop(story.id)  # most recently active last

    def _index(self, lane: Lane, story: Story) -> None:
        for term in top_terms(story.weights, self.params.index_terms):
            if term in story.indexed:
                continue
            posting = lane.postings.setdefault(term, {})
            posting[story.id] = None
            story.indexed.add(term)
            if len(posting) > self.params.posting_cap:
                evicted = next(iter(posting))
                del posting[evicted]
                old = lane.stories.get(evicted)
                if old is not None:
                    old.indexed.discard(term)

    def _merge(self, lane: Lane, story: Story, others: list[Story]) -> tuple[Story, tuple[int, ...]]:
        """Fold candidate stories that converged with `story`; the oldest survives."""
        merged = []
        for other in others:
            if other.id == story.id or other.id not in lane.stories:
                continue
            both = sum(w * other.weights.get(t, 0.0) for t, w in story.weights.items())
            if story.norm and other.norm and should_merge(both / (story.norm * other.norm), self.params):
                keep, gone = (story, other) if story.id < other.id else (other, story)
                self._fold(lane, keep, gone)
                merged.append(gone.id)
                story = keep
        return story, tuple(merged)

    def _fold(self, lane: Lane, keep: Story, gone: Story) -> None:
        for term, w in gone.weights.items():
            keep.weights[term] = keep.weights.get(term, 0.0) + w
        self._prune(keep)
        for doc_id in gone.doc_ids:
            self.doc_story[doc_id] = keep.id
        keep.doc_ids.extend(gone.doc_ids)
        keep.first_seen = min(keep.first_seen, gone.first_seen)
        keep.last_seen = max(keep.last_seen, gone.last_seen)
        self._drop(lane, gone)
        lane.stories[keep.id] = lane.stories.pop(keep.id)  # active now: retiring walks this order

    def _drop(self, lane: Lane, story: Story) -> None:
        lane.stories.pop(story.id, None)
        for term in story.indexed:
            posting = lane.postings.get(term)
            if posting is not None:
                posting.pop(story.id, None)
                if not posting:
                    del lane.postings[term]

    def _retire(self, cutoff: datetime) -> None:
        for lane in self.lanes.values():
            while lane.stories:
                story = next(iter(lane.stories.values()))
                if story.last_seen >= cutoff:
                    break
                self._drop(lane, story)
                for doc_id in story.doc_ids:
                    if self.doc_story.get(doc_id) == story.id:
                        del self.doc_story[doc_id]
                self.quiet.append(story.view())
        self.duplicates.expire(cutoff)

    # -- persistence -----------------------------------------------------------------
    def to_state(self) -> dict[str, Any]:
        """Plain data (JSON-ready) from which `from_state` rebuilds this clusterer exactly."""
        from signaldesk.stories.state import export_state

        return export_state(self)

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> StoryClusterer:
        from signaldesk.stories.state import import_state

        return import_state(cls, state)


def _join(first: str, second: str) -> str:
    return f"{first}; {second}" if first else second
