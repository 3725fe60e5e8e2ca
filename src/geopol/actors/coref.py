"""Document-level coreference for actor mentions, kept to the cases that are safe.

Each rule links a phrase to actors already mentioned in the last few sentences:

- "the two countries", "both sides", "the two governments" -> the last two distinct states
  (or, for "sides"/"parties", the last two distinct actors of any political kind);
- "the group", "the militia", "the militants" -> the last armed group;
- "the alliance", "the bloc", "the organisation" -> the last IGO or coalition;
- "the country", "the kingdom" -> the most talked-about of the states mentioned lately;
- "the government", "the junta", "the authorities", "the army", "The Ministry of Foreign
  Affairs" (no state named) -> the same state, with the government or military sector;
- "the prime minister", "the president" (no state named) -> the office holder, on the
  document date, of the last state mentioned that has one;
- sentence-initial "It"/"Its" and "He"/"His"/"She"/"Her" -> the previous sentence's only
  candidate of the right kind, and only when that sentence had exactly one.

Anything else stays unresolved: a wrong link is worse than a missing one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from geopol.actors.gazetteer import Gazetteer, load_gazetteer
from geopol.actors.recognize import mention_codes
from geopol.actors.roles import role_holder
from geopol.records import Mention, Resolution

# How many sentences back a phrase may reach for its antecedent.
WINDOW = 3

_PAIR = re.compile(
    r"\b(?:[Tt]he two|[Bb]oth|[Ii]ts two|[Tt]heir two)\s+(countries|nations|states|governments|neighbou?rs|capitals|"
    r"sides|parties|leaders|allies|rivals|camps|belligerents)\b"
    r"|\b[Tt]he\s+(?:warring\s+)?(rivals|belligerents|warring parties|warring sides|sides)\b"
)
# "the four states", "the three juntas": the states of the latest sentence that named as many.
_GROUP_OF_STATES = re.compile(
    r"\b[Tt]he\s+(three|four|five|six)\s+(?:[a-z]+\s+)?(countries|nations|states|governments|"
    r"juntas|capitals|neighbou?rs|monarchies|members)\b"
)
_NUMBERS = {"three": 3, "four": 4, "five": 5, "six": 6}
_GROUP = re.compile(
    r"\b[Tt]he\s+(?:[A-Z][a-z]+\s+)?(?:(?:militant|armed|jihadist|extremist|terrorist|rebel|"
    r"insurgent|Islamist|paramilitary|Iran-backed|Iranian-backed)\s+)?(group|militia|militants|"
    r"faction|rebels|insurgents|organi[sz]ation|movement)\b"
)
_BLOC = re.compile(
    r"\b[Tt]he\s+(?:(?:[A-Za-z]+-led|regional|military|economic|Western|security)\s+)?"
    r"(alliance|bloc|coalition|organi[sz]ation|union)\b"
)
_STATE = re.compile(r"\b[Tt]he\s+(country|nation|kingdom|republic|emirate|sultanate)(?!\s+of\b)")
# A state's own bodies named without the state: the state the text is about. Not before
# "of"/"in" ("the government of Mali", "the authorities in Kyiv": those name their state).
_BODY = re.compile(
    r"\b[Tt]he\s+(?:(?:federal|central|national|interim|transitional|caretaker|military)\s+)?"
    r"(?P<noun>government|regime|junta|authorities|administration|cabinet|presidency|"
    r"army|military|armed forces|generals|security forces|"
    r"[Mm]inistry(?:\s+of\s+(?:[Ff]oreign|[Ee]xternal)\s+(?:[Aa]ffairs|[Rr]elations))?|"
    r"[Ff]oreign [Mm]inistry|[Gg]overnment)\b(?!\s+(?:of|in|at|and people of)\b)(?!'s\s+\w+\s+of\b)"
    # "the military governments of Mali", "the army chief": another noun is the head.
    r"(?!\s+(?:governments?|juntas?|rulers?|leaders?|officials?|chiefs?|commanders?|forces|"
    r"officers?|intelligence|spokes\w+|courts?|council|regime|authorities|bases?|operations?|"
    r"offensive|campaign|exercises?|drills?|aid|assistance|cooperation|presence|equipment|"
    r"hardware|advisers?|trainers?|instructors?|personnel|mission|coup|takeover)\b)(?![-\w])"
)
# "its troops", "its own forces": the state that owns them is the last one the sentence named.
_ITS_FORCES = re.compile(
    r"\b[Ii]ts\s+(?:own\s+)?(?:troops|forces|soldiers|army|military|navy|air force|jets|"
    r"warplanes|aircraft|drones|warships|units|contingent|ships|coast guard|special forces)\b"
)
_MILITARY_BODIES = frozenset({"army", "military", "armed forces", "generals", "security forces"})
# What NER calls an organisation but is one of these bodies (no state in its name).
GENERIC_BODY_NAME = re.compile(
    r"^(?:[Tt]he\s+)?(?:(?:Federal|Central|National|Interim|Transitional)\s+)?"
    r"(?:Government|Ministry(?:\s+of\s+(?:the\s+)?[A-Z][a-z]+(?:\s+(?:and\s+)?[A-Z][a-z]+){0,3})?|"
    r"Foreign Ministry|Defen[cs]e Ministry|Interior Ministry|Presidency|Cabinet|"
    r"Council of Ministers|Armed Forces|Army|Security Forces|Press Office)$"
)
_PRONOUN = re.compile(
    r"^\s*(?:(?:Yet|But|And|However|Still|Meanwhile|Instead|Since then|Later|Now),?\s+)?"
    r"([Ii]t|[Ii]ts|He|His|She|Her|he|his|she|her)\b"
    r"(?!\s+(?:is|was|would|seems|remains|has been|appears|remained)\b)"
)
_STATE_TYPES = frozenset({"state"})
_SIDE_NOUNS = frozenset({"sides", "parties", "allies", "rivals", "camps", "belligerents"})
_SIDE_TYPES = frozenset(
    {"state", "non_state_armed_group", "igo", "coalition", "party", "subnational_government",
     "state_group", "government_body", "security_agency"}
)  # fmt: skip
_GROUP_TYPES = frozenset({"non_state_armed_group"})
_BLOC_TYPES = frozenset({"igo", "coalition"})


@dataclass(slots=True)
class Seen:
    """A mention seen so far: which actor, of which kind, in which sentence."""

    sentence: int
    start: int  # clean offset in the document
    actor_id: str
    state: str | None
    actor_type: str
    place: bool = False  # named as a location ("met in Singapore"), not as a party
    lead: bool = False  # opens its sentence (the likely subject)
    pair_next: str | None = None  # the state coordinated with this one ("X and Y signed")


def _kind(actor_id: str, gaz: Gazetteer) -> tuple[str, str | None]:
    actor = gaz.actors.get(actor_id)
    if actor is not None:
        return actor.type, (actor.id if actor.type == "state" else actor.country)
    base = actor_id.rpartition("_")[0]
    if base in gaz.states:
        return "communal_group", base
    return "unknown", None


def _recent(seen: Sequence[Seen], before: int, sentence: int, types: frozenset[str]) -> list[str]:
    """Distinct actor ids of the given types, most recent first, within the window."""
    ids: list[str] = []
    for item in reversed(seen):
        if item.start >= before or item.sentence < sentence - WINDOW:
            continue
        if item.actor_type in types and item.actor_id not in ids:
            ids.append(item.actor_id)
    return ids


def _recent_states(
    seen: Sequence[Seen], before: int, sentence: int, types: tuple[str, ...] = ("state", "person")
) -> list[str]:
    """States mentioned lately, directly or through a body ("Turkish army" counts as TUR)
    or a person; places ("met in Singapore") are not parties."""
    ids: list[str] = []
    for item in reversed(seen):
        if item.start >= before or item.sentence < sentence - WINDOW or item.place:
            continue
        if item.state and item.actor_type in types and item.state not in ids:
            ids.append(item.state)
    return ids


def _recent_sides(seen: Sequence[Seen], before: int, sentence: int) -> list[str]:
    """Parties to a dyad: states (persons count for their state) and political actors."""
    ids: list[str] = []
    for item in reversed(seen):
        if item.start >= before or item.sentence < sentence - WINDOW or item.place:
            continue
        if item.actor_type == "person":
            candidate = item.state
        elif item.actor_type in _SIDE_TYPES:
            candidate = item.actor_id
        else:
            continue
        if candidate and candidate not in ids:
            ids.append(candidate)
    return ids


@dataclass(slots=True)
class Link:
    start: int  # offsets into the sentence text
    end: int
    actor_id: str
    resolution: Resolution
    confidence: float
    sector: str = ""


def links_in_sentence(
    text: str,
    sentence: int,
    clean_offset: int,
    taken: list[tuple[int, int]],
    seen: Sequence[Seen],
    when: str | None,
) -> list[Link]:
    """Coreference links for phrases in one sentence that no mention already covers."""
    gaz = load_gazetteer()
    links: list[Link] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for match in _PAIR.finditer(text):
        if not free(match.start(), match.end()):
            continue
        noun = (match.group(1) or match.group(2)).split()[-1]
        at = clean_offset + match.start()
        candidates = seen
        if noun in _SIDE_NOUNS or re.search(r"\bbetween\s+$", text[: match.start()]):
            # "X mediated between the two sides", "X urged the rivals to talk": X is the
            # mediator, not a side.
            candidates = [s for s in seen if s.sentence < sentence]
        if noun in _SIDE_NOUNS:
            ids = _recent_sides(candidates, at, sentence)
        elif noun == "leaders":
            ids = _recent_states(candidates, at, sentence, ("person",)) or _recent_states(
                candidates, at, sentence
            )
        else:
            here = _recent_states([c for c in candidates if c.sentence == sentence], at, sentence)
            # Two states named earlier in the same sentence are the two; else the latest pair.
            ids = (
                here
                if len(here) >= 2
                else (
                    _latest_pair(candidates, at, sentence)
                    or _recent_states(candidates, at, sentence)
                )
            )
        if len(ids) >= 2:
            sector = "GOV" if noun in ("governments", "capitals", "leaders") else ""
            links += [
                Link(match.start(), match.end(), i, "coreference", 0.7, sector) for i in ids[:2]
            ]
    for match in _GROUP_OF_STATES.finditer(text):
        if not free(match.start(), match.end()) or _overlaps(links, match.start(), match.end()):
            continue
        states = _listed_states(seen, clean_offset + match.start(), sentence)
        wanted = _NUMBERS[match.group(1)]
        if len(states) >= wanted:
            links += [
                Link(match.start(), match.end(), i, "coreference", 0.6) for i in states[:wanted]
            ]
    for pattern, types in ((_GROUP, _GROUP_TYPES), (_BLOC, _BLOC_TYPES)):
        for match in pattern.finditer(text):
            if not free(match.start(), match.end()) or _overlaps(links, match.start(), match.end()):
                continue
            ids = _recent(seen, clean_offset + match.start(), sentence, types)
            if ids:
                links.append(Link(match.start(), match.end(), ids[0], "coreference", 0.65))
    for pattern in (_STATE, _BODY):
        for match in pattern.finditer(text):
            if not free(match.start(), match.end()) or _overlaps(links, match.start(), match.end()):
                continue
            state = _salient_state(seen, clean_offset + match.start(), sentence)
            if state is None:
                continue
            noun = match.group(1).lower()
            sector = "" if pattern is _STATE else "MIL" if noun in _MILITARY_BODIES else "GOV"
            links.append(Link(match.start(), match.end(), state, "coreference", 0.6, sector))
    for match in _ITS_FORCES.finditer(text):
        if not free(match.start(), match.end()) or _overlaps(links, match.start(), match.end()):
            continue
        owner = _owner_in_sentence(seen, sentence, clean_offset + match.start())
        if owner is not None:
            links.append(Link(match.start(), match.end(), owner, "coreference", 0.6, "MIL"))
    links += _role_links(text, sentence, clean_offset, free, seen, when, gaz)
    pronoun = _pronoun_link(text, sentence, seen)
    if pronoun is not None and free(pronoun.start, pronoun.end):
        links.append(pronoun)
    return links


def _latest_pair(seen: Sequence[Seen], before: int, sentence: int) -> list[str]:
    """The latest "X and Y" pair of states that opened a sentence's actors, in the window."""
    for item in reversed(seen):
        if item.start >= before or item.sentence < sentence - WINDOW:
            continue
        if item.pair_next and item.state:
            return [item.state, item.pair_next]
    return []


