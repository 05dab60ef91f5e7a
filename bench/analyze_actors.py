"""Words per second of language detection, the actor gazetteer and statistical NER.

The articles are 600-word texts made by joining the demo storyline's article bodies in
order (wrapping round). The registry holds the demo desk's actors (institutions and the
storyline's people) plus the starter desk's. NER is timed on what it would read after the
gazetteer (`ner.find(text, known)`), once its model is loaded; the load time is reported on
its own. NER figures are left out when spaCy is not installed.
"""

from __future__ import annotations

import time
from itertools import cycle
from pathlib import Path
from typing import Any

import yaml

import signaldesk.desks
from signaldesk.analyze import ner
from signaldesk.analyze.actors import ActorRegistry
from signaldesk.analyze.language import detect_language
from signaldesk.config import Actor, load_desk
from signaldesk.demo.deskfile import MEDIA, actor_id
from signaldesk.demo.storyline import FOLDER, load_storyline

WORDS = 600


def articles(count: int) -> list[str]:
    """`count` texts of WORDS words each, from the storyline's bodies."""
    paragraphs = cycle([p for article in load_storyline().articles for p in article.body])
    texts = []
    for _ in range(count):
        words: list[str] = []
        chunks: list[str] = []
        while len(words) < WORDS:
            paragraph = next(paragraphs)
            chunks.append(paragraph)
            words += paragraph.split()
        text = "\n\n".join(chunks)
        texts.append(" ".join(text.split(" ")[: WORDS + len(chunks)]))
    return texts


def demo_actors() -> list[Actor]:
    """The demo desk's actors: its institutions and the storyline's people (not journalists)."""
    extra = yaml.safe_load((FOLDER / "desk.yaml").read_text(encoding="utf-8"))
    actors = [Actor(**raw) for raw in extra["institutions"]]
    for person in load_storyline().people:
        if person.affiliation not in MEDIA:
            actors.append(
                Actor(
                    id=actor_id(person.name),
                    name=person.name,
                    kind="person",
                    aliases=person.aliases,
                    roles=(person.role,),
                    affiliation=person.affiliation,
                    country=person.country,
                )
            )
    return actors


def registry() -> ActorRegistry:
    demo = demo_actors()
    starter = load_desk(Path(signaldesk.desks.__file__).parent / "north-korea-us-media.yaml").actors
    seen = {a.id for a in demo}
    return ActorRegistry.from_config([*demo, *(a for a in starter if a.id not in seen)])


def _rate(words: int, seconds: float) -> float:
    return round(words / seconds) if seconds > 0 else 0.0


def run(quick: bool = False) -> dict[str, Any]:
    texts = articles(40 if quick else 200)
    words = sum(len(t.split()) for t in texts)
    actors = registry()
    detect_language(texts[0])  # load the model outside the timing
    started = time.perf_counter()
    for text in texts:
        detect_language(text)
    language = time.perf_counter() - started
    started = time.perf_counter()
    found = [actors.find(text) for text in texts]
    gazetteer = time.perf_counter() - started
    result: dict[str, Any] = {
        "articles": len(texts),
        "words": words,
        "language_words_per_s": _rate(words, language),
        "language_ms_per_article": round(1000 * language / len(texts), 3),
        "gazetteer_words_per_s": _rate(words, gazetteer),
        "gazetteer_ms_per_article": round(1000 * gazetteer / len(texts), 3),
        "mentions_per_article": round(sum(map(len, found)) / len(texts), 1),
    }
    if ner.available():
        started = time.perf_counter()
        ner.find(texts[0], found[0])
        result["ner_load_s"] = round(time.perf_counter() - started, 2)
        sample = texts[: max(10, len(texts) // 4)]
        read = sum(len(ner.worth_reading(t, k)) for t, k in zip(sample, found, strict=False))
        started = time.perf_counter()
        unknown = [ner.find(t, k) for t, k in zip(sample, found, strict=False)]
        spent = time.perf_counter() - started
        sample_words = sum(len(t.split()) for t in sample)
        result["ner_words_per_s"] = _rate(sample_words, spent)
        result["ner_ms_per_article"] = round(1000 * spent / len(sample), 2)
        result["ner_sentences_read_per_article"] = round(read / len(sample), 1)
        result["ner_unknown_names_per_article"] = round(sum(map(len, unknown)) / len(sample), 1)
    else:
        result["ner"] = "not installed"
    return result
