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


def probe_sqlite() -> tuple[list[int], dict[int, str]]:
    """Ask SQLite how it treats every code point: separators, and folds that change a character."""
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE f USING fts5(x, tokenize='{TOKENIZER}')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(f, 'instance')")
    points = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    blocks = [points[i : i + BLOCK] for i in range(0, len(points), BLOCK)]
    db.executemany(
        "INSERT INTO f(rowid, x) VALUES (?, ?)",
        [(n, " ".join(f"q{chr(c)}z" for c in block)) for n, block in enumerate(blocks)],
    )
    found: dict[int, dict[int, str]] = {}
    for doc, term, offset in db.execute("SELECT doc, term, offset FROM v"):
        found.setdefault(doc, {})[offset] = term
    separators: list[int] = []
    folds: dict[int, str] = {}
    for n, block in enumerate(blocks):
        terms = [found[n][i] for i in range(len(found[n]))]
        at = 0
        for code in block:
            if terms[at] == "q" and terms[at + 1] == "z":
                separators.append(code)
                at += 2
                continue
            folded = terms[at][1:-1]
            if folded != chr(code):
                folds[code] = folded
            at += 1
    db.close()
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
    seen_separators, seen_folds = probe_sqlite()
    assert seen_separators == sorted(separators()), "separator table differs from this SQLite's unicode61"
    assert seen_folds == folds(), "fold table differs from this SQLite's unicode61 remove_diacritics 2"


def test_tokens_examples() -> None:
    assert tokens("North Korea's KIM Jong-un") == ["north", "korea", "s", "kim", "jong", "un"]
    assert tokens("Pyŏngyang Ñandú élan") == ["pyongyang", "nandu", "elan"]
    assert tokens("snake_case 2026-03-01 v2.0") == ["snake", "case", "2026", "03", "01", "v2", "0"]
    assert tokens("조선 中国 Москва") == ["조선", "中国", "москва"]
    assert tokens("q \u0301 e\u0301z") == ["q", "ez"]
    assert tokens("") == []


def test_tokens_match_fts5_on_a_mixed_sentence() -> None:
    text = "L'Élysée — «Ça va?» said Ünal: ΆΡΗΣ ﬁnance straße İstanbul ½ ①"
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE f USING fts5(x, tokenize='{TOKENIZER}')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(f, 'instance')")
    db.execute("INSERT INTO f(rowid, x) VALUES (1, ?)", (text,))
    expected = [term for term, _ in db.execute("SELECT term, offset FROM v ORDER BY offset")]
    assert tokens(text) == expected


if __name__ == "__main__":
    sys.stdout.write(render_data())
