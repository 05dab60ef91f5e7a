"""The opinion sections of a brief: columnists and editorial boards, and the readers' comments."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from ..analyze.sentences import split
from ..types import Document, Genre
from .citations import CitationBook
from .facts import Facts, FrameFact
from .model import Opinion, Thread

SIGN = {"softening": 1, "hardening": -1}
HANDLE = re.compile(r"(?<![\w.])@\w[\w.-]*")  # another reader's handle, named in a comment
MOST_ARGUMENTS = 2
MOST_OPINIONS = 12  # the pieces with the most directional frames
MOST_THREADS = 3
MOST_SAMPLES = 3
SAMPLE_CHARS = 300


def leaning(frames: Iterable[FrameFact]) -> str:
    """engagement when the piece's frames lean softening, pressure when hardening, else mixed."""
    total = sum(SIGN.get(f.direction, 0) for f in frames)
    return "engagement" if total > 0 else "pressure" if total < 0 else "mixed"


def writer(document: Document) -> str:
    board = ("editorial", "editors", document.outlet.casefold())
    if not document.authors or any(word in a.casefold() for a in document.authors for word in board):
        return f"Editorial board, {document.outlet}"
    return ", ".join(document.authors)


def arguments(document: Document, frames: list[FrameFact]) -> tuple[str, ...]:
    """The sentences that carry the piece's directional frames (else any frame), in text order."""
    starts = [f.start for f in frames if f.direction != "neutral" and f.start is not None]
    if not starts:
        starts = [f.start for f in frames if f.start is not None]
    chosen: list[str] = []
    for sentence in split(document.text):
        if any(sentence.start <= s < sentence.end for s in starts) and sentence.text not in chosen:
            chosen.append(sentence.text)
        if len(chosen) == MOST_ARGUMENTS:
            break
    return tuple(chosen)


def opinions(facts: Facts, book: CitationBook) -> tuple[Opinion, ...]:
    from ..ingest.bylines import byline_key

    frames: dict[int, list[FrameFact]] = defaultdict(list)
    for note in (*facts.frames, *facts.history_frames):
        frames[note.document_id].append(note)
    found = []
    pieces = sorted(
        (d for d in facts.documents if d.genre == Genre.OPINION),
        key=lambda d: (-sum(f.direction != "neutral" for f in frames[d.id]), d.id),
    )[:MOST_OPINIONS]
    pieces.sort(key=lambda d: d.id)
    for document in pieces:
        keys = {byline_key(a) for a in document.authors} - {""}
        earlier = [d for d in facts.history if keys & {byline_key(a) for a in d.authors}]
        now = leaning(frames[document.id])
        found.append(
            Opinion(
                title=document.title,
                authors=(writer(document),),
                outlet=document.outlet,
                leaning=now,
                arguments=arguments(document, frames[document.id]),
                history=_record(now, [leaning(frames[d.id]) for d in earlier]),
                citation=book.cite(document),
                history_citations=tuple(book.cite(d) for d in earlier[-3:]),
            )
        )
    return tuple(found)


def _record(now: str, before: list[str]) -> str:
    if not before:
        return "no earlier pieces on the desk"
    counts = Counter(before)
    parts = ", ".join(f"{n} {side}" for side, n in counts.most_common())
    usual = counts.most_common(1)[0][0]
    verdict = "in line with their record" if usual == now else f"a change from their usual {usual}"
    return f"{len(before)} earlier piece{'s' if len(before) > 1 else ''} ({parts}): {verdict}"


def readers(facts: Facts, book: CitationBook) -> tuple[int, tuple[Thread, ...]]:
    """Comment volume, and the most-discussed pieces with tone, frames and a few comments
    quoted by thread (never by the commenter)."""
    by_doc = defaultdict(list)
    for comment in facts.comments:
        by_doc[comment.document_id].append(comment)
    by_id = facts.by_id
    threads = []
    busiest = sorted(by_doc.items(), key=lambda item: (-len(item[1]), item[0]))[:MOST_THREADS]
    for document_id, comments in busiest:
        document = by_id.get(document_id)
        if document is None:
            continue
        tones = [c.tone for c in comments if c.tone is not None]
        frames = Counter(frame for c in comments for frame, _direction in c.frames)
        usable = [c for c in comments if len(c.text.strip()) >= 20]
        picks = sorted(usable, key=lambda c: c.tone or 0.0)
        samples = []
        for comment in (picks[:1] + picks[-1:] + [c for c in usable if c.frames][:1]) if picks else []:
            text = HANDLE.sub("@(a reader)", comment.text.strip())
            text = text if len(text) <= SAMPLE_CHARS else text[: SAMPLE_CHARS - 1] + "…"
            if text not in samples:
                samples.append(text)
        threads.append(
            Thread(
                title=document.title,
                comments=len(comments),
                tone=round(sum(tones) / len(tones), 3) if tones else None,
                frames=tuple(frames.most_common(4)),
                samples=tuple(samples[:MOST_SAMPLES]),
                citation=book.cite(document),
            )
        )
    return len(facts.comments), tuple(threads)
