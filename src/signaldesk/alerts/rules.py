"""Alert rules: compiled once when the desk loads, then a pure `fires(rule, event, doc, now)`.

Rule kinds (`when`) and the event they look at:

    match          a new or changed document matching the query (and watch, actor)
    columnist      a new opinion piece with a byline; the query may say author:"Name"
    official       a new document of genre official
    quote          a quote event by `actor`, its text matching the query, its document the watch
    shift          a shift event, for `actor` if set, for a frame if the query says frame:...
    burst          a burst event, of `watch` if set (`detail["watch"]`), its title matching the query
    story_outlets  a story_outlets event whose story crossed at least `outlets` outlets

For shift and story_outlets rules the query and the watch are matched against the event:
its title, `detail["evidence"]`, its actor and frame (and its document's fields, if any).

Quote events carry the quote in `detail` (text, start, end, speaker); burst events name
their watch in `detail["watch"]`; story_outlets events give `detail["outlets"]`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from .. import config
from ..analyze.query import (
    And,
    Field,
    Matchable,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    Prepared,
    Query,
    Term,
    parse,
    prepare,
)
from ..analyze.query_match import compile_node
from ..errors import DeskFileError, QueryError
from ..types import DeskEvent, Document, utc
from .quiet import QuietHours, parse_quiet_hours

DOCUMENT_KINDS = frozenset({"match", "columnist", "official"})
EVENT_OF = {
    "match": "document",
    "columnist": "document",
    "official": "document",
    "quote": "quote",
    "shift": "shift",
    "burst": "burst",
    "story_outlets": "story_outlets",
}
MAX_AGE = timedelta(days=2)
"""Events older than this when considered fire nothing (a backfill must not flood channels)."""


@dataclass(frozen=True)
class CompiledRule:
    """A rule ready to evaluate.

    `document` is what the event's document must match (for document kinds: the query,
    the watch, the actor and the genre combined; for quote rules: the watch); `subject` is
    what the event itself must match (the quote text, the shift, the burst, the story).
    """

    rule: config.Rule
    document: Query | None
    subject: Query | None
    quiet: QuietHours | None

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def kind(self) -> str:
        return self.rule.when

    @property
    def name(self) -> str:
        return self.rule.name or self.rule.id


def compile_rules(desk: config.DeskConfig) -> list[CompiledRule]:
    """Parse and check every rule; DeskFileError naming the rule (and the character) on a mistake."""
    watches = {watch.id: watch for watch in desk.watches}
    known = {"actor": {a.id for a in desk.actors}, "frame": {f.id for f in desk.frames}}
    compiled = []
    for index, rule in enumerate(desk.rules):
        where = f"rules[{index}] (id '{rule.id}')"
        own = _parse(rule.query, f"{where}: query", known) if rule.query.strip() else None
        watch = None
        if rule.watch:
            text = watches[rule.watch].query
            watch = _parse(text, f"{where}: watch '{rule.watch}' query", known)
        if rule.when == "story_outlets" and rule.outlets < 2:
            raise DeskFileError(f"{where}: a story_outlets rule needs outlets: 2 or more")
        if rule.throttle < 0:
            raise DeskFileError(f"{where}: throttle cannot be negative")
        quiet = parse_quiet_hours(rule.quiet_hours, rule_id=rule.id) if rule.quiet_hours else None
        if rule.when in DOCUMENT_KINDS:
            parts: list[Query] = [q for q in (own, watch) if q is not None]
            extra: list[Node] = []
            if rule.actor:
                extra.append(Field("actor", rule.actor))
            if rule.when != "match":
                extra.append(Field("genre", "opinion" if rule.when == "columnist" else "official"))
            compiled.append(CompiledRule(rule, _combine(parts, extra), None, quiet))
        elif rule.when == "quote":
            compiled.append(CompiledRule(rule, watch, own, quiet))
        elif rule.when == "burst":
            compiled.append(CompiledRule(rule, None, own, quiet))
        else:
            subject = _combine([q for q in (own, watch) if q is not None], [])
            compiled.append(CompiledRule(rule, None, subject, quiet))
    return compiled


def _parse(text: str, where: str, known: dict[str, set[str]]) -> Query:
    try:
        query = parse(text)
    except QueryError as error:
        raise DeskFileError(
            f"{where}: {error.message}", details={"query": text, "position": error.position}
        ) from None
    for node in _walk(query.root):
        if isinstance(node, Field) and node.name in known and node.value not in known[node.name]:
            raise DeskFileError(
                f"{where}: unknown {node.name} '{node.value}' (at character {node.at}); "
                f"known: {', '.join(sorted(known[node.name])) or 'none'}",
                details={"query": text, "position": node.at},
            )
    return query


def _walk(node: Node) -> Iterator[Node]:
    yield node
    if isinstance(node, And | Or):
        for item in node.items:
            yield from _walk(item)
    elif isinstance(node, Not):
        yield from _walk(node.item)


def _combine(parts: list[Query], extra: list[Node]) -> Query | None:
    roots = extra + [q.root for q in parts]  # cheap field checks first
    if not roots:
        return None
    if len(roots) == 1 and parts:
        return parts[0]
    text = " AND ".join(
        [f"({q.text})" for q in parts] + [f"{n.name}:{n.value}" for n in extra if isinstance(n, Field)]
    )
    return Query(text, And(tuple(roots)))


# -- evaluation -------------------------------------------------------------------------


def document_matchable(
    document: Document, actors: frozenset[str] = frozenset(), frames: frozenset[str] = frozenset()
) -> Matchable:
    """What rules can see of a document (actors and frames come from its analysis)."""
    return Matchable(
        title=document.title,
        text=document.text,
        outlet=document.outlet,
        genre=str(document.genre),
        language=document.language,
        authors=document.authors,
        source_id=document.source_id,
        actors=actors,
        frames=frames,
        published=document.published,
    )


def event_matchable(event: DeskEvent, doc: Prepared | None = None) -> Matchable:
    """What a subject query sees of an event: its title or quote text, actor, frame, and document fields."""
    base = doc.doc if doc is not None else Matchable()
    text = (
        str(event.detail.get("text", "")) if event.kind == "quote" else str(event.detail.get("evidence", ""))
    )
    actors = frozenset(a for a in (event.actor_id,) if a) | (
        base.actors if event.kind == "quote" else frozenset()
    )
    return Matchable(
        title="" if event.kind == "quote" else event.title,
        text=text,
        outlet=base.outlet,
        genre=base.genre,
        language=base.language,
        authors=base.authors,
        source_id=base.source_id,
        actors=actors,
        frames=frozenset(f for f in (event.frame,) if f) | base.frames,
        published=base.published,
    )


def event_fits(rule: CompiledRule, event: DeskEvent, now: datetime) -> bool:
    """The checks that need no text: event kind, age, actor, watch, outlet count."""
    spec = rule.rule
    if event.kind != EVENT_OF[spec.when] or utc(now) - utc(event.at) > MAX_AGE:
        return False
    if spec.when in DOCUMENT_KINDS:
        return event.detail.get("status", "new") != "unchanged"
    if spec.actor and spec.actor != event.actor_id and spec.actor not in _speaks_for(event):
        return False
    if spec.when == "burst" and spec.watch:
        return event.detail.get("watch") == spec.watch
    if spec.when == "story_outlets":
        outlets = event.detail.get("outlets", event.score)
        return isinstance(outlets, int | float) and outlets >= spec.outlets
    return True


def _speaks_for(event: DeskEvent) -> tuple[str, ...]:
    """The institutions the event's actor speaks for (a spokesperson for their department)."""
    found = event.detail.get("speaks_for", ())
    return tuple(found) if isinstance(found, list | tuple) else ()


