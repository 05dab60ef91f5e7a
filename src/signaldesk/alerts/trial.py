"""Trying an alert rule on the desk's recent past, storing and sending nothing.

A rule is checked exactly as the desk file checks it (its fields, then the actor, watch and
channels it names, then its query), and then replayed:

    match, columnist, official, quote   the stored documents of the window, with their stored
                                        analysis (actors, frames, quotes) and story
    story_outlets                       the stories active in the window, by the outlets
                                        they have now (not at the moment they crossed)
    shift, burst                        the shifts and bursts the desk recorded in the window

Each replayed event is judged at its own moment (so the live two-day age limit does not
apply), in time order, and throttling is counted as the engine would: per rule and subject.
`evaluate` is pure; `replay` and `check_rule` are the edges that read the store and config.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from .. import config as cfg
from ..analyze.query import Prepared, prepare
from ..errors import DeskFileError
from ..types import DeskEvent, Document, utc
from .engine import plan, subject_key
from .rules import CompiledRule, compile_rules, document_matchable, fires, why

if TYPE_CHECKING:
    from ..store import Store

DOCUMENT_LIMIT = 20_000
"""A test reads at most this many documents (the newest); the result says when it stopped."""

NOTES = {
    "story_outlets": "stories are judged by the outlets they have now, not at the moment they crossed",
    "shift": "replayed from the shifts the desk recorded; shifts are found only as documents arrive",
    "burst": "replayed from the bursts the desk recorded; bursts are found only as documents arrive",
}


@dataclass(frozen=True, slots=True)
class Replayed:
    """One event as it would have reached the engine, with its document (prepared) if any."""

    event: DeskEvent
    doc: Prepared | None = None
    document: Document | None = None


@dataclass(frozen=True, slots=True)
class TrialHit:
    """One event the rule would have fired on."""

    event_kind: str
    at: datetime
    title: str
    why: tuple[str, ...]
    throttled: bool
    document_id: int | None = None
    story_id: int | None = None
    outlet: str = ""
    published: datetime | None = None


@dataclass(frozen=True, slots=True)
class RuleTest:
    """What a rule would have done over [since, until): how often it fires, how many alerts
    throttling lets through, a sample (newest first), and a note on how it was replayed."""

    rule_id: str
    when: str
    since: datetime
    until: datetime
    considered: int
    fired: int
    sent: int
    sample: tuple[TrialHit, ...]
    note: str = ""
    truncated: bool = False


# -- checking ---------------------------------------------------------------------------


def check_rule(config: cfg.DeskConfig, rule: Mapping[str, Any] | cfg.Rule) -> CompiledRule:
    """The rule checked against the desk (as the desk file would be) and compiled; DeskFileError
    naming the field on a mistake."""
    if isinstance(rule, cfg.Rule):
        checked = rule
    else:
        try:
            checked = cfg.Rule.model_validate(dict(rule))
        except ValidationError as error:
            problems = [_problem(dict(item)) for item in error.errors()]
            raise DeskFileError("; ".join(problems), details=problems) from None
    trial_config = config.model_copy(update={"rules": (checked,)})
    try:
        trial_config._unique_and_known()  # type: ignore[operator]  # the desk file's own cross-checks
    except ValueError as error:  # the desk file's cross-checks name the field in `loc`
        loc = getattr(error, "loc", ())
        field = str(loc[-1]) if loc else "rule"
        raise DeskFileError(f"{field}: {error}", details={"field": field}) from None
    try:
        return compile_rules(trial_config)[0]
    except DeskFileError as error:
        raise DeskFileError(error.message.replace("rules[0] ", "rule ", 1), details=error.details) from None


def _problem(item: dict[str, Any]) -> str:
    where = ".".join(str(part) for part in item.get("loc", ())) or "rule"
    if item.get("type") == "extra_forbidden":
        return f"{where}: unknown field"
    if item.get("type") == "missing":
        return f"{where}: missing required field"
    return f"{where}: {str(item.get('msg', 'invalid value')).removeprefix('Value error, ')}"


# -- judging (pure) ---------------------------------------------------------------------


def evaluate(
    rule: CompiledRule,
    replayed: Sequence[Replayed],
    zone: Any,
    since: datetime,
    until: datetime,
    limit: int = 50,
    truncated: bool = False,
) -> RuleTest:
    """Judge every replayed event in time order at its own moment; count firings and sends."""
    last_sent: dict[str, datetime] = {}
    fired = sent = 0
    hits: list[tuple[Replayed, bool]] = []
    for item in sorted(replayed, key=lambda r: (utc(r.event.at), r.event.key)):
        event, moment = item.event, utc(item.event.at)
        if not fires(rule, event, item.doc, moment):
            continue
        fired += 1
        key = subject_key(event)
        state, _ = plan(rule, last_sent.get(key), moment, zone)
        if state != "folded":
            last_sent[key] = moment
            sent += 1
        hits.append((item, state == "folded"))
    kept = hits[-limit:] if limit > 0 else []
    sample = tuple(_hit(rule, item, throttled) for item, throttled in reversed(kept))
    return RuleTest(
        rule_id=rule.id,
        when=rule.kind,
        since=since,
        until=until,
        considered=len(replayed),
        fired=fired,
        sent=sent,
        sample=sample,
        note=NOTES.get(rule.kind, ""),
        truncated=truncated,
    )


def _hit(rule: CompiledRule, item: Replayed, throttled: bool) -> TrialHit:
    event, document = item.event, item.document
    return TrialHit(
        event_kind=event.kind,
        at=utc(event.at),
        title=event.title,
        why=why(rule, event, item.doc),
        throttled=throttled,
        document_id=event.document_id,
        story_id=event.story_id,
        outlet=document.outlet if document is not None else "",
        published=document.published if document is not None else None,
    )


# -- replaying (reads the store) --------------------------------------------------------


def replay(
    config: cfg.DeskConfig, store: Store, kind: str, since: datetime, until: datetime
) -> tuple[list[Replayed], bool]:
    """The events of [since, until) a rule of `kind` looks at, each dated by its origin; and
    whether the documents were cut at DOCUMENT_LIMIT."""
    if kind in ("shift", "burst"):
        return _recorded(store, kind, since, until), False
    if kind == "story_outlets":
        rows = store.stories(since=since, until=until, limit=DOCUMENT_LIMIT)
        return [Replayed(_story_event(row)) for row in rows], len(rows) >= DOCUMENT_LIMIT
    return _documents(config, store, kind, since, until)


def _documents(
    config: cfg.DeskConfig, store: Store, kind: str, since: datetime, until: datetime
) -> tuple[list[Replayed], bool]:
    from ..runtime.follow import document_events

    where = store.time_filter(since, until)
    documents = [hit.document for hit in store.search(where, limit=DOCUMENT_LIMIT)]
    affiliations = {actor.id: actor.affiliation for actor in config.actors}
    found: list[Replayed] = []
    for start in range(0, len(documents), 500):
        chunk = documents[start : start + 500]
        analyses = store.stored_analyses([d.id for d in chunk])
        for document in chunk:
            analysis, story_id = analyses.get(document.id, (None, None))
            origin = document.published or document.first_seen
            actors = (
                frozenset(m.actor_id for m in analysis.entities if m.actor_id) if analysis else frozenset()
            )
            actors |= (
                frozenset(q.actor_id for q in analysis.quotes if q.actor_id) if analysis else frozenset()
            )
            frames = frozenset(f.frame for f in analysis.frames) if analysis else frozenset()
            doc = prepare(document_matchable(document, actors, frames))
            for event in document_events(document, analysis, story_id, affiliations):
                if (event.kind == "quote") == (kind == "quote"):
                    found.append(Replayed(replace(event, at=origin), doc, document))
    return found, not store.total(where, cap=DOCUMENT_LIMIT).exact


def _story_event(row: Any) -> DeskEvent:
    return DeskEvent(
        "story_outlets",
        f"story:{row.id}:outlets",
        row.last_updated,
        row.title,
        story_id=row.id,
        score=float(row.outlets),
        origin_at=row.first_seen,
        detail={"outlets": row.outlets},
    )


def _recorded(store: Store, kind: str, since: datetime, until: datetime) -> list[Replayed]:
    found = []
    for row in store.signal_events(kind):
        if not since <= utc(row.window_end) < until:
            continue
        if kind == "shift":
            _, actor, frame = [*row.key.split(":"), "", ""][:3]
            event = DeskEvent(
                "shift",
                row.key,
                row.window_end,
                f"{actor}: {row.direction} on {frame} (confidence {row.confidence:.2f})",
                actor_id=actor or None,
                frame=frame or None,
                direction=row.direction,
                score=row.confidence,
                origin_at=row.window_end,
                detail=dict(row.data),
            )
        else:
            series = str(row.data.get("series", ""))
            what, _, name = series.partition(":")
            event = DeskEvent(
                "burst",
                row.key,
                row.window_start,
                f"Burst in {series}: {row.data.get('count', '?')} documents in an hour",
                story_id=int(name) if what == "story" and name.isdigit() else None,
                actor_id=name if what == "actor" else None,
                frame=name if what == "frame" else None,
                score=row.score,
                origin_at=row.window_start,
                detail={**row.data, "watch": name if what == "watch" else None},
            )
        found.append(Replayed(event))
    return found
