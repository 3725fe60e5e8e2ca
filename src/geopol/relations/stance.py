"""Relations stated by stance sentences: alliances, memberships, neutrality, influence, ...

The method is deliberately plain and cheap (it runs on every sentence with two actors):

1. every actor mention in the sentence is replaced by a slot ``⟦k⟧`` ("masking");
2. the cue patterns of ``data/relations/stance_cues.toml`` run over the masked sentence;
   where two cues overlap, the one that starts first (then the longer) wins;
3. each cue's source and target come from the slots its pattern names, else from position
   (nearest actor on the left in the same clause, first actor on the right), with
   coordinated actors ("X and Y") taking the same role;
4. the words before the cue decide the modality: a denial ("does not recognise", "has no
   diplomatic relations") is ``negated``, a tie that ended ("abandoned its support for") too.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import cast

import ahocorasick

from geopol.records import UNKNOWN_ACTOR_ID, Mention, Modality, Polarity, RelationType
from geopol.relations.kinds import ARMED_WORDS, ActorKinds
from geopol.relations.lexicon import (
    Cue,
    ModalityWords,
    modality_words,
    refine_default,
    refine_rules,
    relation_types,
    stance_cues,
)

_SLOT = re.compile(r"⟦(\d+)⟧")
_JOINER = " and "
# Where a clause ends for the purpose of finding a cue's actors.
_CLAUSE_BREAK = re.compile(
    r";|\s[–—-]{1,2}\s|\.\s|:\s|\b(?:but|whereas|while|although|though|yet|however|meanwhile|"
    r"despite|even as)\b",
    re.IGNORECASE,
)
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:of|in|to|by|from|with|for|against|on|over|at|about|into|toward|towards|between|"
    r"among|under|after|before|during|via|across|than|like|including|inside|within|near|"
    r"beyond|behind|through|onto|upon|around|besides|unlike|per)\s+"
    r"(?:(?:the|a|an|its|their|his|her|our)\s+)?(?:[a-z][a-z-]+ern\s+|neighbou?ring\s+)?$",
    re.IGNORECASE,
)
_COORDINATION = re.compile(
    r"^\s*(?:,|,?\s*and|,?\s*or|,?\s*nor|,?\s*as well as|,?\s*along with|&)\s*"
    r"(?:(?:the|its|their|several|some|other|many)\s+)?$",
    re.IGNORECASE,
)
_CONJUNCTION = re.compile(r"\b(?:and|or|nor|as well as|along with)\b|&", re.IGNORECASE)
_OF_BEFORE = re.compile(r"\bof\s+(?:(?:the)\s+)?$", re.IGNORECASE)
_INFINITIVE_SUBJECT = re.compile(r"^\s+to\s+[a-z]+", re.IGNORECASE)
# A possessor is not the target when what it possesses is another party ("Ethiopia's
# neighbours").
_OTHER_PARTY = re.compile(
    r"^(?:'s|’s|')\s+(?:[a-z]+\s+)?(?:neighbou?rs|allies|enemies|rivals|partners|opponents|"
    r"critics|adversaries|friends|proxies|opposition|dissidents|exiles|diaspora|backers|"
    r"sponsors|clients|foes)\b",
    re.IGNORECASE,
)
_CONJUNCT_START = re.compile(
    r"\b(?:and|but)\s+(?=(?:has|have|had|also|then|later|is|are|was|were|[a-z]+(?:ed|s))\b)",
    re.IGNORECASE,
)
_RELATIVE_OPENER = re.compile(
    r"\b(?:that|which|who|whom)\b(?=\s+(?:could|would|might|may|can|will)\b)", re.I
)
_CLAUSE_TAIL = re.compile(r",|\b(?:which|that|who|under which|where)\b", re.IGNORECASE)
_COMMA_LIST_BEFORE = re.compile(r"⟦\d+⟧\s*,\s*(?:(?:the|its|their)\s+)?$")
_RELATIVE_SUBJECT = re.compile(
    r"\b(?:that|which|who|whose\s+[a-z]+)\s+(?:(?:has|have|had|also|had been|have been|has been|"
    r"continue to|continues to|still)\s+)?$",
    re.IGNORECASE,
)
_COPULA_ANTECEDENT = re.compile(
    r"(⟦\d+⟧)\s+(?:is|was|are|were|remains|remained|became|has been|had been)\s+"
    r"(?:the|a|an|one of the|one of only)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:country|countries|state|states|nation|nations|member|members|government|governments|"
    r"power|powers|one|ones|ally|allies|partner|partners)\s*,?\s*$",
    re.IGNORECASE,
)
_ARMED_NOUN = (
    r"(?:militias?|militiamen|rebels?|rebel groups?|militants?|armed groups?|armed factions?|"
    r"factions?|insurgents?|insurgent groups?|paramilitar(?:y|ies)(?: groups?)?|guerrillas?|"
    r"jihadists?|jihadist groups?|terrorists?|terrorist groups?|terrorism|fighters|proxies|"
    r"proxy forces|separatists?|separatist groups?)"
)
_UNNAMED_AFTER = re.compile(
    r"^\s*(?:(?:the|a|an|some|several|various|many|local|its|their)\s+)?"
    r"(?P<group>(?:[\w-]+\s+){0,3}?" + _ARMED_NOUN + r")\b",
    re.IGNORECASE,
)
_UNNAMED_BEFORE = re.compile(
    r"(?P<group>(?:[\w-]+\s+){0,2}?" + _ARMED_NOUN + r")\s*,?\s*(?:(?:which|who|that)\s+)?"
    r"(?:(?:are|is|were|was|have been|has been|had been|being)\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)
_ABSTRACT = re.compile(r"\b(?:terrorism|extremism|insurgency)$", re.IGNORECASE)
_RELATIVE = re.compile(r"^\s*,?\s*(?:which|who|whom|that)\b", re.IGNORECASE)
# "... Y and refuses to ...": a conjunction followed by a verb, not by another actor.
_NEW_CONJUNCT_VERB = re.compile(r"^[^⟦]*?\band\s+(?!the\b|its\b|their\b)[a-z]+(?:s|ed)\b")
# "... expelled French troops and turned to Russia": the cue's own verb opens the conjunct.
_AND_AT_END = re.compile(r"\band\s+(?:(?:has|have|had|also|then|later)\s+)?$", re.IGNORECASE)
_VERB_FIRST = re.compile(r"[a-z]+(?:ed|s)\b")
_WORKING_TOGETHER = re.compile(r"cooperat|co-operat|coordinat|collaborat|partnership", re.I)
_NEW_CONJUNCT = re.compile(r"[,;]|\band\b", re.IGNORECASE)
# A clause opened by these words may leave its subject unsaid ("X is not a member but applies
# its sanctions"): the subject of the sentence stands in.
# The clause starts with its verb (or a pronoun standing for the sentence's subject).
_NO_SUBJECT = re.compile(
    r"^\s*(?:(?:it|they|he|she)\s+)?(?!(?:its|their|his|her|the|a|an|this|these|those|our)\b)"
    r"(?:[a-z]+(?:ed|ing|s)|has|have|had|is|are|was|were|will|would|can|could|does|do|did|"
    r"also|still|then|later)\b",
    re.IGNORECASE,
)
_ELLIPTIC_OPENING = re.compile(r"\b(?:but|yet|while|and)\s*$", re.IGNORECASE)
_CO_ACTORS = re.compile(
    r"^\s*,?\s*(?:alongside|along with|together with|as well as|like)\s+"
    r"(?:(?:the|its|their)\s+)?$",
    re.IGNORECASE,
)
_NEITHER = re.compile(r"\b(?:neither|nor|not even)\s+(?:(?:the|its|their)\s+)?$", re.IGNORECASE)
_PAIR_CUE_END = re.compile(r"\b(?:between|among)\s*$", re.IGNORECASE)
_WORD = re.compile(r"[\w'’\-]+")
# "use Afghan soil", "from Syrian territory": a country named as a place does not act.
_PLACE_NOUN_AFTER = re.compile(
    r"\s+(?:soil|territory|territories|airspace|waters|side|coast|coastline|border|borders|"
    r"province|provinces|region|regions|city|cities|town|towns|villages?|land|lands|"
    r"mountains|desert|islands?|ports?)\b",
    re.IGNORECASE,
)
_NEAR_CHARS = 80
_CONTRARY = re.compile(
    r"\b(?:contrary to|despite|notwithstanding|in spite of)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:claims?|reports?|rumou?rs?|allegations?|accusations?|suggestions?|speculation)\b"
    r"(?:\s+(?:in|by|from|of)\s+(?:[\w-]+\s+){0,3}?[\w-]+)?",
    re.IGNORECASE,
)
# "⟦0⟧, a ⟦1⟧ member,": the second actor sits in an apposition describing the first.
_APPOSITIVE_OF = re.compile(r"(⟦\d+⟧),\s+(?:a|an|the|its|one of the)\s+(?:[\w-]+\s+){0,3}$")
_ACCORDING_TO = re.compile(r"\baccording to\s+(?:the\s+)?$", re.IGNORECASE)
# How far before a reported tie its speaker may stand ("X has also repeatedly said that").
_SPEAKER_REACH = 120
_LEFT_MAX_WORDS = 15
# How far a clause reaches on either side of a cue. Clauses are far shorter in prose; the cap
# keeps the work per cue bounded, so a sentence dense with actors and cues (a table, a list,
# an adversarial line) costs time in proportion to its length, not to its square.
_CLAUSE_REACH = 400
# How far a pattern that reads the words right after a position may look.
_AFTER_CHARS = 160


@dataclass(frozen=True, slots=True)
class Slot:
    """An actor mention in the masked sentence."""

    index: int
    mention: Mention
    start: int  # offsets in the masked sentence
    end: int
    text_start: int  # offsets in the sentence text
    text_end: int
    joined: int = 0  # masked characters inserted before the slot (" and " of a shared span)

    @property
    def actor(self) -> str:
        return self.mention.actor_id


@dataclass(frozen=True, slots=True)
class Masked:
    text: str
    slots: tuple[Slot, ...]
    sentence_text: str
    starts: dict[int, Slot]
    breaks: tuple[tuple[int, int], ...]  # clause breaks (start, end)
    # Indexes computed once per sentence, so that each cue reads only the slots near it:
    slot_starts: tuple[int, ...] = ()
    slot_ends: tuple[int, ...] = ()
    break_starts: tuple[int, ...] = ()
    break_ends: tuple[int, ...] = ()
    list_heads: tuple[int, ...] = ()  # per slot: the first slot of the list it closes
    cited: tuple[int, ...] = ()  # starts of the slots "according to" names
    text_shifts: tuple[int, ...] = ()  # per slot: sentence-text minus masked offset after it

    def slot_at(self, start: int) -> Slot | None:
        return self.starts.get(start)

    def slots_within(self, start: int, end: int) -> tuple[Slot, ...]:
        """The slots lying wholly inside ``[start, end)``, in order."""
        low = bisect_left(self.slot_starts, start)
        high = bisect_right(self.slot_ends, end)
        return self.slots[low:high] if low < high else ()

    def slots_before(self, position: int) -> tuple[Slot, ...]:
        """The slots ending at or before ``position``."""
        return self.slots[: bisect_right(self.slot_ends, position)]


@dataclass(frozen=True, slots=True)
class StanceHit:
    """One relation a cue found: actor ids, type, modality and how sure we are."""

    cue: Cue
    source: str
    target: str
    relation: RelationType
    polarity: Polarity
    modality: Modality
    symmetric: bool
    confidence: float


def mask(text: str, spans: Sequence[tuple[int, int, Mention]]) -> Masked:
    """Replace each mention span (sentence-local offsets) by a slot ``⟦k⟧``."""
    pieces: list[str] = []
    slots: list[Slot] = []
    cursor = 0
    length = 0
    last: tuple[int, int] | None = None
    for start, end, mention in sorted(spans, key=lambda item: (item[0], -item[1])):
        if (start, end) == last and all(s.actor != mention.actor_id for s in slots[-2:]):
            # "the two countries" names two actors: read it as "X and Y".
            token = f"⟦{len(slots)}⟧"
            length += len(_JOINER)
            slots.append(Slot(len(slots), mention, length, length + len(token), end, end,
                              len(_JOINER)))  # fmt: skip
            pieces.append(_JOINER + token)
            length += len(token)
            continue
        if start < cursor or end <= start:
            continue  # overlaps an earlier (longer) mention
        last = (start, end)
        pieces.append(text[cursor:start])
        length += start - cursor
        token = f"⟦{len(slots)}⟧"
        slots.append(Slot(len(slots), mention, length, length + len(token), start, end))
        pieces.append(token)
        length += len(token)
        cursor = end
    pieces.append(text[cursor:])
    masked = "".join(pieces)
    breaks = tuple((m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(masked))
    shifts, shift = [], 0
    for slot in slots:
        shift += (slot.text_end - slot.text_start) - (slot.end - slot.start) - slot.joined
        shifts.append(shift)
    return Masked(
        masked,
        tuple(slots),
        text,
        {slot.start: slot for slot in slots},
        breaks,
        slot_starts=tuple(slot.start for slot in slots),
        slot_ends=tuple(slot.end for slot in slots),
        break_starts=tuple(start for start, _ in breaks),
        break_ends=tuple(end for _, end in breaks),
        list_heads=_list_heads(masked, slots),
        cited=tuple(
            slot.start
            for slot in slots
            if _ACCORDING_TO.search(masked[max(0, slot.start - 48) : slot.start])
        ),
        text_shifts=tuple(shifts),
    )


def _list_heads(text: str, slots: Sequence[Slot]) -> tuple[int, ...]:
    """For each slot, the first slot of the list "X, Y and Z" it ends (itself when no "and"
    or "or" joins it to the slot before): the head a preposition governs ("between X and Y").
    One pass over the sentence instead of a walk back from every slot."""
    links = [None] + [_link(text[a.end : b.start]) for a, b in itertools.pairwise(slots)]
    run_start: list[int] = []  # first slot of the unbroken chain of links ending here
    for i, link in enumerate(links):
        run_start.append(run_start[i - 1] if i and link is not None else i)
    return tuple(
        run_start[i - 1] if i and link is not None and link != "comma" else i
        for i, link in enumerate(links)
    )


def _before(masked: Masked, position: int, width: int = 48) -> str:
    """The few characters before a position (the patterns that read them end with ``$``)."""
    return masked.text[max(0, position - width) : position]


def _after(masked: Masked, position: int, width: int = _AFTER_CHARS) -> str:
    """The few characters after a position (for patterns anchored at its start)."""
    return masked.text[position : position + width]


def _clause_bounds(masked: Masked, position: int) -> tuple[int, int]:
    """The clause around ``position`` (between clause breaks), at most ``_CLAUSE_REACH``
    characters on either side."""
    before = bisect_right(masked.break_ends, position)
    start = masked.break_ends[before - 1] if before else 0
    after = bisect_left(masked.break_starts, position)
    end = masked.break_starts[after] if after < len(masked.break_starts) else len(masked.text)
    return max(start, position - _CLAUSE_REACH), min(end, position + _CLAUSE_REACH)


@cache
def _anchor_automaton() -> ahocorasick.Automaton:
    """Anchor word → indexes of the cues that need it, for one pass over a sentence."""
    by_anchor: dict[str, list[int]] = {}
    for index, cue in enumerate(stance_cues()):
        for anchor in cue.anchors:
            by_anchor.setdefault(anchor, []).append(index)
    automaton = ahocorasick.Automaton()
    for anchor, indexes in by_anchor.items():
        automaton.add_word(anchor, tuple(indexes))
    automaton.make_automaton()
    return automaton


def candidate_cues(text: str) -> list[Cue]:
    """The cues whose anchor words occur in ``text`` (the others cannot match)."""
    cues = stance_cues()
    indexes: set[int] = set()
    for _, found in _anchor_automaton().iter(text.lower()):
        indexes.update(found)
    return [cues[i] for i in sorted(indexes)]


def _matches(
    masked: Masked, exhaustive: bool = False, kinds: ActorKinds | None = None
) -> list[tuple[Cue, re.Match[str]]]:
    """All cue matches, leaving out those that lie inside a longer, earlier match."""
    found: list[tuple[Cue, re.Match[str]]] = []
    cues = stance_cues() if exhaustive else candidate_cues(masked.text)
    for cue in cues:
        found.extend(
            (cue, match)
            for match in cue.regex.finditer(masked.text)
            if _fits(cue, masked, match, kinds)
        )
    found.sort(key=lambda item: (item[1].start(), -(item[1].end() - item[1].start())))
    kept: list[tuple[Cue, re.Match[str]]] = []
    taken_until = -1
    for cue, match in found:
        if match.end() > taken_until or not kept:
            # A match that reaches past every kept one reads words they did not.
            kept.append((cue, match))
            taken_until = max(taken_until, match.end())
        elif _has_own_roles(match) and not _overlaps_roles(match, kept[-1][1]):
            # A pattern naming both actors ("X and Y are allies") is specific enough to keep
            # even inside a looser match.
            kept.append((cue, match))
    return kept


def _fits(cue: Cue, masked: Masked, match: re.Match[str], kinds: ActorKinds | None) -> bool:
    """A cue whose named actors are of the wrong sector or kind ("Britain left the EU" for
    troops leaving, "Mali expelled French troops" for an organisation suspending a member)
    does not match, so it cannot hide the cue that fits."""
    source = _group_slot(masked, match, "s")
    target = _group_slot(masked, match, "t")
    if cue.source_sector and not (source and _slot_of_sector(masked, source, cue.source_sector)):
        return False
    if cue.target_sector and target and not _slot_of_sector(masked, target, cue.target_sector):
        return False
    if kinds is not None and target and not kinds.accepts(target.actor, cue.target_kind):
        return False
    return not (kinds is not None and source and not kinds.accepts(source.actor, cue.source_kind))


def _has_own_roles(match: re.Match[str]) -> bool:
    """Patterns that name both actors, or open with their own actor ("Russia, its formal
    ally"), are specific enough to keep inside a looser match."""
    groups = match.re.groupindex
    if "s" in groups and "t" in groups and match.group("s") is not None:
        return True
    return "t" in groups and match.group("t") is not None and match.start("t") == match.start()


def _overlaps_roles(match: re.Match[str], other: re.Match[str]) -> bool:
    return match.start() == other.start() and match.end() == other.end()


def _group_slot(masked: Masked, match: re.Match[str], name: str) -> Slot | None:
    if name not in match.re.groupindex or match.group(name) is None:
        return None
    return masked.slot_at(match.start(name))


def _left_slots(
    masked: Masked, before: int, clause_start: int, exclude: frozenset[str] = frozenset()
) -> list[Slot]:
    """The nearest actor left of ``before`` (not governed by a preposition), with its
    coordinated neighbours ("X and Y"); actors in ``exclude`` are passed over."""
    candidates = []
    for s in reversed(masked.slots_within(clause_start, before)):
        if len(_WORD.findall(masked.text[s.end : before])) > _LEFT_MAX_WORDS:
            break  # every slot further left is further away still
        if s.actor not in exclude and not _PLACE_NOUN_AFTER.match(_after(masked, s.end)):
            candidates.append(s)
    candidates.reverse()
    if not candidates:
        return []
    free = [s for s in candidates if not _governed(masked, s) or _antecedent(masked, s)]
    if not free:
        # Only "the president of X" lends its actor to the role; an actor after "in", "on",
        # "from" ... is a place or an object, never the one acting.
        free = [s for s in candidates if _OF_BEFORE.search(_before(masked, s.start))]
        if not free:
            return []
    chosen = free[-1]
    appositive = _APPOSITIVE_OF.search(_before(masked, chosen.start))
    if appositive and re.match(r"[^,]*,", masked.text[chosen.end : before]):
        # "Turkey, a NATO member, bought Russian missiles": NATO describes Turkey.
        head = masked.slot_at(chosen.start - len(appositive.group(0)) + appositive.start(1))
        if head is not None and head.actor not in exclude:
            chosen = head
    if masked.text[chosen.end : before].lstrip().startswith(","):
        # "Qatar, which has never recognised Israel, hosts ...": the clause before the comma
        # was a relative clause; its antecedent is the subject.
        antecedents = [s for s in candidates if s.end <= chosen.start and _antecedent(masked, s)]
        if antecedents:
            chosen = antecedents[-1]
    elif _NEW_CONJUNCT_VERB.search(masked.text[chosen.end : before]) or (
        _AND_AT_END.search(masked.text[chosen.end : before])
        and _VERB_FIRST.match(_after(masked, before))
    ):
        # "X has not condemned Y and refuses to send weapons": Y ends the first conjunct;
        # the second shares the subject of the first.
        earlier = [s for s in free if s.end <= chosen.start]
        if earlier:
            chosen = earlier[0]
    return _with_left_neighbours(masked, chosen, clause_start)


def _relative_antecedent(masked: Masked, before: int, clause_start: int) -> list[Slot]:
    """The actor a relative pronoun right before the cue stands for, if it is an actor."""
    pronoun = _RELATIVE_SUBJECT.search(masked.text[clause_start:before])
    assert pronoun is not None
    antecedent_end = clause_start + pronoun.start()
    for slot in masked.slots_within(clause_start, antecedent_end):
        if not masked.text[slot.end : antecedent_end].strip(" ,)"):
            return _with_left_neighbours(masked, slot, clause_start)
    # "Serbia is the only European country that has stayed out ...": the copula's subject.
    copula = _COPULA_ANTECEDENT.search(masked.text[clause_start:antecedent_end])
    if copula:
        found = masked.slot_at(clause_start + copula.start(1))
        return [found] if found is not None else []
    return []


def _antecedent(masked: Masked, slot: Slot) -> bool:
    """Whether a relative clause follows the actor ("Hezbollah, which is armed by ...")."""
    return bool(_RELATIVE.match(_after(masked, slot.end)))


def _governed(masked: Masked, slot: Slot) -> bool:
    """Whether a preposition governs the actor, or the list it belongs to ("between X and Y")."""
    if _INFINITIVE_SUBJECT.match(_after(masked, slot.end)) and re.search(
        r"\bfor\s+(?:(?:the)\s+)?$", _before(masked, slot.start), re.IGNORECASE
    ):
        return False  # "cleared the way for Russia to join": Russia acts
    # "from X, the Y ...": a comma alone does not make a list (see _list_heads).
    head = masked.slots[masked.list_heads[slot.index]] if _own(masked, slot) else slot
    return bool(_PREPOSITION_BEFORE.search(_before(masked, head.start)))


def _own(masked: Masked, slot: Slot) -> bool:
    """Whether the slot is one of the sentence's own (not a topic or unnamed-group stand-in)."""
    return 0 <= slot.index < len(masked.slots) and masked.slots[slot.index] is slot


def _preceding(masked: Masked, slot: Slot) -> Iterator[Slot]:
    """The slots before ``slot``, nearest first."""
    index = slot.index if _own(masked, slot) else bisect_right(masked.slot_ends, slot.start)
    for i in range(index - 1, -1, -1):
        yield masked.slots[i]


def _link(between: str) -> str | None:
    """How two neighbouring actors are joined: "and" (and, or, as well as), "comma", "comma
    and" (", and": a list only when a list came before it), None."""
    if not _COORDINATION.match(between):
        return None
    if not _CONJUNCTION.search(between):
        return "comma"
    return "comma_and" if between.lstrip().startswith(",") else "and"


def _right_slots(
    masked: Masked, after: int, clause_end: int, max_gap: int, *, cross_comma: bool = False
) -> list[Slot]:
    """The first actor right of ``after`` within ``max_gap`` words, with coordinated ones."""
    following = masked.slots_within(after, clause_end)
    if not following:
        return []
    first = following[0]
    gap = masked.text[after : first.start]
    if cross_comma:
        gap = gap.replace(",", " ")
    if len(_WORD.findall(gap)) > max_gap or _NEW_CONJUNCT.search(gap):
        return []  # too far, or in another conjunct ("abstained, and later bought Russian arms")
    if _OTHER_PARTY.match(_after(masked, first.end)):
        return []  # "ties with Ethiopia's neighbours" are ties with the neighbours
    return _coordinated_from(masked, first, following, 1)


def _coordinated_from(
    masked: Masked, first: Slot, following: Sequence[Slot], skip: int = 0
) -> list[Slot]:
    """``first`` and the actors joined to it on the right ("X, Y and Z"), from
    ``following[skip:]``."""
    group = [first]
    closed = 1  # actors up to here form a list closed by "and" (or the first alone)
    for index in range(skip, len(following)):
        slot = following[index]
        link = _link(masked.text[group[-1].end : slot.start])
        if link is None or (link == "comma_and" and len(group) < 2):
            break  # "X, and Y moved quickly": a new clause, not a list
        group.append(slot)
        if link in ("and", "comma_and"):
            closed = len(group)
    return group[:closed]


def _prefer_nonorg(slots: list[Slot], masked: Masked, after: int, clause_end: int,
                   kinds: ActorKinds, max_gap: int) -> list[Slot]:  # fmt: skip
    """Targets that are not organisations when the clause has any (the UN hosts the vote)."""
    if not slots or all(kinds.kind(s.actor) != "org" for s in slots):
        return slots
    later = [s for s in masked.slots_within(after, clause_end) if kinds.kind(s.actor) != "org"]
    gap = masked.text[after : later[0].start] if later else ""
    if later and len(_WORD.findall(gap)) <= max_gap + 6 and not _NEW_CONJUNCT.search(gap):
        return _right_slots(masked, later[0].start, clause_end, 0)
    return slots


def _is_armed(slot: Slot, masked: Masked, kinds: ActorKinds) -> bool:
    kind = kinds.kind(kinds.state_of(slot.actor))  # a group's leader stands for the group
    if kind == "armed":
        return True
    if kind in ("state", "org", "person"):
        return False
    text = masked.sentence_text
    around = text[max(0, slot.text_start - 25) : slot.text_end + 30]
    return bool(ARMED_WORDS.search(around))


def modality_of(
    masked: Masked,
    match: re.Match[str],
    clause: tuple[int, int],
    cue: Cue,
    words: ModalityWords,
) -> tuple[Modality, bool]:
    """What the sentence says about the relation (asserted, negated, hedged, ...) and whether
    it says the tie ended ("no longer backs")."""
    clause_start, clause_end = clause
    previous = bisect_right(masked.slot_ends, match.start())
    near_start = max(clause_start, match.start() - _NEAR_CHARS)
    if previous:
        near_start = max(near_start, masked.slot_ends[previous - 1])
    if masked.text.startswith("⟦", match.start()):
        near_start = match.start()  # the pattern begins with its actor: only its words count
    near_end = match.start() if cue.negation_inside else match.end()
    for conjunction in _CONJUNCT_START.finditer(masked.text, near_start, match.start()):
        near_start = conjunction.end()  # "reject that claim and have imposed sanctions"
    for relative in _RELATIVE_OPENER.finditer(masked.text, near_start, match.start()):
        # "avoid taking actions that could harm its ties": the denial stays outside
        near_start = relative.end()
    near = _SLOT.sub(" ", masked.text[near_start:near_end])
    near_for_negation = words.not_negation.sub(" ", near)
    # "Contrary to claims in the media, X has not joined ...": the text sets the claims aside.
    before = _CONTRARY.sub(" ", masked.text[clause_start : match.start()])
    # "reject that claim and have imposed sanctions": a new conjunct leaves the denial behind.
    conjuncts = list(_CONJUNCT_START.finditer(before))
    if conjuncts:
        before = before[conjuncts[-1].end() :]
    if words.abandoned_plan.search(near):
        return "negated", False  # "reversed its decision to join": never joined, nothing ended
    # Words of the cue itself ("withdrew its troops") do not say the tie ended; cue.ended does.
    ended = bool(words.ended_near.search(masked.text[near_start : match.start()]))
    if words.unconfirmed.search(before) or words.unconfirmed.search(near):
        return "hedged", ended  # "did not confirm the raids" is no denial
    if _PAIR_CUE_END.search(match.group(0)):
        # "has avoided taking sides in the rivalry between X and Y": the pair after the cue
        # is not the one who avoids; only a denial right before the cue ("no tensions
        # between") is theirs.
        # The cue's words and two before them: "no tensions between", "the absence of
        # diplomatic relations between".
        reach = len(match.group(0).split()) + 2
        near_for_negation = " ".join(near_for_negation.split()[-reach:])
    if words.negated_near.search(near_for_negation) or words.negated_clause.search(before):
        return "negated", ended
    if words.false_after.search(masked.text[match.end() : match.end() + _CLAUSE_REACH]):
        return "negated", ended  # "reports that X armed Y are false"
    after = masked.text[match.end() : clause_end]
    tail = _CLAUSE_TAIL.search(after)
    after = after[: tail.start()] if tail else after
    if words.conditional_clause.search(masked.text[clause_start : match.end()] + after):
        return "conditional", ended
    if words.hedged_near.search(near) or words.hedged_clause.search(before):
        return "hedged", ended
    if words.predicted_near.search(near):
        if words.failed_after.search(masked.text[match.end() : clause_end]):
            return "negated", False  # "talks on a defence pact between X and Y collapsed"
        return "predicted", ended
    return "asserted", ended


_MILITARY_HEAD = re.compile(
    r"\b(?:troops|forces|soldiers|army|navy|military|militaries|warships|jets|aircraft)$",
    re.IGNORECASE,
)


_MILITARY_NOUN_AFTER = re.compile(
    r"\s+(?:troops|forces|soldiers|army|navy|military|warships|jets|aircraft|units|contingent)\b",
    re.IGNORECASE,
)


def _slot_of_sector(masked: Masked, slot: Slot, sector: str) -> bool:
    """The slot's mention is of the sector, or the noun after it says so ("French troops"
    where only "French" was recognised)."""
    if _of_sector(slot.mention, sector):
        return True
    return sector == "MIL" and bool(_MILITARY_NOUN_AFTER.match(_after(masked, slot.end)))


def _of_sector(mention: Mention, sector: str) -> bool:
    if mention.plover_type == sector or (mention.cameo and mention.cameo.endswith(sector)):
        return True
    # "Western forces": a bloc's military, named by its head noun.
    return sector == "MIL" and bool(_MILITARY_HEAD.search(mention.text))


def _turned(polarity: Polarity) -> Polarity:
    if polarity == "cooperative":
        return "conflictual"
    if polarity == "conflictual":
        return "cooperative"
    return polarity


def _refined(
    cue: Cue, masked: Masked, clause: tuple[int, int], kinds: ActorKinds, match_end: int
) -> RelationType:
    if not cue.refine:
        return cue.relation
    after = masked.slots_within(match_end, clause[1])
    working_together = _WORKING_TOGETHER.search(masked.text[clause[0] : match_end])
    if working_together and any(kinds.kind(s.actor) == "armed" for s in after):
        return "security_cooperation"  # cooperating against (or about) an armed group
    # The word right before the cue decides first ("its military cooperation with").
    close = " ".join(_WORD.findall(masked.text[max(clause[0], match_end - 60) : match_end])[-4:])
    matched = [relation for relation, pattern in refine_rules() if pattern.search(close)]
    if len(matched) == 1:
        return matched[0]
    text = masked.text[max(clause[0], match_end - 90) : min(clause[1], match_end + 80)]
    matched = [relation for relation, pattern in refine_rules() if pattern.search(text)]
    if len(matched) == 1:
        return matched[0]
    # With no telling word, the cue's own type ("relies on" X: support).
    return cue.relation if cue.relation != refine_default() else refine_default()


def _roles(
    cue: Cue, masked: Masked, match: re.Match[str], clause: tuple[int, int], kinds: ActorKinds
) -> tuple[list[Slot], list[Slot]]:
    """Source and target slots of a cue match."""
    clause_start, clause_end = clause
    source = _group_slot(masked, match, "s")
    target = _group_slot(masked, match, "t")
    explicit_targets = _with_right_neighbours(masked, target, clause_end) if target else []
    if source and target:
        return [source], explicit_targets
    if source is None and target is None and _PAIR_CUE_END.search(match.group(0)):
        # "tensions between X and Y": the pair follows the cue, or there is no pair.
        pair = _right_slots(masked, match.end(), clause_end, cue.max_gap)
        return ([pair[0]], pair[1:]) if len(pair) >= 2 else ([], [])
    explicit = [slot for slot in (source, target) if slot is not None]
    left_end = min([match.start(), *(slot.start for slot in explicit)])
    right = _right_slots(masked, match.end(), clause_end, cue.max_gap, cross_comma=cue.cross_comma)
    if cue.prefer_nonorg:
        right = _prefer_nonorg(right, masked, match.end(), clause_end, kinds, cue.max_gap)
    # The actor on the other side never plays both roles ("Beijing views Taiwan as ... and
    # has stepped up pressure on Taipei": the source is Beijing).
    other = frozenset(slot.actor for slot in (explicit if explicit else right))
    left = _left_slots(masked, left_end, clause_start, exclude=other)
    if source is None and _RELATIVE_SUBJECT.search(masked.text[clause_start:left_end]):
        # "resolutions that condemned Russia": the subject is the word before "that".
        left = _relative_antecedent(masked, left_end, clause_start)
    if (
        not left
        and clause_start > 0
        and _ELLIPTIC_OPENING.search(_before(masked, clause_start))
        and _NO_SUBJECT.match(_after(masked, clause_start))
    ):
        left = _sentence_subject(masked, clause_start, other)
    if (
        not left
        and source is None
        and not cue.reverse
        and _NONFINITE_BEFORE.search(masked.text[clause_start:left_end])
    ):
        # "X's policy ... is characterized by ..., maintaining relationships with Y": a
        # participle or infinitive far from any actor takes the subject of its sentence.
        left = _sentence_subject(masked, left_end, other)
    if source is None and not cue.reverse and _participle_after_comma(masked, match, left_end):
        # "X asked Y to slow the drawdown, warning that ...": the participle's subject is the
        # sentence's subject, not the object nearest to it.
        left = _sentence_subject(masked, left_end, other) or left
    if cue.reverse:
        left, right = right, left
    sources = [source] if source else left
    targets = explicit_targets or right
    if not targets and len(sources) >= 2 and _symmetric(cue):
        # "X and Y have no diplomatic relations": the coordinated subjects are the pair.
        return [sources[0]], sources[1:]
    if targets and not cue.reverse:
        # "X is a member of NATO alongside Y and Z": Y and Z take X's role.
        sources = sources + _co_actors(masked, targets[-1].end, clause_end)
    return sources, targets


_PARTICIPLE = re.compile(r"[a-z]+ing\b", re.IGNORECASE)
_NONFINITE_BEFORE = re.compile(r"\b(?:[a-z]{3,}ing|to)\s+(?:[a-z-]+\s+){0,2}$", re.IGNORECASE)


def _participle_after_comma(masked: Masked, match: re.Match[str], left_end: int) -> bool:
    return bool(
        _PARTICIPLE.match(match.group(0))
        and re.search(r",\s*$", masked.text[max(0, left_end - 4) : left_end])
    )


def _sentence_subject(masked: Masked, before: int, exclude: frozenset[str]) -> list[Slot]:
    """The first actor of the sentence not governed by a preposition, with its list."""
    for slot in masked.slots:
        if slot.end > before:
            break
        if slot.actor not in exclude and not _governed(masked, slot):
            return _with_right_neighbours(masked, slot, before)
    return []


def _co_actors(masked: Masked, after: int, clause_end: int) -> list[Slot]:
    """Actors added by "alongside X and Y" right after a role."""
    following = masked.slots_within(after, clause_end)
    if not following or not _CO_ACTORS.match(masked.text[after : following[0].start]):
        return []
    return _coordinated_from(masked, following[0], following, 1)


def _with_left_neighbours(
    masked: Masked, slot: Slot, clause_start: int, *, closed: bool = False
) -> list[Slot]:
    """The actor and those listed before it; ``closed`` when an "and" after it ends the list."""
    group = [slot]
    seen_conjunction = closed
    for other in _preceding(masked, slot):
        if other.start < clause_start:
            break
        link = _link(masked.text[other.end : group[0].start])
        if link is None or (link == "comma" and not seen_conjunction):
            break  # a bare comma joins a list only when an "and" closes it
        if link == "comma_and" and not _COMMA_LIST_BEFORE.search(_before(masked, other.start)):
            break
        seen_conjunction = seen_conjunction or link in ("and", "comma_and")
        group.insert(0, other)
    return group


def _with_right_neighbours(masked: Masked, slot: Slot, clause_end: int) -> list[Slot]:
    following = masked.slots_within(slot.start + 1, clause_end)
    return _coordinated_from(masked, slot, following)


def _whole_list(
    cue: Cue,
    masked: Masked,
    match: re.Match[str],
    clause: tuple[int, int],
    sources: list[Slot],
    targets: list[Slot],
) -> list[tuple[Slot, Slot]]:
    """Source-target pairs; "Turkey, Iraq, Qatar and the UAE will sign": a symmetric tie
    stated of a list binds every pair in it."""
    pairs = [(source, target) for source in sources for target in targets]
    source = _group_slot(masked, match, "s")
    target = _group_slot(masked, match, "t")
    if source is None or target is None or not _symmetric(cue) or target.start < source.start:
        return pairs
    members = _with_left_neighbours(masked, source, clause[0], closed=True)
    if len(members) < 2:
        return pairs
    everyone = [*members, *targets]
    return [(a, b) for i, a in enumerate(everyone) for b in everyone[i + 1 :]]


def _symmetric(cue: Cue) -> bool:
    if cue.symmetric is not None:
        return cue.symmetric
    return relation_types()[cue.relation].symmetric


def _mediation_hits(
    cue: Cue, masked: Masked, match: re.Match[str], clause: tuple[int, int], modality: Modality
) -> Iterator[StanceHit]:
    party_a = _group_slot(masked, match, "a")
    party_b = _group_slot(masked, match, "b")
    mediator = _group_slot(masked, match, "s")
    if party_a is None or party_b is None:
        return
    parties = frozenset((party_a.actor, party_b.actor))
    if mediator is not None and mediator.start > party_b.start:
        # "talks brokered by Saudi Arabia and the United States": the list follows.
        mediators = _with_right_neighbours(masked, mediator, clause[1])
    elif mediator is not None:
        mediators = _with_left_neighbours(masked, mediator, clause[0])
    else:
        mediators = _left_slots(masked, match.start(), clause[0], parties)
    polarity = relation_types()["mediation"].polarity
    words = modality_words()
    for one in mediators:
        if len({one.actor, party_a.actor, party_b.actor}) < 3:
            continue  # mediation needs three distinct parties
        said = modality
        if said != "negated" and _obstructed_possessor(masked, match, one, words):
            said = "negated"  # "rejected Egypt's offer to mediate between X and Y"
        for party in (party_a, party_b):
            yield StanceHit(cue, one.actor, party.actor, "mediation", polarity, said, False,
                            cue.confidence)  # fmt: skip


def stance_hits(
    masked: Masked, kinds: ActorKinds, exhaustive: bool = False, topic: str | None = None
) -> list[StanceHit]:
    """Every relation the stance cues find in one masked sentence.

    ``exhaustive`` runs every cue instead of those whose anchor words occur (for tests);
    ``topic`` is the state the document is about, the source of cues that leave it unsaid.
    """
    actors = {slot.actor for slot in masked.slots}
    if not actors:
        return []
    words = modality_words()
    hits: list[StanceHit] = []
    for cue, match in _matches(masked, exhaustive, kinds):
        implicit = cue.implicit_source and topic is not None
        if len(actors) < 2 and not (_may_support_unnamed(cue) or implicit):
            continue  # one actor: only "X arms militias" can still say something
        clause = _clause_bounds(masked, match.start())
        modality, ended_words = modality_of(masked, match, clause, cue, words)
        if modality == "asserted" and cue.modality is not None:
            modality = cue.modality  # the cue itself says how ("joining" is under way)
        ended = cue.ended or ended_words
        if ended and modality == "negated":
            # "has not cut ties with Y" is the tie as it was.
            ended, modality = False, "asserted"
        if cue.relation == "mediation":
            hits.extend(_mediation_hits(cue, masked, match, clause, modality))
            continue
        sources, targets = _roles(cue, masked, match, clause, kinds)
        if not sources and cue.implicit_source and topic is not None:
            sources = [_topic_slot(topic)]
        if not targets and sources and _may_support_unnamed(cue):
            targets = _unnamed_armed_group(cue, masked, match, clause)
        pairs = _whole_list(cue, masked, match, clause, sources, targets)
        if sources and _NEITHER.search(masked.text[clause[0] : sources[0].start]):
            modality = "negated"  # "Neither X nor Y recognises Z"
        explicit = _group_slot(masked, match, "s") is not None
        confidence = cue.confidence if explicit else round(cue.confidence - 0.05, 3)
        for source, target in pairs:
            sure = confidence if target.index >= 0 else round(confidence - 0.15, 3)
            said = modality
            if said == "asserted" and _reported_by_other(masked, clause, source, target, words):
                said = "hedged"
            if said != "negated" and _obstructed_possessor(masked, match, source, words):
                said = "negated"  # "has blocked Kosovo's membership of the UN"
            hit = _hit(cue, masked, clause, kinds, source, target, said, sure, ended,
                       match.end())  # fmt: skip
            if hit is not None:
                hits.append(hit)
                hits.extend(_also(hit, match))
    return hits


def _reported_by_other(
    masked: Masked, clause: tuple[int, int], source: Slot, target: Slot, words: ModalityWords
) -> bool:
    """Whether a third party is the one saying it: "Israel says Iran sends missiles to
    Hezbollah", "according to Washington, ..." (an accusation, not a fact the text asserts).
    The tie must be what the third party says (its first actor opens the reported clause),
    not a fact the sentence takes for granted ("X said it would not join the EU sanctions")."""
    parties = {source.actor, target.actor}
    first = min(source.start, target.start) if target.index >= 0 else source.start
    low, high = bisect_left(masked.cited, clause[0]), bisect_left(masked.cited, clause[1])
    for start in masked.cited[low:high]:
        slot = masked.starts[start]
        if slot.actor not in parties:
            return True  # "..., according to UN experts"
    # The speaker's verb sits right before the tie's first actor ("X says Y arms Z").
    for slot in masked.slots_within(max(clause[0], first - _SPEAKER_REACH), first):
        if slot.actor in parties or slot.index < 0:
            continue
        if slot.start < clause[0] or _governed(masked, slot):
            continue  # "analysts in Seoul said": a place, not the one speaking
        if words.reported.match(masked.text[slot.end : first]):
            return True
    return False


_POSSESSIVE_GAP = re.compile(r"^(?:'s|’s|')\s+(?:[\w-]+\s+){0,2}$")


def _obstructed_possessor(
    masked: Masked, match: re.Match[str], source: Slot, words: ModalityWords
) -> bool:
    """Whether the tie is named as the source's ("Kosovo's membership of the UN") right after
    a verb that keeps it from holding ("blocked", "vetoed", "opposes"), or the source is
    refused leave to act ("never allowed American drones to strike")."""
    if source.index < 0 or source.end > match.start():
        return False
    before = _before(masked, source.start)
    if words.permission_refused.search(before):
        return True  # "has never allowed American drones to strike ..."
    if match.start() - source.end > 40:
        return False
    if not _POSSESSIVE_GAP.match(masked.text[source.end : match.start()]):
        return False
    return bool(words.obstructed.search(before))


def _also(hit: StanceHit, match: re.Match[str]) -> list[StanceHit]:
    """The extra relations a cue's ``also_TYPE`` groups add for the same actors."""
    extra = []
    for name in match.re.groupindex:
        if name.startswith("also_") and match.group(name) is not None:
            relation = cast(RelationType, name.removeprefix("also_"))
            spec = relation_types()[relation]
            # A tie said to end ends for the extra type too.
            ended = hit.polarity != relation_types()[hit.relation].polarity
            polarity = _turned(spec.polarity) if ended else spec.polarity
            extra.append(replace(hit, relation=relation, polarity=polarity,
                                 symmetric=spec.symmetric))  # fmt: skip
    return extra


def _topic_slot(topic: str) -> Slot:
    """The document's own state as a source the sentence leaves unsaid."""
    return Slot(-2, Mention(topic, "", 0, 0, resolution="coreference", confidence=0.5), 0, 0, 0, 0)


def _may_support_unnamed(cue: Cue) -> bool:
    """Cues whose target may be an armed group the text does not name ("arms militias",
    "struck insurgents", "pushed the rebels out of")."""
    return "support_armed_group" in (cue.relation, cue.if_armed) or cue.relation in (
        "attack",
        "hostility",
    )


def _unnamed_armed_group(
    cue: Cue, masked: Masked, match: re.Match[str], clause: tuple[int, int]
) -> list[Slot]:
    """An armed group the text does not name ("arms militias", "militias backed by X") as an
    UNKNOWN target: the relation is real even if the group is not identified."""
    if cue.reverse:
        window = masked.text[max(clause[0], match.start() - 60) : match.start()]
        found = _UNNAMED_BEFORE.search(window)
        offset = match.start() - len(window)
    else:
        window = masked.text[match.end() : min(clause[1], match.end() + 60)]
        found = _UNNAMED_AFTER.match(window)
        offset = match.end()
    if found is None or "⟦" in found.group(0) or _ABSTRACT.search(found.group("group")):
        return []  # "combating terrorism" names no group
    start, end = offset + found.start("group"), offset + found.end("group")
    text_start, text_end = _text_offset(masked, start), _text_offset(masked, end)
    phrase = masked.sentence_text[text_start:text_end]
    mention = Mention(UNKNOWN_ACTOR_ID, phrase, 0, 0, resolution="name", confidence=0.5)
    return [Slot(-1, mention, start, end, text_start, text_end)]


def _text_offset(masked: Masked, position: int) -> int:
    """The sentence-text offset of a position in the masked sentence (outside slots)."""
    before = bisect_right(masked.slot_ends, position)
    return position + (masked.text_shifts[before - 1] if before else 0)


def _hit(
    cue: Cue,
    masked: Masked,
    clause: tuple[int, int],
    kinds: ActorKinds,
    source: Slot,
    target: Slot,
    modality: Modality,
    confidence: float,
    ended: bool,
    match_end: int,
) -> StanceHit | None:
    if source.actor == target.actor:
        return None
    if cue.source_sector and not _slot_of_sector(masked, source, cue.source_sector):
        return None
    if cue.target_sector and not _slot_of_sector(masked, target, cue.target_sector):
        return None
    if not kinds.accepts(target.actor, cue.target_kind):
        return None
    if not kinds.accepts(source.actor, cue.source_kind):
        return None
    relation = _refined(cue, masked, clause, kinds, match_end)
    armed = target.actor == UNKNOWN_ACTOR_ID or _is_armed(target, masked, kinds)
    if cue.armed_only and not armed:
        return None
    if cue.if_armed and armed:
        relation = cue.if_armed
    elif cue.if_state and kinds.kind(target.actor) == "state":
        relation = cue.if_state
    elif relation == "political_support" and _of_sector(target.mention, "MIL"):
        relation = "military_cooperation"  # "in support of Iraqi security forces"
    polarity = (cue.polarity if relation == cue.relation else None) or (
        relation_types()[relation].polarity
    )
    if ended and polarity == "neutral":
        # A neutral stance cannot turn round: "abandoned its neutrality" says it no longer holds.
        modality = "negated" if modality == "asserted" else modality
    elif ended:
        polarity = _turned(polarity)
    symmetric = cue.symmetric if cue.symmetric is not None else relation_types()[relation].symmetric
    return StanceHit(cue, source.actor, target.actor, relation, polarity, modality, symmetric,
                     confidence)  # fmt: skip
