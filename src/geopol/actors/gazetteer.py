"""The actor gazetteer: states, organisations, groups and persons read from data files.

Everything here is data loading. The tables live in ``geopol/data/actors/`` as TSV files
(one record a line, multi-valued fields joined with ``|``) so they diff cleanly:

- ``states.tsv``: generated from pycountry + countryinfo by ``build_states.py``;
- ``states_curated.tsv``: hand curation applied on top (common names, demonyms, seats);
- ``organisations.tsv``: IGOs, blocs, armed groups, parties, agencies, generic actors;
- ``sectors.tsv``: nouns that turn a state mention into a body ("Turkish army" -> TURMIL);
- ``not_actors.tsv``: surfaces that look like actors but are not ("West Bank");
- ``cities.tsv``: cities other than capitals, only ever places of their state;
- ``regions.tsv``: regions held or settled by others than their state ("the West Bank"):
  places of their state, but no evidence of whose people are there;
- ``persons.tsv`` + ``roles.tsv``: persons and their time-bounded offices.

The loaded gazetteer is built once per process (``load_gazetteer`` is cached), so workers
of a process pool or Dask cluster each pay the load once.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Literal

from geopol.records import Actor, ActorType

# How a surface form names its actor: the kind drives disambiguation and the resolution
# recorded on the mention.
SurfaceKind = Literal[
    "name",  # the actor's own name or official name
    "alias",  # another name, abbreviation, spelling
    "capital",  # a capital city used for its government ("Ankara said")
    "seat",  # a seat of government ("the Kremlin", "the White House")
    "adjective",  # a demonym adjective ("Turkish")
    "plural",  # a plural demonym ("Iraqis"): the population
    "person",  # a person's name or alias
    "blocker",  # not an actor ("West Bank"): wins the longest match and yields nothing
    "city",  # a city other than a capital: only ever a place of its state ("in Karachi")
    "region",  # a place of its state that says nothing of whose people are there
]

POPULATION_SUFFIX = "_POP"
REBELS_SUFFIX = "_REB"
OPPOSITION_SUFFIX = "_OPP"

# PLOVER actor types (the POLECAT agent types) for the gazetteer's actor types when the
# mention carries no sector of its own.
PLOVER_TYPE_BY_ACTOR_TYPE: dict[str, str] = {
    "state": "GOV",
    "igo": "IGO",
    "coalition": "IGO",
    "state_group": "GOV",
    "non_state_armed_group": "REB",
    "subnational_government": "GOV",
    "security_agency": "MIL",
    "government_body": "GOV",
    "party": "PTY",
    "communal_group": "CVL",
    "person": "GOV",
    "company": "BUS",
    "organization": "NGO",
    "unknown": "UNK",
}


@dataclass(slots=True, frozen=True)
class Surface:
    """One way of writing an actor: what the matcher looks for."""

    text: str
    actor_id: str
    kind: SurfaceKind
    sector: str = ""  # CAMEO sector the surface implies ("Pentagon" -> MIL)


@dataclass(slots=True, frozen=True)
class SectorNoun:
    """A noun phrase that, after a state mention, names one of its bodies or groups."""

    text: str
    sector: str  # CAMEO sector code: GOV, MIL, COP, LEG, JUD, SPY, CVL, REB, OPP, ...
    target: Literal["state", "population", "rebels", "opposition"]


@dataclass(slots=True, frozen=True)
class Role:
    person_id: str
    country: str
    role: str  # president, prime_minister, foreign_minister, ...
    start: str  # ISO date (YYYY, YYYY-MM or YYYY-MM-DD)
    end: str  # "" while in office

    def holds_on(self, when: str) -> bool:
        """True when the office was held on the (possibly partial) ISO date ``when``."""
        lo, hi = _date_bounds(when)
        start = _date_bounds(self.start)[0]
        end = _date_bounds(self.end)[1] if self.end else "9999-12-31"
        return start <= hi and lo <= end


@dataclass(slots=True)
class StateInfo:
    status: str = "un_member"
    adjectives: list[str] = field(default_factory=list)
    plurals: list[str] = field(default_factory=list)
    capitals: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Gazetteer:
    actors: dict[str, Actor] = field(default_factory=dict)
    surfaces: list[Surface] = field(default_factory=list)
    sector_nouns: dict[str, SectorNoun] = field(default_factory=dict)
    states: dict[str, StateInfo] = field(default_factory=dict)
    roles: list[Role] = field(default_factory=list)
    role_titles: dict[str, str] = field(default_factory=dict)
    # Nouns that stand for a body of the state a sentence is about ("police", "the army").
    bare_nouns: frozenset[str] = frozenset()

    def roles_of(self, person_id: str) -> list[Role]:
        return [r for r in self.roles if r.person_id == person_id]


def _date_bounds(value: str) -> tuple[str, str]:
    """The first and last day a partial ISO date can mean: '2013' -> 2013-01-01..2013-12-31."""
    value = value.strip()
    if len(value) == 4:
        return f"{value}-01-01", f"{value}-12-31"
    if len(value) == 7:
        return f"{value}-01", f"{value}-31"
    return value[:10], value[:10]


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def _read_tsv(name: str) -> Iterator[dict[str, str]]:
    """Rows of a TSV data file; lines starting with '#' are comments."""
    path = resources.files("geopol").joinpath("data", "actors", name)
    with path.open(encoding="utf-8") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in reader:
            yield {k: (v or "").strip() for k, v in row.items() if k}


def state_cameo(iso3: str, sector: str = "") -> str:
    return f"{iso3}{sector}"


# ---------------------------------------------------------------------------- states


def _load_states(gaz: Gazetteer) -> None:
    names: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}
    for row in _read_tsv("states.tsv"):
        iso = row["id"]
        names[iso] = row["name"]
        aliases[iso] = _split(row["aliases"])
        gaz.states[iso] = StateInfo(
            status=row["status"],
            adjectives=_split(row["adjectives"]),
            plurals=_split(row["plurals"]),
            capitals=_split(row["capitals"]),
        )
    seats: dict[str, list[str]] = {}
    for row in _read_tsv("states_curated.tsv"):
        _apply_curation(row, names, aliases, seats, gaz.states)
    for iso, name in names.items():
        info = gaz.states[iso]
        actor_aliases = tuple(dict.fromkeys([*aliases[iso], *info.adjectives]))
        gaz.actors[iso] = Actor(
            id=iso,
            name=name,
            type="state",
            country=iso,
            cameo=iso,
            aliases=actor_aliases,
            plover_type="GOV",
        )
        gaz.surfaces.append(Surface(name, iso, "name"))
        gaz.surfaces += [Surface(a, iso, "alias") for a in aliases[iso]]
        gaz.surfaces += [Surface(a, iso, "adjective") for a in info.adjectives]
        gaz.surfaces += [Surface(p, iso, "plural", "CVL") for p in info.plurals]
        gaz.surfaces += [Surface(c, iso, "capital", "GOV") for c in info.capitals]
        for seat in seats.get(iso, []):
            text, _, sector = seat.partition("=")
            gaz.surfaces.append(Surface(text, iso, "seat", sector or "GOV"))


def _apply_curation(
    row: dict[str, str],
    names: dict[str, str],
    aliases: dict[str, list[str]],
    seats: dict[str, list[str]],
    states: dict[str, StateInfo],
) -> None:
    iso, op, values = row["id"], row["field"], _split(row["value"])
    if iso not in names:  # a state the ISO tables lack (Kosovo, Somaliland, ...)
        names[iso] = values[0] if op == "name" else iso
        aliases[iso] = []
        states[iso] = StateInfo(status="disputed")
    info = states[iso]
    lists = {
        "alias": aliases[iso],
        "adjective": info.adjectives,
        "plural": info.plurals,
        "capital": info.capitals,
        "seat": seats.setdefault(iso, []),
    }
    if op == "name":
        old = names[iso]
        names[iso] = values[0]
        if old != values[0] and old not in aliases[iso]:
            aliases[iso].append(old)
        if values[0] in aliases[iso]:
            aliases[iso].remove(values[0])
    elif op == "status":
        info.status = values[0]
    elif op[0] in "+-" and op[1:] in lists:
        target = lists[op[1:]]
        for value in values:
            if op[0] == "+" and value not in target:
                target.append(value)
            elif op[0] == "-" and value in target:
                target.remove(value)
    else:
        raise ValueError(f"states_curated.tsv: unknown field {op!r} for {iso}")


# ---------------------------------------------------------------------- organisations


def _load_organisations(gaz: Gazetteer) -> None:
    for row in _read_tsv("organisations.tsv"):
        actor_id = row["id"]
        if actor_id in gaz.actors:
            # an id shared with a state would replace the state ("NAM" is Namibia)
            raise ValueError(f"organisations.tsv: id {actor_id!r} is already taken")
        actor_type: ActorType = row["type"]  # type: ignore[assignment]
        alias_list = _split(row["aliases"])
        gaz.actors[actor_id] = Actor(
            id=actor_id,
            name=row["name"],
            type=actor_type,
            country=row["country"] or None,
            cameo=row["cameo"] or None,
            aliases=tuple(alias_list),
            plover_type=row["plover"] or PLOVER_TYPE_BY_ACTOR_TYPE.get(actor_type),
        )
        gaz.surfaces.append(Surface(row["name"], actor_id, "name"))
        gaz.surfaces += [Surface(a, actor_id, "alias") for a in alias_list]
        # Cities standing for the actor ("Brussels" for the EU) behave like capitals.
        gaz.surfaces += [Surface(m, actor_id, "capital") for m in _split(row["metonyms"])]


def _load_bare_nouns(gaz: Gazetteer) -> None:
    nouns = frozenset(row["noun"].lower() for row in _read_tsv("bare_nouns.tsv"))
    unknown = nouns - gaz.sector_nouns.keys() - gaz.role_titles.keys()
    if unknown:
        raise ValueError(f"bare_nouns.tsv: not in sectors.tsv or role_titles.tsv: {unknown}")
    gaz.bare_nouns = nouns


def _load_cities(gaz: Gazetteer) -> None:
    for row in _read_tsv("cities.tsv"):
        for name in [row["city"], *_split(row["aliases"])]:
            gaz.surfaces.append(Surface(name, row["state"], "city"))


def _load_regions(gaz: Gazetteer) -> None:
    for row in _read_tsv("regions.tsv"):
        for name in [row["region"], *_split(row["aliases"])]:
            gaz.surfaces.append(Surface(name, row["state"], "region"))


def _load_blockers(gaz: Gazetteer) -> None:
    for row in _read_tsv("not_actors.tsv"):
        gaz.surfaces.append(Surface(row["surface"], "", "blocker"))


def _load_sectors(gaz: Gazetteer) -> None:
    for row in _read_tsv("sectors.tsv"):
        noun = SectorNoun(row["noun"].lower(), row["sector"], row["target"])  # type: ignore[arg-type]
        gaz.sector_nouns[noun.text] = noun


# --------------------------------------------------------------------------- persons


def _load_persons(gaz: Gazetteer) -> None:
    for row in _read_tsv("persons.tsv"):
        person_id = row["id"]
        alias_list = _split(row["aliases"])
        gaz.actors[person_id] = Actor(
            id=person_id,
            name=row["name"],
            type="person",
            country=row["country"] or None,
            cameo=row["country"] or None,
            aliases=tuple(alias_list),
            plover_type="ELI",
        )
        gaz.surfaces.append(Surface(row["name"], person_id, "person"))
        gaz.surfaces += [Surface(a, person_id, "person") for a in alias_list]
    for row in _read_tsv("roles.tsv"):
        if row["person"] not in gaz.actors:
            raise ValueError(f"roles.tsv: unknown person {row['person']!r}")
        gaz.roles.append(Role(row["person"], row["country"], row["role"], row["start"], row["end"]))
    for row in _read_tsv("role_titles.tsv"):
        gaz.role_titles[row["title"].lower()] = row["role"]


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    gaz = Gazetteer()
    _load_states(gaz)
    _load_organisations(gaz)
    _load_persons(gaz)
    _load_sectors(gaz)
    _load_bare_nouns(gaz)
    _load_cities(gaz)
    _load_regions(gaz)
    _load_blockers(gaz)
    return gaz
