"""Quotes with their speakers: direct quotations and reported speech (rules, no model).

`find_quotes(text, mentions)` returns `Quote` values in text order. Direct quotes come from
`quote_direct`, reported speech from `quote_indirect`, speakers from `quote_speakers`, and
pronouns and nominal speakers are resolved by `quote_resolve`.

- A direct quote's `start`/`end` hold the quoted words (marks left out). A quote split by
  its attribution ("We are ready," she said, "but not yet.") is one Quote whose span runs
  from the first word to the last and whose `text` joins the parts with " … ".
- An indirect quote's span is the reported clause.
- `speaker_start`/`speaker_end` point at the words that name the speaker at the quote (the
  pronoun for "she said"); `speaker` is the resolved name when there is one.
- Only the first `MAX_CHARS` characters are analysed, so a huge text costs bounded time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from signaldesk.analyze import quote_direct, quote_indirect
from signaldesk.analyze.quote_cues import NOUNISH, TAKES_HEARER, WEAK, CueIndex
from signaldesk.analyze.quote_direct import Segment
from signaldesk.analyze.quote_resolve import Resolver
from signaldesk.analyze.quote_speakers import (
    DETERMINERS,
    Span,
    is_abbreviation,
    speaker_after,
    speaker_before,
)
from signaldesk.analyze.sentences import split
from signaldesk.types import Mention, Quote

MAX_CHARS = 100_000
MIN_UNATTRIBUTED_WORDS = 5

_SENTENCE_BREAK = re.compile(r"[.!?][”\"')]*\s+(?=[A-Z“\"])")
_LEADING_WORDS = re.compile(r"(?:\s|(?:But|And|So|Yet|Still|Then|Now|Instead|Later|Meanwhile)\b,?)*")
_PARAGRAPH_WINDOW = 3000  # characters searched back for a paragraph start
_WORD_AND_PERIOD = re.compile(r"[\w.]*[a-z]\.(?=\s)")
_COLON_BEFORE = re.compile(r":\s*$")
_SPEAKER_WORDS = re.compile(r"[\w’'.&()-]+(?:,?\s[\w’'.&()-]+){0,11}")


def find_quotes(text: str, mentions: Sequence[Mention] = ()) -> list[Quote]:
    """Direct and reported quotes in `text`, with speakers and actor ids where known."""
    if not text:
        return []
    text = text[:MAX_CHARS]
    sentences = split(text)
    segs = quote_direct.segments(text)
    cues = CueIndex(text)
    raw: list[tuple[int, int, str, str, Span | None, tuple[tuple[int, int], ...]]] = []
    used: set[int] = set()
    for n, seg in enumerate(segs):
        if n in used:
            continue
        speaker, verb, attribution_end = _attribute(text, seg, cues)
        parts = [(seg.start, seg.end)]
        end = seg.end
        if attribution_end is not None and n + 1 < len(segs):
            nxt = segs[n + 1]
            gap = text[attribution_end : nxt.outer_start]
            if (
                _is_gap(gap)
                and "\n" not in text[seg.outer_end : nxt.outer_start]
                and _attribute_after(text, nxt, cues) is None
            ):
                parts.append((nxt.start, nxt.end))
                end = nxt.end
                used.add(n + 1)
        if speaker is None and len(text[seg.start : seg.end].split()) < MIN_UNATTRIBUTED_WORDS:
            continue
        raw.append((seg.start, end, "direct", verb, speaker, tuple(parts)))
    inside = [(s.start, s.end) for s in segs]
    for hit in quote_indirect.find(text, sentences, inside, cues):
        raw.append((hit.start, hit.end, "indirect", text[hit.cue_start : hit.cue_end], hit.speaker, ()))
    kept = _without_overlaps(raw)
    resolver = Resolver(text, mentions)
    quotes: list[Quote] = []
    for start, end, kind, verb, speaker, spans in kept:
        words = " … ".join(text[a:b] for a, b in spans) if len(spans) > 1 else text[start:end]
        if speaker is None:
            previous = quotes[-1] if quotes else None
            if previous is not None and kind == "direct" and _continues(text, previous, start):
                quotes.append(replace(previous, text=words, start=start, end=end, kind=kind))
            else:
                quotes.append(Quote(words, start, end, kind))
            continue
        name, actor_id = resolver.resolve(speaker)
        quotes.append(Quote(words, start, end, kind, name, speaker.start, speaker.end, actor_id, verb))
        resolver.spoke(speaker, name, actor_id)
    return quotes


def _continues(text: str, previous: Quote, start: int) -> bool:
    """Whether an unattributed quotation at `start` goes on from `previous`: it opens the
    paragraph right after the one that ends with `previous`, a direct quote with a speaker."""
    if previous.kind != "direct" or previous.speaker_start is None:
        return False
    opening = text.rfind("\n", max(0, start - _PARAGRAPH_WINDOW), start) + 1
    if opening == 0 or text[opening:start].strip(" \t\xa0“\"'") != "":
        return False
    gap = text[previous.end : opening].lstrip(",.;:!?”\"' ")
    if any(mark in gap for mark in '“"'):
        return False
    breaks = gap.strip(" \t\xa0").count("\n")
    return 0 < len(gap) < 250 and "\n" in gap and (breaks <= 2 and gap.strip().count("\n") == 0)


def _attribute(text: str, seg: Segment, cues: CueIndex) -> tuple[Span | None, str, int | None]:
    """The speaker and cue next to a direct quote: after it first, then before it."""
    after = _attribute_after(text, seg, cues)
    if after is not None and text[seg.end - 1 : seg.end] != ".":
        return after
    # A quotation that ends its sentence ("Doe said, “We are ready.”") takes a cue before it
    # over one after it, which usually starts the next attribution.
    before = _attribute_before(text, seg, cues)
    if after is not None and not (before[0] is not None and before[1]):
        return after
    return before


def _attribute_after(text: str, seg: Segment, cues: CueIndex) -> tuple[Span, str, int] | None:
    """ "...," she said / "...," said Jane Doe: the speaker, the cue and where they end."""
    window_end = min(len(text), seg.outer_end + 160)
    newline = text.find("\n", seg.outer_end, window_end)
    if newline >= 0:
        window_end = newline
    for cue in cues.between(seg.outer_end, window_end):
        between = text[seg.outer_end : cue.start]
        if any(mark in between for mark in '“"”') or _ends_sentence(between):
            break
        if between.strip(" ,") == "":
            speaker = speaker_after(text, cue.end, window_end)
        else:
            speaker = _between(text, seg.outer_end, cue.start)
        if speaker is not None:
            return speaker, cue.word, max(cue.end, speaker.end)
        break
    return None


def _is_gap(gap: str) -> bool:
    """Whether the words between an attribution and the next quotation may be the rest of
    that attribution (an appositive, an adjunct) ending at most one sentence."""
    if len(gap) > 200 or any(mark in gap for mark in '“”"\n'):
        return False
    return not _ends_sentence(gap.rstrip().rstrip(".,:;") + " ")


def _ends_sentence(words: str) -> bool:
    """Whether `words` hold a sentence end (a period after a word that is no abbreviation)."""
    if "!" in words or "?" in words:
        return True
    return any(not is_abbreviation(m.group()) for m in _WORD_AND_PERIOD.finditer(words))


def _attribute_before(text: str, seg: Segment, cues: CueIndex) -> tuple[Span | None, str, None]:
    """A cue earlier in the quotation's sentence, a colon, or the sentence's subject."""
    lead_start = max(0, seg.outer_start - 300)
    newline = text.rfind("\n", lead_start, seg.outer_start)
    if newline >= 0:
        lead_start = newline + 1
    for end in _SENTENCE_BREAK.finditer(text, lead_start, seg.outer_start):
        lead_start = end.end()
    for cue in reversed(cues.between(lead_start, seg.outer_start)):
        gap = text[cue.end : seg.outer_start]
        if any(ch in gap for ch in ";”"):
            break
        word = cue.word
        speaker = speaker_before(text, lead_start, cue.start, loose=word not in NOUNISH)
        if (
            speaker is None
            and len(gap) < 60
            and gap.strip(" ,:\n")
            and not gap.lstrip().startswith(("to ", "that "))
            and word not in TAKES_HEARER
        ):
            # "said Jane Doe: “...”": the speaker must fill the gap up to the mark.
            after = speaker_after(text, cue.end, seg.outer_start)
            if after is not None and text[after.end : seg.outer_start].strip(" ,:\n") == "":
                speaker = after
        if speaker is None and (word in TAKES_HEARER or word.endswith("ing")):
            # "..., telling reporters, “...”": whoever the sentence is about is speaking.
            speaker = _subject(text, lead_start, cue.start)
        if speaker is not None and word in WEAK and speaker.kind == "nominal":
            speaker = None
        if speaker is not None:
            return speaker, word, None
    found = _colon_subject(text, seg.outer_start, cues) or _subject(text, lead_start, seg.outer_start)
    return found or _paragraph_subject(text, seg.outer_start), "", None


def _subject(text: str, start: int, end: int) -> Span | None:
    """The subject opening the sentence a quotation sits in, when it is a name or a pronoun
    ("Chancellor Angela Merkel condemned ''such a murderous attack''")."""
    lead = _LEADING_WORDS.match(text, start, end)
    begin = lead.end() if lead else start
    if begin >= end:
        return None
    found = speaker_after(text, begin, end)
    if found is not None and text[found.end : found.end + 1] == "," and found.kind != "pronoun":
        # An opening phrase set off by a comma ("When Wallace died in 1998, President Clinton
        # released ..."): the subject comes after it.
        skip = _LEADING_WORDS.match(text, found.end + 1, end)
        later = speaker_after(text, skip.end() if skip else found.end + 1, end)
        found = later if later is not None and later.kind != "nominal" else found
    if found is None or found.kind == "nominal":
        return None
    return found


def _colon_subject(text: str, pos: int, cues: CueIndex) -> Span | None:
    """ "Pew Research: “...”", "the website notes: “...”": the cue's speaker, else the subject."""
    colon = _COLON_BEFORE.search(text, max(0, pos - 300), pos)
    if colon is None:
        return None
    lo = max(0, colon.start() - 300)
    clause = max(text.rfind(". ", lo, colon.start()) + 2, text.rfind("\n", lo, colon.start()) + 1, lo)
    for cue in reversed(cues.between(clause, colon.start())):
        found = speaker_before(text, clause, cue.start, loose=cue.word not in NOUNISH)
        if found is not None:
            return found
    return _subject(text, clause, colon.start())


