"""The news sections of a brief: key developments, what the institutions said, the signal index."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace

from ..config import DeskConfig
from ..stories.views import summary
from ..types import Document, Genre
from .citations import CitationBook
from .facts import Facts, SignalFact, institutions, moment
from .model import Development, IndexRow, Institution, Voice
from .salience import ranked

MOST_SOURCES = 6
MOST_VOICES = 6
QUOTE_CHARS = 400


def affiliations(config: DeskConfig) -> dict[str, str | None]:
    return {a.id: a.affiliation for a in config.actors}


def names(config: DeskConfig) -> dict[str, str]:
    return {a.id: a.name for a in config.actors}


def developments(facts: Facts, book: CitationBook, top: int) -> tuple[Development, ...]:
    """The `top` stories by salience, each with an extractive summary and its sources."""
    found = []
    by_id = facts.by_id
    for scored in ranked(facts, facts.window)[:top]:
        documents = sorted((by_id[d] for d in scored.story.documents if d in by_id), key=moment)
        originals = [d for d in documents if d.genre != Genre.COMMENT] or documents
        texts = [d.text for d in originals]
        lines = tuple(summary(texts, 3)) if texts else ()
        titles = [d.title for d in originals]
        title = scored.story.title if scored.story.title in titles else (titles[0] if titles else "")
        found.append(
            Development(
                story_id=scored.story.id,
                title=title,
                summary=lines,
                salience=scored.score,
                reasons=scored.reasons,
                outlets=tuple(dict.fromkeys(d.outlet for d in documents)),
                new=any(name == "new" for name, _ in scored.reasons),
                citations=tuple(book.cite(d) for d in originals[:MOST_SOURCES]),
            )
        )
    return tuple(found)


def index_rows(now: Facts, before: Facts, config: DeskConfig) -> tuple[IndexRow, ...]:
    """Each desk actor's index per frame in the window and the window before (a signal counts
    for its speaker and the institutions the speaker belongs to)."""
    links = affiliations(config)
    known = names(config)
    current, previous = _sums(now.signals, links), _sums(before.signals, links)
    rows = []
    for key in sorted(set(current) | set(previous)):
        actor, frame = key
        if actor not in known:
            continue
        count, total = current.get(key, (0, 0.0))
        old_count, old_total = previous.get(key, (0, 0.0))
        rows.append(
            IndexRow(
                actor,
                known[actor],
                frame,
                round(total / count, 3) if count else 0.0,
                count,
                round(old_total / old_count, 3) if old_count else None,
                old_count,
            )
        )
    return tuple(rows)


def _sums(
    signals: tuple[SignalFact, ...], links: Mapping[str, str | None]
) -> dict[tuple[str, str], tuple[int, float]]:
    sums: dict[tuple[str, str], tuple[int, float]] = {}
    for signal in signals:
        for actor in institutions(links, signal.actor_id):
            count, total = sums.get((actor, signal.frame), (0, 0.0))
            sums[(actor, signal.frame)] = (count + 1, total + signal.signed)
    return sums


def said(
    facts: Facts, index: tuple[IndexRow, ...], config: DeskConfig, book: CitationBook
) -> tuple[Institution, ...]:
    """Quotes of desk actors, grouped under the institution they speak for, most quoted first."""
    links, known = affiliations(config), names(config)
    carried: dict[tuple[int, int | None], SignalFact] = {}
    for signal in sorted(facts.signals, key=lambda s: s.direction == "neutral", reverse=True):
        carried[(signal.document_id, signal.start)] = signal
    by_id = facts.by_id
    groups: dict[str, list[tuple[Voice, Document]]] = defaultdict(list)
    for document_id, quote in facts.quotes:
        document = by_id.get(document_id)
        if not quote.actor_id or quote.actor_id not in known or document is None:
            continue
        carrier = carried.get((document_id, quote.start))
        text = quote.text if len(quote.text) <= QUOTE_CHARS else quote.text[: QUOTE_CHARS - 1] + "…"
        voice = Voice(
            quote.actor_id,
            quote.speaker or known[quote.actor_id],
            text,
            carrier.frame if carrier else "",
            carrier.direction if carrier else "",
            0,
        )
        groups[institutions(links, quote.actor_id)[-1]].append((voice, document))
    found = []
    for actor, voices in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
        unique = list({(v.text, d.id): (v, d) for v, d in voices}.values())
        unique.sort(key=lambda pair: (pair[0].direction in ("", "neutral"), moment(pair[1]), pair[1].id))
        cited = tuple(replace(v, citation=book.cite(d)) for v, d in unique[:MOST_VOICES])
        rows = tuple(r for r in index if r.actor_id == actor)
        found.append(Institution(actor, known.get(actor, actor), cited, rows))
    return tuple(found)
