"""Parsing query text into nodes (NOT binds tighter than AND, AND tighter than OR).

query := or
or    := and ("OR" and)*
and   := unary (["AND"] unary)*        adjacent pieces are ANDed
unary := ("NOT" | "-") unary | near
near  := atom ["NEAR/n" atom]
atom  := "(" or ")" | word | "phrase" | field:value
"""

from __future__ import annotations

import difflib
from datetime import UTC, date, datetime, timedelta

from ..errors import QueryError
from ..types import Genre
from .query_ast import (
    And,
    Field,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    Published,
    Term,
    Text,
    first_negation,
    is_positive,
)
from .query_lex import Token, lex
from .query_unicode import tokens

TEXT_FIELDS = ("title", "text")
VALUE_FIELDS = ("outlet", "genre", "lang", "author", "source", "actor", "frame")
DATE_FIELDS = ("published",)
FIELDS = TEXT_FIELDS + VALUE_FIELDS + DATE_FIELDS
GENRES = tuple(str(genre) for genre in Genre)
_STARTS = ("word", "phrase", "field", "not", "neg", "(")


def parse_node(query: str) -> Node:
    """The node tree of `query`; QueryError with the position of the first mistake."""
    if not query.strip():
        raise QueryError(
            'empty query: write what to look for, like "North Korea" sanctions', query=query, position=0
        )
    node = _Parser(query).parse()
    if not is_positive(node):
        raise QueryError(
            "a query cannot be only NOT ...: say what to look for as well, like korea NOT sanctions",
            query=query,
            position=first_negation(node),
        )
    return node


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = lex(query)
        self.index = 0

    @property
    def peek(self) -> Token:
        return self.tokens[self.index]

    def take(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def fail(self, message: str, position: int) -> QueryError:
        return QueryError(message, query=self.query, position=position)

    def parse(self) -> Node:
        node = self.parse_or()
        token = self.peek
        if token.kind == ")":
            raise self.fail("')' without '(': remove it or add the '(' it closes", token.at)
        if token.kind != "end":
            raise self.fail(f"unexpected '{self._show(token)}'", token.at)
        return node

    def parse_or(self) -> Node:
        start = self.peek.at
        items = [self.parse_and()]
        while self.peek.kind == "or":
            self.take()
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else Or(_flat(items, Or), start)

    def parse_and(self) -> Node:
        start = self.peek.at
        items = [self.parse_unary()]
        while True:
            if self.peek.kind == "and":
                self.take()
            elif self.peek.kind not in _STARTS:
                break
            items.append(self.parse_unary())
        return items[0] if len(items) == 1 else And(_flat(items, And), start)

    def parse_unary(self) -> Node:
        token = self.peek
        if token.kind in ("not", "neg"):
            self.take()
            if self.peek.kind not in _STARTS:
                word = "NOT" if token.kind == "not" else "'-'"
                raise self.fail(f"{word} needs something after it, like NOT opinion", token.at)
            return Not(self.parse_unary(), token.at)
        return self.parse_near()

    def parse_near(self) -> Node:
        left = self.parse_atom()
        if self.peek.kind != "near":
            return left
        near = self.take()
        if not isinstance(left, Term | Phrase | Prefix) or left.columns:
            raise self.fail("NEAR joins two words or phrases, like talks NEAR/5 sanctions", near.at)
        if self.peek.kind not in ("word", "phrase"):
            raise self.fail("NEAR needs a word or phrase after it, like talks NEAR/5 sanctions", self.peek.at)
        right = self.parse_atom()
        assert isinstance(right, Term | Phrase | Prefix)
        if self.peek.kind == "near":
            raise self.fail("NEAR joins exactly two words or phrases; combine several with AND", self.peek.at)
        return Near(left, right, near.distance, left.at)

    def parse_atom(self) -> Node:
        token = self.take()
        if token.kind == "(":
            if self.peek.kind == ")":
                raise self.fail("empty parentheses: put something between '(' and ')'", token.at)
            node = self.parse_or()
            if self.peek.kind != ")":
                if self.peek.kind == "end":
                    raise self.fail("'(' is never closed: add a ')'", token.at)
                raise self.fail(f"unexpected '{self._show(self.peek)}'", self.peek.at)
            self.take()
            return node
        if token.kind in ("word", "phrase"):
            return self.text(token, ())
        if token.kind == "field":
            return self.field(token)
        if token.kind == ")":
            raise self.fail("')' without '(': remove it or add the '(' it closes", token.at)
        if token.kind == "end":
            raise self.fail("the query ends too early: something is missing at the end", token.at)
        name = self._show(token)
        raise self.fail(f"'{name}' needs something on its left, like korea {name} sanctions", token.at)

    def text(self, token: Token, columns: tuple[str, ...]) -> Text:
        found = tuple(tokens(token.text))
        if not found:
            shown = f'"{token.text}"' if token.quoted else token.text
            raise self.fail(f"{shown} has no letters or digits to search for", token.at)
        if token.prefix:
            return Prefix(found, columns, token.at)
        if token.quoted:
            return Phrase(found, columns, token.at)
        return Term(found, columns, token.at)

    def field(self, token: Token) -> Node:
        name = token.name
        if name not in FIELDS:
            close = difflib.get_close_matches(name, FIELDS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f"; known fields: {', '.join(FIELDS)}"
            raise self.fail(
                f"unknown field '{name}'{hint}; to search for the word itself, put it in quotes", token.at
            )
        if name in TEXT_FIELDS:
            return self.text(token, (name,))
        if token.prefix:
            raise self.fail(
                f"'*' works on words and on title: and text:, not on {name}:",
                token.value_at + len(token.text),
            )
        if name == "published":
            return _published(self, token)
        value = token.text.strip()
        if not value:
            raise self.fail(
                f"the field '{name}:' needs a value, like {name}:{_EXAMPLES[name]}", token.value_at
            )
        if name in ("outlet", "genre", "lang", "author"):
            value = ascii_lower(value)
        if name == "genre" and value not in GENRES:
            close = difflib.get_close_matches(value, GENRES, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f"; genres: {', '.join(GENRES)}"
            raise self.fail(f"unknown genre '{value}'{hint}", token.value_at)
        return Field(name, value, token.at)

    def _show(self, token: Token) -> str:
        return {"and": "AND", "or": "OR", "not": "NOT", "near": "NEAR", "neg": "-"}.get(
            token.kind, token.text or token.kind
        )


_EXAMPLES = {
    "outlet": '"Capital Ledger"',
    "genre": "opinion",
    "lang": "en",
    "author": '"Jane Doe"',
    "source": "ledger-world",
    "actor": "state-dept",
    "frame": "sanctions",
}


def ascii_lower(value: str) -> str:
    """Lower case for A-Z only (what SQLite's lower() does)."""
    return value.encode("utf-8").lower().decode("utf-8")


def _flat(items: list[Node], kind: type[And] | type[Or]) -> tuple[Node, ...]:
    out: list[Node] = []
    for item in items:
        out.extend(item.items if isinstance(item, kind) else (item,))
    return tuple(out)


def _published(parser: _Parser, token: Token) -> Published:
    value, at = token.text.strip(), token.value_at
    for op in (">=", "<=", ">", "<", "="):
        if value.startswith(op):
            day, moment = _moment(parser, value[len(op) :], at + len(op))
            after = moment + timedelta(days=1) if day else moment
            if op == ">=":
                return Published(start=moment, at=token.at)
            if op == ">":
                return Published(start=after, start_inclusive=day, at=token.at)
            if op == "<":
                return Published(end=moment, at=token.at)
            if op == "<=":
                return Published(end=after, end_inclusive=not day, at=token.at)
            return Published(moment, True, after, not day, token.at)
    if ".." in value:
        first, _, last = value.partition("..")
        start = _moment(parser, first, at)[1] if first else None
        end_day, end = _moment(parser, last, at + len(first) + 2) if last else (False, None)
        if end is not None and end_day:
            end += timedelta(days=1)
        if start is not None and end is not None and end < start:
            raise parser.fail("the range ends before it starts; write published:START..END", at)
        return Published(start, True, end, end is not None and not end_day, token.at)
    day, moment = _moment(parser, value, at)
    return Published(moment, True, moment + timedelta(days=1) if day else moment, not day, token.at)


def _moment(parser: _Parser, text: str, at: int) -> tuple[bool, datetime]:
    """(is a whole day, the UTC moment it starts) for a date or ISO 8601 datetime."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise parser.fail(
            f"'{text}' is not a date or time; write it like 2026-03-01 or 2026-03-01T14:00:00Z", at
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        date.fromisoformat(text)
    except ValueError:
        return False, moment.astimezone(UTC)
    return True, moment
