"""Mentions in documents: sentence offsets mapped to the raw text, and coreference.

``find_mentions`` works on one sentence of a cleaned document and maps every mention back
to the raw text, so ``doc.raw_text[m.start:m.end]`` is what the file really says (OCR
damage and all). ``resolve_document`` runs it over a document's sentences and adds the
document-level links of coref.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from geopol.actors.coref import Seen, link_to_mention, links_in_sentence, seen_from
from geopol.actors.recognize import mentions_in_text
from geopol.actors.registry import get_actor
from geopol.records import Actor, Document, Mention, Sentence


def _when(doc: Document, when: str | None) -> str | None:
    return when or doc.published or None


def _to_document(doc: Document, sentence: Sentence, mention: Mention) -> Mention:
    """Re-anchor a sentence-relative mention in the document (clean and raw offsets)."""
    clean_start = sentence.clean_start + mention.clean_start
    clean_end = sentence.clean_start + mention.clean_end
    if doc.offsets.clean_starts:
        start, end = doc.raw_span(clean_start, clean_end)
    else:  # no clean step ran: raw and clean are the same text
        start, end = sentence.start + mention.start, sentence.start + mention.end
    text = doc.raw_text[start:end] if doc.raw_text else mention.text
    mention.text = text
    mention.start, mention.end = start, end
    mention.clean_start, mention.clean_end = clean_start, clean_end
    mention.doc_id = doc.id
    mention.sentence_index = sentence.index
    return mention


def find_mentions(
    doc: Document, sentence: Sentence, *, when: str | None = None, ner: bool = False
) -> list[Mention]:
    """Actor mentions in one sentence of ``doc``, anchored in its raw text.

    ``when`` defaults to the document's publication date; ``ner`` adds names the
    gazetteer lacks (slow: run it on sentences that matter).
    """
    mentions = mentions_in_text(sentence.text, when=_when(doc, when), ner=ner)
    return [_to_document(doc, sentence, m) for m in mentions]


def resolve_document(
    doc: Document, sentences: Sequence[Sentence], *, ner: bool = False
) -> tuple[list[Mention], list[Actor]]:
    """All actor mentions of a document, with coreference, and the actors they name."""
    when = _when(doc, None)
    mentions: list[Mention] = []
    seen: list[Seen] = []
    for sentence in sentences:
        local = mentions_in_text(sentence.text, when=when, ner=ner)
        # A bare demonym inside a phrase ("the Somali militant group") may be overwritten.
        taken = [(m.start, m.end) for m in local if not _bare_demonym(m)]
        # Antecedents may sit earlier in the same sentence ("Ghani fled the country").
        context = seen + seen_from(local, sentence.index, sentence.clean_start)
        links = links_in_sentence(
            sentence.text, sentence.index, sentence.clean_start, taken, context, when
        )
        linked = [link_to_mention(sentence.text, link, when) for link in links]
        local = [m for m in local if not _inside_any(m, linked)] + linked
        local.sort(key=lambda m: (m.start, m.end))
        seen += seen_from(local, sentence.index, sentence.clean_start)
        mentions += [_to_document(doc, sentence, m) for m in local]
    return mentions, actors_of(mentions)


def _bare_demonym(mention: Mention) -> bool:
    return mention.resolution == "demonym" and mention.cameo == mention.actor_id


def _inside_any(mention: Mention, links: list[Mention]) -> bool:
    return any(link.start <= mention.start and mention.end <= link.end for link in links)


def actors_of(mentions: Iterable[Mention]) -> list[Actor]:
    """The distinct actors named by ``mentions``, in order of first mention."""
    actors: dict[str, Actor] = {}
    for mention in mentions:
        if mention.actor_id not in actors:
            actor = get_actor(mention.actor_id)
            if actor is not None:
                actors[mention.actor_id] = actor
    return list(actors.values())


def resolve_documents(
    items: Iterable[tuple[Document, Sequence[Sentence]]], *, ner: bool = False
) -> Iterator[tuple[list[Mention], list[Actor]]]:
    """Batch form of ``resolve_document`` over (document, sentences) pairs."""
    for doc, sentences in items:
        yield resolve_document(doc, sentences, ner=ner)
