"""The date grammar: every date expression of a sentence, put together.

``find_all`` runs the patterns of ``geopol.dates.handlers`` over a sentence (only those the
sentence has the words for), keeps the longest of overlapping matches, then joins what
belongs together: ranges ("between 2011 and 2014"), open bounds ("since 2003"), a month
and the year written beside it or earlier in the paragraph, and two expressions naming one
day ("Saturday, April 28, 2012"). It never fills a year from anything but the text and
its anchor.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from typing import Literal

from geopol.dates import calendar as cal
from geopol.dates.handlers import (
    _DAY_WORDS,
    _DIGITS,
    _NEEDS_OPENER,
    _QUALIFIER_BEFORE,
    _YEAR_PREPS,
    Context,
    Found,
    _info,
    patterns,
    resolve_partial,
)
from geopol.dates.lexicon import lexicon, normalise_word
from geopol.records import DateInfo, DatePrecision

# ---------------------------------------------------------------------------
# Finding all dates in a text
# ---------------------------------------------------------------------------

# A preposition followed straight by punctuation: a year was there and has been removed
# ("In , NATO agreed ..."). Such a sentence must not borrow a year from anywhere.
_STRIPPED_YEAR = re.compile(
    r"(?<!\w)(?:in|since|of|from|until|by|during|between|en|desde|hasta|في|منذ|عام)\s*(?=[,.;:)](?!\d))",
    re.IGNORECASE,
)


def has_stripped_year(text: str) -> bool:
    return _STRIPPED_YEAR.search(text) is not None


# What each handler's patterns cannot match without: a cheap first pass finds which of
# these the text has, and only the patterns it can feed are run.
_NEEDS: dict[str, frozenset[str]] = {
    "_h_iso": frozenset({"year"}),
    "_h_numeric": frozenset({"year"}),
    "_h_day_month_year": frozenset({"month", "year"}),
    "_h_month_year": frozenset({"month", "year"}),
    "_h_year_range": frozenset({"year"}),
    "_h_decade": frozenset({"digit"}),
    "_h_arabic_decade": frozenset({"arabic"}),
    "_h_year": frozenset({"year"}),
    "_h_hijri": frozenset({"hijri"}),
    "_h_hijri_year": frozenset({"year"}),
    "_h_month": frozenset({"month"}),
    "_h_day_month": frozenset({"month", "digit"}),
    "_h_day_word": frozenset({"dayword"}),
    "_h_weekday": frozenset({"weekday"}),
    "_h_period": frozenset({"unit"}),
    "_h_ago": frozenset({"unit"}),
    "_h_past_span": frozenset({"unit"}),
    "_h_anaphora": frozenset({"unit"}),
    "_h_anaphora_es": frozenset({"unit"}),
    "_h_later": frozenset({"unit"}),
    "_h_bare_year": frozenset({"year"}),
    "_h_foreign_day": frozenset({"year"}),
}


_WORD = re.compile(r"\w+")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")


def _features(text: str) -> set[str]:
    """Which kinds of date words the text has, from one pass over its words. A word
    may belong to several kinds ("mar"), so each kind is looked up on its own."""
    found: set[str] = set()
    if any(c.isdigit() for c in text):
        found.add("digit")
        if re.search(r"[12]\d{3}", text):
            found.add("year")
    if _ARABIC_LETTER.search(text):
        found.add("arabic")
    kinds = _feature_kinds()
    for word in _WORD.findall(text.lower()):
        for form in _arabic_forms(word) if "arabic" in found else (word,):
            hit = kinds.get(form)
            if hit:
                found.update(hit)
    return found


def _arabic_forms(word: str) -> tuple[str, ...]:
    """A word with the clitics Arabic glues to the front stripped off: "وبالأمس",
    "الأسبوع" → "أمس", "أسبوع"."""
    forms = [word]
    if word[:1] in "وفبل":
        forms.append(word[1:])
    for form in list(forms):
        if form.startswith("ال"):
            forms.append(form[2:])
        if form.startswith("بال"):
            forms.append(form[3:])
    return tuple(forms)


@cache
def _feature_kinds() -> dict[str, frozenset[str]]:
    lex = lexicon()
    tables: list[tuple[str, object]] = [
        ("unit", lex.units),
        ("dayword", _DAY_WORDS),
        ("hijri", lex.hijri_months),
        ("weekday", lex.weekdays),
        ("month", lex.months),
    ]
    kinds: dict[str, set[str]] = {}
    for kind, table in tables:
        for phrase in table:  # type: ignore[attr-defined]
            for word in _WORD.findall(str(phrase).lower()):
                kinds.setdefault(word, set()).add(kind)
    return {word: frozenset(k) for word, k in kinds.items()}


def find_all(
    text: str, anchor: DateInfo | None = None, previous: DateInfo | None = None
) -> list[Found]:
    """Every date expression in ``text``, left to right, overlaps resolved.

    ``anchor`` is the document date (for "on Tuesday"); ``previous`` the latest date
    of the text before this one (for "the following day" and for a month without year).
    """
    norm = text.translate(_DIGITS)
    ctx = Context(norm, anchor, cal.anchor_day(anchor), previous)
    candidates: list[tuple[int, int, Found]] = []
    features = _features(norm)
    for pattern, handler, priority in patterns():
        if not _NEEDS[handler.__name__] <= features:
            continue  # the words this pattern needs are not in the text: skip the scan
        for m in pattern.finditer(norm):
            found = handler(m, ctx)
            if found is not None:
                # A plain preposition ("on", "in") is no part of the date: it must not make
                # "on October" outweigh "October 31".
                _trim_lead(norm, found)
                candidates.append((found.end - _core_start(norm, found), priority, found))
    chosen: list[Found] = []
    for _length, _priority, found in sorted(candidates, key=lambda c: (-c[0], -c[1], c[2].start)):
        if not any(found.start < other.end and other.start < found.end for other in chosen):
            chosen.append(found)
    chosen.sort(key=lambda f: f.start)
    chosen = _merge_ranges(norm, chosen)
    for found in chosen:
        _apply_qualifier(norm, found)
    stripped = has_stripped_year(norm)
    for found in chosen:
        _resolve_partial(found, chosen, ctx, stripped)
    chosen = _merge_appositions(norm, chosen)
    for found in chosen:
        _strip_clitic(norm, found)
        found.info.text = text[found.start : found.end]
        found.info.char_start = found.start
        found.info.char_end = found.end
    return chosen


# Two date expressions side by side that name one day: "Saturday, April 28, 2012",
# "ayer martes", "three days later, on April 17, 2014", "اليوم (الخميس)".
_APPOSITION_GAP = re.compile(r"[\s,(]*(?:on\s+|el\s+|في\s+|يوم\s+)?")
_PRECISION_RANK = {"day": 3, "month": 2, "year": 1, "decade": 0}


def _merge_appositions(text: str, found: list[Found]) -> list[Found]:
    out: list[Found] = []
    for current in found:
        previous = out[-1] if out else None
        if (
            previous is not None
            and not previous.adjectival
            and not current.adjectival
            and current.start - previous.end <= 8
            and _APPOSITION_GAP.fullmatch(text, previous.end, current.start)
            and _compatible(previous.info, current.info)
        ):
            better = max((previous, current), key=_strength)
            merged = replace(better, start=previous.start, end=current.end)
            merged.info = replace(better.info)
            out[-1] = merged
        else:
            out.append(current)
    return out


def _compatible(a: DateInfo, b: DateInfo) -> bool:
    """Whether two dates can be one: one is unknown, or one contains the other; a day
    word and a weekday that disagree ("today (Thursday)" in a quote) are let through
    and the weekday wins."""
    if a.value is None or b.value is None or a.end or b.end:
        return not (a.end or b.end)
    if a.value.startswith(b.value) or b.value.startswith(a.value):
        return True
    return a.derivation == "relative" and b.derivation == "relative"


def _strength(found: Found) -> tuple[int, int, int, int]:
    info = found.info
    return (
        info.value is not None,
        found.kind == "absolute",
        _PRECISION_RANK.get(info.precision or "", -1),
        found.weekday,
    )


_CLITIC = re.compile(r"(?:[وفب](?=ال)|و?(?:في|ب)\s+(?=ال))")


def _strip_clitic(text: str, found: Found) -> None:
    """ "والثلاثاء" → "الثلاثاء", "وفي اليوم التالي" → "اليوم التالي": the conjunction or
    preposition glued to an Arabic date is no part of it."""
    clitic = _CLITIC.match(text, found.start, found.end)
    if clitic is not None:
        found.start = clitic.end()


def _core_start(text: str, found: Found) -> int:
    """Where the date words proper begin, after a qualifier such as "since" (which the
    qualifier pass finds again by looking back)."""
    if not found.lead or found.info.end:
        return found.start
    words = re.match(rf"{re.escape(found.lead)}\s+", text[found.start : found.end], re.IGNORECASE)
    return found.start + words.end() if words is not None else found.start


_TRIMMED_LEADS = {w for w, q in _YEAR_PREPS.items() if q is None} | {
    "on",
    "for",
    "and",
    "to",
    "y",
    "a",
    "of",
    "شهر",
}


def _trim_lead(text: str, found: Found) -> None:
    """Drop a plain preposition ("in", "on", "عام") from the front of the date's words."""
    lead = found.lead
    if not lead or found.info.end or normalise_word(lead) not in _TRIMMED_LEADS:
        return
    words = re.match(rf"{re.escape(lead)}\s+", text[found.start : found.end], re.IGNORECASE)
    if words is not None:
        found.start += words.end()


