"""The in-memory matcher: a query compiled once into a function of a prepared document.

`prepare(doc)` tokenises a document once (title and text, like the FTS5 index does);
`compile_node(node)` turns a query into a closure over such prepared documents, so one
document is tokenised once for all the rules it is checked against.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
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
    """One text column, tokenised: its tokens in order, their set, and (when asked) positions."""

    __slots__ = ("_vocabulary", "_where", "tokens", "words")

    def __init__(self, text: str) -> None:
        self.tokens = tokens(text)
        self.words = frozenset(self.tokens)
        self._where: dict[str, list[int]] = {}
        self._vocabulary: list[str] | None = None

    def where(self, word: str) -> list[int]:
        """Positions of `word`, in order (found on first asking, then kept)."""
        found = self._where.get(word)
        if found is None:
            found = []
            if word in self.words:
                seq, at = self.tokens, -1
                try:
                    while True:
                        at = seq.index(word, at + 1)
                        found.append(at)
                except ValueError:
                    pass
            self._where[word] = found
        return found

    @property
    def vocabulary(self) -> list[str]:
        """The distinct tokens, sorted (for prefix search)."""
        if self._vocabulary is None:
            self._vocabulary = sorted(self.words)
        return self._vocabulary


class Prepared:
    """A document made ready for matching: columns tokenised, fields normalised. Build with prepare()."""

    __slots__ = ("authors", "doc", "language", "outlet", "published", "text", "title", "words")

    def __init__(self, doc: Matchable) -> None:
        self.doc = doc
        self.title = Column(doc.title)
        self.text = Column(doc.text)
        self.words = self.title.words | self.text.words
        self.outlet = ascii_lower(doc.outlet)
        self.language = ascii_lower(doc.language or "")
        self.authors = frozenset(ascii_lower(author) for author in doc.authors)
        self.published = utc(doc.published) if doc.published is not None else None


def prepare(doc: Matchable) -> Prepared:
    """Tokenise and normalise `doc` once, for any number of compiled queries."""
    return Prepared(doc)


Matcher = Callable[[Prepared], bool]


def compile_node(node: Node) -> Matcher:
    """A function telling whether a prepared document matches `node`."""
    if isinstance(node, Term | Phrase | Prefix):
        return _text(node)
    if isinstance(node, Near):
        return _near(node)
    if isinstance(node, And | Or):
        return _combine(node)
    if isinstance(node, Not):
        inner = compile_node(node.item)
        return lambda doc: not inner(doc)
    if isinstance(node, Field):
        return _field(node)
    return _published(node)


def _combine(node: And | Or) -> Matcher:
    parts = tuple(compile_node(item) for item in node.items)
    if len(parts) == 2:
        first, second = parts
        if isinstance(node, And):
            return lambda doc: first(doc) and second(doc)
        return lambda doc: first(doc) or second(doc)
    if isinstance(node, And):
        return lambda doc: all(part(doc) for part in parts)
    return lambda doc: any(part(doc) for part in parts)


def _columns(node: Text) -> Callable[[Prepared], tuple[Column, ...]]:
    if node.columns == ("title",):
        return lambda doc: (doc.title,)
    if node.columns == ("text",):
        return lambda doc: (doc.text,)
    return lambda doc: (doc.title, doc.text)


def _text(node: Text) -> Matcher:
    words, prefix = node.tokens, isinstance(node, Prefix)
    if len(words) == 1 and not prefix:
        word = words[0]
        if node.columns == ("title",):
            return lambda doc: word in doc.title.words
        if node.columns == ("text",):
            return lambda doc: word in doc.text.words
        return lambda doc: word in doc.words
    columns, starts = _columns(node), _starts(node)
    if len(words) == 1:
        head = words[0]
        return lambda doc: any(_has_prefix(column, head) for column in columns(doc))
    exact = frozenset(words[:-1] if prefix else words)
    return lambda doc: exact <= doc.words and any(starts(column) for column in columns(doc))


def _starts(node: Text) -> Callable[[Column], list[int]]:
    """Where in a column `node` starts (every occurrence, in order)."""
    words = node.tokens
    prefix = isinstance(node, Prefix)
    head, size = words[0], len(words)
    last = size - 1

    def starts(column: Column) -> list[int]:
        if size == 1:
            return _prefixed(column, head) if prefix else column.where(head)
        if head not in column.words:
            return []
        seq, out = column.tokens, []
        for at in column.where(head):
            if at + size > len(seq):
                break
            if all(seq[at + i] == words[i] for i in range(1, last)) and (
                seq[at + last].startswith(words[last]) if prefix else seq[at + last] == words[last]
            ):
                out.append(at)
        return out

    return starts


def _has_prefix(column: Column, start: str) -> bool:
    vocabulary = column.vocabulary
    index = bisect_left(vocabulary, start)
    return index < len(vocabulary) and vocabulary[index].startswith(start)


def _prefixed(column: Column, start: str) -> list[int]:
    vocabulary = column.vocabulary
    index = bisect_left(vocabulary, start)
    if index == len(vocabulary) or not vocabulary[index].startswith(start):
        return []
    found: list[int] = []
    while index < len(vocabulary) and vocabulary[index].startswith(start):
        found.extend(column.where(vocabulary[index]))
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
