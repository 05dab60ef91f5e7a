"""The values of the alerts stage: an alert, its evidence, and what a delivery did."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Evidence:
    """What an alert points at: the document, the quote span, the archived bytes."""

    document_id: int | None = None
    url: str = ""
    story_id: int | None = None
    quote_text: str = ""
    quote_start: int | None = None
    quote_end: int | None = None
    speaker: str = ""
    warc_file: str = ""
    warc_record_id: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value not in (None, "")}


@dataclass(frozen=True, slots=True)
class Alert:
    """One rule firing on one event.

    `state` says what happens next: `pending` (sent when a dispatcher runs), `held` (quiet
    hours: sent in a digest when they end), `folded` (throttled: counted in a digest when
    the throttle window ends) or `recorded` (the rule names no channel).
    """

    rule_id: str
    rule_name: str
    event_key: str
    event_kind: str
    severity: str
    title: str
    body: str
    why: tuple[str, ...]
    evidence: Evidence
    link: str
    fired_at: datetime
    channels: tuple[str, ...]
    state: str
    due_at: datetime
    origin_at: datetime | None = None
    id: int | None = None

    @property
    def key(self) -> str:
        """The unique key of the alert: one rule, one event."""
        return alert_key(self.rule_id, self.event_key)


def alert_key(rule_id: str, event_key: str) -> str:
    return f"{rule_id}|{event_key}"


@dataclass(frozen=True, slots=True)
class Delivery:
    """What one send did: the alerts it carried (several for a digest), to which channel."""

    channel_id: str
    alert_ids: tuple[int, ...]
    ok: bool
    attempts: int
    digest: bool = False
    error: str = ""
    next_attempt_at: datetime | None = None
    elapsed: float = 0.0
