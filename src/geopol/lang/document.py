"""Document-level forms of the Arabic/Spanish stages, as the pipeline calls them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from geopol.actors.document import actors_of
from geopol.lang.coder import code_sentence
from geopol.lang.mentions import mentions_in_text
from geopol.records import Actor, Document, Event, Mention, Sentence


def find_mentions(doc: Document, sentence: Sentence, language: str) -> list[Mention]:
    """Mentions of one sentence with clean offsets into the document and raw offsets."""
    found = []
    for m in mentions_in_text(sentence.text, language):
        clean_start = sentence.clean_start + m.clean_start
        clean_end = sentence.clean_start + m.clean_end
        start, end = doc.raw_span(clean_start, clean_end)
        found.append(
            replace(
                m, start=start, end=end, clean_start=clean_start, clean_end=clean_end,
                doc_id=doc.id, sentence_index=sentence.index, text=doc.raw_text[start:end],
            )
        )  # fmt: skip
    return found


def resolve_document(
    doc: Document, sentences: Sequence[Sentence], language: str
) -> tuple[list[Mention], list[Actor]]:
    mentions = [m for s in sentences for m in find_mentions(doc, s, language)]
    return mentions, actors_of(mentions)


def code_document(
    doc: Document, sentences: Sequence[Sentence], mentions: Sequence[Mention], language: str
) -> list[Event]:
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence_index, []).append(m)
    return [
        event
        for s in sentences
        for event in code_sentence(s, by_sentence.get(s.index, []), language, doc=doc)
    ]
