"""Which lines of a plain-text web dump are page furniture rather than the article.

General heuristics only; each one looks at a single *short* line, so running prose is
never removed:

- the line matches a furniture pattern from ``data/clean/boilerplate.txt`` (ads, share
  and follow buttons, newsletter and donation calls, cookie notices, footers, counters);
- the line is a navigation menu: several short items between separators (``|``, ``•``);
- the line has almost no letters (``• 1000 / 1000``, rows of symbols);
- the line is short and written in another script than the document (a widget label
  left over from a page in another language);
- the same short line occurs three times or more (menus, running page headers).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from geopol.clean.vocabulary import DATA_DIR

MAX_PATTERN_WORDS = 12  # a furniture pattern only applies to a line this short
MAX_COOKIE_WORDS = 60  # cookie notices are long sentences, but unmistakable
MAX_REPEATED_WORDS = 10
MIN_REPEATS = 3

_NAV_SEPARATORS = re.compile(r"\s[|•·»›]\s|\s/\s|\s>\s")
_WORD = re.compile(r"\S+")
_COOKIE = re.compile(r"\bcookies?\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def furniture_pattern() -> re.Pattern[str]:
    lines = (DATA_DIR / "boilerplate.txt").read_text(encoding="utf-8").splitlines()
    patterns = [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    joined = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(rf"\W*(?:{joined})\W*", re.IGNORECASE)


_LETTER = re.compile(r"[^\W\d_]")
_NOT_SPACE = re.compile(r"\S")
MAX_FURNITURE_CHARS = 600  # longer lines are prose whatever they contain


def is_furniture(line: str) -> bool:
    """A single line that is page furniture, judged on its own."""
    stripped = line.strip()
    if not stripped:
        return False
    return (
        matches_furniture_pattern(stripped) or is_navigation(stripped) or is_symbol_line(stripped)
    )


def matches_furniture_pattern(text: str) -> bool:
    """Short text that is one of the furniture patterns (an ad label, a call to action)."""
    if len(text) > MAX_FURNITURE_CHARS:
        return False
    text = text.strip()
    words = text.count(" ") + 1
    if not text or words > MAX_COOKIE_WORDS:
        return False
    if words > MAX_PATTERN_WORDS and not _COOKIE.search(text):
        return False  # only a cookie notice may be that long
    return furniture_pattern().fullmatch(text) is not None


def is_navigation(line: str) -> bool:
    """Menu items between separators: ``Home | World | Politics | Sport``."""
    if len(line) > MAX_FURNITURE_CHARS:
        return False
    parts = _NAV_SEPARATORS.split(line)
    if len(parts) < 3:
        return False
    return all(0 < len(p.split()) <= 4 and not p.rstrip().endswith(".") for p in parts)


def is_symbol_line(line: str) -> bool:
    """A line with hardly any letters, such as counters and rules (``• 1000 / 1000``)."""
    if _LETTER.search(line) is None:
        # Bare numbers can be page numbers or table cells; both are furniture here.
        return _NOT_SPACE.search(line) is not None
    if len(line) > 60:
        return False
    chars = len(_NOT_SPACE.findall(line))
    letters = len(_LETTER.findall(line))
    return chars <= 40 and letters / chars < 0.3


@lru_cache(maxsize=8192)
def script_of(char: str) -> str:
    """A coarse script name from the Unicode character name (LATIN, ARABIC, CJK, ...)."""
    try:
        name = unicodedata.name(char)
    except ValueError:
        return "OTHER"
    first = name.split(" ", 1)[0]
    if first in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL"):
        return "CJK"
    return first


def dominant_script(text: str, sample: int = 1000) -> str | None:
    if text[:sample].isascii():
        return "LATIN" if _LETTER.search(text, 0, sample) else None
    counts: Counter[str] = Counter(map(script_of, _LETTER.findall(text, 0, sample)))
    if not counts:
        return None
    return counts.most_common(1)[0][0]


def is_foreign_script(line: str, document_script: str | None) -> bool:
    """A short line whose letters are mostly in another script than the document's."""
    if document_script is None or len(line.strip()) > 40:
        return False
    letters = _LETTER.findall(line)
    if not letters:
        return False
    own = sum(1 for c in letters if script_of(c) == document_script)
    return own / len(letters) < 0.5


_PIECE_END = re.compile(r"(?<=[.!?])\s+|\s+[|•·]\s+")


def furniture_pieces(line: str) -> list[tuple[int, int]]:
    """Spans of the sentences or ``|``-separated items of a line that are furniture on
    their own (``Reader-funded since 2010. DONATE NOW ...``, or ``Get the latest
    updates.`` inside a paragraph of a web dump). A piece must match a furniture
    pattern as a whole, so a sentence of prose never does."""
    ends = list(_PIECE_END.finditer(line))
    if not ends:
        return []  # a single piece is the line itself, already judged as a whole
    spans: list[tuple[int, int]] = []
    start = 0
    for m in [*ends, None]:
        end = m.start() if m else len(line)
        piece = line[start:end]
        # Only the patterns count here: a piece such as "2" in "Vol. 7, No. 2" is no
        # symbol line, it is part of a sentence.
        if matches_furniture_pattern(piece):
            spans.append((start, m.end() if m else end))
        start = m.end() if m else end
    return spans


def furniture_lines(lines: list[str], document_script: str | None) -> set[int]:
    """Indexes of the lines to drop."""
    drop: set[int] = set()
    repeats = Counter(
        _repeat_key(ln)
        for ln in lines
        if ln.strip() and len(ln.split()) <= MAX_REPEATED_WORDS and not _is_list_item(ln)
    )
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        key = _repeat_key(line)
        if (
            is_furniture(line)
            or is_foreign_script(line, document_script)
            or repeats.get(key, 0) >= MIN_REPEATS
        ):
            drop.add(i)
    return drop


_DIGITS = re.compile(r"\d+")


def _repeat_key(line: str) -> str:
    """Running headers repeat with a changing page number: compare without digits."""
    return _DIGITS.sub("#", line.strip().lower())


_LIST_ITEM = re.compile(r"\s*(?:[-*+•·▪◦‣]|\(?\d{1,3}[.)]|\(?[a-z]\))\s+\S")


def _is_list_item(line: str) -> bool:
    # Lists legitimately repeat short items ("- Yes"), so repetition is no evidence there.
    return bool(_LIST_ITEM.match(line))
