"""The signal tracker: keeps the series up to date per batch and reports bursts and shifts.

    tracker = SignalTracker(config, store)
    events = tracker.observe([(document, analysis, ("talks",), story_id), ...])

Bursts are looked for in the hourly buckets a batch touched; shifts in the actors and
frames whose signals it carried, over their last `shift_days` of stored signals, which a
`SignalWindow` keeps in memory between batches (read from the store on first use). Each event is recorded in `signal_events`, so it is
reported once, also across restarts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ..config import DeskConfig
from ..store.base import Store
from ..types import Analysis, DeskEvent, Document, now, utc
from . import storage
from .bursts import HOUR, Burst, BurstParams, detect_burst
from .series import Bucket, bucket_start, bucketed, check_resolution, document_amounts, document_moment, merge
from .shifts import Observation, Shift, ShiftParams, detect_shifts
from .window import SignalWindow


@dataclass(frozen=True, slots=True)
class Observed:
    """One item of a batch: a stored document, its analysis, its watches and its story."""

    document: Document
    analysis: Analysis
    watches: tuple[str, ...] = ()
    story_id: int | None = None


@dataclass(frozen=True, slots=True)
class FrameShift:
    actor_id: str
    frame: str
    shift: Shift

    @property
    def key(self) -> str:
        return self.shift.key(self.actor_id, self.frame)


@dataclass(frozen=True, slots=True)
class DayIndex:
    """The policy-signal index of one day in the desk's timezone: mean signed strength."""

    day: date
    value: float
    signals: int


BatchItem = Observed | tuple[Document, Analysis, tuple[str, ...], int | None]


