"""Who did it and to whom: source and target of a trigger from the actor mentions around it.

Shallow rules in the spirit of the classic CAMEO coders: the source is the nearest actor
before the trigger that is not the object of a preposition ("Turkish jets in Iraq struck ...");
the target the first actor after it. Passive triggers ("was attacked by X") and nominal
ones ("air strikes by X on Y") swap or re-anchor the roles. No actor found means UNKNOWN:
the coder never guesses.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from geopol.events.lexicon import generic_agents
from geopol.events.tokens import (
    AUX_FILLERS,
    BE_FORMS,
    DETERMINERS,
    LOCATIVE_PREPOSITIONS,
    NON_AGENT_PREPOSITIONS,
    Token,
)
from geopol.records import Mention

TARGET_WINDOW = 12
PLACE_WINDOW = 20
AGENT_WINDOW = 6


@dataclass(slots=True)
class Span:
    """A mention laid over the token stream (``first``/``last`` are inclusive token indexes)."""

    mention: Mention
    first: int
    last: int


def spans_on_tokens(tokens: list[Token], placed: list[tuple[int, int, Mention]]) -> list[Span]:
    """Token spans of mentions given as (start, end, mention) character offsets in the text."""
    starts = [t.start for t in tokens]
    ends = [t.end for t in tokens]
    spans = []
    for start, end, mention in placed:
        first = bisect_right(ends, start)  # first token ending after the mention starts
        last = bisect_left(starts, end) - 1  # last token starting before it ends
        if 0 <= first <= last < len(tokens):
            spans.append(Span(mention, first, last))
    spans.sort(key=lambda s: (s.first, -s.last))
    # nested or overlapping mentions: keep the longer, earlier one
    kept: list[Span] = []
    for span in spans:
        if kept and span.first <= kept[-1].last:
            continue
        kept.append(span)
    return kept


def same_actor(candidate: Span, source: Span) -> bool:
    """Whether a target candidate is the source again.

    The same id is not enough: "Kenyan teachers ... the Kenyan government" are two parties
    of one country. But the bare state of a source's sector ("Turkish police ... Turkey")
    is the source's own side.
    """
    a, b = candidate.mention, source.mention
    if a.actor_id != b.actor_id:
        return False
    return a.cameo == b.cameo or a.cameo in (None, a.actor_id)


def covered(spans: list[Span], index: int) -> bool:
    return any(s.first <= index <= s.last for s in spans)


# Words that may stand between a preposition and a place name: "near the eastern Thai border",
# "in the occupied West Bank", "in neighbouring Pakistan".
_PLACE_MODIFIERS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "neighbouring",
        "neighboring",
        "nearby",
        "occupied",
        "restive",
        "breakaway",
        "war-torn",
    ]
)
# Nouns that make a country adjective before them part of a place: "the Thai border".
_PLACE_NOUNS = frozenset(
    [
        "border",
        "borders",
        "frontier",
        "coast",
        "capital",
        "city",
        "cities",
        "town",
        "towns",
        "village",
        "villages",
        "province",
        "provinces",
        "region",
        "territory",
        "territories",
        "waters",
        "airspace",
        "soil",
        "port",
        "enclave",
        "peninsula",
        "countryside",
    ]
)


def _word_before(tokens: list[Token], index: int) -> str:
    """The word before a mention, looking past determiners and place adjectives
    ("in the U.S." -> "in", "near the eastern Thai border" -> "near")."""
    i = index - 1
    while i >= 0 and (tokens[i].lower in DETERMINERS or tokens[i].lower in _PLACE_MODIFIERS):
        i -= 1
    return tokens[i].lower if i >= 0 else ""


def _modifies_place(tokens: list[Token], span: Span) -> bool:
    """ "the Thai border", "the Lebanese port": the mention is an adjective of a place noun."""
    after = span.last + 1
    if after >= len(tokens) or tokens[after].lower not in _PLACE_NOUNS:
        return False
    # "Iraqi border guards" are people
    return after + 1 >= len(tokens) or tokens[after + 1].lower not in generic_agents()


def place_like(tokens: list[Token], span: Span) -> bool:
    """A mention after a locative preposition ("in Iraq") or before a place noun ("the Thai
    border") names a place, not a party."""
    return _word_before(tokens, span.first) in LOCATIVE_PREPOSITIONS or _modifies_place(
        tokens, span
    )


# Participles that after "be" and before "to" name a stance of the subject, not something
# done to it: "Israel is opposed to", "is prepared to impose", "is committed to".
_STANCE_PARTICIPLES = frozenset(
    {"opposed", "committed", "prepared", "determined", "poised", "dedicated", "devoted",
     "inclined", "resolved", "disposed", "pledged"}
)  # fmt: skip


# Participles of feeling: "X was alarmed by Y" is X's statement, not Y's act.
_FEELINGS = frozenset(
    {"concerned", "worried", "alarmed", "troubled", "disappointed", "dismayed", "encouraged",
     "pleased", "satisfied", "shocked", "saddened", "surprised", "heartened", "relieved"}
)  # fmt: skip


def is_passive(tokens: list[Token], head: int, tag: str | None) -> bool:
    """A past participle after a form of "be" ("was attacked"), or straight before "by".
    A trigger written as a literal form ("shelled", "stormed") carries no form tag: its
    "-ed" is enough, unless it names a feeling ("was alarmed by" is the subject's own)."""
    word = tokens[head].lower
    literal_participle = tag is None and word.endswith("ed") and word not in _FEELINGS
    if tag != "ed" and not literal_participle:
        return False
    following = tokens[head + 1].lower if head + 1 < len(tokens) else ""
    if following == "by":
        return True
    if following == "to" and tokens[head].lower in _STANCE_PARTICIPLES:
        return False
    i = head - 1
    while i >= 0 and head - i <= 4:
        word = tokens[i].lower
        if word in BE_FORMS:
            return word not in ("has", "have", "had")
        if word not in AUX_FILLERS:
            return False
        i -= 1
    return False


def nearest_before(
    spans: list[Span], tokens: list[Token], head: int, floor: int, *, adjacent: int | None = None
) -> Span | None:
    """The nearest mention before ``head`` (not before ``floor``) that can be an agent."""
    for span in reversed(spans):
        if span.last >= head:
            continue
        if span.first < floor:
            return None
        if adjacent is not None and head - span.last > adjacent:
            return None
        if _not_agent(tokens, span):
            continue
        return _appositive_host(spans, tokens, span, head) or span
    return None


# Words of a verb group that may follow the comma closing an appositive: ", has refused".
_VERB_GROUP = AUX_FILLERS | BE_FORMS | frozenset({"will", "would", "could", "can", "may", "did"})


def _appositive_host(spans: list[Span], tokens: list[Token], span: Span, head: int) -> Span | None:
    """ "Pakistan, a key U.S. ally, has refused ...": a mention inside an appositive that
    closes right before the verb describes the subject; the subject is the mention before it."""
    close = head - 1
    while close > span.last and tokens[close].lower in _VERB_GROUP:
        close -= 1
    if close <= span.last or tokens[close].text != ",":
        return None
    opening = next((k for k in range(span.first - 1, -1, -1) if tokens[k].text == ","), None)
    if opening is None or any(tokens[k].text == "," for k in range(span.last + 1, close)):
        return None
    return next((s for s in spans if s.last == opening - 1), None)


def _not_agent(tokens: list[Token], span: Span) -> bool:
    """A mention that names a place or a complement, not who acts."""
    if _modifies_place(tokens, span):
        return True
    return _word_before(tokens, span.first) in NON_AGENT_PREPOSITIONS and not _affiliation(
        tokens, span
    )


# Heads that take their actor in an "of"/"in"/"from" phrase: "police in Kenya", "dozens of
# Russian peacekeepers", "opponents of the government".
_AFFILIATION_HEADS = frozenset(
    [
        "dozens",
        "hundreds",
        "thousands",
        "scores",
        "some",
        "many",
        "several",
        "members",
        "member",
        "group",
        "groups",
        "supporters",
        "opponents",
        "head",
        "heads",
        "chief",
        "leader",
        "leaders",
        "representatives",
        "units",
        "unit",
        "contingent",
        "delegation",
        "one",
        "two",
        "three",
        "four",
        "five",
    ]
)


def _affiliation(tokens: list[Token], span: Span) -> bool:
    """A mention in "X of/in/from Y" where X names people or a body Y belongs to."""
    i = span.first - 1
    while i >= 0 and tokens[i].lower in DETERMINERS:
        i -= 1
    if i < 1 or tokens[i].lower not in ("of", "in", "from"):
        return False
    head = tokens[i - 1]
    if head.lower in generic_agents() or head.lower in _AFFILIATION_HEADS:
        return True
    return tokens[i].lower == "of" and head.text[:1].isupper() and head.text.isalpha()


def clause_subject(
    spans: list[Span], tokens: list[Token], clause_start: int, head: int
) -> Span | None:
    """The first mention of the clause that can be an agent (the subject, usually)."""
    for span in spans:
        if span.first < clause_start:
            continue
        if span.last >= head:
            return None
        if _not_agent(tokens, span):
            continue
        return span
    return None


def first_after(
    spans: list[Span],
    tokens: list[Token],
    after: int,
    ceiling: int,
    *,
    exclude: Span | None = None,
) -> Span | None:
    """The first mention after token ``after`` and before ``ceiling``; places come last."""
    fallback = None
    for span in spans:
        if span.first <= after:
            continue
        if span.first >= ceiling or span.first - after > PLACE_WINDOW:
            break
        if span.first - after > TARGET_WINDOW:
            # only a place so far away: "gave ... to promote development in Ethiopia"
            if fallback is None and place_like(tokens, span):
                fallback = span
            continue
        if place_like(tokens, span):
            # the source's own state may be where it acts: "declared a state of siege in
            # Bolivia" (CAMEO codes the place), though never a party against itself
            fallback = fallback or span
            continue
        if exclude is not None and same_actor(span, exclude):
            continue
        return _mission_host(spans, tokens, span) or span
    return fallback


# Nouns of a body sent abroad: "the UN peacekeeping force in Mali".
_MISSION_NOUNS = frozenset(
    {"peacekeeping", "peacekeepers", "mission", "missions", "force", "forces", "operation",
     "contingent", "observers", "monitors", "troops"}
)  # fmt: skip
MISSION_WINDOW = 5


def _mission_host(spans: list[Span], tokens: list[Token], span: Span) -> Span | None:
    """ "sent troops to the UN peacekeeping mission in Mali": the target of a contribution
    to an international mission is the state it serves in, as CAMEO codes peacekeeping."""
    if not (span.mention.cameo or "").startswith("IGO"):
        return None
    end = min(len(tokens), span.last + 1 + MISSION_WINDOW)
    k = span.last + 1
    named = tokens[span.last].lower in _MISSION_NOUNS  # "the UN peacekeeping force"
    if not named and (k >= end or tokens[k].lower not in _MISSION_NOUNS):
        return None
    while k < end and tokens[k].lower in _MISSION_NOUNS:
        k += 1
    if k >= len(tokens) or tokens[k].lower != "in":
        return None
    return next((s for s in spans if k < s.first <= k + 3), None)


def agent_after_by(spans: list[Span], tokens: list[Token], after: int, ceiling: int) -> Span | None:
    """The mention introduced by "by" within a few words after the trigger."""
    for i in range(after + 1, min(ceiling, after + 1 + AGENT_WINDOW)):
        if tokens[i].lower == "by":
            for span in spans:
                if i < span.first <= i + 3:
                    return span
            return None
    return None


def assign_roles(
    spans: list[Span],
    tokens: list[Token],
    *,
    head: int,
    end: int,
    tag: str | None,
    nominal: bool,
    clause_start: int,
    clause_end: int,
    ceiling: int,
) -> tuple[Span | None, Span | None]:
    """(source, target) of a trigger at ``head`` whose literal words end before ``end``."""
    target_ceiling = min(clause_end, ceiling)
    if not nominal and is_passive(tokens, head, tag):
        agent = agent_after_by(spans, tokens, end - 1, clause_end)
        patient = nearest_before(spans, tokens, head, clause_start)
        return agent, patient
    if nominal:
        agent = agent_after_by(spans, tokens, end - 1, clause_end)
        source = agent or nearest_before(spans, tokens, head, clause_start)
    else:
        source = nearest_before(spans, tokens, head, clause_start)
    # "clashed with police": the object may be a word of the trigger itself
    inside = [
        s
        for s in spans
        if head < s.first < end and s is not source
        # "sent troops": what the source sends or moves is its own, no target
        if source is None or s.mention.actor_id != source.mention.actor_id
    ]
    target = _mission_host(spans, tokens, inside[0]) or inside[0] if inside else None
    target = target or first_after(spans, tokens, end - 1, target_ceiling, exclude=source)
    if target is not None and source is not None and target is source:
        target = None
    return source, target


# CAMEO codes whose target may be the place the act happens in, when no party is named:
# CAMEO codes the place's state ("blew themselves up in Tel Aviv" -> ISR, "arrived in
# Amman" -> JOR, "a curfew in Algiers" -> DZA). Visits, easing or imposing restrictions,
# threats, protests, force posture, cutting aid, coercion, attacks and fighting. Not
# statements, appeals, talks or agreements: a place is only where those are made.
PLACE_TARGET_CODES = ("042", "081", "13", "14", "15", "16", "17", "18", "19", "20")


def takes_place_target(code: str) -> bool:
    """Whether an event of this CAMEO code may have a place as its target."""
    return code.startswith(PLACE_TARGET_CODES)


def place_target(
    places: list[Span], tokens: list[Token], head: int, clause_start: int, clause_end: int
) -> Span | None:
    """The place of a trigger at ``head``: the first one named after it in its clause, else
    the nearest one before it ("In Kabul, a bomb exploded")."""
    inside = [p for p in places if clause_start <= p.first and p.last < clause_end]
    after = [p for p in inside if p.first > head]
    if after:
        return after[0]
    before = [p for p in inside if p.last < head and not _report_between(tokens, p.last, head)]
    return before[-1] if before else None


# Verbs of a report: what stands before one belongs to the reporter ("diplomats in Nairobi
# said Sudan bombed ...": Nairobi is where they spoke, not where the bombs fell).
_REPORT_WORDS = frozenset({"said", "says", "say", "told", "tells", "reported", "reports",
                           "announced", "announces", "according", "claimed", "claims"})  # fmt: skip


def _report_between(tokens: list[Token], first: int, last: int) -> bool:
    return any(tokens[k].lower in _REPORT_WORDS for k in range(first + 1, last))


def fallback_source(
    spans: list[Span],
    tokens: list[Token],
    head: int,
    clause_start: int,
    clause_end: int,
    target: Span | None,
) -> Span | None:
    """Who acts when no agent stands before the trigger: a party named inside the subject
    phrase ("workers affiliated with the Kenyan union struck", "a group based in Malta
    claims"), else the place the act happens in ("people blocked streets in Lima")."""
    inside = [
        s
        for s in spans
        if clause_start <= s.first and s.last < clause_end and s is not target
        # "rebels from the Chadian border region": where they come from is no party
        if not _modifies_place(tokens, s)
    ]
    before = [s for s in inside if s.last < head]
    if before:
        return before[-1]
    return next(
        (
            s
            for s in inside
            if s.first > head
            # "was expelled from Kuwait": where one is sent away from acts
            and (place_like(tokens, s) or _word_before(tokens, s.first) == "from")
            # a place of the target's state would make that state act on itself ("aid to
            # Liberia ... in Liberia"); its people against its government may ("in Lima
            # in defiance of the Peruvian government")
            and (target is None or not same_actor(target, s))
        ),
        None,
    )


FALLBACK_TARGET_WINDOW = 25
# Words that open a clause about something else than the event: a relative clause, a report.
_RELATIVE_WORDS = frozenset({"who", "whom", "which", "whose", "where", "said", "saying", "says"})
# Words that open a clause or phrase of circumstance, whose parties are not the event's:
# "amid tension with X", "without notifying X", "on behalf of X", "accusations that X ...".
_OTHER_CLAUSE_WORDS = frozenset(
    {"amid", "without", "behalf", "whether", "because", "although", "while", "if"}
)
# Words of saying or claiming after which "that" opens what is said, not a relative clause.
_CONTENT_BEFORE_THAT = frozenset(
    {"accusations", "accusation", "allegations", "claims", "claim", "claimed", "reports",
     "demands", "fears", "concerns", "warned", "stated", "reiterated", "insisted", "argued",
     "added", "announced", "charges", "assurances", "hopes", "hoped", "believes", "believe"}
)  # fmt: skip


def _opens_other_clause(tokens: list[Token], k: int) -> bool:
    word = tokens[k].lower
    if word == "that":
        return k > 0 and tokens[k - 1].lower in _CONTENT_BEFORE_THAT
    return word in _OTHER_CLAUSE_WORDS


def fallback_target(
    spans: list[Span], tokens: list[Token], head: int, source: Span | None
) -> Span | None:
    """The partner of a coordinated subject ("X and Y signed a treaty": each is the other's
    counterpart, as CAMEO codes such events both ways), else the first party named after
    the trigger beyond its clause ("called on Arabs to mobilize against X"), when nothing
    in the clause is its target."""
    partner = _coordinated_partner(spans, tokens, source, head)
    if partner is not None:
        return partner
    host = _destination_of_purpose(spans, tokens, head, source)
    if host is not None:
        return host
    for span in spans:
        if span.first <= head or span is source:
            continue
        if span.first - head > FALLBACK_TARGET_WINDOW:
            return None
        if any(tokens[k].lower in _RELATIVE_WORDS for k in range(head + 1, span.first)):
            return None  # "the leaders of a strike, which X backed": X is another's party
        if any(_opens_other_clause(tokens, k) for k in range(head + 1, span.first)):
            return None  # "on behalf of X", "rejected claims that a deal allowing X ..."
        if place_like(tokens, span) or _own_side(span, source):
            continue
        after = span.last + 1
        if after < len(tokens) and tokens[after].lower in _RELATIVE_WORDS:
            continue  # the speaker of a closing attribution (", X said")
        return span
    return None


# A state's own armed bodies: named beyond the clause of their state's act ("imposed a
# curfew ... after killings by Indian troops", "dispatched the army"), they are its means
# or another act's party, not its target.
_ARMED_TYPES = frozenset({"MIL", "COP"})
_STATE_TYPES = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})


