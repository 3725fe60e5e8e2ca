"""Exports to the formats analysts take elsewhere: Parquet, GDELT 2.0, PLOVER, GraphML, GEXF.

* ``export_parquet`` — one Parquet file per record kind (relations, events, actors, dyads) in a
  folder; ``read_relations_parquet`` reads relations back into records.
* ``export_gdelt`` / ``gdelt_rows`` — the GDELT 2.0 event table: the 61 columns in GDELT's own
  order, tab-separated, no header. GDELT has no modality, so only asserted events are written
  by default (a denied event never is). Day-level fields stay empty when the date is not known
  to the day: no date is better than a made-up one.
* ``export_plover`` — PLOVER JSON records, one per line (the data-interchange fields of the
  PLOVER specification: id, date, source, recipient, event, quad_code, event_scale, ...).
  PLOVER requires a date, so undated events are left out unless asked; a date known to the
  month or year is written as its first day with ``date_precision`` saying so.
* ``export_graphml`` / ``export_gexf`` — the signed network through networkx's writers.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import networkx as nx
import pyarrow as pa
import pyarrow.parquet as pq

from geopol.records import (
    Actor,
    DateInfo,
    Dyad,
    Event,
    Evidence,
    Mention,
    Relation,
)

ActorLookup = Callable[[str], Actor | None]
SourceLookup = Callable[[str], str | None]

GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

# CAMEO actor-type codes (a fact of the CAMEO codebook) for our actor types.
CAMEO_TYPE_OF = {
    "igo": "IGO",
    "coalition": "IGO",
    "state_group": "IGO",
    "non_state_armed_group": "REB",
    "government_body": "GOV",
    "subnational_government": "GOV",
    "security_agency": "SPY",
    "party": "PTY",
    "company": "BUS",
    "ngo": "NGO",
    "organization": "IGO",
}


def _no_actor(_: str) -> Actor | None:
    return None


def _no_source(_: str) -> str | None:
    return None


# --- GDELT 2.0 ----------------------------------------------------------------------------------


def global_event_id(event_id: str) -> int:
    """A stable positive 60-bit integer for an event id (GDELT ids are integers)."""
    return int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:15], 16)


def _date_fields(info: DateInfo | None) -> tuple[str, str, str, str]:
    """SQLDATE, MonthYear, Year, FractionDate — each only as precise as the date is known."""
    if info is None or not info.value:
        return "", "", "", ""
    parts = info.value.split("-")
    year = parts[0]
    month = parts[1] if len(parts) > 1 else ""
    day = parts[2][:2] if len(parts) > 2 else ""
    if not (year.isdigit() and len(year) == 4):
        return "", "", "", ""
    sql_date = f"{year}{month}{day}" if day else ""
    month_year = f"{year}{month}" if month else ""
    fraction = ""
    if day:
        when = date(int(year), int(month), int(day))
        fraction = f"{int(year) + when.timetuple().tm_yday / 365:.4f}"
    return sql_date, month_year, year, fraction


def _actor_fields(mention: Mention | None, actors: ActorLookup) -> list[str]:
    """Code, Name, CountryCode, KnownGroup, Ethnic, Religion1, Religion2, Type1..3."""
    if mention is None or not mention.actor_id:
        return [""] * 10
    actor = actors(mention.actor_id)
    kind = actor.type if actor else "unknown"
    country = (actor.country if actor else None) or (mention.actor_id if kind == "state" else "")
    type_code = CAMEO_TYPE_OF.get(kind, "")
    code = mention.cameo or (actor.cameo if actor else None) or (country + type_code)
    name = (actor.name if actor else mention.text).upper()
    return [code or "", name, country or "", "", "", "", "", type_code, "", ""]


def gdelt_row(event: Event, actors: ActorLookup = _no_actor, sources: SourceLookup = _no_source,
              *, added: str | None = None) -> list[str]:  # fmt: skip
    """One row of the GDELT 2.0 event table for an event (61 fields, all strings)."""
    sql_date, month_year, year, fraction = _date_fields(event.date)
    cameo = event.cameo
    row = [
        str(global_event_id(event.id)), sql_date, month_year, year, fraction,
        *_actor_fields(event.source, actors),
        *_actor_fields(event.target, actors),
        "1" if event.sentence_index == 0 else "0",
        cameo, cameo[:3], cameo[:2], str(event.quad_class), f"{event.goldstein:.1f}",
        "1", "1", "1", "",
        "0", "", "", "", "", "", "", "",
        "0", "", "", "", "", "", "", "",
        "0", "", "", "", "", "", "", "",
        added or datetime.now(UTC).strftime("%Y%m%d%H%M%S"),
        sources(event.doc_id) or event.doc_id,
    ]  # fmt: skip
    assert len(row) == len(GDELT_COLUMNS)
    return row


def gdelt_rows(
    events: Iterable[Event],
    actors: ActorLookup = _no_actor,
    sources: SourceLookup = _no_source,
    *,
    modalities: Sequence[str] = ("asserted",),
    added: str | None = None,
) -> Iterator[list[str]]:
    """GDELT rows for the events the texts assert (denied events are never written)."""
    added = added or datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    for event in events:
        if event.modality in modalities and event.modality != "negated" and event.cameo:
            yield gdelt_row(event, actors, sources, added=added)


def export_gdelt(events: Iterable[Event], path: str | Path, actors: ActorLookup = _no_actor,
                 sources: SourceLookup = _no_source, **options: Any) -> int:  # fmt: skip
    """Write the GDELT 2.0 event table (tab-separated, no header); returns the row count."""
    count = 0
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        for row in gdelt_rows(events, actors, sources, **options):
            writer.writerow([value.replace("\t", " ").replace("\n", " ") for value in row])
            count += 1
    return count


# --- PLOVER JSON --------------------------------------------------------------------------------


def _plover_actor(mention: Mention, actors: ActorLookup) -> dict[str, Any]:
    actor = actors(mention.actor_id)
    kind = actor.type if actor else "unknown"
    code = (actor.country if actor else None) or mention.actor_id
    record: dict[str, Any] = {"code": code, "actor_text": mention.text,
                              "identifier_id": mention.actor_id}  # fmt: skip
    if actor is not None:
        record["identifier_text"] = actor.name
    sector = CAMEO_TYPE_OF.get(kind)
    if sector:
        record["sector"] = sector
    return record


def plover_date(info: DateInfo | None) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, precision): the first day of the period the date names."""
    if info is None or not info.value:
        return None, None
    parts = info.value.split("-")
    padded = [
        parts[0],
        parts[1] if len(parts) > 1 else "01",
        parts[2][:2] if len(parts) > 2 else "01",
    ]
    return "-".join(padded), info.precision or (
        "day" if len(parts) > 2 else "month" if len(parts) > 1 else "year"
    )