class SignalTracker:
    """Series, bursts and shifts of one desk, kept in its store."""

    def __init__(
        self,
        config: DeskConfig,
        store: Store,
        *,
        bursts: BurstParams | None = None,
        shifts: ShiftParams | None = None,
        burst_kinds: tuple[str, ...] = ("watch", "actor", "frame", "story"),
        shift_days: int = 30,
        clock: Callable[[], datetime] = now,
    ) -> None:
        self.config = config
        self.store = store
        self.engine = store.engine  # type: ignore[attr-defined]
        self.zone = config.zone
        self.burst_params = bursts or BurstParams()
        self.shift_params = shifts or ShiftParams()
        self.burst_kinds = burst_kinds
        self.shift_days = shift_days
        self.clock = clock
        self.affiliations = {a.id: a.affiliation for a in config.actors}
        self.names = {a.id: a.name for a in config.actors} | {f.id: f.name for f in config.frames}
        self._recent: dict[tuple[str, datetime], set[int]] = defaultdict(set)
        self.window = SignalWindow(self.engine)

    # -- writing -------------------------------------------------------------------

    def observe(self, batch: Iterable[BatchItem]) -> list[DeskEvent]:
        """Add a batch to the series; return the bursts and shifts it brought to light."""
        items = [item if isinstance(item, Observed) else Observed(*item) for item in batch]
        if not items:
            return []
        previous = storage.counted(self.engine, [item.document.id for item in items])
        increments = []
        records = []
        touched_hours: dict[str, set[datetime]] = defaultdict(set)
        for item in items:
            moment = document_moment(item.document)
            amounts = document_amounts(
                item.document, item.analysis, item.watches, item.story_id, self.affiliations
            )
            old = previous.get(item.document.id)
            if old is not None and old.moment == moment and old.amounts == amounts:
                continue
            if old is not None:
                increments += bucketed(old.moment, old.amounts, sign=-1)
            increments += bucketed(moment, amounts)
            records.append(storage.Counted(item.document.id, moment, amounts))
            hour = bucket_start(moment, "1h")
            for key in amounts:
                self._recent[(key, hour)].add(item.document.id)
                if key.split(":", 1)[0] in self.burst_kinds:
                    touched_hours[key].add(hour)
        storage.apply(self.engine, merge(increments), records, self.clock())
        self._forget()
        events = self._bursts(touched_hours)
        events += self._shifts(items)
        return events

    def _forget(self, keep: timedelta = timedelta(hours=48), most: int = 50_000) -> None:
        """Keep the documents of recent hours only (they name the documents of a burst)."""
        if not self._recent:
            return
        latest = max(hour for _key, hour in self._recent)
        for at in [at for at in self._recent if at[1] < latest - keep]:
            del self._recent[at]
        while len(self._recent) > most:
            del self._recent[min(self._recent, key=lambda at: at[1])]

    # -- bursts ----------------------------------------------------------------------

    def _bursts(self, touched: dict[str, set[datetime]]) -> list[DeskEvent]:
        if not touched:
            return []
        lookback = timedelta(days=self.burst_params.lookback_days)
        first = min(min(hours) for hours in touched.values()) - lookback
        last = max(max(hours) for hours in touched.values()) + HOUR
        history = storage.buckets(self.engine, sorted(touched), "1h", first, last)
        found: list[Burst] = []
        for key, hours in touched.items():
            counts = {moment: count for moment, (count, _total) in history[key].items()}
            for hour in sorted(hours):
                burst = detect_burst(key, counts, hour, self.zone, self.burst_params)
                if burst is not None:
                    found.append(burst)
        known = storage.event_keys(self.engine, "burst", [b.event_key for b in found])
        fresh = [b for b in found if b.event_key not in known]
        detected = self.clock()
        storage.save_events(
            self.engine,
            [
                storage.EventRow(
                    "burst",
                    b.event_key,
                    detected,
                    b.start,
                    b.end,
                    "up",
                    b.z,
                    1.0,
                    {"series": b.key, "count": b.count, "expected": b.expected, "basis": b.basis},
                )
                for b in fresh
            ],
        )
        return [self._burst_event(b, detected) for b in fresh]

    def _burst_event(self, burst: Burst, detected: datetime) -> DeskEvent:
        local = burst.start.astimezone(self.zone)
        documents = sorted(self._recent.get((burst.key, burst.start), ()))
        kind, _, name = burst.key.partition(":")
        return DeskEvent(
            kind="burst",
            key=burst.event_key,
            at=detected,
            title=(
                f"Burst in {burst.key}: {burst.count} documents in the hour from {local:%a %H:%M} "
                f"(about {burst.expected:.1f} expected)"
            ),
            story_id=int(name) if kind == "story" and name.isdigit() else None,
            actor_id=name if kind == "actor" else None,
            frame=name if kind == "frame" else None,
            score=round(burst.z, 3),
            origin_at=burst.start,
            detail={
                "series": burst.key,
                "watch": name if kind == "watch" else None,
                "count": burst.count,
                "expected": round(burst.expected, 4),
                "basis": burst.basis,
                "window_start": burst.start.isoformat(),
                "window_end": burst.end.isoformat(),
                "documents": documents,
            },
        )

    # -- shifts ----------------------------------------------------------------------

    def voices(self, actor_id: str) -> tuple[str, ...]:
        """The actor and every actor that speaks for it (through `affiliation`)."""
        from .series import speakers

        return tuple(a for a in {actor_id, *self.affiliations} if actor_id in speakers(self.affiliations, a))

    def _observations(
        self,
        actor_id: str,
        frame: str | None,
        since: datetime | None,
        until: datetime | None,
        batch: Sequence[Observed] = (),
        stored: dict[tuple[str, str], list[storage.SignalRow]] | None = None,
    ) -> dict[str, list[Observation]]:
        voices = self.voices(actor_id)
        if stored is None or frame is None:
            rows = storage.signal_rows(self.engine, voices, frame, since, until)
        else:
            rows = [r for voice in voices for r in stored.get((voice, frame), ())]
        fresh = {item.document.id for item in batch}
        found: dict[str, list[Observation]] = defaultdict(list)
        for row in rows:
            if row.document_id not in fresh:
                found[row.frame].append(
                    Observation(
                        row.at,
                        row.direction,
                        row.strength,
                        row.document_id,
                        row.start,
                        row.end,
                        row.evidence,
                        row.actor_id,
                    )
                )
        for item in batch:
            moment = document_moment(item.document)
            for s in item.analysis.signals:
                if s.actor_id in voices and (frame is None or s.frame == frame):
                    found[s.frame].append(
                        Observation(
                            moment,
                            s.direction,
                            s.strength,
                            item.document.id,
                            s.start,
                            s.end,
                            s.evidence,
                            s.actor_id,
                        )
                    )
        return found

    def shifts(
        self,
        actor_id: str,
        frame: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[FrameShift]:
        """The actor's shifts on each frame (or one frame), oldest first."""
        found = [
            FrameShift(actor_id, name, shift)
            for name, observations in sorted(self._observations(actor_id, frame, since, until).items())
            for shift in detect_shifts(observations, self.shift_params)
        ]
        return sorted(found, key=lambda f: f.shift.changed_at)

    def _shifts(self, batch: Sequence[Observed]) -> list[DeskEvent]:
        pairs = {
            (actor, s.frame)
            for item in batch
            for s in item.analysis.signals
            for actor in (s.actor_id, *self._institutions(s.actor_id))
        }
        if not pairs:
            return []
        latest = max(document_moment(item.document) for item in batch)
        since = latest - timedelta(days=self.shift_days)
        events: list[DeskEvent] = []
        rows: list[storage.EventRow] = []
        detected = self.clock()
        wanted = [f"{voice}:{frame}" for actor, frame in pairs for voice in self.voices(actor)]
        stored: dict[tuple[str, str], list[storage.SignalRow]] = defaultdict(list)
        for row in self.window.rows(wanted, since):
            stored[(row.actor_id, row.frame)].append(row)
        for actor, frame in sorted(pairs):
            observations = self._observations(actor, frame, since, None, batch, stored).get(frame, [])
            candidates = [FrameShift(actor, frame, s) for s in detect_shifts(observations, self.shift_params)]
            if not candidates:
                continue
            emitted = storage.events(self.engine, "shift", f"shift:{actor}:{frame}:")
            for candidate in candidates:
                if _already(candidate, emitted):
                    continue
                rows.append(self._shift_row(candidate, detected))
                emitted.append(rows[-1])
                events.append(self._shift_event(candidate, detected))
        storage.save_events(self.engine, rows)
        return events

    def _institutions(self, actor_id: str) -> tuple[str, ...]:
        from .series import speakers

        return speakers(self.affiliations, actor_id)[1:]

    def _shift_row(self, found: FrameShift, detected: datetime) -> storage.EventRow:
        shift = found.shift
        return storage.EventRow(
            "shift",
            found.key,
            detected,
            shift.window_start,
            shift.window_end,
            shift.direction,
            shift.after - shift.before,
            shift.confidence,
            {"changed_at": shift.changed_at.isoformat(), "before": shift.before, "after": shift.after},
        )

    def _shift_event(self, found: FrameShift, detected: datetime) -> DeskEvent:
        shift = found.shift
        actor = self.names.get(found.actor_id, found.actor_id)
        frame = self.names.get(found.frame, found.frame)
        return DeskEvent(
            kind="shift",
            key=found.key,
            at=detected,
            title=f"{actor}: {shift.direction} on {frame} (confidence {shift.confidence:.2f})",
            document_id=shift.first.document_id,
            actor_id=found.actor_id,
            frame=found.frame,
            direction=shift.direction,
            score=round(shift.confidence, 4),
            origin_at=shift.window_end,
            detail=shift_json(shift),
        )

    # -- reading ---------------------------------------------------------------------

    def series(
        self,
        key: str,
        resolution: str = "1h",
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[Bucket]:
        """The stored buckets of one series, their starts in the desk's timezone."""
        check_resolution(resolution)
        found = storage.buckets(self.engine, [key], resolution, since, until)[key]
        return [Bucket(start.astimezone(self.zone), count, total) for start, (count, total) in found.items()]

    def index(
        self,
        actor_id: str,
        frame: str,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[DayIndex]:
        """Mean signed strength of the actor's signals on `frame`, per day in the desk's timezone."""
        days: dict[date, tuple[int, float]] = {}
        for bucket in self.series(f"signal:{actor_id}:{frame}", "1h", since, until):
            day = bucket.start.date()
            count, total = days.get(day, (0, 0.0))
            days[day] = (count + bucket.count, total + bucket.total)
        return [
            DayIndex(day, round(total / count, 4) if count else 0.0, count)
            for day, (count, total) in sorted(days.items())
            if count
        ]


def _already(found: FrameShift, emitted: Sequence[storage.EventRow]) -> bool:
    """Whether this shift (or the same move with its change point moved) was reported."""
    shift = found.shift
    for row in emitted:
        if row.key == found.key:
            return True
        changed = datetime.fromisoformat(str(row.data.get("changed_at", row.window_start.isoformat())))
        if row.direction == shift.direction and shift.window_start <= utc(changed) <= shift.window_end:
            return True
    return False


@dataclass(frozen=True)
class ActorSignals:
    """An actor's signal index per frame (one value a day, oldest first) and its shifts."""

    actor_id: str
    indexes: dict[str, list[DayIndex]]
    shifts: tuple[FrameShift, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "actor": self.actor_id,
            "frames": {
                frame: [{"day": d.day.isoformat(), "index": d.value, "signals": d.signals} for d in days]
                for frame, days in self.indexes.items()
            },
            "shifts": [{"frame": s.frame, "key": s.key, **shift_json(s.shift)} for s in self.shifts],
        }


def shift_json(shift: Shift) -> dict[str, Any]:
    """A shift as plain data: indexes, confidence and the quotes that moved it."""
    return {
        "direction": shift.direction,
        "confidence": shift.confidence,
        "before": shift.before,
        "after": shift.after,
        "opening": shift.opening,
        "changed_at": shift.changed_at.isoformat(),
        "window_start": shift.window_start.isoformat(),
        "window_end": shift.window_end.isoformat(),
        "observations": shift.observations,
        "evidence": [
            {
                "document_id": o.document_id,
                "start": o.start,
                "end": o.end,
                "actor_id": o.actor_id,
                "evidence": o.evidence,
                "at": o.at.isoformat(),
            }
            for o in shift.evidence
        ],
    }
