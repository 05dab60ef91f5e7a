"""Document and sentence tone from VADER, on sentences written for these tests."""

from __future__ import annotations

from signaldesk.analyze.tone import MAX_CHARS, analyzer, sentence_tones, tone


def test_analyzer_is_built_once() -> None:
    assert analyzer() is analyzer()


def test_warm_and_hostile_sentences() -> None:
    assert tone("The talks were a great success and both sides praised the friendly mood.") > 0.5
    assert tone("The regime issued a brutal threat and condemned the talks as a disgrace.") < -0.5
    assert abs(tone("The delegation arrived in Geneva on Tuesday.")) < 0.1


def test_sentence_tones_have_offsets_into_the_text() -> None:
    text = "The summit was a wonderful success.  Then the missile test ruined everything."
    tones = sentence_tones(text)
    assert [text[s:e] for s, e, _ in tones] == [
        "The summit was a wonderful success.",
        "Then the missile test ruined everything.",
    ]
    assert tones[0][2] > 0 > tones[1][2]


def test_document_tone_weighs_neutral_sentences_in() -> None:
    harsh = "The attack was a horrible disaster."
    calm = "The minister met the envoy in the capital on Monday afternoon. " * 5
    assert tone(harsh) < tone(calm + harsh) < 0


def test_hostile_input() -> None:
    assert tone("") == 0.0
    assert sentence_tones("") == []
    assert tone("   \n\n  ") == 0.0
    junk = bytes(range(256)).decode("latin-1") * 20
    assert -1.0 <= tone(junk) <= 1.0
    mixed = "“Unbalanced quotes, 平壤 says «bien» — great!! \u0000\ufffd"
    assert -1.0 <= tone(mixed) <= 1.0
    huge = "A good day. " * 500_000
    tones = sentence_tones(huge)
    assert tones and tones[-1][1] <= MAX_CHARS
    assert 0 < tone(huge) <= 1.0