_RANGE_GAP = re.compile(
    r"\s*(?:(?P<dash>[-–—])|(?P<word>to|until|till|through|and|y|a|al|hasta|إلى|الى|حتى|و))\s*",
    re.IGNORECASE,
)
_RANGE_OPENER = re.compile(r"(?P<o>between|from|entre|de|desde|بين|من)\s+$", re.IGNORECASE)


def _merge_ranges(text: str, found: list[Found]) -> list[Found]:
    """Join "between 2011 and 2014", "from March to May 2014" into one date with an end."""
    out: list[Found] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        merged = _try_range(text, a, b) if b is not None else None
        if merged is not None:
            out.append(merged)
            i += 2
        else:
            out.append(a)
            i += 1
    return out


def _try_range(text: str, a: Found, b: Found) -> Found | None:
    if a.adjectival or b.adjectival or a.info.end or b.info.end:
        return None
    gap = _RANGE_GAP.fullmatch(text, a.end, b.start)
    if gap is None:
        return None
    lead = normalise_word(a.lead or "")
    opener = _RANGE_OPENER.search(text, max(0, a.start - 12), a.start)
    has_opener = lead in ("between", "from", "entre", "de", "desde", "بين", "من") or opener
    word = normalise_word(gap["word"] or "")
    if word in _NEEDS_OPENER and not has_opener:
        return None
    if word == "to" and not has_opener:
        return None
    first, second = a.info, b.info
    if second.value is None:
        return None
    if (
        first.value is None
        and a.year_only_fill
        and a.month
        and second.precision in ("day", "month")
    ):
        year = int(second.value[:4])
        end_month = int(second.value[5:7])
        if a.month > end_month:
            year -= 1
        precision: DatePrecision = "day" if a.day else "month"
        first = _info(precision, year, a.month, a.day or 1, derivation="stated")
    if first.value is None or first.precision is None or first.value >= second.value:
        return None
    start = opener.start() if opener and not a.lead else a.start
    info = replace(first, end=second.value, qualifier=None)
    if info.derivation != second.derivation and "relative" in (info.derivation, second.derivation):
        info.derivation = "relative"
    return Found(start, b.end, a.kind if a.kind == b.kind else "absolute", info, lead=a.lead)


