"""Text features shared by duplicate detection and story clustering (pure, no I/O).

Only the first `MAX_CHARS` characters of a text are looked at, so a 5 MB document costs
the same as a long article.
"""

from __future__ import annotations

import hashlib
import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping

MAX_CHARS = 40_000
"""Characters of a text the features read at most."""

LEAD_WORDS = 60
"""Words after the title that count as the lead (weighted up)."""

_WORD = re.compile(r"\w+", re.UNICODE)

_STOP_TEXT = """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its itself
    just me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own s same she should so some such t than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who whom
    why will with would you your yours yourself yourselves said says say told one two new also would
    could may might must shall us mr mrs ms according year years time last first since still even like
    get got make made many much well back way week day days today yesterday tomorrow monday tuesday
    wednesday thursday friday saturday sunday http https www com html"""
STOPWORDS = frozenset(_STOP_TEXT.split())


def words(text: str) -> list[str]:
    """Lower-cased word tokens of the first MAX_CHARS characters (letters and digits only)."""
    return _WORD.findall(text[:MAX_CHARS].lower())


def text_hash(text: str, tokens: list[str] | None = None) -> str:
    """A stable hash of the text's lower-cased words (blake2b, 16 bytes, hex): case, punctuation
    and spacing do not matter. `tokens` may be given when they are already known."""
    joined = " ".join(tokens if tokens is not None else words(text))
    return hashlib.blake2b(joined.encode("utf-8", "replace"), digest_size=16).hexdigest()


def shingle_hashes(tokens: list[str], size: int = 3) -> set[int]:
    """32-bit CRC hashes of word `size`-grams (stable across processes, unlike `hash`)."""
    if size == 1:
        return {zlib.crc32(token.encode("utf-8", "replace")) for token in set(tokens)}
    if len(tokens) < size:
        return {zlib.crc32(" ".join(tokens).encode("utf-8", "replace"))} if tokens else set()
    return {
        zlib.crc32(" ".join(tokens[i : i + size]).encode("utf-8", "replace"))
        for i in range(len(tokens) - size + 1)
    }


def content_terms(tokens: Iterable[str]) -> list[str]:
    """Tokens that can carry a story: not stopwords, not pure numbers, not one letter."""
    return [t for t in tokens if len(t) > 1 and t not in STOPWORDS and not t.isdigit()]


def split_words(text: str) -> tuple[list[str], list[str]]:
    """One pass over `text`: its lower-cased words, and those of them written with a capital."""
    tokens = _WORD.findall(text)
    return [t.lower() for t in tokens], [t.lower() for t in tokens if t[0].isupper()]


def weighted_counts(
    title: str | tuple[list[str], list[str]],
    text: str | tuple[list[str], list[str]],
    lead_words: int = LEAD_WORDS,
    capital_weight: float = 2.0,
    number_weight: float = 0.0,
) -> dict[str, float]:
    """Term counts: title words count three times, the lead (first `lead_words` words) twice,
    and each occurrence written with a capital (names, places) `capital_weight` times.
    Numbers of 2-4 digits (years, ages, tolls, scores) become terms `#n` counted
    `number_weight` times each (none when 0). Title and text may be given already split
    by `split_words`."""
    title_words, title_capitals = split_words(title[:1000]) if isinstance(title, str) else title
    body, capitals = split_words(text[:MAX_CHARS]) if isinstance(text, str) else text
    counts = Counter(title_words * 3)
    counts.update(body)
    counts.update(body[:lead_words])
    result = {term: float(count) for term, count in counts.items() if _usable(term)}
    if capital_weight != 1.0:
        extra = capital_weight - 1.0
        for term, count in Counter(title_capitals * 3 + capitals).items():
            if term in result:
                result[term] += extra * count
    if number_weight:
        numbers = Counter(t for t in title_words * 3 + body if 2 <= len(t) <= 4 and t.isdigit())
        for term, count in numbers.items():
            result["#" + term] = number_weight * count
    return result


def _usable(term: str) -> bool:
    return len(term) > 1 and term not in STOPWORDS and not term.isdigit()


class DocumentFrequencies:
    """Document frequencies learned as documents arrive (one table per language)."""

    def __init__(self, max_terms: int = 500_000) -> None:
        self.documents = 0
        self.counts: dict[str, int] = {}
        self.max_terms = max_terms

    def add(self, terms: Iterable[str]) -> None:
        self.documents += 1
        counts = self.counts
        for term in terms:
            counts[term] = counts.get(term, 0) + 1
        if len(counts) > self.max_terms:
            self._prune()

    def _prune(self) -> None:
        """Forget the rarest half of the terms (they come back if they recur)."""
        ordered = sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))
        self.counts = dict(ordered[: self.max_terms // 2])

    def to_state(self) -> dict[str, object]:
        return {"documents": self.documents, "counts": dict(self.counts), "max_terms": self.max_terms}

    @classmethod
    def from_state(cls, state: Mapping[str, object]) -> DocumentFrequencies:
        table = cls(int(state.get("max_terms", 500_000)))  # type: ignore[call-overload]
        table.documents = int(state.get("documents", 0))  # type: ignore[call-overload]
        counts = state.get("counts", {})
        table.counts = {str(k): int(v) for k, v in counts.items()} if isinstance(counts, dict) else {}
        return table


def tfidf(counts: Mapping[str, float], frequencies: DocumentFrequencies) -> dict[str, float]:
    """Sublinear TF-IDF weights, L2-normalised (empty counts give an empty vector)."""
    log = math.log
    total = log(frequencies.documents + 1) + 1.0
    known = frequencies.counts
    vector = {
        term: (1.0 + log(count if count > 1.0 else 1.0)) * (total - log(known.get(term, 0) + 1))
        for term, count in counts.items()
    }
    return normalise(vector)


def normalise(vector: Mapping[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in vector.values()))
    if norm == 0.0:
        return {}
    return {term: w / norm for term, w in vector.items()}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Dot product of two normalised sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(term, 0.0) for term, w in a.items())


def top_terms(vector: Mapping[str, float], count: int) -> list[str]:
    """The `count` heaviest terms, ties broken by the term so the order is deterministic."""
    return [term for term, _ in sorted(vector.items(), key=lambda item: (-item[1], item[0]))[:count]]
