"""An in-memory store with the same behaviour as the DuckDB one (used by tests and the API tests)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from geopol.records import Actor, Document, Event, Mention, Processed, Relation, Sentence
from geopol.store.base import ActorStats, DocumentInfo, RelationFilter, iter_relations_matching


class MemoryStore:
    def __init__(self) -> None:
        self._docs: dict[str, Processed] = {}
        self._actors: dict[str, Actor] = {}

    def has_document(self, doc_id: str) -> bool:
        return doc_id in self._docs

    def write(self, processed: Processed) -> bool:
        if processed.document.id in self._docs:
            return False
        self._docs[processed.document.id] = processed
        for actor in processed.actors:
            self._actors.setdefault(actor.id, actor)
        return True

    def write_many(self, items: Iterable[Processed]) -> int:
        return sum(1 for item in items if self.write(item))

    def document(self, doc_id: str) -> Document | None:
        item = self._docs.get(doc_id)
        return item.document if item else None

    def documents(self) -> list[DocumentInfo]:
        return [
            DocumentInfo(
                id=p.document.id,
                source=p.document.source,
                title=p.document.title,
                published=p.document.published,
                language=p.document.language,
                n_sentences=len(p.sentences),
                n_events=len(p.events),
                n_relations=len(p.relations),
            )
            for p in sorted(self._docs.values(), key=lambda p: p.document.source)
        ]

    def sentences(self, doc_id: str) -> list[Sentence]:
        item = self._docs.get(doc_id)
        return list(item.sentences) if item else []

    def actor(self, actor_id: str) -> Actor | None:
        return self._actors.get(actor_id)

    def actors(self) -> list[ActorStats]:
        mentions: dict[str, int] = defaultdict(int)
        docs: dict[str, set[str]] = defaultdict(set)
        for p in self._docs.values():
            for m in p.mentions:
                mentions[m.actor_id] += 1
                docs[m.actor_id].add(p.document.id)
        stats = [
            ActorStats(actor=a, mentions=mentions.get(a.id, 0), documents=len(docs.get(a.id, ())))
            for a in self._actors.values()
        ]
        return sorted(stats, key=lambda s: (-s.mentions, s.actor.id))

    def mentions(self, actor_id: str | None = None, doc_id: str | None = None) -> list[Mention]:
        return [
            m
            for p in self._docs.values()
            if doc_id is None or p.document.id == doc_id
            for m in p.mentions
            if actor_id is None or m.actor_id == actor_id
        ]

    def events(self, doc_id: str | None = None, actor: str | None = None) -> list[Event]:
        out = []
        for p in self._docs.values():
            if doc_id is not None and p.document.id != doc_id:
                continue
            for e in p.events:
                ids = {
                    e.source.actor_id if e.source else None,
                    e.target.actor_id if e.target else None,
                }
                if actor is None or actor in ids:
                    out.append(e)
        return sorted(out, key=lambda e: (e.doc_id, e.sentence_index, e.id))

    def relations(self, flt: RelationFilter | None = None) -> list[Relation]:
        flt = flt or RelationFilter()
        every = sorted(
            (r for p in self._docs.values() for r in p.relations),
            key=lambda r: (r.doc_id, r.sentence_index, r.id),
        )
        matching = list(iter_relations_matching(every, flt))
        end = None if flt.limit is None else flt.offset + flt.limit
        return matching[flt.offset : end]

    def signatures(self) -> Iterator[tuple[str, str | None, dict[str, Any]]]:
        for p in self._docs.values():
            if p.signature is not None:
                yield p.document.id, p.fingerprint, p.signature

    def source_of(self, doc_id: str) -> str | None:
        item = self._docs.get(doc_id)
        return item.document.source if item else None

    def close(self) -> None:
        return None