def plover_record(event: Event, actors: ActorLookup = _no_actor, sources: SourceLookup = _no_source,
                  *, coded_date: str | None = None) -> dict[str, Any] | None:  # fmt: skip
    """The PLOVER JSON record of an event, or None when PLOVER cannot hold it."""
    if not event.plover or event.source is None or event.modality == "negated":
        return None
    when, precision = plover_date(event.date)
    record: dict[str, Any] = {
        "id": event.id,
        "date": when,
        "source": [_plover_actor(event.source, actors)],
        "event": [event.plover],
        "quad_code": event.quad_class,
        "event_scale": event.goldstein,
        "event_text": [event.trigger.text],
        "text": event.evidence.text,
        "text_info": {"sequence": event.sentence_index, "start": event.evidence.start,
                      "end": event.evidence.end},
        "cite_info": {"citation": sources(event.doc_id) or event.doc_id,
                      "coder": event.extractor or "geopol",
                      "codebook": "PLOVER event types via CAMEO 1.1b3 (geopol mapping)"},
        "coder": "geopol",
        "coded_date": coded_date or date.today().isoformat(),
        # extensions (PLOVER allows named fields beyond the standard ones)
        "date_precision": precision,
        "date_text": event.date.text if event.date else None,
        "cameo": event.cameo,
        "modality": event.modality,
        "confidence": round(event.confidence, 3),
    }  # fmt: skip
    if event.target is not None:
        record["recipient"] = [_plover_actor(event.target, actors)]
    return record


def plover_records(events: Iterable[Event], actors: ActorLookup = _no_actor,
                   sources: SourceLookup = _no_source, *, include_undated: bool = False,
                   coded_date: str | None = None) -> Iterator[dict[str, Any]]:  # fmt: skip
    for event in events:
        record = plover_record(event, actors, sources, coded_date=coded_date)
        if record is not None and (record["date"] or include_undated):
            yield record


def export_plover(events: Iterable[Event], path: str | Path, actors: ActorLookup = _no_actor,
                  sources: SourceLookup = _no_source, **options: Any) -> int:  # fmt: skip
    """Write PLOVER JSON records, one per line (JSONL); returns the record count."""
    count = 0
    with Path(path).open("w", encoding="utf-8") as handle:
        for record in plover_records(events, actors, sources, **options):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


# --- Parquet ------------------------------------------------------------------------------------

