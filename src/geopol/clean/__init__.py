"""Cleaning: the text the engine reads, with every character mapped back to the original.

``clean_text(raw)`` runs the named steps of :mod:`geopol.clean.steps` in order and returns
the clean text with its :class:`~geopol.records.OffsetMap` (clean → raw).
``clean_document(doc)`` fills ``doc.clean_text`` and ``doc.offsets`` (and a title when
the reader found none); ``clean_documents`` is the batch form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from geopol.clean.offsets import Edit, OffsetMapBuilder
from geopol.clean.steps import STEPS, Step
from geopol.clean.vocabulary import register_names
from geopol.records import Document, OffsetMap, Skipped

__all__ = [
    "STEPS",
    "Edit",
    "OffsetMapBuilder",
    "Step",
    "clean_document",
    "clean_documents",
    "clean_report",
    "clean_text",
    "guess_title",
    "register_names",
]


def clean_text(
    raw: str, steps: Sequence[Step] = STEPS, *, language: str | None = None
) -> tuple[str, OffsetMap]:
    """The clean text of ``raw`` and its clean → raw offset map.

    ``language`` (ISO 639-1) selects the language-specific steps, such as the OCR repair
    against an English vocabulary; it is detected from ``raw`` when not given.
    """
    if language is None:
        from geopol.ingest.language import detect_language

        language = detect_language(raw, default="en")
    builder = OffsetMapBuilder(raw)
    for step in steps:
        if step.applies_to(language):
            builder.apply(step.run(builder.text))
    return builder.text, builder.offset_map()


def clean_document(doc: Document) -> Document:
    """Fill ``clean_text`` and ``offsets`` (and ``title`` if the reader found none)."""
    doc.clean_text, doc.offsets = clean_text(doc.raw_text, language=doc.language or None)
    if doc.title is None:
        doc.title = guess_title(doc.clean_text)
    return doc


def clean_documents(docs: Iterable[Document | Skipped]) -> Iterator[Document | Skipped]:
    for doc in docs:
        yield doc if isinstance(doc, Skipped) else clean_document(doc)


_SENTENCE_END = re.compile(r"[.!]$")


def guess_title(clean: str, max_chars: int = 200) -> str | None:
    """The first line of a plain text when it stands alone and reads like a heading."""
    for paragraph in clean.split("\n\n", 3)[:3]:
        lines = paragraph.split("\n")
        line = lines[0].strip()
        if len(lines) > 1 and len(lines[1]) > len(line) * 3:
            return None  # the first line introduces a paragraph: not a title
        if len(line.split()) < 3:
            continue  # a section label ("Publication", "Military") rather than a title
        if len(line) <= max_chars and not _SENTENCE_END.search(line):
            return line
        return None
    return None


def clean_report(doc: Document) -> dict[str, Any]:
    """What ``geopol clean FILE --json`` prints: the clean text and how it maps back."""
    if not doc.clean_text and doc.raw_text:
        clean_document(doc)
    return {
        "id": doc.id,
        "source": doc.source,
        "title": doc.title,
        "published": doc.published,
        "language": doc.language,
        "base_offset": doc.base_offset,
        "warnings": list(doc.warnings),
        "raw_length": len(doc.raw_text),
        "clean_text": doc.clean_text,
        "offsets": doc.offsets.to_dict(),
        "dropped": [
            {"start": start, "end": end, "text": doc.raw_text[start:end]}
            for start, end in dropped_spans(doc.raw_text, doc.offsets)
        ],
    }


def dropped_spans(raw: str, offsets: OffsetMap) -> list[tuple[int, int]]:
    """Raw spans that no clean character comes from and that hold more than whitespace
    or markup: what cleaning threw away (menus, banners, OCR debris)."""
    covered = sorted(
        (start, end) for start, end in zip(offsets.raw_starts, offsets.raw_ends, strict=True)
    )
    spans: list[tuple[int, int]] = []
    position = 0
    for start, end in [*covered, (len(raw), len(raw))]:
        if start > position and any(c.isalnum() for c in raw[position:start]):
            spans.append(_trim(raw, position, start))
        position = max(position, end)
    return spans


def _trim(raw: str, start: int, end: int) -> tuple[int, int]:
    while start < end and raw[start].isspace():
        start += 1
    while end > start and raw[end - 1].isspace():
        end -= 1
    return (start, end)
