"""What the answerer reads from a store, loaded once and kept while the store is unchanged.

An `AskIndex` holds the store's relations and events as `Fact`s, its sentences with a
BM25 index over them, which actors each sentence mentions, and a matcher for actor names
in questions. Citations are always cut from the document's raw text here, so a quote is
by construction an exact substring of the original file.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import threading
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geopol.ask import embed
from geopol.ask.lexicon import AskLexicon, load_lexicon
from geopol.ask.parse import NamedActor
from geopol.ask.retrieval import BM25, fuse
from geopol.ask.text import tokens
from geopol.errors import MissingExtra
from geopol.records import (
    UNKNOWN_ACTOR_ID,
    Actor,
    Citation,
    DateInfo,
    Document,
    Event,
    Evidence,
    Relation,
    Sentence,
)
from geopol.settings import get_settings
from geopol.store.base import DocumentInfo, Store


@dataclass(slots=True)
class Fact:
    """A relation or event as the answerer sees it: who, what, when, and where it is said."""

    id: str
    origin: str  # "relation" or "event"
    relation: str | None
    source: str | None
    target: str | None
    polarity: str
    modality: str
    symmetric: bool
    doc_id: str
    sentence_index: int
    evidence: Evidence
    date: DateInfo | None
    confidence: float
    cameo: str | None = None

    @property
    def date_value(self) -> str | None:
        return self.date.value if self.date and self.date.value else None

    @property
    def actors(self) -> tuple[str, ...]:
        return tuple(a for a in (self.source, self.target) if a)

    def other(self, actor_id: str) -> str | None:
        if self.source == actor_id:
            return self.target
        if self.target == actor_id:
            return self.source
        return None


def fact_from_relation(rel: Relation) -> Fact:
    return Fact(
        id=rel.id, origin="relation", relation=rel.relation, source=rel.source,
        target=rel.target, polarity=rel.polarity, modality=rel.modality,
        symmetric=rel.symmetric, doc_id=rel.doc_id, sentence_index=rel.sentence_index,
        evidence=rel.evidence, date=rel.date, confidence=rel.confidence, cameo=rel.cameo,
    )  # fmt: skip


def fact_from_event(event: Event, lexicon: AskLexicon) -> Fact:
    return Fact(
        id=event.id, origin="event", relation=lexicon.relation_of_cameo(event.cameo),
        source=event.source.actor_id if event.source else None,
        target=event.target.actor_id if event.target else None,
        polarity=event.polarity, modality=event.modality, symmetric=False,
        doc_id=event.doc_id, sentence_index=event.sentence_index, evidence=event.evidence,
        date=event.date, confidence=event.confidence, cameo=event.cameo,
    )  # fmt: skip


def _facts(
    relations: Iterable[Relation], events: Iterable[Event], lexicon: AskLexicon
) -> list[Fact]:
    """Relations, then the events no relation already covers (same sentence and actors)."""
    facts = [fact_from_relation(r) for r in relations]
    covered = {(f.doc_id, f.sentence_index, frozenset(f.actors)) for f in facts}
    for event in events:
        fact = fact_from_event(event, lexicon)
        if (fact.doc_id, fact.sentence_index, frozenset(fact.actors)) not in covered:
            facts.append(fact)
    return facts


@dataclass(slots=True)
class _NameMatcher:
    """Finds the store's actors by name or alias in a question."""

    pattern: re.Pattern[str] | None
    exact: re.Pattern[str] | None
    ids: dict[str, str]

    @classmethod
    def build(cls, actors: Iterable[Actor]) -> _NameMatcher:
        folded: dict[str, str] = {}
        exact: dict[str, str] = {}
        for actor in actors:
            if actor.id == UNKNOWN_ACTOR_ID:
                continue
            for name in (actor.name, *actor.aliases):
                name = name.strip()
                if len(name) < 2:
                    continue
                # Short upper-case abbreviations ("US", "EU") only match as written, so
                # the pronoun "us" is not the United States.
                if name.isupper() and len(name) <= 5:
                    exact.setdefault(name, actor.id)
                else:
                    folded.setdefault(name.lower(), actor.id)
        return cls(_alternation(folded, re.IGNORECASE), _alternation(exact, 0), {**folded, **exact})

    def find(self, text: str) -> list[NamedActor]:
        out = []
        for pattern, key in ((self.pattern, str.lower), (self.exact, str)):
            if pattern is None:
                continue
            for m in pattern.finditer(text):
                actor_id = self.ids.get(key(m.group(0)))
                if actor_id:
                    out.append(NamedActor(actor_id, m.start(), m.end(), m.group(0)))
        return out


def _alternation(names: dict[str, str], flags: int) -> re.Pattern[str] | None:
    if not names:
        return None
    ordered = sorted(names, key=len, reverse=True)
    body = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in ordered)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)