def _paragraph_subject(text: str, pos: int) -> Span | None:
    """For a quotation opening a paragraph: the subject of the previous paragraph's first
    sentence, when it is a name or a pronoun ("Valastro praised Christie ...")."""
    opening = text.rfind("\n", max(0, pos - _PARAGRAPH_WINDOW), pos) + 1
    if text[opening:pos].strip(" \t\xa0“\"'") != "" or opening == 0:
        return None
    lo = max(0, opening - _PARAGRAPH_WINDOW)
    previous = text.rfind("\n", lo, max(0, opening - 1))
    while previous > lo and text[previous + 1 : opening].strip() == "":
        previous = text.rfind("\n", lo, previous)
    if previous < 0 and lo > 0:
        return None
    start = previous + 1
    if text[start : start + 1] in "“\"'":
        return None
    return _subject(text, start, opening)


def _between(text: str, start: int, end: int) -> Span | None:
    """The words between a closing quote and its cue ("," former congressman Dan Maffei said)."""
    lo = start
    while lo < end and text[lo] in " ,\n—–-":
        lo += 1
    hi = end
    while hi > lo and text[hi - 1] in " ,":
        hi -= 1
    if hi <= lo or not _SPEAKER_WORDS.fullmatch(text, lo, hi):
        return None
    found = speaker_before(text, lo, end)
    if found is None:
        first = speaker_after(text, lo, hi)  # "Nate Silver, the polling guru who ... tweeted"
        if first is not None and first.start == lo and first.kind == "name":
            return first
        words = text[lo:hi].split()
        if len(words) > 6 or not (text[lo].isupper() or words[0].lower() in DETERMINERS):
            return None
        return Span(
            lo, hi, "name" if text[lo].isupper() and words[0] not in ("The", "A", "An") else "nominal"
        )
    lead = text[lo : found.start].split()
    if found.start == lo or len(lead) > 3 or not all(w.isalpha() and w.islower() for w in lead):
        return found
    return Span(lo, found.end, found.kind)  # "former congressman Dan Maffei"


