"""What the dashboard reads that takes more than one store call: watch volume, an actor's
quotes, a document's marks. Called only through the Desk facade."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ..store import Store
from ..types import Document, Quote


@dataclass(frozen=True, slots=True)
class Marks:
    """What the analysis found in one document, as character offsets into its text."""

    mentions: tuple[tuple[int, int, str, str | None], ...]  # start, end, type, actor id
    quotes: tuple[Quote, ...]
    frames: tuple[tuple[int, int, str], ...]  # start, end, frame id


def watch_volume(
    store: Store, watches: dict[str, str], since: datetime | None
) -> dict[str, list[tuple[date, int]]] | None:
    """Daily counts of each watch (id -> name) from the signal series, or None if none are kept."""
    found = store.series_counts([f"watch:{key}" for key in watches], "1d", since)
    if not any(found.values()):
        return None
    return {
        name: [(moment.date(), count) for moment, (count, _) in sorted(found[f"watch:{key}"].items())]
        for key, name in watches.items()
    }


def actor_quotes(store: Store, actor_id: str, limit: int) -> list[tuple[Document, Quote]]:
    """The actor's quotes, newest document first."""
    ids = store.quoted_document_ids(actor_id, limit)
    documents = {d.id: d for d in store.documents_by_id(ids)}
    found = [(documents[i], quote) for i, quote in store.quotes_in(ids) if quote.actor_id == actor_id]
    return sorted(found, key=lambda pair: pair[0].published or pair[0].first_seen, reverse=True)


def marks(store: Store, document_id: int) -> Marks:
    mentions = tuple((m.start, m.end, m.type, m.actor_id) for _, m in store.mentions_in([document_id]))
    quotes = tuple(quote for _, quote in store.quotes_in([document_id]))
    frames = tuple(
        (start, end, value)
        for _, value, start, end, _, _ in store.annotations_in([document_id], "frame")
        if start is not None and end is not None
    )
    return Marks(mentions, quotes, frames)
