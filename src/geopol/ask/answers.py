"""One answerer per question kind. Each returns an `Answer` whose every claim is cited.

Rules every answerer keeps:
- a fact the text denies (modality ``negated``) is never reported as holding;
- a date is only ever one the store holds for a cited fact, never one made up;
- when the sources cannot answer, ``found`` is False and the answer says what the
  sources do say nearby, with those sentences cited as ``nearby``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from geopol.ask.facts import (
    Scored,
    describe,
    match,
    month,
    phrase,
    quote,
    role_ok,
    stance,
    type_weight,
    when,
)
from geopol.ask.index import AskIndex, Fact
from geopol.ask.lexicon import has_phrase
from geopol.ask.parse import Question
from geopol.ask.text import tokens
from geopol.records import UNKNOWN_ACTOR_ID, Answer, Citation

MAX_LISTED = 12
MAX_CITED = 8


# --------------------------------------------------------------------------- helpers
def _cite_all(idx: AskIndex, facts: Iterable[Fact], role: str = "evidence") -> list[Citation]:
    out: list[Citation] = []
    seen: set[tuple[str, int, int]] = set()
    for fact in facts:
        c = idx.cite_fact(fact, role)
        if c and (c.doc_id, c.start, c.end) not in seen:
            seen.add((c.doc_id, c.start, c.end))
            out.append(c)
    return out


def _merge(*groups: list[Citation], limit: int = MAX_CITED) -> list[Citation]:
    out: list[Citation] = []
    seen: set[tuple[str, int, int]] = set()
    for group in groups:
        for c in group:
            key = (c.doc_id, c.start, c.end)
            if key not in seen:
                seen.add(key)
                out.append(c)
    return out[:limit]


def _names(idx: AskIndex, ids: Iterable[str]) -> str:
    names = [idx.name(i) for i in ids]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _missing_actors(idx: AskIndex, q: Question) -> list[str]:
    """Named actors the store knows nothing about."""
    return [a.id for a in q.actors if a.id not in idx.actor_sentences]


def not_found(idx: AskIndex, q: Question) -> Answer:
    """``found: false`` with what the sources do say about the question's actors nearby."""
    missing = _missing_actors(idx, q)
    text = f"Not in the sources: they do not answer “{q.text}”"
    if missing:
        text += f" (they do not mention {_names(idx, missing)})"
    text += "."
    nearby = _nearby(idx, q)
    if nearby:
        text += (
            " Nearby, the sources say: "
            + "; ".join(
                f"{phrase(idx, f)}{when(f)}" if f.relation else quote(f.evidence.text, 120)
                for f in nearby[:3]
            )
            + "."
        )
    cites = _cite_all(idx, nearby[:3], role="nearby")
    if not cites:
        cites = [c for i, _ in _retrieve(idx, q, n=2) if (c := idx.cite_sentence(i, "nearby"))]
    return Answer(text, q.actor_ids, None, cites, False, q.kind, q.text)


def _nearby(idx: AskIndex, q: Question) -> list[Fact]:
    """Asserted facts about the question's actors, best topical fit first."""
    ids = [a for a in q.actor_ids if a in idx.actor_sentences]
    if not ids:
        return []
    scored = match(idx, q, types=q.all_relations, actors=ids, strict_types=False)
    if not scored and len(ids) > 1:
        scored = match(idx, q, types=q.all_relations, actors=ids[:1], strict_types=False)
    return [s.fact for s in scored if stance(idx, s.fact) == "affirms"]


def _retrieve(idx: AskIndex, q: Question, n: int = 5) -> list[tuple[int, float]]:
    """Sentences for the question's words, among those that name all its known actors."""
    among: set[int] | None = None
    for a in q.actor_ids:
        sents = idx.actor_sentences.get(a)
        if sents is None:
            continue
        among = set(sents) if among is None else among & sents
    query = q.terms or tokens(q.text)
    return idx.bm25.top(query, n=n, among=among)


def _is_question_actor(q: Question, actor_id: str | None) -> bool:
    return actor_id in q.actor_ids


