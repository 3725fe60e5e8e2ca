"""Repair words that OCR mangled, without touching words that are right.

A word is only considered when the vocabulary does not know it. Candidates are made by
undoing the glyph confusions OCR is known for (``l``/``I``, ``rn``/``m``, ``cl``/``d``,
``vv``/``w``, ``h``/``n``, ``g``/``q``, and a glyph split in two such as ``qg`` for ``q``
or ``lI`` for ``I``), at most two of them per word. The repair is made only when exactly
one known word comes out with the fewest changes. So ``Irag`` becomes ``Iraq`` and
``lIraq`` becomes ``Iraq``, but ``Iran`` (a known word) is never changed, and a name the
vocabulary does not know is left alone unless a confusion turns it into a known one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from geopol.clean.offsets import Edit
from geopol.clean.vocabulary import Vocabulary, get_vocabulary

MIN_LENGTH = 4
MAX_LENGTH = 24
MAX_CHANGES = 2

# (what OCR wrote, what the page said)
CONFUSIONS: tuple[tuple[str, str], ...] = (
    ("l", "I"),
    ("I", "l"),
    ("l", "i"),
    ("i", "l"),
    ("1", "l"),
    ("1", "I"),
    ("0", "O"),
    ("0", "o"),
    ("rn", "m"),
    ("m", "rn"),
    ("cl", "d"),
    ("vv", "w"),
    ("h", "n"),
    ("n", "h"),
    ("li", "h"),
    ("g", "q"),
    ("q", "g"),
    ("ii", "u"),
    ("qg", "q"),
    ("gq", "q"),
    ("lI", "I"),
    ("Il", "I"),
    ("Il", "l"),
)

_ANY_WORD = re.compile(r"[^\W_]+")
_WORD = re.compile(r"(?<![\w@/])[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*(?![\w@/])")


def _variants(word: str, changes: int) -> Iterator[str]:
    """Words made from ``word`` by undoing up to ``changes`` confusions, left to right."""
    frontier = {(word, 0)}
    for _ in range(changes):
        following: set[tuple[str, int]] = set()
        for text, start in frontier:
            for wrong, right in CONFUSIONS:
                pos = text.find(wrong, start)
                while pos >= 0:
                    changed = text[:pos] + right + text[pos + len(wrong) :]
                    following.add((changed, pos + len(right)))
                    pos = text.find(wrong, pos + 1)
        yield from (text for text, _ in following)
        frontier = following
        yield "\x00"  # marks the end of one round of changes


def repair_word(word: str, vocab: Vocabulary | None = None) -> str | None:
    """The repaired form of ``word``, or None when it should stay as it is."""
    vocab = vocab or get_vocabulary()
    if len(word) < MIN_LENGTH or vocab.knows(word) or _looks_like_code(word):
        return None
    return _repair(word, vocab)


# Signs that a word went through OCR: a capital I or small l out of place, split glyphs.
_STRONG_SIGNAL = re.compile(r"lI|Il|[a-z]I|I[A-Z]|^l[A-Z]|rn|vv|qg|gq|cl|ii|\d")


def _repair(word: str, vocab: Vocabulary) -> str | None:
    capitalised = word[0].isupper()
    # Two changes only when the word shows an OCR sign; one otherwise (cheaper, safer).
    changes = MAX_CHANGES if _STRONG_SIGNAL.search(word) else 1
    found: set[str] = set()
    for candidate in _variants(word, changes):
        if candidate == "\x00":
            if found:
                break  # the fewest changes win
            continue
        if not candidate.isalpha() or candidate.lower() == word.lower():
            continue
        if not _plausible_case(candidate):
            continue
        if _known(candidate, vocab, capitalised):
            found.add(candidate)
    if len({c.lower() for c in found}) != 1:
        return None
    return min(found)


def _known(candidate: str, vocab: Vocabulary, capitalised: bool) -> bool:
    if vocab.large and not capitalised:
        return vocab.knows(candidate)
    # An unknown capitalised word is most likely a name the vocabulary lacks ("Abiy"
    # must not become "Ably"), and with only our small lists common words are too few
    # to judge by: then repair only towards a known proper name.
    return candidate[0].isupper() and candidate.lower() in vocab.names


def _plausible_case(word: str) -> bool:
    """``Iraq``, ``iraq`` or ``IRAQ``: not ``IrAq`` (a confusion must not invent that)."""
    return word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())


def _looks_like_code(word: str) -> bool:
    """Acronyms, codes and identifiers: all capitals, or letters mixed with digits
    in a way OCR confusions do not explain."""
    letters = [c for c in word if c.isalpha()]
    if len(letters) == len(word) and word.isupper():
        return True
    digits = sum(1 for c in word if c.isdigit())
    return digits > 1


@lru_cache(maxsize=65536)
def _cached_repair(word: str, vocab_id: int) -> str | None:
    return repair_word(word, _vocab_by_id[vocab_id])


_vocab_by_id: dict[int, Vocabulary] = {}


# Two- and three-letter words whose capital I was read as a small l.
SHORT_WORDS = {"ln": "In", "lt": "It", "ls": "Is", "lf": "If", "lts": "Its"}


def ocr_edits(text: str) -> list[Edit]:
    vocab = get_vocabulary()
    _vocab_by_id[id(vocab)] = vocab
    # Judge each distinct word once, then find the occurrences of the few to repair.
    targets: dict[str, str] = {}
    for word in set(_ANY_WORD.findall(text)):
        if not word.isascii():
            continue  # OCR confusions here are those of Latin letters
        if len(word) < MIN_LENGTH:
            if word in SHORT_WORDS:
                targets[word] = SHORT_WORDS[word]
        elif len(word) <= MAX_LENGTH:
            repaired = _cached_repair(word, id(vocab))
            if repaired is not None:
                targets[word] = repaired
    if not targets:
        return []
    alternatives = "|".join(re.escape(w) for w in sorted(targets, key=len, reverse=True))
    edits: list[Edit] = []
    for m in re.finditer(rf"(?<![\w@/])(?:{alternatives})(?![\w@/])", text):
        word = m.group()
        if word in SHORT_WORDS:
            if _before_word(text, m.end()):
                edits.append((m.start(), m.end(), targets[word]))
            continue
        if text.startswith("-\n", m.end()):
            continue  # first half of a word hyphenated across lines: not a word
        repaired = targets[word]
        if m.start() >= 2 and text[m.start() - 2 : m.start()] == "-\n" and repaired.islower():
            continue  # second half of a hyphenated word: only names are safe to repair
        edits.append((m.start(), m.end(), repaired))
    return edits


def _before_word(text: str, pos: int) -> bool:
    """A space or line break and a word follow (``ln March``): a word of a sentence."""
    return pos + 1 < len(text) and text[pos] in " \n" and text[pos + 1].isalnum()
