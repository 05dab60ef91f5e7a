"""Scorers for the quality floors measured on ../shared/eval.

Body text: the shingle measure of the article-extraction benchmark. Tokens are
runs of word characters, shingles are windows of four tokens counted with
multiplicity; each page's true and false counts are scaled to sum to one so
long pages weigh no more than short ones; precision and recall are averaged
over the pages where they are defined, and F1 is the harmonic mean of the two
averages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

_WORD = re.compile(r"\w+")
SHINGLE = 4


@dataclass(frozen=True, slots=True)
class PageCounts:
    """Shingle counts of one page, scaled so that they sum to one."""

    tp: float
    fp: float
    fn: float


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float
    f1: float
    pages: int


def shingles(text: str, size: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """Windows of `size` tokens; a text shorter than that is one shorter shingle."""
    tokens = _WORD.findall(text or "")
    if not tokens:
        return Counter()
    last = max(1, len(tokens) - size + 1)
    return Counter(tuple(tokens[i : i + size]) for i in range(last))


def page_counts(expected: str, predicted: str) -> PageCounts:
    truth, guess = shingles(expected), shingles(predicted)
    tp = float(sum((truth & guess).values()))
    fp = float(sum((guess - truth).values()))
    fn = float(sum((truth - guess).values()))
    total = tp + fp + fn
    if total > 0:
        tp, fp, fn = tp / total, fp / total, fn / total
    return PageCounts(tp, fp, fn)


def _precision(c: PageCounts) -> float:
    if c.fp == 0 and c.fn == 0:
        return 1.0
    return c.tp / (c.tp + c.fp) if c.tp + c.fp > 0 else 0.0


def _recall(c: PageCounts) -> float:
    if c.fp == 0 and c.fn == 0:
        return 1.0
    return c.tp / (c.tp + c.fn) if c.tp + c.fn > 0 else 0.0


def score(counts: Iterable[PageCounts]) -> Score:
    """Average precision and recall over pages, then their harmonic mean."""
    pages = list(counts)
    precisions = [_precision(c) for c in pages if c.tp + c.fp > 0]
    recalls = [_recall(c) for c in pages if c.tp + c.fn > 0]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return Score(p, r, f1, len(pages))


def score_texts(expected: dict[str, str], predicted: dict[str, str]) -> Score:
    """Score predicted bodies against expected ones, page by page (missing = empty)."""
    return score(page_counts(expected[key], predicted.get(key, "")) for key in expected)


# Metadata agreement with the fundus fixtures (a regression check, not gold):
# - title: equal after collapsing whitespace;
# - authors: the same set of people, each name folded by signaldesk's byline_key
#   (so "STEVE PEOPLES" and "Steve Peoples" agree; an empty list agrees with no authors);
# - date: the same minute in UTC when the expected value has an offset; the same
#   calendar date when it has none (fundus writes local times without offsets).


def title_agrees(expected: str, got: str) -> bool:
    return " ".join(expected.split()) == " ".join(got.split())


def authors_agree(expected: Iterable[str], got: Iterable[str]) -> bool:
    from signaldesk.ingest.bylines import byline_key, tidy_name

    want = {byline_key(tidy_name(n)) for n in expected} - {""}
    have = {byline_key(n) for n in got} - {""}
    return want == have


def date_agrees(expected: str, got: datetime | None) -> bool:
    if got is None:
        return False
    want = datetime.fromisoformat(expected.strip())
    if want.tzinfo is None:
        return want.date() == got.date()
    as_utc = got.astimezone(UTC).replace(second=0, microsecond=0)
    return want.astimezone(UTC).replace(second=0, microsecond=0) == as_utc
