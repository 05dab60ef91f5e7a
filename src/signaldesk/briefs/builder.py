"""Build a brief for a window: read the facts once, then fill every section from them.

Narrative text is not written here: every line of a brief is extracted from a stored
document, quote or comment, or computed from stored annotations. The optional narrative
(narrative.py, a model behind an OpenAI-compatible endpoint) takes the finished `Brief` and
adds to it in a separate step, citing the same numbers; see docs/briefs.md.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from ..config import DeskConfig
from ..store.base import Store
from ..types import Genre
from ..types import now as utc_now
from .citations import CitationBook, verify
from .facts import Facts, gather
from .model import Brief, Fired
from .opinion import opinions, readers
from .playbook import fire, parse_playbook
from .sections import affiliations, developments, index_rows, said
from .window import Window


def build(
    config: DeskConfig,
    store: Store,
    window: Window,
    *,
    previous: Window | None = None,
    archive: Path | None = None,
    created: datetime | None = None,
) -> Brief:
    """The brief for `window`, compared with `previous` (default: the window of equal length
    before it). Citations are checked; problems are listed in `Brief.problems`."""
    before_window = previous or window.previous()
    now = gather(store, window)
    before = gather(store, before_window, full=False)
    brief = compose(config, window, before_window, now, before, created or utc_now())
    return replace(brief, problems=tuple(verify(brief, store, archive)))


def compose(
    config: DeskConfig, window: Window, previous: Window, now: Facts, before: Facts, created: datetime
) -> Brief:
    """The brief from facts already read (pure)."""
    zone = config.zone
    book = CitationBook()
    head = Brief(
        title=config.brief.title,
        desk=config.desk.name,
        classification=config.brief.classification,
        timezone=config.desk.timezone,
        window_start=window.start.astimezone(zone).isoformat(),
        window_end=window.end.astimezone(zone).isoformat(),
        window_label=window.label,
        previous_start=previous.start.astimezone(zone).isoformat(),
        previous_end=previous.end.astimezone(zone).isoformat(),
        created_at=created.astimezone(zone).isoformat(timespec="seconds"),
        dashboard_url=config.desk.dashboard_url,
        documents=len(now.documents),
        outlets=len({d.outlet for d in now.documents}),
    )
    items, unchecked = parse_playbook(config)
    names = {a.id: frozenset(n.casefold() for n in (a.name, *a.aliases)) for a in config.actors}
    now = replace(now, aliases=names)
    if not now.documents:
        return replace(head, unchecked=tuple(unchecked))
    index = index_rows(now, before, config)
    top = developments(now, book, config.brief.top_stories)
    voices = said(now, index, config, book)
    pieces = opinions(now, book)
    count, threads = readers(now, book)
    fired = []
    by_id = now.by_id
    for item, hits in fire(items, now, before, affiliations(config)):
        cited = tuple(dict.fromkeys(book.cite(by_id[d]) for hit in hits for d in hit.documents if d in by_id))
        fired.append(Fired(item.id, item.when, item.consideration, tuple(h.text for h in hits), cited))
    return replace(
        head,
        developments=top,
        institutions=voices,
        opinions=pieces,
        opinion_pieces=sum(1 for d in now.documents if d.genre == Genre.OPINION),
        comments=count,
        threads=threads,
        index=index,
        fired=tuple(fired),
        unchecked=tuple(unchecked),
        citations=book.citations,
    )