def _listed_states(seen: Sequence[Seen], before: int, sentence: int) -> list[str]:
    """The distinct states, in text order, of the latest earlier sentence naming the most."""
    by_sentence: dict[int, list[str]] = {}
    for item in seen:
        if item.start >= before or item.sentence < sentence - WINDOW or item.place:
            continue
        if item.actor_type == "state" and item.state:
            names = by_sentence.setdefault(item.sentence, [])
            if item.state not in names:
                names.append(item.state)
    if not by_sentence:
        return []
    return max(by_sentence.items(), key=lambda pair: (len(pair[1]), pair[0]))[1]


def _owner_in_sentence(seen: Sequence[Seen], sentence: int, before: int) -> str | None:
    """The state last named (not as a place) earlier in the same sentence."""
    for item in reversed(seen):
        if item.sentence != sentence or item.start >= before:
            continue
        if item.actor_type == "state" and item.state and not item.place:
            return item.state
    return None


def _salient_state(seen: Sequence[Seen], before: int, sentence: int) -> str | None:
    """The state "the country" or "the government" stands for: of the states mentioned in the
    last few sentences, the one the document has named most so far (the latest on a tie);
    with none nearby, the document's most named state (a statement's letterhead)."""
    recent = _recent_states(seen, before, sentence)
    counts: dict[str, int] = {}
    for item in seen:
        named = item.actor_type in ("state", "person") and not item.place
        if named and item.state and item.start < before:
            counts[item.state] = counts.get(item.state, 0) + 1
    candidates = recent or list(counts)
    if not candidates:
        return None
    # ``recent`` is latest first: max() keeps the first of equal counts.
    return max(candidates, key=lambda state: counts.get(state, 0))


