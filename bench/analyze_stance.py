"""Tone and target sentiment on a 600-word article with 10 targets.

The article is built from the demo storyline's sentences (written for the project): 600
words, with ten names from the storyline's people as targets. Reports articles/s for
`tone`, targets/s for `StanceModel.predict`, words/s for both, and the one-off costs of
loading VADER and the stance model.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

STORYLINE = Path(__file__).resolve().parents[1] / "src" / "signaldesk" / "demo" / "storyline"
WORDS = 600
TARGETS = 10


def article() -> tuple[str, list[tuple[int, int]]]:
    """600 words of storyline prose and ten target spans (capitalised name pairs) in it."""
    raw = " ".join(p.read_text(encoding="utf-8") for p in sorted(STORYLINE.glob("day*.yaml")))
    prose = re.findall(r"[A-Z][^:\n]{60,}?[.!?](?=\s)", raw)
    words = " ".join(prose).split()[:WORDS]
    text = " ".join(words)
    names = [m.span() for m in re.finditer(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b", text)]
    step = max(1, len(names) // TARGETS)
    return text, names[::step][:TARGETS]


def run(quick: bool = False) -> dict[str, Any]:
    started = time.perf_counter()
    from signaldesk.analyze.tone import analyzer, tone

    analyzer()
    vader_load = time.perf_counter() - started
    started = time.perf_counter()
    from signaldesk.analyze.stance import StanceModel

    model = StanceModel.load()
    model_load = time.perf_counter() - started
    text, spans = article()
    rounds = 5 if quick else 40
    started = time.perf_counter()
    for _ in range(rounds):
        tone(text)
    tone_time = (time.perf_counter() - started) / rounds
    started = time.perf_counter()
    for _ in range(rounds):
        model.predict(text, spans)
    stance_time = (time.perf_counter() - started) / rounds
    words = len(text.split())
    return {
        "words": words,
        "targets": len(spans),
        "vader_load_ms": round(vader_load * 1000, 1),
        "stance_load_ms": round(model_load * 1000, 1),
        "tone_ms_per_article": round(tone_time * 1000, 2),
        "tone_words_per_s": round(words / tone_time),
        "stance_ms_per_article": round(stance_time * 1000, 2),
        "stance_targets_per_s": round(len(spans) / stance_time),
        "stance_words_per_s": round(words / stance_time),
    }
