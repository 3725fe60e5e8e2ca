"""Sentence segmentation: fast rules over the clean text.

The clean text (see :mod:`geopol.clean`) keeps a line break only where one means
something: between paragraphs (a blank line), after a heading, before a list item. So a
line break always ends a sentence, and inside a line a sentence ends at ``.``, ``!`` or
``?`` followed by a space, unless the full stop belongs to an abbreviation
(``data/clean/abbreviations.txt``), a dotted acronym (``U.S.``) or an initial (``H. Kerr``)
that the next word shows to be part of the sentence.

No statistical model: this stage must run at tens of thousands of sentences per second.
Sentence ``start``/``end`` are raw offsets (through ``doc.offsets``), ``clean_start``/
``clean_end`` clean ones, and ``text`` is the clean text of the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geopol.records import Document, Sentence, Skipped

ABBREVIATIONS_FILE = Path(__file__).resolve().parent / "data" / "clean" / "abbreviations.txt"
MAX_SENTENCE_CHARS = 1500  # longer runs (tables, lists without stops) are split

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_CANDIDATE = re.compile(r"(?:\.{2,}|…|[.!?؟]+)[\"'”’»)\]]*(?=\s)|[。！？]")
_LIST_MARKER = re.compile(r"(?:[-*+•·▪◦‣]|\(?\d{1,3}[.)]|\(?[a-z]\))\s+(?=\S)")
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.){1,}[A-Za-z]$")
_SINGLE_INITIAL = re.compile(r"[A-Z]$")
_HAS_WORD = re.compile(r"[^\W_]")

# Capitalised words that usually begin a sentence: after a "weak" abbreviation
# ("... in the U.S. The talks ...") they show that the sentence did end there.
SENTENCE_STARTERS = frozenset(
    [
        "The",
        "A",
        "An",
        "He",
        "She",
        "It",
        "They",
        "We",
        "I",
        "You",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "Here",
        "His",
        "Her",
        "Its",
        "Their",
        "Our",
        "In",
        "On",
        "At",
        "For",
        "But",
        "And",
        "Or",
        "Yet",
        "So",
        "However",
        "Meanwhile",
        "Moreover",
        "Furthermore",
        "Nevertheless",
        "Nonetheless",
        "Although",
        "Though",
        "While",
        "When",
        "Where",
        "After",
        "Before",
        "Since",
        "As",
        "If",
        "Despite",
        "During",
        "Officials",
        "Some",
        "Many",
        "Most",
        "Both",
        "Each",
        "Several",
        "One",
        "Two",
        "Three",
        "Such",
        "Other",
        "Another",
        "What",
        "Why",
        "How",
        "Who",
        "Which",
        "Still",
        "Instead",
        "Also",
        "Then",
        "Thus",
        "Today",
        "Yesterday",
        "Earlier",
        "Later",
        "Last",
        "Next",
        "El",
        "La",
        "Los",
        "Las",
        "Un",
        "Una",
        "En",
        "Por",
        "Sin",
        "Pero",
        "Según",
    ]
)


@dataclass(frozen=True, slots=True)
class Abbreviations:
    title: frozenset[str]
    number: frozenset[str]
    weak: frozenset[str]


@lru_cache(maxsize=1)
def abbreviations() -> Abbreviations:
    sections: dict[str, set[str]] = {"title": set(), "number": set(), "weak": set()}
    current = "weak"
    for line in ABBREVIATIONS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("# [") and line.endswith("]"):
            current = line[3:-1]
            continue
        if line and not line.startswith("#"):
            sections.setdefault(current, set()).add(line)
    return Abbreviations(
        frozenset(sections["title"]), frozenset(sections["number"]), frozenset(sections["weak"])
    )


# --------------------------------------------------------------------------- text level


def split_sentences(text: str) -> list[tuple[int, int, int]]:
    """``(start, end, paragraph)`` of each sentence of a clean text."""
    spans: list[tuple[int, int, int]] = []
    paragraph = 0
    pos = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        if _split_paragraph(text, pos, m.start(), paragraph, spans):
            paragraph += 1
        pos = m.end()
    _split_paragraph(text, pos, len(text), paragraph, spans)
    return spans


def _split_paragraph(
    text: str, start: int, end: int, paragraph: int, spans: list[tuple[int, int, int]]
) -> bool:
    found = False
    line_start = start
    while line_start < end:
        line_end = text.find("\n", line_start, end)
        if line_end < 0:
            line_end = end
        found |= _split_line(text, line_start, line_end, paragraph, spans)
        line_start = line_end + 1
    return found


def _split_line(
    text: str, start: int, end: int, paragraph: int, spans: list[tuple[int, int, int]]
) -> bool:
    line = text[start:end]
    marker = _LIST_MARKER.match(line)
    offset = marker.end() if marker else 0
    found = False
    sentence_start = offset
    for m in _CANDIDATE.finditer(line, offset):
        boundary = m.end()
        if _is_boundary(line, m.start(), boundary):
            found |= _add(text, start + sentence_start, start + boundary, paragraph, spans)
            sentence_start = boundary
    found |= _add(text, start + sentence_start, end, paragraph, spans)
    return found


def _is_boundary(line: str, punct_start: int, punct_end: int) -> bool:
    if punct_end >= len(line):
        return True
    next_start = punct_end
    while next_start < len(line) and line[next_start].isspace():
        next_start += 1
    following = _next_word(line, next_start)
    if not following:
        return True
    first = following[0]
    if first.islower():
        return False
    punct = line[punct_start:punct_end].rstrip("\"'”’»)]")
    if punct != ".":
        return True  # "!", "?", "...", CJK stops
    word = _word_before(line, punct_start)
    return not _abbreviation_holds(word, following)


def _next_word(line: str, pos: int) -> str:
    """The next word, skipping opening quotes and brackets."""
    while pos < len(line) and line[pos] in "\"'“‘«([¿¡":
        pos += 1
    end = pos
    while end < len(line) and not line[end].isspace():
        end += 1
    return line[pos:end].rstrip(".,;:!?\"')]”’»")


def _word_before(line: str, dot: int) -> str:
    start = line.rfind(" ", 0, dot) + 1
    return line[start:dot].lstrip("\"'“‘«([")


def _abbreviation_holds(word: str, following: str) -> bool:
    """The full stop after ``word`` belongs to an abbreviation, given the next word."""
    if not word:
        return False
    abbr = abbreviations()
    next_is_number = following[0].isdigit()
    if word in abbr.title:
        return True
    if word in abbr.number:
        return next_is_number
    weak = (
        word in abbr.weak
        or _DOTTED_ACRONYM.search(word) is not None
        or _SINGLE_INITIAL.fullmatch(word) is not None
    )
    if weak:
        return following not in SENTENCE_STARTERS
    return False


def _add(
    text: str, start: int, end: int, paragraph: int, spans: list[tuple[int, int, int]]
) -> bool:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end or not _HAS_WORD.search(text, start, end):
        return False
    if end - start > MAX_SENTENCE_CHARS:
        for piece_start, piece_end in _split_long(text, start, end):
            spans.append((piece_start, piece_end, paragraph))
        return True
    spans.append((start, end, paragraph))
    return True


def _split_long(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut an over-long run at a semicolon, else a comma, else a space."""
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = -1
        for sep in ("; ", ", ", " "):
            cut = text.rfind(sep, start + MAX_SENTENCE_CHARS // 2, limit)
            if cut > 0:
                cut += len(sep) - 1
                break
        if cut <= start:
            cut = limit
        yield (start, cut)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        yield (start, end)


# --------------------------------------------------------------------------- documents


def segment_document(doc: Document) -> list[Sentence]:
    """The sentences of a cleaned document (cleans it first if that was not done)."""
    if not doc.clean_text and doc.raw_text:
        from geopol.clean import clean_document

        clean_document(doc)
    sentences: list[Sentence] = []
    for index, (clean_start, clean_end, paragraph) in enumerate(split_sentences(doc.clean_text)):
        start, end = doc.offsets.to_raw(clean_start, clean_end)
        sentences.append(
            Sentence(
                doc_id=doc.id,
                index=index,
                start=start,
                end=end,
                text=doc.clean_text[clean_start:clean_end],
                clean_start=clean_start,
                clean_end=clean_end,
                paragraph=paragraph,
            )
        )
    return sentences


def segment_documents(
    docs: Iterable[Document | Skipped],
) -> Iterator[tuple[Document, list[Sentence]] | Skipped]:
    """Batch form: ``(document, sentences)`` per document; skipped items pass through."""
    for doc in docs:
        yield doc if isinstance(doc, Skipped) else (doc, segment_document(doc))
