"""A story clusterer as plain data (JSON-ready), and back, so the store can persist it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from signaldesk.errors import SignaldeskError
from signaldesk.stories.duplicates import DuplicateIndex
from signaldesk.stories.features import DocumentFrequencies

if TYPE_CHECKING:
    from signaldesk.stories.clustering import StoryClusterer

VERSION = 1


class StoryStateError(SignaldeskError):
    code = "story_state_invalid"


def export_state(clusterer: StoryClusterer) -> dict[str, Any]:
    params = clusterer.params
    return {
        "version": VERSION,
        "params": {
            name: (value.total_seconds() if hasattr(value, "total_seconds") else value)
            for name, value in ((n, getattr(params, n)) for n in params.__dataclass_fields__)
        },
        "clock": clusterer.clock.isoformat() if clusterer.clock else None,
        "next_id": clusterer.next_id,
        "lanes": {
            language: {
                "frequencies": lane.frequencies.to_state(),
                "stories": [
                    {
                        "id": s.id,
                        "first_seen": s.first_seen.isoformat(),
                        "last_seen": s.last_seen.isoformat(),
                        "weights": dict(s.weights),
                        "doc_ids": list(s.doc_ids),
                    }
                    for s in lane.stories.values()
                ],
                "postings": {term: list(ids) for term, ids in lane.postings.items()},
            }
            for language, lane in clusterer.lanes.items()
        },
        "duplicates": clusterer.duplicates.to_state(),
    }


def import_state(cls: type[StoryClusterer], state: dict[str, Any]) -> StoryClusterer:
    from datetime import timedelta

    from signaldesk.stories.clustering import Lane, Story, StoryParams

    if not isinstance(state, dict) or state.get("version") != VERSION:
        raise StoryStateError(
            f"story state version {state.get('version') if isinstance(state, dict) else '?'} is not "
            f"{VERSION}; rebuild the stories from the stored documents"
        )
    try:
        raw = dict(state["params"])
        for name in ("window", "future_tolerance", "max_jump"):
            raw[name] = timedelta(seconds=float(raw[name]))
        clusterer = cls(StoryParams(**raw))
        clusterer.clock = datetime.fromisoformat(state["clock"]) if state["clock"] else None
        clusterer.next_id = int(state["next_id"])
        clusterer.duplicates = DuplicateIndex.from_state(state["duplicates"])
        for language, data in state["lanes"].items():
            lane = Lane(DocumentFrequencies.from_state(data["frequencies"]))
            for item in data["stories"]:
                story = Story(
                    int(item["id"]),
                    language,
                    datetime.fromisoformat(item["first_seen"]),
                    datetime.fromisoformat(item["last_seen"]),
                    {str(k): float(v) for k, v in item["weights"].items()},
                    [int(d) for d in item["doc_ids"]],
                )
                story.norm = sum(w * w for w in story.weights.values()) ** 0.5
                lane.stories[story.id] = story
                for doc_id in story.doc_ids:
                    clusterer.doc_story[doc_id] = story.id
            for term, ids in data["postings"].items():
                lane.postings[term] = dict.fromkeys(int(i) for i in ids)
                for story_id in ids:
                    if story_id in lane.stories:
                        lane.stories[story_id].indexed.add(term)
            clusterer.lanes[language] = lane
    except (KeyError, TypeError, ValueError) as error:
        raise StoryStateError(f"story state is damaged ({error!r}); rebuild it from the documents") from None
    return clusterer
