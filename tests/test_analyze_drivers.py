"""Drivers: issues behind a dyad, from cue words in the evidence and relation types."""

from __future__ import annotations

import sys
from pathlib import Path

from geopol.analyze.drivers import drivers, issues

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "relations"))
from toy import relation


def test_issue_table_has_the_six_issues() -> None:
    names = {issue.name for issue in issues()}
    assert names == {"security_terrorism", "borders", "energy_trade", "water", "armed_groups",
                     "great_power_rivalry"}  # fmt: skip


def test_water_and_borders_from_the_evidence() -> None:
    relations = [
        relation("EGY", "tension", "ETH", "conflictual",
                 text="Egypt and Ethiopia quarrel over the dam on the Nile and its water."),
        relation("EGY", "tension", "ETH", "conflictual",
                 text="Cairo says the reservoir threatens its river water supply.", index=1),
        relation("EGY", "tension", "ETH", "conflictual",
                 text="The two also dispute a stretch of border near Sudan.", index=2),
    ]  # fmt: skip
    found = drivers(relations)
    assert found[0].issue == "water"
    assert {d.issue for d in found} >= {"water", "borders"}
    assert abs(sum(d.weight for d in found) - 1.0) < 0.01
    issue, weight, evidence = found[0]
    assert issue == "water" and weight > 0.5
    assert evidence[0].words and evidence[0].relation_id in {r.id for r in relations}


def test_relation_type_alone_implies_its_issue() -> None:
    found = drivers([relation("IRN", "support_armed_group", "HOUTHIS", text="Iran backs them.")])
    assert [d.issue for d in found] == ["armed_groups"]


def test_denied_relations_drive_nothing() -> None:
    denied = relation("RUS", "support_armed_group", "TALIBAN", modality="negated",
                      text="Russia denied arming the Taliban militants.")  # fmt: skip
    assert drivers([denied]) == []


def test_to_dict_carries_evidence_spans() -> None:
    found = drivers([relation("IND", "trade_energy", "RUS", text="India buys Russian oil.")])
    data = found[0].to_dict()
    assert data["issue"] == "energy_trade"
    assert data["evidence"][0]["text"] == "India buys Russian oil."
    assert data["evidence"][0]["words"] == ["oil"]
