"""Trigger lexicons of Arabic and Spanish: CAMEO-coded patterns over word tokens.

The files ``data/lang/triggers_<lang>.tsv`` use the layout of the English lexicon (see the
header of each file). Verbs are written once and expanded by :mod:`geopol.lang.morphology`.
``find_triggers`` returns, for each position, the pattern with the most literal words
(``huelga de hambre`` beats ``huelga``); words a chosen pattern used cannot start another.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from geopol.lang.gazetteer import DATA_DIR
from geopol.lang.morphology import (
    FormTag,
    arabic_noun_forms,
    arabic_verb_forms,
    spanish_plural,
    spanish_verb_forms,
)
from geopol.lang.text import Language, Token, arabic_stems, fold_latin, normalize_arabic

MAX_GAP = 4
FRAMES = frozenset(
    {"-", "say", "absorb", "deny", "intend", "appeal", "demand", "refuse", "threaten"}
)
KINDS = frozenset({"v", "n", "p"})

Slot = frozenset[str] | None  # None is a gap


@dataclass(frozen=True, slots=True)
class Pattern:
    code: str
    kind: str  # v verb, n noun, p noun whose complement is its target
    frame: str
    slots: tuple[Slot, ...]
    head_tags: tuple[tuple[str, FormTag], ...]
    order: int
    source: str

    @property
    def literal_count(self) -> int:
        return sum(1 for slot in self.slots if slot is not None)

    def head_tag(self, form: str) -> FormTag:
        for word, tag in self.head_tags:
            if word == form:
                return tag
        return "noun" if self.kind != "v" else "inf"


@dataclass(slots=True)
class Lexicon:
    language: Language
    patterns: list[Pattern] = field(default_factory=list)
    by_first: dict[str, list[Pattern]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TriggerHit:
    pattern: Pattern
    head: int  # token index of the trigger word
    used: tuple[int, ...]  # token indices of the literal words
    tag: FormTag  # tense/aspect of the trigger word

    @property
    def last(self) -> int:
        return self.used[-1]


# ----------------------------------------------------------------------------- parsing


def _word_forms(word: str, language: Language) -> dict[str, FormTag]:
    """The normalized forms one pattern word stands for, with their tags."""
    if language == "es":
        if word.startswith("@"):
            lemma, _, change = word[1:].partition(":")
            return spanish_verb_forms(fold_latin(lemma), change)
        if word.endswith("+") and len(word) > 1:
            base = fold_latin(word[:-1])
            return {base: "noun", spanish_plural(base): "noun"}
        return {fold_latin(word): "word"}
    if word.startswith("v:"):
        perfect, _, imperfect = word[2:].partition("/")
        return arabic_verb_forms(perfect, imperfect or perfect)
    if word.startswith("n:"):
        return arabic_noun_forms(word[2:])
    return {normalize_arabic(word): "word"}


def _segment_alternatives(
    segment: str, language: Language, *, first: bool
) -> list[list[dict[str, FormTag]]]:
    """Alternatives of one gap-free segment, each a list of slots (form -> tag).

    In the first segment ``a|b`` joins single words; after a gap it joins whole phrases
    ("@imponer * toque de queda|estado de sitio").
    """
    if first:
        return [
            [
                _merge(_word_forms(alt, language) for alt in word.split("|"))
                for word in segment.split()
            ]
        ]
    return [
        [_word_forms(word, language) for word in phrase.split()] for phrase in segment.split("|")
    ]


def _merge(dicts: Iterable[dict[str, FormTag]]) -> dict[str, FormTag]:
    merged: dict[str, FormTag] = {}
    for d in dicts:
        for form, tag in d.items():
            merged.setdefault(form, tag)
    return merged


def parse_pattern(text: str, language: Language) -> list[list[dict[str, FormTag] | None]]:
    """A pattern as one or more slot sequences (``None`` = gap)."""
    segments = [s.strip() for s in text.split(" * ")]
    options = [
        _segment_alternatives(seg, language, first=(i == 0))
        for i, seg in enumerate(segments)
        if seg
    ]
    sequences: list[list[dict[str, FormTag] | None]] = []
    for combo in itertools.product(*options):
        seq: list[dict[str, FormTag] | None] = []
        for i, slots in enumerate(combo):
            if i:
                seq.append(None)
            seq.extend(slots)
        sequences.append(seq)
    return sequences


def _rows(language: Language) -> Iterable[tuple[str, str, str, str]]:
    path = DATA_DIR / f"triggers_{language}.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, kind, frame, patterns = line.split("\t")
        if kind not in KINDS or frame not in FRAMES:
            raise ValueError(f"{path.name}: bad kind or frame in {line!r}")
        for pattern in patterns.split(" ; "):
            if pattern.strip():
                yield code, kind, frame, pattern.strip()


# Verb forms that, without their accent, are the commonest function words: "dé" (dar) is
# the preposition "de", "sé" (saber/ser) the pronoun "se"; "amenazar de muerte" is no "dar
# muerte". A pattern never starts on them.
_SPANISH_FUNCTION_WORDS = frozenset({"de", "se"})


def _without_function_words(head: dict[str, FormTag], language: Language) -> dict[str, FormTag]:
    if language != "es":
        return head
    return {form: tag for form, tag in head.items() if form not in _SPANISH_FUNCTION_WORDS}


@lru_cache(maxsize=2)
def load_lexicon(language: Language) -> Lexicon:
    lexicon = Lexicon(language)
    for order, (code, kind, frame, text) in enumerate(_rows(language)):
        for seq in parse_pattern(text, language):
            if not seq or seq[0] is None:
                continue
            head = _without_function_words(seq[0], language)
            if not head:
                continue
            seq = [head, *seq[1:]]
            slots = tuple(None if s is None else frozenset(s) for s in seq)
            pattern = Pattern(code, kind, frame, slots, tuple(head.items()), order, text)
            lexicon.patterns.append(pattern)
            for form in head:
                lexicon.by_first.setdefault(form, []).append(pattern)
    return lexicon


# ---------------------------------------------------------------------------- matching


def _stems(token: Token, language: Language) -> tuple[str, ...]:
    if language == "ar":
        return tuple(stem for _, stem in arabic_stems(token.norm, future=True))
    return (token.norm,)


def _match_rest(
    pattern: Pattern, tokens: list[Token], breaks: list[int], start: int, language: Language
) -> tuple[int, ...] | None:
    """Token indices of the literal slots after the first, or None when it does not fit."""
    used: list[int] = []
    j = start + 1
    gap = False
    for slot in pattern.slots[1:]:
        if slot is None:
            gap = True
            continue
        limit = j + (MAX_GAP if gap else 0)
        found = None
        k = j
        while k < len(tokens) and k <= limit:
            if breaks[k] and (gap or k > j or breaks[k] == 2):
                break  # a gap never crosses punctuation; a phrase never crosses a stop
            if any(stem in slot for stem in _stems(tokens[k], language)):
                found = k
                break
            k += 1
        if found is None:
            return None
        used.append(found)
        j = found + 1
        gap = False
    return tuple(used)


def find_triggers(tokens: list[Token], breaks: list[int], language: Language) -> list[TriggerHit]:
    lexicon = load_lexicon(language)
    taken: set[int] = set()
    hits: list[TriggerHit] = []
    for i, token in enumerate(tokens):
        if i in taken:
            continue
        best: TriggerHit | None = None
        best_key: tuple[int, int] | None = None
        for stem in _stems(token, language):
            for pattern in lexicon.by_first.get(stem, ()):
                rest = _match_rest(pattern, tokens, breaks, i, language)
                if rest is None:
                    continue
                key = (pattern.literal_count, -pattern.order)
                if best_key is None or key > best_key:
                    best = TriggerHit(pattern, i, (i, *rest), pattern.head_tag(stem))
                    best_key = key
        if best is not None:
            hits.append(best)
            taken.update(best.used)
    return hits
