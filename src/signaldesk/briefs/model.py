"""The brief as values: every section, and the numbered citations its lines point to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Citation:
    """Source [number]: a stored document and, when archived, its WARC record."""

    number: int
    document_id: int
    title: str
    outlet: str
    url: str
    published: str
    warc_file: str | None = None
    warc_record_id: str | None = None


@dataclass(frozen=True, slots=True)
class Development:
    """A key development: a story in the window, why it ranks, what it says, who reported it."""

    story_id: int
    title: str
    summary: tuple[str, ...]
    salience: float
    reasons: tuple[tuple[str, float], ...]
    outlets: tuple[str, ...]
    new: bool
    citations: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Voice:
    """One quote of a desk actor, with the frame and direction it carried."""

    actor_id: str
    speaker: str
    text: str
    frame: str
    direction: str
    citation: int


@dataclass(frozen=True, slots=True)
class IndexRow:
    """An actor's signal index on a frame (mean signed strength, + softening, - hardening)."""

    actor_id: str
    actor: str
    frame: str
    value: float
    signals: int
    previous: float | None
    previous_signals: int

    @property
    def change(self) -> float:
        return round(self.value - (self.previous or 0.0), 3)


@dataclass(frozen=True, slots=True)
class Institution:
    """What one institution (with the people speaking for it) said in the window."""

    actor_id: str
    name: str
    voices: tuple[Voice, ...]
    index: tuple[IndexRow, ...]


@dataclass(frozen=True, slots=True)
class Opinion:
    """An opinion piece or editorial: which way it argues, its notable lines, its writer's record."""

    title: str
    authors: tuple[str, ...]
    outlet: str
    leaning: str
    arguments: tuple[str, ...]
    history: str
    citation: int
    history_citations: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Thread:
    """Reader comments on one piece: volume, tone, frames and a few quoted comments."""

    title: str
    comments: int
    tone: float | None
    frames: tuple[tuple[str, int], ...]
    samples: tuple[str, ...]
    citation: int


@dataclass(frozen=True, slots=True)
class Fired:
    """A playbook item whose condition held in the window, with what made it hold."""

    item_id: str
    when: str
    consideration: str
    evidence: tuple[str, ...]
    citations: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Changes:
    """What changed since a previous brief; an index move is (actor, frame, before, now)."""

    previous_window: str
    new_stories: tuple[str, ...] = ()
    dropped_stories: tuple[str, ...] = ()
    index_moves: tuple[tuple[str, str, float | None, float | None], ...] = ()
    new_items: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Narrative:
    """A machine-drafted paragraph at the top of a section; every sentence cites its lines."""

    section: str
    model: str
    text: str
    citations: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Brief:
    """A shift brief: the window, its sections, and the citations every line resolves to."""

    title: str
    desk: str
    classification: str
    timezone: str
    window_start: str
    window_end: str
    window_label: str
    previous_start: str
    previous_end: str
    created_at: str
    dashboard_url: str
    documents: int
    outlets: int
    developments: tuple[Development, ...] = ()
    institutions: tuple[Institution, ...] = ()
    opinions: tuple[Opinion, ...] = ()
    opinion_pieces: int = 0
    comments: int = 0
    threads: tuple[Thread, ...] = ()
    index: tuple[IndexRow, ...] = ()
    fired: tuple[Fired, ...] = ()
    unchecked: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    problems: tuple[str, ...] = ()
    changes: Changes | None = None
    narratives: tuple[Narrative, ...] = ()
    narrative_problems: tuple[str, ...] = ()

    def narrative(self, section: str) -> Narrative | None:
        """The drafted paragraph of `section`, if there is one."""
        return next((n for n in self.narratives if n.section == section), None)

    @property
    def empty(self) -> bool:
        return self.documents == 0
