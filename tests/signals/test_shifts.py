"""Shift detection on synthetic signals: clear changes, noise, stray quotes, sparse data."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from signaldesk.signals.shifts import (
    Observation,
    ShiftParams,
    change_probability,
    detect_shifts,
    lean_probability,
    segments,
)

T0 = datetime(2026, 3, 2, 12, tzinfo=UTC)


def run(
    directions: list[str], weight: float = 1.0, every: timedelta = timedelta(hours=8)
) -> list[Observation]:
    """One quote per document, one document every `every`."""
    return [
        Observation(T0 + i * every, d, weight, 100 + i, 5 * i, 5 * i + 4, f"quote {i}")
        for i, d in enumerate(directions)
    ]


def test_a_clear_change_is_found_where_it_happened() -> None:
    found = detect_shifts(run(["hardening"] * 8 + ["softening"] * 8))
    internal = [s for s in found if not s.opening]
    assert len(internal) == 1
    shift = internal[0]
    assert shift.direction == "softening"
    assert shift.confidence > 0.95
    assert shift.before < -0.5 < 0.5 < shift.after
    assert shift.first.document_id == 108, "the first softening quote moved it"
    assert [o.document_id for o in shift.evidence][:3] == [108, 109, 110]
    assert shift.changed_at == T0 + 8 * timedelta(hours=8)


def test_softening_then_hardening_gives_two_shifts_in_order() -> None:
    found = detect_shifts(run(["neutral"] * 6 + ["softening"] * 6 + ["hardening"] * 6))
    assert [(s.direction, s.opening) for s in found] == [("softening", False), ("hardening", False)]
    assert found[0].changed_at < found[1].changed_at


def test_noise_does_not_fire() -> None:
    rng = random.Random(7)
    fired = 0
    for _ in range(100):
        noise = run([rng.choice(["softening", "hardening", "neutral"]) for _ in range(30)])
        fired += any(not s.opening for s in detect_shifts(noise))
    assert fired <= 2


def test_one_stray_quote_does_not_fire() -> None:
    stray = run(["hardening"] * 8 + ["softening"] + ["hardening"] * 8)
    assert [s.opening for s in detect_shifts(stray)] == [True], "only the opening lean, no shift"
    assert detect_shifts(run(["hardening"] * 8 + ["softening"]))[1:] == []
    assert detect_shifts(run(["softening"])) == [], "one quote shows no lean yet"


def test_sparse_data_gives_lower_confidence() -> None:
    dense = run(["hardening"] * 10 + ["softening"] * 10)
    sparse = run(["hardening"] * 3 + ["softening"] * 3)
    assert change_probability(sparse)[0] < change_probability(dense)[0]
    assert change_probability(sparse)[0] < 0.9
    assert [s for s in detect_shifts(sparse) if not s.opening] == []
    assert lean_probability((2, 0, 0), "softening") < lean_probability((12, 0, 0), "softening")
    weak = run(["hardening"] * 8 + ["softening"] * 8, weight=0.3)
    strong = run(["hardening"] * 8 + ["softening"] * 8, weight=1.0)
    assert change_probability(weak)[0] < change_probability(strong)[0], "weak signals weigh less"


def test_quotes_of_one_document_stay_together() -> None:
    same_document = [
        Observation(T0 + timedelta(hours=i // 4), "hardening" if i < 6 else "softening", 1.0, 100 + i // 4, i)
        for i in range(16)
    ]
    parts = segments(same_document)
    assert all(
        same_document[p.first].document_id != same_document[p.first - 1].document_id for p in parts[1:]
    )


def test_the_opening_lean_needs_two_documents_and_a_clear_majority() -> None:
    params = ShiftParams()
    one_document = [Observation(T0, "softening", 1.0, 1, i) for i in range(5)]
    assert detect_shifts(one_document, params) == []
    opening = detect_shifts(run(["softening"] * 5))
    assert [(s.direction, s.opening, s.before) for s in opening] == [("softening", True, 0.0)]
    assert detect_shifts(run(["softening", "hardening"] * 5)) == []
