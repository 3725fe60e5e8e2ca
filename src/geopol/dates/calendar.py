"""Calendar arithmetic on plain ``datetime.date`` values and ISO value strings.

Nothing here looks at the clock: every relative computation takes an explicit anchor.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from datetime import date, timedelta

from geopol.records import DateInfo, DatePrecision

MIN_YEAR = 1000
MAX_YEAR = 2199


def valid_day(year: int, month: int, day: int) -> bool:
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12 and day >= 1):
        return False
    return day <= _stdlib_calendar.monthrange(year, month)[1]


def format_value(precision: DatePrecision, year: int, month: int = 1, day: int = 1) -> str:
    """The ISO value string for a date at the given precision (decade → its first year)."""
    if precision == "day":
        return f"{year:04d}-{month:02d}-{day:02d}"
    if precision == "month":
        return f"{year:04d}-{month:02d}"
    if precision == "decade":
        return f"{year - year % 10:04d}"
    return f"{year:04d}"


def format_date(d: date, precision: DatePrecision) -> str:
    return format_value(precision, d.year, d.month, d.day)


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def anchor_day(anchor: DateInfo | None) -> date | None:
    """The anchor as a calendar day, when it is known to the day."""
    if anchor is None or anchor.value is None or anchor.precision != "day":
        return None
    return parse_value(anchor.value)


def anchor_year(anchor: DateInfo | None) -> int | None:
    """The anchor's year, when it is known to the year or better (not for decades)."""
    if anchor is None or anchor.value is None or anchor.precision not in ("day", "month", "year"):
        return None
    return int(anchor.value[:4])


def anchor_month(anchor: DateInfo | None) -> tuple[int, int] | None:
    if anchor is None or anchor.value is None or anchor.precision not in ("day", "month"):
        return None
    return int(anchor.value[:4]), int(anchor.value[5:7])


def parse_value(value: str) -> date | None:
    """A ``YYYY-MM-DD`` value as a date (None for coarser values)."""
    if len(value) != 10:
        return None
    try:
        return date(int(value[:4]), int(value[5:7]), int(value[8:10]))
    except ValueError:
        return None


def week_span(d: date) -> tuple[date, date]:
    """Monday and Sunday of the ISO week holding ``d``."""
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def weekday_near(anchor: date, weekday: int, direction: str) -> date:
    """The given weekday relative to the anchor.

    ``past``: the latest such day on or before the anchor (news usage of "on Tuesday").
    ``future``: the earliest on or after it. ``last``/``next``: strictly before/after.
    """
    back = (anchor.weekday() - weekday) % 7
    forward = (weekday - anchor.weekday()) % 7
    if direction == "past":
        return anchor - timedelta(days=back)
    if direction == "future":
        return anchor + timedelta(days=forward)
    if direction == "last":
        return anchor - timedelta(days=back or 7)
    return anchor + timedelta(days=forward or 7)


# The tabular Islamic calendar (30-year cycle, the common "Kuwaiti" leap-year set).
# It can differ from the sighted calendar by a day or two, so converted dates are
# reported at month precision unless a day is written, and a Hijri month is a range.
_HIJRI_EPOCH_JDN = 1948440
_HIJRI_LEAP = {2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29}


def _hijri_to_jdn(year: int, month: int, day: int) -> int:
    return (
        day
        + (29 * (month - 1) + (month - 1 + 1) // 2)
        + (year - 1) * 354
        + (3 + 11 * year) // 30
        + _HIJRI_EPOCH_JDN
        - 1
    )


def _jdn_to_date(jdn: int) -> date:
    return date.fromordinal(jdn - 1721425)


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    return _jdn_to_date(_hijri_to_jdn(year, month, day))


def hijri_month_length(year: int, month: int) -> int:
    if month % 2 == 1:
        return 30
    if month == 12 and (year % 30) in _HIJRI_LEAP:
        return 30
    return 29
