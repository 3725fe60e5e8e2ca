"""Document metadata a reader can state: the publication date, and a hook for better finders.

The readers look for a publication date the *document itself* states (HTML meta tags
via trafilatura, a JSONL ``date`` field, or a dateline/byline near the top of a plain
text). The user's ``--date`` only fills in when the document states none.

The plain-text finder here is deliberately narrow (a labelled date such as
``Published: 12 March 2024`` or a wire dateline ``NAIROBI, March 12, 2024 -``), because
a date in the body is an event date, not the publication date. The dates stage can
install a better finder with :func:`set_date_finder`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date as Date

# A finder gets the head of a document and returns (ISO date, the words that said it).
DateFinder = Callable[[str], "tuple[str, str] | None"]

HEAD_CHARS = 1500

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_FORMS = (
    rf"{_YEAR}-(?P<m>[01]\d)-(?P<d>[0-3]\d)",
    rf"{_DAY}\s+{_MONTH},?\s+{_YEAR}",
    rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}",
    rf"(?P<d2>[0-3]?\d)[./](?P<m2>[01]?\d)[./]{_YEAR}",
)
_LABEL = (
    r"(?:published|posted|updated|last\s+updated|date|dated|released|issued|"
    r"available\s+online|first\s+published|publication\s+date)"
)
_LABELLED = [
    re.compile(rf"\b{_LABEL}\s*(?:on|:)?\s*(?:\w+day,?\s+)?{form}", re.IGNORECASE)
    for form in _DATE_FORMS
]
# "NAIROBI, March 12, 2024 (Reuters) -" / "Geneva, 3 May 2024 —" at the start of a line,
# or a line of its own ("Baghdad, 3 February 2024" under a statement's title).
_DATELINE = [
    re.compile(
        rf"^[A-Z][A-Za-z .'-]{{1,40}},[ \t]*(?:\w+day,?[ \t]+)?{form}[ \t]*"
        rf"(?:\([^)]{{1,30}}\))?[ \t]*(?:[-–—:]|$)",
        re.MULTILINE | re.IGNORECASE,
    )
    for form in _DATE_FORMS[1:3]
]


_LABEL_WORDS = ("publish", "posted", "updated", "date", "released", "issued", "online")
_ANY_MONTH = re.compile(r"\b(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b")


def _iso_from_match(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    try:
        year = int(groups["year"])
        if groups.get("m"):
            month, day = int(groups["m"]), int(groups["d"])
        elif groups.get("m2"):
            day, month = int(groups["d2"]), int(groups["m2"])
        else:
            month = MONTHS[groups["month"].lower()]
            day = int(groups["day"])
        return Date(year, month, day).isoformat()
    except (KeyError, TypeError, ValueError):
        return None


def find_stated_date(text: str) -> tuple[str, str] | None:
    """A publication date stated near the top of a plain text: (ISO date, its words)."""
    head = text[:HEAD_CHARS]
    lower = head.lower()
    patterns: list[re.Pattern[str]] = []
    # Cheap tests first: most texts have no label and no dateline to look at.
    if any(label in lower for label in _LABEL_WORDS):
        patterns.extend(_LABELLED)
    if "," in head and _ANY_MONTH.search(lower):
        patterns.extend(_DATELINE)
    for pattern in patterns:
        for m in pattern.finditer(head):
            iso = _iso_from_match(m)
            if iso:
                return iso, m.group().strip()
    return None


_date_finder: DateFinder = find_stated_date


def set_date_finder(finder: DateFinder | None) -> None:
    """Install a better publication-date finder (None restores the built-in one)."""
    global _date_finder
    _date_finder = finder or find_stated_date


def stated_date(text: str) -> tuple[str, str] | None:
    return _date_finder(text)


_ISO_PREFIX = re.compile(r"((?:19|20)\d\d)(?:-([01]\d)(?:-([0-3]\d))?)?")


def normalise_date(value: object) -> str | None:
    """``YYYY-MM-DD`` (or ``YYYY-MM``/``YYYY``) from a date string such as a JSONL field or
    an HTML meta value; None when it does not read as one."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    m = _ISO_PREFIX.match(text)
    if m:
        year, month, day = m.groups()
        try:
            if day:
                return Date(int(year), int(month), int(day)).isoformat()
            if month and 1 <= int(month) <= 12:
                return f"{year}-{month}"
        except ValueError:
            return None
        return year if not month else None
    found = find_stated_date(f"date: {text}")
    return found[0] if found else None


def validate_user_date(value: str | None) -> str | None:
    """The user's ``--date``: must be YYYY-MM-DD (or YYYY-MM, YYYY)."""
    if value is None:
        return None
    normal = normalise_date(value)
    if normal is None or not value.strip().startswith(normal[:4]):
        raise ValueError(f"not a date (expected YYYY-MM-DD): {value!r}")
    return normal


_MD_HEADING = re.compile(r"^#{1,2}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def markdown_title(text: str) -> str | None:
    m = _MD_HEADING.search(text[: HEAD_CHARS * 2])
    return m.group(1).strip() if m else None