def _overlaps(links: list[Link], start: int, end: int) -> bool:
    return any(not (end <= link.start or start >= link.end) for link in links)


_ROLE_PHRASE = re.compile(r"\b[Tt]he\s+((?:[A-Za-z-]+\s+){0,2}[A-Za-z-]+)\b")


def _role_links(
    text: str,
    sentence: int,
    clean_offset: int,
    free: Callable[[int, int], bool],
    seen: Sequence[Seen],
    when: str | None,
    gaz: Gazetteer,
) -> list[Link]:
    links: list[Link] = []
    if not when:
        return links
    for match in _ROLE_PHRASE.finditer(text):
        words = match.group(1).lower().split()
        for n in range(len(words), 0, -1):
            title = " ".join(words[:n])
            role = gaz.role_titles.get(title)
            if role is None:
                continue
            end = match.start(1) + len(" ".join(match.group(1).split()[:n]))
            if text[end:].lstrip().startswith("of ") or not free(match.start(), end):
                break
            for state in _recent_states(seen, clean_offset + match.start(), sentence):
                holder = role_holder(state, role, when)
                if holder is not None:
                    links.append(Link(match.start(), end, holder.person_id, "role", 0.6, "GOV"))
                    break
            break
    return links


def _pronoun_link(text: str, sentence: int, seen: Sequence[Seen]) -> Link | None:
    match = _PRONOUN.match(text)
    if not match or sentence == 0:
        return None
    previous = [s for s in seen if s.sentence == sentence - 1]
    if not previous:
        return None
    word = match.group(1).capitalize()
    if word in ("He", "His", "She", "Her"):
        persons = {s.actor_id for s in previous if s.actor_type == "person"}
        if len(persons) == 1:
            return Link(match.start(1), match.end(1), persons.pop(), "coreference", 0.5)
        return None
    # "It"/"Its": the previous sentence's subject, if it was its only non-person actor.
    others = {s.actor_id for s in previous if s.actor_type in _SIDE_TYPES}
    if len(others) == 1 and previous[0].actor_type in _SIDE_TYPES:
        return Link(match.start(1), match.end(1), others.pop(), "coreference", 0.5)
    # Several actors: the previous sentence's subject, when a state opened it ("Moldova is
    # not a member of NATO. Yet it has deepened ...").
    first = previous[0]
    if first.lead and first.actor_type == "state" and not first.place:
        return Link(match.start(1), match.end(1), first.actor_id, "coreference", 0.45)
    return None


