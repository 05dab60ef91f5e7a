"""The window a brief covers: a shift, a day, or any span; and the window before it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..config import Shift
from ..errors import UsageError
from ..types import utc


@dataclass(frozen=True, slots=True)
class Window:
    """The span [start, end) in UTC; `label` names it for the reader (a shift, a day)."""

    start: datetime
    end: datetime
    label: str = ""

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise UsageError(f"a brief's window must end after it starts ({self.start} to {self.end})")

    @property
    def length(self) -> timedelta:
        return self.end - self.start

    def previous(self) -> Window:
        """The window of equal length just before this one."""
        label = f"before {self.label}" if self.label else ""
        return Window(self.start - self.length, self.start, label)

    def contains(self, moment: datetime) -> bool:
        return self.start <= utc(moment) < self.end


def span(start: datetime, end: datetime, label: str = "") -> Window:
    """A window from two moments (naive ones are taken as UTC)."""
    return Window(utc(start), utc(end), label)


def day_window(day: date, zone: ZoneInfo) -> Window:
    """One calendar day in the desk's timezone."""
    start = datetime.combine(day, time(0), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    return Window(utc(start), utc(end), f"{day.isoformat()}")


def shift_on(shift: Shift, day: date, zone: ZoneInfo) -> Window:
    """The shift that starts on `day` (an end before the start is the next day)."""
    start = datetime.combine(day, shift.start, tzinfo=zone)
    end_day = day + timedelta(days=1) if shift.end <= shift.start else day
    end = datetime.combine(end_day, shift.end, tzinfo=zone)
    return Window(utc(start), utc(end), f"{shift.name} shift {day.isoformat()}")


def latest_shift(shifts: Sequence[Shift], zone: ZoneInfo, now: datetime, which: str = "latest") -> Window:
    """The latest shift that has finished by `now` (or the one named `which`, latest finished).

    A desk without shifts has a day shift of 24 hours: the previous calendar day.
    """
    moment = utc(now)
    if not shifts:
        return day_window(moment.astimezone(zone).date() - timedelta(days=1), zone)
    chosen = [s for s in shifts if which in ("latest", s.name)]
    if not chosen:
        names = ", ".join(s.name for s in shifts)
        raise UsageError(f"no shift named '{which}' on this desk; its shifts are: {names}")
    today = moment.astimezone(zone).date()
    finished = [
        window
        for shift in chosen
        for offset in range(0, 3)
        for window in [shift_on(shift, today - timedelta(days=offset), zone)]
        if window.end <= moment
    ]
    return max(finished, key=lambda w: w.end)
