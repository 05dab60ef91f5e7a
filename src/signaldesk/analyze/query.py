"""The query language: one parser for watches, search, alert rules and the API.

    parse('("North Korea" OR DPRK) AND sanctions NOT genre:opinion') -> Query
    query.matches(Matchable(title=..., text=...))          one document, in memory
    match = query.compile(); match(prepare(doc))           many rules, one tokenisation
    to_sqlite(query, store)                                the same selection in the store

The syntax is described in docs/query-language.md. Parsing lives in query_lex and
query_parse, the nodes in query_ast, the in-memory matcher in query_match.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
)
from .query_match import Matchable, Matcher, Prepared, compile_node, prepare
from .query_parse import FIELDS, parse_node

__all__ = [
    "FIELDS",
    "And",
    "Field",
    "Matchable",
    "Matcher",
    "Near",
    "Node",
    "Not",
    "Or",
    "Phrase",
    "Prefix",
    "Prepared",
    "Published",
    "Query",
    "Term",
    "parse",
    "prepare",
]


@dataclass(frozen=True)
class Query:
    """A parsed query: its text and its node tree."""

    text: str
    root: Node
    _matcher: list[Matcher] = field(default_factory=list, compare=False, repr=False)

    def compile(self) -> Matcher:
        """The matcher of this query (built once): a function of `prepare(doc)`."""
        if not self._matcher:
            self._matcher.append(compile_node(self.root))
        return self._matcher[0]

    def matches(self, doc: Matchable | Prepared) -> bool:
        """Whether `doc` matches (prepare documents once when checking many queries)."""
        return self.compile()(doc if isinstance(doc, Prepared) else prepare(doc))


def parse(text: str) -> Query:
    """Parse `text`; raise QueryError(message, query, position) on the first mistake."""
    return Query(text, parse_node(text))
