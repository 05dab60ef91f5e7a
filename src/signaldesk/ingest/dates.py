"""Dates as feeds and sitemaps write them, to aware datetimes that keep the source's offset.

A date without a zone is taken as UTC. `sane` drops dates before 1990 and dates
more than one day past `now` (dropped, not clamped: an impossible date is unknown,
and the store's first-seen time stands in for it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_tz

EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)
_EARLIEST_STAMP = EARLIEST.timestamp()

_ISO = re.compile(
    r"(\d{4})-?(\d{2})-?(\d{2})"
    r"(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?$",
    re.IGNORECASE,
)
_ZONES = {
    "UTC": 0,
    "UT": 0,
    "GMT": 0,
    "Z": 0,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "IST": 5.5,
    "JST": 9,
    "KST": 9,
    "AEST": 10,
    "AEDT": 11,
}
_RFC822 = re.compile(
    r"(?:[A-Za-z]{2,9}\.?,?\s*)?(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"\s*(?:([+-]\d{4})|([A-Za-z]{1,5}))?\s*$"
)
_ENGLISH = {
    name: n
    for n, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
_ENGLISH.update({"sept": 9, "june": 6, "july": 7})
_FIXED: dict[int, timezone] = {}
_OFFSETS: dict[str, timezone] = {}
_NAMED = re.compile(r"\s([A-Z]{2,4})$")
_COMPACT_TIME = re.compile(r"\s(\d{2})(\d{2})(\s|$)")
_WORD = re.compile(r"[^\W\d_]+\.?")
_WEEKDAY = re.compile(r"^\s*[^\W\d_]+\.?,\s*")
# Month names feeds in other languages put in RFC 822 dates (pt, es, fr, de, it, nl).
_MONTHS = {
    "jan": "Jan",
    "janv": "Jan",
    "ene": "Jan",
    "gen": "Jan",
    "jän": "Jan",
    "fev": "Feb",
    "févr": "Feb",
    "fevr": "Feb",
    "feb": "Feb",
    "mär": "Mar",
    "mars": "Mar",
    "mar": "Mar",
    "mrt": "Mar",
    "abr": "Apr",
    "avr": "Apr",
    "apr": "Apr",
    "mai": "May",
    "may": "May",
    "mag": "May",
    "mei": "May",
    "jun": "Jun",
    "juin": "Jun",
    "giu": "Jun",
    "jul": "Jul",
    "juil": "Jul",
    "lug": "Jul",
    "ago": "Aug",
    "août": "Aug",
    "aug": "Aug",
    "set": "Sep",
    "sept": "Sep",
    "sep": "Sep",
    "out": "Oct",
    "okt": "Oct",
    "oct": "Oct",
    "ott": "Oct",
    "nov": "Nov",
    "dez": "Dec",
    "dic": "Dec",
    "déc": "Dec",
    "dec": "Dec",
}


def parse_date(value: str | None) -> datetime | None:
    """An aware datetime from ISO 8601 / W3C-DTF or RFC 822 text, or None when it is not a date."""
    if not value:
        return None
    text = value.strip()
    if len(text) >= 8 and text[:4].isdigit() and (text[4] == "-" or text[:8].isdigit()):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return _iso(text)
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    fast = _fast_rfc822(text)
    return fast if fast is not None else _rfc822(text)


def sane(moment: datetime | None, now: datetime) -> datetime | None:
    """The date if it lies between 1990 and one day past `now`, else None."""
    if moment is None or moment < EARLIEST or moment > now + FUTURE_SLACK:
        return None
    return moment


def sane_at(now: datetime) -> Callable[[datetime | None], datetime | None]:
    """sane() for many aware dates read at one `now`, with the bounds worked out once.

    Most dates are compared as POSIX timestamps (comparing datetimes in different
    zones is several times slower); a date within a second of a bound, where float
    rounding could matter, gets the exact comparison.
    """
    low, high = _EARLIEST_STAMP + 1.0, (now + FUTURE_SLACK).timestamp() - 1.0

    def check(moment: datetime | None) -> datetime | None:
        if moment is not None and low < moment.timestamp() < high:
            return moment
        return sane(moment, now)

    return check


def _fast_rfc822(text: str) -> datetime | None:
    """The common English RFC 822 form, without the generality of email.utils."""
    match = _RFC822.match(text)
    if match is None:
        return None
    day, month_name, year, hour, minute, second, offset, name = match.groups()
    month = _ENGLISH.get(month_name.lower())
    if month is None:
        return None
    if offset:
        zone = _OFFSETS.get(offset) or _offset_zone(offset)
    elif name:
        hours = _ZONES.get(name.upper())
        if hours is None:
            return None
        zone = _fixed(int(hours * 60))
    else:
        zone = UTC
    number = int(year)
    number += (2000 if number < 70 else 1900) if number < 100 else 0
    try:
        return datetime(
            number, month, int(day), int(hour), int(minute), min(int(second or 0), 59), tzinfo=zone
        )
    except ValueError:
        return None


def _offset_zone(offset: str) -> timezone:
    """The zone of a '+hhmm' / '-hhmm' offset, remembered by its text."""
    minutes = int(offset[1:3]) * 60 + int(offset[3:5])
    zone = _fixed(minutes if offset[0] == "+" else -minutes)
    if len(_OFFSETS) < 256:
        _OFFSETS[offset] = zone
    return zone


def _fixed(minutes: int) -> timezone:
    zone = _FIXED.get(minutes)
    if zone is None:
        zone = UTC if minutes == 0 else timezone(timedelta(minutes=minutes))
        if len(_FIXED) < 256:
            _FIXED[minutes] = zone
    return zone


def _iso(text: str) -> datetime | None:
    match = _ISO.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            int((fraction or "0")[:6].ljust(6, "0")),
            _zone(zone),
        )
    except ValueError:
        return None


def _zone(zone: str | None) -> timezone:
    if not zone or zone.upper() == "Z":
        return UTC
    digits = zone[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
    if minutes == 0:
        return UTC
    return timezone(timedelta(minutes=minutes if zone[0] == "+" else -minutes))


def _rfc822(text: str) -> datetime | None:
    if ":" not in text:
        text = _COMPACT_TIME.sub(r" \1:\2\3", text, count=1)
    offset: float | None = None
    named = _NAMED.search(text)
    if named and named[1] in _ZONES:
        offset = _ZONES[named[1]]
        text = text[: named.start()] + " +0000"
    parts = parsedate_tz(text) or parsedate_tz(_english_months(text))
    if parts is None:
        return None
    year = parts[0]
    if year < 100:
        year += 2000 if year < 70 else 1900
    seconds = int(offset * 3600) if offset is not None else (parts[9] or 0)
    try:
        zone = UTC if seconds == 0 else timezone(timedelta(seconds=seconds))
        return datetime(year, parts[1], parts[2], parts[3], parts[4], min(parts[5], 59), tzinfo=zone)
    except (ValueError, OverflowError):
        return None


def _english_months(text: str) -> str:
    """Drop a weekday and turn month names of other languages into English ones."""
    text = _WEEKDAY.sub("", text)
    return _WORD.sub(lambda m: _MONTHS.get(m[0].rstrip(".").lower(), m[0]), text)
