"""Sentence-level actor recognition: gazetteer hits -> resolved mentions.

``mentions_in_text`` runs on one string and returns mentions whose offsets point into it.
The steps, each a small function:

1. ``find_hits``: Aho-Corasick over the lower-cased text (matcher.py);
2. ``_draft``: choose what each hit means (state, body, population, metonym, person, ...)
   with the context rules of context.py;
3. ``_attach_titles``: "President Erdogan", "Turkish Prime Minister X" become one person
   mention resolved against the date;
4. ``_extend_with_nouns``: "Turkish army" (TURMIL), "Iraq's foreign ministry" (IRQGOV),
   "Iraqi protesters" (the population), "the Iraqi prime minister" (the office holder);
5. ``_share_coordinated_sectors``: "US and Iraqi forces" gives both states the MIL sector.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from geopol.actors.context import (
    PERSON_NAME_HOMONYMS,
    capital_confidence,
    capital_is_place,
    inside_person_name,
    is_us_georgia,
)
from geopol.actors.gazetteer import (
    OPPOSITION_SUFFIX,
    PLOVER_TYPE_BY_ACTOR_TYPE,
    POPULATION_SUFFIX,
    REBELS_SUFFIX,
    Gazetteer,
    Role,
    Surface,
    load_gazetteer,
)
from geopol.actors.matcher import LED_FORCES, Hit, find_hits

if TYPE_CHECKING:
    from geopol.actors.ner import NerHit
from geopol.actors.roles import role_holder, role_on, roles_of
from geopol.records import UNKNOWN_ACTOR_ID, Actor, Mention, Resolution

# The more specific meaning wins when one surface has several ("US": alias and adjective).
_KIND_PRIORITY = {
    "name": 0,
    "alias": 1,
    "person": 2,
    "adjective": 3,
    "plural": 4,
    "seat": 5,
    "capital": 6,
    "city": 7,
    "region": 8,
}
_TARGET_SUFFIX = {
    "population": POPULATION_SUFFIX,
    "rebels": REBELS_SUFFIX,
    "opposition": OPPOSITION_SUFFIX,
}
# Modifiers that may sit between a state and the noun of its body ("Iraqi federal police").
_NOT_HOLDER = frozenset({"deputy", "vice", "former", "ex", "assistant", "junior", "then"})
_SKIPPABLE = frozenset(
    {"top", "senior", "federal", "central", "national", "local", "regional", "elite", "new",
     "interim", "caretaker", "own", "official", "acting", "current", "former", "then",
     "deputy", "vice", "assistant", "junior", "riot", "military", "chief", "top-level"}
)  # fmt: skip
_POSSESSIVE = re.compile(r"(?:'s|’s|')?")
_NEXT_WORD = re.compile(r"\s+([A-Za-z][A-Za-z-]*)")
_OF_PREFIX = re.compile(r"((?:[A-Za-z-]+\s+){1,4})of\s+(?:the\s+)?$")


@dataclass(slots=True)
class Draft:
    """A mention being built: offsets into the sentence text."""

    start: int
    end: int
    actor_id: str
    resolution: Resolution
    kind: str
    confidence: float
    sector: str = ""
    state: str | None = None  # the state the mention belongs to, when it has one
    title_role: str = ""  # the office a title in the mention names ("President X")


def mentions_in_text(
    text: str, *, when: str | None = None, ner: bool = False, places: bool = False
) -> list[Mention]:
    """Actor mentions in ``text``; ``start``/``end`` (and ``clean_*``) index ``text``.

    ``when`` is the ISO date the text speaks about (usually the document date): it decides
    which office a person held and who "the Turkish president" was. ``ner`` adds persons
    and organisations the gazetteer lacks (spaCy; much slower than the rest). ``places``
    also returns capitals and cities named as places ("a curfew in Abidjan") as
    low-confidence mentions of their state (see ``is_place``), in sentences that name some
    actor: CAMEO codes the place's state as the target of such events, but a place is no
    party to talks held there, so it is opt-in.
    """
    found = None
    if ner:
        from geopol.actors.ner import ner_hits  # spaCy loads only when NER is asked for

        found = ner_hits(text)
    return recognize(text, when=when, ner_hits=found, places=places)


# Confidence of a capital named as a place (``places=True``): marks it, see ``is_place``.
_PLACE = 0.2


def is_place(mention: Mention) -> bool:
    """True for a capital returned as a place ("in Abidjan"), not as a government."""
    return mention.resolution == "metonym" and mention.confidence == _PLACE


def recognize(
    text: str,
    *,
    when: str | None = None,
    ner_hits: list[NerHit] | None = None,
    places: bool = False,
) -> list[Mention]:
    """``mentions_in_text`` with NER hits computed by the caller (batched with spaCy's pipe)."""
    gaz = load_gazetteer()
    hits = find_hits(text)
    known_starts = {h.start for h in hits}
    drafts = [d for hit in hits if (d := _draft(text, hit, when, known_starts, gaz)) is not None]
    drafts = _attach_titles(text, drafts, when, gaz)
    drafts = [_extend_with_nouns(text, d, when, gaz) for d in drafts]
    drafts = _titled_names(text, drafts, gaz)
    drafts += _placed_attackers(text, _unknown_attackers(text, drafts), drafts)
    drafts += _bare_bodies(text, drafts, when, gaz)
    drafts = _ethnic_minorities(text, drafts)
    drafts = _communities_at_home(text, drafts, gaz)
    if ner_hits:
        # Places and blocked surfaces still count here: NER must not re-add them.
        drafts += _ner_drafts(ner_hits, drafts)
    # A place is the target of what its sentence's actors do ("a curfew in Abidjan"); in a
    # sentence with no actor it is only a setting, never a party.
    if places and any(d.kind != "place" for d in drafts):
        drafts = [_as_place(d) if d.actor_id else d for d in drafts]
    drafts = [d for d in drafts if d.kind != "place"]
    drafts = [_person_government(text, d, gaz) for d in drafts]
    _share_coordinated_sectors(text, drafts)
    drafts.sort(key=lambda d: (d.start, d.end))
    return [to_mention(text, d, when, gaz) for d in drafts]


def _as_place(draft: Draft) -> Draft:
    if draft.kind != "place":
        return draft
    return replace(draft, kind="capital", confidence=_PLACE, sector="")


# Perpetrators the text does not name: they get the UNKNOWN actor, never a guess.
_UNNAMED_ATTACKERS = re.compile(
    r"\b(?:(?:a|an|the)\s+)?(?:(?:unidentified|unknown|unnamed|masked|armed|suspected)\s+)?"
    r"(?:gunmen|gunman|assailants?|attackers?|bombers?|suicide bombers?|militants|"
    r"perpetrators|kidnappers|abductors|snipers?|armed men|hijackers)\b",
    re.IGNORECASE,
)
_UNNAMED_QUALIFIED = re.compile(
    r"\b(?:unidentified|unknown|unnamed)\s+(?:drones?|aircraft|warplanes|planes|"
    r"men|individuals|groups?|parties|forces|persons|people)\b",
    re.IGNORECASE,
)


def _overlapping(drafts: list[Draft], start: int, end: int) -> bool:
    return any(not (end <= d.start or start >= d.end) for d in drafts)


_ATTACKER_CUES = (
    "gunm", "assailant", "attacker", "bomber", "militants", "perpetrator", "kidnapper",
    "abductor", "sniper", "armed men", "hijacker", "unidentified", "unknown", "unnamed",
)  # fmt: skip


def _unknown_attackers(text: str, drafts: list[Draft]) -> list[Draft]:
    found: list[Draft] = []
    lowered = text.lower()
    if not any(cue in lowered for cue in _ATTACKER_CUES):  # most sentences have none
        return found
    for pattern in (_UNNAMED_QUALIFIED, _UNNAMED_ATTACKERS):
        for match in pattern.finditer(text):
            start, end = match.span()
            if _overlapping(drafts, start, end) or _overlapping(found, start, end):
                continue
            # "Kurdish militants", "PKK militants": a named actor owns the noun.
            if drafts and any(0 <= start - d.end <= 4 for d in drafts):
                continue
            found.append(Draft(start, end, UNKNOWN_ACTOR_ID, "name", "unknown", 0.7, sector="UAF"))
    return found


# ------------------------------------------------------------------------- bare bodies


@lru_cache(maxsize=1)
def _bare_noun_pattern() -> re.Pattern[str]:
    nouns = sorted(load_gazetteer().bare_nouns, key=len, reverse=True)
    alternatives = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in nouns)
    # Matched on the lower-cased text: much faster than an IGNORECASE alternation.
    return re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w-])")


