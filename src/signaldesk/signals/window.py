"""The recent stored signals of each (actor, frame), kept in memory between batches.

The shift detector reads an actor's signals of the last 30 days for every batch. Reading
them from the store each time costs one large query per batch; the window reads a pair
from the store the first time it is asked for (and again when asked for older signals
than it holds). Before each answer it asks the store which documents had an analysis
stored since it last looked (annotation rows are numbered in order, and storing an
analysis always writes some) and reads the signals of those documents again, so what it
returns is what the store holds, whoever stored it.

Bounded: signals older than the oldest moment asked for (less `slack`) are dropped; a
pair with more than `most_per_pair` signals is not kept (it is read from the store each
time); at most `most_pairs` pairs are kept, the least recently used leaving first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from . import storage
from .storage import SignalRow


def _order(row: SignalRow) -> tuple[datetime, int, int]:
    """The store's order of signals."""
    return (row.at, row.document_id, row.start)


class SignalWindow:
    """Stored signals per 'actor:frame' from a moment on, read once and kept up to date."""

    def __init__(
        self,
        engine: Any,
        *,
        slack: timedelta = timedelta(days=1),
        most_per_pair: int = 20_000,
        most_pairs: int = 5_000,
    ) -> None:
        self.engine = engine
        self.slack = slack
        self.most_per_pair = most_per_pair
        self.most_pairs = most_pairs
        self._rows: dict[str, list[SignalRow]] = {}
        self._since: dict[str, datetime] = {}  # the pair holds every stored signal from here on
        self._documents: dict[int, set[str]] = {}  # document -> pairs holding its signals
        self._seen = 0  # the last annotation row looked at
        self.reads = 0  # large reads made (pairs loaded), for tests and benchmarks

    def rows(self, pairs: Iterable[str], since: datetime) -> list[SignalRow]:
        """The stored signals of `pairs` at or after `since`, oldest first (as the store gives them)."""
        wanted = sorted(set(pairs))
        self._follow_store()
        missing = [p for p in wanted if p not in self._rows or since < self._since[p]]
        found: list[SignalRow] = []
        if missing:
            self.reads += 1
            loaded = storage.signals_of(self.engine, missing, since - self.slack)
            fresh: dict[str, list[SignalRow]] = {p: [] for p in missing}
            for row in loaded:
                fresh[f"{row.actor_id}:{row.frame}"].append(row)
            for pair, rows in fresh.items():
                self._drop(pair)
                if len(rows) <= self.most_per_pair:
                    self._keep(pair, rows, since - self.slack)
                else:
                    found += [r for r in rows if r.at >= since]
        for pair in wanted:
            if pair not in self._rows:
                continue
            self._rows[pair] = self._rows.pop(pair)  # most recently used last
            self._trim(pair, since - self.slack)
            found += [r for r in self._rows[pair] if r.at >= since]
        found.sort(key=_order)
        self._evict()
        return found

    def _follow_store(self) -> None:
        """Read again the signals of documents analysed since the last look."""
        if not self._rows:
            self._seen = storage.analysed_since(self.engine, self._seen)[1]  # the loads read it all
            return
        changed, self._seen = storage.analysed_since(self.engine, self._seen)
        self.refresh(changed)

    def refresh(self, document_ids: Sequence[int]) -> None:
        """These documents' stored signals may have changed: read them again for the pairs kept."""
        if not document_ids or not self._rows:
            return
        touched: set[str] = set()
        for document_id in set(document_ids):
            for pair in self._documents.pop(document_id, set()):
                if pair in self._rows:
                    self._rows[pair] = [r for r in self._rows[pair] if r.document_id != document_id]
                    touched.add(pair)
        for row in storage.document_signals(self.engine, document_ids):
            pair = f"{row.actor_id}:{row.frame}"
            if pair in self._rows and row.at >= self._since[pair]:
                self._rows[pair].append(row)
                self._documents.setdefault(row.document_id, set()).add(pair)
                touched.add(pair)
        for pair in touched:
            self._rows[pair].sort(key=_order)
            if len(self._rows[pair]) > self.most_per_pair:
                self._drop(pair)

    def _keep(self, pair: str, rows: list[SignalRow], since: datetime) -> None:
        self._rows[pair] = rows
        self._since[pair] = since
        for row in rows:
            self._documents.setdefault(row.document_id, set()).add(pair)

    def _drop(self, pair: str) -> None:
        for row in self._rows.pop(pair, ()):
            self._unlink(row.document_id, pair)
        self._since.pop(pair, None)

    def _unlink(self, document_id: int, pair: str) -> None:
        pairs = self._documents.get(document_id)
        if pairs is not None:
            pairs.discard(pair)
            if not pairs:
                del self._documents[document_id]

    def _trim(self, pair: str, since: datetime) -> None:
        rows = self._rows[pair]
        if since <= self._since[pair] or not rows or rows[0].at >= since:
            self._since[pair] = max(self._since[pair], since)
            return
        keep = [r for r in rows if r.at >= since]
        for row in rows[: len(rows) - len(keep)]:
            self._unlink(row.document_id, pair)
        self._rows[pair] = keep
        self._since[pair] = since

    def _evict(self) -> None:
        while len(self._rows) > self.most_pairs:
            self._drop(next(iter(self._rows)))
