"""Reported speech: a speech cue with its speaker and the clause it reports.

Shapes found, within one sentence (the content may run on through a quotation it opens):

- pre-posed:  SPEAKER [also] CUE [hearer] [adjuncts] [that|:] CONTENT
  ("the ministry said Tuesday it would ...", "Doe told reporters that ...")
- post-posed: CONTENT, SPEAKER CUE [adjuncts].   ("It will wait, the spokeswoman said.")
- inverted:   CONTENT, CUE SPEAKER.               ("..., said Jane Doe, a spokeswoman.")
- according:  according to SPEAKER, CONTENT  /  CONTENT, according to SPEAKER.
- participle: SUBJECT ..., saying|adding|noting [that] CONTENT
- coordinated: SUBJECT VERB ... and CUE [that] CONTENT  ("The ministry defended X and said ...")
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from signaldesk.analyze.quote_cues import ADJUNCT, NOUNISH, TAKES_HEARER, WEAK, Cue, CueIndex
from signaldesk.analyze.quote_speakers import Span, speaker_after, speaker_before
from signaldesk.analyze.sentences import Sentence

_CLAUSE_START = re.compile(
    r"\s*(?:[“\"]|[A-Z0-9$]|(?:he|she|it|they|we|i|you|there|this|these|those|the|a|an|his|her|"
    r"their|its|our|no|some|many|most|all|both|if|when|only|more|each|nobody|none|people)\b)"
)
MAX_CONTENT = 1500  # characters: a sentence with no end never runs on through the document
WINDOW = 600  # characters before a cue read for its speaker and a post-posed clause
_NEXT_QUOTE = re.compile(r"[.!?]\s+(?:''|“|\")")
_ANY_WORD = re.compile(r"\s+[a-z]{2,}\b")
_THAT = re.compile(r"\s*(?:,\s*)?(?:that\b|:)\s*")
_HEARER = re.compile(
    r"\s+(?:him|her|them|me|us|you|reporters|journalists|supporters|voters|the\ (?:crowd|audience|"
    r"room|paper|newspaper|committee|network)|(?:the\ )?[A-Z][\w.’'&-]*(?:\ (?:of\ )?[A-Z][\w.’'&-]*){0,4}|"
    r"(?:a|an)\ (?:\w+\ ){0,3}(?:crowd|audience|reporter|interviewer|rally|group|gathering))",
    re.VERBOSE,
)
_SENTENCE_END = re.compile(r"\s*(?:[.!?]|$)")
_AND = re.compile(r"\w\s+and$")
_LEADING = re.compile(r"(?:\s|But\b|And\b|So\b|Yet\b|Still\b|,)*")


@dataclass(frozen=True, slots=True)
class Reported:
    """One reported-speech finding: content [start, end), its cue and its speaker."""

    start: int
    end: int
    cue_start: int
    cue_end: int
    speaker: Span | None


def find(
    text: str, sentences: list[Sentence], inside_direct: list[tuple[int, int]], cues: CueIndex
) -> list[Reported]:
    """Reported speech in `text`; cues inside the quoted words of a direct quote are ignored."""
    starts = [s.start for s in sentences]
    direct_starts = [a for a, _ in inside_direct]
    found: list[Reported] = []
    for cue in cues.cues:
        k = bisect_right(direct_starts, cue.start) - 1
        if k >= 0 and inside_direct[k][0] <= cue.start < inside_direct[k][1]:
            continue
        n = bisect_right(starts, cue.start) - 1
        if n < 0:
            continue
        sentence = sentences[n]
        if cue.start >= sentence.end:
            continue
        # Bound the work per cue: a sentence with no end never costs more than a window.
        window = Sentence(
            max(sentence.start, cue.start - WINDOW), min(sentence.end, cue.end + MAX_CONTENT), ""
        )
        hit = _one(text, window, cue, cues)
        if hit is not None and hit.end - hit.start >= 8:
            found.append(hit)
    return found


def _one(text: str, sentence: Sentence, cue: Cue, cues: CueIndex) -> Reported | None:
    word = cue.word.lower()
    if word == "according to":
        return _according(text, sentence, cue)
    before = text[sentence.start : cue.start]
    stripped = before.rstrip()
    # Inverted: "..., said Jane Doe."
    if stripped.endswith(",") and not stripped.endswith(("”,", '",', "'',")):
        apposed = speaker_before(text, sentence.start, cue.start, loose=word not in NOUNISH)
        if apposed is not None and not word.endswith("ing"):
            hit = _pre(text, sentence, cue, apposed, word)
            if hit is not None:
                return hit
        speaker = speaker_after(text, cue.end, sentence.end)
        if speaker is not None and word not in WEAK and not word.endswith("ing"):
            return _post(text, sentence, cue, len(stripped) - 1, speaker)
        if word.endswith("ing") and word not in WEAK:
            return _participle(text, sentence, cue, cues)
        return None
    if _AND.search(stripped) and word not in WEAK and not word.endswith("ing"):
        # A second predicate: "The ministry on Monday defended the move and said that ..."
        subject = _sentence_subject(text, sentence.start, cue.start)
        return _pre(text, sentence, cue, subject, word) if subject is not None else None
    speaker = speaker_before(text, sentence.start, cue.start, loose=word not in NOUNISH)
    if speaker is None:
        return None
    head = text[sentence.start : speaker.start].rstrip()
    after = cue.end
    if word in TAKES_HEARER:
        hearer = _HEARER.match(text, after, sentence.end)
        after = hearer.end() if hearer else after
    after = _after_adjuncts(text, after, sentence.end)
    # Post-posed: "CONTENT, SPEAKER said."
    if head.endswith(",") and _SENTENCE_END.match(text, after) and word not in WEAK:
        if head.endswith(("”,", '",', "'',")):
            return None  # a direct quote: the direct pass attributes it
        return _post(text, sentence, cue, sentence.start + len(head) - 1, speaker)
    return _pre(text, sentence, cue, speaker, word)


def _after_adjuncts(text: str, pos: int, limit: int) -> int:
    for _ in range(3):
        match = ADJUNCT.match(text, pos, limit)
        if not match or match.end() == pos:
            break
        pos = match.end()
    return pos


def _pre(text: str, sentence: Sentence, cue: Cue, speaker: Span, word: str) -> Reported | None:
    pos = cue.end
    if word in TAKES_HEARER:
        hearer = _HEARER.match(text, pos, sentence.end)
        if hearer:
            pos = hearer.end()
    pos = _after_adjuncts(text, pos, sentence.end)
    that = _THAT.match(text, pos, sentence.end)
    if that and that.end() > pos:
        start = that.end()
    elif word in WEAK:
        return None
    else:
        match = _CLAUSE_START.match(text, pos, sentence.end) or (
            _ANY_WORD.match(text, pos, sentence.end) if word in ("said", "says", "say") else None
        )
        if not match or text[pos : pos + 1] not in (" ", ",", "\n"):
            return None
        start = pos
        while start < sentence.end and text[start] in " ,\n":
            start += 1
    end = sentence.end
    stop = _NEXT_QUOTE.search(text, start, end)
    if stop:
        end = stop.start() + 1
    end = _trim_end(text, start, end)
    if end - start < 8:
        return None
    return Reported(start, end, cue.start, cue.end, speaker)


def _post(text: str, sentence: Sentence, cue: Cue, comma: int, speaker: Span) -> Reported | None:
    start = sentence.start
    start = _skip_leading(text, start, comma)
    if text[start : start + 1] in ("“", '"', "'"):
        return None  # the clause is a direct quote: the direct pass attributes it
    end = comma
    start = max(start, end - MAX_CONTENT)
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start < 8:
        return None
    return Reported(start, end, cue.start, cue.end, speaker)


def _according(text: str, sentence: Sentence, cue: Cue) -> Reported | None:
    speaker = speaker_after(text, cue.end, sentence.end)
    if speaker is None:
        return None
    lead = text[sentence.start : cue.start]
    if not lead.strip(" ,\n") or _LEADING.fullmatch(lead):
        comma = text.find(",", speaker.end, sentence.end)
        if comma < 0:
            return None
        start = comma + 1
        while start < sentence.end and text[start].isspace():
            start += 1
        end = _trim_end(text, start, sentence.end)
    else:
        start = _skip_leading(text, sentence.start, cue.start)
        end = cue.start
        while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
            end -= 1
    if end - start < 8:
        return None
    return Reported(start, end, cue.start, cue.end, speaker)


def _participle(text: str, sentence: Sentence, cue: Cue, cues: CueIndex) -> Reported | None:
    """ "..., saying that ...": the speaker of an earlier cue in the sentence, else its subject."""
    subject = None
    for earlier in reversed(cues.between(sentence.start, cue.start)):
        subject = speaker_before(text, sentence.start, earlier.start, loose=earlier.word not in NOUNISH)
        if subject is None:
            subject = speaker_after(text, earlier.end, cue.start)
        if subject is not None:
            break
    if subject is None:
        subject = _sentence_subject(text, sentence.start, cue.start)
    if subject is None:
        return None
    word = cue.word.lower()
    return _pre(text, sentence, cue, subject, word)


def _sentence_subject(text: str, start: int, end: int) -> Span | None:
    """The first name, pronoun or noun phrase of a sentence, after an opening phrase
    set off by a comma ("Inside the hall, Trump on Tuesday dismissed ...")."""
    begin = _skip_leading(text, start, end)
    subject = speaker_after(text, begin, end)
    if subject is not None and text[subject.end : subject.end + 1] == ",":
        comma = subject.end + 1
        later = speaker_after(text, _skip_leading(text, comma, end), end)
        if later is not None:
            return later
    return subject


def _skip_leading(text: str, start: int, end: int) -> int:
    """Past the spaces, commas and conjunctions that open a clause."""
    match = _LEADING.match(text, start, end)
    return match.end() if match else start


def _trim_end(text: str, start: int, end: int) -> int:
    end = min(end, start + MAX_CONTENT)
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:!?"):
        end -= 1
    return end
