"""The JSON endpoints under /api/. Every item has the same shape as the CLI's output
(`geopol.views`), so a script can move between `geopol relations --format jsonl` and
`GET /api/relations` without change."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar, cast

import anyio
from fastapi import APIRouter, File, Path, Query, UploadFile
from fastapi.responses import JSONResponse

from geopol import views
from geopol.api import core
from geopol.api.access import StoreAccess
from geopol.api.guard import ServerSettings
from geopol.api.jobs import JobRunner
from geopol.api.warm import VectorWarmer
from geopol.errors import InputError, NotFound, RequestTimeout
from geopol.records import Actor, Polarity, Relation, RelationType
from geopol.store import RelationFilter, Store

T = TypeVar("T")

ID_PATTERN = r"^[A-Za-z0-9_.:\-]{1,128}$"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
CLASS_ORDER = core.CLASS_ORDER

# The records' Literal types give the OpenAPI docs the closed vocabularies and reject
# anything else.
RelationTypeParam = RelationType
PolarityParam = Polarity

ActorId = Annotated[str, Path(pattern=ID_PATTERN, description="Actor id, e.g. TUR, NATO, PKK.")]
DocId = Annotated[str, Path(pattern=ID_PATTERN, description="Document id (content hash).")]
Since = Annotated[str | None, Query(pattern=DATE_PATTERN, description="From date YYYY[-MM[-DD]].")]
Until = Annotated[str | None, Query(pattern=DATE_PATTERN, description="To date YYYY[-MM[-DD]].")]
TypeFilter = Annotated[RelationTypeParam | None, Query(alias="type", description="Relation type.")]
ActorFilter = Annotated[
    str | None, Query(pattern=ID_PATTERN, description="Only relations with this actor.")
]
Limit = Annotated[int, Query(ge=1, le=1000, description="Page size.")]
Level = Annotated[
    Literal["actor", "state"],
    Query(description="`state` counts persons and agencies as their state."),
]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]


def page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """A page of items; the caller fetched limit + 1 to learn whether more follow."""
    more = len(items) > limit
    return {
        "items": items[:limit],
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if more else None,
    }


def build_router(
    access: StoreAccess,
    jobs: JobRunner,
    settings: ServerSettings,
    warmer: VectorWarmer | None = None,
) -> APIRouter:
    router = APIRouter(prefix="/api")
    ask_limiter = anyio.CapacityLimiter(settings.ask_concurrency)

    def read(fn: Callable[[Store], T]) -> T:
        with access.reading() as store:
            return fn(cast(Store, _Memo(store)))

    # ------------------------------------------------------------------- overview
    @router.get("/summary", tags=["overview"])
    def summary() -> dict[str, Any]:
        """Counts, relation types present and the date range: what the dashboard starts from."""

        def build(store: Store) -> dict[str, Any]:
            docs = store.documents()
            rels = store.relations()
            held = core.holding(rels)
            dates = sorted(r.date.value for r in held if r.date and r.date.value)
            return {
                "documents": len(docs),
                "actors": len(store.actors()),
                "relations": len(held),
                "denied": len(rels) - len(held),
                "events": sum(d.n_events for d in docs),
                "relation_types": dict(Counter(r.relation for r in held).most_common()),
                "first_date": dates[0] if dates else None,
                "last_date": dates[-1] if dates else None,
            }

        return read(build)

    # ------------------------------------------------------------------- documents
    @router.get("/documents", tags=["documents"])
    def documents() -> dict[str, Any]:
        """Every stored document (without its text)."""
        infos = read(lambda s: s.documents())
        return {"items": [_document_info(d) for d in infos]}

    @router.get("/documents/{doc_id}", tags=["documents"])
    def document(doc_id: DocId) -> dict[str, Any]:
        """The original text with the evidence spans of its relations and events."""

        def build(store: Store) -> dict[str, Any]:
            doc = store.document(doc_id)
            if doc is None:
                raise NotFound(f"no document {doc_id!r} in the store")
            rels = store.relations(RelationFilter(doc_id=doc_id))
            events = store.events(doc_id=doc_id)
            sources = store.source_of
            return {
                "id": doc.id,
                "source": doc.source,
                "title": doc.title,
                "published": doc.published,
                "language": doc.language,
                "text": doc.raw_text,
                "length": len(doc.raw_text),
                "spans": _spans(rels, events),
                "relations": [views.relation_json(r, store.actor, sources) for r in rels],
            }

        return read(build)

    # ------------------------------------------------------------------- actors
    @router.get("/actors", tags=["actors"])
    def actors() -> dict[str, Any]:
        """Actors found, most mentioned first (the shape of `geopol actors --format json`)."""
        stats = read(lambda s: s.actors())
        return {
            "items": [
                {
                    **s.actor.to_ref(),
                    "cameo": s.actor.cameo,
                    "mentions": s.mentions,
                    "documents": s.documents,
                }
                for s in stats
            ]
        }

    @router.get("/actors/{actor_id}", tags=["actors"])
    def actor(actor_id: ActorId) -> dict[str, Any]:
        """One actor with its counterparts grouped by class (ally … adversary), each with
        the relations and their evidence, and the relations the sources deny."""
        return read(lambda store: _actor_page(store, actor_id))

    # ------------------------------------------------------------------- relations / events
    @router.get("/relations", tags=["relations"])
    def relations(
        actor: ActorFilter = None,
        other: Annotated[
            str | None, Query(pattern=ID_PATTERN, description="...and this second actor.")
        ] = None,
        relation_type: TypeFilter = None,
        polarity: Annotated[PolarityParam | None, Query()] = None,
        since: Since = None,
        until: Until = None,
        doc: Annotated[str | None, Query(pattern=ID_PATTERN, description="Document id.")] = None,
        include_negated: Annotated[
            bool, Query(description="Include relations the sources deny (modality negated).")
        ] = True,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Relations in the `geopol relations --format jsonl` shape, filtered and paged."""
        flt = RelationFilter(
            actor=actor, other=other, relation=relation_type, polarity=polarity, since=since,
            until=until, doc_id=doc, include_negated=include_negated, limit=limit + 1,
            offset=offset,
        )  # fmt: skip

        def build(store: Store) -> list[dict[str, Any]]:
            sources = store.source_of
            return [views.relation_json(r, store.actor, sources) for r in store.relations(flt)]

        return page(read(build), limit, offset)

    @router.get("/events", tags=["events"])
    def events(
        actor: ActorFilter = None,
        doc: Annotated[str | None, Query(pattern=ID_PATTERN, description="Document id.")] = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Coded events in the `geopol events --format jsonl` shape."""

        def build(store: Store) -> list[dict[str, Any]]:
            sources = store.source_of
            evs = store.events(doc_id=doc, actor=actor)[offset : offset + limit + 1]
            return [views.event_json(e, store.actor, sources) for e in evs]

        return page(read(build), limit, offset)

    # ------------------------------------------------------------------- dyads / network
    @router.get("/dyads", tags=["analysis"])
    def dyads(
        actor: ActorFilter = None,
        since: Since = None,
        until: Until = None,
        relation_type: TypeFilter = None,
        level: Level = "actor",
        limit: Limit = 200,
    ) -> dict[str, Any]:
        """Pairs of actors with holding relations: count, balance score, class and why."""
        flt = RelationFilter(actor=actor, since=since, until=until, relation=relation_type,
                             include_negated=False)  # fmt: skip
        items = read(lambda s: core.dyads(s.relations(flt), s.actor, level))
        return {"items": items[:limit]}

    @router.get("/dyads/{a}/{b}", tags=["analysis"])
    def dyad(a: ActorId, b: ActorId) -> dict[str, Any]:
        """The timeline of one pair: relations and events in date order, balance per month."""

        def build(store: Store) -> dict[str, Any]:
            rels = store.relations(RelationFilter(actor=a, other=b))
            events = store.events(actor=a)
            if not rels and not events and store.actor(a) is None:
                raise NotFound(f"no actor {a!r} in the store")
            return core.dyad_timeline(a, b, rels, events, store.actor, store.source_of)

        return read(build)

    @router.get("/network", tags=["analysis"])
    def network(
        since: Since = None,
        until: Until = None,
        relation_type: TypeFilter = None,
        polarity: Annotated[PolarityParam | None, Query()] = None,
        actor: ActorFilter = None,
        level: Level = "actor",
    ) -> dict[str, Any]:
        """The signed network: actors as nodes, one edge per pair, weighted by the number of
        holding relations and signed by the pair's class. Denied relations never count."""
        flt = RelationFilter(since=since, until=until, relation=relation_type,
                             polarity=polarity, actor=actor, include_negated=False)  # fmt: skip
        return read(lambda s: core.network(s.relations(flt), s.actor, level))

    # ------------------------------------------------------------------- ask
    @router.get("/ask", tags=["ask"])
    async def ask(
        q: Annotated[str, Query(min_length=2, max_length=500, description="The question.")],
    ) -> dict[str, Any]:
        """A cited answer from the store (the `geopol ask --json` shape), plus `retrieval`:
        `hybrid` (BM25 and sentence embeddings) or `bm25` (alone, while the embeddings of
        the store are still being computed in the background, or when they are off)."""

        def answer() -> dict[str, Any]:
            # The long-lived view keeps the ask index cached between questions.
            data = core.ask(q, access.view())
            if data.get("retrieval") == "bm25" and warmer is not None:
                # Sentences stored by another process (a CLI ingest) are embedded too; a
                # no-op while a run is going or when embeddings are off.
                warmer.start()
            return data

        # The worker thread cannot be killed; the limiter bounds how many run at once, and
        # the caller gets a clear 504 instead of waiting without end.
        with anyio.move_on_after(settings.ask_timeout) as scope:
            return await anyio.to_thread.run_sync(
                answer, limiter=ask_limiter, abandon_on_cancel=True
            )
        assert scope.cancelled_caught
        raise RequestTimeout(f"the question took longer than {settings.ask_timeout:g} s")

    # ------------------------------------------------------------------- ingest
    @router.post("/ingest", tags=["ingest"], status_code=202)
    async def ingest(
        files: Annotated[
            list[UploadFile], File(description="Text, Markdown, HTML, PDF or JSONL files.")
        ],
    ) -> JSONResponse:
        """Upload files to ingest; answers at once with a job to follow at /api/jobs/{id}."""
        if not files:
            raise InputError("no files in the upload")
        uploads = [(f.filename or "upload.txt", await f.read()) for f in files]
        job = jobs.submit(uploads)
        return JSONResponse(job.to_json(), status_code=202)

    @router.get("/jobs/{job_id}", tags=["ingest"])
    def job(job_id: Annotated[str, Path(pattern=r"^[0-9a-f]{16}$")]) -> dict[str, Any]:
        """Progress of an ingest job: status, files processed, documents stored, failures."""
        found = jobs.get(job_id)
        if found is None:
            raise NotFound(f"no job {job_id!r}")
        return found.to_json()

    return router


# --------------------------------------------------------------------------- helpers
class _Memo:
    """A store whose point lookups (actor, source_of) are remembered for one request: a page
    of relations names the same few actors and documents again and again."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._actors: dict[str, Actor | None] = {}
        self._sources: dict[str, str | None] = {}

    def actor(self, actor_id: str) -> Actor | None:
        if actor_id not in self._actors:
            self._actors[actor_id] = self._store.actor(actor_id)
        return self._actors[actor_id]

    def source_of(self, doc_id: str) -> str | None:
        if doc_id not in self._sources:
            self._sources[doc_id] = self._store.source_of(doc_id)
        return self._sources[doc_id]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def _document_info(d: Any) -> dict[str, Any]:
    return {
        "id": d.id, "source": d.source, "title": d.title, "published": d.published,
        "language": d.language, "sentences": d.n_sentences, "events": d.n_events,
        "relations": d.n_relations,
    }  # fmt: skip


def _spans(rels: list[Relation], events: list[Any]) -> list[dict[str, Any]]:
    """Evidence spans to highlight, one per distinct span, relations first."""
    spans: dict[tuple[int, int], dict[str, Any]] = {}
    for r in rels:
        key = (r.evidence.start, r.evidence.end)
        label = f"{r.source} {r.relation.replace('_', ' ')} {r.target}"
        if r.modality == "negated":
            label += " (denied)"
        spans.setdefault(key, {"start": key[0], "end": key[1], "kind": "relation", "ids": [],
                               "labels": [], "polarity": r.polarity, "negated": True})  # fmt: skip
        spans[key]["ids"].append(r.id)
        spans[key]["labels"].append(label)
        # A span is shown as denied only when everything drawn from it is denied.
        spans[key]["negated"] = spans[key]["negated"] and r.modality == "negated"
    for e in events:
        key = (e.evidence.start, e.evidence.end)
        if key not in spans:
            spans[key] = {"start": key[0], "end": key[1], "kind": "event", "ids": [e.id],
                          "labels": [f"CAMEO {e.cameo} {e.plover}"], "polarity": e.polarity,
                          "negated": e.modality == "negated"}  # fmt: skip
    return sorted(spans.values(), key=lambda s: (s["start"], s["end"]))


def _actor_page(store: Store, actor_id: str) -> dict[str, Any]:
    actor = store.actor(actor_id)
    rels = store.relations(RelationFilter(actor=actor_id))
    if actor is None and not rels:
        raise NotFound(f"no actor {actor_id!r} in the store")
    sources = store.source_of
    held = core.holding(rels)
    groups: dict[str, list[dict[str, Any]]] = {c: [] for c in CLASS_ORDER}
    for d in core.find_dyads(rels, store.actor):
        other = d.b if d.a == actor_id else d.a
        mine = [r for r in held if core.pair_key(r.source, r.target) == (d.a, d.b)]
        groups[d.relation_class].append(
            {
                **core.dyad_json(d, store.actor),
                "actor": views.actor_ref(other, store.actor),
                "count": len(mine),
                "relations": [views.relation_json(r, store.actor, sources) for r in mine],
            }
        )
    denied = [r for r in rels if r.modality == "negated"]
    ref = views.actor_ref(actor_id, store.actor) or {}
    return {
        "actor": {
            **ref,
            "cameo": actor.cameo if actor else None,
            "aliases": list(actor.aliases) if actor else [],
            "valid_from": actor.valid_from if actor else None,
            "valid_to": actor.valid_to if actor else None,
        },
        "mentions": len(store.mentions(actor_id=actor_id)),
        "groups": [
            {"class": c, "counterparts": sorted(groups[c], key=lambda x: -x["count"])}
            for c in CLASS_ORDER
            if groups[c]
        ],
        "denied": [views.relation_json(r, store.actor, sources) for r in denied],
        "types": dict(Counter(r.relation for r in held).most_common()),
    }
