"""A fast word tokenizer with character offsets, and the word classes the rules look at.

The coder does not need a full parse: CAMEO triggers, modal words and the prepositions
around actors are found on a token stream. Keeping this regex-based makes the coder run at
thousands of sentences per second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# words with inner hyphens or apostrophes stay one token ("cease-fire", "didn't")
# abbreviations ("U.N.") and numbers ("1.7", "30,000") too, so a gap may run over them
_TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}|\d+(?:[.,]\d+)+|\w+(?:[-'’]\w+)*|[^\w\s]")


# Not frozen: a frozen dataclass sets each field through ``object.__setattr__``, which made
# building the tokens a quarter of the tokenizer's time (57 -> 41 us a sentence, measured).
# Nothing changes a token after it is made.
@dataclass(slots=True)
class Token:
    text: str
    lower: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    return [
        Token(word := m.group(), word.lower().replace("’", "'"), m.start(), m.end())
        for m in _TOKEN_RE.finditer(text)
    ]


def words(text: str) -> list[str]:
    """Lower-case word forms only (the prefilter's cheap view of a text)."""
    return _TOKEN_RE.findall(text.lower().replace("’", "'"))


# Before a base or -s verb form these make it a noun ("the attack", "in order").
# Days and day words: wire style names them right after a verb ("said Friday", "called
# Thursday on"), where they are neither a name nor part of the phrase.
DAY_WORDS = frozenset(
    {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
        "tonight",
    }
)

DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "our",
        "my",
        "your",
        "any",
        "each",
        "every",
        "no",
        "some",
        "such",
        "another",
        "first",
        "last",
        "new",
        "recent",
        "latest",
        "further",
        "possible",
        "alleged",
    ]
)
PREPOSITIONS = frozenset(
    [
        "in",
        "of",
        "for",
        "with",
        "on",
        "at",
        "by",
        "from",
        "into",
        "about",
        "over",
        "under",
        "after",
        "before",
        "between",
        "among",
        "within",
        "without",
        "against",
        "during",
        "since",
        "amid",
        "despite",
        "via",
        "per",
        "than",
    ]
)
# Tokens that close a clause for the purpose of linking a frame verb to its complement.
# ("however" and "meanwhile" are left out: they sit between a subject and its verb as often
# as between clauses, "Libya's prime minister meanwhile rejected ...")
CLAUSE_BREAKS = frozenset({";", ":", "—", "–", "but", "while", "whereas", "although", "though"})
BE_FORMS = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "'s",
        "get",
        "gets",
        "got",
        "gotten",
        "getting",
    ]
)
# Adverbs and auxiliaries that may sit between "was" and a participle.
AUX_FILLERS = frozenset(
    [
        "has",
        "have",
        "had",
        "not",
        "n't",
        "never",
        "also",
        "reportedly",
        "allegedly",
        "apparently",
        "reported",
        "later",
        "then",
        "already",
        "repeatedly",
        "recently",
        "being",
        "been",
        "twice",
        "once",
        "again",
        "just",
    ]
)
# Prepositions before a mention that make it a place or a complement rather than an agent.
NON_AGENT_PREPOSITIONS = frozenset(
    [
        "in",
        "at",
        "near",
        "inside",
        "outside",
        "across",
        "from",
        "of",
        "to",
        "on",
        "with",
        "against",
        "for",
        "by",
        "into",
        "over",
        "under",
        "after",
        "before",
        "between",
        "among",
        "within",
        "including",
        "toward",
        "towards",
        "via",
        "like",
        "than",
        "through",
        "around",
        "along",
        "off",
        "upon",
        "about",
        "during",
        "since",
        "amid",
        "despite",
        "behind",
        "beyond",
        "throughout",
    ]
)
LOCATIVE_PREPOSITIONS = frozenset(
    ["in", "at", "near", "inside", "outside", "across", "throughout", "around"]
)
