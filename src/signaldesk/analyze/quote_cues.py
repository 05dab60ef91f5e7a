"""The speech cues: verbs and phrases that introduce what someone said, as one regex.

Kept as data: add a verb to `VERBS` (every form you want matched) and the regexes pick it up.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass


def wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text`: how word lists are written here."""
    return frozenset(text.split())


VERBS = wordset(
    """
say says said saying tell tells told telling add adds added adding warn warns warned warning
argue argues argued arguing note notes noted noting write writes wrote writing
announce announces announced announcing state states stated claim claims claimed claiming
insist insists insisted insisting explain explains explained explaining
acknowledge acknowledges acknowledged acknowledging admit admits admitted admitting
declare declares declared declaring suggest suggests suggested suggesting
report reports reported reporting tweet tweets tweeted tweeting recall recalls recalled
respond responds responded reply replies replied concede concedes conceded
conclude concludes concluded predict predicts predicted promise promises promised
vow vows vowed pledge pledges pledged stress stresses stressed emphasize emphasizes emphasized
maintain maintains maintained contend contends contended counter counters countered
complain complains complained confirm confirms confirmed deny denies denied
believe believes believed think thinks thought estimate estimates estimated
observe observes observed caution cautions cautioned charge charges charged
allege alleges alleged assert asserts asserted remark remarks remarked boast boasts boasted
joke jokes joked quip quips quipped ask asks asked reveal reveals revealed
indicate indicates indicated hint hints hinted show shows showed shown find finds found
predicted worry worries worried fear fears feared hope hopes hoped feel feels felt
know knows knew agree agrees agreed disagree disagrees disagreed recommend recommends
recommended urge urges urged demand demands demanded mused muse muses posted posts
continued continues explained says signaled signalled signals insisted wrote
answer answers answered react reacts reacted retort retorts retorted
"""
)

VERB_SET = VERBS

# Verbs that report speech without naming a verb of saying; they need "that" or a quote.
WEAK = wordset("""
    show shows showed shown find finds found know knows knew feel feels felt hope hopes hoped
    worry worries worried fear fears feared agree agrees agreed disagree disagrees disagreed
    recommend recommends recommended urge urges urged demand demands demanded continued continues
    charge charges charged reveal reveals revealed report reports reported
    """)

# Verbs that take the hearer as object before the content ("told reporters that ...").
TAKES_HEARER = wordset("tell tells told telling ask asks asked urge urges urged")

_WORD = re.compile(r"[^\W\d_]+")
# Two-word cues: the first word and the word that must follow it.
PHRASES = {"according": "to", "According": "to", "went": "on", "put": "it"}


@dataclass(frozen=True, slots=True)
class Cue:
    """A speech cue at [start, end) in the text; `word` is its text as written."""

    start: int
    end: int
    word: str


def find_cues(text: str, start: int = 0, end: int | None = None) -> list[Cue]:
    """The speech cues in text[start:end], in order (case-sensitive: "State Department" is
    no cue, "According to" is). A word scan and a set lookup: much faster than one regex."""
    stop = len(text) if end is None else end
    found = []
    for match in _WORD.finditer(text, start, stop):
        word = match.group()
        second = PHRASES.get(word)
        if second is not None:
            after = match.end() + 1 + len(second)
            if (
                after <= stop
                and text[match.end() : after] == " " + second
                and (after == len(text) or not text[after].isalnum())
            ):
                found.append(Cue(match.start(), after, text[match.start() : after]))
                continue
        if word in VERB_SET:
            found.append(Cue(match.start(), match.end(), word))
    return found


class CueIndex:
    """Every cue of one text, found once; `between` hands out those inside a window."""

    def __init__(self, text: str) -> None:
        self.cues = find_cues(text)
        self.starts = [cue.start for cue in self.cues]

    def between(self, start: int, end: int) -> list[Cue]:
        first = bisect_left(self.starts, start)
        last = bisect_left(self.starts, end)
        return [cue for cue in self.cues[first:last] if cue.end <= end]


# Cue forms that are also nouns ("his claim that", "the vain hope"): these need a speaker
# that is a name, a pronoun or a speaker noun, never any noun phrase.
NOUNISH = wordset("""
    claim claims hope hopes report reports fear fears worry charge charges estimate estimates
    promise promises demand demands remarks remark posts post tweets tweet thought warning
    show shows state states answer reply replies counter joke jokes quip quips reveal find
    finds pledge pledges vow vows concern stress note notes muse
    """)

DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"

# What may stand between the cue and the content ("said in a statement on Tuesday that").
ADJUNCT = re.compile(
    rf"""\s*,?\s*(?:
        in\ an?\ (?:written\ |joint\ |brief\ |separate\ |televised\ )?(?:statement|interview|email|e-mail|
            op-ed|speech|post|tweet|letter|memo|report|press\ release|release|video|message|news\ release)
            (?:\ (?:on|with|to)\ (?:the\ )?[A-Z][\w.’'-]*(?:\ [A-Z][\w.’'-]*)*)?
        |(?:on|last|this|late|early|earlier)\ (?:{DAYS}|week|month|year|night|morning|afternoon|evening|
            Twitter|Facebook|CNN|Fox\ News|MSNBC|NBC|ABC|CBS)(?:\ (?:night|morning|afternoon|evening))?
        |(?:{DAYS})(?:\ (?:night|morning|afternoon|evening))?
        |(?:to|at|during|via|on|in)\ (?:the\ |a\ |an\ )?(?:reporters|journalists|Twitter|Facebook|
            (?:press|news)\ conference|rally|briefing|hearing|debate|event|interview|town\ hall|speech|
            campaign\ event|statement|radio|television|[A-Z][\w.’'-]*(?:\ [A-Z][\w.’'-]*){{0,3}})
            (?:\ (?:in|on)\ [A-Z][\w.’'-]*(?:\ [A-Z][\w.’'-]*){{0,2}})?
        |(?:recently|repeatedly|previously|later|again|also|privately|publicly|flatly|
            once|often|yesterday|today|tonight|Tuesday)
    )""",
    re.VERBOSE,
)
