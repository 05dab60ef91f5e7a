"""Alert rule evaluation: 500 rules against synthetic news documents.

Rules are a mix of watch-like queries: word sets with OR, phrases, prefixes, NEAR, and
filters on actor, frame, genre and outlet, some negated. Documents have a 10-word title
and a 450-word body drawn from a Zipf-like vocabulary, plus actors, frames, an outlet and
a genre. Timed: `AlertEngine.firing` for one document event (the document tokenised once,
then the RuleSet's trigger index), in wall and CPU time; for comparison, every rule's
matcher run on every document (no index) on a slice of the stream.

Figures: documents per second (indexed, wall and CPU), candidates and firings per
document, the unindexed rate, and the rule compilation time.
"""

from __future__ import annotations

import itertools
import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from signaldesk.alerts.engine import AlertEngine
from signaldesk.alerts.rules import document_matchable
from signaldesk.analyze.query import prepare
from signaldesk.config import DeskConfig
from signaldesk.store import open_store
from signaldesk.types import DeskEvent, Document, Genre

T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
LETTERS = "abcdefghijklmnopqrstuvwxyz"
GENRES = (Genre.NEWS, Genre.NEWS, Genre.NEWS, Genre.OPINION, Genre.ANALYSIS, Genre.OFFICIAL)


def _word(n: int) -> str:
    text, n = "", n + 26 * 26
    while n:
        n, r = divmod(n, 26)
        text += LETTERS[r]
    return text


class World:
    """A vocabulary, actors, frames and outlets, and a generator of documents and rules."""

    def __init__(self, seed: int = 11, vocabulary: int = 30_000) -> None:
        self.rng = random.Random(seed)
        self.words = [_word(n) for n in range(vocabulary)]
        self.cumulative = list(itertools.accumulate(1.0 / (rank + 8) for rank in range(vocabulary)))
        self.actors = [f"actor-{n}" for n in range(60)]
        self.frames = [f"frame-{n}" for n in range(15)]
        self.outlets = [f"Outlet {n}" for n in range(40)]

    def sample(self, count: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=count)

    def topical(self) -> str:
        """A mid-frequency word, the kind a watch is written with."""
        return self.words[self.rng.randrange(500, 15_000)]

    def document(self, number: int) -> tuple[Document, frozenset[str], frozenset[str]]:
        rng = self.rng
        title = " ".join(self.sample(10)).capitalize()
        sentences = []
        body = self.sample(450)
        for start in range(0, len(body), 18):
            sentences.append(" ".join(body[start : start + 18]).capitalize() + ".")
        doc = Document(
            id=number,
            url=f"https://news.example/{number}",
            canonical_url=f"https://news.example/{number}",
            title=title,
            text=" ".join(sentences),
            outlet=rng.choice(self.outlets),
            source_id="wire",
            genre=rng.choice(GENRES),
            first_seen=T0,
            authors=(f"Writer {rng.randrange(300)}",),
        )
        actors = frozenset(rng.sample(self.actors, rng.randrange(0, 4)))
        frames = frozenset(rng.sample(self.frames, rng.randrange(0, 3)))
        return doc, actors, frames

    def query(self) -> str:
        rng, t = self.rng, self.topical
        shape = rng.randrange(8)
        if shape == 0:
            return f"({t()} OR {t()} OR {t()}) AND {t()}"
        if shape == 1:
            return f'"{t()} {t()}" OR ({t()} AND {t()})'
        if shape == 2:
            return f"actor:{rng.choice(self.actors)} AND ({t()} OR {t()}*)"
        if shape == 3:
            return f"frame:{rng.choice(self.frames)} AND {t()} NOT genre:official"
        if shape == 4:
            return f'outlet:"{rng.choice(self.outlets)}" AND ({t()} OR {t()})'
        if shape == 5:
            return f"{t()} NEAR/8 {t()}"
        if shape == 6:
            return f"genre:opinion AND ({t()} OR {t()} OR {t()} OR {t()})"
        return f"title:{t()} OR ({t()} AND {t()} AND NOT {t()})"

    def config(self, rules: int) -> DeskConfig:
        kinds = ["match"] * 8 + ["columnist", "official"]
        return DeskConfig.model_validate(
            {
                "desk": {"name": "Bench desk"},
                "actors": [{"id": a, "name": a.title()} for a in self.actors],
                "frames": [{"id": f, "name": f.title()} for f in self.frames],
                "rules": [
                    {"id": f"rule-{n}", "query": self.query(), "when": self.rng.choice(kinds)}
                    for n in range(rules)
                ],
            }
        )


def run(quick: bool = False) -> dict[str, Any]:
    world = World()
    count = 1_500 if quick else 6_000
    started = time.perf_counter()
    config = world.config(500)
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "bench.db")
        try:
            compile_started = time.perf_counter()
            engine = AlertEngine(config, store)
            compile_ms = (time.perf_counter() - compile_started) * 1000
            docs = [world.document(n) for n in range(count)]
            events = [
                DeskEvent("document", f"document:{d.id}:1", T0, d.title, document_id=d.id) for d, _, _ in docs
            ]
            wall, cpu = time.perf_counter(), time.process_time()
            fired = candidates = 0
            for (doc, actors, frames), event in zip(docs, events, strict=True):
                prepared = prepare(document_matchable(doc, actors, frames))
                fired += len(engine.firing(event, prepared, T0))
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            for doc, actors, frames in docs[:500]:
                candidates += len(engine.ruleset.candidates(prepare(document_matchable(doc, actors, frames))))
            matchers = [rule.document.compile() for rule in engine.rules if rule.document is not None]
            sample = docs[:300]
            naive = time.perf_counter()
            for doc, actors, frames in sample:
                prepared = prepare(document_matchable(doc, actors, frames))
                for match in matchers:
                    match(prepared)
            naive = time.perf_counter() - naive
        finally:
            store.close()
    return {
        "rules": len(config.rules),
        "documents": count,
        "docs_per_s": round(count / wall),
        "docs_per_s_cpu": round(count / cpu),
        "ms_per_doc": round(wall / count * 1000, 4),
        "candidates_per_doc": round(candidates / 500, 2),
        "fired_per_doc": round(fired / count, 3),
        "unindexed_docs_per_s": round(len(sample) / naive),
        "compile_ms": round(compile_ms, 1),
        "total_s": round(time.perf_counter() - started, 2),
    }
