"""Date words (month names, weekdays, numbers, units) loaded from ``geopol/data/dates``."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


def _load(name: str) -> dict[str, Any]:
    text = resources.files("geopol").joinpath("data", "dates", name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def alternation(words: object) -> str:
    """A regex alternation of the words, longest first, spaces matching any whitespace."""
    ordered = sorted({str(w) for w in words}, key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@dataclass(frozen=True, slots=True)
class Lexicon:
    months: dict[str, int]
    """Gregorian month names of every language (lower-case) → month number."""
    english_months: frozenset[str]
    abbreviations: frozenset[str]
    hijri_months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    units: dict[str, str]
    future_markers: tuple[str, ...]
    continuation_openers: tuple[str, ...]
    modifiers: dict[str, str]
    """ "early", "mid-", "finales de" → early / mid / late / a season."""
    year_prepositions: dict[str, str | None]
    """ "in", "since", "hasta" → the open bound they give a date (None: none)."""
    day_words: dict[str, int]
    """ "yesterday", "ayer", "أمس" → offset in days from the document date."""
    period_words: dict[str, int]
    """ "last", "this", "next", "pasado", "الماضي" → offset in weeks/months/years."""
    anaphora_words: dict[str, int]
    """ "following", "same", "siguiente", "التالي" → offset from the text's previous date."""
    arabic_decades: dict[str, int]

    def month(self, word: str) -> int | None:
        key = normalise_word(word)
        return self.months.get(key) or self.months.get(key.rstrip("."))

    def hijri_month(self, word: str) -> int | None:
        return self.hijri_months.get(normalise_word(word))

    def number(self, word: str) -> int | None:
        if word.isdigit():
            return int(word)
        return self.numbers.get(normalise_word(word))


def normalise_word(word: str) -> str:
    return " ".join(word.lower().split())


def _merge(tables: dict[str, dict[str, Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for table in tables.values():
        merged.update(table)
    return merged


@cache
def lexicon() -> Lexicon:
    months = _load("months.json")
    relative = _load("relative.json")
    gregorian: dict[str, dict[str, int]] = months["gregorian"]
    return Lexicon(
        months=_merge(gregorian),
        english_months=frozenset(gregorian["en"]) | frozenset(gregorian["en_abbrev"]),
        abbreviations=frozenset(gregorian["en_abbrev"]),
        hijri_months=_merge(months["hijri"]),
        weekdays=_merge(relative["weekdays"]),
        numbers=_merge(relative["numbers"]),
        units=_merge(relative["units"]),
        future_markers=tuple(w for ws in relative["future_markers"].values() for w in ws),
        continuation_openers=tuple(
            w for ws in relative["continuation_openers"].values() for w in ws
        ),
        modifiers=_table(relative["modifiers"]),
        year_prepositions=_table(relative["year_prepositions"]),
        day_words=_table(relative["day_words"]),
        period_words=_table(relative["period_words"]),
        anaphora_words=_table(relative["anaphora_words"]),
        arabic_decades=_table(relative["arabic_decades"]),
    )


def _table(data: dict[str, Any]) -> dict[str, Any]:
    """A flat word table without its ``_about`` note."""
    return {k: v for k, v in data.items() if not k.startswith("_")}
