"""The engine against a real SQLite store: alerts carry evidence, fire once, fold and hold."""

from __future__ import annotations

import json
from datetime import timedelta

from signaldesk.alerts.engine import AlertEngine
from signaldesk.alerts.storage import AlertStorage
from signaldesk.store import Store
from signaldesk.types import Analysis, DeskEvent, FrameHit, Genre, Mention

from .conftest import T0, desk_config, doc_event, document

CHANNELS = {"ops": "json://127.0.0.22:9/hook"}
RULES = """\
  - id: dprk-sanctions
    name: Sanctions on North Korea
    query: sanctions AND ("North Korea" OR DPRK)
    channels: [ops]
    throttle: 30m
  - id: kcna-quotes
    when: quote
    actor: kcna
    channels: [ops]
    throttle: 0
  - id: night
    query: missile
    channels: [ops]
    quiet_hours: '22:00-07:00'
    throttle: 0
"""


def engine(store: Store) -> AlertEngine:
    return AlertEngine(desk_config(CHANNELS, RULES), store)


def test_an_alert_says_what_fired_why_and_where_the_evidence_is(store: Store) -> None:
    doc = document(7, "New sanctions on North Korea", "Washington announced sanctions on Tuesday.")
    event = doc_event(doc, at=T0, story_id=3)
    alerts = engine(store).consider([event], [doc], now=T0 + timedelta(seconds=5))
    assert [a.rule_id for a in alerts] == ["dprk-sanctions"]
    alert = alerts[0]
    assert alert.why == ("rule dprk-sanctions (match)", "sanctions", '"north korea"')
    assert alert.link == "http://127.0.0.1:8787/documents/7"
    assert alert.evidence.url == "https://news.example/7"
    assert alert.evidence.warc_file == "archive/2026-03-02.warc.gz"
    assert alert.evidence.warc_record_id == "<urn:uuid:rec-7>"
    assert alert.state == "pending" and alert.channels == ("ops",)
    row = AlertStorage(store.engine).alert_row(alert.id or 0)
    assert row["event_key"] == "dprk-sanctions|document:7:1" and row["story_id"] == 3
    assert json.loads(row["evidence"])["warc_record_id"] == "<urn:uuid:rec-7>"
    assert "Open: http://127.0.0.1:8787/documents/7" in row["body"]


def test_a_quote_alert_carries_the_span_and_text(store: Store) -> None:
    doc = document(8, "Pyongyang speaks", "Some words. KCNA said talks were over.")
    quote = DeskEvent(
        "quote",
        "quote:8:12",
        T0,
        "KCNA on talks",
        document_id=8,
        actor_id="kcna",
        detail={"text": "talks were over", "start": 22, "end": 37, "speaker": "KCNA"},
    )
    [alert] = engine(store).consider([quote], {8: doc}, now=T0)
    assert (alert.evidence.quote_start, alert.evidence.quote_end) == (22, 37)
    assert 'Quote: KCNA: "talks were over" (characters 22-37)' in alert.body


def test_the_same_event_alerts_once_also_after_a_restart(store: Store) -> None:
    doc = document(7, "DPRK sanctions", "sanctions")
    event = doc_event(doc)
    assert len(engine(store).consider([event, event], [doc], now=T0)) == 1
    assert engine(store).consider([event], [doc], now=T0) == []  # a new engine, the same store file
    assert len(AlertStorage(store.engine).existing(["dprk-sanctions|document:7:1"])) == 1


def test_throttling_folds_later_alerts_of_a_story_also_after_a_restart(store: Store) -> None:
    docs = [document(n, f"DPRK sanctions {n}", "sanctions") for n in (1, 2, 3)]
    first = engine(store).consider([doc_event(docs[0], story_id=5)], docs, now=T0)
    assert [a.state for a in first] == ["pending"]
    later = T0 + timedelta(minutes=10)
    second = engine(store).consider([doc_event(docs[1], at=later, story_id=5)], docs, now=later)
    assert [a.state for a in second] == ["folded"]
    assert second[0].due_at == T0 + timedelta(minutes=30)
    other_story = engine(store).consider([doc_event(docs[2], at=later, story_id=6)], docs, now=later)
    assert [a.state for a in other_story] == ["pending"]


def test_quiet_hours_hold_alerts_until_they_end(store: Store) -> None:
    night = T0.replace(hour=4)  # 23:00 in New York
    doc = document(9, "Missile launch", "A missile was launched.")
    [alert] = engine(store).consider([doc_event(doc, at=night)], [doc], now=night)
    assert alert.state == "held" and alert.due_at == T0.replace(hour=12)  # 07:00 in New York


def test_analysis_gives_actors_and_frames_to_queries(store: Store) -> None:
    config = desk_config(CHANNELS, "  - {id: f, query: 'frame:sanctions AND actor:kcna', channels: [ops]}")
    doc = document(11, "Statement", "A statement.", genre=Genre.OFFICIAL)
    analysis = Analysis(
        language="en",
        genre=Genre.OFFICIAL,
        tone=0.0,
        entities=(Mention("KCNA", 0, 4, "institution", "kcna"),),
        frames=(FrameHit("sanctions", 0, 10),),
    )
    alerts = AlertEngine(config, store).consider([doc_event(doc)], [doc], analyses={11: analysis}, now=T0)
    assert [a.why for a in alerts] == [("rule f (match)", "frame:sanctions", "actor:kcna")]


def test_a_story_alert_links_to_the_story_page(store: Store) -> None:
    config = desk_config(CHANNELS, "  - {id: wide, when: story_outlets, outlets: 3, channels: [ops]}")
    event = DeskEvent("story_outlets", "story:4:3", T0, "Summit talk", story_id=4, detail={"outlets": 3})
    [alert] = AlertEngine(config, store).consider([event], now=T0)
    assert alert.link == "http://127.0.0.1:8787/stories/4"
    assert alert.why == ("rule wide (story_outlets)", "outlets >= 3")
