"""What kind of actor an id names: state, organisation, armed group, person or other.

Some cues only make sense for some kinds of target ("joined NATO" is membership, "joined the
talks" is not; arming a state is military cooperation, arming a militia is support for an
armed group). The kind comes from the Actor records when the caller has them, else from the
actor registry of ``geopol.actors`` when it is installed, else from the shape of the id (an
ISO 3166 alpha-3 code is a state).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Literal

import pycountry

from geopol.records import Actor

Kind = Literal["state", "org", "armed", "person", "other", "unknown"]

_KIND_OF_TYPE: dict[str, Kind] = {
    "state": "state",
    "igo": "org",
    "coalition": "org",
    "state_group": "org",
    "non_state_armed_group": "armed",
    "person": "person",
    "subnational_government": "other",
    "security_agency": "other",
    "government_body": "other",
    "party": "other",
    "communal_group": "other",
    "company": "other",
    "ngo": "other",
    "organization": "org",
    "unknown": "unknown",
}

# Words around a name that say the actor is an armed group even when the registry does not.
ARMED_WORDS = re.compile(
    r"\b(?:militias?|militiam[ae]n|rebels?|rebel group|fighters|insurgents?|insurgency|"
    r"armed (?:groups?|factions?|movements?|wing)|factions?|paramilitar\w*|guerrill\w*|"
    r"jihadis\w*|militants?|proxies|proxy forces|terrorists?|terror group|separatists?|"
    r"brigades?|mujahideen)\b",
    re.IGNORECASE,
)


# Ids of a state's population and of its unnamed armed opponents ("Iraqis", "Syrian rebels").
POPULATION_SUFFIXES = ("_POP",)
REBEL_SUFFIXES = ("_REB",)

# Actor types that act for their state (dyads at state level roll them up to it).
SPEAKS_FOR_STATE = frozenset({"person", "security_agency", "government_body"})


def kind_of_type(actor_type: str | None) -> Kind:
    return _KIND_OF_TYPE.get(actor_type or "unknown", "unknown")


@cache
def _registry_lookup() -> Callable[[str], Actor | None] | None:
    """``geopol.actors.get_actor`` when that stage is installed (it is optional here)."""
    try:
        module = importlib.import_module("geopol.actors")
    except ImportError:
        return None
    lookup = getattr(module, "get_actor", None)
    return lookup if callable(lookup) else None


@cache
def _group_led_by(person_id: str) -> str | None:
    """The organisation or armed group a person leads when all the offices the role table
    knows for them are in that one body ("Haftar" leads the LNA), else None."""
    try:
        roles = importlib.import_module("geopol.actors.roles").roles_of(person_id)
    except (ImportError, AttributeError):
        return None
    bodies = {role.country for role in roles}
    if len(bodies) != 1:
        return None
    body = bodies.pop()
    return None if _is_state_code(body) else body


@cache
def _is_state_code(actor_id: str) -> bool:
    if len(actor_id) != 3 or not actor_id.isalpha() or not actor_id.isupper():
        return False
    return pycountry.countries.get(alpha_3=actor_id) is not None or actor_id == "XKX"


class ActorKinds:
    """Kind and country of actor ids, from given actors, the registry, or the id itself."""

    def __init__(self, actors: Iterable[Actor] = ()) -> None:
        self._actors: dict[str, Actor] = {actor.id: actor for actor in actors}
        self._cache: dict[str, Kind] = {}

    def actor(self, actor_id: str) -> Actor | None:
        if actor_id in self._actors:
            return self._actors[actor_id]
        lookup = _registry_lookup()
        if lookup is None:
            return None
        try:
            found = lookup(actor_id)
        except Exception:  # the registry is another stage: never let it break extraction
            found = None
        if found is not None:
            self._actors[actor_id] = found
        return found

    def kind(self, actor_id: str) -> Kind:
        if actor_id not in self._cache:
            self._cache[actor_id] = self._find_kind(actor_id)
        return self._cache[actor_id]

    def _find_kind(self, actor_id: str) -> Kind:
        actor = self.actor(actor_id)
        if actor is not None and actor.type != "unknown":
            return kind_of_type(actor.type)
        if _is_state_code(actor_id):
            return "state"
        return "unknown"

    def state_of(self, actor_id: str) -> str:
        """The state a person, agency or government body acts for (the group a group's
        leader acts for); any other actor itself."""
        actor = self.actor(actor_id)
        if actor is None or actor.type not in SPEAKS_FOR_STATE:
            return actor_id
        if actor.type == "person":
            group = _group_led_by(actor_id)
            if group is not None:
                return group
        return actor.country or actor_id

    def relational(self, actor_id: str) -> bool:
        """Whether the actor can hold a tie a coded event implies: states, organisations,
        armed groups, bodies and officials of a known state. Not a population, a communal
        group, a person of unknown allegiance or an organisation only NER has heard of (a
        treaty, a court ruling, a waterway)."""
        actor = self.actor(actor_id)
        if actor is None:
            return _is_state_code(actor_id) or actor_id.endswith(REBEL_SUFFIXES)
        if actor.type in ("communal_group", "organization", "unknown", "ngo"):
            return False
        if actor.type == "person":
            return bool(actor.country)
        return not actor_id.endswith(POPULATION_SUFFIXES)

    def accepts(self, actor_id: str, wanted: str) -> bool:
        """Whether the actor may fill a role restricted to ``wanted`` kinds.

        Unknown kinds are accepted unless the id looks like a state, so that a missing registry
        costs precision, not recall.
        """
        if wanted == "any":
            return True
        kind = self.kind(actor_id)
        if wanted == "org":
            return kind in ("org", "unknown")
        if wanted == "nonorg":
            return kind != "org"
        if wanted == "nonstate":
            return kind != "state"
        if wanted == "state":
            return kind in ("state", "unknown")
        raise ValueError(f"unknown target kind {wanted!r}")
