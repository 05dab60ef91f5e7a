"""Finding the speaker next to a speech cue: a short walk over the words around it.

`speaker_before(text, lo, hi)` reads the words that end at `hi` (the cue) backwards, never
past `lo`; `speaker_after(text, lo, hi)` reads forwards from `lo`. Both return a `Span` or
None. A speaker is one of:

- a name: a run of capitalised words ("Sen. Jane Doe", "The Washington Post"), with a
  lowercase role before it kept ("spokeswoman Haley Morris");
- a pronoun ("he", "she", "they", ...), resolved later by `quote_resolve`;
- a nominal phrase whose head is a speaker noun ("the ministry", "a senior official",
  "officials", "O'Malley's campaign", "a spokesman for the ministry").

"Jane Doe, a spokeswoman, said" gives the name before the appositive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from signaldesk.analyze.quote_cues import VERB_SET, wordset

_TOKEN = re.compile(r"[\w’'.&-]+|[,“”\"():;—]")

PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})

# Nouns that head a speaker phrase ("the ministry said", "officials said").
HEADS = wordset("""
    official officials spokesman spokeswoman spokesperson spokespeople spokesmen
    ministry department agency campaign committee council office government administration
    analyst analysts expert experts aide aides adviser advisers advisor advisors source sources
    diplomat diplomats report reports statement poll polls survey surveys study studies data
    lawmaker lawmakers senator senators leader leaders candidate candidates governor president
    minister secretary director chairman chairwoman chair manager strategist strategists
    observer observers critic critics supporter supporters voter voters officer officers
    spokesmen chairmen chairwomen representative representatives delegate delegates member members staff staffer
    staffers team group groups organization organisation party house court judge prosecutors
    prosecutor police military army navy embassy envoy ambassador negotiator negotiators
    regime media outlet newspaper network agency researchers researcher economist economists
    scientist scientists activist activists people residents witnesses witness author authors
    editorial column columnist board panel commission spokespersons insiders insider allies
    officials' operative operatives pollster pollsters memo letter filing document documents
    release ad announcement company companies firm opponents proponents admiral general officials website tweet article records reporter reporters correspondent
    """)

DETERMINERS = wordset(
    "the a an one two three four five several some many most other both his her their its our "
    "few dozens another these those this that each every any all no"
)

# Lowercase words skipped between the speaker and the cue ("she also said", "has long argued").
SKIPPED = wordset(
    "also later previously recently repeatedly reportedly once then has have had would will "
    "long publicly privately frequently often again earlier just first even never simply "
    "further separately subsequently quickly flatly initially already still both all had "
    "has been was is were are did does do may might could should must can later finally "
    "openly candidly bluntly recently, only"
)

# Capitalised words that start sentences rather than names.
NOT_NAMES = wordset(
    "But And The Yet So Still Now Then Also However Meanwhile Instead In On At Earlier Later Last "
    "This That When While If Because After Before As Since Although Though Asked Speaking For "
    "With Without Indeed Even Still Moreover Furthermore Separately Nor Or Here There It He She "
    "They We I A An Many Some Both Such His Her Their Its Our What Who Why How Where Having Those "
    "These Inside Outside Under Over During Despite Amid Among Asked Like Unlike Until Once Every "
    "Each No Not Only Just Yes Well Oh Immediately Monday Tuesday Wednesday Thursday Friday Saturday "
    "Sunday January February March April June July August September October November December"
)

# Words that end a nominal phrase when walking backwards.
BREAKS = wordset(
    "and or but that which who whom whose when while as if because after before since than "
    "to of for in on at by with from about into over under said says say told according "
    "is are was were be been being has have had not no"
)

CONNECTORS = frozenset({"of", "for", "de", "van", "von", "al", "bin", "la", "le", "del", "di", "da", "&"})


@dataclass(frozen=True, slots=True)
class Span:
    """A speaker phrase at [start, end) in the text; `kind` is name, pronoun or nominal."""

    start: int
    end: int
    kind: str


def _tokens(text: str, lo: int, hi: int) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text, lo, hi))


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and word not in NOT_NAMES


def _name_back(toks: list[re.Match[str]], i: int) -> int:
    """Index of the first token of the capitalised run that ends at token i."""
    j = i
    while j - 1 >= 0:
        prev = toks[j - 1].group()
        if _capitalised(prev):
            j -= 1
        elif prev in CONNECTORS and j - 2 >= 0 and _capitalised(toks[j - 2].group()):
            j -= 2
        elif prev.lower() in HEADS and prev.islower():
            j -= 1  # a role before the name: "spokeswoman Haley Morris"
        elif prev in ("The", "the") and j < i + 1:
            j -= 1
            break
        else:
            break
    return j


def _nominal_back(toks: list[re.Match[str]], i: int) -> int:
    """Index of the first token of the nominal phrase whose head is token i."""
    j = i
    modifiers = 0
    while j - 1 >= 0 and modifiers < 5:
        prev = toks[j - 1].group()
        low = prev.lower()
        if low in DETERMINERS:
            j -= 1
            break
        if (
            prev[:1].isupper()
            or prev.endswith(("’s", "'s"))
            or prev[:1].isdigit()
            or (prev.isalpha() and low not in BREAKS and low not in SKIPPED)
        ):
            j -= 1
        else:
            break
        modifiers += 1
    # "a spokesman for the ministry", "two people familiar with the talks": extend over one
    # of/for/at/with/from (and an adjective before it) to an earlier speaker noun.
    if j - 2 >= 0 and toks[j - 1].group() in ("for", "of", "at", "with", "from"):
        for k in (j - 2, j - 3):
            if k >= 0 and _is_head(toks[k].group()):
                return _nominal_back(toks, k)
    return j


def _is_head(word: str) -> bool:
    low = word.lower()
    return word.islower() and (low in HEADS or low.rstrip("s") in HEADS)


DAYS = wordset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
TIME_WORDS = wordset(
    "a an one two three four five six seven eight nine ten few several less more than about "
    "nearly almost just some day days week weeks month months year years hour hours decade decades"
)


def speaker_before(text: str, lo: int, hi: int, *, loose: bool = True) -> Span | None:
    """The speaker phrase that ends right before the cue at `hi` (not reaching before `lo`).

    With `loose`, any noun phrase led by a determiner counts ("the admiral"); otherwise its
    head must be a speaker noun from `HEADS`.
    """
    toks = _tokens(text, max(lo, hi - 200), hi)
    i = len(toks) - 1
    if i >= 0 and toks[i].group() == ")":
        while i >= 0 and toks[i].group() != "(":
            i -= 1
        i -= 1
    while i >= 0:
        word = toks[i].group()
        if (
            (word.lower() in SKIPPED and word.islower())
            or (word.endswith("ly") and word.islower() and len(word) > 4)  # "she added warily"
            or word in DAYS
            or (word in ("on", "last", "this") and i + 1 < len(toks) and toks[i + 1].group() in DAYS)
        ):
            i -= 1
        elif word == "ago":  # "The State Department less than two weeks ago said"
            i -= 1
            while i >= 0 and (toks[i].group() in TIME_WORDS or toks[i].group().isdigit()):
                i -= 1
        else:
            break
    if i >= 0 and toks[i].group().endswith(("’s", "'s")):
        return None  # a possessive: the cue is a noun ("Trump's claim that")
    if i < 0:
        return None
    word = toks[i].group()
    if word == ",":
        return _outer_appositive(toks, i)
    low = word.lower()
    if low in PRONOUNS and (word.islower() or word in ("I", "He", "She", "They", "It", "We")):
        return Span(toks[i].start(), toks[i].end(), "pronoun")
    if low in BREAKS or low in ("who", "which", "that"):
        return None
    if word[:1].isupper() and word not in NOT_NAMES:
        j = _name_back(toks, i)
        kind = "nominal" if low in HEADS else "name"
        return Span(toks[j].start(), toks[i].end(), kind)
    if low in HEADS or low.rstrip("s") in HEADS:
        j = _nominal_back(toks, i)
        return Span(toks[j].start(), toks[i].end(), "nominal")
    if loose and word.isalpha() and word.islower():
        # Any noun with a determiner before it: "the admiral said", "many opponents argued".
        j = _nominal_back(toks, i)
        if j < i and toks[j].group().lower() in DETERMINERS:
            return Span(toks[j].start(), toks[i].end(), "nominal")
    return None


def _outer_appositive(toks: list[re.Match[str]], comma: int) -> Span | None:
    """Like `_appositive`, through up to three stacked appositives
    ("Cory James, 22, of Flint, Mich., said" gives Cory James)."""
    start = 0
    while start < comma and toks[start].group() in ("But", "And", "So", "Yet"):
        start += 1
    if start < comma and _capitalised(toks[start].group()):
        # A name opening the clause, then only comma-separated asides up to the cue.
        end = start
        while end + 1 < comma and (
            _capitalised(toks[end + 1].group()) or toks[end + 1].group() in CONNECTORS
        ):
            end += 1
        between = [t.group() for t in toks[end + 1 : comma]]
        if (
            between[:1] == [","]
            and between.count(",") <= 5
            and not any(w in VERB_SET or w in ("and", "but", "who", "which", "that") for w in between)
        ):
            return Span(toks[start].start(), toks[end].end(), "name")
    found = _appositive(toks, comma)
    for _ in range(3):
        if found is None or found.kind != "name":
            break
        j = next(n for n, t in enumerate(toks) if t.start() == found.start)
        if j == 0 or toks[j - 1].group() != ",":
            break
        outer = _appositive(toks, j - 1)
        if outer is None or outer.kind != "name":
            break
        found = outer
    return found


def _appositive(toks: list[re.Match[str]], comma: int) -> Span | None:
    """ "Jane Doe, a spokeswoman for X, said": the name before the appositive."""
    k = comma - 1
    steps = 0
    while k >= 0 and toks[k].group() != "," and steps < 20:
        k -= 1
        steps += 1
    if k < 1 or toks[k].group() != "," or steps == 0:
        return None
    inner = [t.group() for t in toks[k + 1 : comma]]
    if all(_capitalised(w) or w in CONNECTORS or w in ("in", "at") for w in inner) and _capitalised(inner[0]):
        return Span(toks[k + 1].start(), toks[comma - 1].end(), "name")  # "its chief, Jane Doe, said"
    first = toks[k + 1].group()
    if not (
        first.islower()
        or first[:1].isdigit()
        or first in ("A", "An", "The")
        or first.lower() in HEADS
        or _capitalised(first)
    ):
        return None
    word = toks[k - 1].group()
    if _capitalised(word):
        j = _name_back(toks, k - 1)
        return Span(toks[j].start(), toks[k - 1].end(), "name")
    if word.lower() in PRONOUNS:
        return Span(toks[k - 1].start(), toks[k - 1].end(), "pronoun")
    if word.lower() in HEADS:
        j = _nominal_back(toks, k - 1)
        return Span(toks[j].start(), toks[k - 1].end(), "nominal")
    return None


def speaker_after(text: str, lo: int, hi: int) -> Span | None:
    """The speaker phrase that starts right after the cue at `lo` ("said Jane Doe")."""
    toks = _tokens(text, lo, min(hi, lo + 200))
    if not toks:
        return None
    first = toks[0].group()
    low = first.lower()
    if low in PRONOUNS:
        return Span(toks[0].start(), toks[0].end(), "pronoun")
    if first in NOT_NAMES and low not in DETERMINERS:
        return None
    end = 0
    lead = 0
    while lead < 3 and lead < len(toks) and toks[lead].group().isalpha() and toks[lead].group().islower():
        lead += 1
    if 0 < lead < len(toks) and toks[lead].group()[:1].isupper():
        first, low = toks[lead].group(), toks[lead].group().lower()  # "former Gov. Jim Hodges"
    if low in DETERMINERS or first[:1].isupper() or low in HEADS:
        for n, tok in enumerate(toks[:9]):
            word = tok.group()
            if word in (",", ".", ";", ":", "“", "”", '"', "(", ")", "—", "''"):
                break
            if word.endswith(".") and not is_abbreviation(word):
                end = n + 1
                break
            if (word.lower() in BREAKS and word not in CONNECTORS and word != "of") or word in VERB_SET:
                break
            if (
                n > lead
                and word.islower()
                and word not in CONNECTORS
                and word not in HEADS
                and toks[n - 1].group()[:1].isupper()
            ):
                break  # a name ends at the first lowercase word: "Valastro praised"
            end = n + 1
            if word.lower() in HEADS and not word[:1].isupper() and n + 1 < len(toks):
                nxt = toks[n + 1].group()
                if not nxt[:1].isupper() and nxt not in ("of", "for"):
                    break
    if end == 0 or all(t.group().lower() in DETERMINERS for t in toks[:end]):
        return None
    last = toks[end - 1]
    if last.group().endswith(("’s", "'s")):
        following = toks[end].group() if end < len(toks) else ""
        if not _is_head(following):
            return None  # "Clinton's attacks were echoed": not the speaker
        last = toks[end]
        end += 1
    stop = last.end() - (1 if last.group().endswith(".") and not is_abbreviation(last.group()) else 0)
    kind = "name" if first[:1].isupper() and low not in DETERMINERS else "nominal"
    return Span(toks[0].start(), stop, kind)


def is_abbreviation(word: str) -> bool:
    """Whether `word` is a title or initials that end in a period (Mrs., Sen., U.S.)."""
    return bool(_ABBREVIATION.fullmatch(word))


_ABBREVIATION = re.compile(
    r"(?:[A-Z]\.)+|(?:Sen|Rep|Gov|Dr|Mr|Mrs|Ms|Jr|Sr|Gen|St|Lt|Col|Sgt|Capt|Adm|Prof|Rev|Amb)\."
)
