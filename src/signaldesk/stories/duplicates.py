"""Exact and near-duplicate documents: one text under many URLs, wire copies, updates.

Exact copies are found by a hash of the text's lower-cased words. Near copies by MinHash over the
set of words (128 multiply-shift hashes, numpy) with LSH in 16 bands of 5 rows, every candidate
then checked by its estimated Jaccard similarity (`threshold`). A duplicate points to the
earliest copy seen. Entries older than `window` can be forgotten with `expire`, so memory
follows the active window.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from signaldesk.stories.features import MAX_CHARS, shingle_hashes, text_hash, words

MAX_WORDS = MAX_CHARS // 2

PERMUTATIONS = 128
BANDS = 16
ROWS = 5
SHINGLE = 1


@dataclass(frozen=True, slots=True)
class DuplicateParams:
    threshold: float = 0.7
    """Estimated Jaccard similarity of word sets at or above which two texts are copies."""
    min_words: int = 8
    """Texts shorter than this are matched only exactly (too short for near copies)."""
    seed: int = 1


def _coefficients(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63 - 1, size=PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63 - 1, size=PERMUTATIONS, dtype=np.uint64)
    return a, b


def signature(shingles: set[int], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """MinHash signature: per hash function, the smallest (a*x+b mod 2^64) >> 32 over the shingles."""
    values = np.fromiter(shingles, dtype=np.uint64, count=len(shingles))
    with np.errstate(over="ignore"):
        mixed = (np.outer(a, values) + b[:, None]) >> np.uint64(32)
    result: np.ndarray = mixed.min(axis=1).astype(np.uint32)
    return result


_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                 0xFF51AFD7ED558CCD], dtype=np.uint64)  # fmt: skip
_SALT = np.arange(1, BANDS + 1, dtype=np.uint64) * np.uint64(0x94D049BB133111EB)


def _band_keys(sig: np.ndarray) -> list[int]:
    """One 64-bit key per band (its rows mixed, and the band number, so one dict holds all)."""
    rows = sig[: BANDS * ROWS].astype(np.uint64).reshape(BANDS, ROWS)
    with np.errstate(over="ignore"):
        keys: list[int] = ((rows * _MIX).sum(axis=1) ^ _SALT).tolist()
    return keys


def estimated_jaccard(left: np.ndarray, right: np.ndarray) -> float:
    return float(np.count_nonzero(left == right)) / len(left)


def is_copy(similarity: float, params: DuplicateParams) -> bool:
    """The decision: is a text with this estimated Jaccard similarity a copy?"""
    return similarity >= params.threshold


class DuplicateIndex:
    """Remembers texts and says which earlier text a new one copies."""

    def __init__(self, params: DuplicateParams | None = None) -> None:
        self.params = params or DuplicateParams()
        self._a, self._b = _coefficients(self.params.seed)
        self._exact: dict[str, int] = {}
        self._buckets: dict[int, int | list[int]] = {}
        self._signatures: dict[int, np.ndarray] = {}
        self._root: dict[int, int] = {}
        self._order: deque[tuple[datetime | None, int, str]] = deque()

    def __len__(self) -> int:
        return len(self._root)

    def add(
        self, doc_id: int, text: str, published: datetime | None = None, tokens: list[str] | None = None
    ) -> int | None:
        """Remember `text` as `doc_id`; return the earliest remembered copy, or None. `tokens`
        (the text's lower-cased words, see `features.words`) saves splitting it again."""
        tokens = words(text) if tokens is None else tokens[:MAX_WORDS]
        digest = text_hash(text, tokens)
        if not tokens:
            return None  # nothing to compare: never a duplicate, never a duplicate target
        found = self._exact.get(digest)
        if found is None and len(tokens) >= self.params.min_words:
            sig = signature(shingle_hashes(tokens, SHINGLE), self._a, self._b)
            keys = _band_keys(sig)
            found = self._near(sig, keys)
            self._remember(doc_id, sig, keys)
        if found is None:
            self._exact.setdefault(digest, doc_id)
            root = doc_id
        else:
            root = self._root.get(found, found)
        self._root[doc_id] = root
        self._order.append((published, doc_id, digest))
        return None if root == doc_id else root

    def _remember(self, doc_id: int, sig: np.ndarray, keys: list[int]) -> None:
        self._signatures[doc_id] = sig
        buckets = self._buckets
        for key in keys:
            held = buckets.get(key)
            if held is None:
                buckets[key] = doc_id
            elif isinstance(held, int):
                buckets[key] = [held, doc_id]
            else:
                held.append(doc_id)

    def _near(self, sig: np.ndarray, keys: list[int]) -> int | None:
        seen: set[int] = set()
        best: int | None = None
        for key in keys:
            held = self._buckets.get(key)
            for other in (held,) if isinstance(held, int) else held or ():
                if other in seen:
                    continue
                seen.add(other)
                if is_copy(estimated_jaccard(sig, self._signatures[other]), self.params):
                    root = self._root.get(other, other)
                    if best is None or root < best:
                        best = root
        return best

    def expire(self, before: datetime, keep_undated: int = 100_000) -> int:
        """Forget texts published before `before` (undated ones beyond the newest `keep_undated`)."""
        dropped = 0
        while self._order:
            published, doc_id, digest = self._order[0]
            old = published < before if published is not None else len(self._order) > keep_undated
            if not old:
                break
            self._order.popleft()
            self._forget(doc_id, digest)
            dropped += 1
        return dropped

    def _forget(self, doc_id: int, digest: str) -> None:
        if self._exact.get(digest) == doc_id:
            del self._exact[digest]
        sig = self._signatures.pop(doc_id, None)
        if sig is not None:
            for key in _band_keys(sig):
                held = self._buckets.get(key)
                if held == doc_id:
                    del self._buckets[key]
                elif isinstance(held, list) and doc_id in held:
                    held.remove(doc_id)
                    if len(held) == 1:
                        self._buckets[key] = held[0]
        self._root.pop(doc_id, None)

    def to_state(self) -> dict[str, Any]:
        """Plain data: enough to rebuild the index with `from_state`."""
        return {
            "params": {
                "threshold": self.params.threshold,
                "min_words": self.params.min_words,
                "seed": self.params.seed,
            },
            "entries": [
                [
                    published.isoformat() if published else None,
                    doc_id,
                    digest,
                    self._root[doc_id],
                    self._signatures[doc_id].tolist() if doc_id in self._signatures else None,
                ]
                for published, doc_id, digest in self._order
            ],
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> DuplicateIndex:
        index = cls(DuplicateParams(**state.get("params", {})))
        for published, doc_id, digest, root, sig in state.get("entries", []):
            if sig is not None:
                array = np.asarray(sig, dtype=np.uint32)
                index._remember(doc_id, array, _band_keys(array))
            if root == doc_id:
                index._exact.setdefault(digest, doc_id)
            index._root[doc_id] = root
            when = datetime.fromisoformat(published) if published else None
            index._order.append((when, doc_id, digest))
        return index
