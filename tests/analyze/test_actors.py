"""The actor gazetteer on the starter desk and the demo desk: case rules, variants, roles,
surnames, overlaps, offsets and hostile input."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import yaml

import signaldesk.desks
from signaldesk.analyze import names
from signaldesk.analyze.actors import MAX_CHARS, ActorRegistry, surname
from signaldesk.config import Actor, load_desk
from signaldesk.demo.storyline import FOLDER, load_storyline

STARTER = Path(signaldesk.desks.__file__).parent / "north-korea-us-media.yaml"
SENTENCES = Path(__file__).resolve().parents[1] / "data" / "actors" / "sentences.yaml"


@pytest.fixture(scope="module")
def registry() -> ActorRegistry:
    return ActorRegistry.from_config(load_desk(STARTER).actors)


def found(registry: ActorRegistry, text: str) -> list[tuple[str | None, str]]:
    mentions = registry.find(text)
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    return [(m.actor_id, m.text) for m in mentions]


def test_every_test_sentence_resolves_as_written(registry: ActorRegistry) -> None:
    items = yaml.safe_load(SENTENCES.read_text(encoding="utf-8"))
    assert len(items) >= 60
    wrong = []
    for item in items:
        expected = sorted((a, s) for a, s in item["expect"])
        got = sorted(found(registry, item["text"]))
        if got != expected:
            wrong.append((item["text"], got, expected))
    assert len(wrong) <= len(items) // 20, wrong


def test_romanisation_variants_meet(registry: ActorRegistry) -> None:
    for variant in (
        "Choe Son Hui",
        "Choe Son-hui",
        "Choe Sonhui",
        "CHOE Son Hui",
        "choe son hui",
        "Choe Son\nHui",
    ):
        assert found(registry, f"Yesterday {variant} arrived.") == [("choe-son-hui", variant)]


def test_normalised_view_maps_back_to_the_text() -> None:
    text = "A  report\u00a0from Choe Son-\nhui\u00ad and KCNA’s desk"
    view = names.view(text)
    assert "\n" not in view.text and "-" not in view.text and "\u00ad" not in view.text
    for index, char in enumerate(view.text):
        original = text[view.origin(index)]
        assert original.translate(names.APOSTROPHES).lower() == char


def test_acronyms_match_only_in_capitals(registry: ActorRegistry) -> None:
    assert found(registry, "The NSC met; OFAC acted; KCNA reported.") == [
        ("nsc", "NSC"),
        ("treasury", "OFAC"),
        ("kcna", "KCNA"),
    ]
    assert found(registry, "the nsc met; ofac acted; kcna reported; Kcna too.") == []


def test_lowercase_common_words_are_not_actors(registry: ActorRegistry) -> None:
    assert found(registry, "the state of the economy and treasury bonds near a pentagon") == []
    assert found(registry, "Treasury yields rose while the Treasury said little.") == [
        ("treasury", "Treasury")
    ]


def test_phrases_the_desk_wrote_in_lowercase_match_in_any_case(registry: ActorRegistry) -> None:
    assert found(registry, "Lawmakers and lawmakers") == [
        ("congress", "Lawmakers"),
        ("congress", "lawmakers"),
    ]


def test_longest_match_wins(registry: ActorRegistry) -> None:
    text = "The National Security Council and the UN Security Council and the State Department spokesperson"
    assert found(registry, text) == [
        ("nsc", "National Security Council"),
        ("un-security-council", "UN Security Council"),
        ("state-department", "State Department spokesperson"),
    ]


def test_words_inside_other_words_are_not_matched(registry: ActorRegistry) -> None:
    assert found(registry, "Congressional aides; NSCs; SeoulFest; Pyongyangese") == []


def test_role_phrases_point_to_their_actor(registry: ActorRegistry) -> None:
    assert found(registry, "a spokesperson for North Korea's Foreign Ministry said") == [
        ("dprk-foreign-ministry", "spokesperson for North Korea's Foreign Ministry")
    ]
    assert found(registry, "The leader of North Korea watched.") == [("kim-jong-un", "leader of North Korea")]


def test_a_title_before_a_known_name_gives_one_mention(registry: ActorRegistry) -> None:
    assert found(registry, "North Korean leader Kim Jong Un watched.") == [("kim-jong-un", "Kim Jong Un")]


def test_surname_after_a_full_mention_takes_the_latest(registry: ActorRegistry) -> None:
    text = "Kim Jong Un spoke first. Kim Yo Jong spoke next. Kim then left."
    assert found(registry, text)[-1] == ("kim-yo-jong", "Kim")
    text = "Kim Yo Jong spoke first. Kim Jong Un spoke next. Kim then left."
    assert found(registry, text)[-1] == ("kim-jong-un", "Kim")


def test_shared_surname_without_a_full_mention_is_left_alone(registry: ActorRegistry) -> None:
    assert found(registry, "Kim spoke at the meeting.") == []


def test_unique_capitalised_surname_resolves_alone(registry: ActorRegistry) -> None:
    assert found(registry, "Choe spoke at the meeting.") == [("choe-son-hui", "Choe")]
    assert found(registry, "choe spoke; Choe Ryong Hae spoke; Sung Kim spoke.") == []


def test_family_name_comes_first_for_korean_names_and_last_otherwise() -> None:
    assert surname(Actor(id="a", name="Choe Son Hui", country="KP")) == "Choe"
    assert surname(Actor(id="b", name="Evelyn Carraway")) == "Carraway"
    assert surname(Actor(id="c", name="Pentagon", kind="institution")) is None


def test_another_countrys_body_is_not_the_desks(registry: ActorRegistry) -> None:
    assert found(registry, "South Korean lawmakers and Japan's Security Council") == []
    assert found(registry, "American lawmakers") == [("congress", "lawmakers")]


def test_mention_type_comes_from_the_actor_kind(registry: ActorRegistry) -> None:
    text = "The Pentagon, KCNA, the GOP, North Korea and Choe Son Hui"
    types = {m.actor_id: m.type for m in registry.find(text)}
    assert types == {
        "pentagon": "institution",
        "kcna": "organisation",
        "republican-party": "party",
        "dprk-government": "country",
        "choe-son-hui": "person",
    }


def test_two_actors_on_one_name_cancel_out() -> None:
    actors = [
        Actor(id="a", name="Blue Office", aliases=("The Office",), kind="institution"),
        Actor(id="b", name="Green Office", aliases=("The Office",), kind="institution"),
    ]
    registry = ActorRegistry.from_config(actors)
    assert found(registry, "Blue Office and Office and Green Office") == [
        ("a", "Blue Office"),
        ("b", "Green Office"),
    ]


def test_empty_registry_and_empty_text() -> None:
    assert ActorRegistry.from_config([]).find("The State Department said.") == []
    assert ActorRegistry.from_config(load_desk(STARTER).actors).find("") == []


def test_demo_desk_actors_are_found_in_the_storyline() -> None:
    extra = yaml.safe_load((FOLDER / "desk.yaml").read_text(encoding="utf-8"))
    actors = [Actor(**raw) for raw in extra["institutions"]]
    actors += [
        Actor(id=p.name.lower().replace(" ", "-"), name=p.name, aliases=p.aliases, roles=(p.role,))
        for p in load_storyline().people
    ]
    registry = ActorRegistry.from_config(actors)
    text = "\n\n".join(p for article in load_storyline().articles[:20] for p in article.body)
    mentions = registry.find(text)
    assert {"kestria", "state-department", "kdr-mfa"} <= {m.actor_id for m in mentions}
    assert all(text[m.start : m.end] == m.text for m in mentions)


@pytest.mark.parametrize(
    "text",
    [
        "\x00\xff\ufffd" * 1000,
        "“unbalanced ‘quotes \" and ' everywhere «",
        "Пхеньян 平壤 평양 Pyongyang بيونغ يانغ",
        "İstanbul İİİ ß ﬁ Choe Son Hui",
        "-" * 10_000 + "State Department" + " " * 10_000,
    ],
)
def test_hostile_text_does_not_crash(registry: ActorRegistry, text: str) -> None:
    for mention in registry.find(text):
        assert text[mention.start : mention.end] == mention.text


def test_text_whose_lowercase_is_longer_keeps_offsets(registry: ActorRegistry) -> None:
    text = "İİİ The State Department and Choe Son Hui."
    assert found(registry, text) == [
        ("state-department", "State Department"),
        ("choe-son-hui", "Choe Son Hui"),
    ]


def test_five_megabytes_are_cut_and_bounded(registry: ActorRegistry) -> None:
    text = ("The State Department said Choe Son Hui met officials. " * 100_000)[:5_000_000]
    started = time.monotonic()
    mentions = registry.find(text)
    assert time.monotonic() - started < 60  # generous: a bound, not a speed test
    assert mentions and max(m.end for m in mentions) <= MAX_CHARS
    junk = os.urandom(5_000_000).decode("latin-1")
    assert all(junk[m.start : m.end] == m.text for m in registry.find(junk))


def test_a_us_states_own_bodies_are_not_federal_ones(registry: ActorRegistry) -> None:
    text = "The Florida Department of State and Missouri Secretary of State and Georgia lawmakers"
    assert found(registry, text) == []
    assert found(registry, "Nevada's Democratic Party") == [("democratic-party", "Democratic Party")]


def test_joined_words_are_not_a_multiword_name(registry: ActorRegistry) -> None:
    assert found(registry, "Senator Sheldon Whitehouse and #WhiteHouse") == []


def test_other_countries_parties_are_blocked(registry: ActorRegistry) -> None:
    text = "the Democratic Party of Korea, Japan's Liberal Democratic Party and the Social Democratic party"
    assert found(registry, text) == []
