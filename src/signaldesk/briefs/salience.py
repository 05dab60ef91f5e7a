"""How much a story matters in a window: a documented sum of parts, each kept for the reader.

salience = 1.0 x outlets in the window
         + 1.5 if an official statement is among its documents
         + 0.5 x quotes of known actors (at most 6)
         + 1.0 if the story was first seen in the window (novelty)
         + 0.5 x signals with a direction (softening or hardening; at most 6)
"""

from __future__ import annotations

from dataclasses import dataclass

from ..types import Genre
from .facts import Facts, StoryFact
from .window import Window

WEIGHTS = {"outlets": 1.0, "official": 1.5, "actor quotes": 0.5, "new": 1.0, "signals": 0.5}
CAP = 6


@dataclass(frozen=True, slots=True)
class Scored:
    story: StoryFact
    score: float
    reasons: tuple[tuple[str, float], ...]


def score(story: StoryFact, facts: Facts, window: Window) -> Scored:
    """The salience of one story and what it is made of (parts that add nothing left out)."""
    members = set(story.documents)
    documents = [d for d in facts.documents if d.id in members]
    quotes = sum(1 for doc, quote in facts.quotes if doc in members and quote.actor_id)
    moved = sum(1 for s in facts.signals if s.document_id in members and s.direction != "neutral")
    parts = {
        "outlets": float(len({d.outlet for d in documents})),
        "official": 1.0 if any(d.genre == Genre.OFFICIAL for d in documents) else 0.0,
        "actor quotes": float(min(quotes, CAP)),
        "new": 1.0 if window.contains(story.first_seen) else 0.0,
        "signals": float(min(moved, CAP)),
    }
    reasons = tuple((name, round(WEIGHTS[name] * value, 2)) for name, value in parts.items() if value)
    return Scored(story, round(sum(value for _, value in reasons), 2), reasons)


def ranked(facts: Facts, window: Window) -> list[Scored]:
    """Stories by salience, highest first; ties go to more documents, then the earlier story."""
    scored = [score(story, facts, window) for story in facts.stories]
    return sorted(scored, key=lambda s: (-s.score, -len(s.story.documents), s.story.first_seen, s.story.id))
