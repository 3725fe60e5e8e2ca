"""The relations stage: coded events and stance sentences become ``Relation`` records.

Two sources feed it:

* coded events (``geopol.events``) are mapped to relation types by their CAMEO code
  (``coded.py``; "signed an agreement" → ``agreement``, assaults → ``attack``, ...);
* stance sentences no single event codes — standing alliances and memberships, neutrality and
  abstention, influence, support for armed groups, staying out of sanctions, ties that ended,
  denials — are read with the cue lexicon (``stance.py``).

A relation the text denies ("has no diplomatic relations with") keeps modality ``negated``;
when one reading of a sentence denies a relation, no other reading of the same sentence may
assert it. Dates are left empty: ``geopol.dates.date_relations`` fills them.

    >>> relations = extract_relations(doc, sentences, mentions, events)
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from geopol.records import (
    UNKNOWN_ACTOR_ID,
    Actor,
    Document,
    Event,
    Evidence,
    Mention,
    Processed,
    Relation,
    Sentence,
    content_id,
)
from geopol.relations.coded import CodedHit, coded_hits
from geopol.relations.kinds import ARMED_WORDS, ActorKinds
from geopol.relations.lexicon import relation_types
from geopol.relations.stance import StanceHit, mask, stance_hits

__all__ = [
    "EXTRACTOR",
    "extract_relations",
    "relate_documents",
    "sentence_relations",
]

EXTRACTOR = "geopol.relations/1"


def extract_relations(
    doc: Document,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    events: Sequence[Event],
    *,
    actors: Iterable[Actor] = (),
) -> list[Relation]:
    """All relations of one document, sentence by sentence, in text order."""
    kinds = ActorKinds(actors)
    events_by_sentence: dict[int, list[Event]] = defaultdict(list)
    for event in events:
        events_by_sentence[event.sentence_index].append(event)
    relations: list[Relation] = []
    grouped = _mentions_by_sentence(sentences, mentions)
    named: Counter[str] = Counter()  # how often each state has been named so far
    for sentence in sentences:
        in_sentence = grouped.get(sentence.index, [])
        topic = named.most_common(1)[0][0] if named else None
        relations.extend(
            sentence_relations(
                doc,
                sentence,
                in_sentence,
                events_by_sentence.get(sentence.index, []),
                kinds,
                topic=topic,
            )
        )
        named.update(_states_named(in_sentence, kinds))
    return _without_talks_as_ties(_contested(relations, sentences, grouped, kinds))


# Readings of diplomatic relations that only say the two talk ("dialogue between X and Y",
# a meeting): when the document denies the tie itself, talk is no diplomatic relation.
_TALK_CUES = frozenset({"cooperation.with", "cooperation.pair", "diplomatic.pair_talks"})
_TALK_CODES = ("03", "04")


def _talk_only(relation: Relation) -> bool:
    if relation.event_ids:
        return (relation.cameo or "").startswith(_TALK_CODES)
    return relation.extractor.rsplit(":", 1)[-1] in _TALK_CUES


def _without_talks_as_ties(relations: list[Relation]) -> list[Relation]:
    """ "Serbia does not recognise Kosovo" and "the dialogue between Serbia and Kosovo": the
    second must not come out as the diplomatic relations the first denies."""
    denied = {
        _unordered_key(r)
        for r in relations
        if r.relation == "diplomatic_relations" and r.modality == "negated"
    }
    if not denied:
        return relations
    return [
        r
        for r in relations
        if not (
            r.relation == "diplomatic_relations"
            and r.modality == "asserted"
            and r.polarity == "cooperative"
            and _unordered_key(r) in denied
            and _talk_only(r)
        )
    ]


# "Tehran denies any role.", "Abu Dhabi denies the charge.": a bare denial contests what the
# sentences just before asserted of that actor.
_BARE_DENIAL = re.compile(
    r"\b(?:denies|denied|deny|denying|rejects|rejected|dismisses|dismissed|refutes|refuted)\s+"
    r"(?:(?:any|all|the|these|those|such|this|that|it|them)\s+)?(?:[a-z-]+\s+){0,2}?"
    r"(?:role|involvement|charges?|accusations?|allegations?|claims?|reports?|this|that|it|them|"
    r"links?|wrongdoing|responsibility|part|connection|support|assertion|view)\b"
    # bare: nothing follows but the end of the clause ("denies that it ..." is a cue's job)
    r"(?=\s*(?:[.;:!?)]|,|$|\s(?:and|but|while|saying)\b))",
    re.IGNORECASE,
)
_CONTESTED_BACK = 2  # sentences a bare denial reaches back


def _contested(
    relations: list[Relation],
    sentences: Sequence[Sentence],
    grouped: dict[int, list[Mention]],
    kinds: ActorKinds,
) -> list[Relation]:
    """Relations an actor's later bare denial contests are hedged, not asserted."""
    deniers: dict[int, set[str]] = {}
    for sentence in sentences:
        match = _BARE_DENIAL.search(sentence.text)
        if match is None:
            continue
        before = sentence.clean_start + match.start()
        clause = sentence.clean_start + sentence.text.rfind(";", 0, match.start()) + 1
        # The denier: the last actor named before the verb, in the denial's own clause.
        named = [
            m
            for m in grouped.get(sentence.index, [])
            if clause <= m.clean_start and m.clean_end <= before
        ]
        subjects = {kinds.state_of(named[-1].actor_id)} if named else set()
        for back in range(_CONTESTED_BACK + 1):  # its own sentence too ("...; X denies it")
            deniers.setdefault(sentence.index - back, set()).update(subjects)
    if not deniers:
        return relations
    out = []
    for relation in relations:
        denying = deniers.get(relation.sentence_index, set())
        if relation.modality == "asserted" and kinds.state_of(relation.source) in denying:
            relation = replace(relation, modality="hedged")
        out.append(relation)
    return out


