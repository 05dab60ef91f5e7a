"""The whole analysis of one document, and `signaldesk analyze` on a JSON Lines file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from signaldesk.analyze.pipeline import Analyzer
from signaldesk.cli import main
from signaldesk.config import parse_desk
from signaldesk.demo import Newsroom
from signaldesk.types import Genre

TEXT = (
    "Washington is prepared to meet without preconditions, the State Department said on Tuesday. "
    '"We will not lift sanctions before we see real steps," a State Department spokesperson told reporters. '
    "The Kestrian foreign ministry said in a statement that new sanctions would end any talks."
)


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(parse_desk(Newsroom(port=0).desk_yaml()))


def test_one_document_gives_actors_quotes_frames_and_signals(analyzer: Analyzer) -> None:
    result = analyzer.analyze(TEXT, title="US offers talks", url="https://wire.example/world/us-offers-talks")
    assert result.language == "en" and result.genre == Genre.NEWS
    assert {m.actor_id for m in result.entities} >= {"state-department", "kdr-mfa"}
    for mention in result.entities:
        assert TEXT[mention.start : mention.end] == mention.text
    speakers = {(q.kind, q.actor_id) for q in result.quotes}
    assert {
        ("indirect", "state-department"),
        ("direct", "state-department"),
        ("indirect", "kdr-mfa"),
    } <= speakers
    signals = {(s.actor_id, s.frame, s.direction) for s in result.signals}
    assert ("state-department", "engagement", "softening") in signals
    assert ("kdr-mfa", "pressure", "hardening") in signals
    assert {(t.start, t.end) for t in result.target_sentiment} == {
        (m.start, m.end) for m in result.entities if m.actor_id
    }
    assert -1 <= result.tone <= 1


def test_other_languages_skip_the_english_only_stages(analyzer: Analyzer) -> None:
    result = analyzer.analyze(
        "El Departamento de Estado dijo que las conversaciones continuarán la próxima semana."
    )
    assert result.language == "es"
    assert result.quotes == () and result.target_sentiment == () and result.tone == 0.0


def test_genre_comes_from_what_is_given_the_url_or_the_title(analyzer: Analyzer) -> None:
    assert analyzer.analyze("Text.", genre="opinion").genre == Genre.OPINION
    assert analyzer.analyze("Text.", url="https://daily.example/opinion/2026/talks").genre == Genre.OPINION
    assert analyzer.analyze("Text.", title="Editorial: Take the meeting").genre == Genre.OPINION
    assert analyzer.analyze("Text.").genre == Genre.UNKNOWN


def test_hostile_text(analyzer: Analyzer) -> None:
    for text in ("", "\x00\x01\xff" * 500, '"' * 2000, "한국어 English 中文 " * 200):
        result = analyzer.analyze(text)
        assert all(text[m.start : m.end] == m.text for m in result.entities)
    huge = analyzer.analyze("The State Department said talks would resume. " * 120_000)
    assert huge.entities and max(m.end for m in huge.entities) <= 300_000


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as stop:
        code = int(stop.code or 0)
    return code, capsys.readouterr().err


def test_analyze_command_reports_bad_lines_and_processes_the_rest(tmp_path: Path, capsys) -> None:
    lines = [
        json.dumps(
            {"id": "a", "text": TEXT, "title": "US offers talks", "targets": [{"start": 0, "end": 10}]}
        ),
        "{not json",
        json.dumps({"id": "b"}),
        json.dumps({"id": "c", "text": "Choe Son-hui met the delegation in Geneva.", "mood": "calm"}),
        json.dumps({"id": "d", "text": "Short.", "targets": [{"start": 3, "end": 99}]}),
        "",
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, err = run(capsys, "analyze", "--input", str(source), "--output", str(out))
    assert code == 0
    assert "line 2: not valid JSON" in err
    assert "line 3: needs an 'id' and a string 'text'" in err
    assert "line 4: unknown field 'mood' ignored" in err
    assert "line 5: target" in err and "dropped" in err
    assert "Analysed 3 documents" in err
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [row["id"] for row in rows] == ["a", "c", "d"]
    first = rows[0]
    assert set(first) >= {
        "id",
        "language",
        "genre",
        "tone",
        "entities",
        "quotes",
        "target_sentiment",
        "frames",
        "signals",
    }
    assert first["target_sentiment"][0]["start"] == 0 and first["target_sentiment"][0]["end"] == 10
    assert {"kind", "speaker", "speaker_start", "speaker_end", "actor_id", "verb"} <= set(first["quotes"][0])
    assert any(e["actor_id"] == "choe-son-hui" for e in rows[1]["entities"]), (
        "the starter desk is the default"
    )
    code, err = run(capsys, "analyze", "--input", str(tmp_path / "none.jsonl"), "--output", str(out))
    assert code == 2 and "no input file" in err


def test_analyze_assigns_stories_in_published_order(tmp_path: Path, capsys) -> None:
    copy = TEXT.replace("Tuesday", "Tuesday morning")
    documents = [
        {
            "id": "late-copy",
            "text": copy,
            "title": "US offers talks",
            "published": "2026-03-03T10:00:00-05:00",
        },
        {
            "id": "original",
            "text": TEXT,
            "title": "US offers talks",
            "published": "2026-03-03T08:00:00-05:00",
        },
        {
            "id": "other",
            "text": "Floods in the northern provinces displaced thousands of families, aid groups said "
            "on Wednesday, as rivers rose after a week of rain.",
            "title": "Floods displace families",
        },
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(d) for d in documents), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _ = run(capsys, "analyze", "--input", str(source), "--output", str(out))
    assert code == 0
    rows = {row["id"]: row for row in map(json.loads, out.read_text().splitlines())}
    assert list(rows) == ["late-copy", "original", "other"], "output keeps input order"
    assert rows["late-copy"]["duplicate_of"] == "original", "the earliest published copy is the original"
    assert rows["late-copy"]["story_id"] == rows["original"]["story_id"]
    assert rows["other"]["story_id"] != rows["original"]["story_id"]


TRANSCRIPT = """Department Press Briefing

MR. OKAFOR: Good afternoon. We remain prepared to meet without preconditions, and we will keep that door open.

QUESTION: Does that offer stand after the missile launch?

MR. OKAFOR: It does. Our position on talks has not changed since Tuesday.

QUESTION: And sanctions?

MR. OKAFOR: We have nothing to announce on new sanctions today.

END 2:14 P.M."""


def test_a_briefing_transcript_from_an_institution_is_quoted_turn_by_turn(analyzer: Analyzer) -> None:
    result = analyzer.analyze(
        TRANSCRIPT, title="Department Press Briefing", genre="official", outlet="State Department"
    )
    podium = [q for q in result.quotes if q.actor_id == "state-department"]
    questions = [q for q in result.quotes if q.speaker == "QUESTION"]
    assert len(podium) == 3 and len(questions) == 2
    assert all(q.actor_id is None for q in questions)
    assert podium[0].text.startswith("Good afternoon") and "END" not in podium[-1].text
    assert ("state-department", "engagement", "softening") in {
        (s.actor_id, s.frame, s.direction) for s in result.signals
    }
    plain = analyzer.analyze(
        TRANSCRIPT, title="Department Press Briefing", genre="news", outlet="State Department"
    )
    assert not any(q.speaker == "QUESTION" for q in plain.quotes), (
        "only official transcripts are read by turns"
    )
