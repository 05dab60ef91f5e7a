"""Quotes with speakers, on small examples written for this project (tests/data/quotes)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signaldesk.analyze.quotes import MAX_CHARS, find_quotes
from signaldesk.types import Mention, Quote

DATA = Path(__file__).resolve().parents[1] / "data" / "quotes"


def _read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def _quote(quotes: list[Quote], words: str) -> Quote:
    found = [q for q in quotes if words in q.text]
    assert found, f"no quote holding {words!r} in {[q.text for q in quotes]}"
    return found[0]


def _speaker_text(text: str, quote: Quote) -> str:
    assert quote.speaker_start is not None and quote.speaker_end is not None
    return text[quote.speaker_start : quote.speaker_end]


@pytest.fixture(scope="module")
def briefing() -> tuple[str, list[Quote]]:
    text = _read("briefing.txt")
    return text, find_quotes(text)


def test_offsets_point_into_the_text(briefing: tuple[str, list[Quote]]) -> None:
    text, quotes = briefing
    assert quotes == sorted(quotes, key=lambda q: q.start)
    for quote in quotes:
        assert 0 <= quote.start < quote.end <= len(text)
        if " … " not in quote.text:
            assert text[quote.start : quote.end] == quote.text
        if quote.speaker_start is not None and quote.speaker_end is not None:
            assert 0 <= quote.speaker_start < quote.speaker_end <= len(text)


def test_direct_quote_with_inverted_attribution(briefing: tuple[str, list[Quote]]) -> None:
    text, quotes = briefing
    quote = _quote(quotes, "We will not attend")
    assert quote.kind == "direct"
    assert quote.text == "We will not attend while the exercises continue"
    assert quote.speaker == "Mara Voss"
    assert _speaker_text(text, quote) == "Mara Voss"
    assert quote.verb == "said"


def test_quote_split_by_its_attribution_is_one_quote(briefing: tuple[str, list[Quote]]) -> None:
    _, quotes = briefing
    quote = _quote(quotes, "We are ready to talk")
    assert quote.text == "We are ready to talk … but not under pressure."
    assert quote.speaker == "Voss"
    assert not [q for q in quotes if q.text.startswith("but not under")]


def test_multi_paragraph_quote(briefing: tuple[str, list[Quote]]) -> None:
    _, quotes = briefing
    quote = _quote(quotes, "Nobody expected this to be easy")
    assert "walkout either" in quote.text
    assert quote.kind == "direct"
    assert quote.speaker == "Brede"


def test_quote_opening_the_next_paragraph_continues_the_speaker(briefing: tuple[str, list[Quote]]) -> None:
    _, quotes = briefing
    first = _quote(quotes, "will not wait forever")
    follow = _quote(quotes, "every chance to explain")
    assert first.speaker == "Brede"
    assert follow.speaker == "Brede"
    assert follow.speaker_start == first.speaker_start


def test_reported_speech_with_adjunct_and_that(briefing: tuple[str, list[Quote]]) -> None:
    text, quotes = briefing
    quote = _quote(quotes, "it would not send a delegation")
    assert quote.kind == "indirect"
    assert quote.speaker == "The Kestrian Ministry of Foreign Affairs"
    statement = _quote(quotes, "the exercises were")
    assert statement.speaker == "The ministry"
    assert statement.verb == "said"
    assert text[statement.start : statement.end] == statement.text


def test_according_to_and_post_posed_attribution(briefing: tuple[str, list[Quote]]) -> None:
    _, quotes = briefing
    according = _quote(quotes, "the delegation had already booked flights")
    assert according.speaker == "two officials"
    assert according.verb == "According to"
    post = _quote(quotes, "The talks could resume in the spring")
    assert post.speaker == "a senior State Department official"
    assert post.verb == "told"


def test_pronoun_resolves_to_the_latest_named_speaker(briefing: tuple[str, list[Quote]]) -> None:
    text, quotes = briefing
    added = _quote(quotes, "the decision was")
    assert _speaker_text(text, added) == "She"
    assert added.speaker == "Mara Voss"
    hearing = _quote(quotes, "the Senate would hold a hearing")
    assert _speaker_text(text, hearing) == "He"
    assert hearing.speaker == "Senator Alan Brede"


@pytest.mark.parametrize(
    ("text", "speaker", "words"),
    [
        (
            "Two people familiar with the talks said the offer was withdrawn.",
            "Two people familiar with the talks",
            "the offer",
        ),
        ("The ministry less than two weeks ago said it would respond.", "The ministry", "it would respond"),
        ("Lawmakers, officials said, are unlikely to delay the bill.", None, None),
        ("Analysts say the sanctions have had little effect so far.", "Analysts", "the sanctions"),
        ("Cory James, 22, of Flint, Mich., said he had not given up hope.", "Cory James", "he had not"),
    ],
)
def test_speaker_phrases(text: str, speaker: str | None, words: str | None) -> None:
    quotes = find_quotes(text)
    if speaker is None or words is None:
        assert all(q.speaker != "Lawmakers" for q in quotes)
        return
    quote = _quote(quotes, words)
    assert quote.kind == "indirect"
    assert _speaker_text(text, quote) == speaker


def _mention(text: str, words: str, kind: str, actor_id: str, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return Mention(words, start, start + len(words), kind, actor_id)


def test_actor_ids_from_mentions_pronouns_and_nominals(briefing: tuple[str, list[Quote]]) -> None:
    text, _ = briefing
    mentions = [
        _mention(text, "Kestrian Ministry of Foreign Affairs", "institution", "kestria-mfa"),
        _mention(text, "Mara Voss", "person", "mara-voss"),
        _mention(text, "Alan Brede", "person", "alan-brede"),
    ]
    quotes = find_quotes(text, mentions)
    assert _quote(quotes, "it would not send").actor_id == "kestria-mfa"
    assert _quote(quotes, "We will not attend").actor_id == "mara-voss"
    assert _quote(quotes, "the decision was").actor_id == "mara-voss"  # "She added"
    assert _quote(quotes, "We are ready").actor_id == "mara-voss"  # "Voss said": same surname
    assert _quote(quotes, "the exercises were").actor_id == "kestria-mfa"  # "The ministry said"
    assert _quote(quotes, "the pause would").actor_id == "alan-brede"
    assert _quote(quotes, "the Senate would hold").actor_id == "alan-brede"  # "He said"
    assert _quote(quotes, "the delegation had already").actor_id is None  # "two officials"


def test_they_and_institution_nouns_resolve_to_the_institution() -> None:
    text = (
        "The Foreign Ministry said it would not attend. They added that the talks were over. "
        "A ministry spokesman told reporters the decision was final."
    )
    quotes = find_quotes(text, [_mention(text, "Foreign Ministry", "institution", "mfa")])
    assert [(q.speaker, q.actor_id) for q in quotes] == [
        ("The Foreign Ministry", "mfa"),
        ("Foreign Ministry", "mfa"),
        ("A ministry spokesman", "mfa"),
    ]


def test_quotation_mark_styles() -> None:
    text = _read("straight-and-curly.txt")
    quotes = find_quotes(text)
    assert [(q.text, q.speaker) for q in quotes] == [
        ("Curly quotes work", "the minister"),
        ("Doubled apostrophes work too", "the admiral"),
        ("Straight ones as well", "officials"),
    ]


def test_unbalanced_quote_ends_with_its_paragraph() -> None:
    text = _read("unbalanced.txt")
    quotes = find_quotes(text)
    first = _quote(quotes, "never closed")
    assert "\n" not in first.text
    assert first.end <= text.index("\n\nThe next paragraph")
    closing = _quote(quotes, "This one closes properly")
    assert closing.speaker == "the envoy"


def test_quote_length_is_capped() -> None:
    text = 'He said: "' + "endless words without a closing mark " * 200
    quotes = find_quotes(text)
    assert quotes
    assert all(q.end - q.start <= 1500 for q in quotes)


@pytest.mark.parametrize("text", ["", " ", "\n\n", '"', "”“", "''", "said said said", "According to"])
def test_degenerate_inputs(text: str) -> None:
    assert find_quotes(text) == [] or all(q.start < q.end for q in find_quotes(text))


def test_binary_junk_and_mixed_scripts() -> None:
    junk = os.urandom(20_000).decode("latin-1")
    for quote in find_quotes(junk):
        assert 0 <= quote.start < quote.end <= len(junk)
    mixed = "«Мы готовы», сказал он. “准备好了,” she said. 「はい」と彼は言った。 “Ready,” said Kim Yo Jong."
    quotes = find_quotes(mixed)
    assert _quote(quotes, "准备好了").speaker_start is not None
    assert _quote(quotes, "Ready").speaker == "Kim Yo Jong"


def test_five_megabytes_in_bounded_time() -> None:
    paragraph = '"We will respond," the ministry said. Officials said the talks would resume. "Open quote\n\n'
    text = paragraph * (5_000_000 // len(paragraph))
    started = time.perf_counter()
    quotes = find_quotes(text)
    elapsed = time.perf_counter() - started
    assert quotes
    assert all(q.end <= MAX_CHARS for q in quotes)
    assert elapsed < 20  # generous: only the first MAX_CHARS characters are read


@pytest.mark.parametrize(
    "unit",
    [
        "“a b c” x ",
        "he said the ministry told reporters that ",
        "Doe: “a b c d e f” ",
        "Doe, 22, of X, said ",
    ],
)
def test_dense_worst_cases_stay_bounded(unit: str) -> None:
    text = unit * (1_000_000 // len(unit))
    started = time.perf_counter()
    quotes = find_quotes(text)
    assert time.perf_counter() - started < 30  # generous; about a second on the reference machine
    assert all(q.end <= MAX_CHARS for q in quotes)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"ab S he “”\"'.,:\n", "said ", "According to ", "Doe ", "the ministry ", "that "])
    ).map("".join)
)
def test_any_text_gives_well_formed_quotes(text: str) -> None:
    for quote in find_quotes(text):
        assert 0 <= quote.start < quote.end <= len(text)
        assert quote.kind in ("direct", "indirect")
        if quote.speaker_start is not None and quote.speaker_end is not None:
            assert 0 <= quote.speaker_start < quote.speaker_end <= len(text)