# "police in Kenya", "the government of Chad": the state right after the noun is its own.
_STATE_AFTER = re.compile(r"\s+(?:in|of)\s+(?:the\s+)?")
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|across|throughout|inside|outside|around)\s+(?:the\s+)?(?:[a-z]+\s+)?$"
)
# Words before a noun that make it someone else's: "their army", "his government".
_NOT_BARE_BEFORE = frozenset(
    {"their", "his", "her", "our", "my", "your", "its", "whose", "former", "ex", "no", "non",
     "anti", "pro", "foreign", "international", "western", "allied", "coalition", "peacekeeping",
     "multinational", "outside", "enemy", "rival", "neighbouring", "neighboring", "other"}
)  # fmt: skip


# Confidence of a body resolved from the sentence alone ("police" -> the sentence's state):
# document coreference, which sees the whole text, overrides these.
_CONTEXT = 0.45


def from_sentence_context(mention: Mention) -> bool:
    """True for a mention whose state was guessed from its sentence alone ("the army")."""
    return mention.resolution in ("coreference", "role") and mention.confidence == _CONTEXT


def _bare_bodies(text: str, drafts: list[Draft], when: str | None, gaz: Gazetteer) -> list[Draft]:
    """ "Police fired tear gas", "rebels attacked", "the prime minister said": a state's
    body named without the state stands for the one state the sentence is about."""
    found: list[Draft] = []
    if not any(d.state for d in drafts):
        return found  # no state in the sentence: nothing to give a bare noun
    for match in _bare_noun_pattern().finditer(text.lower()):
        start, end = match.span()
        if _overlapping(drafts, start, end) or not _stands_alone(text, drafts, start, end):
            continue
        key = re.sub(r"\s+", " ", match.group(0).lower())
        role = gaz.role_titles.get(key) if key not in gaz.sector_nouns else None
        if role is not None and not _plain_office(text, start, end):
            continue
        noun = gaz.sector_nouns.get(key)
        people = noun is not None and noun.target != "state"
        state = _sentence_state(text, drafts, end, prefer_place=people)
        if state is None:
            continue
        if role is not None:
            holder = role_holder(state, role, when)
            if holder is not None:
                found.append(Draft(start, end, holder.person_id, "role", "person", _CONTEXT,
                                   sector="GOV", state=state, title_role=role))  # fmt: skip
            else:
                found.append(Draft(start, end, state, "coreference", "bare", _CONTEXT, sector="GOV",
                                   state=state, title_role=role))  # fmt: skip
        elif noun is not None:
            actor_id = state if noun.target == "state" else state + _TARGET_SUFFIX[noun.target]
            found.append(Draft(start, end, actor_id, "coreference", "bare", _CONTEXT,
                               sector=noun.sector, state=state))  # fmt: skip
    return found