def _apply_qualifier(text: str, found: Found) -> None:
    """ "since 2003" → value 2003 qualifier since; "until 2014" → end 2014, no start."""
    if found.info.end or found.adjectival or found.info.value is None:
        return
    qualifier = _YEAR_PREPS.get(normalise_word(found.lead or ""))
    if qualifier is None:
        before = _QUALIFIER_BEFORE.search(text, max(0, found.start - 20), found.start)
        if before is not None:
            qualifier = _YEAR_PREPS[normalise_word(before["q"])]
            found.start = before.start()
    if qualifier is None:
        return
    info = found.info
    if qualifier in ("until", "by", "before"):
        info.end, info.value = info.value, None
    info.qualifier = qualifier


def _resolve_partial(found: Found, all_found: list[Found], ctx: Context, stripped: bool) -> None:
    """Give a month (and day) without year its year: from the sentence, else from the
    previous date of the paragraph, else from the anchor. Never when a year was cut out."""
    if found.info.value is not None or not found.year_only_fill or found.month is None:
        return
    if stripped:
        return
    qualifier = found.info.qualifier
    info = _year_from_sentence(found, all_found) or _year_from_previous(found, ctx.previous)
    if info is None:
        info = resolve_partial(found.month, found.day, ctx, found.start, found.future)
    if info is not None:
        info.qualifier = qualifier
        found.info = info


Derivation = Literal["stated", "relative", "carried_over"]


def _with_year(found: Found, year: int, derivation: Derivation) -> DateInfo | None:
    month, day = found.month or 1, found.day
    if day and not cal.valid_day(year, month, day):
        return None
    return _info("day" if day else "month", year, month, day or 1, derivation=derivation)


# How far apart a month and the year that completes it may be written ("In 2014, on 10 June").
_SAME_DATE_GAP = 30


def _year_from_sentence(found: Found, all_found: list[Found]) -> DateInfo | None:
    """ "In 2014, on 10 June, ..." or "March 31, this year" → the month and day take the
    year written right beside them."""
    years = [
        f
        for f in all_found
        if f is not found
        and not f.adjectival
        and f.kind in ("absolute", "relative")
        and f.info.value is not None
        and f.info.precision in ("year", "month", "day")
        and not f.info.end
        and f.info.qualifier is None
        and min(abs(f.start - found.end), abs(found.start - f.end)) <= _SAME_DATE_GAP
    ]
    if len(years) != 1 or years[0].info.value is None:
        return None
    derivation: Derivation = "stated" if years[0].kind == "absolute" else "relative"
    return _with_year(found, int(years[0].info.value[:4]), derivation)


def _year_from_previous(found: Found, previous: DateInfo | None) -> DateInfo | None:
    """ "In March 2014 ... In June, ..." → June 2014; but not "In November 2014 ... In
    February": that could be either year, so it stays unknown."""
    if (
        previous is None
        or previous.value is None
        or previous.precision not in ("day", "month", "year")
    ):
        return None
    year = int(previous.value[:4])
    earlier_month = previous.precision in ("day", "month") and found.month is not None
    if earlier_month and (found.month or 0) < int(previous.value[5:7]):
        return None
    return _with_year(found, year, "carried_over")
