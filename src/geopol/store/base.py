"""The store interface: what the pipeline writes and the faces (CLI, API, ask, analyze) read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from geopol.records import Actor, Document, Event, Mention, Processed, Relation, Sentence

SCHEMA_VERSION = 1


@dataclass(slots=True)
class DocumentInfo:
    """A stored document without its texts (cheap to list)."""

    id: str
    source: str
    title: str | None
    published: str | None
    language: str
    n_sentences: int
    n_events: int
    n_relations: int


@dataclass(slots=True)
class ActorStats:
    actor: Actor
    mentions: int
    documents: int


@dataclass(slots=True)
class RelationFilter:
    actor: str | None = None
    other: str | None = None
    relation: str | None = None
    polarity: str | None = None
    since: str | None = None
    until: str | None = None
    doc_id: str | None = None
    include_negated: bool = True
    limit: int | None = None
    offset: int = 0


class Store(Protocol):
    """Storage behind geopol. Writes are per document and atomic."""

    def has_document(self, doc_id: str) -> bool: ...

    def write(self, processed: Processed) -> bool:
        """Store one processed document; False (and nothing written) if it is already stored."""
        ...

    def write_many(self, items: Iterable[Processed]) -> int: ...

    def document(self, doc_id: str) -> Document | None: ...

    def documents(self) -> list[DocumentInfo]: ...

    def sentences(self, doc_id: str) -> list[Sentence]: ...

    def actor(self, actor_id: str) -> Actor | None: ...

    def actors(self) -> list[ActorStats]: ...

    def mentions(self, actor_id: str | None = None, doc_id: str | None = None) -> list[Mention]: ...

    def events(self, doc_id: str | None = None, actor: str | None = None) -> list[Event]: ...

    def relations(self, flt: RelationFilter | None = None) -> list[Relation]: ...

    def signatures(self) -> Iterator[tuple[str, str | None, dict[str, Any]]]:
        """(doc id, exact fingerprint, near-duplicate signature) of stored documents."""
        ...

    def source_of(self, doc_id: str) -> str | None: ...

    def close(self) -> None: ...


def iter_relations_matching(
    relations: Iterable[Relation], flt: RelationFilter
) -> Iterator[Relation]:
    """The filter semantics shared by every store implementation."""
    for rel in relations:
        if flt.doc_id and rel.doc_id != flt.doc_id:
            continue
        if flt.actor and flt.actor not in (rel.source, rel.target):
            continue
        if flt.other and flt.other not in (rel.source, rel.target):
            continue
        if flt.relation and rel.relation != flt.relation:
            continue
        if flt.polarity and rel.polarity != flt.polarity:
            continue
        if not flt.include_negated and rel.modality == "negated":
            continue
        date = rel.date.value if rel.date else None
        if flt.since and (date is None or date < flt.since):
            continue
        if flt.until and (date is None or date[: len(flt.until)] > flt.until):
            continue
        yield rel
