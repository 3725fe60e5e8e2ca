"""Actor lookup: gazetteer actors, derived actors and actors found by NER.

Derived actors are built on demand from a state id and a suffix: ``IRQ_POP`` (the Iraqi
population, a communal group), ``SYR_REB`` (armed opponents of the Syrian state),
``VEN_OPP`` (the Venezuelan political opposition). Actors that NER found in a text and the
gazetteer lacks are registered here for the life of the process so ``get_actor`` can
return them too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from geopol.actors.gazetteer import (
    OPPOSITION_SUFFIX,
    POPULATION_SUFFIX,
    REBELS_SUFFIX,
    load_gazetteer,
)
from geopol.actors.matcher import fold_accents
from geopol.actors.roles import roles_of
from geopol.records import UNKNOWN_ACTOR, UNKNOWN_ACTOR_ID, Actor

_discovered: dict[str, Actor] = {}


def actor_id_for(name: str) -> str:
    """Deterministic id of a new actor: its name, upper case, words joined by '_'."""
    return re.sub(r"[^A-Z0-9]+", "_", fold_accents(name).upper()).strip("_")


def register_actor(actor: Actor) -> Actor:
    """Remember an actor found outside the gazetteer (NER, titled names).

    The first one registered wins, except that a known country fills in a missing one.
    """
    known = _discovered.get(actor.id)
    if known is None or (known.country is None and actor.country is not None):
        _discovered[actor.id] = actor
        return actor
    return known


def _derived(actor_id: str) -> Actor | None:
    gaz = load_gazetteer()
    base, _, suffix = actor_id.rpartition("_")
    state = gaz.actors.get(base)
    if state is None or state.type != "state":
        return None
    info = gaz.states[base]
    adjective = info.adjectives[0] if info.adjectives else state.name
    suffix = "_" + suffix
    if suffix == POPULATION_SUFFIX:
        return Actor(id=actor_id, name=f"{adjective} population", type="communal_group",
                     country=base, cameo=f"{base}CVL", aliases=tuple(info.plurals),
                     plover_type="CVL")  # fmt: skip
    if suffix == REBELS_SUFFIX:
        return Actor(id=actor_id, name=f"{adjective} rebels", type="non_state_armed_group",
                     country=base, cameo=f"{base}REB", plover_type="REB")  # fmt: skip
    if suffix == OPPOSITION_SUFFIX:
        return Actor(id=actor_id, name=f"{adjective} opposition", type="party",
                     country=base, cameo=f"{base}OPP", plover_type="OPP")  # fmt: skip
    return None


def get_actor(actor_id: str) -> Actor | None:
    """The actor with this id, or None when no table, rule or NER run knows it."""
    if actor_id == UNKNOWN_ACTOR_ID:
        return UNKNOWN_ACTOR
    actor = load_gazetteer().actors.get(actor_id)
    if actor is not None:
        return actor
    return _discovered.get(actor_id) or _derived(actor_id)


def all_actors() -> Iterator[Actor]:
    """Every gazetteer actor (states, organisations, groups, persons), then NER finds."""
    yield from load_gazetteer().actors.values()
    yield from list(_discovered.values())


def describe_actor(actor_id: str) -> dict[str, Any] | None:
    """What the CLI and API show for one actor: names, codes, aliases and offices."""
    actor = get_actor(actor_id)
    if actor is None:
        return None
    gaz = load_gazetteer()
    info: dict[str, Any] = {
        "id": actor.id,
        "name": actor.name,
        "type": actor.type,
        "country": actor.country,
        "cameo": actor.cameo,
        "plover_type": actor.plover_type,
        "aliases": list(actor.aliases),
        "roles": [
            {"country": r.country, "role": r.role, "start": r.start, "end": r.end or None}
            for r in roles_of(actor.id)
        ],
    }
    state = gaz.states.get(actor.id)
    if state is not None:
        info["status"] = state.status
        info["demonyms"] = state.adjectives
        info["capitals"] = state.capitals
        info["office_holders"] = [
            {"person": r.person_id, "role": r.role, "start": r.start, "end": r.end or None}
            for r in gaz.roles
            if r.country == actor.id
        ]
    return info
