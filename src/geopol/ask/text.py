"""Tokens for matching questions against sentences: lower-case words, lightly stemmed.

The stemmer only folds the inflections that matter for matching questions to sentences
("sanctions"/"sanction", "attacked"/"attack", "allies"/"ally"); it is deliberately
small so that it behaves the same on every text and never needs a model.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def normalise(text: str) -> str:
    """Fold quotes and dashes, compatibility forms (ligatures) and case."""
    return unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    word = word.lower()
    if word.endswith("'s"):
        word = word[:-2]
    word = word.strip("'-")
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    elif word.endswith("ed") and len(word) > 4:
        word = word[:-2]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "ls":
        word = word[:-1]  # "shelled"/"shell", "backing"/"back" come out the same
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


def tokens(text: str) -> list[str]:
    """Stemmed word tokens of a text (stopwords included: the scorer weighs them down)."""
    return [stem(w) for w in words(text)]


def content_tokens(text: str, stopwords: frozenset[str]) -> list[str]:
    return [stem(w) for w in words(text) if w not in stopwords and not w.isdigit()]
