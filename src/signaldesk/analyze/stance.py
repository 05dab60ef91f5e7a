"""Target sentiment: the polarity a sentence expresses toward a mention in it.

A multinomial logistic model over the features of `stance_features` (n-grams with the
target marked, words near it by distance and side, its clause, negation, VADER lexicon
valences by distance to the target, VADER scores of the dozen words round it). Whole-sentence
and left/right VADER scores were tried and dropped: 0.004 more macro-F1 in cross-validation
on train for twice the cost. Its weights ship in `models/stance.npz` (vocabulary and coefficients only,
read with numpy, no pickle); `scripts/train_stance.py` makes it from NewsMTSC's train split.

Each span is judged within its sentence. Texts up to WHOLE_TEXT_CHARS are split into
sentences once for all spans; in longer ones the sentence is looked for in a bounded window
round the span (`CONTEXT_CHARS` either side), so a 5 MB text costs no more per span than a
short one. Spans must lie inside the text with start < end; a span that does not raises
UsageError naming it, before any work is done.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from signaldesk.analyze.sentences import iter_sentences, split
from signaldesk.analyze.stance_features import context_texts, features
from signaldesk.errors import UsageError
from signaldesk.types import TargetSentiment

if TYPE_CHECKING:
    import numpy as np

CONTEXT_CHARS = 1_500
WHOLE_TEXT_CHARS = 50_000
POLARITIES = ("negative", "neutral", "positive")
MODEL_FILE = "stance.npz"
VADER_CONTEXTS = ("near",)


@dataclass(frozen=True, slots=True)
class Sentence:
    """The sentence a span sits in: its text and where it starts in the full text."""

    start: int
    text: str


def vader_features(
    sentence: str, span: tuple[int, int], cache: dict[str, dict[str, float]]
) -> dict[str, float]:
    """VADER compound, positive and negative scores of the sentence and the target's context."""
    from signaldesk.analyze.tone import analyzer

    out = {}
    for key, text in context_texts(sentence, span).items():
        if key not in VADER_CONTEXTS:
            continue
        scores = cache.get(text)
        if scores is None:
            scores = (
                analyzer().polarity_scores(text)
                if text.strip()
                else {"compound": 0.0, "pos": 0.0, "neg": 0.0}
            )
            cache[text] = scores
        out[f"v:{key}:c"] = float(scores["compound"])
        out[f"v:{key}:p"] = float(scores["pos"])
        out[f"v:{key}:n"] = float(scores["neg"])
    return out


def all_features(
    sentence: str,
    span: tuple[int, int],
    others: Sequence[tuple[int, int]] = (),
    cache: dict[str, dict[str, float]] | None = None,
) -> dict[str, float]:
    """Everything the model reads about one target (training uses this too)."""
    from signaldesk.analyze.tone import analyzer

    feats = features(sentence, span, others, analyzer().lexicon)
    feats.update(vader_features(sentence, span, {} if cache is None else cache))
    return feats


def sentence_of(text: str, start: int, end: int) -> Sentence:
    """The sentence holding [start, end), looked for within CONTEXT_CHARS of the span."""
    lo = max(0, start - CONTEXT_CHARS)
    hi = min(len(text), end + CONTEXT_CHARS)
    window = text[lo:hi]
    first, last = start - lo, end - lo
    begin, finish = 0, len(window)
    for sentence in iter_sentences(window):
        if sentence.end <= first:
            begin = sentence.start
            continue
        if sentence.start <= first:
            begin = sentence.start
        if sentence.end >= last:
            finish = sentence.end
            break
    begin = min(begin, first)
    return Sentence(lo + begin, window[begin:finish])


def _finder(text: str) -> Callable[[int, int], Sentence]:
    """sentence_of for one text; texts up to WHOLE_TEXT_CHARS are split once for all spans."""
    if len(text) > WHOLE_TEXT_CHARS:
        return lambda start, end: sentence_of(text, start, end)
    sentences = split(text)
    ends = [s.end for s in sentences]

    def find(start: int, end: int) -> Sentence:
        first = bisect_right(ends, start)
        if first >= len(sentences) or sentences[first].start > start:
            return sentence_of(text, start, end)
        last = min(bisect_left(ends, end, lo=first), len(sentences) - 1)
        begin = sentences[first].start
        finish = max(sentences[last].end, end)
        return Sentence(begin, text[begin:finish])

    return find


class StanceModel:
    """Weights of the stance model: `predict` gives a TargetSentiment for each span."""

    def __init__(self, vocabulary: Sequence[str], coef: np.ndarray, intercept: np.ndarray) -> None:
        self.index = {name: i for i, name in enumerate(vocabulary)}
        self.coef = coef
        self.intercept = intercept

    @classmethod
    def from_file(cls, path: Path) -> StanceModel:
        import numpy as np

        with np.load(path, allow_pickle=False) as data:
            classes = tuple(str(c) for c in data["classes"])
            if classes != POLARITIES:
                raise UsageError(f"stance model {path} has classes {classes}, expected {POLARITIES}")
            vocabulary = data["vocabulary"].tobytes().decode("utf-8").split("\n")
            return cls(vocabulary, data["coef"].astype("float64"), data["intercept"].astype("float64"))

    @classmethod
    def load(cls) -> StanceModel:
        """The model shipped with signaldesk, read once and shared."""
        return _default()

    def probabilities(self, feats: dict[str, float]) -> list[float]:
        import numpy as np

        rows = []
        values = []
        for name, value in feats.items():
            row = self.index.get(name)
            if row is not None:
                rows.append(row)
                values.append(value)
        scores = self.intercept + np.asarray(values) @ self.coef[rows] if rows else self.intercept.copy()
        scores -= scores.max()
        exp = np.exp(scores)
        return [float(p) for p in exp / exp.sum()]

    def predict(self, text: str, spans: Sequence[tuple[int, int]]) -> list[TargetSentiment]:
        """Polarity toward each span of `text`, in the order given; score is the confidence."""
        for start, end in spans:
            if not (0 <= start < end <= len(text)):
                raise UsageError(
                    f"target span ({start}, {end}) is not inside the text of {len(text)} characters "
                    "(spans need 0 <= start < end <= length)"
                )
        cache: dict[str, dict[str, float]] = {}
        results = []
        finder = _finder(text)
        for start, end in spans:
            sentence = finder(start, end)
            local = (start - sentence.start, end - sentence.start)
            others = [
                (s - sentence.start, e - sentence.start)
                for s, e in spans
                if (s, e) != (start, end) and s >= sentence.start and e <= sentence.start + len(sentence.text)
            ]
            probs = self.probabilities(all_features(sentence.text, local, others, cache))
            best = max(range(len(POLARITIES)), key=probs.__getitem__)
            results.append(TargetSentiment(start, end, POLARITIES[best], round(probs[best], 4)))
        return results


@lru_cache(maxsize=1)
def _default() -> StanceModel:
    path = resources.files("signaldesk.analyze") / "models" / MODEL_FILE
    with resources.as_file(path) as real:
        if not real.is_file():
            raise UsageError(f"the stance model file is missing from the install: {real}")
        return StanceModel.from_file(real)
