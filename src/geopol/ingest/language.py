"""Language detection: script first, then function words. No model, no dependency.

Most languages with their own script are decided by it (Arabic, Cyrillic, Greek, Hebrew,
Devanagari, Thai, Hangul, Kana, Han, ...), with a few letters telling apart languages
that share one (Persian and Urdu letters in Arabic script, Ukrainian letters in
Cyrillic). Latin-script text is scored by the share of its words found in each
language's function-word list (``data/clean/stopwords.json``). ``und`` means
undetermined: too little text, or nothing recognised.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

STOPWORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "clean" / "stopwords.json"
SAMPLE_CHARS = 5000
UNDETERMINED = "und"

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

# Script (first word of the Unicode character name) → language.
_SCRIPT_LANGUAGE = {
    "GREEK": "el",
    "HEBREW": "he",
    "DEVANAGARI": "hi",
    "BENGALI": "bn",
    "TAMIL": "ta",
    "THAI": "th",
    "HANGUL": "ko",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "CJK": "zh",
    "ARMENIAN": "hy",
    "GEORGIAN": "ka",
    "ETHIOPIC": "am",
    "KHMER": "km",
    "MYANMAR": "my",
}
_PERSIAN_LETTERS = frozenset("پچژگکی")
_URDU_LETTERS = frozenset("ٹڈڑںےھ")
_UKRAINIAN_LETTERS = frozenset("іїєґІЇЄҐ")
_SERBIAN_LETTERS = frozenset("ђјљњћџЂЈЉЊЋЏ")


@lru_cache(maxsize=1)
def _stopwords() -> dict[str, frozenset[str]]:
    data = json.loads(STOPWORDS_FILE.read_text(encoding="utf-8"))
    return {lang: frozenset(words) for lang, words in data.items() if not lang.startswith("_")}


@lru_cache(maxsize=8192)
def _script(char: str) -> str:
    try:
        return unicodedata.name(char).split(" ", 1)[0]
    except ValueError:
        return "OTHER"


def detect_language(text: str, default: str = UNDETERMINED) -> str:
    """ISO 639-1 code of the main language of ``text`` (``und`` when unsure)."""
    sample = text[:SAMPLE_CHARS]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) < 3:
        return default
    scripts = Counter(_script(c) for c in letters)
    script, count = scripts.most_common(1)[0]
    if script == "LATIN" or count < 0.5 * len(letters):
        return _latin_language(sample, default)
    if script == "ARABIC":
        return _arabic_language(letters)
    if script == "CYRILLIC":
        return _cyrillic_language(letters)
    if script == "CJK" and (scripts.get("HIRAGANA", 0) + scripts.get("KATAKANA", 0)) > 0.1 * count:
        return "ja"
    return _SCRIPT_LANGUAGE.get(script, default)


def _arabic_language(letters: list[str]) -> str:
    persian = sum(1 for c in letters if c in _PERSIAN_LETTERS)
    urdu = sum(1 for c in letters if c in _URDU_LETTERS)
    if urdu > 0.02 * len(letters):
        return "ur"
    if persian > 0.03 * len(letters):
        return "fa"
    return "ar"


def _cyrillic_language(letters: list[str]) -> str:
    if sum(1 for c in letters if c in _UKRAINIAN_LETTERS) > 0.01 * len(letters):
        return "uk"
    if sum(1 for c in letters if c in _SERBIAN_LETTERS) > 0.01 * len(letters):
        return "sr"
    return "ru"


def _latin_language(sample: str, default: str) -> str:
    words = [w.lower() for w in _WORD.findall(sample)]
    if not words:
        return default
    scores = {lang: sum(1 for w in words if w in vocab) for lang, vocab in _stopwords().items()}
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] == 0:
        return default
    # One or two words are weak evidence; a single short sentence is still fine.
    if scores[best] < 2 and len(words) > 3:
        return default
    return best
