"""The duplicate index on texts written here: exact copies, edited wire copies, chains, junk."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

from signaldesk.stories.duplicates import DuplicateIndex, DuplicateParams, is_copy

WIRE = (
    "Kestrian border guards detained two fishing crews near the northern strait on Tuesday, the "
    "coastal ministry said, a day after talks on a maritime hotline stalled in the capital. The "
    "ministry said the crews had crossed a line both governments dispute, and that they would be "
    "questioned before any decision on their release. Families of the fishermen gathered outside "
    "the port authority building and asked for consular visits. A spokesman for the foreign office "
    "said the detentions were a matter for the courts and did not change the government's wish to "
    "resume the hotline talks next month."
)
OTHER = (
    "Talks on a maritime hotline between the two governments stalled on Monday after negotiators "
    "failed to agree on which agency would answer calls. Officials from the foreign office said they "
    "still hoped to meet again next month. Fishing crews on both sides of the strait have complained "
    "for years that the disputed line is poorly marked, and port authorities say detentions have "
    "grown more common this season."
)
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def edited(text: str, share: float, seed: int) -> str:
    rng = random.Random(seed)
    tokens = text.split()
    for _ in range(round(share * len(tokens))):
        where = rng.randrange(len(tokens))
        if rng.random() < 0.5:
            tokens[where] = rng.choice(["reportedly", "officials", "Wednesday", "agency", "local"])
        else:
            del tokens[where]
    return " ".join(tokens)


def test_exact_copy_under_other_spacing_and_case_points_to_the_first() -> None:
    index = DuplicateIndex()
    assert index.add(1, WIRE, T0) is None
    assert index.add(2, "  " + WIRE.upper().replace(" ", "\n  "), T0) == 1


def test_edited_wire_copies_point_to_the_earliest_copy() -> None:
    index = DuplicateIndex()
    index.add(10, WIRE, T0)
    for n, share in enumerate((0.05, 0.1, 0.15, 0.2)):
        copy = "UPDATE 1 - Border guards detain crews\n" + edited(WIRE, share, n)
        assert index.add(20 + n, copy, T0 + timedelta(hours=n)) == 10, share


def test_a_copy_of_a_copy_points_to_the_original() -> None:
    index = DuplicateIndex()
    index.add(1, WIRE, T0)
    first = edited(WIRE, 0.1, 1)
    assert index.add(2, first, T0) == 1
    assert index.add(3, edited(first, 0.1, 2), T0) == 1


def test_another_article_on_the_same_event_is_not_a_copy() -> None:
    index = DuplicateIndex()
    index.add(1, WIRE, T0)
    assert index.add(2, OTHER, T0) is None


def test_short_texts_match_only_exactly() -> None:
    index = DuplicateIndex()
    index.add(1, "Strait talks stall", T0)
    assert index.add(2, "Strait talks stall!", T0) == 1
    assert index.add(3, "Strait talks resume", T0) is None


def test_hostile_texts_do_not_crash() -> None:
    index = DuplicateIndex()
    junk = bytes(range(256)).decode("latin-1") * 50
    assert index.add(1, "", T0) is None
    assert index.add(2, "", T0) is None  # empty text is never a copy
    assert index.add(3, junk, T0) is None
    assert index.add(4, junk, T0) == 3
    assert index.add(5, "Страйк «тест» 罢工 测试 \u201cunbalanced " * 40, T0) is None
    assert index.add(6, WIRE * 20_000, T0) is None  # ~10 MB: only the first characters are read
    assert index.add(7, WIRE * 20_001, T0) == 6


def test_expire_forgets_old_texts() -> None:
    index = DuplicateIndex()
    index.add(1, WIRE, T0)
    assert index.expire(T0 + timedelta(days=4)) == 1
    assert len(index) == 0
    assert index.add(2, WIRE, T0 + timedelta(days=4)) is None


def test_state_round_trip_keeps_answers() -> None:
    index = DuplicateIndex(DuplicateParams(threshold=0.7))
    index.add(1, WIRE, T0)
    index.add(2, edited(WIRE, 0.1, 3), T0)
    again = DuplicateIndex.from_state(json.loads(json.dumps(index.to_state())))
    assert again.add(3, edited(WIRE, 0.1, 4), T0) == 1
    assert again.add(4, WIRE.lower(), T0) == 1


def test_is_copy_is_a_threshold() -> None:
    params = DuplicateParams(threshold=0.7)
    assert is_copy(0.7, params)
    assert not is_copy(0.69, params)
