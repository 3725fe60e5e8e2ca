"""The stage order and the in-process batch runner.

`process_document` runs every stage on one document; `process_documents` is its batch
form over an iterator. The Dask runner (`geopol.scale`) maps the same batch form over
partitions, so there is one code path whatever the scale.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Protocol, TypeVar

from geopol import actors as actor_stage
from geopol import clean as clean_stage
from geopol import dates as date_stage
from geopol import events as event_stage
from geopol import relations as relation_stage
from geopol import segment as segment_stage
from geopol.errors import DuplicateDocument, GeopolError, ProcessingError
from geopol.events.lexicon import generic_agents
from geopol.events.parse import parse_texts
from geopol.events.sentence import ShallowCoding
from geopol.events.tokens import words
from geopol.ingest import dedup
from geopol.lang import document as lang_stage
from geopol.lang.text import LANGUAGES as OTHER_LANGUAGES
from geopol.records import (
    UNKNOWN_ACTOR,
    UNKNOWN_ACTOR_ID,
    Actor,
    Document,
    Event,
    Mention,
    Processed,
    Sentence,
    Skipped,
)
from geopol.settings import Settings, get_settings

Result = Processed | Skipped
T = TypeVar("T")


def code_document_events(
    doc: Document,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    *,
    prefilter: bool = True,
) -> list[Event]:
    """Code every sentence; the coder's own cheap prefilter skips those with no event cue.

    With ``prefilter``, a sentence with no actor mention and no generic agent word
    ("police", "the government") is not coded either: the coder keeps only events with
    someone taking part, so it could find none there. The batch form parses the sentences
    whose roles need a parse together (one spaCy call per document instead of one per
    sentence).
    """
    items = _sentences_to_code(sentences, mentions, prefilter=prefilter)
    return [e for events in event_stage.code_sentences(items, document=doc) for e in events]


def prepare_document_events(
    doc: Document,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    *,
    prefilter: bool = True,
) -> ShallowCoding:
    """`code_document_events` up to the role parses: its `events(parses)`, given the
    parses of its `texts_to_parse()`, gives the same events. Holds every sentence's
    analysis at once, so it is for documents of bounded size (`GROUP_CHARS`)."""
    return ShallowCoding.of(_sentences_to_code(sentences, mentions, prefilter=prefilter), doc)


def _sentences_to_code(
    sentences: Sequence[Sentence], mentions: Sequence[Mention], *, prefilter: bool
) -> Iterator[tuple[Sentence, list[Mention]]]:
    """Each sentence with its own mentions; with ``prefilter``, only those
    `may_have_actor` lets through."""
    by_sentence: dict[int, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_sentence[m.sentence_index].append(m)
    items = ((sentence, by_sentence.get(sentence.index, [])) for sentence in sentences)
    if prefilter:
        items = (item for item in items if may_have_actor(*item))
    return items


def may_have_actor(sentence: Sentence, mentions: Sequence[Mention]) -> bool:
    """Whether a sentence can hold an event with someone in it: an actor mention, or a
    generic agent word the coder counts as a participant."""
    if mentions:
        return True
    agents = generic_agents()
    return any(word in agents for word in words(sentence.text))


def process_document(doc: Document, settings: Settings | None = None) -> Result:
    """Run clean → segment → actors → events → dates → relations on one document.

    English documents go through the English actor and event stages; Arabic and Spanish
    ones through `geopol.lang`, which resolves to the same actor ids and event codes.
    """
    return _guarded(doc, lambda: _analyse(clean_stage.clean_document(doc), settings))


def process_clean_document(
    doc: Document, settings: Settings | None = None, *, signature: dedup.Signature | None = None
) -> Result:
    """`process_document` for a document `clean_document` has already cleaned.

    `signature` is its near-duplicate signature when the caller computed it already.
    """
    return _guarded(doc, lambda: _analyse(doc, settings, signature))


def _guarded(doc: Document, work: Callable[[], T]) -> T | Skipped:
    """Turn a stage failure into a `Skipped` so the batch goes on."""
    try:
        return work()
    except GeopolError as exc:
        return exc.skipped(doc.source)
    except Exception as exc:  # a bug in a stage must not stop the batch
        error = ProcessingError(f"internal error while processing: {type(exc).__name__}: {exc}")
        return error.skipped(doc.source)


def _analyse(
    doc: Document, settings: Settings | None, signature: dedup.Signature | None = None
) -> Processed:
    settings = settings or get_settings()
    sentences = segment_stage.segment_document(doc)
    if doc.language in OTHER_LANGUAGES:
        mentions, actors = lang_stage.resolve_document(doc, sentences, doc.language)
        events = lang_stage.code_document(doc, sentences, mentions, doc.language)
    else:
        mentions, actors = actor_stage.resolve_document(
            doc, sentences, ner=_ner_predicate(settings)
        )
        events = code_document_events(doc, sentences, mentions, prefilter=settings.prefilter)
    return _finish(doc, sentences, mentions, actors, events, signature)


def _finish(
    doc: Document,
    sentences: list[Sentence],
    mentions: list[Mention],
    actors: list[Actor],
    events: list[Event],
    signature: dedup.Signature | None,
) -> Processed:
    """The stages after the events: dates, relations, the record."""
    events = date_stage.date_document_events(doc, sentences, events)
    relations = relation_stage.extract_relations(doc, sentences, mentions, events, actors=actors)
    relations = date_stage.date_relations(doc, sentences, relations)
    needs_unknown = any(_uses_unknown(e) for e in events) or any(
        UNKNOWN_ACTOR_ID in (r.source, r.target) for r in relations
    )
    if needs_unknown and all(a.id != UNKNOWN_ACTOR_ID for a in actors):
        actors = [*actors, UNKNOWN_ACTOR]
    return Processed(
        doc, sentences, mentions, actors, events, relations,
        fingerprint=dedup.fingerprint_text(doc.clean_text),
        signature=(signature or dedup.signature(doc.clean_text)).to_dict(),
    )  # fmt: skip


def _ner_predicate(settings: Settings) -> Callable[[Sentence], bool] | bool:
    """Statistical NER is costly: with the prefilter on, run it only where an event may be."""
    if not settings.use_ner:
        return False
    if not settings.prefilter:
        return True
    return lambda sentence: event_stage.has_event_cue(sentence.text)


# A group of documents processed together (their role parses in one spaCy call, which
# costs less a sentence than a call per document): at most this many documents, ...
GROUP_DOCUMENTS = 16
# ... and this many characters of clean text. A longer document is processed alone, its
# parses made 64 sentences at a time, so what is held at once stays bounded.
GROUP_CHARS = 100_000
PARSE_BATCH = 256


@dataclass(slots=True)
class _Begun:
    """A document through the actor stage, its events coded up to the role parses."""

    doc: Document
    signature: dedup.Signature | None
    sentences: list[Sentence]
    mentions: list[Mention]
    actors: list[Actor]
    coding: ShallowCoding | None = None  # English
    events: list[Event] = field(default_factory=list)  # other languages: coded already

    def texts_to_parse(self) -> list[str]:
        return self.coding.texts_to_parse() if self.coding is not None else []


def _begin(doc: Document, settings: Settings, signature: dedup.Signature | None) -> _Begun:
    sentences = segment_stage.segment_document(doc)
    if doc.language in OTHER_LANGUAGES:
        mentions, actors = lang_stage.resolve_document(doc, sentences, doc.language)
        events = lang_stage.code_document(doc, sentences, mentions, doc.language)
        return _Begun(doc, signature, sentences, mentions, actors, events=events)
    mentions, actors = actor_stage.resolve_document(doc, sentences, ner=_ner_predicate(settings))
    coding = prepare_document_events(doc, sentences, mentions, prefilter=settings.prefilter)
    return _Begun(doc, signature, sentences, mentions, actors, coding=coding)


def _end(begun: _Begun, parses: Sequence[Any | None] | None) -> Processed:
    """The rest of the stages, given the parses of `begun.texts_to_parse()` (None: parse
    them here)."""
    events = begun.events
    if begun.coding is not None:
        if parses is None:
            parses = parse_texts(begun.texts_to_parse())
        events = [e for found in begun.coding.events(parses) for e in found]
    doc = begun.doc
    return _finish(doc, begun.sentences, begun.mentions, begun.actors, events, begun.signature)


def process_clean_group(
    items: Sequence[tuple[Document, dedup.Signature | None]], settings: Settings | None = None
) -> list[Result]:
    """`process_clean_document` on each (document, signature) pair, in order, with the
    role parses of all of them made in one spaCy call. The results are the same."""
    settings = settings or get_settings()
    started: list[_Begun | Skipped | None] = []  # None: too long for a group, done alone
    for doc, signature in items:
        if len(doc.clean_text or "") > GROUP_CHARS:
            started.append(None)
        else:
            started.append(_guarded(doc, partial(_begin, doc, settings, signature)))
    begun = [b for b in started if isinstance(b, _Begun)]
    parses: Iterator[Any | None] | None
    try:
        parses = iter(parse_texts([t for b in begun for t in b.texts_to_parse()], PARSE_BATCH))
    except Exception:  # each document parses its own sentences: a failure stays with it
        parses = None
    results: list[Result] = []
    for (doc, signature), state in zip(items, started, strict=True):
        if state is None:
            results.append(process_clean_document(doc, settings, signature=signature))
        elif isinstance(state, Skipped):
            results.append(state)
        else:
            own = None if parses is None else [next(parses) for _ in state.texts_to_parse()]
            results.append(_guarded(doc, partial(_end, state, own)))
    return results


def process_group(docs: Sequence[Document], settings: Settings | None = None) -> list[Result]:
    """`process_document` on each document, in order, their role parses made together."""
    cleaned = [_guarded(doc, partial(clean_stage.clean_document, doc)) for doc in docs]
    ready = [(c, None) for c in cleaned if isinstance(c, Document)]
    processed = iter(process_clean_group(ready, settings))
    return [c if isinstance(c, Skipped) else next(processed) for c in cleaned]


def _uses_unknown(event: Event) -> bool:
    return any(
        m is not None and m.actor_id == UNKNOWN_ACTOR_ID for m in (event.source, event.target)
    )


def process_documents(
    docs: Iterable[Document | Skipped], settings: Settings | None = None
) -> Iterator[Result]:
    settings = settings or get_settings()
    for doc in docs:
        yield doc if isinstance(doc, Skipped) else process_document(doc, settings)


def process_text(text: str, source: str = "<text>", *, date: str | None = None) -> Processed:
    """Convenience for Python users: run the whole pipeline on a string."""
    from geopol.ingest import detect_language
    from geopol.records import OffsetMap, content_id

    language = detect_language(text, default="en")
    doc = Document(
        id=content_id(text), source=source, raw_text=text, published=date, language=language
    )
    doc.offsets = OffsetMap.identity(len(text))
    result = process_document(doc)
    if isinstance(result, Skipped):
        raise ProcessingError(result.reason, source=source)
    return result


@dataclass(slots=True)
class IngestSummary:
    ingested: int = 0
    duplicates: int = 0
    failed: list[Skipped] = field(default_factory=list)
    sentences: int = 0
    events: int = 0
    relations: int = 0
    seconds: float = 0.0


class _Writer(Protocol):
    """Where processed documents go: anything with `has_document` and `write`."""

    def has_document(self, doc_id: str) -> bool: ...

    def write(self, processed: Processed) -> bool: ...

    def signatures(self) -> Iterator[tuple[str, str | None, dict[str, Any]]]: ...

    def source_of(self, doc_id: str) -> str | None: ...


def ingest_paths(
    paths: Iterable[str | Path],
    store: _Writer,
    *,
    date: str | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    settings: Settings | None = None,
    on_result: Callable[[Result], None] | None = None,
) -> IngestSummary:
    """Read, process and store files; already stored documents are skipped before any work."""
    from geopol import ingest as ingest_stage

    settings = settings or get_settings()
    summary = IngestSummary()
    started = time.perf_counter()
    index = _near_duplicate_index(store)
    docs = ingest_stage.read_paths(
        [Path(p) for p in paths], include=include, exclude=exclude, date=date
    )
    writer = _BatchWriter(store, summary, size=settings.batch_size)

    def emit(result: Result) -> None:
        _record(result, writer, summary)
        if isinstance(result, Processed) and result.signature is not None:
            index.add_signature(
                result.document.id,
                dedup.Signature.from_dict(result.signature),
                result.fingerprint,
            )
        if on_result:
            on_result(result)

    group = _Group(writer, summary, index, settings, emit)
    try:
        for item in docs:
            group.add(item)
        group.flush()
    finally:
        writer.flush()  # whole documents only: what was processed is kept
    summary.seconds = time.perf_counter() - started
    return summary


class _BatchWriter:
    """Holds processed documents and stores them `size` at a time.

    A store write has a fixed cost (a transaction and one insert per table) that was
    most of an in-process ingest's time when paid per document. Documents held here
    count as stored for the duplicate checks, so the results are those of one write
    per document. Held documents are also written once the oldest has waited
    `max_seconds`, so a slow ingest (large files) killed midway loses little work.
    """

    def __init__(
        self, store: _Writer, summary: IngestSummary, size: int = 64, max_seconds: float = 2.0
    ) -> None:
        self.store, self.summary = store, summary
        self.size, self.max_seconds = max(1, size), max_seconds
        self.pending: dict[str, Processed] = {}
        self.oldest = 0.0

    def has_document(self, doc_id: str) -> bool:
        return doc_id in self.pending or self.store.has_document(doc_id)

    def write(self, processed: Processed) -> bool:
        # `_skip_stored` asked the store already; the store's own check stays in write_many
        if processed.document.id in self.pending:
            return False
        if not self.pending:
            self.oldest = time.monotonic()
        self.pending[processed.document.id] = processed
        waited = time.monotonic() - self.oldest
        if len(self.pending) >= self.size or waited >= self.max_seconds:
            self.flush()
        return True

    def flush(self) -> None:
        batch, self.pending = list(self.pending.values()), {}
        write_many = getattr(self.store, "write_many", None)
        if write_many is None:
            for p in batch:
                self.store.write(p)
        elif batch:
            write_many(batch)

    def signatures(self) -> Iterator[tuple[str, str | None, dict[str, Any]]]:
        return self.store.signatures()

    def source_of(self, doc_id: str) -> str | None:
        held = self.pending.get(doc_id)
        return held.document.source if held is not None else self.store.source_of(doc_id)


def _near_duplicate_index(store: _Writer) -> dedup.NearDuplicateIndex:
    index = dedup.NearDuplicateIndex()
    for doc_id, exact, data in store.signatures():
        index.add_signature(doc_id, dedup.Signature.from_dict(data), exact)
    return index


class _Group:
    """The documents of an ingest waiting to be processed together (`process_clean_group`),
    and the results of the items read between them, handed to `emit` in input order.

    Every check is made as if each document before it had been processed and stored
    already: a document with the id of one in the group, or a near-duplicate of one,
    has the group processed first, then is checked against the store and index.
    """

    def __init__(
        self,
        writer: _BatchWriter,
        summary: IngestSummary,
        index: dedup.NearDuplicateIndex,
        settings: Settings,
        emit: Callable[[Result], None],
    ) -> None:
        self.writer, self.summary, self.index = writer, summary, index
        self.settings, self.emit = settings, emit
        self._reset()

    def _reset(self) -> None:
        # a result, or a cleaned document (with its signature) waiting to be processed
        self.slots: list[Result | tuple[Document, dedup.Signature]] = []
        self.ids: set[str] = set()
        self.twins = dedup.NearDuplicateIndex()  # the waiting documents only
        self.chars = 0

    def add(self, item: Document | Skipped) -> None:
        if isinstance(item, Skipped):
            return self._done(item)
        if item.id in self.ids:
            self.flush()
        if self.writer.has_document(item.id):
            self.summary.duplicates += 1  # stored already: skipped before any work
            return None
        cleaned = _guarded(item, partial(clean_stage.clean_document, item))
        if isinstance(cleaned, Skipped):
            return self._done(cleaned)
        # One signature serves both the duplicate check and the stored record.
        signature = dedup.signature(cleaned.clean_text)
        exact = dedup.fingerprint_text(cleaned.clean_text)
        if cleaned.clean_text.strip():
            if self.twins.query_signature(signature, exact) is not None:
                self.flush()
            twin = self.index.query_signature(signature, exact)
            if twin is not None:
                repeated = self.writer.source_of(twin) or twin
                error = DuplicateDocument(f"near-duplicate of {repeated}; not stored again")
                return self._done(error.skipped(cleaned.source))
        self.slots.append((cleaned, signature))
        self.ids.add(cleaned.id)
        self.twins.add_signature(cleaned.id, signature, exact)
        self.chars += len(cleaned.clean_text)
        if len(self.ids) >= GROUP_DOCUMENTS or self.chars >= GROUP_CHARS:
            self.flush()
        return None

    def _done(self, result: Result) -> None:
        if self.slots:
            self.slots.append(result)
        else:
            self.emit(result)

    def flush(self) -> None:
        slots = self.slots
        self._reset()
        waiting = [slot for slot in slots if isinstance(slot, tuple)]
        processed = iter(process_clean_group(waiting, self.settings))
        for slot in slots:
            self.emit(next(processed) if isinstance(slot, tuple) else slot)


def _record(result: Result, store: _Writer, summary: IngestSummary) -> None:
    if isinstance(result, Skipped):
        if result.code == DuplicateDocument.code:
            summary.duplicates += 1
        else:
            summary.failed.append(result)
        return
    if store.write(result):
        summary.ingested += 1
        summary.sentences += len(result.sentences)
        summary.events += len(result.events)
        summary.relations += len(result.relations)
    else:
        summary.duplicates += 1