def _stage_mentions(text: str) -> list[NamedActor]:
    """Actor names the actor stage finds in the question (demonyms, capitals, persons)."""
    try:
        from geopol.actors import mentions_in_text
    except ImportError:  # the actor stage is optional for answering from a store
        return []
    try:
        found = mentions_in_text(text)
    except Exception:  # a resolver failure must not stop an answer from the store
        return []
    return [
        NamedActor(m.actor_id, m.start, m.end, m.text)
        for m in found
        if m.actor_id and m.actor_id != UNKNOWN_ACTOR_ID
    ]


@dataclass(slots=True)
class AskIndex:
    load_document: Callable[[str], Document | None]
    lexicon: AskLexicon
    documents: dict[str, DocumentInfo]
    actors: dict[str, Actor]
    facts: list[Fact]
    sentences: list[Sentence]
    bm25: BM25
    sentence_actors: list[frozenset[str]]
    names: _NameMatcher
    by_key: dict[tuple[str, int], int] = field(default_factory=dict)
    actor_sentences: dict[str, set[int]] = field(default_factory=dict)
    # Sentence vectors for dense retrieval (None: embeddings off or not installed).
    dense: DenseIndex | None = None
    # Dense retrieval is on but the vectors were not all cached when the index was built.
    dense_pending: bool = False
    _keys: list[str] | None = None
    _raw: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, store: Store, lexicon: AskLexicon | None = None) -> AskIndex:
        lexicon = lexicon or load_lexicon()
        documents = {d.id: d for d in store.documents()}
        actors = {s.actor.id: s.actor for s in store.actors()}
        sentences = [s for doc_id in documents for s in store.sentences(doc_id)]
        by_key = {(s.doc_id, s.index): i for i, s in enumerate(sentences)}
        mentioned: dict[int, set[str]] = defaultdict(set)
        for m in store.mentions():
            i = by_key.get((m.doc_id, m.sentence_index))
            if i is not None:
                mentioned[i].add(m.actor_id)
                # A person or agency speaks for its state: a sentence naming the
                # president is about the country too.
                owner = _state_of(actors.get(m.actor_id))
                if owner:
                    mentioned[i].add(owner)
        facts = _facts(store.relations(), store.events(), lexicon)
        dense = build_dense(store, sentences)
        for f in facts:  # relations may join actors a sentence names only by coreference
            i = by_key.get((f.doc_id, f.sentence_index))
            if i is not None:
                mentioned[i].update(f.actors)
        actor_sentences: dict[str, set[int]] = defaultdict(set)
        for i, ids in mentioned.items():
            for actor_id in ids:
                actor_sentences[actor_id].add(i)
        return cls(
            load_document=_weak_loader(store), lexicon=lexicon, documents=documents, actors=actors, facts=facts,
            sentences=sentences, bm25=BM25([tokens(s.text) for s in sentences]),
            sentence_actors=[frozenset(mentioned.get(i, ())) for i in range(len(sentences))],
            names=_NameMatcher.build(actors.values()), by_key=by_key,
            actor_sentences=dict(actor_sentences), dense=dense,
            dense_pending=dense is None and dense_wanted(),
        )  # fmt: skip

    @property
    def retrieval(self) -> str:
        """``hybrid`` (BM25 fused with embeddings) or ``bm25`` (alone)."""
        return "bm25" if self.dense is None else "hybrid"

    def complete_dense(self, store: Store) -> None:
        """Attach the vectors a pending index lacked, once they are cached (or, where
        waiting is allowed, once embedded now)."""
        if not self.dense_pending:
            return
        if self._keys is None:  # hashed once, not at every question while warming
            self._keys = [embed.fingerprint(s.text) for s in self.sentences]
        self.dense = build_dense(store, self.sentences, keys=self._keys)
        self.dense_pending = self.dense is None and dense_wanted()

    # -- retrieval -----------------------------------------------------------------------
    def rank(
        self, query: list[str], text: str, among: set[int] | None = None, n: int = 5
    ) -> list[tuple[int, float]]:
        """Sentences for a question: BM25 over its stems, fused with the cosine of its
        embedding when dense retrieval is on (reciprocal rank fusion). Scores are BM25's
        without embeddings and fused ranks with them: compare them only within one list."""
        if self.dense is None:
            return self.bm25.top(query, n=n, among=among)
        pool = len(self.sentences) if among is None else len(among)
        lexical = [i for i, _ in self.bm25.top(query, n=pool, among=among)]
        dense = self.dense.top(text, n=max(n, 3 * len(lexical), 30), among=among)
        return fuse([lexical, [i for i, _ in dense]])[:n]

    def cosine(self, text: str, i: int) -> float | None:
        """Cosine of a sentence to a text, or None without dense retrieval."""
        return None if self.dense is None else float(self.dense.scores(text)[i])

    # -- actors --------------------------------------------------------------------------
    def resolve(self, text: str) -> list[NamedActor]:
        return [*self.names.find(text), *_stage_mentions(text)]

    def name(self, actor_id: str | None) -> str:
        if not actor_id:
            return "an unnamed actor"
        if actor_id == UNKNOWN_ACTOR_ID:
            return "an actor the sources do not name"
        actor = self.actors.get(actor_id) or _stage_actor(actor_id)
        return actor.name if actor else actor_id

    def actor_type(self, actor_id: str | None) -> str | None:
        if not actor_id:
            return None
        actor = self.actors.get(actor_id) or _stage_actor(actor_id)
        return actor.type if actor else None

    # -- documents and citations ---------------------------------------------------------
    def raw_text(self, doc_id: str) -> str:
        if doc_id not in self._raw:
            doc = self.load_document(doc_id)
            self._raw[doc_id] = doc.raw_text if doc else ""
        return self._raw[doc_id]

    def doc_name(self, doc_id: str) -> str:
        info = self.documents.get(doc_id)
        return info.source if info else doc_id

    def doc_date(self, doc_id: str) -> str | None:
        info = self.documents.get(doc_id)
        return info.published if info else None

    def cite(
        self, doc_id: str, start: int, end: int, *, date: str | None = None,
        role: str = "evidence",
    ) -> Citation | None:  # fmt: skip
        """A citation cut from the raw text, or None if the span is not inside it."""
        raw = self.raw_text(doc_id)
        if not (0 <= start < end <= len(raw)):
            return None
        return Citation(self.doc_name(doc_id), start, end, raw[start:end], doc_id, date, role)

    def cite_fact(self, fact: Fact, role: str = "evidence") -> Citation | None:
        ev = fact.evidence
        return self.cite(fact.doc_id, ev.start, ev.end, date=fact.date_value, role=role)

    def cite_sentence(self, i: int, role: str = "evidence") -> Citation | None:
        s = self.sentences[i]
        return self.cite(s.doc_id, s.start, s.end, role=role)

    def sentence_of(self, fact: Fact) -> int | None:
        return self.by_key.get((fact.doc_id, fact.sentence_index))

    def sentence_text(self, i: int) -> str:
        s = self.sentences[i]
        raw = self.raw_text(s.doc_id)
        return raw[s.start : s.end] if 0 <= s.start < s.end <= len(raw) else s.text