# --------------------------------------------------------------------------- actor lists
def answer_actor_list(idx: AskIndex, q: Question) -> Answer:
    types = q.all_relations
    if not types and not q.terms:
        return answer_open(idx, q)
    candidates = _list_candidates(idx, q, types)
    holding = [s for s in candidates if stance(idx, s.fact) in ("affirms", "uncertain")]
    denied = [s for s in candidates if stance(idx, s.fact) in ("denies", "ended")]
    if q.negated:  # "Which countries did not join ...": the denials are the answer
        holding, denied = denied, []
    named = [s for s in holding if _listed_actor(q, s.fact) != UNKNOWN_ACTOR_ID]
    unnamed = [s for s in holding if _listed_actor(q, s.fact) == UNKNOWN_ACTOR_ID]
    if not named:
        if unnamed:
            facts = [s.fact for s in unnamed[:3]]
            text = (
                "The sources do not name who it was: they describe "
                + "; ".join(quote(f.evidence.text, 160) for f in facts)
                + " without naming the actor."
            )
            return Answer(text, q.actor_ids, None, _cite_all(idx, facts, "nearby"), False,
                          q.kind, q.text)  # fmt: skip
        return not_found(idx, q)
    by_actor: dict[str, list[Scored]] = defaultdict(list)
    for s in named:  # already best first
        other = _listed_actor(q, s.fact)
        assert other is not None
        by_actor[other].append(s)
    ranked = sorted(
        by_actor, key=lambda a: (-by_actor[a][0].score, -len(by_actor[a]), idx.name(a))
    )[:MAX_LISTED]
    facts = [by_actor[a][0].fact for a in ranked]
    text = _list_sentence(idx, q, [f for a in ranked for f in _facts_of(by_actor[a])])
    against = [s.fact for s in denied if _listed_actor(q, s.fact) != UNKNOWN_ACTOR_ID][:3]
    if against:
        text += (
            " Other passages disagree: "
            + "; ".join(f"{quote(f.evidence.text, 160)}{when(f)}" for f in against)
            + "."
        )
    more = [f for a in ranked for f in _facts_of(by_actor[a])[1:2]]
    cites = _merge(_cite_all(idx, facts), _cite_all(idx, against, "conflict"),
                   _cite_all(idx, more))  # fmt: skip
    single = len(ranked) == 1 and len(by_actor[ranked[0]]) == 1
    date = month(facts[0].date_value) if single else None
    return Answer(text, ranked, date, cites, True, q.kind, q.text)


def _facts_of(scored: list[Scored]) -> list[Fact]:
    return [s.fact for s in scored]


def _listed_actor(q: Question, fact: Fact) -> str | None:
    """The end of the fact that the question asks for."""
    if q.actor_ids:
        for a in q.actor_ids:
            if a in fact.actors:
                return fact.other(a)
        return None
    return fact.source if q.wanted in ("source", "any") else fact.target


def _list_candidates(idx: AskIndex, q: Question, types: list[str]) -> list[Scored]:
    if q.actor_ids:
        pool = [
            s
            for s in match(idx, q, types=types, actors=[], strict_types=True)
            if any(role_ok(idx, s.fact, a, q.roles.get(a, "any")) for a in q.actor_ids)
        ]
    else:
        # No actor named ("Who carried out the attack on the embassy?"): the question's
        # other words must be in the evidence.
        pool = [s for s in match(idx, q, types=types, actors=[]) if s.term_coverage >= 0.5]
    out = []
    for s in pool:
        other = _listed_actor(q, s.fact)
        if not other or _is_question_actor(q, other):
            continue
        kind = idx.actor_type(other)
        if q.actor_types and other != UNKNOWN_ACTOR_ID and kind and kind not in q.actor_types:
            continue
        out.append(s)
    return out


def _gist(q: Question) -> str:
    text = q.text.strip().rstrip("?").strip()
    words = text.split(maxsplit=1)
    return words[1] if len(words) > 1 else text


def _list_sentence(idx: AskIndex, q: Question, facts: list[Fact]) -> str:
    """ "Iran backs Hezbollah, Kataib Hezbollah and the Houthis." (grouped by what is said)."""
    groups: dict[tuple[str | None, str | None, str | None], list[Fact]] = defaultdict(list)
    for f in facts:
        fixed_source = f.source if _is_question_actor(q, f.source) or not q.actor_ids else None
        fixed_target = f.target if _is_question_actor(q, f.target) else None
        if not q.actor_ids and q.wanted in ("source", "any"):
            fixed_source, fixed_target = None, f.target
        groups[(f.relation, fixed_source, fixed_target)].append(f)
    parts = []
    for (_, fixed_source, fixed_target), group in groups.items():
        listed = [f.source if fixed_source is None else f.target for f in group]
        listed_names = _names(idx, [a for a in dict.fromkeys(listed) if a])
        src = idx.name(fixed_source) if fixed_source else listed_names
        tgt = idx.name(fixed_target) if fixed_target else listed_names
        dates = sorted({f.date_value for f in group if f.date_value})
        dated = f" ({', '.join(dates)})" if dates else ""
        parts.append(phrase(idx, group[0], src, tgt) + dated)
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


