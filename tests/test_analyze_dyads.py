"""Dyads: scores, classes, deciding evidence, roll-up to states, changes between windows."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from geopol.analyze.dyads import changes, decay, dyad, dyads, in_window, signed_weight, timeline
from geopol.records import DYAD_CLASSES, Actor

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "relations"))
from toy import relation


def test_negated_relations_never_count_as_holding() -> None:
    denied = relation("SAU", "diplomatic_relations", "ISR", modality="negated", when="2023")
    found = dyad([denied], "SAU", "ISR")
    assert found is not None
    assert found.negated == 1
    assert found.counts == {}
    assert found.score == 0.0
    assert found.relation_class == "neutral"
    assert found.confidence == 0.0


def test_denied_attack_does_not_make_adversaries() -> None:
    relations = [
        relation("ETH", "attack", "ERI", "conflictual", "negated", "2023", goldstein=-10.0),
        relation("ETH", "agreement", "ERI", when="2023", goldstein=8.0),
    ]
    found = dyad(relations, "ERI", "ETH")
    assert found is not None
    assert found.relation_class in ("partner", "ally")
    assert found.score > 0


def test_alliance_makes_allies_with_the_alliance_as_evidence() -> None:
    alliance = relation("JPN", "alliance", "USA", when="2024")
    trade = relation("JPN", "trade_energy", "USA", when="2024")
    found = dyad([alliance, trade], "USA", "JPN")
    assert found is not None and (found.a, found.b) == ("JPN", "USA")
    assert found.relation_class == "ally"
    assert found.deciding[0] == alliance.id
    assert 0 < found.confidence <= 1
    assert found.counts == {"alliance": 1, "trade_energy": 1}


def test_attacks_make_adversaries() -> None:
    relations = [relation("AZE", "attack", "ARM", "conflictual", when=f"2023-0{m}",
                          goldstein=-10.0, index=m) for m in range(1, 4)]  # fmt: skip
    found = dyad(relations, "ARM", "AZE")
    assert found is not None
    assert found.relation_class == "adversary"
    assert found.score < -0.45
    assert set(found.deciding) <= {r.id for r in relations}


def test_mild_friction_is_rivalry_and_neutrality_is_neutral() -> None:
    friction = [
        relation("CAN", "tension", "IND", "conflictual", when="2023", index=i) for i in range(2)
    ]
    assert dyad(friction, "CAN", "IND").relation_class == "rival"  # type: ignore[union-attr]
    neutral = [relation("EGY", "neutrality", "UKR", "neutral", when="2023")]
    found = dyad(neutral, "EGY", "UKR")
    assert found is not None and found.relation_class == "neutral"
    assert found.deciding == [neutral[0].id]


def test_every_class_is_a_known_class() -> None:
    relations = [
        relation("A", "alliance", "B"), relation("C", "attack", "D", "conflictual"),
        relation("E", "neutrality", "F", "neutral"), relation("G", "trade_energy", "H"),
        relation("I", "tension", "J", "conflictual"),
    ]  # fmt: skip
    assert {d.relation_class for d in dyads(relations)} <= set(DYAD_CLASSES)


def test_time_decay_lets_recent_relations_weigh_more() -> None:
    old_war = [relation("X", "attack", "Y", "conflictual", when="2010", goldstein=-10.0, index=i)
               for i in range(3)]  # fmt: skip
    recent_peace = [relation("X", "agreement", "Y", when="2024", goldstein=8.0)]
    decayed = dyad(old_war + recent_peace, "X", "Y")
    flat = dyad(old_war + recent_peace, "X", "Y", half_life_days=None)
    assert decayed is not None and flat is not None
    assert decayed.score > 0 > flat.score
    assert decay("2010", None, 365.0) == 1.0
    assert decay(None, None, 365.0) == 1.0


def test_hedged_and_predicted_weigh_less_than_asserted() -> None:
    asserted = relation("A", "aid", "B")
    hedged = relation("A", "aid", "B", modality="hedged")
    assert signed_weight(asserted) == signed_weight(hedged) > 0
    strong = dyad([asserted], "A", "B")
    weak = dyad([hedged], "A", "B")
    assert strong is not None and weak is not None
    assert strong.goldstein > weak.goldstein > 0


def test_ended_tie_counts_against_the_pair() -> None:
    cut = relation("DZA", "diplomatic_relations", "MAR", "conflictual", when="2021")
    assert signed_weight(cut) < 0
    found = dyad([cut], "DZA", "MAR")
    assert found is not None and found.score < 0


def test_state_level_rolls_persons_and_agencies_up() -> None:
    actors = [
        Actor("LULA", "Lula", "person", "BRA"),
        Actor("BRA", "Brazil", "state", "BRA"),
        Actor("ARG", "Argentina", "state", "ARG"),
        Actor("M23", "M23", "non_state_armed_group", None),
    ]
    relations = [
        relation("LULA", "political_support", "ARG"),
        relation("BRA", "trade_energy", "ARG"),
    ]
    by_actor = {(d.a, d.b) for d in dyads(relations, actors)}
    by_state = dyads(relations, actors, level="state")
    assert ("ARG", "LULA") in by_actor
    assert [(d.a, d.b) for d in by_state] == [("ARG", "BRA")]
    assert sum(by_state[0].counts.values()) == 2
    with pytest.raises(ValueError):
        dyads(relations, actors, level="galaxy")


def test_filters_by_period_and_type() -> None:
    relations = [
        relation("A", "aid", "B", when="2020"),
        relation("A", "attack", "B", "conflictual", when="2024"),
    ]
    assert dyads(relations, since="2023")[0].counts == {"attack": 1}
    assert dyads(relations, until="2021")[0].counts == {"aid": 1}
    assert dyads(relations, types=["aid"])[0].counts == {"aid": 1}


def test_timeline_groups_by_period() -> None:
    relations = [
        relation("A", "aid", "B", when="2020-03"),
        relation("A", "attack", "B", "conflictual", when="2022-05"),
    ]
    found = dyad(relations, "A", "B")
    assert found is not None
    periods = timeline(found)
    assert [p["period"] for p in periods] == ["2020", "2022"]
    assert periods[0]["score"] > 0 > periods[1]["score"]


def test_changes_report_warming_and_cooling_with_evidence() -> None:
    relations = [
        relation("A", "attack", "B", "conflictual", when="2020-02", goldstein=-10.0),
        relation("A", "agreement", "B", when="2023-05", goldstein=8.0),
        relation("C", "alliance", "D", when="2020-06"),
        relation("C", "hostility", "D", "conflictual", when="2023-01"),
        relation("E", "aid", "F", when="2023-03"),
    ]
    moved = {(c.a, c.b): c for c in changes(relations, ("2020", "2020"), ("2023", "2023"))}
    assert moved[("A", "B")].direction == "warmed" and moved[("A", "B")].delta > 0
    assert moved[("C", "D")].direction == "cooled"
    assert moved[("E", "F")].direction == "new"
    assert moved[("A", "B")].evidence_after == [relations[1].id]
    assert moved[("C", "D")].to_dict()["class_before"] == "ally"


def test_in_window_needs_the_whole_period_inside() -> None:
    assert in_window("2023-05-02", ("2023-01", "2023-06"))
    assert not in_window("2023", ("2023-01", "2023-06"))
    assert in_window("2023", ("2023", "2023"))
    assert not in_window(None, ("2023", "2023"))


def test_to_dict_is_json_ready() -> None:
    import json

    found = dyad([relation("A", "aid", "B", when="2020")], "A", "B")
    assert found is not None
    data = json.loads(json.dumps(found.to_dict()))
    assert data["class"] == found.relation_class
    assert data["relations"][0]["relation"] == "aid"


def test_stated_neutrality_decides_unless_the_balance_is_strong() -> None:
    relations = [
        relation("IND", "neutrality", "UKR", "neutral", when="2023"),
        relation("IND", "diplomatic_relations", "UKR", when="2023"),
    ]
    found = dyad(relations, "IND", "UKR")
    assert found is not None and found.relation_class == "neutral"
    assert found.deciding == [relations[0].id]


def test_faint_evidence_is_not_enough_for_a_class() -> None:
    faint = relation("A", "hostility", "B", "conflictual", "conditional", confidence=0.6)
    found = dyad([faint], "A", "B")
    assert found is not None and found.relation_class == "neutral"
    assert "too little" in found.reason


def test_package_names_are_the_functions_not_the_modules() -> None:
    import importlib

    importlib.import_module("geopol.analyze.dyads")
    importlib.import_module("geopol.analyze.drivers")
    import geopol.analyze as analyze

    assert callable(analyze.dyads) and callable(analyze.drivers)
    assert callable(analyze.signed_network) and callable(analyze.export_parquet)
