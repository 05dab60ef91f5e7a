"""The playbook's condition language, and which items a window fires.

    CONDITION := KIND FILTER*        KIND := shift | burst | official | quote | story
    FILTER    := FIELD ":" VALUE     VALUE may list alternatives with commas: actor:congress,treasury

Fields: actor (an actor id; its people count for it), frame (a frame id), direction
(softening | hardening | neutral) and, for story, outlets (at least this many outlets).
See docs/briefs.md for what each kind means.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..config import DeskConfig, PlaybookItem
from ..errors import DeskFileError
from ..types import Genre
from .facts import Facts, SignalFact, institutions

KINDS = ("shift", "burst", "official", "quote", "story")
FIELDS = {
    "shift": ("actor", "frame", "direction"),
    "burst": ("actor", "frame"),
    "official": ("actor", "frame", "direction"),
    "quote": ("actor", "frame", "direction"),
    "story": ("actor", "frame", "outlets"),
}
DIRECTIONS = ("softening", "hardening", "neutral")
SHIFT_MIN = 0.25  # the index must move at least this much between the windows
BURST_MIN = 3  # at least this many signals in the window ...
BURST_RATIO = 2.0  # ... and this many times those of the previous window (at least 1)
MOST_EVIDENCE = 5


@dataclass(frozen=True, slots=True)
class Condition:
    kind: str
    filters: tuple[tuple[str, tuple[str, ...]], ...]

    def values(self, name: str) -> tuple[str, ...]:
        return dict(self.filters).get(name, ())


@dataclass(frozen=True, slots=True)
class Hit:
    """Why a condition held: a line of evidence and the documents behind it."""

    text: str
    documents: tuple[int, ...]


def parse_condition(item: PlaybookItem, config: DeskConfig | None = None) -> Condition:
    """Parse one item's `when:`; a DeskFileError names the item and the word that does not fit."""
    words = item.when.split()

    def fail(message: str) -> DeskFileError:
        return DeskFileError(
            f"playbook item '{item.id}': {message} in when: \"{item.when}\" "
            f'(write it like "shift actor:state-department frame:engagement direction:softening")'
        )

    if not words:
        raise fail("the condition is empty")
    kind = words[0].lower()
    if kind not in KINDS:
        raise fail(f"'{words[0]}' is not a kind of event; start with one of {', '.join(KINDS)}")
    filters: dict[str, tuple[str, ...]] = {}
    for word in words[1:]:
        name, colon, value = word.partition(":")
        if not colon or not value:
            raise fail(f"'{word}' is not field:value")
        if name not in FIELDS[kind]:
            raise fail(f"'{name}' is not a field of '{kind}'; use {', '.join(FIELDS[kind])}")
        if name in filters:
            raise fail(f"'{name}' is given twice")
        filters[name] = tuple(v for v in value.split(",") if v)
        _check_values(name, filters[name], config, fail)
    return Condition(kind, tuple(filters.items()))


def _check_values(
    name: str, values: tuple[str, ...], config: DeskConfig | None, fail: Callable[[str], DeskFileError]
) -> None:
    known: set[str] | None = None
    if name == "direction":
        known = set(DIRECTIONS)
    elif name == "outlets":
        if len(values) != 1 or not values[0].isdigit():
            raise fail(f"outlets takes one whole number, not '{','.join(values)}'")
    elif config is not None and name == "actor":
        known = {a.id for a in config.actors}
    elif config is not None and name == "frame":
        known = {f.id for f in config.frames}
    for value in values:
        if known is not None and value not in known:
            raise fail(f"unknown {name} '{value}'")


def parse_playbook(config: DeskConfig) -> tuple[list[tuple[PlaybookItem, Condition]], list[str]]:
    """Every item's condition, and a message for each item whose condition does not parse."""
    parsed, problems = [], []
    for item in config.playbook:
        try:
            parsed.append((item, parse_condition(item, config)))
        except DeskFileError as error:
            problems.append(error.message)
    return parsed, problems


def evaluate(
    condition: Condition, now: Facts, before: Facts, affiliations: Mapping[str, str | None]
) -> list[Hit]:
    """The evidence that `condition` held in the window `now` (empty: it did not)."""
    if condition.kind in ("shift", "burst"):
        return _moves(condition, now, before, affiliations)
    if condition.kind == "story":
        return _stories(condition, now)
    return _quotes(condition, now, affiliations, official=condition.kind == "official")


def _wanted(condition: Condition, name: str, value: str | None) -> bool:
    values = condition.values(name)
    return not values or value in values


def _speaks_for(condition: Condition, actor_id: str, affiliations: Mapping[str, str | None]) -> str | None:
    """The actor of the condition `actor_id` counts for (itself or an institution), or None."""
    wanted = condition.values("actor")
    chain = institutions(affiliations, actor_id)
    if not wanted:
        return chain[-1]
    return next((a for a in chain if a in wanted), None)


