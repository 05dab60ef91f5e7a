"""Metadata agreement floors on the fundus fixtures (258 pages, 181 publishers, 41 countries).

The expected values are another tool's output, so this is a regression check; how each
field is compared is written in tests/evaluation/scoring.py.
"""

from __future__ import annotations

import pytest

from signaldesk.ingest.extract import extract
from tests.evaluation.datasets import MetaCase, fundus_cases
from tests.evaluation.runner import parallel_map
from tests.evaluation.scoring import authors_agree, date_agrees, title_agrees

# Measured: title 0.822 (258 pages), authors 0.858 (253), published 0.969 (258).
FLOORS = {"title": 0.80, "authors": 0.84, "published": 0.95}

pytestmark = [pytest.mark.eval, pytest.mark.slow]


def _agreement(case: MetaCase) -> dict[str, bool]:
    article = extract(case.html, case.url)
    found: dict[str, bool] = {}
    if case.title is not None:
        found["title"] = title_agrees(case.title, article.title)
    if case.authors is not None:
        found["authors"] = authors_agree(case.authors, article.authors)
    if case.published is not None:
        found["published"] = date_agrees(case.published, article.published)
    return found


def test_metadata_agreement_stays_above_floors() -> None:
    cases = list(fundus_cases())
    assert len(cases) == 258, f"expected 258 fixture pages, found {len(cases)}"
    results = parallel_map(_agreement, cases)
    rates = {}
    for field in FLOORS:
        seen = [r[field] for r in results if field in r]
        rates[field] = sum(seen) / len(seen)
    summary = ", ".join(f"{k}={v:.3f}" for k, v in rates.items())
    for field, floor in FLOORS.items():
        assert rates[field] >= floor, f"{field} agreement fell below {floor}: {summary}"
