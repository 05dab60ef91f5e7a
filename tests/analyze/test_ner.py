"""Statistical NER candidates: the optional spaCy model, which sentences it reads, and what
it does when spaCy or the model is missing."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

import signaldesk.desks
from signaldesk.analyze import ner
from signaldesk.analyze.actors import ActorRegistry
from signaldesk.analyze.sentences import split
from signaldesk.config import load_desk

STARTER = Path(signaldesk.desks.__file__).parent / "north-korea-us-media.yaml"
TEXT = (
    "North Korean Foreign Minister Choe Son Hui met the delegation on Monday. "
    "Victor Cha, a scholar at the Center for Strategic and International Studies, said the "
    "meeting had been expected. The State Department declined to comment. "
    "Pyongyang wants sanctions relief, Mr. Cha added. Wendy Sherman met reporters in Seoul."
)

needs_model = pytest.mark.skipif(
    not ner.available(), reason="spaCy and an English model are optional (pip install 'signaldesk[ner]')"
)


@pytest.fixture(scope="module")
def registry() -> ActorRegistry:
    return ActorRegistry.from_config(load_desk(STARTER).actors)


def test_missing_model_turns_ner_off_with_one_logged_reason(caplog: pytest.LogCaptureFixture) -> None:
    recogniser = ner.Recogniser(models=("no_such_spacy_model",))
    assert recogniser.available() is False
    with caplog.at_level(logging.WARNING, logger="signaldesk.analyze.ner"):
        assert recogniser.pipeline() is None
        assert recogniser.pipeline() is None
        assert recogniser.find(TEXT) == []
    assert "no_such_spacy_model" in recogniser.reason
    assert len([r for r in caplog.records if "NER is off" in r.getMessage()]) == 1
    assert ner.candidates([TEXT], recogniser=recogniser) == []


def test_only_sentences_with_new_names_are_read(registry: ActorRegistry) -> None:
    known = registry.find(TEXT)
    chosen = [s.text for s in ner.worth_reading(TEXT, known)]
    assert any(s.startswith("Victor Cha") for s in chosen)
    assert any(s.startswith("Wendy Sherman") for s in chosen)
    assert "The State Department declined to comment." not in chosen
    assert len(chosen) < len(split(TEXT))


def test_sentences_read_are_capped() -> None:
    text = "Officials said John Smith and Jane Doe met. " * 500
    assert len(ner.worth_reading(text)) == ner.MAX_SENTENCES


def test_hostile_text_reads_little() -> None:
    assert ner.worth_reading("") == []
    assert ner.worth_reading("\x00\xff" * 10_000) == []
    assert ner.find("") == []


@needs_model
@pytest.mark.slow
def test_finds_people_and_organisations_the_desk_does_not_know(registry: ActorRegistry) -> None:
    known = registry.find(TEXT)
    unknown = ner.find(TEXT, known)
    assert all(TEXT[m.start : m.end] == m.text and m.actor_id is None for m in unknown)
    people = {m.text for m in unknown if m.type == "person"}
    assert {"Victor Cha", "Wendy Sherman"} <= people
    assert not any(m.text.startswith("Choe") for m in unknown)
    assert all(m.type in ("person", "organisation") for m in unknown)
    for mention in unknown:
        assert not any(k.start < mention.end and mention.start < k.end for k in known)


@needs_model
@pytest.mark.slow
def test_candidates_count_a_surname_with_its_full_name(registry: ActorRegistry) -> None:
    rows = ner.candidates([TEXT, TEXT], registry=registry)
    by_name = {name: (kind, count) for name, kind, count in rows}
    assert by_name["Victor Cha"] == ("person", 4)
    assert "Cha" not in by_name and "Mr. Cha" not in by_name
    assert rows == sorted(rows, key=lambda row: (-row[2], row[0]))


@needs_model
@pytest.mark.slow
def test_pipeline_keeps_only_the_ner_component() -> None:
    assert ner.available()
    nlp = ner._default.pipeline()
    assert nlp.pipe_names == ["ner"]
