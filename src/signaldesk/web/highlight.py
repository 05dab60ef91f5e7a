"""An article's text as HTML with entities, quotes and frames marked. Every piece of text is
escaped here; nothing stored is ever inserted as HTML."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from itertools import pairwise

from markupsafe import Markup


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: str  # entity | quote | frame
    label: str


def highlight(text: str, spans: Sequence[Span]) -> Markup:
    """`text` with each span in a <mark>; overlaps split the text at every edge (newlines kept, CSS pre-wrap)."""
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    edges = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    pieces: list[str] = []
    for start, end in pairwise(edges):
        chunk = escape(text[start:end])
        active = [s for s in valid if s.start <= start and end <= s.end]
        if not active:
            pieces.append(chunk)
            continue
        kinds = " ".join(sorted({f"m-{s.kind}" for s in active}))
        labels = "; ".join(dict.fromkeys(s.label for s in active))
        pieces.append(f'<mark class="{kinds}" title="{escape(labels)}">{chunk}</mark>')
    return Markup('<div class="article-text">' + "".join(pieces) + "</div>")