# Nouns after which a bare noun is a modifier, not an actor ("an army post", "police
# sources", "military rule").
_MODIFIED_HEADS = frozenset(
    {"post", "posts", "base", "bases", "camp", "camps", "barracks", "chief", "chiefs",
     "commander", "commanders", "officer", "officers", "official", "officials", "source",
     "sources", "spokesman", "spokeswoman", "spokesperson", "station", "stations",
     "headquarters", "unit", "units", "patrol", "patrols", "vehicle", "vehicles", "truck",
     "trucks", "helicopter", "helicopters", "plane", "planes", "jet", "jets", "operation",
     "operations", "offensive", "checkpoint", "checkpoints", "leader", "leaders",
     "leadership", "position", "positions", "stronghold", "strongholds", "activity",
     "activities", "rule", "coup", "court", "courts", "tribunal", "intelligence",
     "personnel", "presence", "action", "actions", "exercise", "exercises", "drill",
     "drills", "aid", "spending", "budget", "service", "academy", "hospital", "custody",
     "raid", "raids", "crackdown", "violence", "brutality", "reform", "reforms", "building",
     "buildings", "compound", "policy", "policies", "statement", "decision", "plan", "plans",
     "ministry", "minister", "ministers", "member", "members", "figure", "figures",
     "newspaper", "radio", "television", "tv", "media", "office", "offices", "buildup",
     "build-up", "deployment", "junta", "government", "regime", "region", "regions",
     "territory", "areas", "area", "zone", "zones", "side", "delegation", "delegates",
     "victory", "withdrawal", "control", "support", "supporters", "candidate", "candidates",
     "party", "parties", "movement", "groups", "group", "uniform", "uniforms", "equipment",
     "hardware", "advisers", "sites", "facility", "facilities", "cooperation", "ties",
     "talks", "deal", "accord", "agreement", "strategy", "doctrine", "prosecutor", "force",
     "forces", "cordon", "line", "lines", "attack", "attacks", "strike", "strikes",
     "coalition", "alliance", "bloc", "seats", "majority", "elections", "vote"}
)  # fmt: skip


_ETHNIC_BEFORE = re.compile(r"\b[Ee]thnic\s+$")
_MINORITY = re.compile(r"\s(?:minority|minorities|population)\b")


def _ethnic_minorities(text: str, drafts: list[Draft]) -> list[Draft]:
    """ "ethnic Albanians in Macedonia": a minority is coded by the state it lives in, the
    one other state the sentence names, not by its kin state."""
    out: list[Draft] = []
    for draft in drafts:
        if not draft.state or draft.kind not in ("plural", "adjective"):
            out.append(draft)
            continue
        home = None
        if _ETHNIC_BEFORE.search(text[max(0, draft.start - 10) : draft.start]):
            home = _placed_state(text, drafts, exclude=draft.state) or _most_named_state(
                drafts, exclude=draft.state
            )
        elif _MINORITY.search(text[draft.start : draft.end + 14]):
            # "the Albanian minority in Montenegro": only where the sentence places it
            home = _placed_state(text, drafts, exclude=draft.state)
        if home is not None:
            base, _, suffix = draft.actor_id.rpartition("_")
            owned = base == draft.state and f"_{suffix}" in _TARGET_SUFFIX.values()
            actor_id = home + f"_{suffix}" if owned else home + POPULATION_SUFFIX
            sector = draft.sector or "CVL"
            draft = replace(draft, actor_id=actor_id, state=home, sector=sector,
                            kind="plural", confidence=0.7)  # fmt: skip
        out.append(draft)
    return out


# Bare nouns that are mostly adjectives ("military intervention"): a noun only before a
# word that cannot be their head.
_ADJECTIVE_LIKE = frozenset({"military"})
_NOT_A_HEAD = re.compile(
    r"(?:has|have|had|is|was|were|will|would|could|can|may|might|must|should|said|says|and|"
    r"or|in|on|of|to|for|with|from|at|by|which|that|who|also|then|again|now|\w+ed)$"
)


# CAMEO codes of communities that belong to no one state ("the Druze", "Shia"): the code
# has no country, so the mention takes the state its sentence is about.
_STATELESS_CODES = ("CVL", "MOS", "CHR", "JEW", "BUD", "HIN", "REL")


# "Druze inhabitants of the Syrian Golan", "Shiites in Lebanon": the state a group is of.
_AFFILIATION_AFTER = re.compile(r"(?:\s+[a-z]+){0,2}\s+(?:of|in|from)\s+(?:the\s+)?")


def _affiliated_state(text: str, drafts: list[Draft], draft: Draft) -> str | None:
    match = _AFFILIATION_AFTER.match(text, draft.end)
    if match is None:
        return None
    states = load_gazetteer().states
    # the state's own mention, or a noun already tied to it ("clerics of the Lebanese ...")
    owner = next(
        (d for d in drafts if draft.end < d.start <= match.end() and d.state in states), None
    )
    return owner.state if owner is not None else None


def _communities_at_home(text: str, drafts: list[Draft], gaz: Gazetteer) -> list[Draft]:
    out = []
    for draft in drafts:
        actor = gaz.actors.get(draft.actor_id)
        stateless = actor is not None and actor.type == "communal_group" and not actor.country
        if stateless and (actor.cameo or "")[:3] in _STATELESS_CODES:  # type: ignore[union-attr]
            home = _affiliated_state(text, drafts, draft) or _most_named_state(drafts, exclude=None)
            if home is not None:
                draft = replace(draft, state=home)
        out.append(draft)
    return out


def _placed_state(text: str, drafts: list[Draft], exclude: str | None) -> str | None:
    """The one state (other than ``exclude``) the sentence names as where things happen
    ("ethnic Albanians in Kosovo", "police arrested Kurds in Izmir")."""
    states = load_gazetteer().states
    placed = {
        d.state
        for d in drafts
        if d.state in states
        and d.state != exclude
        and (d.kind == "place" or _LOCATIVE_BEFORE.search(text[max(0, d.start - 30) : d.start]))
    }
    return next(iter(placed)) if len(placed) == 1 else None


def _most_named_state(drafts: list[Draft], exclude: str | None) -> str | None:
    """The state (other than ``exclude``) a sentence names most often, if one leads."""
    states = load_gazetteer().states
    counts = Counter(d.state for d in drafts if d.state in states and d.state != exclude)
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


