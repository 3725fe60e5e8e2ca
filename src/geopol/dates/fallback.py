"""dateparser for day-month-year dates in languages the grammar has no month names for.

The grammar knows English, Spanish and Arabic month names. A sentence in another
language ("le 15 août 2024", "am 3. März 2019") still writes a day, a word and a year;
such candidates, and only those, go to dateparser, restricted to a list of languages
(so a miss is cheap) and required to find day, month and year in the words themselves
(so nothing is filled in from the clock). The answer is kept only when its day and year
are the ones written.
"""

from __future__ import annotations

import re
import warnings
from datetime import date
from functools import cache, lru_cache
from typing import Any

# Languages of international news besides those the grammar reads itself.
LANGUAGES = ("fr", "de", "pt", "it", "ru", "uk", "tr", "nl", "pl", "ro", "sv", "id")

CANDIDATE = re.compile(
    r"(?<![\w])(?P<d>[0-3]?\d)\.?\s+(?:de\s+)?(?P<w>[^\W\d_]{3,12}\.?)\s+(?:de\s+)?"
    r"(?P<y>[12]\d{3})(?!\d)"
)


@cache
def _parser() -> Any | None:
    try:
        from dateparser.date import DateDataParser
    except ImportError:  # dateparser is a dependency, but the grammar works without it
        return None
    settings = {
        "REQUIRE_PARTS": ["day", "month", "year"],
        "STRICT_PARSING": True,
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return DateDataParser(languages=list(LANGUAGES), settings=settings)


@lru_cache(maxsize=2048)
def parse_day_month_year(day: int, word: str, year: int) -> date | None:
    """The date "DAY WORD YEAR" names, when WORD is a month name dateparser knows."""
    parser = _parser()
    if parser is None:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            data = parser.get_date_data(f"{day} {word} {year}")
        except (ValueError, OverflowError):
            return None
    found = data.date_obj if data is not None else None
    if found is None or found.day != day or found.year != year:
        return None
    return date(found.year, found.month, found.day)