def _states_named(mentions: Sequence[Mention], kinds: ActorKinds) -> list[str]:
    """The states a sentence names, directly or through their officials and bodies."""
    states = []
    for mention in mentions:
        state = kinds.state_of(mention.actor_id)
        if kinds.kind(state) == "state":
            states.append(state)
    return states


def relate_documents(items: Iterable[Processed]) -> Iterator[Processed]:
    """Batch form: fill ``relations`` of each processed document."""
    for item in items:
        item.relations = extract_relations(
            item.document, item.sentences, item.mentions, item.events, actors=item.actors
        )
        yield item


def sentence_relations(
    doc: Document,
    sentence: Sentence,
    mentions: Sequence[Mention],
    events: Sequence[Event],
    kinds: ActorKinds | None = None,
    *,
    topic: str | None = None,
) -> list[Relation]:
    """The relations of one sentence, given its mentions and coded events; ``topic`` is the
    state the document has named most so far (the source of "Relations with X are tense")."""
    kinds = kinds or ActorKinds()
    evidence = _sentence_evidence(doc, sentence)
    kept = _without_modifiers(mentions, sentence)
    kept_ids = {id(m) for m in kept}
    modifiers = {(m.start, m.end) for m in mentions if id(m) not in kept_ids}
    relations = [
        _from_coded(doc, sentence, hit, evidence)
        for event in events
        if not _acts_through(event, modifiers)
        for hit in coded_hits(event, mentions, kinds, sentence.text)
    ]
    # Only actors that can hold a tie take part: a treaty, a river or a population NER or
    # the gazetteer found stays plain text for the cues.
    mentions = [m for m in kept if m.actor_id == UNKNOWN_ACTOR_ID or kinds.relational(m.actor_id)]
    mentions = [*mentions, *backers_in(sentence, mentions)]
    distinct = len({m.actor_id for m in mentions})
    if distinct >= 2 or (distinct == 1 and (topic or ARMED_WORDS.search(sentence.text))):
        spans = list(_local_spans(sentence, mentions))
        masked = mask(sentence.text, spans)
        relations.extend(
            _from_stance(doc, sentence, hit, evidence)
            for hit in stance_hits(masked, kinds, topic=topic)
        )
    relations = _denied_afterwards(_reconcile(relations), sentence, kept, kinds)
    relations = _as_asked(relations, sentence)
    return [r for r in relations if not _within_one_state(r, kinds)]


