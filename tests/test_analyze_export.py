"""Exports: each round-trips or is checked against its format's specification."""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq

from geopol.analyze.dyads import dyads
from geopol.analyze.export import (
    GDELT_COLUMNS,
    export_gdelt,
    export_gexf,
    export_graphml,
    export_parquet,
    export_plover,
    gdelt_rows,
    global_event_id,
    read_relations_parquet,
)
from geopol.analyze.network import signed_network
from geopol.records import Actor, DateInfo, Event, Evidence, Mention

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "relations"))
from toy import relation

ACTORS = {
    "TUR": Actor("TUR", "Turkey", "state", "TUR"),
    "PKK": Actor("PKK", "Kurdistan Workers' Party", "non_state_armed_group", None),
    "NATO": Actor("NATO", "NATO", "igo", None),
}


def _event(event_id: str, cameo: str, plover: str, quad: int, goldstein: float,
           when: str | None, modality: str = "asserted", index: int = 1) -> Event:  # fmt: skip
    text = "Turkish jets struck PKK positions."
    source = Mention("TUR", "Turkish", 0, 7, "d1")
    target = Mention("PKK", "PKK", 20, 23, "d1")
    precision = {4: "year", 7: "month", 10: "day"}.get(len(when or ""))
    date = DateInfo(when, precision, "on 15 August 2024") if when else None  # type: ignore[arg-type]
    return Event(event_id, "d1", index, cameo, plover, quad, goldstein,
                 "conflictual" if goldstein < 0 else "cooperative", modality,  # type: ignore[arg-type]
                 source, target, Evidence("struck", 13, 19), Evidence(text, 0, len(text)), date,
                 0.9, "test")  # fmt: skip


def events() -> list[Event]:
    return [
        _event("e1", "195", "ASSAULT", 4, -10.0, "2024-08-15", index=0),
        _event("e2", "057", "AGREE", 1, 8.0, "2024-08"),
        _event("e3", "190", "ASSAULT", 4, -10.0, "2024-09-01", modality="negated"),
        _event("e4", "042", "CONSULT", 1, 1.9, None),
    ]


# --- GDELT ----------------------------------------------------------------------------------


def test_gdelt_has_the_61_columns_of_the_2_0_event_table_in_order() -> None:
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert GDELT_COLUMNS[26:31] == ("EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                                    "GoldsteinScale")  # fmt: skip
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")
    assert len(set(GDELT_COLUMNS)) == 61


def test_gdelt_file_reads_back_with_gdelt_semantics(tmp_path: Path) -> None:
    path = tmp_path / "events.tsv"
    written = export_gdelt(events(), path, ACTORS.get, {"d1": "wire.txt"}.get,
                           added="20241001120000")  # fmt: skip
    assert written == 3  # the denied event is never written
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            dict(zip(GDELT_COLUMNS, row, strict=True)) for row in csv.reader(handle, delimiter="\t")
        ]
    assert len(rows) == 3
    first = rows[0]
    assert first["GLOBALEVENTID"] == str(global_event_id("e1"))
    assert (first["SQLDATE"], first["MonthYear"], first["Year"]) == ("20240815", "202408", "2024")
    assert re.fullmatch(r"2024\.\d{4}", first["FractionDate"])
    assert (first["EventCode"], first["EventBaseCode"], first["EventRootCode"]) == (
        "195",
        "195",
        "19",
    )
    assert first["QuadClass"] == "4" and float(first["GoldsteinScale"]) == -10.0
    assert first["Actor1Code"] == "TUR" and first["Actor1CountryCode"] == "TUR"
    assert first["Actor1Name"] == "TURKEY"
    assert first["Actor2Type1Code"] == "REB" and first["Actor2Code"] == "REB"
    assert first["IsRootEvent"] == "1"
    assert first["DATEADDED"] == "20241001120000" and first["SOURCEURL"] == "wire.txt"
    month_only = rows[1]
    assert (month_only["SQLDATE"], month_only["MonthYear"], month_only["Year"]) == (
        "",
        "202408",
        "2024",
    )
    assert month_only["FractionDate"] == ""
    undated = rows[2]
    assert undated["Year"] == "" and undated["EventRootCode"] == "04"


def test_gdelt_rows_is_what_the_cli_calls() -> None:
    rows = list(gdelt_rows(events(), ACTORS.get, {"d1": "wire.txt"}.get))
    assert all(len(row) == 61 for row in rows)
    assert {row[26] for row in rows} == {"195", "057", "042"}


# --- PLOVER ---------------------------------------------------------------------------------

PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                "COERCE", "ASSAULT", "INVESTIGATE", "DEMAND", "DISAPPROVE", "FIGHT"}  # fmt: skip


def check_plover(record: dict) -> None:
    """The required fields and formats of a PLOVER JSON record."""
    assert isinstance(record["id"], str) and record["id"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["date"])
    assert isinstance(record["source"], list) and record["source"]
    for actor in record["source"] + record.get("recipient", []):
        assert isinstance(actor["code"], str) and actor["code"]
    assert isinstance(record["event"], list) and set(record["event"]) <= PLOVER_TYPES
    assert record["quad_code"] in (1, 2, 3, 4)
    assert isinstance(record["event_scale"], float)


def test_plover_jsonl_follows_the_specification(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    count = export_plover(events(), path, ACTORS.get, {"d1": "wire.txt"}.get)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert count == len(records) == 2  # negated and undated events left out
    for record in records:
        check_plover(record)
    first = records[0]
    assert first["recipient"][0]["code"] == "PKK" and first["recipient"][0]["sector"] == "REB"
    assert first["date_precision"] == "day" and first["cite_info"]["citation"] == "wire.txt"
    assert records[1]["date"] == "2024-08-01" and records[1]["date_precision"] == "month"


def test_plover_can_include_undated_events_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    assert export_plover(events(), path, include_undated=True) == 3
    undated = [json.loads(line) for line in path.read_text().splitlines()][-1]
    assert undated["date"] is None and undated["event"] == ["CONSULT"]


# --- Parquet --------------------------------------------------------------------------------


def test_parquet_round_trips_relations(tmp_path: Path) -> None:
    relations = [
        relation("TUR", "attack", "PKK", "conflictual", when="2024-08-15", goldstein=-10.0),
        relation("TUR", "membership", "NATO"),
    ]
    relations[0].event_ids = ("e1",)
    relations[0].cameo = "195"
    written = export_parquet(tmp_path / "out", relations=relations, events=events(),
                             actors=ACTORS.values(), dyads=dyads(relations))  # fmt: skip
    assert set(written) == {"relations", "events", "actors", "dyads"}
    back = read_relations_parquet(tmp_path / "out")
    assert back == relations
    assert pq.read_table(written["events"]).num_rows == 4
    assert pq.read_table(written["actors"]).column("id").to_pylist() == ["TUR", "PKK", "NATO"]
    assert pq.read_table(written["dyads"]).num_rows == 2


def test_parquet_writes_empty_tables_too(tmp_path: Path) -> None:
    written = export_parquet(tmp_path)
    assert all(pq.read_table(p).num_rows == 0 for p in written.values())


# --- GraphML and GEXF -----------------------------------------------------------------------


def _graph() -> nx.Graph:
    relations = [
        relation("TUR", "attack", "PKK", "conflictual", when="2024", goldstein=-10.0),
        relation("TUR", "membership", "NATO", when="2023"),
    ]
    return signed_network(relations, ACTORS.values())


def test_graphml_round_trips(tmp_path: Path) -> None:
    graph = _graph()
    back = nx.read_graphml(export_graphml(graph, tmp_path / "net.graphml"))
    assert set(back.nodes) == set(graph.nodes)
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in graph.edges}
    assert back["TUR"]["PKK"]["sign"] == graph["TUR"]["PKK"]["sign"] == -1
    assert back["TUR"]["PKK"]["score"] == graph["TUR"]["PKK"]["score"]
    assert back.nodes["PKK"]["type"] == "non_state_armed_group"


def test_gexf_round_trips(tmp_path: Path) -> None:
    graph = _graph()
    path = export_gexf(graph, tmp_path / "net.gexf")
    assert "gexf" in path.read_text(encoding="utf-8")[:300]
    back = nx.read_gexf(path)
    assert set(back.nodes) == set(graph.nodes)
    assert back["TUR"]["NATO"]["sign"] == 1
    assert back["TUR"]["NATO"]["relation_class"] == graph["TUR"]["NATO"]["relation_class"]


def test_export_to_dispatches_every_format(tmp_path: Path) -> None:
    import pytest

    from geopol.analyze.export import FORMATS, export_to

    relations = [relation("TUR", "attack", "PKK", "conflictual", when="2024", goldstein=-10.0)]
    for fmt in FORMATS:
        target = tmp_path / (fmt if fmt == "parquet" else f"out.{fmt}")
        summary = export_to(fmt, target, relations=relations, events=events(),
                            actors=ACTORS.values())  # fmt: skip
        assert summary["format"] == fmt
        assert target.exists()
    with pytest.raises(ValueError):
        export_to("xml", tmp_path / "x", relations=relations)
