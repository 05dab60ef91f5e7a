"""What a story shows: its most central headline and a short extractive summary (pure)."""

from __future__ import annotations

from collections.abc import Sequence

from signaldesk.analyze.sentences import split
from signaldesk.stories.features import content_terms, cosine, normalise, words

SUMMARY_CHARS = 4_000
"""Characters of each document the summary reads (the lead carries the story)."""
MAX_DOCUMENTS = 200
"""Documents of a story the view helpers read at most (the first ones)."""


def _vector(text: str) -> dict[str, float]:
    counts: dict[str, float] = {}
    for term in content_terms(words(text)):
        counts[term] = counts.get(term, 0.0) + 1.0
    return normalise(counts)


def _centroid(vectors: Sequence[dict[str, float]]) -> dict[str, float]:
    total: dict[str, float] = {}
    for vector in vectors:
        for term, w in vector.items():
            total[term] = total.get(term, 0.0) + w
    return normalise(total)


def central_headline(headlines: Sequence[str]) -> str:
    """The headline closest to the centroid of all the story's headlines (the first on ties;
    empty when there are none)."""
    kept = [h for h in headlines[:MAX_DOCUMENTS] if h.strip()]
    if not kept:
        return ""
    vectors = [_vector(h) for h in kept]
    centre = _centroid(vectors)
    best = max(range(len(kept)), key=lambda i: (cosine(vectors[i], centre), -i))
    return kept[best].strip()


def summary(texts: Sequence[str], sentences: int = 3) -> list[str]:
    """The `sentences` (2-4) most central sentences of a story's texts, near-repeats left out,
    in the order they were found."""
    count = max(2, min(4, sentences))
    found: list[tuple[int, str, dict[str, float]]] = []
    for text in texts[:MAX_DOCUMENTS]:
        for sentence in split(text[:SUMMARY_CHARS]):
            vector = _vector(sentence.text)
            if len(vector) >= 4 and len(sentence.text) <= 400:
                found.append((len(found), sentence.text, vector))
    if not found:
        return []
    centre = _centroid([vector for _, _, vector in found])
    ranked = sorted(found, key=lambda item: (-cosine(item[2], centre), item[0]))
    chosen: list[tuple[int, str, dict[str, float]]] = []
    for item in ranked:
        if all(cosine(item[2], other[2]) < 0.7 for other in chosen):
            chosen.append(item)
        if len(chosen) == count:
            break
    return [text for _, text, _ in sorted(chosen, key=lambda item: item[0])]
