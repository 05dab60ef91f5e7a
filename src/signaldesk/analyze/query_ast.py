"""The nodes a parsed query is made of: frozen values, compared without their positions.

Text nodes (`Term`, `Phrase`, `Prefix`, `Near`) hold the folded tokens they stand for, so
the in-memory matcher and the SQLite compiler search for exactly the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Term:
    """A word (possibly several tokens, like `jong-un`, searched as a phrase)."""

    tokens: tuple[str, ...]
    columns: tuple[str, ...] = ()
    at: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Phrase:
    """A "quoted phrase": its tokens in this order, next to each other."""

    tokens: tuple[str, ...]
    columns: tuple[str, ...] = ()
    at: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Prefix:
    """A word or phrase whose last token only has to start with the given one (`sanction*`)."""

    tokens: tuple[str, ...]
    columns: tuple[str, ...] = ()
    at: int = field(default=0, compare=False)


Text = Term | Phrase | Prefix


@dataclass(frozen=True, slots=True)
class Near:
    """Two words or phrases at most `distance` tokens apart, in either order, in one column."""

    left: Text
    right: Text
    distance: int
    at: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Field:
    """A filter on a document attribute: outlet, genre, lang, author, source, actor or frame.

    `value` is normalised: lower case (ASCII letters) for outlet, genre, lang and author.
    """

    name: str
    value: str
    at: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Published:
    """Publication time within bounds; `None` leaves a side open. Times are UTC."""

    start: datetime | None = None
    start_inclusive: bool = True
    end: datetime | None = None
    end_inclusive: bool = False
    at: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Node, ...]
    at: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Node, ...]
    at: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Not:
    item: Node
    at: int = field(default=0, compare=False)


Node = Term | Phrase | Prefix | Near | Field | Published | And | Or | Not


def is_positive(node: Node) -> bool:
    """True when a match needs something to be present, not only something absent."""
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(is_positive(item) for item in node.items)
    if isinstance(node, Or):
        return all(is_positive(item) for item in node.items)
    return True


def first_negation(node: Node) -> int:
    """Position of the NOT that makes `node` match by absence only (for error messages)."""
    if isinstance(node, Not):
        return node.at
    if isinstance(node, And | Or):
        for item in node.items:
            if not is_positive(item):
                return first_negation(item)
    return node.at