_Raw = tuple[int, int, str, str, Span | None, tuple[tuple[int, int], ...]]


def _without_overlaps(raw: list[_Raw]) -> list[_Raw]:
    """One quote per stretch of text: a reported clause that holds a quotation wins over it,
    a quotation wins over a clause it mostly covers."""
    raw.sort(key=lambda q: (q[0], -q[1]))
    kept: list[_Raw] = []
    for item in raw:
        if kept and item[0] < kept[-1][1]:
            last = kept[-1]
            overlap = min(item[1], last[1]) - item[0]
            shorter = min(item[1] - item[0], last[1] - last[0])
            if overlap <= 0.2 * shorter:
                kept.append(item)
                continue
            kept[-1] = _better(last, item)
            continue
        kept.append(item)
    return kept


def _better(a: _Raw, b: _Raw) -> _Raw:
    if a[4] is None and b[4] is not None:
        return b
    if b[4] is None and a[4] is not None:
        return a
    if a[2] == b[2]:
        return a if a[1] - a[0] >= b[1] - b[0] else b
    direct, indirect = (a, b) if a[2] == "direct" else (b, a)
    if (direct[1] - direct[0]) >= 0.8 * (indirect[1] - indirect[0]):
        if direct[4] is not None:
            return direct
        return (direct[0], direct[1], direct[2], direct[3] or indirect[3], indirect[4], direct[5])
    return indirect
