"""Language detection: script first, then function words. No model, no dependency.

Most languages with their own script are decided by it (Arabic, Cyrillic, Greek, Hebrew,
Devanagari, Thai, Hangul, Kana, Han, ...), with a few letters telling apart languages
that share one (Persian and Urdu letters in Arabic script, Ukrainian letters in
Cyrillic). Latin-script text is scored on function words, typical word endings and
letters of each language (``data/clean/stopwords.json``), a cue shared by several
languages counting for each in proportion. ``und`` means undetermined: too little
text, nothing recognised, or a tie.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

STOPWORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "clean" / "stopwords.json"
SAMPLE_CHARS = 5000
SCRIPT_SAMPLE_CHARS = 1000
SCRIPT_LETTERS = 300  # letters whose script is looked up one by one
UNDETERMINED = "und"
ENDING_WEIGHT = 0.5  # an ending or a letter is weaker evidence than a function word
MIN_SCORE = 0.5

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


@dataclass(frozen=True, slots=True)
class Cues:
    """Weighted evidence per language: a cue shared by n languages weighs 1/n."""

    words: dict[str, dict[str, float]]  # word -> {language: weight}
    endings: dict[str, dict[str, float]]
    letters: dict[str, dict[str, float]]
    ascii_letters: tuple[tuple[str, dict[str, float]], ...]  # the letter cues in plain ASCII
    longest_ending: int


def _weigh(by_language: dict[str, list[str]], scale: float) -> dict[str, dict[str, float]]:
    owners: dict[str, list[str]] = defaultdict(list)
    for lang, items in by_language.items():
        for item in set(items):
            owners[item].append(lang)
    return {item: {lang: scale / len(langs) for lang in langs} for item, langs in owners.items()}


@lru_cache(maxsize=1)
def _cues() -> Cues:
    data = json.loads(STOPWORDS_FILE.read_text(encoding="utf-8"))
    words = {lang: items for lang, items in data.items() if not lang.startswith("_")}
    endings = data.get("_endings", {})
    letters = _weigh(data.get("_letters", {}), ENDING_WEIGHT)
    return Cues(
        words=_weigh(words, 1.0),
        endings=_weigh(endings, ENDING_WEIGHT),
        letters=letters,
        ascii_letters=tuple((k, v) for k, v in letters.items() if k.isascii()),
        longest_ending=max((len(e) for items in endings.values() for e in items), default=0),
    )


@lru_cache(maxsize=8192)
def _script(char: str) -> str:
    try:
        return unicodedata.name(char).split(" ", 1)[0]
    except ValueError:
        return "OTHER"


_LETTER = re.compile(r"[^\W\d_]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def detect_language(text: str, default: str = UNDETERMINED) -> str:
    """ISO 639-1 code of the main language of ``text`` (``und`` when unsure)."""
    sample = text[:SAMPLE_CHARS]
    if sample.isascii():
        if len(_LETTER.findall(sample, 0, 200)) < 3:
            return default
        return _latin_language(sample, default)
    # The script is judged on a shorter head: a few hundred letters settle it.
    letters = _LETTER.findall(sample, 0, SCRIPT_SAMPLE_CHARS)
    if len(letters) < 3:
        return default
    if len(_LATIN_LETTER.findall(sample, 0, SCRIPT_SAMPLE_CHARS)) >= 0.5 * len(letters):
        return _latin_language(sample, default)
    scripts = Counter(map(_script, letters[:SCRIPT_LETTERS]))
    script, count = scripts.most_common(1)[0]
    if script == "LATIN" or count < 0.5 * min(len(letters), SCRIPT_LETTERS):
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
    scores = latin_scores(words)
    if not scores:
        return default
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    best, score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if score <= runner_up or score < MIN_SCORE:
        return default  # a tie, or too little evidence to call it
    return best


def latin_scores(words: list[str]) -> dict[str, float]:
    """Evidence per language from function words, word endings and letters."""
    scores: dict[str, float] = defaultdict(float)
    for word in words:
        for lang, weight in _word_cues(word):
            scores[lang] += weight
    return scores


@lru_cache(maxsize=65536)
def _word_cues(word: str) -> tuple[tuple[str, float], ...]:
    """What one (lower-cased) word says about its language; cached, words repeat."""
    cues = _cues()
    found: dict[str, float] = defaultdict(float)
    for lang, weight in cues.words.get(word, {}).items():
        found[lang] += weight
    for size in range(2, min(cues.longest_ending, len(word) - 2) + 1):
        for lang, weight in cues.endings.get(word[-size:], {}).items():
            found[lang] += weight
    if not word.isascii():
        for letters, weights in cues.letters.items():
            if letters in word:
                for lang, weight in weights.items():
                    found[lang] += weight
    else:
        for letters, weights in cues.ascii_letters:
            if letters in word:
                for lang, weight in weights.items():
                    found[lang] += weight
    return tuple(found.items())
