"""The trigger lexicon: CAMEO-coded verb and noun patterns read from ``data/events/triggers.tsv``.

A pattern is a sequence of slots (sets of lower-case word forms) and gaps. Verbs are written
once as ``@lemma`` and expanded to their inflections here, so the data file stays readable.
See the header of the data file for the pattern syntax.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal, get_args

Kind = Literal["v", "n", "w", "x"]
Frame = Literal[
    "-",
    "say",
    "absorb",
    "deny",
    "intend",
    "appeal",
    "demand",
    "refuse",
    "threaten",
    "pass",
    "refuse_before",
]
FRAMES: frozenset[str] = frozenset(get_args(Frame))
BLOCKER = "-"  # the code of kind-x patterns
# Verb form tags: the base and -s forms double as nouns ("the attack", "attacks").
FormTag = Literal["base", "s", "ed", "ing"]

GAP = None  # a slot value meaning "up to MAX_GAP tokens"
MAX_GAP = 6

_VOWELS = set("aeiou")
# Multi-syllable verbs that double their last consonant (stress on the last syllable).
_DOUBLING = frozenset(
    [
        "expel",
        "compel",
        "propel",
        "dispel",
        "repel",
        "control",
        "patrol",
        "commit",
        "submit",
        "admit",
        "permit",
        "omit",
        "regret",
        "occur",
        "refer",
        "prefer",
        "confer",
        "deter",
        "transfer",
        "equip",
        "kidnap",
        "acquit",
        "rebel",
        "embed",
        "abet",
        "outfit",
        "handicap",
        "worship",
        "annul",
        "instil",
        "enrol",
        "extol",
    ]
)


DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "events"


def _data_text(name: str) -> str:
    return (DATA_DIR / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def irregular_verbs() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Lemma -> (past forms, participle forms)."""
    table: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for line in _data_text("irregular_verbs.tsv").splitlines():
        if not line or line.startswith("#") or line.startswith("lemma\t"):
            continue
        lemma, past, participle = line.split("\t")
        table[lemma] = (tuple(past.split("|")), tuple(participle.split("|")))
    return table


def _doubles(lemma: str) -> bool:
    """Whether the final consonant doubles before -ed/-ing (ban -> banned, visit -> visited)."""
    if lemma in _DOUBLING:
        return True
    if len(lemma) < 3 or lemma[-1] in _VOWELS or lemma[-1] in "wxy":
        return False
    # one syllable, consonant-vowel-consonant: ban, plan, stop, ship
    vowel_groups = sum(
        1 for i, ch in enumerate(lemma) if ch in _VOWELS and (i == 0 or lemma[i - 1] not in _VOWELS)
    )
    return vowel_groups == 1 and lemma[-2] in _VOWELS and lemma[-3] not in _VOWELS


def _british_doubling(lemma: str) -> bool:
    return (
        lemma.endswith("l")
        and not lemma.endswith("ll")
        and len(lemma) > 4
        and lemma[-2] in _VOWELS
        and lemma[-3] not in _VOWELS
        and not _doubles(lemma)
    )


def plural(noun: str) -> str:
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if len(noun) > 1 and noun.endswith("y") and noun[-2] not in _VOWELS:
        return noun[:-1] + "ies"
    return noun + "s"


def inflect(lemma: str) -> dict[str, FormTag]:
    """Every form of a verb with its tag: attack -> attack, attacks, attacked, attacking."""
    forms: dict[str, FormTag] = {lemma: "base"}
    forms[plural(lemma)] = "s"
    irregular = irregular_verbs().get(lemma)
    if irregular is not None:
        for form in (*irregular[0], *irregular[1]):
            forms.setdefault(form, "ed")
    stem = lemma + lemma[-1] if _doubles(lemma) else lemma
    if irregular is None:
        if lemma.endswith("e"):
            past = lemma + "d"
        elif lemma.endswith("y") and lemma[-2] not in _VOWELS:
            past = lemma[:-1] + "ied"
        else:
            past = stem + "ed"
        forms.setdefault(past, "ed")
        if _british_doubling(lemma):  # cancelled, labelled beside canceled, labeled
            forms.setdefault(lemma + "led", "ed")
            forms.setdefault(lemma + "ling", "ing")
    if lemma.endswith("ie"):
        ing = lemma[:-2] + "ying"
    elif lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
        ing = lemma[:-1] + "ing"
    else:
        ing = stem + "ing"
    forms.setdefault(ing, "ing")
    return forms


@dataclass(frozen=True, slots=True)
class Pattern:
    code: str
    kind: Kind
    frame: Frame
    slots: tuple[frozenset[str] | None, ...]
    # tags of the verb forms of the first slot (empty for nouns and literal words)
    head_tags: tuple[tuple[str, FormTag], ...]
    order: int
    source: str
    # head_tags as a dict: the matcher asks for every candidate word
    tag_of: dict[str, FormTag] = field(default_factory=dict, compare=False, hash=False)

    @property
    def literal_count(self) -> int:
        return sum(1 for slot in self.slots if slot is not GAP)

    def head_tag(self, form: str) -> FormTag | None:
        return self.tag_of.get(form)


