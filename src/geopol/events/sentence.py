"""Records in, records out: the stage functions around the coder."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from geopol.events import codes
from geopol.events.coder import CodedEvent, finish, prepare, roles_ambiguous
from geopol.events.lexicon import default_lexicon
from geopol.events.parse import parse_text, parse_texts
from geopol.events.tokens import words
from geopol.records import Document, Event, Evidence, Mention, Sentence, content_id

EXTRACTOR = "geopol.events.lexicon/0.1"


def has_event_cue(text: str) -> bool:
    """Whether the text holds any trigger word of the lexicon (if not, it codes no event).

    A set lookup per word: cheap enough to run on every sentence before the actor and
    event stages.
    """
    cues = default_lexicon().cue_forms
    return any(word in cues for word in words(text))


def _relative_offset(sentence: Sentence, mention: Mention) -> int | None:
    """Where the mention starts in ``sentence.text`` (mentions carry raw and clean offsets)."""
    text = sentence.text
    size = len(mention.text)
    candidates = []
    if mention.clean_end > mention.clean_start:
        candidates.append(mention.clean_start - sentence.clean_start)
    candidates.append(mention.start - sentence.start)
    for rel in candidates:
        if rel >= 0 and text[rel : rel + size] == mention.text:
            return rel
    # offsets disagree (cleaning changed the text): find the surface nearest the raw offset
    found = [i for i in _occurrences(text, mention.text)]
    if not found:
        return None
    guess = candidates[-1]
    return min(found, key=lambda i: abs(i - guess))


def _occurrences(text: str, needle: str) -> Iterator[int]:
    if not needle:
        return
    start = text.find(needle)
    while start >= 0:
        yield start
        start = text.find(needle, start + 1)


def place_mentions(
    sentence: Sentence, mentions: Iterable[Mention]
) -> list[tuple[int, int, Mention]]:
    placed = []
    for mention in mentions:
        rel = _relative_offset(sentence, mention)
        if rel is not None:
            placed.append((rel, rel + len(mention.text), mention))
    return placed


def _raw_span(
    sentence: Sentence, start: int, end: int, document: Document | None
) -> tuple[int, int]:
    """Raw-text offsets of a span given in ``sentence.text`` offsets."""
    if document is not None and document.offsets.clean_starts:
        return document.raw_span(sentence.clean_start + start, sentence.clean_start + end)
    raw_start = min(sentence.start + start, sentence.end)
    return raw_start, min(sentence.start + end, sentence.end)


def _evidence(sentence: Sentence, start: int, end: int, document: Document | None) -> Evidence:
    raw_start, raw_end = _raw_span(sentence, start, end, document)
    if document is not None and document.raw_text:
        return Evidence(document.raw_text[raw_start:raw_end], raw_start, raw_end)
    return Evidence(sentence.text[start:end], raw_start, raw_end)


def _to_event(sentence: Sentence, coded: CodedEvent, document: Document | None) -> Event:
    trigger = _evidence(sentence, coded.trigger_start, coded.trigger_end, document)
    if document is not None and document.raw_text:
        evidence = Evidence(
            document.raw_text[sentence.start : sentence.end], sentence.start, sentence.end
        )
    else:
        evidence = Evidence(sentence.text, sentence.start, sentence.end)
    source = coded.source.mention if coded.source is not None else None
    target = coded.target.mention if coded.target is not None else None
    key = "|".join(
        [
            sentence.doc_id,
            str(sentence.index),
            str(trigger.start),
            coded.code,
            source.actor_id if source else "",
            target.actor_id if target else "",
        ]
    )
    return Event(
        id=content_id(key),
        doc_id=sentence.doc_id,
        sentence_index=sentence.index,
        cameo=coded.code,
        plover=codes.plover_type(coded.code),
        quad_class=codes.quad_class(coded.code),
        goldstein=codes.goldstein(coded.code),
        polarity=codes.polarity(coded.code),
        modality=coded.modality,
        source=source,
        target=target,
        trigger=trigger,
        evidence=evidence,
        confidence=coded.confidence,
        extractor=EXTRACTOR,
        inferred_roles=list(coded.inferred_roles),
    )


def code_sentence(
    sentence: Sentence,
    mentions: Sequence[Mention],
    *,
    document: Document | None = None,
    parse: Any | None = None,
) -> list[Event]:
    """The events of one sentence, given the actor mentions found in it.

    Pass the ``document`` to get exact raw offsets when cleaning changed the text; without
    it, offsets are ``sentence.start`` plus the offset in ``sentence.text``. A sentence whose
    roles word order leaves open is parsed (``geopol.events.parse``) unless ``parse`` brings
    the parse already; ``code_sentences`` parses in batches, which is faster.
    """
    if not has_event_cue(sentence.text):
        return []
    analysis = prepare(sentence.text, place_mentions(sentence, mentions))
    if analysis is None:
        return []
    coded = finish(analysis, parse=parse)
    if parse is None and roles_ambiguous(coded):
        parse = parse_text(sentence.text)
        if parse is not None:
            coded = finish(analysis, parse=parse)
    return [_to_event(sentence, c, document) for c in coded]


def code_sentences(
    items: Iterable[tuple[Sentence, Sequence[Mention]]],
    *,
    document: Document | None = None,
    batch_size: int = 64,
) -> Iterator[list[Event]]:
    """Batch form: one list of events per (sentence, mentions) pair, in order. The sentences
    that need a parse are parsed together, from ``batch_size`` pairs at a time."""
    chunk: list[tuple[Sentence, list[tuple[int, int, Mention]] | None]] = []
    for sentence, mentions in items:
        chunk.append(_placed(sentence, mentions))
        if len(chunk) >= batch_size:
            yield from _code_chunk(chunk, document)
            chunk = []
    yield from _code_chunk(chunk, document)


def _code_chunk(
    chunk: list[tuple[Sentence, list[tuple[int, int, Mention]] | None]],
    document: Document | None,
) -> Iterator[list[Event]]:
    batch = ShallowCoding(chunk, document)
    yield from batch.events(parse_texts(batch.texts_to_parse()))


class ShallowCoding:
    """Sentences coded by the shallow rules, waiting for the parses of those whose roles
    word order leaves open.

    Each sentence is read once; those that need a parse are finished again with it.
    Callers holding several of these (the pipeline, over a group of documents) parse all
    their sentences in one spaCy call, which costs less a sentence than small calls.
    """

    def __init__(
        self,
        chunk: list[tuple[Sentence, list[tuple[int, int, Mention]] | None]],
        document: Document | None,
    ) -> None:
        self.chunk, self.document = chunk, document
        # None: no event cue, nothing to code
        self.analyses = [None if placed is None else prepare(s.text, placed) for s, placed in chunk]
        self.coded = [[] if a is None else finish(a) for a in self.analyses]
        self.unclear = [i for i, coded in enumerate(self.coded) if roles_ambiguous(coded)]

    @classmethod
    def of(
        cls, items: Iterable[tuple[Sentence, Sequence[Mention]]], document: Document | None
    ) -> ShallowCoding:
        """The shallow coding of (sentence, mentions) pairs."""
        return cls([_placed(sentence, mentions) for sentence, mentions in items], document)

    def texts_to_parse(self) -> list[str]:
        return [self.chunk[i][0].text for i in self.unclear]

    def events(self, parses: Sequence[Any | None]) -> list[list[Event]]:
        """One list of events per sentence, given the parses of `texts_to_parse()`."""
        coded = list(self.coded)
        for i, parse in zip(self.unclear, parses, strict=True):
            analysis = self.analyses[i]
            if parse is not None and analysis is not None:
                coded[i] = finish(analysis, parse=parse)
        return [
            [_to_event(sentence, c, self.document) for c in events]
            for (sentence, _), events in zip(self.chunk, coded, strict=True)
        ]


def _placed(
    sentence: Sentence, mentions: Sequence[Mention]
) -> tuple[Sentence, list[tuple[int, int, Mention]] | None]:
    cue = has_event_cue(sentence.text)
    return sentence, place_mentions(sentence, mentions) if cue else None


def code_document(
    document: Document, sentences: Sequence[Sentence], mentions: Sequence[Mention]
) -> list[Event]:
    """All events of a document; mentions are assigned to sentences by raw offset."""
    ordered = sorted(mentions, key=lambda m: m.start)
    items = [
        (sentence, [m for m in ordered if sentence.start <= m.start and m.end <= sentence.end])
        for sentence in sentences
    ]
    return [event for events in code_sentences(items, document=document) for event in events]


def _free_sentence(text: str) -> Sentence:
    return Sentence(
        doc_id="", index=0, start=0, end=len(text), text=text, clean_start=0, clean_end=len(text)
    )


def code_text(text: str, *, when: str | None = None) -> list[Event]:
    """Code a free-standing text as one sentence, finding its actors with ``geopol.actors``."""
    from geopol.actors import mentions_in_text  # the actor stage sits beside this one

    mentions = mentions_in_text(text, when=when) if has_event_cue(text) else []
    return code_sentence(_free_sentence(text), mentions)


def _read_line(line: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(input object, None) for a good line; (None, error row) for a bad one."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, {"id": None, "events": [], "error": f"not JSON: {exc.msg}"}
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        ident = item.get("id") if isinstance(item, dict) else None
        return None, {"id": ident, "events": [], "error": "no text field"}
    return item, None


def code_json_line(line: str) -> dict[str, Any]:
    """One ``geopol code`` input line ({"id", "text"}) -> its output object.

    A line that is not a JSON object with a text gives ``events: []`` and an ``error``.
    """
    return next(_code_line_chunk([line]))


def code_json_lines(lines: Iterable[str], *, batch_size: int = 64) -> Iterator[dict[str, Any]]:
    """Batch form over the lines of a JSONL file (blank lines are skipped); sentences that
    need a parse are parsed ``batch_size`` lines at a time."""
    chunk: list[str] = []
    for line in lines:
        if line.strip():
            chunk.append(line)
        if len(chunk) >= batch_size:
            yield from _code_line_chunk(chunk)
            chunk = []
    yield from _code_line_chunk(chunk)


def code_json_batch(lines: list[str]) -> list[dict[str, Any]]:
    """The output objects of a list of lines (a picklable unit of work for a process pool)."""
    return list(code_json_lines(lines, batch_size=max(1, len(lines))))


def code_json_batches(
    lines: Iterable[str], *, workers: int = 1, batch_size: int = 256
) -> Iterator[list[dict[str, Any]]]:
    """``code_json_lines`` in batches of ``batch_size`` lines, on ``workers`` processes,
    in input order. A few batches per worker are in flight at a time, so memory stays bounded
    on large files."""
    batches = _batched((line for line in lines if line.strip()), batch_size)
    if workers <= 1:
        yield from map(code_json_batch, batches)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers) as pool:
        while window := list(itertools.islice(batches, workers * 2)):
            yield from pool.map(code_json_batch, window)


def _batched(items: Iterable[str], size: int) -> Iterator[list[str]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _code_line_chunk(lines: list[str]) -> Iterator[dict[str, Any]]:
    from geopol.actors import mentions_in_text

    read = [_read_line(line) for line in lines]
    items: list[tuple[Sentence, Sequence[Mention]]] = []
    for item, _ in read:
        if item is None:
            continue
        text = item["text"]
        mentions = mentions_in_text(text, when=item.get("date")) if has_event_cue(text) else []
        items.append((_free_sentence(text), mentions))
    coded = code_sentences(items, batch_size=max(1, len(items)))
    for item, error in read:
        if item is None:
            assert error is not None
            yield error
            continue
        events = next(coded)
        yield {"id": item.get("id"), "events": [event_to_code_json(e) for e in events]}


def _actor_json(mention: Mention | None) -> dict[str, Any] | None:
    if mention is None:
        return None
    return {"text": mention.text, "code": mention.actor_id, "span": [mention.start, mention.end]}


def event_to_code_json(event: Event) -> dict[str, Any]:
    """One event as ``geopol code`` writes it (see DESIGN.md)."""
    return {
        "cameo": event.cameo,
        "plover": event.plover,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        "source": _actor_json(event.source),
        "target": _actor_json(event.target),
        "negated": event.negated,
    }
