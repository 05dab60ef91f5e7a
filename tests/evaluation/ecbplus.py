"""ECB+ read in place from ../shared/eval, B-cubed scoring, and seeded near copies of its texts."""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ECBPLUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval" / "clustering" / "ecbplus"


@dataclass(frozen=True, slots=True)
class EcbDoc:
    name: str
    topic: int
    story: str
    title: str
    body: str

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.body}"


def _title_and_body(text: str) -> tuple[str, str]:
    """First line that is not a URL is the title (ECB+ keeps the page URL on line one)."""
    lines = [line for line in text.split("\n") if line.strip()]
    if lines and lines[0].startswith("http"):
        lines = lines[1:]
    return (lines[0] if lines else ""), "\n".join(lines[1:])


def load() -> list[EcbDoc]:
    """The 982 ECB+ documents in file order; fails clearly when the eval data is missing."""
    path = ECBPLUS / "docs.jsonl"
    if not path.is_file():
        raise AssertionError(
            f"evaluation data not found at {path.resolve()}: the story floors need ../shared/eval "
            "beside the project; restore it rather than skipping"
        )
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        title, body = _title_and_body(item["text"])
        docs.append(EcbDoc(item["doc_name"], int(item["topic"]), item["subtopic"], title, body))
    return docs


def bcubed(predicted: Sequence[object], gold: Sequence[object]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 over items."""
    by_pred: dict[object, set[int]] = defaultdict(set)
    by_gold: dict[object, set[int]] = defaultdict(set)
    for index, (p, g) in enumerate(zip(predicted, gold, strict=True)):
        by_pred[p].add(index)
        by_gold[g].add(index)
    precision = recall = 0.0
    for index in range(len(predicted)):
        mine, truth = by_pred[predicted[index]], by_gold[gold[index]]
        shared = len(mine & truth)
        precision += shared / len(mine)
        recall += shared / len(truth)
    precision /= len(predicted)
    recall /= len(predicted)
    return precision, recall, 2 * precision * recall / (precision + recall)


def near_copy(text: str, seed: int, low: float = 0.05, high: float = 0.20) -> str:
    """A copy with low..high of its body words changed (substituted, inserted, deleted) and an
    edited headline, the same for the same seed."""
    rng = random.Random(seed)
    lines = text.split("\n")
    title, body = lines[0], "\n".join(lines[1:])
    tokens = body.split(" ")
    share = rng.uniform(low, high)
    vocabulary = [t for t in tokens if t.isalpha()] or ["update"]
    for _ in range(max(1, round(share * len(tokens)))):
        where = rng.randrange(len(tokens) + 1)
        action = rng.random()
        if action < 0.4 and where < len(tokens):
            tokens[where] = rng.choice(vocabulary)
        elif action < 0.7:
            tokens.insert(where, rng.choice(vocabulary))
        elif where < len(tokens) and len(tokens) > 1:
            del tokens[where]
    words = title.split(" ")
    for _ in range(min(2, len(words) - 1)):
        del words[rng.randrange(len(words))]
    headline = "UPDATE 1 - " + " ".join(words)
    return f"{headline}\n{' '.join(tokens)}"