@dataclass(slots=True)
class Lexicon:
    patterns: list[Pattern] = field(default_factory=list)
    by_first: dict[str, list[Pattern]] = field(default_factory=dict)
    # first-slot forms of patterns that can stand alone (kinds v and n): the cue words
    cue_forms: frozenset[str] = frozenset()


def _word_forms(word: str) -> tuple[frozenset[str], dict[str, FormTag]]:
    if word.startswith("@"):
        tagged = inflect(word[1:])
        return frozenset(tagged), tagged
    if word.endswith("+") and len(word) > 1:
        return frozenset({word[:-1], plural(word[:-1])}), {}
    return frozenset({word}), {}


def _slot_options(
    segment: str, *, head: bool
) -> list[list[tuple[frozenset[str], dict[str, FormTag]]]]:
    """The alternatives of one gap-free segment, each a list of slots.

    In the first segment ``a|b`` joins single words unless every alternative is a verb
    (``@pull out of|@walk out of``); after a gap, ``a|b`` joins whole phrases.
    """
    alternatives = segment.split("|")
    phrase_alternation = len(alternatives) > 1 and (
        not head or all(alt.strip().startswith("@") for alt in alternatives)
    )
    if phrase_alternation:
        options = []
        for alt in alternatives:
            options.append([_word_forms(word) for word in alt.split()])
        # single-word alternatives collapse into one slot (fewer patterns to try)
        if all(len(option) == 1 for option in options):
            merged: set[str] = set()
            tags: dict[str, FormTag] = {}
            for option in options:
                merged |= option[0][0]
                tags.update(option[0][1])
            return [[(frozenset(merged), tags)]]
        return options
    slots = []
    for word in segment.split():
        merged_forms: set[str] = set()
        merged_tags: dict[str, FormTag] = {}
        for alt in word.split("|"):
            forms, tags = _word_forms(alt)
            merged_forms |= forms
            merged_tags.update(tags)
        slots.append((frozenset(merged_forms), merged_tags))
    return [slots]


def compile_pattern(text: str, code: str, kind: Kind, frame: Frame, order: int) -> list[Pattern]:
    segments = [seg.strip() for seg in text.split("*")]
    if not segments or not segments[0]:
        raise ValueError(f"pattern {text!r} must start with a word")
    per_segment = [_slot_options(seg, head=(i == 0)) for i, seg in enumerate(segments) if seg]
    patterns = []
    for combo in itertools.product(*per_segment):
        slots: list[frozenset[str] | None] = []
        for i, option in enumerate(combo):
            if i:
                slots.append(GAP)
            slots.extend(forms for forms, _ in option)
        head_tags = tuple(sorted(combo[0][0][1].items()))
        patterns.append(
            Pattern(code, kind, frame, tuple(slots), head_tags, order, text, dict(head_tags))
        )
    return patterns


# Words too common to tell a sentence can hold an event ("new sanctions", "on alert").
_WEAK_KEYS = frozenset(
    [
        "new",
        "on",
        "no",
        "to",
        "of",
        "in",
        "with",
        "for",
        "at",
        "by",
        "as",
        "set",
        "call",
        "calls",
        "called",
        "calling",
        "joint",
        "ready",
        "willing",
        "prepared",
        "poised",
        "high",
        "full",
        "the",
        "a",
        "an",
        "up",
        "out",
        "off",
        "down",
        "back",
    ]
)


def _key_slot(pattern: Pattern) -> frozenset[str]:
    """The forms of the first literal slot that is not only common words: every match of
    the pattern contains one of them, so a text without any cannot match it."""
    literal = [slot for slot in pattern.slots if slot is not GAP]
    for slot in literal:
        assert slot is not None
        if not slot <= _WEAK_KEYS:
            return slot
    first = literal[0]
    assert first is not None
    return first


def parse_lexicon(text: str) -> Lexicon:
    patterns: list[Pattern] = []
    seen: set[tuple[str, tuple[frozenset[str] | None, ...]]] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            raise ValueError(f"triggers line {number}: expected 4 tab-separated columns")
        code, kind, frame, items = parts
        if kind not in ("v", "n", "w", "x") or frame not in FRAMES:
            raise ValueError(f"triggers line {number}: bad kind {kind!r} or frame {frame!r}")
        for item in items.split(" ; "):
            item = item.strip()
            if not item:
                continue
            for pattern in compile_pattern(item, code, kind, frame, len(patterns)):  # type: ignore[arg-type]
                key = (pattern.code, pattern.slots)
                if key in seen:
                    continue
                seen.add(key)
                patterns.append(pattern)
    by_first: dict[str, list[Pattern]] = defaultdict(list)
    cue_forms: set[str] = set()
    for pattern in patterns:
        first = pattern.slots[0]
        assert first is not None
        for form in first:
            by_first[form].append(pattern)
        if pattern.kind in ("v", "n"):
            cue_forms |= _key_slot(pattern)
    return Lexicon(patterns, dict(by_first), frozenset(cue_forms))


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return parse_lexicon(_data_text("triggers.tsv"))


@lru_cache(maxsize=1)
def generic_agents() -> frozenset[str]:
    """Nouns that name a political actor without naming who ("police", "rebels")."""
    lines = (DATA_DIR / "agents.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t")[0] for line in lines if line and not line.startswith("#")]
    return frozenset(rows[1:])