def dense_wanted() -> bool:
    """Whether dense retrieval is on (see ``Settings.embed``): asked for, or left unset with
    the extra installed. A wish the install cannot meet is reported by `build_dense`."""
    wanted = get_settings().embed
    return bool(wanted) or (wanted is None and embed.available())


def build_dense(
    store: Store,
    sentences: list[Sentence],
    *,
    wait: bool | None = None,
    keys: list[str] | None = None,
) -> DenseIndex | None:
    """Sentence vectors for the store, when dense retrieval is on (see ``Settings.embed``):
    taken from the vector cache where the sentence was embedded before.

    With ``wait`` false (the default inside `answering_without_waiting`) nothing is
    embedded: the index is dense only if the cache already covers every sentence, and
    BM25 alone answers meanwhile. ``keys`` are the sentences' fingerprints, if known."""
    wanted = get_settings().embed
    if wanted is False or (wanted is None and not embed.available()):
        return None
    if not embed.available():
        raise MissingExtra(f"GEOPOL_EMBED=1 but the embed extra is missing; {embed.INSTALL_HINT}")
    if wait is None:
        wait = _WAIT_FOR_VECTORS.get()
    cache = _vector_cache(store)
    if not wait:
        keys = keys if keys is not None else [embed.fingerprint(s.text) for s in sentences]
        vectors = cache.lookup(keys)
        if vectors is None:
            cache.refresh()  # another process (geopol ingest) may have embedded them
            vectors = cache.lookup(keys)
        return None if vectors is None else DenseIndex(vectors)
    try:
        embedder = embed.load_embedder()
    except MissingExtra:
        if wanted:
            raise
        return None  # installed but unusable: unasked-for embeddings never stop an answer
    cache.refresh()
    vectors = cache.embed([s.text for s in sentences], embedder)
    cache.save()
    return DenseIndex(vectors)


def store_sentence_texts(store: Store) -> list[str]:
    """Every stored sentence's text, in store order."""
    return [s.text for d in store.documents() for s in store.sentences(d.id)]


