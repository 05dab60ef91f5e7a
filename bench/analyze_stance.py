"""Tone and target sentiment on a 600-word article with 10 targets.

The article is built from the demo storyline's sentences (written for the project): 600
words, with ten names from the storyline's people as targets. Reports articles/s for
`tone`, targets/s for `StanceModel.predict`, words/s for both, and the one-off costs of
loading VADER and the stance model (in a fresh interpreter). CPU time per article is
reported beside wall time, since other work on the machine inflates the latter.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Callable
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


LOAD = """
import time
t = time.perf_counter()
from signaldesk.analyze.tone import analyzer
analyzer()
v = time.perf_counter() - t
t = time.perf_counter()
from signaldesk.analyze.stance import StanceModel
StanceModel.load()
print(v, time.perf_counter() - t)
"""


def _timed(call: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Wall and CPU seconds per call (CPU time is less hurt by a busy machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        call()
    return (time.perf_counter() - wall) / rounds, (time.process_time() - cpu) / rounds


def run(quick: bool = False) -> dict[str, Any]:
    loads = subprocess.run([sys.executable, "-c", LOAD], capture_output=True, text=True, check=True)
    vader_load, model_load = (float(x) for x in loads.stdout.split())
    from signaldesk.analyze.stance import StanceModel
    from signaldesk.analyze.tone import tone

    model = StanceModel.load()
    text, spans = article()
    rounds = 5 if quick else 40
    tone_wall, tone_cpu = _timed(lambda: tone(text), rounds)
    stance_wall, stance_cpu = _timed(lambda: model.predict(text, spans), rounds)
    words = len(text.split())
    return {
        "words": words,
        "targets": len(spans),
        "vader_load_ms": round(vader_load * 1000, 1),
        "stance_load_ms": round(model_load * 1000, 1),
        "tone_ms_per_article": round(tone_wall * 1000, 2),
        "tone_cpu_ms_per_article": round(tone_cpu * 1000, 2),
        "tone_words_per_s": round(words / tone_wall),
        "stance_ms_per_article": round(stance_wall * 1000, 2),
        "stance_cpu_ms_per_article": round(stance_cpu * 1000, 2),
        "stance_targets_per_s": round(len(spans) / stance_wall),
        "stance_words_per_s": round(words / stance_wall),
    }
