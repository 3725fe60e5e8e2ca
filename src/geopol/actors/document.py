"""Mentions in documents: sentence offsets mapped to the raw text, and coreference.

``find_mentions`` works on one sentence of a cleaned document and maps every mention back
to the raw text, so ``doc.raw_text[m.start:m.end]`` is what the file really says (OCR
damage and all). ``resolve_document`` runs it over a document's sentences and adds the
document-level links of coref.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from geopol.actors.coref import (
    GENERIC_BODY_NAME,
    Seen,
    link_to_mention,
    links_in_sentence,
    seen_from,
)
from geopol.actors.gazetteer import load_gazetteer
from geopol.actors.recognize import from_sentence_context, mentions_in_text, recognize
from geopol.actors.registry import get_actor
from geopol.records import Actor, Document, Mention, Sentence

if TYPE_CHECKING:
    from geopol.actors.ner import NerHit


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


NerChoice = bool | Callable[[Sentence], bool]


def resolve_document(
    doc: Document, sentences: Sequence[Sentence], *, ner: NerChoice = False
) -> tuple[list[Mention], list[Actor]]:
    """All actor mentions of a document, with coreference, and the actors they name.

    ``ner`` runs spaCy NER for names the gazetteer lacks: ``True`` on every sentence, or a
    predicate choosing the sentences worth it (those with an event cue, say).
    """
    when = _when(doc, None)
    mentions: list[Mention] = []
    seen: list[Seen] = []
    ner_by_sentence = _ner_hits(sentences, ner)
    for position, sentence in enumerate(sentences):
        local = recognize(sentence.text, when=when, ner_hits=ner_by_sentence.get(position))
        # "The Ministry of Foreign Affairs" is no organisation of its own: coreference decides
        # whose ministry it is.
        local = [m for m in local if not _generic_body(m)]
        # A bare demonym inside a phrase ("the Somali militant group") may be overwritten, and
        # so may a body given the sentence's state ("the military"): the document knows better.
        taken = [
            (m.start, m.end) for m in local if not _bare_demonym(m) and not from_sentence_context(m)
        ]
        # Antecedents may sit earlier in the same sentence ("Ghani fled the country").
        context = seen + seen_from(local, sentence.index, sentence.clean_start, sentence.text)
        links = links_in_sentence(
            sentence.text, sentence.index, sentence.clean_start, taken, context, when
        )
        linked = [link_to_mention(sentence.text, link, when) for link in links]
        local = [m for m in local if not _inside_any(m, linked)] + linked
        local.sort(key=lambda m: (m.start, m.end))
        seen += seen_from(local, sentence.index, sentence.clean_start, sentence.text)
        mentions += [_to_document(doc, sentence, m) for m in local]
    _unify_new_persons(mentions)
    return mentions, actors_of(mentions)


def _ner_hits(sentences: Sequence[Sentence], ner: NerChoice) -> dict[int, list[NerHit]]:
    if ner is False:
        return {}
    chosen = [i for i, s in enumerate(sentences) if ner is True or (callable(ner) and ner(s))]
    if not chosen:
        return {}
    from geopol.actors.ner import ner_hits_batch  # spaCy loads only when NER is asked for

    hits = ner_hits_batch([sentences[i].text for i in chosen])
    return dict(zip(chosen, hits, strict=True))


def _unify_new_persons(mentions: list[Mention]) -> None:
    """Within a document, "al-Tamimi" after "Walid Khalifa al-Tamimi" is the same person.

    Only persons the gazetteer lacks (titled names, NER) are merged, and only when exactly
    one longer name in the document ends with the shorter one.
    """
    gaz = load_gazetteer()
    new_persons: dict[str, list[str]] = {}
    for m in mentions:
        actor = get_actor(m.actor_id)
        if actor is not None and actor.type == "person" and m.actor_id not in gaz.actors:
            new_persons.setdefault(m.actor_id, actor.name.lower().split())
    for short_id, short in new_persons.items():
        longer = [i for i, words in new_persons.items()
                  if len(words) > len(short) and words[-len(short):] == short]  # fmt: skip
        if len(longer) == 1:
            for m in mentions:
                if m.actor_id == short_id:
                    m.actor_id = longer[0]


def _generic_body(mention: Mention) -> bool:
    return mention.resolution == "ner" and bool(GENERIC_BODY_NAME.match(mention.text))


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
    items: Iterable[tuple[Document, Sequence[Sentence]]], *, ner: NerChoice = False
) -> Iterator[tuple[list[Mention], list[Actor]]]:
    """Batch form of ``resolve_document`` over (document, sentences) pairs."""
    for doc, sentences in items:
        yield resolve_document(doc, sentences, ner=ner)