# "Will Austria join NATO?", "Is Cuba still an ally of Russia?": a yes/no question asks
# whether the tie holds, it does not say so. (A wh-question, "Why did X invade Y?", takes its
# tie for granted and stays as the cues read it.)
_YES_NO_QUESTION = re.compile(
    r"^\W*(?:will|would|is|are|was|were|do|does|did|has|have|had|can|could|should|shall|may|"
    r"might|must)\b[^?]*\?\W*$",
    re.IGNORECASE,
)


def _as_asked(relations: list[Relation], sentence: Sentence) -> list[Relation]:
    """Relations of a yes/no question are ``hedged`` unless the question denies them."""
    if not relations or not _YES_NO_QUESTION.match(sentence.text):
        return relations
    return [
        replace(r, modality="hedged") if r.modality in ("asserted", "predicted") else r
        for r in relations
    ]


# "Sudan accused the UAE of arming the RSF, which Abu Dhabi denied": a denial after the fact,
# by the party said to act, takes back what the clause before it said of that party.
_DENIED_AFTER = re.compile(
    r"[,;(]\s*(?:which|something|a charge|charges|an accusation|accusations|an allegation|"
    r"allegations|a claim|claims|reports)\s+(?:that\s+)?(?P<who>[^,;.]{1,80}?)\s+"
    r"(?:has\s+|have\s+|had\s+)?(?:\w+ly\s+)?(?:denied|denies|deny|rejected|rejects|reject|"
    r"dismissed|dismisses|dismiss|refuted|refutes|refute|disputes|disputed|dispute)\b",
    re.IGNORECASE,
)


def _denied_afterwards(
    relations: list[Relation], sentence: Sentence, mentions: Sequence[Mention], kinds: ActorKinds
) -> list[Relation]:
    if not relations or not _DENIED_AFTER.search(sentence.text):
        return relations
    deniers: set[str] = set()
    ordered = sorted(mentions, key=lambda m: m.clean_start)
    starts = [m.clean_start for m in ordered]
    for match in _DENIED_AFTER.finditer(sentence.text):
        start = sentence.clean_start + match.start("who")
        end = sentence.clean_start + match.end("who")
        # Only the mentions starting inside the span can lie in it.
        deniers.update(
            kinds.state_of(m.actor_id)
            for m in ordered[bisect_left(starts, start) : bisect_left(starts, end)]
            if m.clean_end <= end
        )
    if not deniers:
        return relations
    out = []
    for r in relations:
        by_denier = kinds.state_of(r.source) in deniers or (
            kinds.state_of(r.target) in deniers and r.polarity == "cooperative"
        )
        if by_denier and r.modality in ("asserted", "hedged") and _holds(r):
            r = replace(r, modality="negated")
        out.append(r)
    return out


def _holds(relation: Relation) -> bool:
    """The relation with its type's own polarity (not a tie said to be cut)."""
    return relation.polarity == relation_types()[relation.relation].polarity


# "Iranian-backed militias", "Russia-supported separatists": the actor stage leaves the backer
# out (it is no agent of the sentence), but the compound states a tie.
_BACKED_COMPOUND = re.compile(
    r"(?<![\w-])(?:[Pp]ro-)?([A-Z][\w'’.]*(?:\s[A-Z][\w'’.]*)?)-"
    r"(?:backed|supported|sponsored|funded|financed|armed|trained|aligned|allied|controlled)\b"
)