RELATION_SCHEMA = pa.schema(
    [
        ("id", pa.string()), ("doc_id", pa.string()), ("sentence_index", pa.int64()),
        ("source", pa.string()), ("target", pa.string()), ("relation", pa.string()),
        ("polarity", pa.string()), ("modality", pa.string()), ("symmetric", pa.bool_()),
        ("date", pa.string()), ("date_precision", pa.string()), ("date_text", pa.string()),
        ("evidence_text", pa.string()), ("evidence_start", pa.int64()),
        ("evidence_end", pa.int64()), ("confidence", pa.float64()),
        ("event_ids", pa.list_(pa.string())), ("cameo", pa.string()), ("plover", pa.string()),
        ("goldstein", pa.float64()), ("extractor", pa.string()),
    ]
)  # fmt: skip

EVENT_SCHEMA = pa.schema(
    [
        ("id", pa.string()), ("doc_id", pa.string()), ("sentence_index", pa.int64()),
        ("cameo", pa.string()), ("plover", pa.string()), ("quad_class", pa.int64()),
        ("goldstein", pa.float64()), ("polarity", pa.string()), ("modality", pa.string()),
        ("source", pa.string()), ("source_text", pa.string()), ("target", pa.string()),
        ("target_text", pa.string()), ("date", pa.string()), ("date_precision", pa.string()),
        ("date_text", pa.string()), ("trigger_text", pa.string()), ("trigger_start", pa.int64()),
        ("trigger_end", pa.int64()), ("evidence_text", pa.string()),
        ("evidence_start", pa.int64()), ("evidence_end", pa.int64()),
        ("confidence", pa.float64()), ("extractor", pa.string()),
    ]
)  # fmt: skip

ACTOR_SCHEMA = pa.schema(
    [
        ("id", pa.string()), ("name", pa.string()), ("type", pa.string()),
        ("country", pa.string()), ("cameo", pa.string()), ("aliases", pa.list_(pa.string())),
        ("valid_from", pa.string()), ("valid_to", pa.string()),
    ]
)  # fmt: skip

DYAD_SCHEMA = pa.schema(
    [
        ("a", pa.string()), ("b", pa.string()), ("level", pa.string()),
        ("class", pa.string()), ("score", pa.float64()), ("goldstein", pa.float64()),
        ("confidence", pa.float64()), ("relations", pa.int64()), ("negated", pa.int64()),
        ("first", pa.string()), ("last", pa.string()), ("counts", pa.string()),
        ("deciding", pa.list_(pa.string())), ("reason", pa.string()),
    ]
)  # fmt: skip


def relation_row(r: Relation) -> dict[str, Any]:
    return {
        "id": r.id, "doc_id": r.doc_id, "sentence_index": r.sentence_index, "source": r.source,
        "target": r.target, "relation": r.relation, "polarity": r.polarity,
        "modality": r.modality, "symmetric": r.symmetric,
        "date": r.date.value if r.date else None,
        "date_precision": r.date.precision if r.date else None,
        "date_text": r.date.text if r.date else None,
        "evidence_text": r.evidence.text, "evidence_start": r.evidence.start,
        "evidence_end": r.evidence.end, "confidence": r.confidence,
        "event_ids": list(r.event_ids), "cameo": r.cameo, "plover": r.plover,
        "goldstein": r.goldstein, "extractor": r.extractor,
    }  # fmt: skip


def relation_from_row(row: dict[str, Any]) -> Relation:
    info = None
    if row["date"] is not None or row["date_text"] is not None:
        info = DateInfo(row["date"], row["date_precision"], row["date_text"])
    return Relation(
        id=row["id"], doc_id=row["doc_id"], sentence_index=row["sentence_index"],
        source=row["source"], target=row["target"], relation=row["relation"],
        polarity=row["polarity"], modality=row["modality"], symmetric=row["symmetric"],
        evidence=Evidence(row["evidence_text"], row["evidence_start"], row["evidence_end"]),
        date=info, confidence=row["confidence"], event_ids=tuple(row["event_ids"] or ()),
        cameo=row["cameo"], plover=row["plover"], goldstein=row["goldstein"],
        extractor=row["extractor"] or "",
    )  # fmt: skip


def event_row(e: Event) -> dict[str, Any]:
    return {
        "id": e.id, "doc_id": e.doc_id, "sentence_index": e.sentence_index, "cameo": e.cameo,
        "plover": e.plover, "quad_class": e.quad_class, "goldstein": e.goldstein,
        "polarity": e.polarity, "modality": e.modality,
        "source": e.source.actor_id if e.source else None,
        "source_text": e.source.text if e.source else None,
        "target": e.target.actor_id if e.target else None,
        "target_text": e.target.text if e.target else None,
        "date": e.date.value if e.date else None,
        "date_precision": e.date.precision if e.date else None,
        "date_text": e.date.text if e.date else None,
        "trigger_text": e.trigger.text, "trigger_start": e.trigger.start,
        "trigger_end": e.trigger.end, "evidence_text": e.evidence.text,
        "evidence_start": e.evidence.start, "evidence_end": e.evidence.end,
        "confidence": e.confidence, "extractor": e.extractor,
    }  # fmt: skip


