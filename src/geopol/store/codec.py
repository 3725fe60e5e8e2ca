"""Records to and from JSON-ready dicts, tolerant of fields added later.

Stores keep nested parts of records (dates, evidence, actor mentions) as JSON, so a
field added to a record with a default does not need a schema migration.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import json
from typing import Any, TypeVar

from geopol.records import (
    Actor,
    DateInfo,
    Document,
    Event,
    Evidence,
    Mention,
    OffsetMap,
    Relation,
    Sentence,
)

T = TypeVar("T")


def plain(obj: Any) -> Any:
    if obj is None:
        return None
    if isinstance(obj, OffsetMap):
        return obj.to_dict()
    if not _is_record(obj):
        return dataclasses.asdict(obj)  # raises its own TypeError on a non-dataclass
    return _plain_value(obj)


_SCALARS = (str, int, float, bool)


def _is_record(value: Any) -> bool:
    return hasattr(type(value), "__dataclass_fields__") and not isinstance(value, type)


@functools.cache
def _record_fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _plain_value(value: Any) -> Any:
    """What `dataclasses.asdict` gives, without its deep copy of every string and number
    (immutable, so the copy was only cost: it was most of the time a store write took)."""
    if value is None or isinstance(value, _SCALARS):
        return value
    if _is_record(value):
        names = _record_fields(type(value))  # type: ignore[arg-type]
        return {name: _plain_value(getattr(value, name)) for name in names}
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a namedtuple
        return type(value)(*[_plain_value(v) for v in value])
    if isinstance(value, (list, tuple)):
        return type(value)(_plain_value(v) for v in value)
    if isinstance(value, dict):
        return type(value)((_plain_value(k), _plain_value(v)) for k, v in value.items())
    return copy.deepcopy(value)


def dumps(obj: Any) -> str | None:
    data = plain(obj)
    return None if data is None else json.dumps(data, ensure_ascii=False)


def build(cls: type[T], data: dict[str, Any] | None) -> T | None:
    """Build a flat record from a dict, ignoring keys the record does not (or no longer) has."""
    if data is None:
        return None
    names = _field_names(cls)  # type: ignore[arg-type]
    kwargs = {k: v for k, v in data.items() if k in names}
    if "aliases" in kwargs and isinstance(kwargs["aliases"], list):
        kwargs["aliases"] = tuple(kwargs["aliases"])
    if "event_ids" in kwargs and isinstance(kwargs["event_ids"], list):
        kwargs["event_ids"] = tuple(kwargs["event_ids"])
    return cls(**kwargs)


@functools.cache
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(cls))


def loads(cls: type[T], text: str | None) -> T | None:
    return None if text is None else build(cls, json.loads(text))


def event_from_dict(data: dict[str, Any]) -> Event:
    data = dict(data)
    data["source"] = build(Mention, data.get("source"))
    data["target"] = build(Mention, data.get("target"))
    data["trigger"] = build(Evidence, data.get("trigger"))
    data["evidence"] = build(Evidence, data.get("evidence"))
    data["date"] = build(DateInfo, data.get("date"))
    event = build(Event, data)
    assert event is not None
    return event


def relation_from_dict(data: dict[str, Any]) -> Relation:
    data = dict(data)
    data["evidence"] = build(Evidence, data.get("evidence"))
    data["date"] = build(DateInfo, data.get("date"))
    relation = build(Relation, data)
    assert relation is not None
    return relation


def document_from_dict(data: dict[str, Any]) -> Document:
    data = dict(data)
    offsets = data.get("offsets")
    data["offsets"] = OffsetMap.from_dict(offsets) if offsets else OffsetMap()
    document = build(Document, data)
    assert document is not None
    return document


def sentence_from_dict(data: dict[str, Any]) -> Sentence:
    sentence = build(Sentence, data)
    assert sentence is not None
    return sentence


def actor_from_dict(data: dict[str, Any]) -> Actor:
    actor = build(Actor, data)
    assert actor is not None
    return actor


def mention_from_dict(data: dict[str, Any]) -> Mention:
    mention = build(Mention, data)
    assert mention is not None
    return mention