def backers_in(sentence: Sentence, mentions: Sequence[Mention]) -> list[Mention]:
    """Mentions for the backers named in "X-backed" compounds of one sentence (for the cues
    of this stage only: they never go to the store)."""
    if "-" not in sentence.text:
        return []
    from geopol.actors import mentions_in_text  # the actor stage, only when a compound occurs

    taken = sorted((m.clean_start - sentence.clean_start, m.clean_end - sentence.clean_start)
                   for m in mentions)  # fmt: skip
    taken_starts = [start for start, _ in taken]
    longest = max((e - s for s, e in taken), default=0)
    found = []
    for match in _BACKED_COMPOUND.finditer(sentence.text):
        start, end = match.span(1)
        # Only mentions starting shortly before the compound can overlap it.
        low = bisect_left(taken_starts, start - longest)
        high = bisect_left(taken_starts, end)
        if any(s < end and start < e for s, e in taken[low:high]):
            continue
        named = mentions_in_text(match.group(1))
        if len(named) != 1 or named[0].end - named[0].start != end - start:
            continue
        offset = sentence.clean_start
        backer = replace(named[0], clean_start=offset + start, clean_end=offset + end,
                         sentence_index=sentence.index, resolution="demonym",
                         confidence=0.7)  # fmt: skip
        found.append(backer)
    return found


_CAPITALISED_NEXT = re.compile(r" [A-Z][a-z]")


def _acts_through(event: Event, modifiers: set[tuple[int, int]]) -> bool:
    """Whether a coded event's actor is only a demonym modifying another name."""
    return any(
        m is not None and (m.start, m.end) in modifiers for m in (event.source, event.target)
    )


def _without_modifiers(mentions: Sequence[Mention], sentence: Sentence) -> list[Mention]:
    """A demonym right before another name modifies it ("Iraqi Kurds", "Syrian Kurdish
    forces"): the state does not act there."""
    out = []
    starts = {other.clean_start for other in mentions}
    for mention in mentions:
        if mention.resolution == "demonym" and mention.cameo == mention.actor_id:
            end = mention.clean_end
            after = sentence.text[end - sentence.clean_start : end - sentence.clean_start + 4]
            named_next = end + 1 in starts
            if named_next or _CAPITALISED_NEXT.match(after):
                continue
        out.append(mention)
    return out


def _within_one_state(relation: Relation, kinds: ActorKinds) -> bool:
    """A minister and his own state, an agency and its government: not an international tie."""
    return kinds.state_of(relation.source) == kinds.state_of(relation.target)


def _mentions_by_sentence(
    sentences: Sequence[Sentence], mentions: Sequence[Mention]
) -> dict[int, list[Mention]]:
    """Mentions grouped by the sentence whose clean span holds them (by index if unplaced)."""
    ordered = sorted(
        (m for m in mentions if m.clean_end > m.clean_start), key=lambda m: m.clean_start
    )
    starts = [m.clean_start for m in ordered]
    grouped: dict[int, list[Mention]] = {}
    for sentence in sentences:
        low = bisect_left(starts, sentence.clean_start)
        high = bisect_left(starts, sentence.clean_end)
        grouped[sentence.index] = [
            m for m in ordered[low:high] if m.clean_end <= sentence.clean_end
        ]
    for m in mentions:
        if m.clean_end <= m.clean_start and m.sentence_index in grouped:
            grouped[m.sentence_index].append(m)
    return grouped


def _local_spans(
    sentence: Sentence, mentions: Sequence[Mention]
) -> Iterator[tuple[int, int, Mention]]:
    """Mention spans as offsets into ``sentence.text``."""
    text = sentence.text
    for m in mentions:
        if m.clean_end > m.clean_start:
            start, end = m.clean_start - sentence.clean_start, m.clean_end - sentence.clean_start
            if 0 <= start < end <= len(text):
                yield start, end, m
                continue
        position = text.find(m.text) if m.text else -1
        if position >= 0:  # offsets not filled in: fall back on the surface text
            yield position, position + len(m.text), m


def _sentence_evidence(doc: Document, sentence: Sentence) -> Evidence:
    start, end = sentence.start, sentence.end
    if doc.raw_text and 0 <= start <= end <= len(doc.raw_text):
        return Evidence(doc.raw_text[start:end], start, end)
    return Evidence(sentence.text, start, end)


def _valid_evidence(doc: Document, evidence: Evidence | None) -> bool:
    if evidence is None or evidence.end <= evidence.start:
        return False
    return doc.raw_text[evidence.start : evidence.end] == evidence.text


