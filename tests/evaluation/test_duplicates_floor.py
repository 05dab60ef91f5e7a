"""Near-duplicate quality on copies of real ECB+ articles.

Base: ECB+ articles with at least 80 body words that are not already copies of one another
(ECB+ holds real wire copies: pairs in a topic whose word sets have Jaccard >= 0.5 are left
out, so that a flag among the originals is always a mistake). Each base article gets one copy
with 5-20% of its body words substituted, inserted or deleted and an edited headline, seeded
by its position. Precision counts every flag: a copy pointing to its source is right; an
original flagged, or a copy pointing elsewhere, is wrong.
"""

from __future__ import annotations

import pytest

from signaldesk.stories.duplicates import DuplicateIndex
from signaldesk.stories.features import words
from tests.evaluation.ecbplus import load, near_copy

pytestmark = pytest.mark.eval


def test_copies_are_found_and_similar_articles_are_not() -> None:
    docs = load()
    sets = [set(words(doc.text)) for doc in docs]
    copied: set[int] = set()
    for i in range(len(docs)):
        for j in range(i):
            if docs[i].topic == docs[j].topic and len(sets[i] & sets[j]) >= 0.5 * len(sets[i] | sets[j]):
                copied.update((i, j))
    base = [i for i in range(len(docs)) if i not in copied and len(words(docs[i].body)) >= 80]
    assert len(base) >= 600, len(base)
    index = DuplicateIndex()
    wrong = sum(index.add(i, docs[i].text) is not None for i in base)
    right = 0
    for i in base:
        found = index.add(100_000 + i, near_copy(docs[i].text, seed=i))
        right += found == i
        wrong += found is not None and found != i
    recall = right / len(base)
    precision = right / max(1, right + wrong)
    assert recall >= 0.98, recall
    assert precision >= 0.995, precision
