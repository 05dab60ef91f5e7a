"""Who a speaker phrase points to: names, pronouns and nominal phrases.

The rules, in order, for a speaker span found at a quote:

- a mention (from the desk's actor gazetteer) overlapping the span gives its `actor_id`;
- a name ("Doe") with no overlapping mention takes the actor of the most recent earlier
  mention whose last word is the same ("Jane Doe");
- "he"/"she" resolve to the most recent earlier person: a person mention or a named speaker
  that does not look like an organisation; "they"/"it" to the most recent earlier
  organisation or institution (mention or named speaker);
- a nominal phrase ("the ministry", "a State Department official") keeps its own text as the
  speaker and takes the actor of the most recent earlier organisation or institution mention
  whose name contains the phrase's head noun, one of its institution nouns ("a ministry
  spokesman" -> ministry) or one of its capitalised words.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from signaldesk.analyze.quote_cues import wordset
from signaldesk.analyze.quote_speakers import Span
from signaldesk.types import Mention

_POSSESSIVE = re.compile(r"[’']s?$")

ORGANISATION_WORDS = wordset("""
    department ministry committee council office agency administration government campaign
    party house post times news press journal network association institute university
    center centre group commission bureau service foundation fund corporation company inc
    court senate congress parliament embassy army navy force forces command agency media
    tribune herald guardian reuters ap cnn msnbc fox abc cbs nbc npr pac union league board
    """)
LOOK_BACK = 200  # mentions searched back from a speaker
_OWNER = re.compile(r"['’]s?\s")
GROUP_TYPES = frozenset({"organisation", "organization", "institution", "party", "country"})


@dataclass(frozen=True, slots=True)
class _Said:
    start: int
    name: str
    actor_id: str | None
    person: bool


def _bare(word: str) -> str:
    """`word` lowercased without surrounding punctuation or a possessive ending."""
    return _POSSESSIVE.sub("", word.strip(".,")).lower()


def _looks_like_organisation(name: str) -> bool:
    return any(_bare(word) in ORGANISATION_WORDS for word in name.split())


class Resolver:
    """Resolves speaker spans in text order; call `spoke` after each quote."""

    def __init__(self, text: str, mentions: Sequence[Mention]) -> None:
        self.text = text
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self.starts = [m.start for m in self.mentions]
        self.speakers: list[_Said] = []

    def spoke(self, span: Span, name: str, actor_id: str | None) -> None:
        if span.kind == "name":
            self.speakers.append(_Said(span.start, name, actor_id, not _looks_like_organisation(name)))
        elif span.kind == "nominal":
            self.speakers.append(_Said(span.start, name, actor_id, False))

    def resolve(self, span: Span) -> tuple[str, str | None]:
        """The speaker's name and actor id for `span`."""
        words = self.text[span.start : span.end]
        overlapping = self._overlapping(span)
        if overlapping is not None and span.kind != "pronoun":
            return words, overlapping.actor_id
        if span.kind == "pronoun":
            return self._pronoun(span, words.lower())
        if span.kind == "name":
            return words, self._same_surname(span, words)
        return words, self._institution(span, words)

    def _before(self, pos: int) -> list[Mention]:
        """The mentions starting before `pos`, nearest first (at most `LOOK_BACK` of them)."""
        end = bisect_left(self.starts, pos)
        return self.mentions[max(0, end - LOOK_BACK) : end][::-1]

    def _overlapping(self, span: Span) -> Mention | None:
        """The actor named in the speaker span; in "Kestria's Foreign Ministry" the owner
        ("Kestria's") only describes the head that follows it, which is the speaker."""
        lo = bisect_left(self.starts, span.start - 200)
        found: Mention | None = None
        for mention in self.mentions[lo:]:
            if mention.start >= span.end:
                break
            if mention.end > span.start and mention.actor_id:
                if found is not None:
                    return mention
                if not _OWNER.match(self.text, mention.end):
                    return mention
                found = mention
        return found

    def _same_surname(self, span: Span, words: str) -> str | None:
        last = _bare(words.split()[-1]) if words.split() else ""
        for mention in self._before(span.start):
            parts = mention.text.split()
            if parts and _bare(parts[-1]) == last and mention.actor_id:
                return mention.actor_id
        return None

    def _pronoun(self, span: Span, pronoun: str) -> tuple[str, str | None]:
        person = pronoun in ("he", "she")
        group = pronoun in ("they", "it")
        if not (person or group):
            return self.text[span.start : span.end], None
        best_start = -1
        best: tuple[str, str | None] = (self.text[span.start : span.end], None)
        for mention in self._before(span.start):
            fits = mention.type == "person" if person else mention.type in GROUP_TYPES
            if fits:
                best_start, best = mention.start, (mention.text, mention.actor_id)
                break
        for said in reversed(self.speakers):
            if said.start >= span.start:
                continue
            if said.person == person:
                if said.start > best_start:
                    best = (said.name, said.actor_id)
                break
        return best

    def _institution(self, span: Span, words: str) -> str | None:
        keys = {_bare(w) for w in words.split() if w[:1].isupper() or _bare(w) in ORGANISATION_WORDS}
        head = words.split()[-1].lower().rstrip("s") if words.split() else ""
        keys.add(head)
        keys -= {"the", "a", "an", ""}
        for mention in self._before(span.start):
            if mention.type not in GROUP_TYPES or not mention.actor_id:
                continue
            name_words = {_bare(w) for w in mention.text.split()}
            if keys & name_words:
                return mention.actor_id
        return None
