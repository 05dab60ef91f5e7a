"""The in-memory matcher: a query compiled once into a function of a prepared document.

`prepare(doc)` tokenises a document once (title and text, like the FTS5 index does);
`compile_node(node)` turns a query into a closure over such prepared documents, so one
document is tokenised once for all the rules it is checked against.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ..types import utc
from .query_ast import And, Field, Near, Node, Not, Or, Phrase, Prefix, Published, Term, Text
from .query_parse import ascii_lower
from .query_unicode import tokens


@dataclass(frozen=True, slots=True)
class Matchable:
    """What a query can look at in one document."""

    title: str = ""
    text: str = ""
    outlet: str = ""
    genre: str = "unknown"
    language: str | None = None
    authors: tuple[str, ...] = ()
    source_id: str = ""
    actors: frozenset[str] = frozenset()
    frames: frozenset[str] = frozenset()
    published: datetime | None = None


class Column:
    """One text column, tokenised: the tokens in order and where each one occurs."""

    __slots__ = ("_vocabulary", "positions", "tokens")

    def __init__(self, text: str) -> None:
        self.tokens = tokens(text)
        positions: dict[str, list[int]] = {}
        for index, token in enumerate(self.tokens):
            found = positions.get(token)
            if found is None:
                positions[token] = [index]
            else:
                found.append(index)
        self.positions = positions
        self._vocabulary: list[str] | None = None

    @property
    def vocabulary(self) -> list[str]:
        """The distinct tokens, sorted (for prefix search)."""
        if self._vocabulary is None:
            self._vocabulary = sorted(self.positions)
        return self._vocabulary


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document made ready for matching: its columns tokenised, its fields normalised."""

    doc: Matchable
    title: Column
    text: Column
    outlet: str = ""
    language: str = ""
    authors: frozenset[str] = field(default_factory=frozenset)
    published: datetime | None = None


def prepare(doc: Matchable) -> Prepared:
    """Tokenise and normalise `doc` once, for any number of compiled queries."""
    return Prepared(
        doc,
        Column(doc.title),
        Column(doc.text),
        ascii_lower(doc.outlet),
        ascii_lower(doc.language or ""),
        frozenset(ascii_lower(a) for a in doc.authors),
        utc(doc.published) if doc.published is not None else None,
    )


Matcher = Callable[[Prepared], bool]


def compile_node(node: Node) -> Matcher:
    """A function telling whether a prepared document matches `node`."""
    if isinstance(node, Term | Phrase | Prefix):
        return _text(node)
    if isinstance(node, Near):
        return _near(node)
    if isinstance(node, And):
        parts = tuple(compile_node(item) for item in node.items)
        return lambda doc: all(part(doc) for part in parts)
    if isinstance(node, Or):
        parts = tuple(compile_node(item) for item in node.items)
        return lambda doc: any(part(doc) for part in parts)
    if isinstance(node, Not):
        inner = compile_node(node.item)
        return lambda doc: not inner(doc)
    if isinstance(node, Field):
        return _field(node)
    return _published(node)


def _columns(node: Text) -> Callable[[Prepared], tuple[Column, ...]]:
    if node.columns == ("title",):
        return lambda doc: (doc.title,)
    if node.columns == ("text",):
        return lambda doc: (doc.text,)
    return lambda doc: (doc.title, doc.text)


def _text(node: Text) -> Matcher:
    columns = _columns(node)
    if isinstance(node, Term | Phrase) and len(node.tokens) == 1:
        word = node.tokens[0]
        return lambda doc: any(word in column.positions for column in columns(doc))
    starts = _starts(node)
    return lambda doc: any(starts(column) for column in columns(doc))


def _starts(node: Text) -> Callable[[Column], list[int]]:
    """Where in a column `node` starts (every occurrence, in order)."""
    words = node.tokens
    prefix = isinstance(node, Prefix)
    head, rest = words[0], words[1:]

    def starts(column: Column) -> list[int]:
        if not rest:
            return _prefixed(column, head) if prefix else column.positions.get(head, [])
        found = column.positions.get(head, [])
        seq, size, out = column.tokens, len(words), []
        last = size - 1
        for at in found:
            if at + size > len(seq):
                break
            if all(seq[at + i] == words[i] for i in range(1, last)) and (
                seq[at + last].startswith(words[last]) if prefix else seq[at + last] == words[last]
            ):
                out.append(at)
        return out

    return starts


def _prefixed(column: Column, start: str) -> list[int]:
    vocabulary = column.vocabulary
    index = bisect_left(vocabulary, start)
    found: list[int] = []
    while index < len(vocabulary) and vocabulary[index].startswith(start):
        found.extend(column.positions[vocabulary[index]])
        index += 1
    found.sort()
    return found


def _near(node: Near) -> Matcher:
    left, right = _starts(node.left), _starts(node.right)
    left_size, right_size = len(node.left.tokens), len(node.right.tokens)
    distance = node.distance

    def near(column: Column) -> bool:
        firsts = left(column)
        if not firsts:
            return False
        seconds = right(column)
        for at in firsts:
            index = bisect_left(seconds, at - right_size - distance)
            if index < len(seconds) and seconds[index] <= at + left_size + distance:
                return True
        return False

    return lambda doc: near(doc.title) or near(doc.text)


def _field(node: Field) -> Matcher:
    value = node.value
    if node.name == "outlet":
        return lambda doc: doc.outlet == value
    if node.name == "genre":
        return lambda doc: doc.doc.genre == value
    if node.name == "lang":
        return lambda doc: doc.language == value
    if node.name == "author":
        return lambda doc: value in doc.authors
    if node.name == "source":
        return lambda doc: doc.doc.source_id == value
    if node.name == "actor":
        return lambda doc: value in doc.doc.actors
    return lambda doc: value in doc.doc.frames


def _published(node: Published) -> Matcher:
    start, end = node.start, node.end
    start_inclusive, end_inclusive = node.start_inclusive, node.end_inclusive

    def within(doc: Prepared) -> bool:
        moment = doc.published
        if moment is None:
            return False
        if start is not None and (moment < start if start_inclusive else moment <= start):
            return False
        return not (end is not None and (moment > end if end_inclusive else moment >= end))

    return within
