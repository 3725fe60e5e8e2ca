"""The signed network of actors, its structural balance, blocs and brokers.

One undirected edge per dyad: ``sign`` +1 (cooperative), -1 (conflictual) or 0 (neutral) from
the dyad's class, ``score`` its balance, ``weight`` the absolute score (for layouts and community
detection). Blocs are communities of the cooperative sub-graph (Louvain, fixed seed); brokers
are actors with cooperative ties into two or more blocs that are opposed to each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import Any

import networkx as nx

from geopol.analyze.dyads import DEFAULT_HALF_LIFE_DAYS, ActorSource, _lookup, dyads
from geopol.records import Dyad, Relation

SIGN_OF_CLASS = {"ally": 1, "partner": 1, "neutral": 0, "rival": -1, "adversary": -1}


def signed_network(
    relations: Iterable[Relation],
    actors: ActorSource = (),
    *,
    level: str = "actor",
    since: str | None = None,
    until: str | None = None,
    types: Iterable[str] | None = None,
    as_of: date | str | None = None,
    half_life_days: float | None = DEFAULT_HALF_LIFE_DAYS,
) -> nx.Graph:
    """A networkx graph: actors as nodes, dyads as signed, weighted edges."""
    found = dyads(relations, actors, level=level, since=since, until=until, types=types,
                  as_of=as_of, half_life_days=half_life_days)  # fmt: skip
    return graph_of(found, actors)


def graph_of(found: Iterable[Dyad], actors: ActorSource = ()) -> nx.Graph:
    lookup = _lookup(actors)
    graph = nx.Graph()
    for one in found:
        for actor_id in (one.a, one.b):
            if actor_id not in graph:
                actor = lookup(actor_id)
                graph.add_node(
                    actor_id,
                    name=actor.name if actor else actor_id,
                    type=actor.type if actor else "unknown",
                    country=(actor.country if actor else None) or "",
                )
        graph.add_edge(
            one.a,
            one.b,
            sign=SIGN_OF_CLASS[one.relation_class],
            score=one.score,
            weight=abs(one.score),
            relation_class=one.relation_class,
            confidence=one.confidence,
            count=sum(one.counts.values()),
            negated=one.negated,
            types=";".join(f"{name}:{count}" for name, count in one.counts.items()),
            first=one.first or "",
            last=one.last or "",
            deciding=";".join(one.deciding),
        )
    return graph


# --- structural balance -----------------------------------------------------------------------


@dataclass(slots=True)
class Balance:
    """Heider balance over the signed triangles: a triad is balanced when its sign product is +."""

    triangles: int
    balanced: int
    unbalanced: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        return round(self.balanced / self.triangles, 3) if self.triangles else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "triangles": self.triangles,
            "balanced": self.balanced,
            "ratio": self.ratio,
            "unbalanced": [list(t) for t in self.unbalanced],
        }


def signed_edges(graph: nx.Graph) -> nx.Graph:
    """The sub-graph of edges with a sign (neutral dyads left out)."""
    keep = [(u, v) for u, v, sign in graph.edges(data="sign") if sign]
    return graph.edge_subgraph(keep).copy()


def structural_balance(graph: nx.Graph) -> Balance:
    signed = signed_edges(graph)
    triangles = balanced = 0
    unbalanced: list[tuple[str, str, str]] = []
    for a in sorted(signed):
        for b, c in combinations(sorted(n for n in signed[a] if n > a), 2):
            if not signed.has_edge(b, c):
                continue
            triangles += 1
            product = signed[a][b]["sign"] * signed[a][c]["sign"] * signed[b][c]["sign"]
            if product > 0:
                balanced += 1
            else:
                unbalanced.append((a, b, c))
    return Balance(triangles, balanced, unbalanced)


# --- blocs and brokers --------------------------------------------------------------------------


@dataclass(slots=True)
class Bloc:
    index: int
    members: list[str]
    cohesion: float  # mean score of the cooperative ties inside
    opposed: list[int] = field(default_factory=list)  # blocs with a net conflictual balance

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "members": list(self.members),
            "cohesion": self.cohesion,
            "opposed": list(self.opposed),
        }


def blocs(graph: nx.Graph, *, min_size: int = 2, seed: int = 0) -> list[Bloc]:
    """Communities of mutually cooperative actors, largest first."""
    positive = nx.Graph()
    positive.add_edges_from(
        (u, v, {"weight": data["weight"]})
        for u, v, data in graph.edges(data=True)
        if data.get("sign", 0) > 0
    )
    if positive.number_of_edges() == 0:
        return []
    communities = nx.community.louvain_communities(positive, weight="weight", seed=seed)
    groups = sorted(
        (sorted(c) for c in communities if len(c) >= min_size), key=lambda c: (-len(c), c)
    )
    found = []
    for index, members in enumerate(groups):
        inner = [
            positive[u][v]["weight"] for u, v in combinations(members, 2) if positive.has_edge(u, v)
        ]
        found.append(Bloc(index, members, round(sum(inner) / len(inner), 3) if inner else 0.0))
    for one, other in combinations(found, 2):
        if _between(graph, one.members, other.members) < 0:
            one.opposed.append(other.index)
            other.opposed.append(one.index)
    return found


def _between(graph: nx.Graph, group_a: list[str], group_b: list[str]) -> float:
    """Sum of signed scores of the edges between two groups."""
    return sum(
        graph[u][v]["score"] * (1 if graph[u][v]["sign"] else 0)
        for u in group_a
        for v in group_b
        if graph.has_edge(u, v)
    )


@dataclass(slots=True)
class Broker:
    actor: str
    blocs: list[int]  # the blocs it has cooperative ties into
    bridged: list[tuple[int, int]]  # pairs of opposed blocs it links
    ties: dict[int, list[str]]  # bloc → the members it cooperates with

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "blocs": list(self.blocs),
            "bridged": [list(p) for p in self.bridged],
            "ties": {str(k): list(v) for k, v in self.ties.items()},
        }


def brokers(graph: nx.Graph, found_blocs: list[Bloc] | None = None) -> list[Broker]:
    """Actors that keep cooperative ties with blocs opposed to each other."""
    found_blocs = blocs(graph) if found_blocs is None else found_blocs
    bloc_of = {member: b.index for b in found_blocs for member in b.members}
    opposed = {(b.index, o) for b in found_blocs for o in b.opposed}
    result = []
    for actor in sorted(graph):
        ties: dict[int, list[str]] = {}
        for neighbour in sorted(graph[actor]):
            if graph[actor][neighbour].get("sign", 0) > 0 and neighbour in bloc_of:
                ties.setdefault(bloc_of[neighbour], []).append(neighbour)
        if actor in bloc_of:
            ties.setdefault(bloc_of[actor], [])
        bridged = [(i, j) for i, j in combinations(sorted(ties), 2) if (i, j) in opposed]
        if bridged:
            result.append(Broker(actor, sorted(ties), bridged, ties))
    result.sort(key=lambda b: (-len(b.bridged), b.actor))
    return result


def network_dict(graph: nx.Graph) -> dict[str, Any]:
    """Nodes and edges as plain data (the shape the API and dashboard use)."""
    nodes = [
        {"id": node, **data, "degree": graph.degree(node)}
        for node, data in sorted(graph.nodes(data=True))
    ]
    edges = [
        {"id": f"{u}|{v}", "source": u, "target": v, **data}
        for u, v, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1]))
    ]
    return {"nodes": nodes, "edges": edges}


def describe_network(
    relations: Iterable[Relation], actors: ActorSource = (), **options: Any
) -> dict[str, Any]:
    """Everything ``geopol network`` shows: nodes, edges, balance, blocs and brokers.

    ``options`` are those of ``signed_network`` (level, since, until, types, as_of, ...).
    """
    graph = signed_network(relations, actors, **options)
    found_blocs = blocs(graph)
    return {
        **network_dict(graph),
        "balance": structural_balance(graph).to_dict(),
        "blocs": [b.to_dict() for b in found_blocs],
        "brokers": [b.to_dict() for b in brokers(graph, found_blocs)],
    }