def embed_store(store: Store, on_progress: Callable[[int, int], None] | None = None) -> int:
    """Embed the store's sentences the vector cache lacks and save the cache; returns how
    many were embedded. ``on_progress(done, total)`` follows each batch. Does nothing when
    dense retrieval is off; raises `MissingExtra` when it is asked for but not installed.

    `geopol ingest` calls it at the end so the next `geopol ask` finds every vector
    cached; `geopol serve` calls it in a background thread."""
    if not dense_wanted():
        return 0
    embedder = embed.load_embedder()
    cache = _vector_cache(store)
    cache.refresh()
    texts = store_sentence_texts(store)
    todo = cache.missing(texts)
    if on_progress:
        on_progress(0, len(todo))
    done = 0
    try:
        for done in cache.embed_batches(todo, embedder):
            if on_progress:
                on_progress(done, len(todo))  # may raise to stop: what is done is kept
        if cache.path is not None:
            cache.retain(embed.fingerprint(t) for t in texts)  # one file per store
    finally:
        cache.save()
    return done


# Whether building an index may embed the sentences the cache lacks (the CLI: yes, once;
# the server: never while answering, a background thread warms the cache instead).
_WAIT_FOR_VECTORS: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "geopol_wait_for_vectors", default=True
)


@contextlib.contextmanager
def answering_without_waiting() -> Iterator[None]:
    """Inside this block, ask indexes use cached vectors only: a store whose sentences are
    not all embedded yet is answered with BM25 alone (`AskIndex.retrieval` says which)."""
    token = _WAIT_FOR_VECTORS.set(False)
    try:
        yield
    finally:
        _WAIT_FOR_VECTORS.reset(token)


@dataclass(slots=True)
class DenseIndex:
    """Unit sentence vectors; a question is embedded once and its cosines kept."""

    vectors: embed.Vectors
    _queries: dict[str, embed.Vectors] = field(default_factory=dict)

    def scores(self, text: str) -> embed.Vectors:
        if text not in self._queries:
            if len(self._queries) > 256:
                self._queries.clear()
            query = embed.load_embedder().encode([text])[0]
            self._queries[text] = self.vectors @ query
        return self._queries[text]

    def top(self, text: str, n: int = 5, among: set[int] | None = None) -> list[tuple[int, float]]:
        scores = self.scores(text)
        ids = range(len(scores)) if among is None else among
        ranked = sorted(((i, float(scores[i])) for i in ids), key=lambda p: (-p[1], p[0]))
        return ranked[:n]


# Vectors live in a file beside a store on disk (``STORE.ask-vectors.npz``), so that each
# `geopol ask` does not embed the whole store again; stores in memory share one cache.
_VECTOR_CACHES: dict[str, embed.VectorCache] = {}
_VECTOR_CACHES_LOCK = threading.Lock()


def vector_cache_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".ask-vectors.npz")


def _vector_cache(store: Store) -> embed.VectorCache:
    path = getattr(store, "path", None)
    with _VECTOR_CACHES_LOCK:  # a server's warming thread and its answers meet here
        if isinstance(path, Path) and path.is_file():
            key = str(path.resolve())
            if key not in _VECTOR_CACHES:
                _VECTOR_CACHES[key] = embed.VectorCache(vector_cache_path(path))
            return _VECTOR_CACHES[key]
        return _VECTOR_CACHES.setdefault("", embed.VectorCache())


def _state_of(actor: Actor | None) -> str | None:
    if actor is None or actor.type in ("state", "igo", "coalition", "state_group"):
        return None
    return actor.country if actor.type in _SPEAKS_FOR_STATE else None


_SPEAKS_FOR_STATE = frozenset({"person", "security_agency", "government_body"})


def _weak_loader(store: Store) -> Callable[[str], Document | None]:
    """``store.document`` without keeping the store alive (the index cache is weak)."""
    try:
        ref = weakref.ref(store)
    except TypeError:
        return store.document

    def load(doc_id: str) -> Document | None:
        live = ref()
        return live.document(doc_id) if live is not None else None

    return load


def _stage_actor(actor_id: str) -> Actor | None:
    try:
        from geopol.actors import get_actor
    except ImportError:
        return None
    try:
        return get_actor(actor_id)
    except Exception:
        return None


# One index per live store object, rebuilt when the number of stored documents changes.
_CACHE: weakref.WeakKeyDictionary[Any, tuple[int, AskIndex]] = weakref.WeakKeyDictionary()


def get_index(store: Store) -> AskIndex:
    n_docs = len(store.documents())
    try:
        cached = _CACHE.get(store)
    except TypeError:  # a store that cannot be weakly referenced is simply not cached
        return AskIndex.build(store)
    if cached and cached[0] == n_docs:
        cached[1].complete_dense(store)
        return cached[1]
    index = AskIndex.build(store)
    with contextlib.suppress(TypeError):
        _CACHE[store] = (n_docs, index)
    return index
