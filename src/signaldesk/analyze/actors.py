"""The actor gazetteer: find the desk's actors in a text, with exact offsets.

One Aho-Corasick automaton (pyahocorasick) holds every name, alias, role phrase and person
surname of the desk, normalised as in `names` so spelling variants meet ("Choe Son-hui",
"Choe Sonhui", "CHOE Son Hui"). It runs over a normalised view of the text; each hit is
mapped back to the original text and kept only if

- it starts and ends on word boundaries of the original text;
- acronyms (NSC, OFAC, KCNA) appear exactly, in capitals;
- a name the desk wrote capitalised is not written in lowercase common words
  ("the state of the economy", "treasury bonds" and "a pentagon" are not actors); phrases
  the desk wrote in lowercase ("lawmakers", "leader of North Korea") match in any case;
- a name of several words is not written as one ("Whitehouse" is a senator);
- the words just before it do not place it in another country ("South Korean lawmakers",
  "India's Congress party") or, for a US institution, in a US state ("Florida Department
  of State"); such a span is then taken by nothing, so no shorter actor is found inside;
- it is not part of a longer match (longest wins, then the earliest).

A few generic phrases ("Treasury bonds", "Party Congress", "Liberal Democratic Party") are
matched as blockers: they take their span so no actor is found inside it.

Role phrases point to their actor ("a State Department spokesperson" is the State
Department). A person's role phrase directly followed by a capitalised word is a title
before a name ("Foreign Minister Choe Son Hui") and is dropped: the name decides. Role
phrases or names shared by two actors are ambiguous and dropped.

Surname only ("Choe said", "Mr. Kim"): the family name (first word for Korean and Chinese
names, last word otherwise) counts when it is capitalised, is not glued to another
capitalised word ("Sung Kim", "Kim Il Sung"; titles such as "Mr." or "Minister" are fine),
and either the actor was mentioned in full earlier in the same text (the latest such
actor wins: "Kim" after "Kim Yo Jong") or the surname belongs to one person only in the
registry. Only the first `MAX_CHARS` characters of a text are searched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from signaldesk.analyze import names
from signaldesk.config import Actor
from signaldesk.types import Mention

MAX_CHARS = 300_000
FAMILY_NAME_FIRST = frozenset({"KP", "KR", "CN"})
BLOCKERS = (
    "Treasury bond",
    "Treasury bonds",
    "Treasury bill",
    "Treasury bills",
    "Treasury note",
    "Treasury notes",
    "Treasury yield",
    "Treasury yields",
    "Treasury securities",
    "Treasury market",
    "Party Congress",
    "People's Congress",
    "State of the Union",
    # Other countries' parties that contain a US party's name.
    "Democratic Party of Korea",
    "Democratic Party of Japan",
    "Liberal Democratic Party",
    "Social Democratic Party",
    "Social Democrats",
    "Christian Democrats",
    "Christian Democratic Union",
    "Republican People's Party",
)
TITLES = names.word_set(
    """
    mr mrs ms dr sen senator rep representative president vice chairman chairwoman chair
    minister secretary leader comrade general gen ambassador envoy director spokesperson
    spokesman spokeswoman premier marshal madam madame sir lady lord prof professor
    """
)
# Capitalised words that start sentences without being part of a name ("Later Choe said").
SENTENCE_STARTERS = names.word_set(
    """
    a after afterwards also although and as at because before but by during earlier even
    finally for from however if in instead last later meanwhile moreover nevertheless now
    on once only separately since so still that the then there this though thus today
    tomorrow until when where while with yesterday yet asked according
    """
)
# Words in front of a name that place it in a country: "South Korean lawmakers" and "India's
# Congress party" are not the US Congress when the actor's country is another one.
COUNTRY_WORDS = {
    "US": ("american", "u.s.", "us", "united states", "america's", "washington's"),
    "KP": ("north korean", "north korea's", "pyongyang's"),
    "KR": ("south korean", "south korea's", "seoul's"),
    "JP": ("japanese", "japan's", "tokyo's"),
    "CN": ("chinese", "china's", "beijing's"),
    "RU": ("russian", "russia's", "moscow's"),
    "IN": ("indian", "india's"),
    "GB": ("british", "britain's", "uk", "u.k."),
    "FR": ("french", "france's"),
    "DE": ("german", "germany's"),
    "TW": ("taiwanese", "taiwan's"),
    "UA": ("ukrainian", "ukraine's"),
    "IR": ("iranian", "iran's"),
}
# A US state's name in front of a federal institution's name makes it the state's own body
# ("Florida Department of State", "Missouri Secretary of State").
US_STATES = (
    names.word_set(
        """
    alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
    hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts
    michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon
    pennsylvania tennessee texas utah vermont virginia wisconsin wyoming
    """
    )
    | {"new hampshire", "new jersey", "new mexico", "new york", "north carolina", "north dakota"}
    | {
        "rhode island",
        "south carolina",
        "south dakota",
        "west virginia",
    }
)
COUNTRY_WORDS["US-state"] = tuple(sorted(US_STATES | {f"{state}'s" for state in US_STATES}))
_COUNTRY_BEFORE = re.compile(
    "(?:^|[^\\w.])("
    + "|".join(re.escape(w) for words in COUNTRY_WORDS.values() for w in sorted(words, key=len, reverse=True))
    + ")[ \t]+$"
)
_COUNTRY_OF = {w: code for code, words in COUNTRY_WORDS.items() for w in words}
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([A-Z][\w.'’-]*)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+([A-Z])")


@dataclass(frozen=True, slots=True)
class Pattern:
    """One way the desk names an actor; `how` is name, alias, role, surname or blocker."""

    actor_id: str | None
    type: str
    text: str
    how: str
    acronym: bool = False
    any_case: bool = False
    country: str = ""


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    patterns: tuple[Pattern, ...]

    @property
    def rank(self) -> tuple[int, int, int]:
        surname = any(p.how == "surname" for p in self.patterns)
        return (-(self.end - self.start), int(surname), self.start)


_ELSEWHERE = Pattern(None, "", "", "blocker")


def surname(actor: Actor) -> str | None:
    """The family name of a person actor, or None when the name is a single word."""
    parts = _ARTICLE.sub("", actor.name).split()
    if actor.kind != "person" or len(parts) < 2:
        return None
    return parts[0] if actor.country.upper() in FAMILY_NAME_FIRST else parts[-1]


def _variants(phrase: str) -> list[str]:
    phrase = _ARTICLE.sub("", phrase.strip())
    found = [phrase] if phrase else []
    for prefix, other in (("U.S. ", "US "), ("US ", "U.S. ")):
        if phrase.startswith(prefix):
            found.append(other + phrase[len(prefix) :])
    return found


def patterns_of(actor: Actor) -> list[Pattern]:
    """Every pattern one actor contributes."""
    found: list[Pattern] = []
    for how, phrases in (("name", (actor.name,)), ("alias", actor.aliases), ("role", actor.roles)):
        for phrase in phrases:
            for variant in _variants(phrase):
                if how == "role" and actor.kind == "person" and len(variant.split()) < 2:
                    continue  # "Senator" alone names nobody in particular
                found.append(
                    Pattern(
                        actor.id,
                        actor.kind,
                        variant,
                        how,
                        acronym=names.is_acronym(variant),
                        any_case=variant[0].islower(),
                        country=actor.country.upper(),
                    )
                )
    family = surname(actor)
    if family:
        found.append(Pattern(actor.id, actor.kind, family, "surname"))
    return found


class ActorRegistry:
    """The desk's actors, compiled for fast lookup. Build once, call `find` many times."""

    def __init__(self, patterns: Iterable[Pattern]) -> None:
        grouped: dict[str, list[Pattern]] = {}
        for pattern in patterns:
            key = names.normalise(pattern.text)
            if key:
                grouped.setdefault(key, []).append(pattern)
        self._automaton = ahocorasick.Automaton()
        for key, group in grouped.items():
            group = _settle(group)
            if group:
                self._automaton.add_word(key, (len(key), tuple(group)))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    @classmethod
    def from_config(cls, actors: Iterable[Actor]) -> ActorRegistry:
        """A registry of the desk file's actors (signaldesk.config.Actor)."""
        patterns: list[Pattern] = []
        for actor in actors:
            patterns += patterns_of(actor)
        patterns += [Pattern(None, "", text, "blocker", any_case=True) for text in BLOCKERS]
        return cls(patterns)

    def find(self, text: str) -> list[Mention]:
        """Mentions of known actors in `text`, in text order, with exact offsets."""
        if self._empty or not text:
            return []
        text = text[:MAX_CHARS]
        normal = names.view(text)
        hits: list[_Hit] = []
        for last, (length, group) in self._automaton.iter(normal.text):
            start = normal.origin(last - length + 1)
            end = normal.origin(last) + 1
            if not names.is_boundary(text, start, end):
                continue
            kept = tuple(p for p in group if _fits(p, text, start, end))
            if kept and _placed_elsewhere(text, start, kept[0]):
                kept = (_ELSEWHERE,)  # another country's body: nothing shorter is found inside
            if kept:
                hits.append(_Hit(start, end, kept))
        return _resolve(text, _longest(hits))


