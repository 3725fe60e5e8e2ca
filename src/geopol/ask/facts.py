"""Matching the store's facts to a parsed question, and saying in words what a fact states."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from geopol.ask.index import AskIndex, Fact
from geopol.ask.lexicon import has_phrase
from geopol.ask.parse import Question, Role
from geopol.ask.text import tokens

Stance = Literal["affirms", "denies", "ended", "uncertain"]
Verdict = Literal["yes", "no", "maybe", "other"]


@dataclass(slots=True)
class Scored:
    fact: Fact
    score: float
    coverage: float  # of the question's topic words (beyond actors and relation words)
    term_coverage: float  # of all its content words


def role_ok(idx: AskIndex, fact: Fact, actor_id: str, role: Role) -> bool:
    """Whether the fact has the actor at the end the question puts it."""
    if actor_id not in fact.actors:
        return False
    if role == "any" or fact.relation not in idx.lexicon.directed:
        return True
    return (fact.source if role == "source" else fact.target) == actor_id


def type_weight(fact: Fact, types: list[str]) -> float:
    """How well the fact's relation type fits the question (earlier types fit better)."""
    if not types:
        return 0.5
    if fact.relation in types:
        return 1.0 - 0.1 * min(types.index(fact.relation), 4)
    return 0.0


def fact_tokens(fact: Fact) -> list[str]:
    return tokens(fact.evidence.text)


def stance(idx: AskIndex, fact: Fact) -> Stance:
    """Whether a fact says the relation holds, is denied, has ended, or is only reported."""
    if fact.modality == "negated":
        return "denies"
    lex = idx.lexicon
    if fact.relation in lex.cooperative_state and fact.polarity == "conflictual":
        return "ended"  # "broke off diplomatic relations"
    if fact.relation in lex.cooperative_state and has_phrase(fact_tokens(fact), lex.failure_cues):
        return "ended"  # "the alliance came to nothing"
    if fact.modality in ("hedged", "predicted", "conditional"):
        return "uncertain"
    return "affirms"


_VERDICTS: dict[str, Verdict] = {
    "affirms": "yes",
    "uncertain": "maybe",
    "denies": "no",
    "ended": "no",
}


def verdict(idx: AskIndex, q: Question, fact: Fact) -> Verdict:
    """What a fact says to the question: yes, no, only possibly, or nothing either way."""
    lex = idx.lexicon
    st = stance(idx, fact)
    opposite = lex.opposites.get(fact.relation or "")
    if opposite and opposite in q.all_relations and fact.relation not in q.all_relations:
        return "no" if st == "affirms" else "other"  # "refused to join the sanctions"
    if q.undoing and fact.relation in lex.cooperative_state:
        # "Did X break off relations with Y?": an ending, or a denial that the tie
        # exists, says yes; a tie that holds says nothing about an earlier break.
        return "yes" if st in ("ended", "denies") else "other"
    return _VERDICTS[st]


def match(
    idx: AskIndex,
    q: Question,
    *,
    types: list[str] | None = None,
    actors: list[str] | None = None,
    strict_types: bool = True,
    need_period: bool = False,
    typed_only: bool = True,
    anchored: bool = False,
) -> list[Scored]:
    """Facts that involve the question's actors (at their roles) and fit its relation types.

    Events whose CAMEO code stands for no relation type are left out unless
    ``typed_only`` is False (dates and event lists use them; they are quoted, not
    phrased). Without actors to anchor them, facts must hold half the question's topic
    (in their sentence or the one before it, which often names what "the corridor" is);
    ``anchored`` says the caller anchors them by actors of its own.
    """
    types = q.all_relations if types is None else types
    actor_ids = q.actor_ids if actors is None else actors
    out = []
    for fact in idx.facts:
        if fact.source is not None and fact.source == fact.target:
            continue
        if typed_only and fact.relation is None:
            continue
        if not all(role_ok(idx, fact, a, q.roles.get(a, "any")) for a in actor_ids):
            continue
        weight = type_weight(fact, types)
        if strict_types and types and weight == 0.0:
            continue
        if q.period and (need_period or fact.date_value) and not q.period.contains(fact.date_value):
            continue
        toks = fact_tokens(fact)
        coverage = idx.bm25.coverage(q.topic, toks) if q.topic else 0.0
        term_coverage = idx.bm25.coverage(q.terms, toks) if q.terms else 0.0
        if (
            (not (actor_ids or anchored) or not types)
            and q.topic
            and coverage < 0.5
            and _context_coverage(idx, q, fact) < 0.5
        ):
            continue  # nothing but the question's words to anchor the fact
        score = 2.0 * weight + coverage + 0.5 * term_coverage + 0.3 * fact.confidence
        out.append(Scored(fact, score, coverage, term_coverage))
    out.sort(key=lambda s: (-s.score, s.fact.doc_id, s.fact.sentence_index))
    return out


def _context_coverage(idx: AskIndex, q: Question, fact: Fact) -> float:
    """Share of the question's topic in the fact's sentence and the sentence before it."""
    i = idx.sentence_of(fact)
    if i is None or i == 0 or idx.sentences[i - 1].doc_id != fact.doc_id:
        return 0.0
    context = tokens(idx.sentences[i - 1].text) + fact_tokens(fact)
    return idx.bm25.coverage(q.topic, context)


def phrase(idx: AskIndex, fact: Fact, source: str | None = None, target: str | None = None) -> str:
    """The fact in words: "Turkey attacked the PKK", with names given or looked up."""
    src = source or idx.name(fact.source)
    tgt = target or idx.name(fact.target)
    template = idx.lexicon.phrases.get(fact.relation or "")
    if stance(idx, fact) == "ended" and fact.relation in idx.lexicon.ended_phrases:
        template = idx.lexicon.ended_phrases[fact.relation or ""]
    if template is None:  # an event no relation type stands for: say what CAMEO calls it
        name = idx.lexicon.cameo_name(fact.cameo) or f"CAMEO {fact.cameo or '?'}"
        return f"{src} → {tgt}: {name.lower()} ({quote(fact.evidence.text, 100)})"
    return template.format(source=src, target=tgt)


def describe(idx: AskIndex, fact: Fact) -> str:
    """The fact in words as the text holds it: stated, reported, denied or ended."""
    st = stance(idx, fact)
    if st == "affirms":
        return phrase(idx, fact) + when(fact)
    if st == "uncertain":
        label = {"predicted": "expected", "conditional": "on conditions"}.get(
            fact.modality, "reportedly"
        )
        return f"{label}: {phrase(idx, fact)}{when(fact)}"
    if st == "ended" and fact.relation in idx.lexicon.ended_phrases:
        return phrase(idx, fact) + when(fact)
    label = "denied" if st == "denies" else "did not hold"
    return f"{label}: {quote(fact.evidence.text, 140)}{when(fact)}"


def quote(text: str, width: int = 220) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= width else text[: width - 1] + '…'}”"


def when(fact: Fact) -> str:
    return f" ({fact.date_value})" if fact.date_value else ""


def month(value: str | None) -> str | None:
    """An answer date in the contract's form: YYYY-MM (or YYYY when only the year is known)."""
    return value[:7] if value else None
