"""Reader comments, analysed like articles but lighter: language, tone, frames, actors named.

Quotes are not looked for (readers seldom quote with attribution), and nothing about the
commenter is kept beyond the handle the store already has, which briefs never show.
"""

from __future__ import annotations

from dataclasses import dataclass

from .pipeline import Analyzer

MAX_COMMENT = 20_000


@dataclass(frozen=True, slots=True)
class CommentAnalysis:
    language: str | None
    tone: float
    frames: tuple[tuple[str, str], ...]  # (frame, direction)
    actors: tuple[str, ...]


def analyze_comment(analyzer: Analyzer, text: str) -> CommentAnalysis:
    from .language import detect_language
    from .tone import tone

    text = text[:MAX_COMMENT]
    language = detect_language(text)
    english = language in (None, "en")
    frames = tuple(dict.fromkeys((hit.frame, hit.direction) for hit in analyzer.frames.detect(text)))
    actors = tuple(dict.fromkeys(m.actor_id for m in analyzer.registry.find(text) if m.actor_id))
    return CommentAnalysis(language, tone(text) if english else 0.0, frames, actors)
