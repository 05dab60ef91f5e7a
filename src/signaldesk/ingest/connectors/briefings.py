"""Press-briefing transcripts: split by speaker labels, and turn the podium's words into quotes.

White House and State Department transcripts label each turn at the start of a line:
"MR. MILLER:", "MS. JEAN-PIERRE:", "SECRETARY BLINKEN:", "QUESTION:", or "Q" followed by
spaces. What a podium speaker says is a direct quote of the institution; questions
are kept as quotes without an actor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...types import Quote

NAME = r"[A-Z][A-Z'\-]+"
LABEL = re.compile(
    rf"^[ \t]*(?:(?P<label>(?:(?:MR|MS|MRS|DR)\.[ \t]+{NAME}(?:[ \t]+{NAME}){{0,2}})"
    rf"|{NAME}(?:[ \t]+{NAME}){{0,3}}|Q)[ \t]*:|(?P<q>Q)(?:[ \t]{{2,}}|\t|\.[ \t]+))",
    re.MULTILINE,
)
END = re.compile(
    r"^[ \t]*(?:END(?:[ \t]+[\d:. apmAPMESTDT]*)?|\([^)\n]*\bconcluded\b[^)\n]*\))[ \t]*$", re.MULTILINE
)
QUESTIONS = frozenset({"Q", "QUESTION"})
NOT_SPEAKERS = frozenset({"END", "NOTE", "PARTICIPANTS", "CONTENTS", "SUBJECT", "FOR IMMEDIATE RELEASE"})


@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker's turn: `start`/`end` bound the words spoken (offsets into the text)."""

    speaker: str
    start: int
    end: int
    label_start: int = 0

    @property
    def is_question(self) -> bool:
        return self.speaker in QUESTIONS


def split_transcript(text: str) -> list[Turn]:
    """The turns of a transcript in order. Text before the first label belongs to no one;
    a closing line ("END 2:10 P.M. EST", "(The briefing was concluded ...)") ends the turn."""
    marks = []
    for match in LABEL.finditer(text):
        label = (match["label"] or match["q"]).strip()
        if label.rstrip(".") in NOT_SPEAKERS:
            continue
        marks.append(
            (re.sub(r"[ \t]+", " ", label), match.start("label" if match["label"] else "q"), match.end())
        )
    ends = [match.start() for match in END.finditer(text)]
    turns = []
    for index, (label, label_start, body_start) in enumerate(marks):
        body_end = marks[index + 1][1] if index + 1 < len(marks) else len(text)
        body_end = min([body_end, *(end for end in ends if body_start <= end < body_end)])
        start, end = _trim(text, body_start, body_end)
        if end > start:
            turns.append(Turn(label, start, end, label_start))
    return turns


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def transcript_quotes(text: str, institution_actor_id: str) -> list[Quote]:
    """Every turn as a direct quote; podium turns speak for `institution_actor_id`."""
    return [
        Quote(
            text=text[turn.start : turn.end],
            start=turn.start,
            end=turn.end,
            kind="direct",
            speaker=turn.speaker,
            speaker_start=turn.label_start,
            speaker_end=turn.label_start + len(turn.speaker),
            actor_id=None if turn.is_question else institution_actor_id,
        )
        for turn in split_transcript(text)
    ]
