"""The in-memory tokeniser splits and folds every code point exactly like SQLite FTS5.

Run this file as a script to print a fresh `query_unicode.py` data block from the local SQLite.
"""

from __future__ import annotations

import sqlite3
import sys

import pytest

from signaldesk.analyze.query_unicode import folds, separators, tokens

TOKENIZER = "unicode61 remove_diacritics 2"
BLOCK = 8192


def _code_blocks() -> list[list[int]]:
    points = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    return [points[i : i + BLOCK] for i in range(0, len(points), BLOCK)]


def _blocks() -> list[str]:
    """Every code point between a 'q' and a 'z', in blocks of text."""
    return [" ".join(f"q{chr(c)}z" for c in codes) for codes in _code_blocks()]


def index_terms(texts: list[str]) -> list[list[str]]:
    """The terms SQLite's FTS5 indexes for each text, in order."""
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE f USING fts5(x, tokenize='{TOKENIZER}')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(f, 'instance')")
    db.executemany("INSERT INTO f(rowid, x) VALUES (?, ?)", list(enumerate(texts)))
    found: list[dict[int, str]] = [{} for _ in texts]
    for doc, term, offset in db.execute("SELECT doc, term, offset FROM v"):
        found[doc][offset] = term
    db.close()
    return [[terms[i] for i in range(len(terms))] for terms in found]


def probe_sqlite(terms: list[list[str]] | None = None) -> tuple[list[int], dict[int, str]]:
    """How SQLite treats every code point: separators, and folds that change a character."""
    separators: list[int] = []
    folds: dict[int, str] = {}
    for codes, found in zip(_code_blocks(), terms or index_terms(_blocks()), strict=True):
        at = 0
        for code in codes:
            if found[at] == "q" and found[at + 1] == "z":
                separators.append(code)
                at += 2
                continue
            folded = found[at][1:-1]
            if folded != chr(code):
                folds[code] = folded
            at += 1
    return separators, folds


def _ranges(codes: list[int]) -> list[tuple[int, int]]:
    spans: list[list[int]] = []
    for code in codes:
        if spans and spans[-1][1] == code - 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return [(a, b) for a, b in spans]


def _lines(words: list[str], width: int = 96) -> str:
    lines, line = [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = ""
        line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(f'    "{text} "' for text in lines)


def render_data() -> str:
    separators, folds = probe_sqlite()
    seps = [f"{a:x}" if a == b else f"{a:x}-{b:x}" for a, b in _ranges(separators)]
    pairs = [f"{code:x}:{''.join(f'{ord(c):x}' for c in value)}" for code, value in sorted(folds.items())]
    return f"_SEPARATOR_DATA = (\n{_lines(seps)}\n)\n_FOLD_DATA = (\n{_lines(pairs)}\n)\n"


@pytest.mark.slow
def test_every_code_point_is_split_and_folded_like_sqlite() -> None:
    blocks = _blocks()
    terms = index_terms(blocks)
    seen_separators, seen_folds = probe_sqlite(terms)
    assert seen_separators == sorted(separators()), "separator table differs from this SQLite's unicode61"
    assert seen_folds == folds(), "fold table differs from this SQLite's unicode61 remove_diacritics 2"
    for text, found in zip(blocks, terms, strict=True):
        assert tokens(text) == found


def test_tokens_examples() -> None:
    assert tokens("North Korea's KIM Jong-un") == ["north", "korea", "s", "kim", "jong", "un"]
    assert tokens("Pyŏngyang Ñandú élan") == ["pyongyang", "nandu", "elan"]
    assert tokens("snake_case 2026-03-01 v2.0") == ["snake", "case", "2026", "03", "01", "v2", "0"]
    assert tokens("조선 中国 Москва") == ["조선", "中国", "москва"]
    assert tokens("q \u0301 e\u0301z") == ["q", "ez"]
    assert tokens("") == []


def test_tokens_match_fts5_on_a_mixed_sentence() -> None:
    text = "L'Élysée — «Ça va?» said Ünal: ΆΡΗΣ ﬁnance straße İstanbul ½ ①"
    assert tokens(text) == index_terms([text])[0]


if __name__ == "__main__":
    sys.stdout.write(render_data())
