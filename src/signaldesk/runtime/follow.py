"""What follows storing a batch: stories, series and signals, then alerts.

`FollowUp.handle` takes the new or changed documents of a batch with their analyses and
runs the later stages in order; each stage failing is logged and never loses the batch.
The events it builds here are the desk's raw facts (a document, a quote by a known actor,
a story's outlet count); the signal tracker adds bursts and shifts; the alert engine
decides which of them fire a rule.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from ..config import DeskConfig
from ..store import Store
from ..types import Analysis, DeskEvent, Document, Stored, now

log = logging.getLogger(__name__)


def document_events(
    document: Document,
    analysis: Analysis | None,
    story_id: int | None,
    affiliations: dict[str, str | None] | None = None,
) -> list[DeskEvent]:
    """The events one stored document brings: itself, and each quote by a known actor (pure).
    A quote event names the institutions its speaker speaks for (`speaks_for`), following the
    desk's affiliations, so a rule on the State Department hears its spokesperson."""
    moment = now()
    origin = document.published or document.first_seen
    events = [
        DeskEvent(
            "document",
            f"doc:{document.id}:r{document.revision}",
            moment,
            document.title,
            document_id=document.id,
            story_id=story_id,
            origin_at=origin,
            detail={"genre": str(document.genre), "outlet": document.outlet},
        )
    ]
    for quote in analysis.quotes if analysis else ():
        if quote.actor_id:
            events.append(
                DeskEvent(
                    "quote",
                    f"quote:{document.id}:{quote.start}",
                    moment,
                    document.title,
                    document_id=document.id,
                    story_id=story_id,
                    actor_id=quote.actor_id,
                    origin_at=origin,
                    detail={
                        "text": quote.text,
                        "start": quote.start,
                        "end": quote.end,
                        "speaker": quote.speaker,
                        "speaks_for": _chain(quote.actor_id, affiliations or {}),
                    },
                )
            )
    return events


def _chain(actor_id: str, affiliations: dict[str, str | None]) -> list[str]:
    found: list[str] = []
    current = affiliations.get(actor_id)
    while current and current not in found and current != actor_id:
        found.append(current)
        current = affiliations.get(current)
    return found


class FollowUp:
    def __init__(self, config: DeskConfig, store: Store) -> None:
        from ..stories.keeper import StoryKeeper

        self.store = store
        self.stories = StoryKeeper(store)
        self._configure(config)

    def _configure(self, config: DeskConfig) -> None:
        from ..alerts.engine import AlertEngine
        from ..analyze.query import parse
        from ..signals.tracker import SignalTracker

        self.config = config
        self.signals = SignalTracker(config, self.store)
        self.alerts = AlertEngine(config, self.store)
        self.watches = [(watch.id, parse(watch.query).compile()) for watch in config.watches]
        self.affiliations = {actor.id: actor.affiliation for actor in config.actors}

    def reconfigure(self, config: DeskConfig) -> None:
        """Rebuild what depends on the desk's settings (rules, watches, actors) for the next batch."""
        if config is not self.config:
            self._configure(config)

    def watches_of(self, document: Document, analysis: Analysis | None) -> tuple[str, ...]:
        from ..alerts.rules import document_matchable
        from ..analyze.query import prepare

        actors = frozenset(m.actor_id for m in analysis.entities if m.actor_id) if analysis else frozenset()
        frames = frozenset(f.frame for f in analysis.frames) if analysis else frozenset()
        doc = prepare(document_matchable(document, actors, frames))
        return tuple(watch_id for watch_id, match in self.watches if match(doc))

    def handle(self, fresh: Sequence[Stored], analyses: Sequence[Analysis | None]) -> list[Any]:
        """Run stories, signals and alerts on one batch; returns the alerts it fired."""
        items = [(stored.document, analysis) for stored, analysis in zip(fresh, analyses, strict=True)]
        stories = self._step("story placement", lambda: self.stories.add(items), [])
        story_of = {placed.document_id: placed.assignment.story_id for placed in stories}
        events: list[DeskEvent] = []
        observed = []
        for document, analysis in items:
            story_id = story_of.get(document.id)
            events += document_events(document, analysis, story_id, self.affiliations)
            if analysis is not None:
                observed.append((document, analysis, self.watches_of(document, analysis), story_id))
        events += self._story_events({story_id for story_id in story_of.values() if story_id is not None})
        events += self._step("signals", lambda: self.signals.observe(observed), [])
        analysed = {doc.id: analysis for doc, analysis in items if analysis is not None}
        documents = {doc.id: doc for doc, _ in items}
        return self._step("alerts", lambda: self.alerts.consider(events, documents, analyses=analysed), [])

    def _story_events(self, story_ids: set[int]) -> list[DeskEvent]:
        if not story_ids:
            return []
        return [
            DeskEvent(
                "story_outlets",
                f"story:{row.id}:outlets",
                now(),
                row.title,
                story_id=row.id,
                score=float(row.outlets),
                origin_at=row.first_seen,
                detail={"outlets": row.outlets},
            )
            for row in self.store.stories(ids=sorted(story_ids), limit=len(story_ids))
        ]

    @staticmethod
    def _step(name: str, run: Any, fallback: Any) -> Any:
        try:
            return run()
        except Exception:  # one stage's bug must not stop the others or lose the batch
            log.exception("%s failed for a batch", name)
            return fallback