def _grouped(
    condition: Condition, facts: Facts, affiliations: Mapping[str, str | None]
) -> dict[tuple[str, str], list[SignalFact]]:
    groups: dict[tuple[str, str], list[SignalFact]] = defaultdict(list)
    for signal in facts.signals:
        actor = _speaks_for(condition, signal.actor_id, affiliations)
        if actor is not None and _wanted(condition, "frame", signal.frame):
            groups[(actor, signal.frame)].append(signal)
    return groups


def _moves(
    condition: Condition, now: Facts, before: Facts, affiliations: Mapping[str, str | None]
) -> list[Hit]:
    current, previous = _grouped(condition, now, affiliations), _grouped(condition, before, affiliations)
    hits = []
    for (actor, frame), signals in sorted(current.items()):
        earlier = previous.get((actor, frame), [])
        docs = tuple(dict.fromkeys(s.document_id for s in signals))[:MOST_EVIDENCE]
        if condition.kind == "burst":
            if len(signals) >= BURST_MIN and len(signals) >= BURST_RATIO * max(1, len(earlier)):
                text = (
                    f"{actor} on {frame}: {len(signals)} signals, against {len(earlier)} in the window before"
                )
                hits.append(Hit(text, docs))
            continue
        value = sum(s.signed for s in signals) / len(signals)
        old = sum(s.signed for s in earlier) / len(earlier) if earlier else 0.0
        change = value - old
        direction = "softening" if change > 0 else "hardening"
        if abs(change) >= SHIFT_MIN and _wanted(condition, "direction", direction):
            moved = [s for s in signals if s.direction == direction] or signals
            text = (
                f"{actor} on {frame}: index {old:+.2f} to {value:+.2f} ({direction}, {len(signals)} signals)"
            )
            hits.append(Hit(text, tuple(dict.fromkeys(s.document_id for s in moved))[:MOST_EVIDENCE]))
    return hits


def _quotes(
    condition: Condition, now: Facts, affiliations: Mapping[str, str | None], *, official: bool
) -> list[Hit]:
    """quote: the actor's signals; official: the same, only in official statements, or any
    official statement the actor issued (its source or outlet is the actor) on the frame."""
    genres = {d.id: d.genre for d in now.documents}
    by_doc: dict[int, list[str]] = defaultdict(list)
    for signal in now.signals:
        if official and genres.get(signal.document_id) != Genre.OFFICIAL:
            continue
        if _speaks_for(condition, signal.actor_id, affiliations) is None:
            continue
        if _wanted(condition, "frame", signal.frame) and _wanted(condition, "direction", signal.direction):
            by_doc[signal.document_id].append(f"{signal.actor_id} on {signal.frame} ({signal.direction})")
    if official:
        frames = defaultdict(set)
        for note in now.frames:
            if _wanted(condition, "direction", note.direction):
                frames[note.document_id].add(note.frame)
        for document in now.documents:
            if document.genre != Genre.OFFICIAL or document.id in by_doc:
                continue
            issuer = _issuer(document.source_id, document.outlet, now.aliases)
            if issuer is None or _speaks_for(condition, issuer, affiliations) is None:
                continue
            hit = sorted(f for f in frames[document.id] if _wanted(condition, "frame", f))
            if hit:
                by_doc[document.id].append(f"statement of {issuer} on {', '.join(hit)}")
    hits = []
    for document_id, lines in sorted(by_doc.items()):
        counted = Counter(lines)
        text = "; ".join(f"{line} x{n}" if n > 1 else line for line, n in counted.items())
        hits.append(Hit(text, (document_id,)))
    return hits[:MOST_EVIDENCE]


def _issuer(source_id: str, outlet: str, aliases: Mapping[str, frozenset[str]]) -> str | None:
    """The actor that issued a statement: its source id is the actor's id, or its outlet is
    the actor's name or one of its aliases."""
    if source_id in aliases:
        return source_id
    name = outlet.casefold()
    return next((actor for actor, names in aliases.items() if name in names), None)


def _stories(condition: Condition, now: Facts) -> list[Hit]:
    least = int(condition.values("outlets")[0]) if condition.values("outlets") else 1
    frames = defaultdict(set)
    for note in now.frames:
        frames[note.document_id].add(note.frame)
    outlets = {d.id: d.outlet for d in now.documents}
    hits = []
    for story in now.stories:
        crossed = len({outlets[d] for d in story.documents if d in outlets})
        if crossed < least:
            continue
        if condition.values("frame") and not any(
            set(condition.values("frame")) & frames[d] for d in story.documents
        ):
            continue
        if condition.values("actor") and not any(
            set(condition.values("actor")) & now.mentions.get(d, frozenset()) for d in story.documents
        ):
            continue
        hits.append(
            Hit(
                f"story '{story.title or 'untitled'}' across {crossed} outlets in the window",
                story.documents[:MOST_EVIDENCE],
            )
        )
    return hits[:MOST_EVIDENCE]


def fire(
    items: Sequence[tuple[PlaybookItem, Condition]],
    now: Facts,
    before: Facts,
    affiliations: Mapping[str, str | None],
) -> list[tuple[PlaybookItem, list[Hit]]]:
    """The items whose conditions held in the window, each with its evidence."""
    found = []
    for item, condition in items:
        hits = evaluate(condition, now, before, affiliations)
        if hits:
            found.append((item, hits))
    return found
