"""Quiet hours: 'HH:MM-HH:MM' in the desk's timezone, when alerts are held, not sent.

A window whose end is before its start runs over midnight ('22:00-07:00'). Held alerts
are sent together as one digest per channel when the window ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..errors import DeskFileError
from ..types import utc

_PATTERN = re.compile(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*")


@dataclass(frozen=True, slots=True)
class QuietHours:
    """A daily window [start, end) in the desk's timezone; end before start runs over midnight."""

    start: time
    end: time

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def parse_quiet_hours(text: str, *, rule_id: str = "") -> QuietHours:
    """Read 'HH:MM-HH:MM'; DeskFileError naming the rule when it is not that."""
    where = f"rules '{rule_id}': " if rule_id else ""
    match = _PATTERN.fullmatch(text)
    if not match:
        raise DeskFileError(f"{where}quiet_hours '{text}' is not HH:MM-HH:MM; write it like 22:00-07:00")
    hour1, minute1, hour2, minute2 = (int(part) for part in match.groups())
    if hour1 > 23 or hour2 > 23 or minute1 > 59 or minute2 > 59:
        raise DeskFileError(f"{where}quiet_hours '{text}' has a time past 23:59")
    if (hour1, minute1) == (hour2, minute2):
        raise DeskFileError(f"{where}quiet_hours '{text}' starts and ends at the same time")
    return QuietHours(time(hour1, minute1), time(hour2, minute2))


def is_quiet(hours: QuietHours, moment: datetime, zone: ZoneInfo) -> bool:
    """Whether `moment` falls in the quiet window (read on the desk's wall clock)."""
    local = utc(moment).astimezone(zone).time().replace(tzinfo=None)
    if hours.start < hours.end:
        return hours.start <= local < hours.end
    return local >= hours.start or local < hours.end


def quiet_ends(hours: QuietHours, moment: datetime, zone: ZoneInfo) -> datetime:
    """The UTC moment the quiet window holding `moment` ends (`moment` itself when not quiet)."""
    if not is_quiet(hours, moment, zone):
        return utc(moment)
    local = utc(moment).astimezone(zone)
    day = local.date()
    if local.time().replace(tzinfo=None) >= hours.end:
        day += timedelta(days=1)
    end = datetime.combine(day, hours.end, tzinfo=zone)
    # A wall-clock end that does not exist (clocks jumped forward) is read as the moment after.
    return utc(end)