def _relation_id(doc: Document, sentence_index: int, *parts: str) -> str:
    return content_id("|".join((doc.id, str(sentence_index), *parts)))


def _from_coded(doc: Document, sentence: Sentence, hit: CodedHit, fallback: Evidence) -> Relation:
    event = hit.event
    evidence = event.evidence if _valid_evidence(doc, event.evidence) else fallback
    spec = relation_types()[hit.relation]
    return Relation(
        id=_relation_id(doc, sentence.index, hit.source, hit.target, hit.relation, event.id),
        doc_id=doc.id,
        sentence_index=sentence.index,
        source=hit.source,
        target=hit.target,
        relation=hit.relation,
        polarity=hit.polarity,
        modality=hit.modality,
        symmetric=spec.symmetric,
        evidence=evidence,
        date=None,
        confidence=round(event.confidence, 3),
        event_ids=(event.id,),
        cameo=event.cameo,
        plover=event.plover or None,
        goldstein=event.goldstein,
        extractor=f"{EXTRACTOR}:event",
    )


def _from_stance(doc: Document, sentence: Sentence, hit: StanceHit, evidence: Evidence) -> Relation:
    return Relation(
        id=_relation_id(doc, sentence.index, hit.source, hit.target, hit.relation, hit.cue.id),
        doc_id=doc.id,
        sentence_index=sentence.index,
        source=hit.source,
        target=hit.target,
        relation=hit.relation,
        polarity=hit.polarity,
        modality=hit.modality,
        symmetric=hit.symmetric,
        evidence=evidence,
        date=None,
        confidence=hit.confidence,
        extractor=f"{EXTRACTOR}:stance:{hit.cue.id}",
    )


def _pair_key(relation: Relation) -> tuple[str, str, str]:
    if relation.symmetric:
        low, high = sorted((relation.source, relation.target))
        return (low, high, relation.relation)
    return (relation.source, relation.target, relation.relation)


def _unordered_key(relation: Relation) -> tuple[str, str, str]:
    low, high = sorted((relation.source, relation.target))
    return (low, high, relation.relation)


def _reconcile(relations: list[Relation]) -> list[Relation]:
    """One relation per (pair, type, polarity, modality); denials and stance readings win.

    * A denial in the sentence wins over an assertion of the same tie.
    * Coded events come first, so an event and a cue that see the same tie keep the event (it
      carries the CAMEO code and Goldstein score).
    * When the cues read a pair differently from the event coder (an alliance where the coder
      saw a meeting, "backed by" read the wrong way round, support the cue says ended), the
      cue reading stands: cues name both actors' roles in the pattern itself.
    """
    denied = {_unordered_key(r) for r in relations if r.modality == "negated"}
    # The pairs the cues read, and each reading (type and direction).
    pairs_read = {_unordered_key(r)[:2] for r in relations if not r.event_ids}
    readings: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for r in relations:
        if not r.event_ids:
            readings[_pair_key(r)].add(r.polarity)
    cautious = {
        _unordered_key(r): r.modality
        for r in relations
        if not r.event_ids and r.modality in ("hedged", "conditional", "predicted")
    }
    kept: dict[tuple[str, ...], Relation] = {}
    for relation in relations:
        if relation.modality != "negated" and _unordered_key(relation) in denied:
            continue
        # Another type, another direction, or a tie the cue says ended ("abandoned its support
        # for"): the cue reading stands.
        if (
            relation.event_ids
            and _unordered_key(relation)[:2] in pairs_read
            and relation.polarity not in readings.get(_pair_key(relation), ())
        ):
            continue
        if relation.event_ids and relation.modality == "asserted":
            # "is reported to have supplied weapons": the cue heard the hedge the coder missed.
            modality = cautious.get(_unordered_key(relation))
            if modality is not None:
                relation = replace(relation, modality=modality)
        full_key = (*_pair_key(relation), relation.polarity, relation.modality)
        if full_key not in kept:
            kept[full_key] = relation
    return list(kept.values())
