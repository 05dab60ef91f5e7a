"""Target sentiment floors on NewsMTSC's two dev splits (macro-F1 over three classes).

The model never saw these splits: it is trained on train.jsonl only (scripts/train_stance.py).
Reference points: VADER on the whole sentence 0.51 (rw) / 0.53 (mt); a fine-tuned RoBERTa
reaches about 0.83 on the test splits.
"""

from __future__ import annotations

import pytest

from signaldesk.analyze.stance import StanceModel
from tests.evaluation.newsmtsc import cases, macro_f1

FLOORS = {"rw-dev": 0.64, "mt-dev": 0.57}
SIZES = {"rw-dev": 343, "mt-dev": 442}

pytestmark = [pytest.mark.eval]


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_stance_macro_f1_stays_above_floor(split: str) -> None:
    model = StanceModel.load()
    gold: list[str] = []
    guess: list[str] = []
    for case in cases(split):
        gold.extend(case.polarities)
        guess.extend(r.polarity for r in model.predict(case.sentence, case.spans))
    assert len(gold) == SIZES[split], f"expected {SIZES[split]} targets in {split}, found {len(gold)}"
    score = macro_f1(gold, guess)
    assert score >= FLOORS[split], f"{split} macro-F1 {score:.4f} fell below the floor {FLOORS[split]}"
