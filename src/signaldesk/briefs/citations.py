"""Numbered citations, and the check that every one resolves to a stored document and record."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from pathlib import Path

from ..store.base import Store
from ..types import Document, WarcRef
from .model import Brief, Citation


class CitationBook:
    """Hands out citation numbers in order of first use, one per document."""

    def __init__(self) -> None:
        self._numbers: dict[int, Citation] = {}

    def cite(self, document: Document) -> int:
        found = self._numbers.get(document.id)
        if found is None:
            moment = document.published or document.first_seen
            found = Citation(
                len(self._numbers) + 1,
                document.id,
                document.title,
                document.outlet,
                document.canonical_url or document.url,
                moment.isoformat(),
                document.warc.file if document.warc else None,
                document.warc.record_id if document.warc else None,
            )
            self._numbers[document.id] = found
        return found.number

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(sorted(self._numbers.values(), key=lambda c: c.number))


def cited_numbers(value: object) -> Iterator[int]:
    """Every citation number a brief's sections point to."""
    if is_dataclass(value) and not isinstance(value, type):
        for item in fields(value):
            if item.name == "citations" and isinstance(value, Brief):
                continue
            inner = getattr(value, item.name)
            if item.name == "citation" and isinstance(inner, int):
                yield inner
            elif item.name in ("citations", "history_citations"):
                yield from inner
            else:
                yield from cited_numbers(inner)
    elif isinstance(value, tuple | list):
        for inner in value:
            yield from cited_numbers(inner)


def verify(brief: Brief, store: Store, archive: Path | None = None) -> list[str]:
    """Problems with the brief's citations: a number that points nowhere, a document the store
    does not hold, or a WARC record that is not the document's or (with `archive`) not there."""
    problems: list[str] = []
    numbers = {c.number: c for c in brief.citations}
    for number in sorted(set(cited_numbers(brief)) - set(numbers)):
        problems.append(f"[{number}] is cited but not in the list of sources")
    stored = {d.id: d for d in store.documents_by_id([c.document_id for c in brief.citations])}
    for citation in brief.citations:
        document = stored.get(citation.document_id)
        if document is None:
            problems.append(f"[{citation.number}] document {citation.document_id} is not in the store")
            continue
        if citation.url not in (document.url, document.canonical_url):
            problems.append(f"[{citation.number}] address {citation.url} is not document {document.id}'s")
        ref = document.warc
        if citation.warc_record_id is None:
            if ref is not None:
                problems.append(
                    f"[{citation.number}] leaves out the archived record of document {document.id}"
                )
            continue
        if ref is None or (ref.file, ref.record_id) != (citation.warc_file, citation.warc_record_id):
            problems.append(
                f"[{citation.number}] WARC record {citation.warc_record_id} is not document {document.id}'s"
            )
        elif archive is not None:
            problems.extend(_archived(citation, ref, archive))
    return problems


def _archived(citation: Citation, ref: WarcRef, archive: Path) -> list[str]:
    from ..ingest.archive import Archive

    try:
        Archive(archive).read(ref)
    except Exception as error:  # any failure to read it back means it does not resolve
        return [f"[{citation.number}] WARC record {ref.record_id} cannot be read from {ref.file}: {error}"]
    return []