# --------------------------------------------------------------------------- dates
def answer_date(idx: AskIndex, q: Question) -> Answer:
    scored = match(idx, q)
    if not scored and q.all_relations:
        scored = [s for s in match(idx, q, strict_types=False) if s.coverage >= 0.3]
    scored = _prefer_endings(idx, q, [s for s in scored if stance(idx, s.fact) != "denies"])
    if not scored:
        return not_found(idx, q)
    top = scored[0].score
    close = [s for s in scored if s.score >= top - 0.35]
    dated = [s for s in close if s.fact.date_value]
    if not dated:
        facts = [s.fact for s in close[:3]]
        text = (
            f"The sources give no date for this. They say {phrase(idx, facts[0])}: "
            f"{quote(facts[0].evidence.text)}."
        )
        return Answer(text, _actors_of(q, facts), None, _cite_all(idx, facts, "nearby"), False,
                      q.kind, q.text)  # fmt: skip
    best = dated[0].fact
    others = [s.fact for s in dated[1:] if month(s.fact.date_value) != month(best.date_value)]
    date_text = best.date.text if best.date and best.date.text else best.date_value
    text = f"{best.date_value} ({date_text}): {phrase(idx, best)}."
    if others:
        text += (
            " Other sources date it differently: "
            + "; ".join(f"{o.date_value} ({phrase(idx, o)})" for o in others[:3])
            + "."
        )
    cites = _merge(_cite_all(idx, [best]), _cite_all(idx, others[:3], "conflict"))
    return Answer(text, _actors_of(q, [best]), month(best.date_value), cites, True, q.kind, q.text)


def _prefer_endings(idx: AskIndex, q: Question, scored: list[Scored]) -> list[Scored]:
    """Rank the end of a tie first when the question asks about an end, last otherwise."""
    shift = 0.6 if q.undoing else -0.6
    for s in scored:
        if stance(idx, s.fact) == "ended":
            s.score += shift
    return sorted(scored, key=lambda s: (-s.score, s.fact.doc_id, s.fact.sentence_index))


def _actors_of(q: Question, facts: list[Fact]) -> list[str]:
    ids = list(q.actor_ids)
    for f in facts:
        for a in f.actors:
            if a not in ids and a != UNKNOWN_ACTOR_ID:
                ids.append(a)
    return ids


# --------------------------------------------------------------------------- yes / no
def answer_yes_no(idx: AskIndex, q: Question) -> Answer:
    types = q.all_relations
    opposites = [o for o, t in idx.lexicon.opposites.items() if t in types and o not in types]
    scored = match(idx, q, types=[*types, *opposites]) if q.actor_ids else []
    if len(q.actor_ids) == 1 and q.terms:
        scored = [s for s in scored if s.coverage > 0 or type_weight(s.fact, types) > 0]
    if not scored:
        return not_found(idx, q)
    top = scored[0].score
    scored = [s for s in scored if s.score >= top - 0.6]
    yes: list[Fact] = []
    no: list[Fact] = []
    maybe: list[Fact] = []
    for s in scored:
        st: str = stance(idx, s.fact)
        if s.fact.relation in opposites:
            st = "denies" if st == "affirms" else "uncertain"
        elif q.undoing:  # "Did X break off relations with Y?": an ending is the yes
            st = {"ended": "affirms", "affirms": "uncertain"}.get(st, st)
        {"affirms": yes, "denies": no, "ended": no, "uncertain": maybe}[st].append(s.fact)
    deciding = _latest(yes + no) or (maybe[0] if maybe else scored[0].fact)
    if yes and no:
        latest = "yes" if deciding in yes else "no"
        text = (
            f"The sources differ (most recent: {latest}{when(deciding)}). Yes: "
            + "; ".join(f"{phrase(idx, f)}{when(f)}" for f in yes[:3])
            + ". No: the sources state that "
            + "; ".join(f"{quote(f.evidence.text, 160)}{when(f)}" for f in no[:3])
            + "."
        )
        cites = _merge(_cite_all(idx, yes[:3]), _cite_all(idx, no[:3], "conflict"))
    elif no:
        text = (
            "No: the sources state that "
            + "; ".join(f"{quote(f.evidence.text, 200)}{when(f)}" for f in no[:3])
            + "."
        )
        cites = _cite_all(idx, no[:4], "denial")
    elif yes:
        text = "Yes: " + "; ".join(f"{phrase(idx, f)}{when(f)}" for f in yes[:3]) + "."
        cites = _cite_all(idx, yes[:4])
    else:
        text = (
            "Not confirmed: the sources only report it as possible or expected: "
            + "; ".join(f"{quote(f.evidence.text, 160)}{when(f)}" for f in maybe[:3])
            + "."
        )
        cites = _cite_all(idx, maybe[:4])
    return Answer(text, _actors_of(q, [deciding]), month(deciding.date_value), cites, True,
                  q.kind, q.text)  # fmt: skip


