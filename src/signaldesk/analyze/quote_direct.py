"""Direct quotations: text between quotation marks, with the rules news prose uses.

A quote opens with “ or a straight " (or '', as some papers print it) that follows a space or the start of a line, and
closes with ” or a straight " that does not. A quote may run over several paragraphs when
the next paragraph opens with a quotation mark without the previous one being closed (at
most `MAX_PARAGRAPHS` paragraphs and `MAX_CHARS` characters). An unbalanced mark never
swallows the document: the quote then ends at the end of its paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_PARAGRAPHS = 3
MAX_CHARS = 1500

_MARK = re.compile(r"[“”\"]|''")
_OPEN_BEFORE = frozenset(" \t\n\r([{—–-/:")


@dataclass(frozen=True, slots=True)
class Segment:
    """One quotation: `start`/`end` hold the quoted words, `outer_*` include the marks."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    closed: bool


def _opens(text: str, pos: int, width: int) -> bool:
    char = text[pos]
    if char == "“":
        return True
    if char == "”":
        return False
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + width] if pos + width < len(text) else " "
    return before in _OPEN_BEFORE and not after.isspace()


def _paragraph_end(text: str, pos: int, limit: int) -> int:
    found = text.find("\n", pos, limit)
    return limit if found < 0 else found


def segments(text: str) -> list[Segment]:
    """Every quotation in `text`, in order, none overlapping."""
    marks = [(m.start(), _opens(text, m.start(), m.end() - m.start())) for m in _MARK.finditer(text)]
    width = {m.start(): m.end() - m.start() for m in _MARK.finditer(text)} if "''" in text else {}
    found: list[Segment] = []
    i = 0
    while i < len(marks):
        pos, is_open = marks[i]
        if not is_open:
            i += 1
            continue
        limit = min(len(text), pos + MAX_CHARS)
        paragraphs = 1
        para_end = _paragraph_end(text, pos, limit)
        j = i + 1
        close = -1
        while j < len(marks) and marks[j][0] < limit:
            mpos, mopen = marks[j]
            if mpos > para_end:
                # The quote ran into the next paragraph: continue only if that paragraph opens
                # with a quotation mark (the multi-paragraph convention).
                start_next = para_end + 1
                while start_next < mpos and text[start_next].isspace():
                    start_next += 1
                if mopen and start_next == mpos and paragraphs < MAX_PARAGRAPHS:
                    paragraphs += 1
                    para_end = _paragraph_end(text, mpos, limit)
                    j += 1
                    continue
                break
            if not mopen:
                close = mpos
                break
            if text[mpos] == '"' and j + 1 < len(marks) and not marks[j + 1][1]:
                # A straight mark we took for an opener right after words: treat as a closer.
                close = mpos
                break
            break  # another opener inside the same paragraph: the first one is unbalanced
        if close >= 0:
            found.append(_segment(text, pos, close + width.get(close, 1), True))
            i = j + 1
        else:
            end = min(para_end, limit)
            found.append(_segment(text, pos, end, False))
            i = j if j > i + 1 and j < len(marks) and marks[j][0] >= end else i + 1
            while i < len(marks) and marks[i][0] < end:
                i += 1
    return [s for s in found if s.end > s.start]


def _segment(text: str, outer_start: int, outer_end: int, closed: bool) -> Segment:
    start = outer_start + 1
    end = outer_end - 1 if closed else outer_end
    while start < end and (text[start].isspace() or text[start] in "“\"'"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "”\",;:'"):
        end -= 1
    return Segment(start, end, outer_start, outer_end, closed)
