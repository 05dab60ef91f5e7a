"""Body-text quality floor on the scrapinghub article-extraction benchmark (181 pages)."""

from __future__ import annotations

import pytest

from signaldesk.ingest.extract import extract
from tests.evaluation.datasets import BodyCase, scrapinghub_cases
from tests.evaluation.runner import parallel_map
from tests.evaluation.scoring import PageCounts, page_counts, score

# Measured with trafilatura 2.3.1: P 0.9732, R 0.9778, F1 0.9755 (trafilatura alone with
# favor_precision: F1 0.9641; the published trafilatura 2.0.0 figure is 0.958).
F1_FLOOR = 0.97
PRECISION_FLOOR = 0.97
RECALL_FLOOR = 0.97

pytestmark = [pytest.mark.eval, pytest.mark.slow]


def _score_page(case: BodyCase) -> PageCounts:
    return page_counts(case.expected, extract(case.html, case.url).text)


def test_shingle_f1_stays_above_floor() -> None:
    cases = scrapinghub_cases()
    assert len(cases) == 181, f"expected 181 benchmark pages, found {len(cases)}"
    result = score(parallel_map(_score_page, cases))
    summary = f"P={result.precision:.4f} R={result.recall:.4f} F1={result.f1:.4f}"
    assert result.f1 >= F1_FLOOR, f"extraction F1 fell below {F1_FLOOR}: {summary}"
    assert result.precision >= PRECISION_FLOOR, f"precision fell below {PRECISION_FLOOR}: {summary}"
    assert result.recall >= RECALL_FLOOR, f"recall fell below {RECALL_FLOOR}: {summary}"