def _latest(facts: list[Fact]) -> Fact | None:
    if not facts:
        return None
    dated = [f for f in facts if f.date_value]
    if dated:
        return max(dated, key=lambda f: f.date_value or "")
    return facts[0]


# --------------------------------------------------------------------------- stance
_CLASS_WEIGHT = {"alliance": 3.0, "hostility": -2.0, "attack": -2.0, "military_intervention": -2.0}


def relation_class(idx: AskIndex, facts: list[Fact]) -> str:
    """A rough ally/partner/neutral/rival/adversary class from the holding facts of a pair."""
    score = 0.0
    kinds = set()
    for f in facts:
        if f.relation == "neutrality":
            kinds.add("neutrality")
            continue
        weight = _CLASS_WEIGHT.get(f.relation or "", 1.0 if f.polarity == "cooperative" else -1.0)
        if f.polarity == "neutral" and f.relation not in _CLASS_WEIGHT:
            weight = 0.0
        score += weight
        kinds.add(f.relation or "")
    if score >= 3.0 and "alliance" in kinds:
        return "ally"
    if score > 0:
        return "partner"
    if score < 0:
        hostile = kinds & {"hostility", "attack", "military_intervention"}
        return "adversary" if hostile else "rival"
    return "neutral"


def answer_stance(idx: AskIndex, q: Question) -> Answer:
    if not q.actor_ids:
        return answer_open(idx, q)
    if len(q.actor_ids) == 1:
        return _single_actor_stance(idx, q)
    a, b = q.actor_ids[:2]
    types = q.relations if q.relations != ["diplomatic_relations"] else []
    scored = match(idx, q, types=types, actors=[a, b])
    scored = [s for s in scored if a in s.fact.actors and b in s.fact.actors]
    if not scored:
        return not_found(idx, q)
    holding = [s.fact for s in scored if stance(idx, s.fact) == "affirms"]
    against = [s.fact for s in scored if stance(idx, s.fact) in ("denies", "ended")]
    pair = f"{idx.name(a)} and {idx.name(b)}"
    if holding:
        cls = relation_class(idx, holding)
        n_coop = sum(1 for f in holding if f.polarity == "cooperative")
        n_conf = sum(1 for f in holding if f.polarity == "conflictual")
        text = (
            f"{pair}: {idx.lexicon.class_words.get(cls, cls)} on the evidence ({n_coop} "
            f"cooperative, {n_conf} conflictual relations). The sources say "
            + "; ".join(f"{phrase(idx, f)}{when(f)}" for f in holding[:4])
            + "."
        )
    else:
        text = f"{pair}: the sources only deny or report the end of ties."
    if against:
        text += (
            " They also state: "
            + "; ".join(f"{quote(f.evidence.text, 140)}{when(f)}" for f in against[:3])
            + "."
        )
    cites = _merge(_cite_all(idx, holding[:5]), _cite_all(idx, against[:3], "conflict"))
    facts = holding or against
    date = month(facts[0].date_value) if len(facts) == 1 else None
    return Answer(text, [a, b], date, cites, True, q.kind, q.text)


