"""Fast surface matching: one Aho-Corasick pass over a lower-cased sentence.

The automaton holds every surface form of the gazetteer (and an accent-folded copy), so a
sentence costs one scan whatever the size of the gazetteer. Python work happens only on the
few raw hits: word boundaries, case checks and the choice of the longest non-overlapping
matches.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from geopol.actors.gazetteer import Gazetteer, Surface, load_gazetteer

# Characters folded before matching so that typographic variants meet ("Workers’ Party").
_FOLD = str.maketrans({"’": "'", "‘": "'", "`": "'", "\u00a0": " ", "–": "-", "—": "-", "‐": "-"})

# Lower-case prefixes that, hyphenated before a name, make it a modifier ("pro-Iranian").
_NEGATING_PREFIXES = frozenset({"pro", "anti", "non", "ex", "post", "pre", "neo", "sub", "trans"})
# Hyphenated words after a name that make it a modifier ("Iran-backed militias").
_MODIFIER_SUFFIXES = frozenset(
    {
        "backed", "led", "based", "made", "born", "aligned", "affiliated", "allied", "funded",
        "sponsored", "supported", "controlled", "held", "linked", "inspired", "style", "occupied",
        "run", "friendly", "owned", "brokered", "mediated", "bound", "built", "trained", "armed",
        "leaning", "centric", "dominated", "administered", "registered", "flagged", "origin",
        "recognised", "recognized", "sanctioned", "designated", "approved", "mandated",
        "imposed", "educated", "listed", "appointed", "installed",
    }
)  # fmt: skip


# "US-led forces", "Vietnamese-led troops": the forces a state leads are coded as its own.
LED_FORCES = re.compile(r"-led\s+(?:forces|troops|coalition|army|armies|offensive|alliance)\b")


@dataclass(slots=True)
class Hit:
    """A surface found in the text: ``start``/``end`` are offsets into the text."""

    start: int
    end: int
    surfaces: tuple[Surface, ...]

    @property
    def text_length(self) -> int:
        return self.end - self.start


def fold_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise(text: str) -> str:
    """Lower-case and fold typographic variants, keeping the length of ``text``."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters ("İ") grow when lower-cased
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return lowered.translate(_FOLD)


_NOT_WORD = re.compile(r"[^\w]|_")


def wordify(text: str) -> str:
    """``normalise`` with every non-word character made a space (same length).

    Keys and text are both wordified and keys are padded with spaces, so the automaton
    only reports matches on word boundaries: "us" inside "because" never comes up.
    """
    return _NOT_WORD.sub(" ", normalise(text))


def _keys(surface: str) -> set[str]:
    keys = set()
    for variant in (surface, fold_accents(surface)):
        key = wordify(variant).strip()
        if key and len(variant) == len(surface):
            keys.add(f" {key} ")
    return keys


def _trailing_punctuation(surface: str) -> int:
    """How many non-word characters end the surface ("U.S." -> 1)."""
    return len(surface) - len(surface.rstrip(".+'’)"))


@lru_cache(maxsize=1)
def build_automaton() -> ahocorasick.Automaton:
    gaz: Gazetteer = load_gazetteer()
    by_key: dict[tuple[str, int], list[Surface]] = {}
    for surface in gaz.surfaces:
        if len(surface.text) < 2:
            continue
        for key in _keys(surface.text):
            bucket = by_key.setdefault((key, _trailing_punctuation(surface.text)), [])
            if surface not in bucket:
                bucket.append(surface)
    automaton = ahocorasick.Automaton()
    merged: dict[str, list[tuple[int, tuple[Surface, ...]]]] = {}
    for (key, trailing), surfaces in by_key.items():
        merged.setdefault(key, []).append((trailing, tuple(surfaces)))
    for key, variants in merged.items():
        automaton.add_word(key, (len(key) - 2, tuple(variants)))
    automaton.make_automaton()
    return automaton


def _case_ok(surface_text: str, span: str) -> bool:
    """Acronyms must match exactly; capitalised names need a capital in the text."""
    if not any(ch.islower() for ch in surface_text):
        return span == surface_text or span.isupper()
    if any(ch.isupper() for ch in surface_text):
        return any(ch.isupper() for ch in span)
    return True


def _word_before(text: str, pos: int) -> str:
    end = pos
    while end > 0 and text[end - 1].isalpha():
        end -= 1
    return text[end:pos]


def _word_after(text: str, pos: int) -> str:
    end = pos
    while end < len(text) and text[end].isalpha():
        end += 1
    return text[pos:end]


def boundaries_ok(text: str, start: int, end: int) -> bool:
    if start > 0:
        before = text[start - 1]
        if before.isalnum() or before == "_":
            return False
        if before == "-" and _word_before(text, start - 1).lower() in _NEGATING_PREFIXES:
            return False
    if end < len(text):
        after = text[end]
        if after.isalnum() or after == "_":
            return False
        if after == "-" and _word_after(text, end + 1).lower() in _MODIFIER_SUFFIXES:
            return bool(LED_FORCES.match(text, end))  # "Vietnamese-led forces": theirs
    return True


def _usable(surfaces: tuple[Surface, ...], span: str) -> tuple[Surface, ...]:
    return tuple(s for s in surfaces if _case_ok(s.text, span))


def find_hits(text: str) -> list[Hit]:
    """Longest non-overlapping gazetteer hits in ``text``, in text order."""
    automaton = build_automaton()
    padded = f" {wordify(text)} "
    candidates: list[Hit] = []
    for last, (length, variants) in automaton.iter(padded):
        # ``last`` indexes the padded text: its final space sits one past the word.
        start = last - length - 1
        for trailing, surfaces in variants:
            end = start + length
            # "U.S." keeps its final dot when the text has it; "U.S" alone is no match.
            if trailing:
                if text[end : end + trailing] != surfaces[0].text[-trailing:]:
                    continue
                end += trailing
            if not boundaries_ok(text, start, end):
                continue
            usable = _usable(surfaces, text[start:end])
            if usable:
                candidates.append(Hit(start, end, usable))
    return _longest_first(candidates)


def _longest_first(candidates: list[Hit]) -> list[Hit]:
    if len(candidates) < 2:
        return candidates
    candidates.sort(key=lambda h: (-h.text_length, h.start))
    # The hits taken never overlap, so sorted by start they are sorted by end too: a new
    # hit need only be checked against its two neighbours (n log n; thousands of names
    # in one sentence made the check against every hit taken quadratic).
    spans: list[tuple[int, int]] = []
    taken: list[Hit] = []
    for hit in candidates:
        i = bisect_right(spans, (hit.start, hit.end))
        before_ok = i == 0 or spans[i - 1][1] <= hit.start
        if before_ok and (i == len(spans) or hit.end <= spans[i][0]):
            spans.insert(i, (hit.start, hit.end))
            taken.append(hit)
    taken.sort(key=lambda h: h.start)
    return taken
