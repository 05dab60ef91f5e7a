"""The compressed clock that releases the storyline.

The rule: day 1 of the storyline is the calendar day (America/New_York) of
`start - length`, where `start` is the wall time the newsroom starts and `length`
is the storyline's nominal length. Times of day are kept, so every item carries a
real, recent date in the past, shown with its America/New_York offset. The
simulated clock starts at day 1 00:00 and advances `speed` storyline seconds per
real second (speed 3600: one storyline hour per second); an item is served once
the simulated clock has passed its time. With `release_all` or an infinite speed
everything is served at once, with the same dates. `skip` starts the simulated
clock later than day 1 00:00 (to open the demo mid-story, or to freeze a test at a
known point with speed 1); it moves the release point, never the dates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from .storyline import Moment

ZONE = ZoneInfo("America/New_York")


@dataclass(frozen=True, slots=True)
class Clock:
    day1: date
    wall_start: float
    speed: float
    release_all: bool = False
    skip: Moment | None = None

    @classmethod
    def starting(
        cls,
        wall_start: float,
        length: timedelta,
        speed: float,
        release_all: bool = False,
        skip: Moment | None = None,
    ) -> Clock:
        day1 = datetime.fromtimestamp(wall_start - length.total_seconds(), ZONE).date()
        return cls(day1, wall_start, speed, release_all or math.isinf(speed), skip)

    def at(self, moment: Moment) -> datetime:
        """The real date a storyline moment is shown with (America/New_York)."""
        local = datetime.combine(self.day1 + timedelta(days=moment.day - 1), moment.clock, tzinfo=ZONE)
        return local.astimezone(UTC).astimezone(ZONE)

    @property
    def origin(self) -> datetime:
        return datetime.combine(self.day1, datetime.min.time(), tzinfo=ZONE).astimezone(UTC)

    def now(self, wall: float) -> datetime:
        """The simulated time (UTC) at wall time `wall`."""
        if self.release_all:
            return datetime.max.replace(tzinfo=UTC)
        elapsed = max(0.0, wall - self.wall_start) * self.speed
        start = self.at(self.skip).astimezone(UTC) if self.skip else self.origin
        return start + timedelta(seconds=min(elapsed, 1e9))

    def visible(self, moment: Moment, wall: float) -> bool:
        return self.at(moment).astimezone(UTC) <= self.now(wall)
