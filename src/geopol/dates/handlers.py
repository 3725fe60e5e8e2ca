"""The date patterns and their handlers: what each kind of date expression means.

Each compiled pattern finds one kind of date expression; its handler turns a match into a
``Found`` (the span and the ``DateInfo`` it resolves to). ``geopol.dates.grammar`` runs the
patterns over a sentence and puts their matches together. Absolute dates need nothing else; relative
ones ("on Tuesday", "last month") need the anchor (the document date); anaphoric ones
("the following day", "that year") need an earlier date of the same text. A handler that
lacks what it needs returns a date with ``value=None`` and keeps what the words said
(``month_only``): the parser never fills a year from anything but the text and its anchor.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from typing import Literal, TypeVar

from geopol.dates import calendar as cal
from geopol.dates import fallback
from geopol.dates.lexicon import Lexicon, alternation, lexicon, normalise_word
from geopol.records import DateInfo, DatePrecision

Kind = Literal["absolute", "partial", "relative", "anaphoric"]
_T = TypeVar("_T")

# Eastern Arabic and Persian digits → ASCII, one character for one so offsets stay put.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

_LEX = lexicon()

BARE_YEAR_MIN = 1800
BARE_YEAR_MAX = 2099


@dataclass(slots=True)
class Found:
    """One date expression found in a text, with what it resolved to."""

    start: int
    end: int
    kind: Kind
    info: DateInfo
    lead: str | None = None
    """The preposition the pattern itself matched ("since 2003" → "since")."""
    adjectival: bool = False
    """The date modifies a noun ("the 2003 invasion"): it names the thing, not the event."""
    year_only_fill: bool = False
    """A partial date that can take a year from elsewhere in the sentence or paragraph."""
    month: int | None = None
    day: int | None = None
    future: bool | None = None
    weekday: bool = False
    """For a month without year: the words say past ("el pasado 16 de mayo") or future."""


@dataclass(slots=True)
class Context:
    text: str
    anchor: DateInfo | None
    anchor_day: date | None
    previous: DateInfo | None

    def future_near(self, start: int) -> bool:
        """Whether the clause just before ``start`` is about the future ("will meet on ...")."""
        window = self.text[max(0, start - 60) : start]
        window = re.split(r"[.;:!?]", window)[-1]
        return _future_regex().search(window) is not None


Handler = Callable[[re.Match[str], Context], Found | None]

# ---------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------

_B = r"(?<![\w])"  # left word boundary that works for Arabic and accented letters
_E = r"(?![\w])"
_DAY = r"(?P<d>[0-3]?\d)(?!\d)(?:st|nd|rd|th|º|°)?"
_DAY2 = r"(?P<d2>[0-3]?\d)(?!\d)(?:st|nd|rd|th|º|°)?"
_YEAR = r"(?P<y>[12]\d{3})(?!\d)"
_DASH = r"[-–—]"

_MODIFIER_WORDS: dict[str, str] = _LEX.modifiers
_MOD = rf"(?:(?P<mod>{alternation(_MODIFIER_WORDS)})(?:-|\s+)(?:the\s+year\s+|of\s+|el\s+año\s+|عام\s+|العام\s+)?)?"

# Words that license a bare year or month ("in 2014", "since March") and the bound they give.
_YEAR_PREPS: dict[str, str | None] = _LEX.year_prepositions

# Joining words that make a range only after "between"/"from" ("in 2011 and 2014" is
# two dates).
_NEEDS_OPENER = {"and", "y", "و", "a", "al"}

# A qualifier word written just before a date the pattern did not include.
_QUALIFIER_BEFORE = re.compile(
    rf"{_B}(?P<q>{alternation(w for w, q in _YEAR_PREPS.items() if q)})\s+(?:the\s+|el\s+|la\s+)?$",
    re.IGNORECASE,
)

_NOT_A_YEAR_BEFORE = re.compile(
    r"(?:resolution|resolutions|article|no\.?|number|nos\.?|flight|route|highway|road|law|decree|code|"
    r"chapter|section|paragraph|page|pp\.?|vol\.?|volume|unit|brigade|division|regiment|battalion|"
    r"squadron|item|room|model|mark|mk|resolución|artículo|ley|decreto|قرار|القرار|رقم|المادة|"
    r"قانون|[$£€¥#])\s*$",
    re.IGNORECASE,
)
_NOT_A_YEAR_AFTER = re.compile(
    r"^\s*(?:%|per\s*cent|percent|people|persons|soldiers|troops|men|women|children|civilians|"
    r"fighters|militants|members|refugees|families|homes|houses|km|kilomet(?:er|re)s|miles|"
    r"met(?:er|re)s|tons|tonnes|dollars|euros|barrels|bpd|mw|personas|soldados|muertos|heridos|"
    r"hombres|mujeres|niños|familias|kilómetros|dólares|شخص|جندي|مقاتل|دولار|كيلومتر|قتيل)\b",
    re.IGNORECASE,
)
_DETERMINER_BEFORE = re.compile(
    r"(?:the|a|an|its|their|his|her|our|this|that|el|la|los|las|su|sus)\s+$", re.IGNORECASE
)
# A capitalised word right before a bare year, and the capitalised words that do not
# make it a name ("In 2014", "The 2003 invasion").
_CAPITALISED_BEFORE = re.compile(r"(?<![\w-])(?P<w>[A-Z][\w-]*)\s$")
_NOT_NAME_WORDS = frozenset(
    [
        "in",
        "on",
        "of",
        "by",
        "since",
        "from",
        "until",
        "till",
        "through",
        "throughout",
        "during",
        "before",
        "after",
        "between",
        "and",
        "the",
        "a",
        "an",
        "this",
        "that",
        "its",
        "their",
        "his",
        "her",
        "our",
        "early",
        "mid",
        "late",
        "circa",
        "around",
        "about",
        "as",
        "at",
        "en",
        "de",
        "del",
        "desde",
        "hasta",
        "durante",
        "el",
        "la",
        "los",
        "las",
    ]
)
_OF_BEFORE = re.compile(r"(?<!\w)(?:of|de|del)\s+$", re.IGNORECASE)
# A bare year followed by a lower-case word modifies it ("to 2015 deal") unless the
# word is a verb the year is the subject of ("2014 was", "2011 saw").
_VERB_AFTER = re.compile(
    r"\s+(?:was|were|is|has|had|saw|marked|brought|began|ended|will|would|became|fue|marcó|"
    r"and|or|to|y|o|a|al|in|en|on|when|cuando|as|after|before|until|while)\b",
    re.IGNORECASE,
)
# "the 1972 Munich Olympics", "the 2003 invasion": after a determiner, any word.
_WORD_AFTER = re.compile(r"^(?:'s\s+)?\s*(?:-\s*)?[^\W\d_]", re.UNICODE)
_LOWER_WORD_AFTER = re.compile(r"^(?:'s\s+)?\s*(?:-\s*)?[a-záéíóúñ]", re.UNICODE)

# Names that contain a weekday: "Black Friday", "Bloody Sunday", "Santo Domingo",
# "the Sunday Times", "Viernes Santo".
_WEEKDAY_NOT_BEFORE = re.compile(
    r"(?:good|black|bloody|holy|ash|palm|easter|super|cyber|santo|san)\s+$", re.I
)
_WEEKDAY_NOT_AFTER = re.compile(
    r"^\s+(?:times|telegraph|express|mirror|herald|post|observer|club|league|school|"
    r"santo|de\s+ramos|de\s+resurrecci[óo]n|de\s+pascua)\b",
    re.I,
)
# A day and month that name a movement or a revolution ("the 14 March alliance",
# "ثورة 25 يناير"), not a date.
# "prevista para el jueves", "a meeting set for Thursday": a day something is planned for.
_FOR_BEFORE = re.compile(r"(?<!\w)(?:para|for)\s+(?:el\s+)?$", re.I)
_PAST_BEFORE = re.compile(r"(?:pasado|last|past)\s+(?:el\s+|on\s+)?$", re.I)
_NAMED_BY_DATE_BEFORE = re.compile(
    r"(?:قوى|تيار|تحالف|حركة|ثورة|انتفاضة|movement|alliance|coalition|revolution|movimiento)\s+$",
    re.I,
)


@cache
def _future_regex() -> re.Pattern[str]:
    # Besides the listed words, Spanish future-tense verbs ("realizarán", "será") end in
    # an accented -rá/-rán that no other common word ends in; headlines in capitals drop
    # the accent ("PROTESTARAN").
    words = alternation(lexicon().future_markers)
    return re.compile(
        rf"{_B}(?:{words}){_E}|\w+r(?:á|án){_E}|(?-i:\b[A-ZÁÉÍÓÚ]{{4,}}[AEI]RAN\b)",
        re.IGNORECASE,
    )


# ---------------------------------------------------------------------------
# Helpers shared by the handlers
# ---------------------------------------------------------------------------


def _info(
    precision: DatePrecision,
    year: int,
    month: int = 1,
    day: int = 1,
    *,
    derivation: Literal["stated", "relative", "carried_over"] = "stated",
) -> DateInfo:
    return DateInfo(
        value=cal.format_value(precision, year, month, day),
        precision=precision,
        text=None,
        derivation=derivation,
    )


def _from_day(d: date, derivation: Literal["stated", "relative", "carried_over"]) -> DateInfo:
    return _info("day", d.year, d.month, d.day, derivation=derivation)


def _unknown(
    derivation: Literal["stated", "relative", "carried_over"], month: int | None = None
) -> DateInfo:
    return DateInfo(
        value=None,
        precision=None,
        text=None,
        derivation=derivation,
        month_only=f"{month:02d}" if month else None,
    )


def _group(m: re.Match[str], name: str) -> str | None:
    try:
        return m.group(name)
    except IndexError:
        return None


def _year_ok(year: int) -> bool:
    return cal.MIN_YEAR <= year <= cal.MAX_YEAR


def _modifier(m: re.Match[str]) -> str | None:
    mod = _group(m, "mod")
    return _MODIFIER_WORDS.get(normalise_word(mod)) if mod else None


def _english_month_needs_capital(word: str, lex: Lexicon, digits_follow: bool = False) -> bool:
    """English month names must be capitalised ("may" is a verb, "march" a noun), unless
    a day or year follows ("december 1991"); "may" never goes lower-case."""
    key = normalise_word(word).rstrip(".")
    if key not in lex.english_months or word[:1].isupper():
        return False
    return not digits_follow or key == "may"


def _month_of(m: re.Match[str], group: str = "m") -> int | None:
    word = _group(m, group)
    if not word:
        return None
    lex = lexicon()
    # "آب/أغسطس": two names of one month; the first one decides.
    first = re.split(r"\s*[/(]\s*", word)[0]
    digits_follow = _group(m, "d") is not None or _group(m, "y") is not None
    if _english_month_needs_capital(first, lex, digits_follow):
        return None
    return lex.month(first)


# A month or day without year is placed on the side of the anchor its words say (future
# markers, "last", "pasado"); when they say nothing, at the nearest such date, the past
# counting as nearer: news reports mostly what has happened.
_FUTURE_COST = 2


def resolve_partial(
    month: int, day: int | None, ctx: Context, start: int, future: bool | None = None
) -> DateInfo | None:
    """A month (and day) without a year, placed against the anchor."""
    anchor_month = cal.anchor_month(ctx.anchor)
    if anchor_month is None:
        return None
    if future is None and ctx.future_near(start):
        future = True
    ay, am = anchor_month
    if day is None:
        candidates = [(y, month) for y in (ay - 1, ay, ay + 1)]
        index = ay * 12 + am

        def offset(c: tuple[int, int]) -> int:
            return c[0] * 12 + c[1] - index

        chosen = _pick(candidates, offset, future)
        return _info("month", chosen[0], month, derivation="relative") if chosen else None
    anchor = ctx.anchor_day
    if anchor is None:
        return None
    days = [date(y, month, day) for y in (ay - 1, ay, ay + 1) if cal.valid_day(y, month, day)]
    picked = _pick(days, lambda c: (c - anchor).days, future)
    return _from_day(picked, "relative") if picked else None


def _pick(candidates: list[_T], offset: Callable[[_T], int], future: bool | None) -> _T | None:
    if future is True:
        later = [c for c in candidates if offset(c) >= 0]
        return min(later, key=offset) if later else None
    if future is False:
        earlier = [c for c in candidates if offset(c) <= 0]
        return max(earlier, key=offset) if earlier else None
    if not candidates:
        return None
    return min(candidates, key=lambda c: -offset(c) if offset(c) <= 0 else offset(c) * _FUTURE_COST)


# ---------------------------------------------------------------------------
# Handlers, one per pattern
# ---------------------------------------------------------------------------


def _absolute(m: re.Match[str], info: DateInfo, *, lead: str | None = None) -> Found:
    return Found(m.start(), m.end(), "absolute", info, lead=lead)


def _h_iso(m: re.Match[str], ctx: Context) -> Found | None:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not cal.valid_day(y, mo, d):
        return None
    return _absolute(m, _info("day", y, mo, d))


def _h_numeric(m: re.Match[str], ctx: Context) -> Found | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if not _year_ok(y):
        return None
    sep = m["sep"]
    if sep in ".-" or a > 12:
        day, month = a, b  # dotted dates are day-first everywhere they are written
    elif b > 12:
        month, day = a, b
    elif a == b:
        day = month = a
    else:
        # 03/04/2024: April or March? Only the year is certain.
        return _absolute(m, _info("year", y))
    if not cal.valid_day(y, month, day):
        return None
    return _absolute(m, _info("day", y, month, day))


def _h_day_month_year(m: re.Match[str], ctx: Context) -> Found | None:
    month = _month_of(m)
    if month is None:
        return None
    y, d = int(m["y"]), int(m["d"])
    if not cal.valid_day(y, month, d):
        return None
    info = _info("day", y, month, d)
    d2 = _group(m, "d2")
    if d2:
        if not cal.valid_day(y, month, int(d2)) or int(d2) <= d:
            return None
        info.end = cal.format_value("day", y, month, int(d2))
    return _absolute(m, info, lead=_group(m, "lead"))


def _h_month_year(m: re.Match[str], ctx: Context) -> Found | None:
    month = _month_of(m)
    if month is None:
        return None
    y = int(m["y"])
    if not _year_ok(y):
        return None
    if _NOT_A_YEAR_AFTER.match(ctx.text[m.end() :]):
        return None
    joiner = normalise_word(_group(m, "joiner") or _group(m, "joiner_ar") or "")
    if joiner in ("and", "y", "و") and not _group(m, "lead"):
        return None  # "in February and August 2000": two months, not a range
    month2 = _month_of(m, "m2")
    if _group(m, "m2"):
        if month2 is None or month2 == month:
            return None
        # "November to February 2015": the range starts in the year before.
        info = _info("month", y if month < month2 else y - 1, month)
        info.end = cal.format_value("month", y, month2)
    else:
        info = _info("month", y, month)
    info.qualifier = _modifier(m)
    return _absolute(m, info, lead=_group(m, "lead"))


def _h_day_month(m: re.Match[str], ctx: Context) -> Found | None:
    month = _month_of(m)
    if month is None:
        return None
    d = int(m["d"])
    if not 1 <= d <= 31 or (month == 2 and d > 29) or (month in (4, 6, 9, 11) and d > 30):
        return None
    if _NAMED_BY_DATE_BEFORE.search(ctx.text, max(0, m.start() - 15), m.start()):
        return None
    rel = normalise_word(_group(m, "rel2") or "")
    if not rel and _PAST_BEFORE.search(ctx.text, max(0, m.start() - 12), m.start()):
        rel = "pasado"  # "el pasado 16 de mayo"
    return Found(
        m.start(),
        m.end(),
        "partial",
        _unknown("stated", month),
        year_only_fill=True,
        month=month,
        day=d,
        future=(rel in _NEXT_WORDS) if rel else None,
    )


def _h_month(m: re.Match[str], ctx: Context) -> Found | None:
    month = _month_of(m)
    if month is None:
        return None
    rel = normalise_word(_group(m, "rel") or _group(m, "rel2") or "")
    if rel:
        return _relative_month(m, month, rel, ctx)
    info = _unknown("stated", month)
    info.qualifier = _modifier(m)
    lead = _group(m, "lead")
    # "scheduled for October": a month something is planned for lies ahead.
    future = True if normalise_word(lead or "") == "for" else None
    return Found(
        m.start(),
        m.end(),
        "partial",
        info,
        lead=lead,
        year_only_fill=True,
        month=month,
        future=future,
    )


def _relative_month(m: re.Match[str], month: int, rel: str, ctx: Context) -> Found:
    """ "last March", "next May", "el pasado marzo", "آذار الماضي"."""
    anchor = cal.anchor_month(ctx.anchor)
    info = _unknown("relative", month)
    if anchor is not None:
        ay, am = anchor
        if rel in _LAST_WORDS:
            year = ay if month < am else ay - 1
        elif rel in ("this",):
            year = ay
        else:
            year = ay if month > am else ay + 1
        info = _info("month", year, month, derivation="relative")
    return Found(m.start(), m.end(), "relative", info, month=month)


def _h_year_range(m: re.Match[str], ctx: Context) -> Found | None:
    y = int(m["y"])
    joiner = normalise_word(_group(m, "joiner") or "")
    if joiner in _NEEDS_OPENER | {"to"} and not _group(m, "lead"):
        return None  # "in 2011 and 2014" is two dates, "between 2011 and 2014" one range
    tail = m["y2"]
    y2 = int(tail) if len(tail) == 4 else (y // 100) * 100 + int(tail)
    if not (_year_ok(y) and _year_ok(y2)) or y2 <= y or y2 - y > 200:
        return None
    info = _info("year", y)
    info.end = cal.format_value("year", y2)
    return _absolute(m, info, lead=_group(m, "lead"))


def _h_decade(m: re.Match[str], ctx: Context) -> Found | None:
    raw = m["dec"] or ""
    if len(raw) == 4:
        year = int(raw)
    elif len(raw) == 2 and raw[0] in "3456789":
        year = 1900 + int(raw)  # "the '90s": two-digit decades before the 2000s
    else:
        return None
    if not _year_ok(year):
        return None
    info = _info("decade", year)
    info.qualifier = _modifier(m)
    return _absolute(m, info, lead=_group(m, "lead"))


_ARABIC_DECADES: dict[str, int] = _LEX.arabic_decades


def _h_arabic_decade(m: re.Match[str], ctx: Context) -> Found | None:
    year = _ARABIC_DECADES[m["w"]]
    return _absolute(m, _info("decade", year))


def _h_year(m: re.Match[str], ctx: Context) -> Found | None:
    """A year with a word that licenses it ("in 2014", "mid-2023", "عام 2014")."""
    y = int(m["y"])
    if not _year_ok(y) or not (_group(m, "mod") or _group(m, "lead")):
        return None
    if _NOT_A_YEAR_AFTER.match(ctx.text[m.end() :]):
        return None
    info = _info("year", y)
    info.qualifier = _modifier(m)
    found = _absolute(m, info, lead=_group(m, "lead"))
    # "the war of 1967", "la guerra de 1967": the year names the war, it does not date
    # the sentence's event.
    found.adjectival = normalise_word(found.lead or "") in ("of", "de", "del")
    return found


def _h_bare_year(m: re.Match[str], ctx: Context) -> Found | None:
    """A year on its own: accepted only where nothing says it is another number."""
    y = int(m["y"])
    if not BARE_YEAR_MIN <= y <= BARE_YEAR_MAX:
        return None
    before, after = ctx.text[: m.start()], ctx.text[m.end() :]
    if _NOT_A_YEAR_BEFORE.search(before[-20:]) or _NOT_A_YEAR_AFTER.match(after):
        return None
    name = _CAPITALISED_BEFORE.search(before[-30:])
    if name is not None and normalise_word(name["w"]) not in _NOT_NAME_WORDS:
        return None  # "Vision 2030", "Peace Shield 2000", "Euro 2016": a name, not a date
    found = _absolute(m, _info("year", y))
    found.adjectival = bool(
        (_DETERMINER_BEFORE.search(before[-8:]) and _WORD_AFTER.match(after))
        or (_LOWER_WORD_AFTER.match(after) and not _VERB_AFTER.match(after))
        or after.startswith(("'s", "’s"))
        or _OF_BEFORE.search(before[-6:])
    )
    return found


def _h_hijri(m: re.Match[str], ctx: Context) -> Found | None:
    lex = lexicon()
    month = lex.hijri_month(m["h"])
    if month is None:
        return None
    y_text, d_text = _group(m, "y"), _group(m, "d")
    if not y_text:
        # "Rajab" alone is as often a name as a month, and "during Ramadan" gives no
        # Gregorian month without its year: neither is a date.
        return None
    hy = int(y_text)
    if hy >= 1700:
        # "Ramadan 2024": a Gregorian year named by the Hijri month that falls in it.
        return _absolute(m, _info("year", hy)) if _year_ok(hy) else None
    if not 1 <= hy <= 1600:
        return None
    if d_text:
        d = int(d_text)
        if not 1 <= d <= cal.hijri_month_length(hy, month):
            return None
        return _absolute(m, _from_day(cal.hijri_to_gregorian(hy, month, d), "stated"))
    first = cal.hijri_to_gregorian(hy, month, 1)
    last = first + timedelta(days=cal.hijri_month_length(hy, month) - 1)
    info = _info("month", first.year, first.month)
    if (last.year, last.month) != (first.year, first.month):
        info.end = cal.format_value("month", last.year, last.month)
    return _absolute(m, info)


def _h_hijri_year(m: re.Match[str], ctx: Context) -> Found | None:
    hy = int(m["y"])
    if not 1 <= hy <= 1600:
        return None
    first = cal.hijri_to_gregorian(hy, 1, 1)
    last = cal.hijri_to_gregorian(hy + 1, 1, 1) - timedelta(days=1)
    info = _info("year", first.year)
    if last.year != first.year:
        info.end = cal.format_value("year", last.year)
    return _absolute(m, info)


_DAY_WORDS: dict[str, int] = _LEX.day_words


def _h_day_word(m: re.Match[str], ctx: Context) -> Found | None:
    word = normalise_word(m["w"])
    if word == "mañana":
        before = ctx.text[: m.start()].lower()
        if re.search(r"(?:la|esta|cada|toda|una|de|por|en)\s+$", before) or re.match(
            r"\s+de", ctx.text[m.end() :]
        ):
            return None  # "la mañana": the morning, not tomorrow
    offset = _DAY_WORDS[word]
    anchor = ctx.anchor_day
    info = (
        _from_day(anchor + timedelta(days=offset), "relative") if anchor else _unknown("relative")
    )
    return Found(m.start(), m.end(), "relative", info)


_LAST_WORDS = {
    "last",
    "this past",
    "past",
    "el pasado",
    "pasado",
    "pasados",
    "pasada",
    "último",
    "ultimo",
    "última",
    "ultima",
    "el pasado mes de",
    "pasado mes de",
    "الماضي",
}
_NEXT_WORDS = {
    "next",
    "this coming",
    "coming",
    "el próximo",
    "el proximo",
    "próximo",
    "proximo",
    "próximos",
    "proximos",
    "próxima",
    "proxima",
    "المقبل",
    "القادم",
}


def _h_weekday(m: re.Match[str], ctx: Context) -> Found | None:
    lex = lexicon()
    weekday = lex.weekdays.get(normalise_word(m["wd"]).lstrip("وب"))
    if weekday is None:
        weekday = lex.weekdays.get(normalise_word(m["wd"]))
    if weekday is None:
        return None
    if _WEEKDAY_NOT_BEFORE.search(ctx.text[max(0, m.start() - 10) : m.start()]) or (
        _WEEKDAY_NOT_AFTER.match(ctx.text[m.end() :])
    ):
        return None
    rel = normalise_word(_group(m, "rel") or _group(m, "rel2") or "")
    # "Saturday's meeting" names a thing by its day; it does not date the sentence's event.
    adjectival = ctx.text.startswith(("'s", "’s"), m.end())
    anchor = ctx.anchor_day
    if anchor is None:
        return Found(
            m.start(),
            m.end(),
            "relative",
            _unknown("relative"),
            adjectival=adjectival,
            weekday=True,
        )
    if rel in _LAST_WORDS:
        direction = "last"
    elif rel in _NEXT_WORDS:
        direction = "next"
    elif ctx.future_near(m.start()) or _FOR_BEFORE.search(
        ctx.text, max(0, m.start() - 12), m.start()
    ):
        direction = "future"
    else:
        direction = "past"
    day = cal.weekday_near(anchor, weekday, direction)
    info = _from_day(day, "relative")
    return Found(m.start(), m.end(), "relative", info, adjectival=adjectival, weekday=True)


_PERIOD_OFFSETS: dict[str, int] = _LEX.period_words
_PERIOD_QUALIFIER = {"early": "early", "late": "late"}  # "earlier this year" is no part of it


def _h_period(m: re.Match[str], ctx: Context) -> Found | None:
    """ "last month", "this year", "la semana pasada", "العام الماضي"."""
    lex = lexicon()
    unit = lex.units.get(normalise_word(m["unit"]))
    rel = normalise_word(m["rel"])
    if unit is None or rel not in _PERIOD_OFFSETS:
        return None
    if rel == "past":
        return Found(
            m.start(), m.end(), "relative", _past_period(ctx, unit) or _unknown("relative")
        )
    offset = _PERIOD_OFFSETS[rel]
    info = _shift_period(ctx.anchor, unit, offset)
    if info is None:
        info = _unknown("relative")
    else:
        info.qualifier = _PERIOD_QUALIFIER.get(rel.split()[0]) if " " in rel else None
    return Found(m.start(), m.end(), "relative", info)


def _past_period(ctx: Context, unit: str) -> DateInfo | None:
    """ "the past week/month/year": the stretch that ends at the anchor."""
    if unit == "week":
        day = ctx.anchor_day
        if day is None:
            return None
        info = _from_day(day - timedelta(days=7), "relative")
        info.end = cal.format_date(day, "day")
        return info
    before = _shift_period(ctx.anchor, unit, -1)
    now = _shift_period(ctx.anchor, unit, 0)
    if before is None or now is None:
        return None
    return replace(before, end=now.value)


def _shift_period(anchor: DateInfo | None, unit: str, offset: int) -> DateInfo | None:
    if unit == "year":
        year = cal.anchor_year(anchor)
        return None if year is None else _info("year", year + offset, derivation="relative")
    if unit == "month":
        month = cal.anchor_month(anchor)
        if month is None:
            return None
        y, mo = cal.add_months(month[0], month[1], offset)
        return _info("month", y, mo, derivation="relative")
    if unit == "week":
        day = cal.anchor_day(anchor)
        if day is None:
            return None
        monday, sunday = cal.week_span(day + timedelta(weeks=offset))
        info = _from_day(monday, "relative")
        info.end = cal.format_date(sunday, "day")
        return info
    return None


def _h_ago(m: re.Match[str], ctx: Context) -> Found | None:
    """ "two years ago", "hace tres días", "منذ عامين"."""
    lex = lexicon()
    unit_word = normalise_word(m["unit"])
    unit = lex.units.get(unit_word)
    n_text = _group(m, "n")
    if n_text:
        n = lex.number(n_text)
    elif unit_word in lex.numbers:
        n = lex.numbers[unit_word]  # Arabic duals: "عامين" is two years
    elif unit_word in _ARABIC_SINGULAR_UNITS:
        n = 1
    else:
        return None  # "منذ سنوات": for years, no date
    if unit is None or n is None or n > 100:
        return None
    return Found(m.start(), m.end(), "relative", _shift_back(ctx, unit, n) or _unknown("relative"))


def _shift_back(ctx: Context, unit: str, n: int) -> DateInfo | None:
    anchor = ctx.anchor
    if unit == "day":
        day = ctx.anchor_day
        return _from_day(day - timedelta(days=n), "relative") if day else None
    if unit == "week":
        return _shift_period(anchor, "week", -n)
    if unit == "month":
        return _shift_period(anchor, "month", -n)
    return _shift_period(anchor, "year", -n)


_ARABIC_SINGULAR_UNITS = {"يوم", "أسبوع", "اسبوع", "شهر", "عام", "سنة"}


def _h_past_span(m: re.Match[str], ctx: Context) -> Found | None:
    """ "over the past three years", "the past 18 months": the stretch from that many
    units back to the anchor, at the precision of the unit."""
    lex = lexicon()
    n = lex.number(m["n"])
    unit = lex.units.get(normalise_word(m["unit"]))
    if n is None or unit is None or n > 100:
        return None
    info = _span_back(ctx, unit, n)
    return Found(m.start(), m.end(), "relative", info or _unknown("relative"))


def _span_back(ctx: Context, unit: str, n: int) -> DateInfo | None:
    if unit == "year":
        year = cal.anchor_year(ctx.anchor)
        if year is None:
            return None
        info = _info("year", year - n, derivation="relative")
        info.end = cal.format_value("year", year)
        return info
    if unit == "month":
        month = cal.anchor_month(ctx.anchor)
        if month is None:
            return None
        y, mo = cal.add_months(month[0], month[1], -n)
        info = _info("month", y, mo, derivation="relative")
        info.end = cal.format_value("month", month[0], month[1])
        return info
    day = ctx.anchor_day
    if day is None:
        return None
    info = _from_day(day - timedelta(days=n * (7 if unit == "week" else 1)), "relative")
    info.end = cal.format_date(day, "day")
    return info


_ANAPHORA_OFFSETS: dict[str, int] = _LEX.anaphora_words


def _h_anaphora(m: re.Match[str], ctx: Context) -> Found | None:
    """ "the following day", "that year", "al día siguiente": against the previous date."""
    lex = lexicon()
    unit = lex.units.get(normalise_word(m["unit"]))
    rel = normalise_word(m["rel"])
    if unit is None or rel not in _ANAPHORA_OFFSETS:
        return None
    info = _shift_from_previous(ctx.previous, unit, _ANAPHORA_OFFSETS[rel])
    return Found(m.start(), m.end(), "anaphoric", info or _unknown("carried_over"))


def _h_later(m: re.Match[str], ctx: Context) -> Found | None:
    """ "two days later", "a year earlier", "tres días después"."""
    lex = lexicon()
    n = lex.number(m["n"])
    unit = lex.units.get(normalise_word(m["unit"]))
    direction = normalise_word(m["dir"])
    if n is None or unit is None or n > 100:
        return None
    sign = -1 if direction in ("earlier", "before", "antes") else 1
    info = _shift_from_previous(ctx.previous, unit, sign * n)
    return Found(m.start(), m.end(), "anaphoric", info or _unknown("carried_over"))


def _shift_from_previous(previous: DateInfo | None, unit: str, offset: int) -> DateInfo | None:
    if previous is None or previous.value is None or previous.precision is None:
        return None
    precision = previous.precision
    value = previous.value
    info: DateInfo | None = None
    if unit == "day" and precision == "day":
        d = cal.parse_value(value)
        info = _from_day(d + timedelta(days=offset), "carried_over") if d else None
    elif unit == "week" and precision == "day":
        d = cal.parse_value(value)
        if d and offset == 0:
            info = _from_day(d, "carried_over")
        elif d:
            monday, sunday = cal.week_span(d + timedelta(weeks=offset))
            info = _from_day(monday, "carried_over")
            info.end = cal.format_date(sunday, "day")
    elif unit == "month" and precision in ("day", "month"):
        y, mo = cal.add_months(int(value[:4]), int(value[5:7]), offset)
        info = _info("month", y, mo, derivation="carried_over")
    elif unit == "year" and precision in ("day", "month", "year"):
        info = _info("year", int(value[:4]) + offset, derivation="carried_over")
    return info


# ---------------------------------------------------------------------------
# The patterns
# ---------------------------------------------------------------------------


@cache
def patterns() -> tuple[tuple[re.Pattern[str], Handler, int], ...]:
    """(pattern, handler, priority): on overlap the longer match wins, then the priority."""
    lex = lexicon()
    full_months = alternation(w for w in lex.months if w not in lex.abbreviations)
    abbr = alternation(lex.abbreviations)
    month_any = rf"(?:{full_months}|(?:{abbr})\.?)"
    # "آب/أغسطس", "آب (أغسطس)": two names of one month.
    second_name = rf"(?:\s*/\s*(?:{month_any})|\s*\(\s*(?:{month_any})\s*\))?"
    m_any = rf"(?P<m>{month_any}{second_name}){_E}"
    m_full = rf"(?P<m>(?:{full_months}){second_name}){_E}"
    m2_full = rf"(?P<m2>(?:{full_months}){second_name}){_E}"
    hijri = alternation(lex.hijri_months)
    weekdays = alternation(lex.weekdays)
    units = alternation(lex.units)
    numbers = alternation(lex.numbers)
    number = rf"(?P<n>\d{{1,3}}|{numbers})"
    year_preps = alternation(_YEAR_PREPS)
    month_preps = (
        r"in|on|since|by|until|till|through|during|from|before|after|of|between|and|to|for|"
        r"as\s+of|en|desde|hasta|durante|antes\s+de|después\s+de|entre|y|a|"
        r"في|منذ|خلال|حتى|شهر|بين"
    )
    anaphora_rel = alternation(_ANAPHORA_OFFSETS)
    period_rel = alternation(_PERIOD_OFFSETS)
    day_words = alternation(_DAY_WORDS)
    lead = r"(?:(?P<lead>between|from|entre|de|desde|بين|من)\s+)?"
    # Words after a weekday or month that point back or ahead: "el lunes pasado".
    rel_after = r"pasad[oa]s?|últim[oa]|ultim[oa]|próxim[oa]s?|proxim[oa]s?|الماضي|المقبل|القادم"
    year_of = r"(?:,|\s+of|\s+de|\s+del|\s+من\s+عام|\s+من\s+العام|\s+عام)?\s*"

    table: list[tuple[str, Handler, int]] = [
        # 2024-08-15, 2024/08/15
        (rf"{_B}{_YEAR}[-/](?P<m>[01]?\d)[-/](?P<d>[0-3]?\d)(?![\d/-])", _h_iso, 9),
        # 15.08.2024, 15/08/2024, 08/15/2024
        (
            rf"(?<![\d/.-]){_B}(?P<a>[0-3]?\d)(?P<sep>[./-])(?P<b>[01]?\d)(?P=sep){_YEAR}",
            _h_numeric,
            9,
        ),
        # 15-17 August 2024, between 15 and 17 August 2024
        (
            rf"{_B}{lead}{_DAY}(?:\s*{_DASH}\s*|\s+(?:to|and|al|y|a)\s+){_DAY2}"
            rf"(?:\s+of|\s+de|\.)?\s+{m_any}{year_of}{_YEAR}",
            _h_day_month_year,
            8,
        ),
        # 15 August 2024, 15th of August, 2024, 15 de agosto de 2024, 15 آب/أغسطس 2024
        (rf"{_B}{_DAY}(?:\s+of|\s+de|\.)?\s+{m_any}{year_of}{_YEAR}", _h_day_month_year, 8),
        # August 15, 2024; Aug. 15-17, 2024
        (
            rf"{_B}{m_any}\s+{_DAY}(?:\s*{_DASH}\s*{_DAY2})?(?:,\s*|\s+){_YEAR}",
            _h_day_month_year,
            8,
        ),
        # March to May 2014, between March and May 2014
        (
            rf"{_B}{lead}(?:شهري\s+)?{m_full}\s*(?:{_DASH}|\s+(?P<joiner>to|and|through|until|a|y|hasta|إلى|الى|حتى)\s+|\s+(?P<joiner_ar>و))\s*"
            rf"{m2_full}{year_of}{_YEAR}",
            _h_month_year,
            7,
        ),
        # August 2024, early August 2024, agosto de 2024
        (rf"{_B}{_MOD}{m_any}{year_of}{_YEAR}", _h_month_year, 7),
        # 2003-2014, 2013/14, between 2011 and 2014
        (
            rf"{_B}{lead}{_YEAR}\s*(?:{_DASH}|/|\s+(?P<joiner>to|and|until|through|a|y|al|hasta|إلى|الى|و)\s+)\s*"
            rf"(?P<y2>[12]\d{{3}}|\d{{2}})(?![\d,.]\d|\d)",
            _h_year_range,
            6,
        ),
        # the 1990s, the early 2000s, the '90s
        (
            rf"{_B}(?:(?:the)\s+)?{_MOD}(?P<dec>\d{{3}}0)'?s{_E}",
            _h_decade,
            5,
        ),
        (rf"(?:{_B}the\s+{_MOD}|')(?P<dec>\d0)'?s{_E}", _h_decade, 5),
        # los años 90, la década de 1990
        (
            rf"{_B}(?:(?:los|las|la)\s+)?(?:años|década\s+de(?:\s+los)?(?:\s+años)?)\s+"
            rf"(?P<dec>\d{{3}}0|\d0){_E}",
            _h_decade,
            5,
        ),
        (rf"(?<!\w)[وف]?(?:ال)?(?P<w>{alternation(_ARABIC_DECADES)})", _h_arabic_decade, 5),
        # in 2014, since 2003, mid-2023, the end of 2014, عام 2014
        (
            rf"{_B}{_MOD}(?:(?P<lead>{year_preps})\s+(?:the\s+year\s+|el\s+año\s+|el\s+|عام\s+|العام\s+)?)?{_YEAR}",
            _h_year,
            4,
        ),
        (rf"(?<!\w)[وف](?P<lead>في|منذ|عام|حتى|خلال)\s+(?:عام\s+|العام\s+)?{_YEAR}", _h_year, 4),
        # 12 Ramadan 1445, Ramadan 1445 AH, رمضان 1445 هـ
        (
            rf"{_B}(?:(?P<lead>{year_preps})\s+)?(?:(?P<d>[0-3]?\d)\s+)?(?P<h>{hijri}){_E}"
            rf"(?:\s+{_YEAR}(?:\s*(?:AH|A\.H\.|هـ|ه){_E})?)?",
            _h_hijri,
            5,
        ),
        (rf"{_B}{_YEAR}\s*(?:AH|A\.H\.|هـ|ه){_E}", _h_hijri_year, 6),
        # in March, since March, في شهر آذار
        (
            rf"{_B}(?:(?P<lead>{month_preps})\s+(?:the\s+month\s+of\s+|el\s+mes\s+de\s+|mes\s+de\s+)?)"
            rf"{_MOD}{m_full}",
            _h_month,
            3,
        ),
        (
            rf"{_B}(?P<mod>{alternation(_MODIFIER_WORDS)})(?:-|\s+)(?:of\s+)?{m_full}",
            _h_month,
            3,
        ),
        # last March, el pasado marzo, آذار الماضي
        (
            rf"{_B}(?P<rel>last|next|this|this\s+past|this\s+coming|el\s+pasado|el\s+próximo)\s+{m_full}",
            _h_month,
            4,
        ),
        (rf"{_B}{m_full}\s+(?P<rel2>{rel_after}){_E}", _h_month, 4),
        (
            rf"{_B}(?:el\s+)?(?P<rel>(?:pasado|próximo|proximo)\s+mes\s+de)\s+{m_full}",
            _h_month,
            5,
        ),
        # 15 August, 15 de agosto, Aug. 15
        (
            rf"{_B}{_DAY}(?:\s+of|\s+de)?\s+{m_any}"
            rf"(?:\s+(?P<rel2>{rel_after}){_E})?",
            _h_day_month,
            3,
        ),
        (rf"{_B}{m_any}\s+{_DAY}(?![\d,.]\d)", _h_day_month, 3),
        # yesterday, ayer, أمس
        (rf"(?<!\w)[وب]?(?P<w>{day_words}){_E}", _h_day_word, 2),
        # on Tuesday, last Tuesday, el pasado lunes, يوم الثلاثاء
        (
            rf"(?<!\w)(?:(?P<rel>last|next|this|this\s+past|this\s+coming|coming|past|el\s+pasado|"
            rf"el\s+próximo|el\s+proximo|este|el|يوم)\s+)?(?P<wd>[وب]?(?:{weekdays})){_E}"
            rf"(?:\s+(?P<rel2>{rel_after}){_E})?"
            rf"(?:\s+(?:morning|afternoon|evening|night|por\s+la\s+(?:mañana|tarde|noche)){_E})?",
            _h_weekday,
            3,
        ),
        # last month, earlier this year, the past week
        (
            rf"{_B}(?P<rel>(?:late|early|earlier|later)\s+(?:last|this|next)|last|this|"
            rf"next|coming|current)\s+(?P<unit>week|month|year){_E}",
            _h_period,
            3,
        ),
        (rf"{_B}the\s+(?P<rel>past)\s+(?P<unit>week|month|year){_E}", _h_period, 3),
        (
            rf"{_B}(?:(?:la|el|esta|este)\s+)?(?P<unit>semana|mes|año)\s+"
            rf"(?P<rel>pasad[oa]|próxim[oa]|proxim[oa]|que\s+viene){_E}",
            _h_period,
            3,
        ),
        (rf"{_B}(?P<rel>este|esta)\s+(?P<unit>semana|mes|año){_E}", _h_period, 3),
        (
            rf"{_B}(?:la|el)\s+(?P<rel>pasad[oa]|próxim[oa]|proxim[oa])\s+(?P<unit>semana|mes|año){_E}",
            _h_period,
            3,
        ),
        (
            rf"(?<!\w)[وفب]?(?:ال)?(?P<unit>أسبوع|اسبوع|شهر|عام|سنة)\s+(?P<rel>{period_rel}){_E}",
            _h_period,
            3,
        ),
        (
            rf"(?<!\w)[و]?(?P<rel>هذا|هذه)\s+(?:ال)(?P<unit>أسبوع|اسبوع|شهر|عام|سنة){_E}",
            _h_period,
            3,
        ),
        # two years ago, hace tres días, منذ عامين
        (rf"{_B}{number}\s+(?P<unit>{units})\s+ago{_E}", _h_ago, 3),
        (rf"{_B}hace\s+{number}\s+(?P<unit>{units}){_E}", _h_ago, 3),
        (rf"(?<!\w)[و]?(?:منذ|قبل)\s+(?:{number}\s+)?(?P<unit>{units}){_E}", _h_ago, 2),
        # over the past three years, en los últimos tres años
        (
            rf"{_B}(?:(?:over|in|during|for|within)\s+)?the\s+(?:past|last)\s+{number}\s+(?P<unit>years|months|weeks|days|year){_E}",
            _h_past_span,
            3,
        ),
        (
            rf"{_B}(?:(?:en|durante)\s+)?(?:los|las)\s+últim[oa]s\s+{number}\s+(?P<unit>años|meses|semanas|días){_E}",
            _h_past_span,
            3,
        ),
        # the following day, that year, the same month
        (
            rf"{_B}the\s+(?P<rel>same|next|following|previous|preceding)\s+(?P<unit>day|week|month|year){_E}",
            _h_anaphora,
            3,
        ),
        (rf"{_B}(?P<rel>that(?:\s+same)?)\s+(?P<unit>day|week|month|year){_E}", _h_anaphora, 3),
        (
            rf"{_B}(?:al|el|ese|esa)\s+(?:mismo\s+)?(?P<unit>día|mes|año)\s*(?P<rel>siguiente|anterior|mismo)?{_E}",
            _h_anaphora_es,
            2,
        ),
        (
            rf"(?<!\w)[وفب]?(?:في\s+)?(?:ال)(?P<unit>يوم|شهر|عام|سنة|أسبوع)\s+(?P<rel>{anaphora_rel}){_E}",
            _h_anaphora,
            2,
        ),
        # two days later, a year earlier, tres días después
        (
            rf"{_B}{number}\s+(?P<unit>{units})\s+(?P<dir>later|earlier|afterwards|después|despues|antes|más\s+tarde){_E}",
            _h_later,
            3,
        ),
        (rf"(?<![\w$£€.,/-]){_YEAR}(?![\w%]|[.,]\d)", _h_bare_year, 0),
        (fallback.CANDIDATE.pattern, _h_foreign_day, 0),
    ]
    return tuple((re.compile(p, re.IGNORECASE), h, prio) for p, h, prio in table)


def _h_foreign_day(m: re.Match[str], ctx: Context) -> Found | None:
    """ "15 août 2024": a month name of another language, read by dateparser."""
    word = m["w"]
    if lexicon().month(word) is not None or lexicon().hijri_month(word) is not None:
        return None  # the grammar's own patterns read it
    found = fallback.parse_day_month_year(int(m["d"]), word, int(m["y"]))
    if found is None:
        return None
    return _absolute(m, _from_day(found, "stated"))


def _h_anaphora_es(m: re.Match[str], ctx: Context) -> Found | None:
    rel = normalise_word(_group(m, "rel") or "")
    words = normalise_word(m.group(0)).split()
    if not rel:
        if "mismo" in words:
            rel = "mismo"
        elif words[0] in ("ese", "esa"):
            rel = "ese"
        else:
            return None  # "el día" alone is not a date
    lex = lexicon()
    unit = lex.units.get(normalise_word(m["unit"]))
    if unit is None:
        return None
    info = _shift_from_previous(ctx.previous, unit, _ANAPHORA_OFFSETS[rel])
    return Found(m.start(), m.end(), "anaphoric", info or _unknown("carried_over"))
