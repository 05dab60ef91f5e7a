"""Small builders for signal tests: desk config, documents and analyses made here."""

from __future__ import annotations

from datetime import datetime

from signaldesk.config import DeskConfig, parse_desk
from signaldesk.signals.tracker import Observed
from signaldesk.store import Store
from signaldesk.types import Analysis, Article, Document, FrameHit, Genre, Mention, Signal

DESK = """\
desk:
  name: Signals test desk
  timezone: America/New_York
actors:
  - {id: state-department, name: State Department, kind: institution}
  - {id: spokesperson, name: Dana Spokes, affiliation: state-department}
  - {id: kdr-mfa, name: Kestrian Foreign Ministry, kind: institution, country: QK}
frames:
  - {id: engagement, name: Engagement}
  - {id: pressure, name: Pressure}
"""


def config() -> DeskConfig:
    return parse_desk(DESK)


def document(
    number: int, at: datetime, outlet: str = "The Capital Ledger", genre: Genre = Genre.NEWS
) -> Document:
    return Document(
        id=number,
        url=f"https://ledger.example/{number}",
        canonical_url=f"https://ledger.example/{number}",
        title=f"Story {number}",
        text="The State Department spoke.",
        outlet=outlet,
        source_id="ledger",
        genre=genre,
        first_seen=at,
        published=at,
    )


def analysis(*signals: tuple[str, str, str, float], tone: float = 0.0) -> Analysis:
    """An analysis with signals given as (actor, frame, direction, strength)."""
    found = tuple(
        Signal(actor, frame, direction, strength, 10 * i, 10 * i + 8, f"quote {i} {direction}")
        for i, (actor, frame, direction, strength) in enumerate(signals)
    )
    return Analysis(
        language="en",
        genre=Genre.NEWS,
        tone=tone,
        entities=tuple(Mention("State Department", 4, 20, "institution", s.actor_id) for s in found[:1]),
        frames=tuple(FrameHit(s.frame, s.start, s.end, s.direction) for s in found),
        signals=found,
    )


def article(number: int, at: datetime) -> Article:
    """A short news article of the ledger's numbered stories."""
    return Article(
        url=f"https://ledger.example/{number}",
        canonical_url=f"https://ledger.example/{number}",
        title=f"Story {number}",
        text="The State Department spoke.",
        published=at,
        genre=Genre.NEWS,
    )


def stored(
    store: Store, number: int, at: datetime, found: Analysis, watches: tuple[str, ...] = ()
) -> Observed:
    """Store an article and its analysis, as the desk does, and return the tracker's batch item."""
    document = store.upsert_article(
        article(number, at), outlet="The Capital Ledger", source_id=None, seen_at=at
    ).document
    store.save_analysis(document.id, found)
    return Observed(document, found, watches)
