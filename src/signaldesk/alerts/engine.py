"""The alert engine: events in, alerts recorded (once each) with their deliveries planned.

`AlertEngine(config, store).consider(events, documents)` checks every rule against every
event. Document rules are checked through one `RuleSet` (each document is tokenised once
and only the rules one of its words points to are evaluated). Each firing becomes an
alert keyed by rule and event; a key already in the store is skipped, so an event alerts
once, also after a restart. Then throttling and quiet hours decide when it is sent:

- throttled (an alert of the same rule on the same story/subject went out less than
  `throttle` seconds ago): recorded as `folded`, sent in a digest when the window ends;
- quiet hours: recorded as `held`, sent in a digest per channel when the quiet hours end;
- otherwise `pending`: the dispatcher sends it on its next round.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from ..analyze.query import Prepared, prepare
from ..analyze.query_rules import RuleSet
from ..config import DeskConfig
from ..errors import NotFoundError
from ..types import Analysis, DeskEvent, Document, utc
from ..types import now as clock_now
from .quiet import is_quiet, quiet_ends
from .rules import (
    DOCUMENT_KINDS,
    CompiledRule,
    compile_rules,
    document_fits,
    document_matchable,
    event_fits,
    fires,
    why,
)
from .storage import AlertStorage
from .values import Alert, Evidence, alert_key


class AlertEngine:
    """Evaluates the desk's rules on events and records the alerts they fire."""

    def __init__(self, config: DeskConfig, store: Any) -> None:
        self.config = config
        self.store = store
        self.storage = AlertStorage(store.engine)
        self.rules = compile_rules(config)
        self.zone = config.zone
        self.dashboard = config.desk.dashboard_url.rstrip("/")
        document_rules = [r for r in self.rules if r.kind in DOCUMENT_KINDS]
        self._queried = {r.id: r for r in document_rules if r.document is not None}
        self._unqueried = [r for r in document_rules if r.document is None]
        self._event_rules = [r for r in self.rules if r.kind not in DOCUMENT_KINDS]
        self.ruleset = RuleSet([(r.id, r.document) for r in document_rules if r.document is not None])
        self._anchors: dict[tuple[str, str], datetime] | None = None

    # -- deciding ------------------------------------------------------------------

    def firing(self, event: DeskEvent, doc: Prepared | None, now: datetime) -> list[CompiledRule]:
        """The rules that fire on `event` (pure: no store)."""
        if event.kind == "document":
            if doc is None:
                return []
            found = [self._queried[name] for name in self.ruleset.matching(doc)]
            found += self._unqueried
            return [r for r in found if event_fits(r, event, now) and document_fits(r, doc)]
        return [r for r in self._event_rules if fires(r, event, doc, now)]

    def consider(
        self,
        events: Sequence[DeskEvent],
        documents: Mapping[int, Document] | Iterable[Document] = (),
        *,
        analyses: Mapping[int, Analysis] | None = None,
        now: datetime | None = None,
    ) -> list[Alert]:
        """Record the alerts `events` fire; return the new ones (already-known events give none)."""
        moment = utc(now or clock_now())
        docs = documents if isinstance(documents, Mapping) else {d.id: d for d in documents}
        prepared: dict[int, Prepared | None] = {}
        fired: list[tuple[CompiledRule, DeskEvent, Prepared | None]] = []
        for event in sorted(events, key=lambda e: (utc(e.at), e.key)):
            doc = None
            if event.document_id is not None:
                if event.document_id not in prepared:
                    prepared[event.document_id] = self._prepare(event.document_id, docs, analyses or {})
                doc = prepared[event.document_id]
            fired.extend((rule, event, doc) for rule in self.firing(event, doc, moment))
        if not fired:
            return []
        known = self.storage.existing(alert_key(r.id, e.key) for r, e, _ in fired)
        anchors = self._load_anchors(moment)
        alerts = []
        for rule, event, doc in fired:
            key = alert_key(rule.id, event.key)
            if key in known:
                continue
            known.add(key)
            alert, throttle_key = self._build(rule, event, doc, docs, moment, anchors)
            alert_id = self.storage.insert(alert, throttle_key)
            if alert_id is None:
                continue
            if alert.state != "folded":
                anchors[(rule.id, throttle_key)] = moment
            alerts.append(_with_id(alert, alert_id))
        return alerts

    # -- building ------------------------------------------------------------------

    def _prepare(
        self, document_id: int, docs: Mapping[int, Document], analyses: Mapping[int, Analysis]
    ) -> Prepared | None:
        document = docs.get(document_id)
        if document is None:
            try:
                document = self.store.document(document_id)
            except NotFoundError:
                return None
        actors: frozenset[str] = frozenset()
        frames: frozenset[str] = frozenset()
        analysis = analyses.get(document_id)
        if analysis is not None:
            actors = frozenset(m.actor_id for m in analysis.entities if m.actor_id) | frozenset(
                q.actor_id for q in analysis.quotes if q.actor_id
            )
            frames = frozenset(f.frame for f in analysis.frames)
        return prepare(document_matchable(document, actors, frames))

    def _load_anchors(self, moment: datetime) -> dict[tuple[str, str], datetime]:
        if self._anchors is None:
            longest = max((r.rule.throttle for r in self.rules), default=0.0)
            since = moment - timedelta(seconds=longest)
            self._anchors = {(rule, key): at for rule, key, at in self.storage.anchors(since)}
        return self._anchors

    def _build(
        self,
        rule: CompiledRule,
        event: DeskEvent,
        doc: Prepared | None,
        docs: Mapping[int, Document],
        moment: datetime,
        anchors: dict[tuple[str, str], datetime],
    ) -> tuple[Alert, str]:
        throttle_key = subject_key(event)
        state, due = plan(rule, anchors.get((rule.id, throttle_key)), moment, self.zone)
        if not rule.rule.channels:
            state = "recorded"
        document = docs.get(event.document_id) if event.document_id is not None else None
        evidence = _evidence(event, document, doc)
        reasons = why(rule, event, doc)
        link = self._link(event)
        title = f"{rule.name}: {event.title}" if event.title else rule.name
        body = _body(rule, event, reasons, evidence, link)
        alert = Alert(
            rule_id=rule.id,
            rule_name=rule.name,
            event_key=event.key,
            event_kind=event.kind,
            severity=rule.rule.severity,
            title=title,
            body=body,
            why=reasons,
            evidence=evidence,
            link=link,
            fired_at=moment,
            channels=rule.rule.channels,
            state=state,
            due_at=due,
            origin_at=utc(event.origin_at) if event.origin_at else None,
        )
        return alert, throttle_key

    def _link(self, event: DeskEvent) -> str:
        if event.document_id is not None and event.kind in ("document", "quote"):
            return f"{self.dashboard}/documents/{event.document_id}"
        if event.story_id is not None:
            return f"{self.dashboard}/stories/{event.story_id}"
        if event.document_id is not None:
            return f"{self.dashboard}/documents/{event.document_id}"
        return self.dashboard


