"""Many queries against one document at a time: an index from words to the queries needing them.

Most queries can only match when at least one of a few words occurs in the document
(`("North Korea" OR DPRK) AND talks` needs `north` or `dprk`, or else `talks`). A `RuleSet`
files each query under such words and checks a document only against the queries one of
its words points to, plus the few queries that need no word (fields only, bare prefixes).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .query import Query
from .query_ast import And, Near, Node, Or, Phrase, Prefix, Term
from .query_match import Matchable, Matcher, Prepared, prepare


def triggers(node: Node) -> frozenset[str] | None:
    """Tokens of which at least one must occur for `node` to match; None when no such set is known."""
    if isinstance(node, Term | Phrase):
        return frozenset(node.tokens[:1])
    if isinstance(node, Prefix):
        return frozenset(node.tokens[:1]) if len(node.tokens) > 1 else None
    if isinstance(node, Near):
        left, right = triggers(node.left), triggers(node.right)
        return left if left is not None else right
    if isinstance(node, And):
        found = [t for t in (triggers(item) for item in node.items) if t is not None]
        return min(found, key=len) if found else None
    if isinstance(node, Or):
        union: set[str] = set()
        for item in node.items:
            part = triggers(item)
            if part is None:
                return None
            union |= part
        return frozenset(union)
    return None


class RuleSet:
    """Named queries, checked together: `matching(doc)` gives the names of those that match."""

    def __init__(self, queries: Mapping[str, Query] | Iterable[tuple[str, Query]]) -> None:
        items = list(queries.items() if isinstance(queries, Mapping) else queries)
        self.names = [name for name, _ in items]
        self._matchers: list[Matcher] = [query.compile() for _, query in items]
        self._always: list[int] = []
        self._index: dict[str, list[int]] = {}
        for number, (_, query) in enumerate(items):
            words = triggers(query.root)
            if words is None:
                self._always.append(number)
            else:
                for word in words:
                    self._index.setdefault(word, []).append(number)

    def __len__(self) -> int:
        return len(self.names)

    def candidates(self, doc: Prepared) -> list[int]:
        """Numbers of the queries worth checking for `doc`, in order."""
        index, words = self._index, doc.words
        found = set(self._always)
        if len(words) < len(index):
            for word in words:
                hit = index.get(word)
                if hit:
                    found.update(hit)
        else:
            for word, hit in index.items():
                if word in words:
                    found.update(hit)
        return sorted(found)

    def matching(self, doc: Matchable | Prepared) -> list[str]:
        """Names of the queries `doc` matches, in the order they were given."""
        prepared = doc if isinstance(doc, Prepared) else prepare(doc)
        matchers, names = self._matchers, self.names
        return [names[n] for n in self.candidates(prepared) if matchers[n](prepared)]