# Sites of a body that an attack hits: "attacked a police post" is an attack on the police.
_ATTACKED_SITES = frozenset(
    {"post", "posts", "base", "bases", "camp", "camps", "barracks", "station", "stations",
     "headquarters", "checkpoint", "checkpoints", "position", "positions", "stronghold",
     "strongholds", "patrol", "patrols", "convoy", "convoys", "compound", "outpost", "outposts"}
)  # fmt: skip
# An attack verb right before the site's noun phrase ("stormed an army base", "shelled rebel
# positions", "an attack on a police station"); at most a determiner and one word between.
_ATTACK_BEFORE = re.compile(
    r"\b(?:attack(?:ed|s|ing)?(?:\s+on)?|struck|strikes?\s+on|shell(?:ed|s|ing)|bomb(?:ed|s|ing)"
    r"|raid(?:ed|s|ing)?(?:\s+on)?|overr[au]n|captur(?:ed|es|ing)|seiz(?:ed|es|ing)|storm(?:ed|s|ing)"
    r"|ambush(?:ed|es|ing)?(?:\s+on)?|target(?:ed|s|ing)|fired\s+(?:on|at)|assault(?:ed|s)?(?:\s+on)?)"
    r"\s+(?:(?:a|an|the|two|three|several|some|its|their)\s+)?(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)


def _attacked_site(text: str, start: int, head: str) -> bool:
    """A body's noun before one of its sites that an attack hits is the party attacked."""
    return head in _ATTACKED_SITES and bool(_ATTACK_BEFORE.search(text[max(0, start - 50) : start]))


def _stands_alone(text: str, drafts: list[Draft], start: int, end: int) -> bool:
    """Not part of a name ("Irish Republican Army") nor owned by a word or actor before it."""
    head = _NEXT_WORD.match(text, end)
    site = head is not None and _attacked_site(text, start, head.group(1).lower())
    if head is not None and head.group(1).lower() in _MODIFIED_HEADS and not site:
        return False
    adjective = text[start:end].lower() in _ADJECTIVE_LIKE
    named_head = "" if head is None else head.group(1).lower()
    if adjective and head is not None and not site and not _NOT_A_HEAD.fullmatch(named_head):
        return False
    if any(0 <= start - d.end <= 2 and d.kind != "place" for d in drafts):
        return False  # "Hamas militants", "UN troops": the actor before owns the noun
    before = list(re.finditer(r"[\w'’-]+", text[max(0, start - 40) : start]))
    if not before:
        return True
    previous = before[-1].group(0)
    if previous.lower() in _NOT_BARE_BEFORE or previous.endswith(("'s", "’s", "'", "’")):
        return False
    # A capitalised noun after a capitalised word is a name ("Lord's Resistance Army").
    return not (text[start].isupper() and previous[0].isupper() and len(before) > 1)


def _plain_office(text: str, start: int, end: int) -> bool:
    """ "the prime minister" standing alone, not "President X" or "the president of ..."."""
    if not re.search(r"\b[Tt]he\s+$", text[max(0, start - 4) : start]):
        return False
    rest = text[end:]
    return not re.match(r"\s+(?:[A-Z]|of\b)", rest)


def _sentence_state(
    text: str,
    drafts: list[Draft],
    end: int,
    *,
    prefer_place: bool = False,
    only_place: bool = False,
) -> str | None:
    """The one state a sentence is about: the state right after the noun, else the only
    state it names, else the only one named as a place (for people: the place first)."""
    after = _STATE_AFTER.match(text, end)
    if after is not None:
        owners = [d for d in drafts if d.start == after.end()]
        by_of = text[end : after.end()].split()[0] == "of"
        if owners and owners[0].kind == "place" and not by_of:
            owners = []  # "police in Karachi": where they are, not whose they are
        if owners and owners[0].kind in ("capital", "seat"):
            return None  # "the authorities in Kabul": the capital already names the government
        if owners and owners[0].state in load_gazetteer().states:
            return owners[0].state
        if not owners and by_of:
            return None  # "soldiers of the presidential guard": the owner is not a state
    named = {d.state for d in drafts if d.state and d.actor_id != UNKNOWN_ACTOR_ID}
    named &= load_gazetteer().states.keys()
    placed = {
        d.state
        for d in drafts
        if d.state in named
        and (d.kind == "place" or _LOCATIVE_BEFORE.search(text[max(0, d.start - 30) : d.start]))
    }
    # People ("protesters") are where the sentence places them; a state's own bodies ("the
    # army") belong to the one state it names, not to where they are ("sent troops to its
    # base in Qatar").
    order = (placed,) if only_place else (placed, named) if prefer_place else (named,)
    for candidates in order:
        if len(candidates) == 1:
            return next(iter(candidates))
    return None


def _placed_attackers(text: str, attackers: list[Draft], drafts: list[Draft]) -> list[Draft]:
    """Unnamed attackers stay UNKNOWN, but CAMEO codes them with the state where they
    struck, when the sentence names one ("gunmen in Karachi": PAKUAF)."""
    for attacker in attackers:
        # only where they struck: the victims' nationality says nothing of the attackers
        attacker.state = _sentence_state(text, drafts, attacker.end, only_place=True)
    return attackers


def _ner_drafts(hits: list[NerHit], drafts: list[Draft]) -> list[Draft]:
    found: list[Draft] = []
    for hit in hits:
        if _overlapping(drafts, hit.start, hit.end) or _overlapping(found, hit.start, hit.end):
            continue
        resolution: Resolution = "alias" if hit.fuzzy else "ner"
        confidence = 0.75 if hit.fuzzy else 0.5
        found.append(Draft(hit.start, hit.end, hit.actor.id, resolution, "ner", confidence,
                           state=hit.actor.country))  # fmt: skip
    return found


# ------------------------------------------------------------------------- choosing


def _best_surfaces(hit: Hit, gaz: Gazetteer) -> list[Surface]:
    surfaces = list(hit.surfaces)
    if any(s.kind == "blocker" for s in surfaces):
        return []
    if len(surfaces) == 1:
        return surfaces
    # A sovereign state outranks a dependent territory or a historical state with the same
    # surface ("French": France, not the French Southern Territories).
    rank = min(_status_rank(s, gaz) for s in surfaces)
    surfaces = [s for s in surfaces if _status_rank(s, gaz) == rank]
    best = min(_KIND_PRIORITY[s.kind] for s in surfaces)
    return [s for s in surfaces if _KIND_PRIORITY[s.kind] == best]


_STATUS_RANK = {"territory": 1, "historical": 2}


def _status_rank(surface: Surface, gaz: Gazetteer) -> int:
    info = gaz.states.get(surface.actor_id)
    return _STATUS_RANK.get(info.status, 0) if info is not None else 0


def _draft(
    text: str, hit: Hit, when: str | None, known_starts: set[int], gaz: Gazetteer
) -> Draft | None:
    if any(s.kind == "blocker" for s in hit.surfaces):
        # Not an actor, but it occupies the text (NER must not take "West Bank" either).
        return Draft(hit.start, hit.end, "", "name", "place", 0.0)
    surfaces = _best_surfaces(hit, gaz)
    if not surfaces:
        return None
    surface = surfaces[0]
    # Two actors share this exact surface: keep the first, but say we are unsure.
    ambiguity = 0.6 if len({s.actor_id for s in surfaces}) > 1 else 1.0
    actor = gaz.actors[surface.actor_id]
    start, end = hit.start, hit.end
    is_state = actor.type == "state"
    if is_state and surface.kind in ("name", "alias"):
        if surface.text in PERSON_NAME_HOMONYMS and inside_person_name(
            text, start, end, known_starts
        ):
            return None
        if surface.text == "Georgia" and is_us_georgia(text):
            return None
    if surface.kind in ("name", "alias"):
        confidence = 0.95 if surface.kind == "name" else 0.9
        state = actor.id if is_state else actor.country
        return Draft(start, end, actor.id, surface.kind, surface.kind, confidence * ambiguity,
                     state=state)  # fmt: skip
    if surface.kind == "adjective":
        return Draft(start, end, actor.id, "demonym", "adjective", 0.6 * ambiguity, state=actor.id)
    if surface.kind == "plural":
        return Draft(start, end, actor.id + POPULATION_SUFFIX, "demonym", "plural",
                     0.85 * ambiguity, sector="CVL", state=actor.id)  # fmt: skip
    if surface.kind == "city":  # never an actor; evidence of the state, or a place
        return Draft(start, end, surface.actor_id, "metonym", "place", 0.0, state=surface.actor_id)
    if surface.kind == "region":  # a place only: settlers or troops there may be others'
        return Draft(start, end, surface.actor_id, "metonym", "place", 0.0)
    if surface.kind in ("capital", "seat"):
        if capital_is_place(text, start, end):
            # Kept only as evidence of which state the sentence is about; never output.
            state = actor.id if is_state else actor.country
            return Draft(start, end, actor.id, "metonym", "place", 0.0, state=state)
        confidence = capital_confidence(text, start, end) + (0.05 if surface.kind == "seat" else 0)
        state = actor.id if is_state else actor.country
        sector = surface.sector if is_state else ""
        return Draft(start, end, actor.id, "metonym", surface.kind, confidence * ambiguity,
                     sector=sector, state=state)  # fmt: skip
    # A person: a full name is surer than a surname alone, and a surname glued to another
    # capitalised name is someone else ("Hunter Biden", "Boris Yeltsin").
    single = " " not in surface.text
    if single and inside_person_name(text, start, end, known_starts, at_sentence_start=True):
        return None
    confidence = 0.8 if single else 0.95
    return Draft(
        start, end, actor.id, "name", "person", confidence * ambiguity, state=actor.country
    )


# ------------------------------------------------------------------------- titles


def _title_between(text: str, start: int, end: int, gaz: Gazetteer) -> str | None:
    """The role named by text[start:end] if it is only a title ("President", "'s Premier")."""
    gap = _POSSESSIVE.sub("", text[start:end]).strip().lower().rstrip(".")
    gap = re.sub(r"\s+", " ", gap)
    if gap.startswith("the "):
        gap = gap[4:]
    return gaz.role_titles.get(gap)


def _title_before(text: str, pos: int, gaz: Gazetteer) -> tuple[int, str] | None:
    """A role title ending right before ``pos`` ("Prime Minister " + name)."""
    window = text[max(0, pos - 40) : pos]
    words = list(re.finditer(r"[A-Za-z][A-Za-z-]*\.?", window))
    for n in (3, 2, 1):
        if len(words) < n:
            continue
        first = words[-n]
        candidate = window[first.start() :]
        if not re.fullmatch(r"[A-Za-z][A-Za-z .-]*\s+", candidate):
            continue
        role = gaz.role_titles.get(re.sub(r"\s+", " ", candidate.strip().lower().rstrip(".")))
        if role:
            return max(0, pos - 40) + first.start(), role
    return None


# Words a person's alias may start with that also follow a state ("Saudi King Salman").
_HONORIFICS = ("King ", "Queen ", "Prince ", "Crown Prince ", "Emir ", "Sultan ", "Sheikh ",
               "Emperor ", "Ayatollah ", "President ")  # fmt: skip
_GAP_POSSESSIVE = re.compile(r"(?:'s|’s)?\s*")


def _attach_titles(text: str, drafts: list[Draft], when: str | None, gaz: Gazetteer) -> list[Draft]:
    """Merge "<state> <title> <person>", "<title> <person>", "<state>'s <person>" and
    "<person> of <state>" into one person mention."""
    out: list[Draft] = []
    for draft in drafts:
        previous = out[-1] if out else None
        if previous is not None and previous.kind == "person" and _person_of(text, previous, draft):
            previous.end = draft.end
            continue
        if draft.kind != "person":
            out.append(draft)
            continue
        title = _title_before(text, draft.start, gaz)
        if title is not None:
            title_start = title[0]
            draft.title_role = title[1]
            owned = previous is not None and _owns_title(
                text, previous, title_start, draft.actor_id
            )
            if owned or text[title_start].isupper():
                draft = replace(
                    draft, start=title_start, confidence=min(1.0, draft.confidence + 0.05)
                )
            if owned and previous is not None:
                out.pop()
                draft = replace(draft, start=previous.start)
        elif previous is not None and _state_of_person(text, previous, draft, gaz):
            out.pop()
            draft = replace(draft, start=previous.start)
        out.append(draft)
    return out


def _person_of(text: str, person: Draft, state: Draft) -> bool:
    """ "King Abdullah II of Jordan": the state after "of" is the person's own."""
    if state.kind not in ("name", "alias") or state.actor_id != person.state:
        return False
    return bool(re.fullmatch(r"\s+of\s+(?:the\s+)?", text[person.end : state.start]))


def _state_of_person(text: str, previous: Draft, person: Draft, gaz: Gazetteer) -> bool:
    """ "Egypt's Sisi", "Saudi King Salman": a state right before its own person."""
    if previous.kind not in ("adjective", "name", "alias") or previous.actor_id != person.state:
        return False
    gap = text[previous.end : person.start]
    if not _GAP_POSSESSIVE.fullmatch(gap):
        return False
    return "'" in gap or "’" in gap or text[person.start : person.end].startswith(_HONORIFICS)


def _owns_title(text: str, previous: Draft, title_start: int, person_id: str) -> bool:
    if previous.end > title_start:
        return True
    if not _GAP_POSSESSIVE.fullmatch(text[previous.end : title_start]):
        return False
    if previous.kind in ("adjective", "name", "alias") and previous.state == previous.actor_id:
        return True
    return previous.actor_id in {r.country for r in roles_of(person_id)}


# ------------------------------------------------------------------------- bodies


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """Words a sector noun, a role title or a skippable modifier can start with."""
    gaz = load_gazetteer()
    keys = [*gaz.sector_nouns, *gaz.role_titles]
    return frozenset(k.split()[0] for k in keys) | _SKIPPABLE


def _following_phrase(text: str, end: int, gaz: Gazetteer) -> tuple[int, str, str] | None:
    """The longest sector noun or role title right after a state mention.

    Returns (end offset, "sector"|"role", key). "'s" and a few modifiers may come first.
    """
    pos = end + len(_POSSESSIVE.match(text, end).group(0))  # type: ignore[union-attr]
    first = _NEXT_WORD.match(text, pos)
    # Most state mentions are followed by a verb or a preposition: stop at once.
    if first is None or first.group(1).lower() not in _first_words():
        return None
    words: list[tuple[str, int]] = []
    cursor = pos
    while len(words) < 5:
        match = _NEXT_WORD.match(text, cursor)
        if not match:
            break
        words.append((match.group(1).lower().rstrip("."), match.end(1)))
        cursor = match.end()
    leading = 0
    while leading < len(words) - 1 and words[leading][0] in _SKIPPABLE:
        leading += 1
    for skip in dict.fromkeys((0, leading)):
        for n in range(min(4, len(words) - skip), 0, -1):
            phrase = " ".join(w for w, _ in words[skip : skip + n])
            # "deputy foreign minister", "former president": the office, not its holder.
            what = (
                "role"
                if phrase in gaz.role_titles
                else "sector"
                if phrase in gaz.sector_nouns
                else ""
            )
            if what == "role" and any(w in _NOT_HOLDER for w, _ in words[:skip]):
                what = "office"
            if what:
                return words[skip + n - 1][1], what, phrase
    return None


def _preceding_phrase(text: str, start: int, gaz: Gazetteer) -> tuple[int, str, str] | None:
    """Phrases before a state: "the government of <state>", "the prime minister of <state>"."""
    offset = max(0, start - 60)
    tail = text[offset:start].rstrip().lower()
    if not tail.endswith((" of", " of the")):  # cheap test before the regex
        return None
    match = _OF_PREFIX.search(text[offset:start])
    if not match:
        return None
    words = list(re.finditer(r"[A-Za-z-]+", match.group(1)))
    for n in range(min(4, len(words)), 0, -1):
        first = words[-n]
        phrase = " ".join(w.group(0).lower() for w in words[-n:])
        what = (
            "role" if phrase in gaz.role_titles else "sector" if phrase in gaz.sector_nouns else ""
        )
        if what:
            begin = offset + match.start(1) + first.start()
            article = re.search(r"\b[Tt]he\s+$", text[max(0, begin - 4) : begin])
            if article:
                begin = max(0, begin - 4) + article.start()
            return begin, what, phrase
    return None


def _extend_with_nouns(text: str, draft: Draft, when: str | None, gaz: Gazetteer) -> Draft:
    if draft.kind not in ("name", "alias", "adjective") or not draft.state:
        return draft
    if gaz.actors[draft.actor_id].type != "state":
        return draft
    state = draft.state
    led = LED_FORCES.match(text, draft.end)
    if led is not None:
        return replace(draft, end=led.end(), sector="MIL", confidence=0.8)
    after = _following_phrase(text, draft.end, gaz)
    if after is not None:
        end, what, key = after
        return _apply_phrase(draft, draft.start, end, what, key, state, when, gaz)
    before = _preceding_phrase(text, draft.start, gaz)
    if before is not None:
        start, what, key = before
        return _apply_phrase(draft, start, draft.end, what, key, state, when, gaz)
    if draft.kind == "adjective" and _QUANTITY_BEFORE.search(
        text[max(0, draft.start - 40) : draft.start]
    ):
        # "thousands of Sudanese": an invariant demonym used as a plural noun.
        return replace(draft, actor_id=state + POPULATION_SUFFIX, sector="CVL", kind="plural",
                       confidence=0.75)  # fmt: skip
    return draft


_QUANTITY_BEFORE = re.compile(
    r"\b(?:thousands|hundreds|millions|dozens|scores|many|several|some|few|"
    # a number, but not a year ("In 2020 Greek and Turkish warships ...")
    r"(?!(?:1[89]|20)\d\d\b)\d[\d,.]*(?:\s+(?:thousand|million))?)\s+(?:of\s+)?(?:the\s+)?"
    r"(?:ethnic\s+)?$",
    re.IGNORECASE,
)


def _apply_phrase(
    draft: Draft,
    start: int,
    end: int,
    what: str,
    key: str,
    state: str,
    when: str | None,
    gaz: Gazetteer,
) -> Draft:
    if what in ("role", "office"):
        role = gaz.role_titles[key]
        holder = role_holder(state, role, when) if what == "role" else None
        sector = "GOV"  # CAMEO codes ministers, defence included, as government
        if holder is not None:
            return replace(draft, start=start, end=end, actor_id=holder.person_id,
                           resolution="role", kind="person", confidence=0.8, sector=sector,
                           title_role=role)  # fmt: skip
        return replace(draft, start=start, end=end, sector=sector, confidence=0.85,
                       title_role=role)  # fmt: skip
    noun = gaz.sector_nouns[key]
    if noun.target == "state":
        return replace(draft, start=start, end=end, sector=noun.sector, confidence=0.9)
    return replace(draft, start=start, end=end, actor_id=state + _TARGET_SUFFIX[noun.target],
                   resolution="demonym", sector=noun.sector, confidence=0.85)  # fmt: skip


# Titles that introduce a person's name ("President Laurent Gbagbo", "Gen. X").
_NAME_TITLES = (
    r"(?:Vice[ -])?President|Prime Minister|Premier|Chancellor|King|Queen|Emir|Sultan|"
    r"Crown Prince|Prince|Foreign Minister|Defen[cs]e Minister|Interior Minister|Minister|"
    r"Foreign Secretary|Secretary of State|Defen[cs]e Secretary|Secretary-General|"
    r"Secretary General|General|Gen\.|Lt\. Gen\.|Maj\. Gen\.|Colonel|Col\.|Field Marshal|"
    r"Marshal|Admiral|Senator|Sen\.|Governor|Gov\.|Ayatollah|Sheikh|Mullah|Commander|"
    r"Spokesman|Spokeswoman|Ambassador|Envoy|opposition leader|leader"
)
_TITLED_NAME = re.compile(
    rf"\b(?P<title>{_NAME_TITLES})\s+(?P<name>[A-Z][\w'’-]+(?:\s+(?:(?:al|el|bin|ibn|de|da|"
    r"van|von|der|den|del|di|dos|das|du|le|la|ter|abu|ould)[- ]){0,2}[A-Z][\w'’-]+){0,3})"
)
_NOT_NAME_WORDS = frozenset(
    {"The", "A", "An", "On", "In", "At", "Of", "And", "But", "Said", "Says", "Monday",
     "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Office", "House",
     "Council", "Ministry", "Assembly", "Party", "Government", "Minister", "Secretary"}
)  # fmt: skip


# "Serbian Labour Minister X", "Iraqi Oil Minister X": a portfolio between state and title.
_PORTFOLIO_GAP = re.compile(r"(?:'s|’s)?\s+(?:[A-Z][a-z]+\s+){1,2}")


def _state_before_title(text: str, drafts: list[Draft], title_start: int) -> Draft | None:
    """The state mention that ends at (or covers) the title: "Nigerian President"."""
    for draft in drafts:
        if not draft.state or draft.actor_id != draft.state:
            continue
        if draft.kind not in ("adjective", "name", "alias"):
            continue
        covers = draft.start <= title_start <= draft.end
        gap = text[draft.end : title_start] or "x"
        portfolio = text.startswith("Minister", title_start) and _PORTFOLIO_GAP.fullmatch(gap)
        if covers or _GAP_POSSESSIVE.fullmatch(gap) or portfolio:
            return draft
    return None


def _state_after_name(text: str, drafts: list[Draft], name_end: int) -> Draft | None:
    """ "Foreign Minister X of the Netherlands": the state after the name is the person's."""
    after = re.match(r",?\s+of\s+", text[name_end:])
    if after is None:
        return None
    for draft in drafts:
        if draft.start == name_end + after.end() and draft.kind in ("name", "alias"):
            return draft if draft.state == draft.actor_id else None
    return None


# Offices of organisations rather than states: "Arab League Secretary-General X".
_BODY_OFFICES = frozenset({"secretary_general", "director_general"})
_BODY_TYPES = frozenset({"igo", "coalition", "organization", "party", "state_group"})


def _body_of_office(
    text: str, drafts: list[Draft], title_start: int, name_end: int, gaz: Gazetteer
) -> Draft | None:
    """The organisation whose office a title names: right before the title ("NATO
    Secretary-General X") or after the name ("X, Secretary-General of the OAS")."""
    for draft in drafts:
        actor = gaz.actors.get(draft.actor_id)
        if actor is None or actor.type not in _BODY_TYPES:
            continue
        before = draft.end <= title_start and _GAP_POSSESSIVE.fullmatch(
            text[draft.end : title_start]
        )
        after = draft.start >= name_end and re.fullmatch(
            r",?\s+(?:of|at)\s+(?:the\s+)?", text[name_end : draft.start]
        )
        if before or after:
            return replace(draft, state=draft.actor_id)
    return None


def _titled_names(text: str, drafts: list[Draft], gaz: Gazetteer) -> list[Draft]:
    """Persons the gazetteer lacks, named after a title: "President Laurent Gbagbo".

    The person becomes an actor with a deterministic id (its name, upper case). Its state
    is the one named right before the title ("Nigerian President ...") or, failing that,
    the only state the sentence names.
    """
    from geopol.actors.registry import actor_id_for, register_actor

    found: list[Draft] = []
    for match in _TITLED_NAME.finditer(text):
        words = match.group("name").split()
        while words and words[-1].rstrip("'’s") in _NOT_NAME_WORDS:
            words.pop()
        if not words or words[0] in _NOT_NAME_WORDS:
            continue
        name = " ".join(words).removesuffix("'s").removesuffix("’s")
        name_start = match.start("name")
        name_end = name_start + len(name)
        if _overlapping(drafts, name_start, name_end) or _overlapping(found, name_start, name_end):
            continue
        owner = _state_before_title(text, drafts, match.start()) or _state_after_name(
            text, drafts, name_end
        )
        role = gaz.role_titles.get(match.group("title").lower(), "")
        if owner is None and role in _BODY_OFFICES:
            owner = _body_of_office(text, drafts, match.start(), name_end, gaz)
        start = owner.start if owner and owner.start < match.start() else match.start()
        state = owner.state if owner else None
        if owner is None and role == "secretary_general":
            state = "UN"  # news calls the UN's "the Secretary-General" without naming it
        military = ("Gen", "Col", "Marshal", "Admiral", "Commander")
        sector = "MIL" if match.group("title").startswith(military) else "GOV"
        country = state if state in gaz.states else None
        person = register_actor(Actor(id=actor_id_for(name), name=name, type="person",
                                      country=country, plover_type="ELI"))  # fmt: skip
        found.append(Draft(start, name_end, person.id, "name", "person", 0.6, sector=sector,
                           state=state, title_role=role))  # fmt: skip
        if owner is not None and owner.start < match.start():
            drafts = [d for d in drafts if (d.start, d.end) != (owner.start, owner.end)]
    if not found:
        return drafts
    states = {d.state for d in drafts if d.state and d.actor_id == d.state}
    if not states:  # a capital named as a place still tells the country ("curfew in Abidjan")
        states = {d.state for d in drafts if d.kind == "place" and d.state}
    if not states:  # or its people ("leader X called on Kenyans to ...")
        states = {d.state for d in drafts if d.kind in ("plural", "adjective") and d.state}
    for draft in found:
        if draft.state is None and len(states) == 1:
            draft.state = next(iter(states))  # the only state the sentence names
    return sorted(drafts + found, key=lambda d: (d.start, d.end))


_ADMINISTRATION = re.compile(r"^(?:'s|’s)?\s+(administration|government|cabinet|regime)\b")


def _person_government(text: str, draft: Draft, gaz: Gazetteer) -> Draft:
    """ "the Bush administration", "Assad's regime": the person's state, as government."""
    if draft.kind != "person":
        return draft
    match = _ADMINISTRATION.match(text[draft.end :])
    actor = gaz.actors.get(draft.actor_id)
    if not match or actor is None or not actor.country:
        return draft
    roles = roles_of(actor.id)
    state = roles[-1].country if roles and roles[-1].country in gaz.states else actor.country
    return replace(draft, end=draft.end + match.end(), actor_id=state, resolution="alias",
                   kind="name", sector="GOV", state=state, confidence=0.8)  # fmt: skip


def _share_coordinated_sectors(text: str, drafts: list[Draft]) -> None:
    """In "US and Iraqi forces" the first state takes the sector of the second."""
    for left, right in zip(reversed(drafts[:-1]), reversed(drafts[1:]), strict=True):
        if left.sector or not right.sector or left.kind not in ("adjective", "name", "alias"):
            continue
        if right.actor_id != right.state or right.resolution == "role":
            continue  # population or rebels: "Turkish and Iraqi protesters" stays simple
        if re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*", text[left.end : right.start]):
            left.sector = right.sector
            left.confidence = max(left.confidence, 0.85)


# ------------------------------------------------------------------------- output


def to_mention(text: str, draft: Draft, when: str | None, gaz: Gazetteer) -> Mention:
    actor_id = draft.actor_id
    cameo, plover = mention_codes(actor_id, draft.sector, when, gaz, draft.state, draft.title_role)
    return Mention(
        actor_id=actor_id,
        text=text[draft.start : draft.end],
        start=draft.start,
        end=draft.end,
        resolution=draft.resolution,
        cameo=cameo,
        clean_start=draft.start,
        clean_end=draft.end,
        confidence=round(draft.confidence, 3),
        plover_type=plover,
    )


def _undated_office(person_id: str) -> Role | None:
    """The office an undated text most likely means: the person's latest one.

    Without a date nothing says which term the text is about, but a person known only for
    offices is coded by office, not nationality: Kofi Annan is the UN, not Ghana.
    """
    offices = roles_of(person_id)
    return max(offices, key=lambda r: r.start) if offices else None


def _registered(actor_id: str) -> Actor | None:
    from geopol.actors.registry import get_actor

    return get_actor(actor_id)


def mention_codes(
    actor_id: str,
    sector: str,
    when: str | None,
    gaz: Gazetteer,
    state: str | None = None,
    title_role: str = "",
) -> tuple[str | None, str | None]:
    """CAMEO actor code and PLOVER agent type of a mention of ``actor_id``.

    ``state`` and ``title_role`` are what the mention itself says ("Nigerian President X"):
    they decide a person's code when the role table has no office for the date.
    """
    base, _, suffix = actor_id.rpartition("_")
    if base in gaz.states and f"_{suffix}" in (POPULATION_SUFFIX, REBELS_SUFFIX, OPPOSITION_SUFFIX):
        return base + sector, sector
    if actor_id == UNKNOWN_ACTOR_ID:
        return (state + "UAF" if state in gaz.states else "UAF"), "UAF"
    actor = gaz.actors.get(actor_id) or _registered(actor_id)
    if actor is None:
        return None, None
    if actor.type == "state":
        return actor.id + sector, sector or "GOV"
    if actor.type == "person":
        role = role_on(actor_id, when)
        if role is None and title_role:
            # No date, or a date the table does not cover: trust the title in the text.
            titled = [r for r in roles_of(actor_id) if r.role == title_role]
            role = titled[-1] if titled else None
        if role is None and not when:
            role = _undated_office(actor_id)
        if role is None:
            body = gaz.actors.get(state) if state and state not in gaz.states else None
            if body is not None and body.cameo:  # "Arab League Secretary-General X"
                return body.cameo, body.plover_type
            if (title_role or sector) and state in gaz.states:  # "Labour Minister X"
                return state + (sector or "GOV"), sector or "GOV"
            return (state or actor.country), "ELI"
        if role.country not in gaz.states:  # a leader of a group or an organisation
            body = gaz.actors.get(role.country)
            return (body.cameo if body else None), (body.plover_type if body else None)
        return f"{role.country}GOV", "GOV"
    plover = actor.plover_type or PLOVER_TYPE_BY_ACTOR_TYPE.get(actor.type)
    if actor.type == "communal_group" and not actor.country and state in gaz.states:
        return state + (actor.cameo or "CVL"), plover  # "Druze ... of the Syrian Golan"
    return actor.cameo, plover