def _settle(group: list[Pattern]) -> list[Pattern]:
    """Drop ambiguity inside one key: full patterns beat surnames; two actors on one full
    pattern cancel out (unless one is a blocker, which wins)."""
    blockers = [p for p in group if p.how == "blocker"]
    if blockers:
        return blockers[:1]
    full = [p for p in group if p.how != "surname"]
    if full:
        actors = {p.actor_id for p in full}
        return full if len(actors) == 1 else []
    return group


def _fits(pattern: Pattern, text: str, start: int, end: int) -> bool:
    surface = text[start:end]
    if " " in pattern.text and not any(c in names.SEPARATORS for c in surface):
        return False  # "Whitehouse" (a surname) is not "White House"
    if pattern.acronym:
        return surface == pattern.text
    if pattern.how == "surname":
        return _lone_surname(text, start, end)
    if pattern.how == "role" and pattern.type == "person" and _WORD_AFTER.match(text, end):
        return False  # a title in front of a name: the name decides
    if pattern.any_case:
        return True
    return not names.is_lowercase_common(surface)


def _placed_elsewhere(text: str, start: int, pattern: Pattern) -> bool:
    """The words just before `start` name a country other than the actor's (or, for a US
    institution, a US state)."""
    if not pattern.country:
        return False
    before = text[max(0, start - 24) : start].translate(names.APOSTROPHES).lower()
    match = _COUNTRY_BEFORE.search(before)
    if match is None:
        return False
    place = _COUNTRY_OF[match.group(1)]
    if place == "US-state":
        return pattern.country == "US" and pattern.type == "institution"
    return place != pattern.country