def actor_row(a: Actor) -> dict[str, Any]:
    return {
        "id": a.id, "name": a.name, "type": a.type, "country": a.country, "cameo": a.cameo,
        "aliases": list(a.aliases), "valid_from": a.valid_from, "valid_to": a.valid_to,
    }  # fmt: skip


def dyad_row(d: Dyad) -> dict[str, Any]:
    return {
        "a": d.a, "b": d.b, "level": d.level, "class": d.relation_class, "score": d.score,
        "goldstein": d.goldstein, "confidence": d.confidence,
        "relations": len(d.relations) - d.negated, "negated": d.negated, "first": d.first,
        "last": d.last, "counts": json.dumps(d.counts), "deciding": list(d.deciding),
        "reason": d.reason,
    }  # fmt: skip


def export_parquet(
    path: str | Path,
    *,
    relations: Iterable[Relation] = (),
    events: Iterable[Event] = (),
    actors: Iterable[Actor] = (),
    dyads: Iterable[Dyad] = (),
) -> dict[str, Path]:
    """Write one Parquet file per record kind into the folder ``path``; returns what was written.

    Every kind is written, empty or not, so a reader always finds the same tables.
    """
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    tables = {
        "relations": (RELATION_SCHEMA, [relation_row(r) for r in relations]),
        "events": (EVENT_SCHEMA, [event_row(e) for e in events]),
        "actors": (ACTOR_SCHEMA, [actor_row(a) for a in actors]),
        "dyads": (DYAD_SCHEMA, [dyad_row(d) for d in dyads]),
    }
    written = {}
    for name, (schema, rows) in tables.items():
        target = folder / f"{name}.parquet"
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), target)
        written[name] = target
    return written


def read_relations_parquet(path: str | Path) -> list[Relation]:
    """Relations back from ``relations.parquet`` (a file, or the folder holding it)."""
    target = Path(path)
    if target.is_dir():
        target = target / "relations.parquet"
    return [relation_from_row(row) for row in pq.read_table(target).to_pylist()]


# --- GraphML and GEXF ---------------------------------------------------------------------------


def _plain_graph(graph: nx.Graph) -> nx.Graph:
    """A copy whose attributes the XML writers accept (no None, lists or dicts)."""

    def plain(value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, bool | int | float | str):
            return value
        return json.dumps(value, ensure_ascii=False, default=str)

    copy = nx.Graph()
    copy.add_nodes_from((n, {k: plain(v) for k, v in d.items()}) for n, d in graph.nodes(data=True))
    copy.add_edges_from(
        (u, v, {k: plain(x) for k, x in d.items()}) for u, v, d in graph.edges(data=True)
    )
    return copy


def export_graphml(graph: nx.Graph, path: str | Path) -> Path:
    """The signed network as GraphML (for yEd, Gephi, igraph, networkx)."""
    nx.write_graphml(_plain_graph(graph), Path(path))
    return Path(path)


def export_gexf(graph: nx.Graph, path: str | Path) -> Path:
    """The signed network as GEXF 1.2 (Gephi's own format)."""
    nx.write_gexf(_plain_graph(graph), Path(path), version="1.2draft")
    return Path(path)


FORMATS = ("parquet", "gdelt", "plover", "graphml", "gexf")


def export_to(
    fmt: str,
    path: str | Path,
    *,
    relations: Iterable[Relation] = (),
    events: Iterable[Event] = (),
    actors: Iterable[Actor] = (),
    sources: SourceLookup = _no_source,
) -> dict[str, Any]:
    """``geopol export --format FMT -o PATH``: write one format; returns what was written."""
    actors = list(actors)
    table = {actor.id: actor for actor in actors}
    if fmt == "parquet":
        from geopol.analyze.dyads import dyads

        relations = list(relations)
        written = export_parquet(path, relations=relations, events=events, actors=actors,
                                 dyads=dyads(relations, actors))  # fmt: skip
        return {"format": fmt, "files": [str(p) for p in written.values()]}
    if fmt == "gdelt":
        return {"format": fmt, "rows": export_gdelt(events, path, table.get, sources)}
    if fmt == "plover":
        return {"format": fmt, "records": export_plover(events, path, table.get, sources)}
    if fmt in ("graphml", "gexf"):
        from geopol.analyze.network import signed_network

        graph = signed_network(relations, actors)
        (export_graphml if fmt == "graphml" else export_gexf)(graph, path)
        return {"format": fmt, "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
