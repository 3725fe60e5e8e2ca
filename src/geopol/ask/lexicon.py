"""The ask lexicon: question patterns and relation words, read from ``geopol/data/ask``."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from geopol.ask.text import stem, words


def _load(name: str) -> dict[str, Any]:
    text = resources.files("geopol").joinpath("data", "ask", name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _key(phrase: str) -> tuple[str, ...]:
    """A lexicon key as the tuple of stems it must match in a question."""
    return tuple(stem(w) for w in words(phrase))


def _keyed(table: dict[str, Any]) -> dict[tuple[str, ...], Any]:
    return {_key(k): v for k, v in table.items() if not k.startswith("_")}


def _phrases(items: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(_key(c) for c in items if not c.startswith("_"))


@dataclass(frozen=True, slots=True)
class KindPatterns:
    kind: str
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True, slots=True)
class AskLexicon:
    kinds: tuple[KindPatterns, ...]
    stopwords: frozenset[str]
    relation_words: dict[tuple[str, ...], list[str]]
    list_nouns: dict[tuple[str, ...], dict[str, Any]]
    actor_type_nouns: dict[tuple[str, ...], list[str]]
    directed: frozenset[str]
    cooperative_state: frozenset[str]
    opposites: dict[str, str]
    cameo_relations: dict[str, str]
    ending_cues: tuple[tuple[str, ...], ...]
    failure_cues: tuple[tuple[str, ...], ...]
    causal_cues: tuple[tuple[str, ...], ...]
    drivers: dict[str, tuple[tuple[str, ...], ...]]
    phrases: dict[str, str]
    ended_phrases: dict[str, str]
    class_words: dict[str, str]

    def cameo_name(self, code: str | None) -> str | None:
        return _cameo_names().get(code or "")

    def relation_of_cameo(self, code: str) -> str | None:
        """The relation type a CAMEO code stands for (longest matching prefix)."""
        for size in range(len(code), 1, -1):
            found = self.cameo_relations.get(code[:size])
            if found:
                return found
        return None


@cache
def _cameo_names() -> dict[str, str]:
    """CAMEO code → name, from the event stage's code table (read only)."""
    path = resources.files("geopol").joinpath("data", "events", "cameo_codes.tsv")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return {}
    names = {}
    for line in lines:
        parts = line.split("\t")
        if len(parts) >= 3 and parts[0][:1].isdigit():
            names[parts[0]] = parts[2]
    return names


@cache
def load_lexicon() -> AskLexicon:
    patterns = _load("patterns.json")
    rel = _load("relation_words.json")
    kinds = tuple(
        KindPatterns(k["kind"], tuple(re.compile(p) for p in k["patterns"]))
        for k in patterns["kinds"]
    )
    return AskLexicon(
        kinds=kinds,
        stopwords=frozenset(patterns["stopwords"]),
        relation_words=_keyed(rel["relation_words"]),
        list_nouns=_keyed(rel["list_nouns"]),
        actor_type_nouns=_keyed(rel["actor_type_nouns"]),
        directed=frozenset(rel["directed"]),
        cooperative_state=frozenset(rel["cooperative_state"]),
        opposites={k: v for k, v in rel["opposites"].items() if not k.startswith("_")},
        cameo_relations={k: v for k, v in rel["cameo_relations"].items() if not k.startswith("_")},
        ending_cues=_phrases(rel["ending_cues"]),
        failure_cues=_phrases(rel["failure_cues"]),
        causal_cues=_phrases(rel["causal_cues"]),
        drivers={
            name: tuple(_key(w) for w in cue_words)
            for name, cue_words in rel["drivers"].items()
            if not name.startswith("_")
        },
        phrases={k: v for k, v in rel["phrases"].items() if not k.startswith("_")},
        ended_phrases={k: v for k, v in rel["ended_phrases"].items() if not k.startswith("_")},
        class_words={k: v for k, v in rel["class_words"].items() if not k.startswith("_")},
    )


def find_phrases(
    stems: list[str], table: dict[tuple[str, ...], Any], longest: int = 3
) -> list[tuple[int, int, Any]]:
    """Non-overlapping (start, end, value) matches of the table's keys in ``stems``, longest first."""
    out: list[tuple[int, int, Any]] = []
    i = 0
    while i < len(stems):
        for size in range(min(longest, len(stems) - i), 0, -1):
            key = tuple(stems[i : i + size])
            if key in table:
                out.append((i, i + size, table[key]))
                i += size
                break
        else:
            i += 1
    return out


def has_phrase(stems: list[str], phrases: tuple[tuple[str, ...], ...]) -> tuple[str, ...] | None:
    """The first of ``phrases`` that occurs in ``stems``, if any."""
    joined = " " + " ".join(stems) + " "
    for phrase in phrases:
        if phrase and f" {' '.join(phrase)} " in joined:
            return phrase
    return None
