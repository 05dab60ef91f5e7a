"""Writing documents out: CSV, JSON Lines or Parquet."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import UsageError
from .types import Document

COLUMNS = (
    "id",
    "url",
    "canonical_url",
    "title",
    "outlet",
    "genre",
    "language",
    "authors",
    "published",
    "first_seen",
    "section",
    "revision",
    "text",
)


def row(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "url": document.url,
        "canonical_url": document.canonical_url,
        "title": document.title,
        "outlet": document.outlet,
        "genre": str(document.genre),
        "language": document.language,
        "authors": list(document.authors),
        "published": document.published.isoformat() if document.published else None,
        "first_seen": document.first_seen.isoformat(),
        "section": document.section,
        "revision": document.revision,
        "text": document.text,
    }


def write(documents: Iterable[Document], path: Path, fmt: str) -> int:
    count = 0
    if fmt == "jsonl":
        with path.open("w", encoding="utf-8") as out:
            for document in documents:
                out.write(json.dumps(row(document), ensure_ascii=False) + "\n")
                count += 1
    elif fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=COLUMNS)
            writer.writeheader()
            for document in documents:
                values = row(document)
                values["authors"] = "; ".join(values["authors"])
                writer.writerow(values)
                count += 1
    elif fmt == "parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise UsageError("Parquet export needs pyarrow: pip install 'signaldesk[parquet]'") from None
        rows = [row(document) for document in documents]
        pq.write_table(pa.Table.from_pylist(rows), path)
        count = len(rows)
    return count
