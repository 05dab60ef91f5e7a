"""Testing a rule on the last days: counts on known stored documents, precise errors, and
nothing stored or sent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from signaldesk.alerts.rules import compile_rules
from signaldesk.alerts.trial import Replayed, evaluate
from signaldesk.desk import Desk
from signaldesk.errors import DeskFileError, UsageError
from signaldesk.signals.storage import EventRow, save_events
from signaldesk.store import open_store
from signaldesk.store import schema as t
from signaldesk.types import Analysis, Article, DeskEvent, Genre, Quote, now
from tests.alerts.conftest import Receiver, desk_config

RULES = "  - {id: existing, query: Pyongyang, channels: [hook]}"


@pytest.fixture
def hook(receivers: list[Receiver]) -> Receiver:
    receiver = Receiver("127.0.0.53").start()
    receivers.append(receiver)
    return receiver


@pytest.fixture
def desk(tmp_path: Path, hook: Receiver) -> Iterator[Desk]:
    config = desk_config({"hook": hook.url()}, RULES)
    opened = Desk(config, open_store(tmp_path / "desk.db"), tmp_path)
    moment = now()
    stories = [
        ("a", "Talks in Pyongyang resume", 1, "Envoys met in Pyongyang on Monday."),
        ("b", "Pyongyang answers the envoy", 2, "KCNA said the talks were useful."),
        ("c", "Markets in Seoul rise", 3, "Nothing about the north today."),
        ("d", "Pyongyang parade", 10, "An old story from Pyongyang."),
        ("e", "Pyongyang, late night", 0.1, "A fresh report from Pyongyang."),
    ]
    for slug, title, days_ago, text in stories:
        article = Article(
            url=f"http://127.0.0.1/trial/{slug}",
            canonical_url=f"http://127.0.0.1/trial/{slug}",
            title=title,
            text=text,
            published=moment - timedelta(days=days_ago),
            genre=Genre.NEWS,
        )
        stored = opened.store.upsert_article(article, outlet="Trial Wire", source_id=None, seen_at=moment)
        if slug == "b":
            quote = Quote("the talks were useful", 10, 31, "indirect", "KCNA", actor_id="kcna")
            opened.store.save_analysis(
                stored.document.id, Analysis(language="en", genre=Genre.NEWS, tone=0.0, quotes=(quote,))
            )
    yield opened
    opened.close()


def _alert_rows(desk: Desk) -> tuple[int, int]:
    engine = desk.store.engine  # type: ignore[attr-defined]
    with engine.connect() as db:
        alerts = db.execute(select(func.count()).select_from(t.alerts)).scalar()
        deliveries = db.execute(select(func.count()).select_from(t.deliveries)).scalar()
    return int(alerts or 0), int(deliveries or 0)


def test_a_match_rule_counts_the_documents_of_the_window(desk: Desk) -> None:
    result = desk.test_rule({"id": "pyong", "query": "Pyongyang", "throttle": 0})
    titles = [hit.title for hit in result.sample]
    assert result.when == "match" and result.fired == 3 and result.sent == 3
    assert titles == ["Pyongyang, late night", "Talks in Pyongyang resume", "Pyongyang answers the envoy"]
    assert result.considered == 4 and not result.truncated and result.note == ""
    first = result.sample[0]
    assert first.outlet == "Trial Wire" and first.published is not None and first.document_id is not None
    assert "pyongyang" in first.why and not first.throttled
    longer = desk.test_rule({"id": "pyong", "query": "Pyongyang"}, days=30, limit=2)
    assert longer.fired == 4 and len(longer.sample) == 2


def test_a_quote_rule_sees_the_stored_quotes_of_its_actor(desk: Desk) -> None:
    result = desk.test_rule({"id": "kcna-talks", "when": "quote", "actor": "kcna", "query": "talks"})
    assert result.fired == 1 and result.sample[0].title == "Pyongyang answers the envoy"
    assert result.sample[0].event_kind == "quote" and "actor:kcna" in result.sample[0].why
    assert desk.test_rule({"id": "state", "when": "quote", "actor": "state-dept"}).fired == 0


def test_recorded_shifts_are_replayed_and_said_so(desk: Desk) -> None:
    moment = now()
    row = EventRow(
        "shift", "shift:kcna:sanctions:1", moment, moment - timedelta(days=2), moment - timedelta(days=1),
        "hardening", 0.4, 0.9, {"before": 0.1, "after": 0.5},
    )  # fmt: skip
    save_events(desk.store.engine, [row])  # type: ignore[attr-defined]
    result = desk.test_rule({"id": "kcna-shift", "when": "shift", "actor": "kcna"})
    assert result.fired == 1 and result.sample[0].title.startswith("kcna: hardening on sanctions")
    assert "recorded" in result.note
    assert desk.test_rule({"id": "s", "when": "shift", "actor": "state-dept"}).fired == 0


def test_throttling_is_counted_per_story() -> None:
    config = desk_config({}, "  - {id: talks, query: talks, throttle: 3600}")
    rule = compile_rules(config)[0]
    start = now() - timedelta(days=1)
    events = [
        DeskEvent(
            "document", f"doc:{n}:r1", start + timedelta(minutes=20 * n), "talks", document_id=n, story_id=7
        )
        for n in range(1, 5)
    ]
    from signaldesk.alerts.rules import document_matchable
    from signaldesk.analyze.query import prepare
    from tests.alerts.conftest import document

    replayed = [
        Replayed(e, prepare(document_matchable(document(e.document_id or 0, "talks", "talks go on"))))
        for e in events
    ]
    result = evaluate(rule, replayed, config.zone, start, now(), limit=10)
    # minutes 20, 40, 60 fall in the first hour after the send at minute 20; minute 80 opens a new one
    assert result.fired == 4 and result.sent == 2
    assert [h.throttled for h in result.sample] == [False, True, True, False]


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"id": "x", "actor": "kcnaa"}, "actor: unknown actor 'kcnaa' (did you mean 'kcna'?)"),
        ({"id": "x", "watch": "dprkk"}, "watch: unknown watch 'dprkk'"),
        ({"id": "x", "channels": ["mail"]}, "channels: unknown channel 'mail'"),
        ({"id": "x", "query": "talks AND ("}, "rule (id 'x'): query:"),
        ({"id": "x", "query": "actor:nobody"}, "unknown actor 'nobody' (at character 0)"),
        ({"id": "x", "when": "sometimes"}, "when: "),
        ({"id": "x", "colour": "red"}, "colour: unknown field"),
        ({"name": "no id"}, "id: missing required field"),
        ({"id": "x", "when": "story_outlets", "outlets": 1}, "needs outlets: 2 or more"),
    ],
)
def test_an_invalid_rule_is_refused_with_a_precise_error(desk: Desk, rule: dict, expected: str) -> None:
    with pytest.raises(DeskFileError) as caught:
        desk.test_rule(rule)
    assert expected in caught.value.message


def test_days_must_be_sensible(desk: Desk) -> None:
    with pytest.raises(UsageError, match="0 to 90 days"):
        desk.test_rule({"id": "x"}, days=0)


def test_a_test_run_stores_and_sends_nothing(desk: Desk, hook: Receiver) -> None:
    before = _alert_rows(desk)
    result = desk.test_rule({"id": "hooked", "query": "Pyongyang", "channels": ["hook"], "throttle": 0})
    assert result.fired == 3
    assert _alert_rows(desk) == before == (0, 0)
    assert hook.posts == []
    assert [r.id for r in desk.config.rules] == ["existing"]
