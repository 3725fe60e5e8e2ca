"""Records as the JSON/CSV shapes of the command-line and API contracts (see DESIGN.md).

The CLI and the API both call these, so the two faces always agree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from geopol.records import Actor, Event, Mention, Relation

ActorLookup = Callable[[str], Actor | None]
SourceLookup = Callable[[str], str | None]


def actor_ref(actor_id: str | None, lookup: ActorLookup) -> dict[str, Any] | None:
    if actor_id is None:
        return None
    actor = lookup(actor_id)
    if actor is None:
        return {"id": actor_id, "name": actor_id, "type": "unknown", "country": None}
    return actor.to_ref()


def relation_json(rel: Relation, actors: ActorLookup, sources: SourceLookup) -> dict[str, Any]:
    """One line of `geopol relations --format jsonl` (contract fields first, extensions after)."""
    return {
        "id": rel.id,
        "doc": sources(rel.doc_id) or rel.doc_id,
        "source": actor_ref(rel.source, actors),
        "target": actor_ref(rel.target, actors),
        "relation": rel.relation,
        "polarity": rel.polarity,
        "modality": rel.modality,
        "symmetric": rel.symmetric,
        "cameo": rel.cameo,
        "plover": rel.plover,
        "goldstein": rel.goldstein,
        "date": rel.date.value if rel.date else None,
        "date_text": rel.date.text if rel.date else None,
        "evidence": {
            "text": rel.evidence.text,
            "start": rel.evidence.start,
            "end": rel.evidence.end,
        },
        "confidence": round(rel.confidence, 3),
        # extensions
        "doc_id": rel.doc_id,
        "sentence_index": rel.sentence_index,
        "date_precision": rel.date.precision if rel.date else None,
        "event_ids": list(rel.event_ids),
    }


def _mention_json(m: Mention | None, actors: ActorLookup) -> dict[str, Any] | None:
    if m is None:
        return None
    ref = actor_ref(m.actor_id, actors) or {}
    return {**ref, "text": m.text, "code": m.cameo or m.actor_id, "span": [m.start, m.end]}


def event_json(event: Event, actors: ActorLookup, sources: SourceLookup) -> dict[str, Any]:
    return {
        "id": event.id,
        "doc": sources(event.doc_id) or event.doc_id,
        "doc_id": event.doc_id,
        "sentence_index": event.sentence_index,
        "cameo": event.cameo,
        "plover": event.plover,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        "polarity": event.polarity,
        "modality": event.modality,
        "negated": event.negated,
        "source": _mention_json(event.source, actors),
        "target": _mention_json(event.target, actors),
        "date": event.date.value if event.date else None,
        "date_precision": event.date.precision if event.date else None,
        "date_text": event.date.text if event.date else None,
        "trigger": {
            "text": event.trigger.text,
            "start": event.trigger.start,
            "end": event.trigger.end,
        },
        "evidence": {
            "text": event.evidence.text,
            "start": event.evidence.start,
            "end": event.evidence.end,
        },
        "confidence": round(event.confidence, 3),
        "extractor": event.extractor,
        "inferred_roles": list(event.inferred_roles),
    }


EVENT_CSV_COLUMNS = [
    "id", "doc", "sentence_index", "date", "date_precision", "source_id", "source_text",
    "target_id", "target_text", "cameo", "plover", "quad_class", "goldstein", "polarity",
    "modality", "trigger", "evidence", "evidence_start", "evidence_end", "confidence",
]  # fmt: skip


def event_csv_row(event: Event, sources: SourceLookup) -> list[Any]:
    return [
        event.id, sources(event.doc_id) or event.doc_id, event.sentence_index,
        event.date.value if event.date else None, event.date.precision if event.date else None,
        event.source.actor_id if event.source else None, event.source.text if event.source else None,
        event.target.actor_id if event.target else None, event.target.text if event.target else None,
        event.cameo, event.plover, event.quad_class, event.goldstein, event.polarity,
        event.modality, event.trigger.text, event.evidence.text, event.evidence.start,
        event.evidence.end, round(event.confidence, 3),
    ]  # fmt: skip


RELATION_CSV_COLUMNS = [
    "id", "doc", "source_id", "source_name", "target_id", "target_name", "relation", "polarity",
    "modality", "symmetric", "cameo", "plover", "goldstein", "date", "date_text",
    "evidence_text", "evidence_start", "evidence_end", "confidence",
]  # fmt: skip


def relation_csv_row(rel: Relation, actors: ActorLookup, sources: SourceLookup) -> list[Any]:
    data = relation_json(rel, actors, sources)
    src, tgt, ev = data["source"], data["target"], data["evidence"]
    return [
        data["id"], data["doc"], src["id"], src["name"], tgt["id"], tgt["name"],
        data["relation"], data["polarity"], data["modality"], data["symmetric"], data["cameo"],
        data["plover"], data["goldstein"], data["date"], data["date_text"], ev["text"],
        ev["start"], ev["end"], data["confidence"],
    ]  # fmt: skip
