"""Target sentiment on sentences written for these tests, and on hostile input."""

from __future__ import annotations

import pytest

from signaldesk.analyze.stance import CONTEXT_CHARS, StanceModel, sentence_of
from signaldesk.errors import UsageError
from signaldesk.types import TargetSentiment


def span(text: str, name: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return start, start + len(name)


@pytest.fixture(scope="module")
def model() -> StanceModel:
    return StanceModel.load()


def polarity(model: StanceModel, text: str, name: str) -> str:
    return model.predict(text, [span(text, name)])[0].polarity


def test_load_is_shared() -> None:
    assert StanceModel.load() is StanceModel.load()


def test_clear_positive(model: StanceModel) -> None:
    text = "Senator Hale delivered a brilliant, inspiring speech that won praise from both parties."
    assert polarity(model, text, "Senator Hale") == "positive"


def test_clear_negative(model: StanceModel) -> None:
    text = "Governor Ruiz was accused of fraud and corruption, and critics called him a disgrace."
    assert polarity(model, text, "Governor Ruiz") == "negative"


def test_plain_report_is_neutral(model: StanceModel) -> None:
    text = "Minister Varga will travel to Geneva on Tuesday, the ministry said."
    assert polarity(model, text, "Minister Varga") == "neutral"


def test_negation_turns_away_from_negative(model: StanceModel) -> None:
    plain = "Ambassador Lind is a liar."
    negated = "Ambassador Lind is not a liar."
    assert polarity(model, plain, "Ambassador Lind") == "negative"
    assert polarity(model, negated, "Ambassador Lind") != "negative"


def test_two_targets_with_opposite_polarity(model: StanceModel) -> None:
    text = "Senator Hale praised the brave work of the nurses, while Governor Ruiz was mocked as a corrupt failure."
    hale, ruiz = model.predict(text, [span(text, "Senator Hale"), span(text, "Governor Ruiz")])
    assert (hale.polarity, ruiz.polarity) == ("positive", "negative")


def test_results_keep_span_order_and_offsets(model: StanceModel) -> None:
    text = "The weather was mild. Governor Ruiz was accused of fraud. Senator Hale won praise."
    spans = [span(text, "Senator Hale"), span(text, "Governor Ruiz")]
    results = model.predict(text, spans)
    assert [(r.start, r.end) for r in results] == spans
    for result in results:
        assert isinstance(result, TargetSentiment)
        assert result.polarity in ("negative", "neutral", "positive")
        assert 1 / 3 <= result.score <= 1.0


def test_span_is_judged_in_its_own_sentence() -> None:
    text = "Everyone hated the plan. Minister Varga arrived on Tuesday. Nobody cared."
    sentence = sentence_of(text, *span(text, "Minister Varga"))
    assert sentence.text == "Minister Varga arrived on Tuesday."
    assert text[sentence.start :].startswith(sentence.text)


def test_no_spans_give_no_results(model: StanceModel) -> None:
    assert model.predict("", []) == []
    assert model.predict("Some text.", []) == []


@pytest.mark.parametrize("bad", [(-1, 3), (3, 3), (5, 2), (0, 11), (20, 30)])
def test_span_outside_text_raises_a_clear_error(model: StanceModel, bad: tuple[int, int]) -> None:
    with pytest.raises(UsageError, match=r"not inside the text of 10 characters"):
        model.predict("0123456789", [(0, 4), bad])


def test_hostile_texts_do_not_crash(model: StanceModel) -> None:
    junk = bytes(range(256)).decode("latin-1") * 4
    texts = [
        junk,
        '“Kestria’s envoy 说 «non» he said "unbalanced ‘ quotes',
        " " * 50,
        "...!!!???",
        "Ruiz" + "\u0000\ufffd" * 300,
    ]
    for text in texts:
        results = model.predict(text, [(0, 4), (len(text) - 3, len(text))])
        assert len(results) == 2


def test_five_megabyte_text_costs_no_more_than_its_neighbourhood(model: StanceModel) -> None:
    filler = "The committee met again and discussed the budget at length. " * 85_000
    text = filler + "Governor Ruiz was accused of fraud and corruption." + filler
    assert len(text) > 5_000_000
    (result,) = model.predict(text, [span(text, "Governor Ruiz")])
    assert result.polarity == "negative"
    one_line = "x" * 5_000_000
    assert len(model.predict(one_line, [(2_500_000, 2_500_010)])) == 1
    window = sentence_of(one_line, 2_500_000, 2_500_010)
    assert len(window.text) <= 2 * CONTEXT_CHARS + 10