def _lone_surname(text: str, start: int, end: int) -> bool:
    if not text[start].isupper():
        return False
    if _WORD_AFTER.match(text, end):
        return False
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if before:
        word = before.group(1).lower()
        if word.endswith("."):  # a title abbreviation or the end of the sentence before
            return True
        if word not in TITLES and word not in SENTENCE_STARTERS:
            return False
    return True


def _longest(hits: list[_Hit]) -> list[_Hit]:
    """Non-overlapping hits: the longest first, then the earliest; back in text order.

    Hits are grouped into runs that overlap each other; the choice is made in each run.
    """
    chosen: list[_Hit] = []
    run: list[_Hit] = []
    reach = -1
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if run and hit.start >= reach:
            chosen += _pick(run)
            run = []
        run.append(hit)
        reach = max(reach, hit.end) if len(run) > 1 else hit.end
    if run:
        chosen += _pick(run)
    return chosen


def _pick(run: list[_Hit]) -> list[_Hit]:
    if len(run) == 1:
        return run
    kept: list[_Hit] = []
    for hit in sorted(run, key=lambda h: h.rank):
        if all(hit.end <= other.start or other.end <= hit.start for other in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)


def _resolve(text: str, hits: list[_Hit]) -> list[Mention]:
    """Turn hits into mentions, deciding each surname from what came before it."""
    mentions: list[Mention] = []
    last_full: dict[str, int] = {}
    for hit in hits:
        full = [p for p in hit.patterns if p.how not in ("surname", "blocker")]
        pattern: Pattern | None = full[0] if full else None
        if pattern is not None and pattern.actor_id:
            last_full[pattern.actor_id] = hit.start
        elif any(p.how == "surname" for p in hit.patterns):
            pattern = _surname_owner(hit.patterns, last_full)
        if pattern is None or pattern.actor_id is None:
            continue
        mentions.append(
            Mention(text[hit.start : hit.end], hit.start, hit.end, pattern.type, pattern.actor_id)
        )
    return mentions


def _surname_owner(patterns: tuple[Pattern, ...], last_full: dict[str, int]) -> Pattern | None:
    seen = [p for p in patterns if p.actor_id in last_full]
    if seen:
        return max(seen, key=lambda p: last_full[p.actor_id or ""])
    return patterns[0] if len(patterns) == 1 else None