def _single_actor_stance(idx: AskIndex, q: Question) -> Answer:
    scored = [s for s in match(idx, q) if s.coverage > 0 or not q.terms]
    holding = [s.fact for s in scored if stance(idx, s.fact) != "denies"]
    if holding:
        text = "The sources say " + "; ".join(describe(idx, f) for f in holding[:4]) + "."
        denied = [s.fact for s in scored if stance(idx, s.fact) == "denies"]
        if denied:
            text += " They deny that " + "; ".join(phrase(idx, f) for f in denied[:2]) + "."
        cites = _merge(_cite_all(idx, holding[:5]), _cite_all(idx, denied[:2], "denial"))
        return Answer(text, _actors_of(q, holding[:4]), month(holding[0].date_value)
                      if len(holding) == 1 else None, cites, True, q.kind, q.text)  # fmt: skip
    return _from_sentences(idx, q)


# --------------------------------------------------------------------------- events
def answer_events(idx: AskIndex, q: Question) -> Answer:
    if not q.actor_ids and not q.period:
        return answer_open(idx, q)
    scored = match(idx, q, types=q.relations, need_period=True)
    facts = [s.fact for s in scored if stance(idx, s.fact) != "denies"]
    if not facts:
        return not_found(idx, q)
    facts.sort(key=lambda f: (f.date_value or "9999", f.doc_id, f.sentence_index))
    shown = facts[:MAX_LISTED]
    lines = [
        f"{f.date_value or 'undated'}: {describe(idx, f).removesuffix(when(f))}" for f in shown
    ]
    text = f"{len(facts)} event(s) in the sources: " + "; ".join(lines) + "."
    date = month(shown[0].date_value) if len(shown) == 1 else None
    return Answer(text, _actors_of(q, shown), date, _cite_all(idx, shown), True, q.kind, q.text)


# --------------------------------------------------------------------------- why
def answer_why(idx: AskIndex, q: Question) -> Answer:
    lex = idx.lexicon
    ranked = _retrieve(idx, q, n=40)
    found: list[tuple[float, int]] = []
    for i, score in ranked:
        toks = tokens(idx.sentences[i].text)
        causal = has_phrase(toks, lex.causal_cues) is not None
        drivers = _drivers_in(idx, toks)
        if not causal and not drivers:
            continue
        found.append((score + (1.0 if causal else 0.0) + 0.3 * len(drivers), i))
    if not found:
        return not_found(idx, q)
    found.sort(key=lambda p: (-p[0], p[1]))
    chosen = [i for _, i in found[:3]]
    named: list[str] = []
    for i in chosen:
        for name in _drivers_in(idx, tokens(idx.sentences[i].text)):
            if name not in named:
                named.append(name)
    lead = f"The sources link it to {_join(named)}" if named else "The sources explain it so"
    text = lead + ": " + " ".join(quote(idx.sentence_text(i), 200) for i in chosen)
    cites = [c for i in chosen if (c := idx.cite_sentence(i))]
    return Answer(text, q.actor_ids, None, cites, True, q.kind, q.text)


def _drivers_in(idx: AskIndex, toks: list[str]) -> list[str]:
    return [name for name, cues in idx.lexicon.drivers.items() if has_phrase(toks, cues)]


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --------------------------------------------------------------------------- open
def answer_open(idx: AskIndex, q: Question) -> Answer:
    if q.actor_ids and q.all_relations:
        scored = [s for s in match(idx, q) if stance(idx, s.fact) == "affirms"]
        if scored:
            facts = [s.fact for s in scored[:4]]
            text = "The sources say " + "; ".join(f"{phrase(idx, f)}{when(f)}" for f in facts)
            return Answer(text + ".", _actors_of(q, facts), month(facts[0].date_value)
                          if len(facts) == 1 else None, _cite_all(idx, facts), True,
                          q.kind, q.text)  # fmt: skip
    return _from_sentences(idx, q)


MIN_COVERAGE = 0.6


def _from_sentences(idx: AskIndex, q: Question) -> Answer:
    """The best sentences for the question, if they name its actors and most of its words."""
    hits = []
    for i, _ in _retrieve(idx, q, n=10):
        if not set(q.actor_ids) <= idx.sentence_actors[i]:
            continue
        coverage = idx.bm25.coverage(q.terms, tokens(idx.sentences[i].text))
        if coverage >= MIN_COVERAGE:
            hits.append(i)
    if not hits:
        return not_found(idx, q)
    chosen = hits[:2]
    text = "The sources say: " + " ".join(quote(idx.sentence_text(i), 240) for i in chosen)
    cites = [c for i in chosen if (c := idx.cite_sentence(i))]
    return Answer(text, q.actor_ids, None, cites, True, q.kind, q.text)
