"""The signed network: edges from dyads, structural balance, blocs and brokers."""

from __future__ import annotations

import sys
from pathlib import Path

from geopol.analyze.network import (
    blocs,
    brokers,
    network_dict,
    signed_network,
    structural_balance,
)
from geopol.records import Actor

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "relations"))
from toy import relation


def two_camps() -> list:
    """Two cooperative camps at odds with each other, and one actor friendly with both."""
    coop = [("A", "B"), ("B", "C"), ("A", "C"), ("X", "Y"), ("Y", "Z"), ("X", "Z"),
            ("M", "A"), ("M", "X")]  # fmt: skip
    hostile = [("A", "X"), ("B", "Y"), ("C", "Z")]
    relations = [relation(a, "alliance", b, when="2024", index=i) for i, (a, b) in enumerate(coop)]
    relations += [relation(a, "attack", b, "conflictual", when="2024", goldstein=-10.0, index=i)
                  for i, (a, b) in enumerate(hostile)]  # fmt: skip
    return relations


def test_edges_carry_sign_score_and_class() -> None:
    actors = [Actor("A", "Alpha", "state", "AAA")]
    graph = signed_network(two_camps(), actors)
    assert graph.number_of_nodes() == 7
    assert graph["A"]["B"]["sign"] == 1 and graph["A"]["B"]["relation_class"] == "ally"
    assert graph["A"]["X"]["sign"] == -1 and graph["A"]["X"]["score"] < 0
    assert graph.nodes["A"]["name"] == "Alpha"
    assert graph.nodes["B"]["name"] == "B"  # unknown actors keep their id as name


def test_negated_relations_make_no_edge() -> None:
    graph = signed_network([relation("P", "alliance", "Q", modality="negated")])
    assert graph["P"]["Q"]["sign"] == 0
    assert graph["P"]["Q"]["count"] == 0 and graph["P"]["Q"]["negated"] == 1


def test_structural_balance_counts_balanced_and_unbalanced_triads() -> None:
    balance = structural_balance(signed_network(two_camps()))
    # A-B-C and X-Y-Z are all-positive (balanced); A-X-M has +,+,- (unbalanced).
    assert balance.triangles >= 3
    assert ("A", "M", "X") in balance.unbalanced
    assert balance.balanced >= 2
    assert 0 < balance.ratio < 1  # type: ignore[operator]
    assert balance.to_dict()["triangles"] == balance.triangles


def test_blocs_and_brokers() -> None:
    graph = signed_network(two_camps())
    found = blocs(graph)
    camps = [set(b.members) for b in found]
    assert {"A", "B", "C"} <= next(c for c in camps if "A" in c)
    assert {"X", "Y", "Z"} <= next(c for c in camps if "X" in c)
    assert next(c for c in camps if "A" in c).isdisjoint({"X", "Y", "Z"})
    a_bloc = next(b for b in found if "A" in b.members)
    x_bloc = next(b for b in found if "X" in b.members)
    assert x_bloc.index in a_bloc.opposed
    found_brokers = {b.actor: b for b in brokers(graph, found)}
    assert "M" in found_brokers
    assert "B" not in found_brokers  # B only deals with its own camp
    assert found_brokers["M"].to_dict()["bridged"]


def test_no_cooperation_no_blocs() -> None:
    graph = signed_network([relation("A", "attack", "B", "conflictual")])
    assert blocs(graph) == []
    assert brokers(graph) == []


def test_network_dict_shape() -> None:
    data = network_dict(signed_network(two_camps()))
    assert {n["id"] for n in data["nodes"]} == {"A", "B", "C", "X", "Y", "Z", "M"}
    edge = next(e for e in data["edges"] if {e["source"], e["target"]} == {"A", "B"})
    assert edge["sign"] == 1 and "score" in edge and edge["id"].count("|") == 1


def test_network_filters_by_type_and_time() -> None:
    relations = [
        relation("A", "aid", "B", when="2020"),
        relation("C", "attack", "D", "conflictual", when="2024"),
    ]
    assert set(signed_network(relations, types=["aid"]).nodes) == {"A", "B"}
    assert set(signed_network(relations, since="2023").nodes) == {"C", "D"}


def test_describe_network_gathers_everything() -> None:
    from geopol.analyze.network import describe_network

    data = describe_network(two_camps())
    assert set(data) == {"nodes", "edges", "balance", "blocs", "brokers"}
    assert data["brokers"][0]["actor"] == "M"
    assert data["balance"]["triangles"] >= 3
