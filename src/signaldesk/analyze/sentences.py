"""Splitting text into sentences with character offsets (rules, no model).

Good enough for news prose: a sentence ends at ., ! or ? (optionally followed by closing
quotes or brackets) before whitespace and a capital, digit or opening quote, unless the word
before is a known abbreviation (Mr., U.S., Sen., Jan., ...) or a single initial. Paragraph
breaks always end a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sen",
        "rep",
        "gov",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "adm",
        "cmdr",
        "st",
        "jr",
        "sr",
        "rev",
        "hon",
        "pres",
        "amb",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "vol",
        "fig",
        "inc",
        "corp",
        "co",
        "ltd",
        "dept",
        "univ",
        "est",
        "approx",
        "vs",
        "etc",
        "u.s",
        "u.n",
        "u.k",
        "e.u",
        "d.c",
        "p.m",
        "a.m",
        "i.e",
        "e.g",
    ]
)

_END = re.compile(r"""[.!?]+['"’”)\]]*(?=\s+['"‘“(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*[A-Z"“])""")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


def _is_abbreviation(text: str, end: int) -> bool:
    match = _WORD_BEFORE.search(text, max(0, end - 12), end + 1)
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    return word in ABBREVIATIONS or len(word) == 1


def split(text: str) -> list[Sentence]:
    """Sentences of `text` with their offsets; whitespace between them is left out."""
    return list(iter_sentences(text))


def iter_sentences(text: str) -> Iterator[Sentence]:
    start = 0
    for match in _END.finditer(text):
        mark = match.group(0)
        if (
            mark.startswith(".")
            and len(mark.rstrip("'\"’”)]")) == 1
            and _is_abbreviation(text, match.start())
        ):
            continue
        end = match.end()
        yield from _trimmed(text, start, end)
        start = end
    yield from _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, end: int) -> Iterator[Sentence]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield Sentence(start, end, text[start:end])
