"""Relations from coded events: a CAMEO code says what kind of tie an event expresses.

The mapping lives in ``data/relations/event_map.toml`` (longest code prefix wins). The event's
own polarity, modality, Goldstein score and evidence carry over; statements of intent (CAMEO
03) become ``predicted`` relations; aid to an armed group becomes support for it; mediation
needs a third party in the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from geopol.records import UNKNOWN_ACTOR_ID, Event, Mention, Modality, Polarity, RelationType
from geopol.relations.kinds import ActorKinds
from geopol.relations.lexicon import event_map, modality_words, relation_types

_BETWEEN = re.compile(r"\b(?:between|among)\b", re.IGNORECASE)
# A clause boundary between the trigger and an actor: the actor belongs to another clause
# ("sided with the eastern authorities, because it rejects a deal that Turkey ...").
_CLAUSE_BOUNDARY = re.compile(
    r"[;:]|,\s+and\b|\b(?:because|although|though|while|whereas|but|which|who|whom|that)\b",
    re.IGNORECASE,
)
# "hold exercises with the United States": a show of force with someone is no pressure on it.
_WITH_BEFORE = re.compile(r"\b(?:with|alongside|together with)\s+(?:the\s+)?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class CodedHit:
    event: Event
    source: str
    target: str
    relation: RelationType
    polarity: Polarity
    modality: Modality


def _actor(mention: Mention | None) -> str | None:
    if mention is None or not mention.actor_id or mention.actor_id == UNKNOWN_ACTOR_ID:
        return None
    return mention.actor_id


def _across_clauses(event: Event) -> bool:
    """Whether a clause boundary separates the trigger from its target (after it) or its
    source (before it)."""
    evidence, trigger = event.evidence, event.trigger
    if evidence is None or trigger is None or trigger.end <= trigger.start:
        return False
    for mention, after in ((event.target, True), (event.source, False)):
        if mention is None:
            continue
        if after and mention.start >= trigger.end:
            gap = evidence.text[trigger.end - evidence.start : mention.start - evidence.start]
        elif not after and mention.end <= trigger.start:
            gap = evidence.text[mention.end - evidence.start : trigger.start - evidence.start]
        else:
            continue
        if _CLAUSE_BOUNDARY.search(gap):
            return True
    return False


_IN_BEFORE = re.compile(r"\b(?:in|inside|within|across|throughout)\s+(?:the\s+)?$", re.IGNORECASE)
# Relations whose target may be named as the place where they happen ("strikes in Syria").
_PLACE_TARGET_TYPES = frozenset({"attack", "military_intervention", "withdrawal", "influence"})


def _target_is_place(event: Event) -> bool:
    target, evidence = event.target, event.evidence
    if target is None or evidence is None:
        return False
    start = target.start - evidence.start
    return 0 < start <= len(evidence.text) and bool(_IN_BEFORE.search(evidence.text[:start]))


_NEAR_TRIGGER = 40  # characters before the trigger that may negate it
_CLAUSE_START = re.compile(r";|\.\s|\b(?:but|while|whereas|although|however)\b", re.IGNORECASE)


def _negated_before_trigger(event: Event) -> bool:
    """Whether the words right before the trigger (after its source) deny it."""
    evidence, trigger = event.evidence, event.trigger
    if evidence is None or trigger is None or trigger.start < evidence.start:
        return False
    start = trigger.start - evidence.start
    left = max(0, start - _NEAR_TRIGGER)
    if event.source is not None and event.source.end <= trigger.start:
        left = max(left, event.source.end - evidence.start)
    near = evidence.text[left:start]
    words = modality_words()
    if words.false_after.search(evidence.text[trigger.end - evidence.start :]):
        return True  # "reports that X struck Y are false"
    # "X denied on Tuesday, in a statement by its ministry, that its jets struck Y": a denial
    # anywhere earlier in the trigger's clause.
    clause = _CLAUSE_START.split(evidence.text[:start])[-1]
    if words.negated_clause.search(clause):
        return True
    return bool(words.negated_near.search(words.not_negation.sub(" ", near)))


def _conditional_before_trigger(event: Event) -> bool:
    """Whether the trigger sits in a condition the coder did not hear ("Should Iran attack
    Israel, ...", "Until Russia withdraws, ...", "Supposing China invaded Taiwan")."""
    evidence, trigger = event.evidence, event.trigger
    if evidence is None or trigger is None or trigger.start < evidence.start:
        return False
    clause = re.split(r"[;:]\s|\.\s", evidence.text[: trigger.start - evidence.start])[-1]
    return bool(modality_words().conditional_clause.search(clause))


def _parties_between(event: Event) -> bool:
    """ "monitoring the fighting between X and Y": the pair after "between" are the parties,
    not the one who watches."""
    evidence, trigger, target = event.evidence, event.trigger, event.target
    if evidence is None or trigger is None or target is None or target.start < trigger.end:
        return False
    gap = evidence.text[trigger.end - evidence.start : target.start - evidence.start]
    return bool(_BETWEEN.search(gap))


def _with_target(event: Event) -> bool:
    """Whether the target follows "with" ("exercises with the United States")."""
    target, evidence = event.target, event.evidence
    if target is None or evidence is None:
        return False
    start = target.start - evidence.start  # raw offsets, like the evidence text
    return 0 < start <= len(evidence.text) and bool(_WITH_BEFORE.search(evidence.text[:start]))


def coded_hits(event: Event, sentence_mentions: Sequence[Mention], kinds: ActorKinds,
               sentence_text: str = "") -> list[CodedHit]:  # fmt: skip
    """The relations one coded event expresses (none for statements, appeals, ...)."""
    source, target = _actor(event.source), _actor(event.target)
    if source is None or target is None or source == target:
        return []
    if event.inferred_roles:
        return []  # a party the words do not link to the event is no evidence of a tie
    if event.modality == "conditional" or _conditional_before_trigger(event):
        return []  # "if the war was fought for oil, the winner would be China": no tie
    if not (kinds.relational(source) and kinds.relational(target)):
        return []
    table = event_map()
    relation = table.relation_for(event.cameo)
    if relation is None:
        return []
    if _across_clauses(event):
        return []
    if relation != "mediation" and _parties_between(event):
        return []
    if relation not in _PLACE_TARGET_TYPES and _target_is_place(event):
        return []  # "negotiations to end the war in Ukraine": Ukraine is where, not whom
    if event.cameo.startswith("15") and _with_target(event):
        return []
    if kinds.kind(target) == "armed":
        relation = table.armed_relation_for(event.cameo) or relation
    modality: Modality = event.modality
    unconfirmed = modality_words().unconfirmed
    if modality == "negated" and event.evidence and unconfirmed.search(event.evidence.text):
        modality = "hedged"  # "Amman did not confirm the raids" is no denial
    elif modality != "negated" and _negated_before_trigger(event):
        modality = "negated"  # "has avoided criticising X": the coder heard no denial
    if modality == "asserted" and table.is_intent(event.cameo):
        modality = "predicted"
    polarity: Polarity = event.polarity
    if event.cameo.startswith("16") and modality == "negated" and relation != "sanction":
        # "did not break off relations": the tie as it was (the cues read it the same way).
        # Sanctions are no tie that ends: "stopped short of joining the sanctions" denies them.
        modality, polarity = "asserted", relation_types()[relation].polarity
    if relation == "mediation":
        third = [
            m.actor_id
            for m in sentence_mentions
            if m.actor_id not in (source, target, UNKNOWN_ACTOR_ID, "")
        ]
        if not third or not _BETWEEN.search(sentence_text):
            # A mediator with one known party is still a diplomatic contact, not mediation.
            return [CodedHit(event, source, target, "diplomatic_relations", polarity,
                             modality)]  # fmt: skip
        return [
            CodedHit(event, source, party, "mediation", polarity, modality)
            for party in (target, third[0])
        ]
    return [CodedHit(event, source, target, relation, polarity, modality)]