def _own_side(candidate: Span, source: Span | None) -> bool:
    """The source again, or the armed forces of the state whose organ the source is."""
    if source is None:
        return False
    if same_actor(candidate, source):
        return True
    mine, theirs = candidate.mention, source.mention
    return (
        mine.plover_type in _ARMED_TYPES
        and theirs.plover_type in _STATE_TYPES
        and _state_code(mine) is not None
        and _state_code(mine) == _state_code(theirs)
    )


def _state_code(mention: Mention) -> str | None:
    cameo = mention.cameo or ""
    return cameo[:3] if len(cameo) >= 3 and cameo[:3].isalpha() else None


# Prepositions of a destination: "sent experts to Y to investigate", "flew into Y to meet".
_DESTINATION_WORDS = frozenset({"to", "into"})


def _destination_of_purpose(
    spans: list[Span], tokens: list[Token], head: int, source: Span | None
) -> Span | None:
    """Y in "X sent experts to Y to <trigger>": the party one goes or sends to in order to
    act is the one acted with or on."""
    if head < 3 or tokens[head - 1].lower != "to":
        return None
    span = next((s for s in spans if s.last == head - 2), None)
    if span is None or span is source or (source is not None and same_actor(span, source)):
        return None
    k = span.first - 1
    while k >= 0 and tokens[k].lower in DETERMINERS:
        k -= 1
    return span if k >= 0 and tokens[k].lower in _DESTINATION_WORDS else None


_PARTNER_FILLERS = frozenset({"his", "her", "its", "their", "the"})


def _coordinated_partner(
    spans: list[Span], tokens: list[Token], source: Span | None, head: int
) -> Span | None:
    """Y in "X and Y <trigger>", "X and his Y counterpart <trigger>"."""
    if source is None or source.last + 1 >= head or tokens[source.last + 1].lower != "and":
        return None
    k = source.last + 2
    while k < head and tokens[k].lower in _PARTNER_FILLERS:
        k += 1
    partner = next((s for s in spans if s.first == k and s.last < head), None)
    if partner is None or same_actor(partner, source):
        return None
    return partner