def link_to_mention(text: str, link: Link, when: str | None) -> Mention:
    gaz = load_gazetteer()
    cameo, plover = mention_codes(link.actor_id, link.sector, when, gaz)
    return Mention(
        actor_id=link.actor_id,
        text=text[link.start : link.end],
        start=link.start,
        end=link.end,
        resolution=link.resolution,
        cameo=cameo,
        clean_start=link.start,
        clean_end=link.end,
        confidence=link.confidence,
        plover_type=plover,
    )


_AND = re.compile(r"\s*(?:and|&)\s+(?:the\s+)?", re.IGNORECASE)
_WORD_BEFORE = re.compile(
    r"\b(?!(?:the|in|ln|on|by|since|after|at|during|from|until|last|this|early|late|mid|"
    r"then|later|both|meanwhile)\b)[a-z]+,?\s+(?:the\s+)?$"
)
# A mention opening its sentence: at most one word ("The", "Neighbouring") before it.
_LEAD_CHARS = 16
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|inside|across|throughout)\s+(?:the\s+)?$", re.I)


def seen_from(
    mentions: Sequence[Mention], sentence: int, clean_offset: int, text: str = ""
) -> list[Seen]:
    """Mentions of one sentence as antecedents; ``text`` (the sentence) marks place uses."""
    gaz = load_gazetteer()
    out = []
    for m in mentions:
        actor_type, state = _kind(m.actor_id, gaz)
        place = bool(text) and bool(
            _LOCATIVE_BEFORE.search(text[max(0, m.clean_start - 12) : m.clean_start])
        )
        lead = m.clean_start <= _LEAD_CHARS and not text[: m.clean_start].strip(" ,\"'“").count(" ")
        out.append(
            Seen(sentence, clean_offset + m.clean_start, m.actor_id, state, actor_type, place, lead)
        )
    # "Saudi Arabia and Iran signed ...": a pair of states that opens the sentence's actors is
    # what a later "the two countries" most likely means.
    if len(out) >= 2 and text and out[0].actor_type == "state" and out[1].actor_type == "state":
        first, second = mentions[0], mentions[1]
        joined = _AND.fullmatch(text[first.clean_end : second.clean_start])
        # Not the object of a verb ("Both thanked Baghdad and Muscat").
        governed = _WORD_BEFORE.search(text[: first.clean_start])
        if joined and not governed and out[0].state != out[1].state and not out[0].place:
            out[0].pair_next = out[1].state
    return out