def document_fits(rule: CompiledRule, doc: Prepared) -> bool:
    """What a document rule needs beyond its query: a columnist piece needs a byline."""
    return rule.kind != "columnist" or bool(doc.authors)


def fires(rule: CompiledRule, event: DeskEvent, doc: Prepared | None, now: datetime) -> bool:
    """Whether `rule` fires on `event` (with its document, prepared, when it has one)."""
    if not event_fits(rule, event, now):
        return False
    if rule.kind in DOCUMENT_KINDS:
        if doc is None or not document_fits(rule, doc):
            return False
        return rule.document is None or rule.document.matches(doc)
    if rule.document is not None and (doc is None or not rule.document.matches(doc)):
        return False
    return rule.subject is None or rule.subject.matches(prepare(event_matchable(event, doc)))


def matched_terms(query: Query | None, doc: Prepared) -> tuple[str, ...]:
    """The words and phrases, then the fields, of `query` present in `doc`: why a rule fired."""
    if query is None:
        return ()
    words: list[str] = []
    fields: list[str] = []
    for node in _positive(query.root):
        if compile_node(node)(doc):
            (fields if isinstance(node, Field) else words).append(_label(node))
    return tuple(dict.fromkeys(words + fields))


def why(rule: CompiledRule, event: DeskEvent, doc: Prepared | None) -> tuple[str, ...]:
    """The reasons an alert gives: the rule, its actor, the matched words and fields."""
    reasons = [f"rule {rule.id} ({rule.kind})"]
    if rule.rule.actor:
        reasons.append(f"actor:{rule.rule.actor}")
    if doc is not None:
        reasons += matched_terms(rule.document, doc)
    if rule.subject is not None:
        reasons += matched_terms(rule.subject, prepare(event_matchable(event, doc)))
    if event.kind == "story_outlets":
        reasons.append(f"outlets >= {rule.rule.outlets}")
    return tuple(dict.fromkeys(reasons))


def _positive(node: Node) -> Iterator[Node]:
    if isinstance(node, And | Or):
        for item in node.items:
            yield from _positive(item)
    elif not isinstance(node, Not):
        yield node


def _label(node: Node) -> str:
    if isinstance(node, Field):
        return f'{node.name}:"{node.value}"' if " " in node.value else f"{node.name}:{node.value}"
    if isinstance(node, Near):
        return f"{_label(node.left)} NEAR/{node.distance} {_label(node.right)}"
    if isinstance(node, Term | Phrase | Prefix):
        words = " ".join(node.tokens)
        text = f'"{words}"' if len(node.tokens) > 1 else words
        return text + "*" if isinstance(node, Prefix) else text
    return "published"
