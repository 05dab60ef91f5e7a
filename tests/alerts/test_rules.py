"""Rule compilation and the pure decisions: fires, quiet hours, throttling plans."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from signaldesk.alerts.engine import plan, subject_key
from signaldesk.alerts.quiet import is_quiet, parse_quiet_hours, quiet_ends
from signaldesk.alerts.rules import compile_rules, document_matchable, fires, matched_terms
from signaldesk.analyze.query import prepare
from signaldesk.errors import DeskFileError
from signaldesk.types import DeskEvent, Genre

from .conftest import T0, desk_config, doc_event, document


def one_rule(text: str):
    return compile_rules(desk_config({}, text))[0]


def prepared(doc, actors=(), frames=()):
    return prepare(document_matchable(doc, frozenset(actors), frozenset(frames)))


def test_malformed_query_names_the_rule_and_the_position() -> None:
    with pytest.raises(DeskFileError) as caught:
        desk_config({}, "  - {id: ok, query: sanctions}\n  - {id: broken, query: '(sanctions AND'}")
    message = str(caught.value)
    assert "rules[1].query: the query does not parse" in message
    assert "at character 14" in message


def test_unknown_frame_in_a_query_is_refused_like_unknown_actors() -> None:
    with pytest.raises(DeskFileError, match=r"id 'f'\): query: unknown frame 'tariffs' \(at character 0\)"):
        compile_rules(desk_config({}, "  - {id: f, when: shift, query: 'frame:tariffs'}"))
    with pytest.raises(DeskFileError, match="unknown actor 'nobody'"):
        compile_rules(desk_config({}, "  - {id: a, query: 'actor:nobody AND talks'}"))


def test_bad_quiet_hours_and_outlet_counts_are_refused() -> None:
    with pytest.raises(DeskFileError, match="rules 'q': quiet_hours '25:00-07:00' has a time past 23:59"):
        compile_rules(desk_config({}, "  - {id: q, quiet_hours: '25:00-07:00'}"))
    with pytest.raises(DeskFileError, match="quiet_hours 'late' is not HH:MM-HH:MM"):
        compile_rules(desk_config({}, "  - {id: q, quiet_hours: late}"))
    with pytest.raises(DeskFileError, match="needs outlets: 2 or more"):
        compile_rules(desk_config({}, "  - {id: s, when: story_outlets}"))


def test_match_rule_with_watch_and_actor() -> None:
    rule = one_rule("  - {id: m, query: sanctions, watch: dprk, actor: state-dept}")
    doc = document(1, "New sanctions on North Korea", "The State Department announced sanctions.")
    event = doc_event(doc)
    assert fires(rule, event, prepared(doc, actors=["state-dept"]), T0)
    assert not fires(rule, event, prepared(doc), T0)  # actor missing
    other = document(2, "New sanctions on Iran", "Sanctions again.")
    assert not fires(rule, doc_event(other), prepared(other, actors=["state-dept"]), T0)  # not the watch
    assert matched_terms(rule.document, prepared(doc, actors=["state-dept"])) == (
        "sanctions",
        '"north korea"',
        "actor:state-dept",
    )


def test_old_and_unchanged_events_do_not_fire() -> None:
    rule = one_rule("  - {id: m, query: sanctions}")
    doc = document(1, "Sanctions", "sanctions")
    assert not fires(rule, doc_event(doc), prepared(doc), T0 + timedelta(days=3))
    assert not fires(rule, doc_event(doc, detail={"status": "unchanged"}), prepared(doc), T0)
    assert not fires(rule, doc_event(doc), None, T0)


def test_columnist_and_official_rules() -> None:
    columnist = one_rule("  - {id: c, when: columnist, query: 'author:\"Jane Roe\"'}")
    column = document(3, "Talk to Pyongyang", "An opinion.", genre=Genre.OPINION, authors=("Jane Roe",))
    news = replace(column, genre=Genre.NEWS)
    unsigned = replace(column, authors=())
    assert fires(columnist, doc_event(column), prepared(column), T0)
    assert not fires(columnist, doc_event(news), prepared(news), T0)
    any_columnist = one_rule("  - {id: c, when: columnist}")
    assert fires(any_columnist, doc_event(column), prepared(column), T0)
    assert not fires(any_columnist, doc_event(unsigned), prepared(unsigned), T0)
    official = one_rule("  - {id: o, when: official, watch: dprk}")
    statement = document(4, "Statement on the DPRK", "Text.", genre=Genre.OFFICIAL)
    assert fires(official, doc_event(statement), prepared(statement), T0)
    assert not fires(official, doc_event(news), prepared(news), T0)


def quote_event(text: str, actor: str = "kcna", doc_id: int = 5) -> DeskEvent:
    detail = {"text": text, "start": 40, "end": 40 + len(text), "speaker": "KCNA"}
    return DeskEvent(
        "quote", f"quote:{doc_id}:40", T0, "KCNA quoted", document_id=doc_id, actor_id=actor, detail=detail
    )


def test_quote_rule_matches_the_quote_text_and_the_documents_watch() -> None:
    rule = one_rule("  - {id: q, when: quote, actor: kcna, watch: dprk, query: 'dialogue OR talks'}")
    doc = document(5, "Pyongyang answers", "Some text. KCNA said it was open to dialogue with Seoul.")
    assert fires(rule, quote_event("open to dialogue"), prepared(doc), T0)
    assert not fires(rule, quote_event("never again"), prepared(doc), T0)
    assert not fires(rule, quote_event("open to dialogue", actor="state-dept"), prepared(doc), T0)
    elsewhere = document(5, "Elsewhere", "talks")
    assert not fires(rule, quote_event("open to dialogue"), prepared(elsewhere), T0)


def test_shift_burst_and_story_rules() -> None:
    shift = one_rule("  - {id: s, when: shift, actor: kcna, query: 'frame:sanctions'}")
    event = DeskEvent(
        "shift", "shift:kcna:sanctions:1", T0, "KCNA softens", actor_id="kcna", frame="sanctions"
    )
    assert fires(shift, event, None, T0)
    assert not fires(shift, replace(event, frame="talks"), None, T0)
    assert not fires(shift, replace(event, actor_id="state-dept"), None, T0)
    burst = one_rule("  - {id: b, when: burst, watch: dprk}")
    spike = DeskEvent("burst", "burst:dprk:1", T0, "Volume on North Korea", detail={"watch": "dprk"})
    assert fires(burst, spike, None, T0)
    assert not fires(burst, replace(spike, detail={"watch": "iran"}), None, T0)
    story = one_rule("  - {id: st, when: story_outlets, outlets: 3}")
    crossed = DeskEvent("story_outlets", "story:9:3", T0, "Summit story", story_id=9, detail={"outlets": 3})
    assert fires(story, crossed, None, T0)
    assert not fires(story, replace(crossed, detail={"outlets": 2}), None, T0)
    assert not fires(story, spike, None, T0)


def test_quiet_hours_over_midnight_in_the_desk_zone() -> None:
    zone = desk_config({}, "").zone
    hours = parse_quiet_hours("22:00-07:00")
    late = T0.replace(hour=3, minute=30)  # 22:30 in New York, the day before
    early = T0.replace(hour=11)  # 06:00 in New York
    assert is_quiet(hours, late, zone) and is_quiet(hours, early, zone)
    assert not is_quiet(hours, T0, zone)  # 10:00
    assert quiet_ends(hours, late, zone) == T0.replace(hour=12)  # 07:00 EST
    assert quiet_ends(hours, early, zone) == T0.replace(hour=12)
    assert quiet_ends(hours, T0, zone) == T0
    day = parse_quiet_hours("09:00-17:00")
    assert is_quiet(day, T0, zone) and quiet_ends(day, T0, zone) == T0.replace(hour=22)


def test_plan_folds_within_the_throttle_window_and_holds_in_quiet_hours() -> None:
    zone = desk_config({}, "").zone
    rule = one_rule("  - {id: m, throttle: 10m, quiet_hours: '22:00-07:00'}")
    assert plan(rule, None, T0, zone) == ("pending", T0)
    assert plan(rule, T0, T0 + timedelta(minutes=4), zone) == ("folded", T0 + timedelta(minutes=10))
    assert plan(rule, T0, T0 + timedelta(minutes=10), zone) == ("pending", T0 + timedelta(minutes=10))
    night = T0.replace(hour=4)  # 23:00 in New York
    assert plan(rule, None, night, zone) == ("held", T0.replace(hour=12))


def test_subject_key_prefers_the_story() -> None:
    doc = document(1, "t", "x")
    assert subject_key(doc_event(doc, story_id=4)) == "story:4"
    assert subject_key(doc_event(doc)) == "event:document:1:1"
