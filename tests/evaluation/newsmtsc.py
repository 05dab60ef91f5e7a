"""NewsMTSC read in place from ../shared/eval/stance/newsmtsc, and macro-F1 over its three classes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from tests.evaluation.datasets import EVAL_ROOT, require

NEWSMTSC = EVAL_ROOT / "stance" / "newsmtsc"
LABELS = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
CLASSES = ("negative", "neutral", "positive")


@dataclass(frozen=True, slots=True)
class StanceCase:
    """One sentence with its target spans and the gold polarity toward each."""

    sentence: str
    spans: tuple[tuple[int, int], ...]
    polarities: tuple[str, ...]


def cases(split: str) -> list[StanceCase]:
    """The sentences of `split` (train, rw-dev or mt-dev)."""
    path = require(NEWSMTSC) / f"{split}.jsonl"
    out = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            targets = item["targets"]
            out.append(
                StanceCase(
                    item["sentence_normalized"],
                    tuple((t["from"], t["to"]) for t in targets),
                    tuple(LABELS[t["polarity"]] for t in targets),
                )
            )
    return out


def macro_f1(gold: Sequence[str], guess: Sequence[str]) -> float:
    """F1 of each of the three classes, averaged with equal weight."""
    scores = []
    for label in CLASSES:
        tp = sum(1 for g, p in zip(gold, guess, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, guess, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, guess, strict=True) if g == label and p != label)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)
