"""Actor resolution floors on the hand-made sentences (tests/data/actors/sentences.yaml).

Each sentence lists the (actor_id, surface) pairs a reader expects from the starter desk's
registry. A found pair counts as right when the same actor is found with the same surface
text (as a multiset per sentence); precision and recall are micro-averaged over all pairs.
Measured when pinned: precision 1.000, recall 1.000 on 96 sentences (94 expected pairs).
The set was written alongside the gazetteer, so these figures are optimistic for real text.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

import signaldesk.desks
from signaldesk.analyze.actors import ActorRegistry
from signaldesk.config import load_desk

SENTENCES = Path(__file__).resolve().parents[1] / "data" / "actors" / "sentences.yaml"
STARTER = Path(signaldesk.desks.__file__).parent / "north-korea-us-media.yaml"
FLOORS = {"precision": 0.97, "recall": 0.97}

pytestmark = pytest.mark.eval


def score() -> dict[str, float]:
    if not SENTENCES.is_file():
        pytest.fail(f"the actor test sentences are missing: {SENTENCES}")
    registry = ActorRegistry.from_config(load_desk(STARTER).actors)
    items = yaml.safe_load(SENTENCES.read_text(encoding="utf-8"))
    right = found = expected = 0
    for item in items:
        got = Counter((m.actor_id, m.text) for m in registry.find(item["text"]))
        want = Counter((actor, surface) for actor, surface in item["expect"])
        right += sum((got & want).values())
        found += sum(got.values())
        expected += sum(want.values())
    return {"precision": right / found, "recall": right / expected, "sentences": len(items)}


def test_actor_resolution_floor() -> None:
    figures = score()
    assert figures["sentences"] >= 60
    for name, floor in FLOORS.items():
        assert figures[name] >= floor, f"{name} {figures[name]:.3f} fell below the floor {floor}"