def subject_key(event: DeskEvent) -> str:
    """What throttling counts per rule: the story, else the actor/frame, burst or event."""
    if event.story_id is not None:
        return f"story:{event.story_id}"
    if event.kind == "shift":
        return f"shift:{event.actor_id}:{event.frame}"
    if event.kind == "burst":
        return f"burst:{event.detail.get('watch') or event.key}"
    if event.kind == "quote" and event.actor_id:
        return f"quote:{event.actor_id}:{event.document_id}"
    return f"event:{event.key}"


def plan(rule: CompiledRule, last_sent: datetime | None, moment: datetime, zone: Any) -> tuple[str, datetime]:
    """The state and due time of a new alert: folded (throttled), held (quiet) or pending."""
    throttle = timedelta(seconds=rule.rule.throttle)
    if last_sent is not None and throttle and moment - last_sent < throttle:
        due = last_sent + throttle
        if rule.quiet is not None:
            due = quiet_ends(rule.quiet, due, zone)
        return "folded", due
    if rule.quiet is not None and is_quiet(rule.quiet, moment, zone):
        return "held", quiet_ends(rule.quiet, moment, zone)
    return "pending", moment


def _evidence(event: DeskEvent, document: Document | None, doc: Prepared | None) -> Evidence:
    detail = event.detail
    start, end = detail.get("start"), detail.get("end")
    warc = document.warc if document is not None else None
    return Evidence(
        document_id=event.document_id,
        url=document.url if document is not None else str(detail.get("url", "")),
        story_id=event.story_id,
        quote_text=str(detail.get("text", "")) if event.kind == "quote" else "",
        quote_start=start if isinstance(start, int) else None,
        quote_end=end if isinstance(end, int) else None,
        speaker=str(detail.get("speaker", "")),
        warc_file=warc.file if warc else "",
        warc_record_id=warc.record_id if warc else "",
    )


def _body(rule: CompiledRule, event: DeskEvent, why: tuple[str, ...], ev: Evidence, link: str) -> str:
    lines = [f"Rule: {rule.name} ({rule.kind}, {rule.rule.severity})", f"Why: {', '.join(why)}"]
    if event.kind == "shift":
        lines.append(f"Shift: {event.actor_id} on {event.frame} -> {event.direction} ({event.score:.2f})")
    if ev.url:
        lines.append(f"Document: {ev.url}")
    if ev.quote_text:
        span = f" (characters {ev.quote_start}-{ev.quote_end})" if ev.quote_start is not None else ""
        who = f"{ev.speaker}: " if ev.speaker else ""
        lines.append(f'Quote: {who}"{ev.quote_text}"{span}')
    if ev.warc_file:
        lines.append(f"Archived: {ev.warc_file} record {ev.warc_record_id}")
    lines.append(f"Open: {link}")
    return "\n".join(lines)


def _with_id(alert: Alert, alert_id: int) -> Alert:
    return replace(alert, id=alert_id)
