"""The whole analysis of one document: language, actors, quotes, tone, stance, frames, signals.

`Analyzer(config)` compiles what the desk declares (actors, frames, watches) once; `analyze`
is then a function of one text. English-only stages (quotes, tone, stance) are skipped for
other languages. Statistical NER, the one expensive stage, runs only on documents that match
one of the desk's watches (or, for a desk without watches, that mention a known actor), and
only when the optional `ner` extra is installed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..config import DeskConfig
from ..types import Analysis, Genre, Mention, TargetSentiment
from .frames import FrameDetector, signals_from
from .sentences import split

MAX_ANALYSED = 300_000  # characters; the rest of a huge text is not analysed


class Analyzer:
    def __init__(self, config: DeskConfig, *, ner: bool = True) -> None:
        from .actors import ActorRegistry
        from .query import parse

        self.registry = ActorRegistry.from_config(config.actors)
        self.frames = FrameDetector(config.frames)
        self.watches = [(watch.id, parse(watch.query).compile()) for watch in config.watches]
        self.use_ner = ner
        self._stance: Any = None

    @property
    def stance(self) -> Any:
        if self._stance is None:
            from .stance import StanceModel

            self._stance = StanceModel.load()
        return self._stance

    def watches_of(self, title: str, text: str, mentions: Sequence[Mention]) -> list[str]:
        from .query import Matchable, prepare

        doc = prepare(
            Matchable(title=title, text=text, actors=frozenset(m.actor_id for m in mentions if m.actor_id))
        )
        return [watch_id for watch_id, match in self.watches if match(doc)]

    def analyze(
        self,
        text: str,
        *,
        title: str = "",
        url: str = "",
        genre: Genre | str | None = None,
        language: str | None = None,
        targets: Sequence[tuple[int, int]] = (),
        outlet: str = "",
    ) -> Analysis:
        from .language import detect_language
        from .quotes import find_quotes
        from .tone import tone

        text = text[:MAX_ANALYSED]
        language = language or detect_language(f"{title}\n{text}")
        mentions = self.registry.find(text)
        if self.use_ner and self._relevant(title, text, mentions):
            mentions = _with_candidates(text, mentions)
        english = language in (None, "en")
        genre_found = _genre(genre, url, title)
        quotes = self.transcript_quotes(text, outlet, genre_found) if english else []
        if english and not quotes:
            quotes = find_quotes(text, mentions)
        sentences = split(text)
        frames = self.frames.detect(text, sentences)
        spans = list(targets) or [(m.start, m.end) for m in mentions if m.actor_id]
        sentiment: list[TargetSentiment] = self.stance.predict(text, spans) if english and spans else []
        return Analysis(
            language=language,
            genre=genre_found,
            tone=tone(text) if english else 0.0,
            entities=tuple(mentions),
            quotes=tuple(quotes),
            target_sentiment=tuple(sentiment),
            frames=tuple(frames),
            signals=tuple(signals_from(text, quotes, self.frames)),
        )

    def transcript_quotes(self, text: str, outlet: str, genre: Genre) -> list[Any]:
        """A press-briefing transcript from an institution's own outlet: every podium turn is a
        quote of that institution, every question a quote of no one. Other texts give []."""
        if genre != Genre.OFFICIAL or not outlet:
            return []
        from ..ingest.connectors.briefings import split_transcript, transcript_quotes

        turns = split_transcript(text)
        if len(turns) < 3 or not any(turn.is_question for turn in turns):
            return []
        institution = next((m.actor_id for m in self.registry.find(outlet) if m.actor_id), None)
        return transcript_quotes(text, institution) if institution else []

    def _relevant(self, title: str, text: str, mentions: Sequence[Mention]) -> bool:
        if self.watches:
            return bool(self.watches_of(title, text, mentions))
        return any(m.actor_id for m in mentions)


def _with_candidates(text: str, mentions: list[Mention]) -> list[Mention]:
    from . import ner

    if not ner.available():
        return mentions
    found = ner.find(text, known=mentions)
    return sorted([*mentions, *found], key=lambda m: (m.start, m.end))


GENRE_CUES = (
    ("editorial:", Genre.OPINION),
    ("opinion:", Genre.OPINION),
    ("op-ed:", Genre.OPINION),
    ("letter:", Genre.OPINION),
    ("analysis:", Genre.ANALYSIS),
    ("statement", Genre.OFFICIAL),
    ("press release", Genre.OFFICIAL),
    ("readout", Genre.OFFICIAL),
)


def _genre(given: Genre | str | None, url: str, title: str) -> Genre:
    """The genre given, else what the URL says, else a cue at the start of the title."""
    from ..ingest.genre import classify_genre, genre_hint

    if given:
        chosen = given if isinstance(given, Genre) else genre_hint(given)
        if chosen != Genre.UNKNOWN:
            return chosen
    by_url = classify_genre(url=url) if url else Genre.UNKNOWN
    if by_url != Genre.UNKNOWN:
        return by_url
    head = title.strip().lower()
    for cue, genre in GENRE_CUES:
        if head.startswith(cue):
            return genre
    return Genre.NEWS if title or url else Genre.UNKNOWN
