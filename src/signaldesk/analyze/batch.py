"""`signaldesk analyze`: the whole analysis on documents a user brings, as JSON Lines, offline.

Input line: {"id", "text", "title"?, "url"?, "published"?, "language"?, "genre"?, "targets"?: [{"start","end"}]}.
A line that is not valid JSON, or lacks id or text, is reported with its line number and the
rest goes on; unknown fields are ignored with one warning each; targets out of range are
dropped with a warning. The output schema is in docs/analyze.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from ..types import Analysis

KNOWN = frozenset({"id", "text", "title", "url", "published", "language", "genre", "targets"})


@dataclass(frozen=True)
class InputDocument:
    line: int
    id: str
    text: str
    title: str = ""
    url: str = ""
    published: str | None = None
    language: str | None = None
    genre: str | None = None
    targets: tuple[tuple[int, int], ...] = ()


@dataclass
class Problems:
    """What was wrong with the input, for the user: one message per line or field."""

    messages: list[str] = field(default_factory=list)
    warned_fields: set[str] = field(default_factory=set)

    def add(self, message: str) -> None:
        self.messages.append(message)


def read_documents(lines: Iterable[str], problems: Problems) -> Iterator[InputDocument]:
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as error:
            problems.add(f"line {number}: not valid JSON ({error.msg} at column {error.colno}); skipped")
            continue
        if not isinstance(data, dict):
            problems.add(f"line {number}: a line must be a JSON object; skipped")
            continue
        document = _document(number, data, problems)
        if document is not None:
            yield document


def _document(number: int, data: dict[str, Any], problems: Problems) -> InputDocument | None:
    for name in sorted(set(data) - KNOWN - problems.warned_fields):
        problems.warned_fields.add(name)
        problems.add(f"line {number}: unknown field '{name}' ignored (and on later lines)")
    if "id" not in data or not isinstance(data.get("text"), str):
        problems.add(f"line {number}: needs an 'id' and a string 'text'; skipped")
        return None
    text = data["text"]
    targets = []
    for target in data.get("targets") or []:
        start, end = (target.get("start"), target.get("end")) if isinstance(target, dict) else (None, None)
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            targets.append((start, end))
        else:
            problems.add(
                f"line {number}: target {target!r} is not a span inside the text (0..{len(text)}); dropped"
            )
    return InputDocument(
        line=number,
        id=str(data["id"]),
        text=text,
        title=_string(data.get("title")),
        url=_string(data.get("url")),
        published=data.get("published") if isinstance(data.get("published"), str) else None,
        language=data.get("language") if isinstance(data.get("language"), str) else None,
        genre=data.get("genre") if isinstance(data.get("genre"), str) else None,
        targets=tuple(targets),
    )


def _string(value: Any) -> str:
    return value if isinstance(value, str) else ""


def output_line(document: InputDocument, analysis: Analysis, extra: dict[str, Any] | None = None) -> str:
    data: dict[str, Any] = {
        "id": document.id,
        "language": analysis.language,
        "genre": str(analysis.genre),
        "tone": round(analysis.tone, 4),
        "entities": [
            {"text": m.text, "start": m.start, "end": m.end, "type": m.type, "actor_id": m.actor_id}
            for m in analysis.entities
        ],
        "quotes": [asdict(q) for q in analysis.quotes],
        "target_sentiment": [
            {"start": s.start, "end": s.end, "polarity": s.polarity, "score": round(s.score, 4)}
            for s in analysis.target_sentiment
        ],
        "frames": [
            {"frame": f.frame, "start": f.start, "end": f.end, "direction": f.direction}
            for f in analysis.frames
        ],
        "signals": [asdict(s) for s in analysis.signals],
    }
    data.update(extra or {})
    return json.dumps(data, ensure_ascii=False)


def analyze_lines(
    lines: Iterable[str],
    analyzer: Any,
    write: Callable[[str], object],
    problems: Problems,
    progress: Callable[[], None] = lambda: None,
) -> int:
    """Analyse every good input line and write one output line each, in input order; returns how
    many. Stories are assigned after analysis, taking documents in `published` order where
    given (input order breaks ties and places undated ones)."""
    results = []
    for document in read_documents(lines, problems):
        analysis = analyzer.analyze(
            document.text,
            title=document.title,
            url=document.url,
            genre=document.genre,
            language=document.language,
            targets=document.targets,
        )
        results.append((document, analysis))
        progress()
    placed = assign_stories(results, problems)
    for index, (document, analysis) in enumerate(results):
        write(output_line(document, analysis, placed[index]) + "\n")
    return len(results)


def assign_stories(results: list[tuple[InputDocument, Analysis]], problems: Problems) -> list[dict[str, Any]]:
    """story_id and duplicate_of (input ids) for each result, clustered in published order."""
    from datetime import datetime

    from ..stories.clustering import StoryClusterer, StoryInput, StoryParams
    from ..types import utc

    def when(document: InputDocument) -> datetime | None:
        if not document.published:
            return None
        try:
            return utc(datetime.fromisoformat(document.published))
        except ValueError:
            problems.add(f"line {document.line}: 'published' is not an ISO 8601 date; taken in input order")
            return None

    moments = [when(document) for document, _ in results]
    order = sorted(range(len(results)), key=lambda i: (moments[i] is None, moments[i] or datetime.min, i))
    clusterer = StoryClusterer(StoryParams())
    placed: list[dict[str, Any]] = [{"story_id": None, "duplicate_of": None} for _ in results]
    for index in order:
        document, analysis = results[index]
        actors = tuple(sorted({m.actor_id for m in analysis.entities if m.actor_id}))
        assignment = clusterer.add(
            StoryInput(index, document.text, document.title, moments[index], analysis.language, actors)
        )
        duplicate = results[assignment.duplicate_of][0].id if assignment.duplicate_of is not None else None
        placed[index] = {"story_id": assignment.story_id, "duplicate_of": duplicate}
    return placed
