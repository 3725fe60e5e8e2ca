"""Reading the date of one sentence."""

from __future__ import annotations

import re
from functools import lru_cache

from geopol.dates import calendar as cal
from geopol.dates.grammar import Found, find_all
from geopol.records import DateInfo, DatePrecision

_ISO = re.compile(
    r"\s*(?P<y>\d{4})(?:-?(?P<m>\d{2})(?:-?(?P<d>\d{2}))?)?(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*"
)


def parse_iso(value: str) -> DateInfo | None:
    """A machine-written date ("2024", "2024-08", "2024-08-15", "20240815",
    "2024-08-15T10:00:00Z") at the precision it is written to."""
    m = _ISO.fullmatch(value)
    if m is None:
        return None
    year = int(m["y"])
    month = int(m["m"]) if m["m"] else None
    day = int(m["d"]) if m["d"] else None
    precision: DatePrecision
    if day is not None and month is not None:
        if not cal.valid_day(year, month, day):
            return None
        precision = "day"
    elif month is not None:
        if not 1 <= month <= 12:
            return None
        precision = "month"
    else:
        precision = "year"
    if not cal.MIN_YEAR <= year <= cal.MAX_YEAR:
        return None
    return DateInfo(
        value=cal.format_value(precision, year, month or 1, day or 1),
        precision=precision,
        text=value.strip(),
        derivation="stated",
    )


def find_dates(
    text: str, anchor: DateInfo | None = None, *, previous: DateInfo | None = None
) -> list[DateInfo]:
    """Every date expression in ``text`` (left to right), each with its char offsets."""
    return [_copy(found.info) for found in _find_cached(text, anchor, previous)]


Near = int | tuple[int, int] | None


def parse_date(
    text: str,
    anchor: DateInfo | None = None,
    *,
    near: Near = None,
    previous: DateInfo | None = None,
) -> DateInfo | None:
    """The date expression that dates the event of a sentence, or None when it has none.

    ``anchor``: the document date, needed for relative dates ("on Tuesday"). ``near``: an
    offset or ``(start, end)`` span in ``text`` (the event's trigger); the date expression
    closest to it wins, else the first one. ``previous``: the latest date earlier in the
    text, for "that year", "two days later" and a month written without its year.

    A date whose year is not in the text and cannot come from the anchor has
    ``value=None`` and keeps the month it named in ``month_only``.
    """
    chosen = choose(_find_cached(text, anchor, previous), near, text)
    return None if chosen is None else _copy(chosen.info)


def choose(
    found: list[Found] | tuple[Found, ...], near: Near = None, text: str | None = None
) -> Found | None:
    """The date expression most likely to date the sentence's event.

    A year that only names a thing ("the 2003 invasion") does not date the event. With
    a trigger span, the nearest date wins, a date in a later clause (behind "which",
    "que", "when") counting as further away.
    """
    usable = [f for f in found if not f.adjectival]
    if not usable:
        return None
    if near is None:
        return usable[0]
    span = near if isinstance(near, tuple) else (near, near + 1)
    return min(usable, key=lambda f: (_distance(f, span) + _clause_penalty(f, span, text), f.start))


# A relative or subordinate clause opens between the trigger and the date.
_CLAUSE_BREAK = re.compile(
    r"(?:,\s*|\s)(?:which|who|whom|whose|that|when|where|while|after|before|since|because|"
    r"que|quien|quienes|cuando|donde|mientras|tras|después\s+de|antes\s+de|porque|"
    r"الذي|التي|الذين|عندما|حين|بعد|قبل)(?!\w)",
    re.IGNORECASE,
)
_CLAUSE_PENALTY = 60.0


def _clause_penalty(found: Found, span: tuple[int, int], text: str | None) -> float:
    """A date after the trigger but behind a clause opener ("..., which began on
    Friday") dates something else. A date before the trigger with "that" between
    ("said on Tuesday that ...") is the usual way news dates a report, so it is not
    penalised."""
    if text is None or found.start < span[1]:
        return 0.0
    return _CLAUSE_PENALTY if _CLAUSE_BREAK.search(text, span[1], found.start) else 0.0


# English and Spanish put the date after the verb more often than before it
# ("renewed on 3 May"), so a date after the trigger counts as a little closer.
_AFTER_WEIGHT = 0.7


def _distance(found: Found, span: tuple[int, int]) -> float:
    start, end = span
    if found.start < end and start < found.end:
        return 0.0
    if found.start >= end:
        return (found.start - end) * _AFTER_WEIGHT
    return float(start - found.end)


def _copy(info: DateInfo) -> DateInfo:
    return DateInfo(
        value=info.value,
        precision=info.precision,
        text=info.text,
        derivation=info.derivation,
        end=info.end,
        month_only=info.month_only,
        char_start=info.char_start,
        char_end=info.char_end,
        qualifier=info.qualifier,
    )


def _key(info: DateInfo | None) -> tuple[object, ...] | None:
    if info is None:
        return None
    return (info.value, info.precision, info.end, info.derivation)


@lru_cache(maxsize=4096)
def _find_keyed(
    text: str, anchor: tuple[object, ...] | None, previous: tuple[object, ...] | None
) -> tuple[Found, ...]:
    return tuple(find_all(text, _from_key(anchor), _from_key(previous)))


def _from_key(key: tuple[object, ...] | None) -> DateInfo | None:
    if key is None:
        return None
    value, precision, end, derivation = key
    return DateInfo(value=value, precision=precision, text=None, derivation=derivation, end=end)  # type: ignore[arg-type]


def _find_cached(
    text: str, anchor: DateInfo | None, previous: DateInfo | None
) -> tuple[Found, ...]:
    """``find_all`` behind a cache: the same sentence recurs (boilerplate, re-ingest)."""
    return _find_keyed(text, _key(anchor), _key(previous))
