"""Quote quality floor on the PolNeAR dev split (84 articles); see tests/evaluation/polnear.py
for how quotes are matched and scored. Rules were designed by reading the train split only.

Measured on dev: P 0.9182, R (reported speech) 0.7784, F1 0.8426, recall over all attributions
0.4557, speaker accuracy 0.8492. On train: P 0.9066, R 0.7677, F1 0.8314, speaker 0.8702.
"""

from __future__ import annotations

import pytest

from signaldesk.analyze.quotes import find_quotes
from tests.evaluation.polnear import load, score

F1_FLOOR = 0.83
PRECISION_FLOOR = 0.90
RECALL_FLOOR = 0.76
SPEAKER_FLOOR = 0.83

pytestmark = [pytest.mark.eval]


def test_quote_content_and_speaker_stay_above_floor() -> None:
    articles = load("dev")
    assert len(articles) == 84, f"expected 84 PolNeAR dev articles, found {len(articles)}"
    result = score(articles, find_quotes)
    summary = ", ".join(f"{key}={value}" for key, value in result.items())
    assert result["f1"] >= F1_FLOOR, f"quote F1 fell below {F1_FLOOR}: {summary}"
    assert result["precision"] >= PRECISION_FLOOR, f"precision fell below {PRECISION_FLOOR}: {summary}"
    assert result["recall"] >= RECALL_FLOOR, f"recall fell below {RECALL_FLOOR}: {summary}"
    assert result["speaker_accuracy"] >= SPEAKER_FLOOR, (
        f"speaker accuracy fell below {SPEAKER_FLOOR}: {summary}"
    )
