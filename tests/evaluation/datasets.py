"""Readers for the evaluation sets in ../shared/eval (read in place, never copied)."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

EVAL_ROOT = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval"
SCRAPINGHUB = EVAL_ROOT / "extraction" / "scrapinghub"
FUNDUS = EVAL_ROOT / "pages" / "fundus-fixtures"


class EvalDataMissing(AssertionError):
    """The shared evaluation folder is not where the tests expect it."""


def require(folder: Path) -> Path:
    if not folder.is_dir():
        raise EvalDataMissing(
            f"evaluation data not found at {folder.resolve()}: the quality floors need the shared "
            "eval folder next to the project (../shared/eval); restore it rather than skipping"
        )
    return folder


@dataclass(frozen=True, slots=True)
class BodyCase:
    key: str
    url: str
    html: bytes
    expected: str


def scrapinghub_cases() -> list[BodyCase]:
    """The 181 pages with their hand-made article bodies, HTML decompressed."""
    root = require(SCRAPINGHUB)
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        BodyCase(
            key,
            item.get("url", ""),
            gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes()),
            item.get("articleBody", ""),
        )
        for key, item in sorted(truth.items())
    ]


@dataclass(frozen=True, slots=True)
class MetaCase:
    name: str
    url: str
    html: bytes
    title: str | None
    authors: tuple[str, ...] | None
    published: str | None


def _version_order(key: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", key))


def fundus_cases() -> Iterator[MetaCase]:
    """Each fixture page paired with the expected values of the parser version of its date."""
    root = require(FUNDUS)
    for country in sorted(p for p in root.iterdir() if p.is_dir()):
        info = json.loads((country / "meta.info").read_text(encoding="utf-8"))
        for expected_file in sorted(country.glob("*.json")):
            publisher = expected_file.stem
            versions = json.loads(expected_file.read_text(encoding="utf-8"))
            pattern = re.compile(re.escape(publisher) + r"_\d{4}_\d{2}_\d{2}\.html\.gz")
            pages = sorted(p for p in country.glob("*.html.gz") if pattern.fullmatch(p.name))
            for page, key in zip(pages, sorted(versions, key=_version_order), strict=False):
                expected = versions[key]
                authors = expected.get("authors")
                yield MetaCase(
                    name=f"{country.name}/{page.name}",
                    url=info.get(page.name, {}).get("url", ""),
                    html=gzip.decompress(page.read_bytes()),
                    title=expected.get("title"),
                    authors=tuple(authors) if authors is not None else None,
                    published=expected.get("publishing_date"),
                )
