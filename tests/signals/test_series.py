"""Series: the pure increments of a document, and their upserts into a real SQLite store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from signaldesk.errors import UsageError
from signaldesk.signals.series import bucket_start, bucketed, document_amounts, merge
from signaldesk.signals.tracker import SignalTracker
from signaldesk.store import open_store

from .helpers import analysis, config, document

AT = datetime(2026, 3, 2, 14, 22, tzinfo=UTC)


def test_buckets_are_utc_starts_in_each_resolution() -> None:
    local = AT.astimezone(config().zone)
    assert bucket_start(local, "15m") == datetime(2026, 3, 2, 14, 15, tzinfo=UTC)
    assert bucket_start(local, "1h") == datetime(2026, 3, 2, 14, tzinfo=UTC)
    assert bucket_start(local, "1d") == datetime(2026, 3, 2, tzinfo=UTC)
    with pytest.raises(UsageError, match="unknown resolution"):
        bucket_start(AT, "5m")


def test_a_document_counts_once_per_key_and_signals_carry_signed_strength() -> None:
    affiliations = {a.id: a.affiliation for a in config().actors}
    found = analysis(
        ("spokesperson", "engagement", "softening", 1.0),
        ("spokesperson", "engagement", "softening", 0.5),
        ("kdr-mfa", "pressure", "hardening", 0.7),
        tone=0.25,
    )
    amounts = document_amounts(document(7, AT), found, ("talks", "talks"), 12, affiliations)
    assert amounts["watch:talks"] == (1, 0.25)
    assert amounts["story:12"] == (1, 0.25)
    assert amounts["outlet:The Capital Ledger"] == (1, 0.25)
    assert amounts["genre:news"] == (1, 0.25)
    assert amounts["frame:engagement"] == (1, 0.25)
    assert amounts["actor:spokesperson"] == (1, 0.25)
    assert amounts["signal:spokesperson:engagement"] == (2, 1.5)
    assert amounts["signal:state-department:engagement"] == (2, 1.5), (
        "a spokesperson speaks for the department"
    )
    assert amounts["signal:kdr-mfa:pressure"][0] == 1
    assert amounts["signal:kdr-mfa:pressure"][1] == pytest.approx(-0.7)
    increments = bucketed(AT, amounts)
    assert len(increments) == 3 * len(amounts)
    assert merge([*increments, *bucketed(AT, amounts, sign=-1)]) == []


def test_storage_adds_to_buckets_and_reads_them_back_in_the_desk_zone(tmp_path: Path) -> None:
    store = open_store(tmp_path / "x.db")
    tracker = SignalTracker(config(), store)
    first = [(document(1, AT), analysis(("kdr-mfa", "pressure", "hardening", 1.0)), ("talks",), None)]
    second = [
        (document(2, AT + timedelta(minutes=5)), analysis(), ("talks",), None),
        (document(3, AT + timedelta(hours=1)), analysis(), ("talks",), None),
    ]
    tracker.observe(first)
    tracker.observe(second)
    hours = tracker.series("watch:talks", "1h")
    assert [(b.start.hour, b.count) for b in hours] == [(9, 2), (10, 1)], "14:00 UTC is 09:00 in New York"
    assert str(hours[0].start.tzinfo) == "America/New_York"
    assert [b.count for b in tracker.series("watch:talks", "15m")] == [2, 1]
    assert [b.count for b in tracker.series("watch:talks", "1d")] == [3]
    since = AT.replace(minute=59)
    assert [b.count for b in tracker.series("watch:talks", "1h", since=since)] == [1]
    assert tracker.series("signal:kdr-mfa:pressure", "1d")[0].total == -1.0
    store.close()


def test_observing_a_document_again_changes_nothing_and_a_revision_replaces_its_counts(
    tmp_path: Path,
) -> None:
    store = open_store(tmp_path / "x.db")
    tracker = SignalTracker(config(), store)
    item = (document(1, AT), analysis(("kdr-mfa", "pressure", "hardening", 1.0)), ("talks",), None)
    tracker.observe([item])
    tracker.observe([item])
    assert [b.count for b in tracker.series("watch:talks", "1d")] == [1]
    revised = (document(1, AT), analysis(("kdr-mfa", "engagement", "softening", 0.5)), ("sanctions",), None)
    tracker.observe([revised])
    assert [b.count for b in tracker.series("watch:talks", "1d")] == [0]
    assert [b.count for b in tracker.series("watch:sanctions", "1d")] == [1]
    assert [b.total for b in tracker.series("signal:kdr-mfa:pressure", "1h")] == [0.0]
    assert [b.total for b in tracker.series("signal:kdr-mfa:engagement", "1h")] == [0.5]
    store.close()
