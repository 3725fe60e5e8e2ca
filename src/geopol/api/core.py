"""The core functions the API serves, behind small adapters.

Each adapter is the single place where the API calls into `geopol.analyze` or `geopol.ask`
and turns their records into the JSON the dashboard reads, so `geopol dyad`, `geopol network`
and `geopol ask` and the API always agree. Denied (negated) relations never count as holding.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from geopol import views
from geopol.analyze.dyads import dyads as analyze_dyads
from geopol.analyze.dyads import timeline as analyze_timeline
from geopol.analyze.network import SIGN_OF_CLASS
from geopol.records import Dyad, Event, Relation
from geopol.store import Store

ActorLookup = views.ActorLookup
SourceLookup = views.SourceLookup
CLASS_ORDER = ("ally", "partner", "neutral", "rival", "adversary")


def holding(relations: Iterable[Relation]) -> list[Relation]:
    """Relations the sources assert (or hedge/predict), never the ones they deny."""
    return [r for r in relations if r.modality != "negated"]


def pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def held_count(dyad: Dyad) -> int:
    return sum(dyad.counts.values())


def find_dyads(
    relations: Sequence[Relation], actors: ActorLookup, level: str = "actor"
) -> list[Dyad]:
    """`geopol.analyze` dyads, without pairs that only denials link."""
    return [d for d in analyze_dyads(relations, actors, level=level) if held_count(d)]


def _sign_label(sign: int) -> str:
    return {1: "cooperative", -1: "conflictual", 0: "neutral"}[sign]


def dyad_json(dyad: Dyad, actors: ActorLookup) -> dict[str, Any]:
    """One pair: who, how many holding relations, balance, class and why."""
    return {
        "a": views.actor_ref(dyad.a, actors),
        "b": views.actor_ref(dyad.b, actors),
        "relations": held_count(dyad),
        "denied": dyad.negated,
        "score": dyad.score,
        "class": dyad.relation_class,
        "confidence": dyad.confidence,
        "reason": dyad.reason,
        "deciding": list(dyad.deciding),
        "types": dict(dyad.counts),
        "first": dyad.first,
        "last": dyad.last,
    }


# --------------------------------------------------------------------------- network
def network(
    relations: Sequence[Relation], actors: ActorLookup, level: str = "actor"
) -> dict[str, Any]:
    """Signed, weighted actor graph: one edge per dyad, its sign from the dyad's class and
    its weight the number of holding relations behind it."""
    found = find_dyads(relations, actors, level)
    degree: Counter[str] = Counter()
    weight: Counter[str] = Counter()
    edges = []
    for d in sorted(found, key=lambda d: (d.a, d.b)):
        n = held_count(d)
        degree.update((d.a, d.b))
        weight.update({d.a: n, d.b: n})
        sign = SIGN_OF_CLASS[d.relation_class]
        edges.append(
            {
                "id": f"{d.a}|{d.b}",
                "source": d.a,
                "target": d.b,
                "weight": n,
                "sign": sign,
                "polarity": _sign_label(sign),
                "score": d.score,
                "class": d.relation_class,
                "confidence": d.confidence,
                "reason": d.reason,
                "cooperative": d.polarity_counts.get("cooperative", 0),
                "conflictual": d.polarity_counts.get("conflictual", 0),
                "neutral": d.polarity_counts.get("neutral", 0),
                "types": dict(d.counts),
            }
        )
    nodes = [
        {**(views.actor_ref(actor_id, actors) or {}), "degree": degree[actor_id],
         "weight": weight[actor_id]}
        for actor_id in sorted(degree)
    ]  # fmt: skip
    return {"nodes": nodes, "edges": edges}


# --------------------------------------------------------------------------- dyads
def dyads(
    relations: Sequence[Relation], actors: ActorLookup, level: str = "actor"
) -> list[dict[str, Any]]:
    """Every pair of actors with holding relations, most relations first."""
    out = [dyad_json(d, actors) for d in find_dyads(relations, actors, level)]
    return sorted(out, key=lambda d: (-d["relations"], d["a"]["id"], d["b"]["id"]))


def dyad_timeline(
    a: str,
    b: str,
    relations: Sequence[Relation],
    events: Sequence[Event],
    actors: ActorLookup,
    sources: SourceLookup,
) -> dict[str, Any]:
    """What happened between two actors, in date order, with a balance per month."""
    between = [r for r in relations if pair_key(r.source, r.target) == pair_key(a, b)]
    found = find_dyads(between, actors)
    summary = dyad_json(found[0], actors) if found else None
    dated = sorted(
        (r for r in between if r.date and r.date.value),
        key=lambda r: (r.date.value if r.date and r.date.value else "", r.id),
    )
    undated = [r for r in between if not (r.date and r.date.value)]
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for r in holding(dated):
        assert r.date is not None and r.date.value is not None
        counts[r.date.value[:7]][r.polarity] += 1
    scores = (
        {p["period"]: p["score"] for p in analyze_timeline(found[0], by="month")} if found else {}
    )
    pair_events = [
        e
        for e in events
        if e.source
        and e.target
        and pair_key(e.source.actor_id, e.target.actor_id) == pair_key(a, b)
    ]
    return {
        "a": views.actor_ref(a, actors),
        "b": views.actor_ref(b, actors),
        "class": summary["class"] if summary else None,
        "score": summary["score"] if summary else 0.0,
        "reason": summary["reason"] if summary else "no relation between them holds",
        "deciding": summary["deciding"] if summary else [],
        "relations": [views.relation_json(r, actors, sources) for r in dated + undated],
        "events": [views.event_json(e, actors, sources) for e in pair_events],
        "periods": [
            {
                "period": period,
                "cooperative": c["cooperative"],
                "conflictual": c["conflictual"],
                "neutral": c["neutral"],
                "score": scores.get(period),
            }
            for period, c in sorted(counts.items())
        ],
        "undated": len(undated),
    }


# --------------------------------------------------------------------------- ask
def ask(question: str, store: Store) -> dict[str, Any]:
    """The `geopol ask --json` shape (`geopol.ask`), every citation with its `doc_id`, and
    `retrieval`: how sentences were found (`hybrid` or `bm25`). Never waits for sentence
    embeddings: until they are all cached, BM25 alone answers (`geopol.api.warm`)."""
    from geopol.ask import answer, answer_json
    from geopol.ask.index import answering_without_waiting, get_index

    with answering_without_waiting():
        result = answer(question, store)
        retrieval = get_index(store).retrieval
    data = answer_json(result)
    data["retrieval"] = retrieval
    citations = [*data.get("citations", []), *data.get("nearby", [])]
    if any(not c.get("doc_id") for c in citations):
        ids_by_source = {d.source: d.id for d in store.documents()}
        for c in citations:
            c["doc_id"] = c.get("doc_id") or ids_by_source.get(c.get("doc", ""))
    return data
