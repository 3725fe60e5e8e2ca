"""Word tokens with offsets and the normal forms the lexicons are matched on.

Spanish: lower case without accents ("Turquía" and "TURQUIA" are both ``turquia``), since
newswire headlines are written in capitals and some feeds strip accents.

Arabic: diacritics and tatweel removed, alef forms unified (أ إ آ ٱ -> ا), ى -> ي and
ة -> ه: the spelling variation of news text. Arabic glues conjunctions, prepositions and
the article to the next word (والعراق = و + العراق), so ``arabic_stems`` lists the readings
of a token with those clitics peeled off, and the offset where each reading starts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

Language = str  # "ar" | "es"
LANGUAGES: tuple[str, ...] = ("ar", "es")

_ARABIC_MARKS = "\u064b-\u065f\u0670\u0640"
_ARABIC_MARK_RE = re.compile(f"[{_ARABIC_MARKS}]")
# A word: letters and digits, with Arabic marks inside it (they are not \w).
_WORD_RE = re.compile(rf"[\w{_ARABIC_MARKS}]+")
_ARABIC_LETTER_RE = re.compile(r"[\u0621-\u064a]")
_ALEF_TABLE = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})


@dataclass(slots=True, frozen=True)
class Token:
    text: str  # as written
    norm: str  # the normal form lexicons are matched on
    start: int
    end: int


@lru_cache(maxsize=4096)
def fold_latin(word: str) -> str:
    """Lower case without accents, one character for one ("Perú" -> "peru")."""
    out = []
    for ch in word.lower():
        decomposed = unicodedata.normalize("NFD", ch)
        out.append(decomposed[0] if decomposed else ch)
    return "".join(out)


@lru_cache(maxsize=8192)
def normalize_arabic(word: str) -> str:
    return _ARABIC_MARK_RE.sub("", word).translate(_ALEF_TABLE)


def normalize(word: str, language: Language) -> str:
    return normalize_arabic(word) if language == "ar" else fold_latin(word)


def tokenize(text: str, language: Language) -> list[Token]:
    """Word tokens (punctuation dropped) with their normal forms and offsets into ``text``."""
    return [
        Token(m.group(), normalize(m.group(), language), m.start(), m.end())
        for m in _WORD_RE.finditer(text)
    ]


def normal_words(phrase: str, language: Language) -> tuple[str, ...]:
    """A lexicon phrase as the tuple of normal forms the matcher compares with tokens."""
    return tuple(normalize(m.group(), language) for m in _WORD_RE.finditer(phrase))


def is_arabic(text: str) -> bool:
    return _ARABIC_LETTER_RE.search(text) is not None


# --------------------------------------------------------------------------- Arabic clitics

_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ل", "ك")
ARTICLE = "ال"


@lru_cache(maxsize=16384)
def arabic_stems(norm: str, *, future: bool = False) -> tuple[tuple[int, str], ...]:
    """Readings of a normalized token with proclitics removed: ``(offset, stem)`` pairs.

    ``offset`` counts the normalized characters peeled off. ``والعراق`` gives
    ``(0, "والعراق"), (1, "العراق")``; ``للعراق`` (ل + ال, written with one alef less) gives
    ``(0, "العراق")``: the reading starts at the preposition, whose lam is the article's. With ``future`` the future prefix س of verbs is peeled too
    (سيهاجم -> يهاجم). Stems shorter than two letters are not readings.
    """
    readings: list[tuple[int, str]] = [(0, norm)]
    conj_cut = [0]
    if len(norm) > 3 and norm[0] in _CONJUNCTIONS:
        conj_cut.append(1)
    for c in conj_cut:
        rest = norm[c:]
        if c:
            readings.append((c, rest))
        if len(rest) > 3 and rest.startswith("لل"):
            readings.append((c, ARTICLE + rest[2:]))  # ل + ال
        if len(rest) > 3 and rest[0] in _PREPOSITIONS:
            readings.append((c + 1, rest[1:]))
        if future and len(rest) > 3 and rest[0] == "س" and rest[1] in "يتنا":
            readings.append((c + 1, rest[1:]))
    return tuple((off, stem) for off, stem in dict.fromkeys(readings) if len(stem) >= 2)


def strip_article(stem: str) -> str:
    return stem[2:] if stem.startswith(ARTICLE) and len(stem) > 4 else stem


def raw_offset(token: Token, norm_offset: int) -> int:
    """Offset in the text of normalized character ``norm_offset`` of ``token``.

    Normalization only deletes marks, so walk the written token counting kept characters.
    """
    if norm_offset <= 0:
        return token.start
    kept = 0
    for i, ch in enumerate(token.text):
        if _ARABIC_MARK_RE.match(ch):
            continue
        if kept == norm_offset:
            return token.start + i
        kept += 1
    return token.end


# Punctuation that closes a clause for the gaps of trigger patterns and for the search of an
# event's actors (Arabic and Latin forms).
_HARD_BREAK_RE = re.compile(r"[.;:!?()\[\]«»\"“”؛؟]")
_SOFT_BREAK_RE = re.compile(r"[,،—–]")


def clause_breaks(text: str, tokens: list[Token]) -> list[int]:
    """For each token, what stands between it and the previous one: 0 nothing, 1 a comma,
    2 a full stop, semicolon, colon, bracket or quote."""
    breaks = [0] * len(tokens)
    for j in range(1, len(tokens)):
        between = text[tokens[j - 1].end : tokens[j].start]
        if _HARD_BREAK_RE.search(between):
            breaks[j] = 2
        elif _SOFT_BREAK_RE.search(between):
            breaks[j] = 1
    return breaks
