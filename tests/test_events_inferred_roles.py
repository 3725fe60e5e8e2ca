"""Roles the coder fills CAMEO-style (a place, the next party named) are marked as inferred,
shown in the JSON, and left out of relations."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from factories import processed
from geopol.pipeline import process_text
from geopol.relations.coded import coded_hits
from geopol.relations.kinds import ActorKinds
from geopol.store import DuckDBStore, MemoryStore
from geopol.views import event_json


def _events(text: str) -> list[dict]:
    # `geopol code` keeps the DESIGN format exactly; the events views carry the mark.
    found = process_text(text)
    return [event_json(e, lambda _id: None, lambda _doc: None) for e in found.events]


def test_a_place_filled_in_as_target_is_marked_inferred() -> None:
    [event] = _events("Militants stormed a hotel in Mogadishu.")
    assert event["target"]["id"] == "SOM"
    assert event["inferred_roles"] == ["target"]


def test_roles_the_words_give_are_not_marked() -> None:
    [event] = _events("Russia attacked Ukraine on Monday.")
    assert (event["source"]["id"], event["target"]["id"]) == ("RUS", "UKR")
    assert event["inferred_roles"] == []


def test_an_event_with_an_inferred_role_gives_no_relation() -> None:
    # The factory's signing event links Ruritania and Freedonia through its words.
    event = processed().events[0]
    kinds = ActorKinds(processed().actors)
    assert coded_hits(event, [], kinds)
    guessed = copy.deepcopy(event)
    guessed.inferred_roles = ["target"]
    assert coded_hits(guessed, [], kinds) == []


@pytest.mark.parametrize("kind", ["memory", "duckdb"])
def test_inferred_roles_survive_the_store_and_reach_the_views(kind: str, tmp_path: Path) -> None:
    item = processed()
    item.events[0].inferred_roles = ["source"]
    store = MemoryStore() if kind == "memory" else DuckDBStore(tmp_path / "t.duckdb")
    store.write(item)
    [stored] = [e for e in store.events() if e.id == item.events[0].id]
    store.close()
    assert stored.inferred_roles == ["source"]
    shown = event_json(stored, lambda _id: None, lambda _doc: None)
    assert shown["inferred_roles"] == ["source"]
