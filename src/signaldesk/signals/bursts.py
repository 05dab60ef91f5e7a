"""Bursts: an hour with far more documents than that hour usually brings.

The expected count for an hour is the series' own mean for the same weekday and hour in
the desk's timezone, shrunk toward its mean for that hour of any day, which is shrunk in
turn toward its overall hourly mean. With a few weeks of history the weekday-and-hour slot
dominates; with a few days, the hour of day; with less, the overall rate. The score is the
Poisson upper tail P(X >= observed | expected), given as a z-like number (the standard
normal quantile of the same tail), so 3 means about 1 in 740.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import NormalDist
from zoneinfo import ZoneInfo

from ..types import utc

HOUR = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class BurstParams:
    """How a burst is called: enough documents, a rare enough tail, enough history."""

    min_count: int = 3
    min_z: float = 3.0
    min_history_hours: int = 72
    lookback_days: int = 28
    shrink: float = 2.0
    floor_rate: float = 0.02


@dataclass(frozen=True, slots=True)
class Expected:
    rate: float
    basis: str
    history_hours: int


@dataclass(frozen=True, slots=True)
class Burst:
    """An hour (UTC start) of series `key` whose count is far above its baseline."""

    key: str
    start: datetime
    count: int
    expected: float
    z: float
    basis: str

    @property
    def end(self) -> datetime:
        return self.start + HOUR

    @property
    def event_key(self) -> str:
        return f"burst:{self.key}:{self.start.isoformat()}"


def poisson_tail(observed: int, rate: float) -> float:
    """P(X >= observed) for X ~ Poisson(rate), summed in log space (bounded loop)."""
    if observed <= 0:
        return 1.0
    if rate <= 0:
        return 0.0
    log_rate = math.log(rate)
    log_terms = []
    k = observed
    limit = observed + 60 + int(10 * math.sqrt(rate) + rate)
    while k <= limit:
        term = -rate + k * log_rate - math.lgamma(k + 1)
        log_terms.append(term)
        if k > rate and term < log_terms[0] - 40:
            break
        k += 1
    top = max(log_terms)
    return min(1.0, math.exp(top) * sum(math.exp(x - top) for x in log_terms))


def tail_z(p: float) -> float:
    """The standard normal quantile with the same upper tail as `p` (capped at 38)."""
    p = min(max(p, 1e-300), 1.0 - 1e-16)
    return -NormalDist().inv_cdf(p)


def expected_rate(
    history: Mapping[datetime, int],
    hour: datetime,
    zone: ZoneInfo,
    since: datetime,
    params: BurstParams = BurstParams(),
) -> Expected:
    """Expected count of the hour starting at `hour` (UTC) from the hours [since, hour).

    `history` maps UTC hour starts to counts; hours it lacks count as zero.
    """
    hour, since = utc(hour), utc(since)
    local = hour.astimezone(zone)
    slot, hod = (local.weekday(), local.hour), local.hour
    n_all = n_hod = n_slot = 0
    sum_all = sum_hod = sum_slot = 0
    moment = since
    while moment < hour:
        count = history.get(moment, 0)
        there = moment.astimezone(zone)
        n_all += 1
        sum_all += count
        if there.hour == hod:
            n_hod += 1
            sum_hod += count
            if there.weekday() == slot[0]:
                n_slot += 1
                sum_slot += count
        moment += HOUR
    if n_all == 0:
        return Expected(params.floor_rate, "none", 0)
    m = params.shrink
    overall = sum_all / n_all
    by_hour = (sum_hod + m * overall) / (n_hod + m)
    by_slot = (sum_slot + m * by_hour) / (n_slot + m)
    basis = "weekday-hour" if n_slot >= 2 else ("hour" if n_hod >= 2 else "overall")
    return Expected(max(by_slot, params.floor_rate), basis, n_all)


def detect_burst(
    key: str,
    history: Mapping[datetime, int],
    hour: datetime,
    zone: ZoneInfo,
    params: BurstParams = BurstParams(),
) -> Burst | None:
    """A Burst when the hour starting at `hour` (UTC) is far above its baseline, else None.

    The baseline uses up to `lookback_days` before the hour, from the series' first bucket.
    """
    hour = utc(hour)
    count = history.get(hour, 0)
    if count < params.min_count:
        return None
    earlier = [moment for moment, n in history.items() if moment < hour and n]
    if not earlier:
        return None
    since = max(min(earlier), hour - timedelta(days=params.lookback_days))
    expected = expected_rate(history, hour, zone, since, params)
    if expected.history_hours < params.min_history_hours:
        return None
    z = tail_z(poisson_tail(count, expected.rate))
    if z < params.min_z:
        return None
    return Burst(key, hour, count, expected.rate, z, expected.basis)
