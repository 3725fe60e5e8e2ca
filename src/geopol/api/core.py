"""The core functions the API serves, behind small adapters.

Each adapter is the single place where the API calls into `geopol.analyze` or
`geopol.ask`, so the shapes the dashboard depends on stay put while those modules grow.
Until `geopol.analyze` exists, dyads and the network are a plain computation here:
counts of holding relations per pair of actors, with a sign from their polarity.
Denied (negated) relations never count as holding.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from geopol import views
from geopol.records import Event, Relation
from geopol.store import Store

ActorLookup = views.ActorLookup
SourceLookup = views.SourceLookup

# A pair whose balance (cooperative minus conflictual over all) is within this band is
# called neutral; outside it the sign follows the majority.
NEUTRAL_BAND = 0.2


def holding(relations: Iterable[Relation]) -> list[Relation]:
    """Relations the sources assert (or hedge/predict), never the ones they deny."""
    return [r for r in relations if r.modality != "negated"]


def pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


@dataclass(slots=True)
class PairTally:
    """Holding relations between two actors, counted by polarity and type."""

    a: str
    b: str
    relations: list[Relation] = field(default_factory=list)

    @property
    def polarity_counts(self) -> Counter[str]:
        return Counter(r.polarity for r in self.relations)

    @property
    def score(self) -> float:
        """Balance in [-1, 1]: +1 all cooperative, -1 all conflictual."""
        counts = self.polarity_counts
        total = sum(counts.values())
        if total == 0:
            return 0.0
        return (counts["cooperative"] - counts["conflictual"]) / total

    @property
    def sign(self) -> int:
        if self.score > NEUTRAL_BAND:
            return 1
        if self.score < -NEUTRAL_BAND:
            return -1
        return 0


def tally_pairs(relations: Iterable[Relation]) -> dict[tuple[str, str], PairTally]:
    pairs: dict[tuple[str, str], PairTally] = {}
    for rel in holding(relations):
        if rel.source == rel.target:
            continue
        key = pair_key(rel.source, rel.target)
        pairs.setdefault(key, PairTally(*key)).relations.append(rel)
    return pairs


def pair_class(tally: PairTally) -> str:
    """A coarse class from the balance and volume of a pair's relations."""
    n = len(tally.relations)
    score = tally.score
    if score > NEUTRAL_BAND:
        strong = n >= 3 and score > 0.6
        return "ally" if strong else "partner"
    if score < -NEUTRAL_BAND:
        strong = n >= 3 and score < -0.6
        return "adversary" if strong else "rival"
    return "neutral"


def _sign_label(sign: int) -> str:
    return {1: "cooperative", -1: "conflictual", 0: "neutral"}[sign]


# --------------------------------------------------------------------------- network
def network(relations: Sequence[Relation], actors: ActorLookup) -> dict[str, Any]:
    """Signed, weighted actor graph: one undirected edge per pair of actors."""
    pairs = tally_pairs(relations)
    degree: Counter[str] = Counter()
    weight: Counter[str] = Counter()
    edges = []
    for (a, b), tally in sorted(pairs.items()):
        degree.update((a, b))
        weight.update({a: len(tally.relations), b: len(tally.relations)})
        counts = tally.polarity_counts
        edges.append(
            {
                "id": f"{a}|{b}",
                "source": a,
                "target": b,
                "weight": len(tally.relations),
                "sign": tally.sign,
                "polarity": _sign_label(tally.sign),
                "score": round(tally.score, 3),
                "class": pair_class(tally),
                "cooperative": counts["cooperative"],
                "conflictual": counts["conflictual"],
                "neutral": counts["neutral"],
                "types": dict(Counter(r.relation for r in tally.relations).most_common()),
            }
        )
    nodes = []
    for actor_id in sorted(degree):
        ref = views.actor_ref(actor_id, actors) or {}
        nodes.append({**ref, "degree": degree[actor_id], "weight": weight[actor_id]})
    return {"nodes": nodes, "edges": edges}


# --------------------------------------------------------------------------- dyads
def dyads(relations: Sequence[Relation], actors: ActorLookup) -> list[dict[str, Any]]:
    """Every pair of actors with holding relations, most relations first."""
    out = []
    for (a, b), tally in tally_pairs(relations).items():
        dates = sorted(r.date.value for r in tally.relations if r.date and r.date.value)
        out.append(
            {
                "a": views.actor_ref(a, actors),
                "b": views.actor_ref(b, actors),
                "relations": len(tally.relations),
                "score": round(tally.score, 3),
                "class": pair_class(tally),
                "types": dict(Counter(r.relation for r in tally.relations).most_common()),
                "first": dates[0] if dates else None,
                "last": dates[-1] if dates else None,
            }
        )
    return sorted(out, key=lambda d: (-d["relations"], d["a"]["id"], d["b"]["id"]))


def dyad_timeline(
    a: str,
    b: str,
    relations: Sequence[Relation],
    events: Sequence[Event],
    actors: ActorLookup,
    sources: SourceLookup,
) -> dict[str, Any]:
    """What happened between two actors, in date order, with a balance per period."""
    between = [r for r in relations if pair_key(r.source, r.target) == pair_key(a, b)]
    tally = tally_pairs(between).get(pair_key(a, b), PairTally(*pair_key(a, b)))
    dated = sorted(
        (r for r in between if r.date and r.date.value),
        key=lambda r: (r.date.value if r.date and r.date.value else "", r.id),
    )
    undated = [r for r in between if not (r.date and r.date.value)]
    periods: dict[str, Counter[str]] = defaultdict(Counter)
    for r in holding(dated):
        assert r.date is not None and r.date.value is not None
        periods[r.date.value[:7]][r.polarity] += 1
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
        "class": pair_class(tally) if tally.relations else None,
        "score": round(tally.score, 3),
        "relations": [views.relation_json(r, actors, sources) for r in dated + undated],
        "events": [views.event_json(e, actors, sources) for e in pair_events],
        "periods": [
            {
                "period": period,
                "cooperative": counts["cooperative"],
                "conflictual": counts["conflictual"],
                "neutral": counts["neutral"],
            }
            for period, counts in sorted(periods.items())
        ],
        "undated": len(undated),
    }


# --------------------------------------------------------------------------- ask
def ask(question: str, store: Store) -> dict[str, Any]:
    """The `geopol ask --json` shape (`geopol.ask`), every citation with its `doc_id`."""
    from geopol.ask import answer, answer_json

    data = answer_json(answer(question, store))
    citations = [*data.get("citations", []), *data.get("nearby", [])]
    if any(not c.get("doc_id") for c in citations):
        ids_by_source = {d.source: d.id for d in store.documents()}
        for c in citations:
            c["doc_id"] = c.get("doc_id") or ids_by_source.get(c.get("doc", ""))
    return data
