"""One answerer per question kind. Each returns an `Answer` whose every claim is cited.

Rules every answerer keeps:
- a fact the text denies (modality ``negated``) is never reported as holding;
- a date is only ever one the store holds for a cited fact, never one made up;
- when the sources cannot answer, ``found`` is False and the answer says what the
  sources do say nearby (`geopol.ask.answer` moves those citations to ``nearby``).

Answers come from the store's facts (relations and events) first; sentence retrieval is
the fallback, and a retrieved sentence only counts when it names the question's actors
and most of its words.
"""

from __future__ import annotations

import re
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
    verdict,
    when,
)
from geopol.ask.index import AskIndex, Fact
from geopol.ask.lexicon import has_phrase
from geopol.ask.parse import Question
from geopol.ask.text import tokens
from geopol.records import UNKNOWN_ACTOR_ID, Answer, Citation

MAX_LISTED = 12
MAX_CITED = 8
# Share of a question's word weight a retrieved sentence must hold to count as an answer.
MIN_COVERAGE = 0.6
# With sentence embeddings, a sentence that says the same in other words counts too: it
# must be this close to the question (cosine) and still hold some of its words. Set on
# the `examples` questions: no unanswerable one has a sentence above 0.55.
DENSE_MIN_COSINE = 0.6
DENSE_MIN_COVERAGE = 0.3


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


def _cite_sentences(idx: AskIndex, ids: Iterable[int], role: str = "evidence") -> list[Citation]:
    return [c for i in ids if (c := idx.cite_sentence(i, role))]


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


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _actors_of(q: Question, facts: Iterable[Fact]) -> list[str]:
    ids = list(q.actor_ids)
    for f in facts:
        for a in f.actors:
            if a not in ids and a != UNKNOWN_ACTOR_ID:
                ids.append(a)
    return ids


def _answer(
    q: Question, text: str, actors: list[str], cites: list[Citation], *, date: str | None = None,
    found: bool = True,
) -> Answer:  # fmt: skip
    # A quote that ends a sentence ends the answer's sentence too: no ".”." in answers.
    for mark in ".!?":
        text = text.replace(f"{mark}”.", f"{mark}”")
    return Answer(text, actors, date, cites, found, q.kind, q.text)


# --------------------------------------------------------------------------- not found
def not_found(idx: AskIndex, q: Question, lead: str | None = None) -> Answer:
    """``found: false``, with what the sources do say about the question's actors nearby."""
    missing = [a.id for a in q.actors if a.id not in idx.actor_sentences]
    text = lead or f"Not in the sources: they do not answer “{q.text}”"
    if missing:
        text += f" (they do not mention {_names(idx, missing)})"
    text += "."
    nearby = _nearby(idx, q)[:3]
    if nearby:
        text += " Nearby, the sources say: " + "; ".join(describe(idx, f) for f in nearby) + "."
    cites = _cite_all(idx, nearby, role="nearby")
    if not cites and q.actor_ids and not missing:
        cites = _cite_sentences(idx, [i for i, _ in _retrieve(idx, q, n=2)], "nearby")
    return _answer(q, text, q.actor_ids, cites, found=False)


def _nearby(idx: AskIndex, q: Question) -> list[Fact]:
    """Facts about the question's actors (never denials), best topical fit first."""
    ids = [a for a in q.actor_ids if a in idx.actor_sentences]
    if not ids:
        return []
    scored = match(idx, q, types=q.all_relations, actors=ids, strict_types=False)
    if not scored and len(ids) > 1:
        scored = match(idx, q, types=q.all_relations, actors=ids[:1], strict_types=False)
    return [s.fact for s in scored if stance(idx, s.fact) != "denies"]


# --------------------------------------------------------------------------- retrieval
def _retrieve(
    idx: AskIndex, q: Question, n: int = 5, actors: list[str] | None = None
) -> list[tuple[int, float]]:
    """Sentences ranked by BM25 for the question's words, among those that name all the
    given actors (the question's by default); with actors, unmatched sentences rank last."""
    ids = q.actor_ids if actors is None else actors
    among: set[int] | None = None
    for a in ids:
        sents = idx.actor_sentences.get(a, set())
        among = set(sents) if among is None else among & sents
    query = q.terms or tokens(q.text)
    ranked = idx.rank(query, q.text, among=among, n=n)
    if among is not None and len(ranked) < n:
        seen = {i for i, _ in ranked}
        ranked += [(i, 0.0) for i in sorted(among - seen)][: n - len(ranked)]
    return ranked


def _supported_sentences(
    idx: AskIndex, q: Question, actors: list[str] | None = None, n: int = 2
) -> list[int]:
    """Retrieved sentences that name the actors and hold most of the question's words."""
    ids = q.actor_ids if actors is None else actors
    hits = []
    for i, _ in _retrieve(idx, q, n=12, actors=ids):
        published = idx.doc_date(idx.sentences[i].doc_id)
        if not set(ids) <= idx.sentence_actors[i] or not _in_period(
            q, idx.sentence_text(i), published
        ):
            continue
        if _answers_question(idx, q, i):
            hits.append(i)
    return hits[:n]


_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|"
    r"dozens)\b",
    re.IGNORECASE,
)


def _answers_question(
    idx: AskIndex, q: Question, i: int, least: float = MIN_COVERAGE,
    dense_least: float = DENSE_MIN_COVERAGE,
) -> bool:  # fmt: skip
    """Whether a sentence holds enough of the question: most of its words, or (with
    embeddings) its meaning and some of its words."""
    if q.quantity and not _NUMBER.search(idx.sentences[i].text):
        return False  # "How many vessels?" is not answered by "it provides vessels"
    coverage = idx.bm25.coverage(q.terms, tokens(idx.sentences[i].text))
    if coverage >= least:
        return True
    cosine = idx.cosine(q.text, i)
    if cosine is None or cosine < DENSE_MIN_COSINE or coverage < dense_least:
        return False
    # Close in meaning is not the same event: "broke off relations" sits near "restored
    # relations" in embedding space, so a tie's end must be asked for to answer.
    lex = idx.lexicon
    if q.undoing or not any(r in lex.cooperative_state for r in q.all_relations):
        return True
    return has_phrase(tokens(idx.sentences[i].text), lex.ending_cues) is None


def _in_period(q: Question, text: str, published: str | None = None) -> bool:
    """A sentence answers a question about a period only if it names a year of it, or
    names no year at all ("on 1 October") in a document published in one."""
    if q.period is None:
        return True
    first = int((q.period.since or q.period.until or "0")[:4])
    last = int((q.period.until or q.period.since or "0")[:4])
    years = range(first, last + 1)
    if any(str(year) in text for year in years):
        return True
    if published and not re.search(r"\b(?:19|20)\d\d\b", text):
        return published[:4].isdigit() and int(published[:4]) in years
    return False


def _from_sentences(idx: AskIndex, q: Question, actors: list[str] | None = None) -> Answer:
    """The best sentences for the question, quoted, if they are good enough; else not found."""
    chosen = _supported_sentences(idx, q, actors)
    if not chosen:
        return not_found(idx, q)
    text = "The sources say: " + " ".join(quote(idx.sentence_text(i), 240) for i in chosen)
    return _answer(q, text, q.actor_ids, _cite_sentences(idx, chosen))


# --------------------------------------------------------------------------- actor lists
def answer_actor_list(idx: AskIndex, q: Question) -> Answer:
    types = q.all_relations
    if not types and not q.topic:
        return answer_open(idx, q)
    candidates = _list_candidates(idx, q, types)
    if not candidates and q.actor_ids and types:
        # Sentences that hold the topic words come before facts that hold none of them.
        from_sentences = _list_from_sentences(idx, q)
        if from_sentences:
            return from_sentences
        candidates = _list_candidates(idx, q, types, anchored=True)
    holding = [s for s in candidates if verdict(idx, q, s.fact) in ("yes", "maybe")]
    against = [s for s in candidates if verdict(idx, q, s.fact) == "no"]
    if q.negated:  # "Which countries did not join ...?": the denials are the answer
        holding, against = against, []
    named = [s for s in holding if _listed_actor(q, s.fact) != UNKNOWN_ACTOR_ID]
    unnamed = [s for s in holding if _listed_actor(q, s.fact) == UNKNOWN_ACTOR_ID]
    if named:
        return _list_answer(idx, q, named, against)
    if unnamed:
        return _unnamed(idx, q, [s.fact for s in unnamed[:3]])
    return _list_from_sentences(idx, q) or _unclaimed(idx, q) or not_found(idx, q)


# Stems of phrases by which a text says that it does not know who did it.
_UNCLAIMED = (
    ("no", "group", "claim"), ("no", "one", "claim"), ("nobody", "claim"),
    ("no", "one", "has", "claim"), ("no", "group", "has", "claim"), ("unidentifi",),
    ("unknown", "attacker"), ("unknown", "gunmen"), ("not", "been", "identifi"),
)  # fmt: skip


def _unclaimed(idx: AskIndex, q: Question) -> Answer | None:
    """ "Who fired the rockets?" when no actor is named and the sentence that tells of it
    says nobody claimed it: the answer is that the sources do not name who did it."""
    if q.actor_ids:
        return None
    for i in _supported_sentences(idx, q, actors=[], n=1):
        if has_phrase(tokens(idx.sentences[i].text), _UNCLAIMED) is None:
            continue
        text = f"The sources do not name who it was: {quote(idx.sentence_text(i), 240)}."
        date = _sentence_date(idx, [i]) or _period_month(q)
        return _answer(q, text, [UNKNOWN_ACTOR_ID], _cite_sentences(idx, [i]), date=date)
    return None


def _period_month(q: Question) -> str | None:
    """The month a question names ("on 1 October 2024"), when it names exactly one."""
    p = q.period
    if p and p.since and p.since == p.until and len(p.since) == 7:
        return p.since
    return None


def _unnamed(idx: AskIndex, q: Question, facts: list[Fact]) -> Answer:
    """The sources tell of it but do not name the actor: that is the answer (``UNKNOWN``,
    the id DESIGN.md gives an actor the text does not name), never a guess."""
    text = "The sources do not name who it was: " + "; ".join(
        f"{quote(f.evidence.text, 200)}{when(f)}" for f in facts
    )
    months = {month(f.date_value) for f in facts}
    date = months.pop() if len(months) == 1 else None
    return _answer(q, text + ".", [UNKNOWN_ACTOR_ID], _cite_all(idx, facts), date=date)


def _list_answer(idx: AskIndex, q: Question, named: list[Scored], against: list[Scored]) -> Answer:
    by_actor: dict[str, list[Scored]] = defaultdict(list)
    for s in named:  # already best first
        for other in _listed_ends(idx, q, s.fact):
            by_actor[other].append(s)
    ranked = sorted(
        by_actor, key=lambda a: (-by_actor[a][0].score, -len(by_actor[a]), idx.name(a))
    )[:MAX_LISTED]
    facts = [f for a in ranked for f in _facts_of(by_actor[a])]
    text = _list_sentence(idx, q, facts)
    disagree = [s.fact for s in against if _listed_actor(q, s.fact) != UNKNOWN_ACTOR_ID][:3]
    if disagree:
        text += (
            " Other passages disagree: "
            + "; ".join(f"{quote(f.evidence.text, 160)}{when(f)}" for f in disagree)
            + "."
        )
    firsts = [by_actor[a][0].fact for a in ranked]
    seconds = [f for a in ranked for f in _facts_of(by_actor[a])[1:2]]
    cites = _merge(
        _cite_all(idx, firsts), _cite_all(idx, disagree, "conflict"), _cite_all(idx, seconds)
    )
    months = {month(f.date_value) for f in facts}
    date = months.pop() if len(months) == 1 else None  # one date for all that is listed
    return _answer(q, text, ranked, cites, date=date)


def _facts_of(scored: list[Scored]) -> list[Fact]:
    return [s.fact for s in scored]


def _listed_ends(idx: AskIndex, q: Question, fact: Fact) -> list[str]:
    """The actors a fact adds to a list: the asked-for end, or both ends of a relation
    without direction when the question names no actor ("Which countries signed ...?")."""
    if not q.actor_ids and fact.relation not in idx.lexicon.directed:
        return [a for a in fact.actors if a != UNKNOWN_ACTOR_ID and _type_fits(idx, q, a)]
    other = _listed_actor(q, fact)
    return [other] if other else []


def _listed_actor(q: Question, fact: Fact) -> str | None:
    """The end of the fact that the question asks for."""
    if q.actor_ids:
        for a in q.actor_ids:
            if a in fact.actors:
                return fact.other(a)
        return None
    return fact.source if q.wanted in ("source", "any") else fact.target


def _list_candidates(
    idx: AskIndex, q: Question, types: list[str], anchored: bool = False
) -> list[Scored]:
    """Facts whose other end answers a list question, best first. Unless ``anchored``,
    they must hold half the question's topic words; anchored, the named actors alone
    anchor them ("Which country is X's formal ally?")."""
    return _list_candidates_in(idx, q, types, anchored=anchored)


def _list_candidates_in(
    idx: AskIndex, q: Question, types: list[str], anchored: bool
) -> list[Scored]:
    if q.actor_ids:
        pool = [
            s
            for s in match(idx, q, types=types, actors=[], anchored=anchored)
            if any(role_ok(idx, s.fact, a, q.roles.get(a, "any")) for a in q.actor_ids)
        ]
    else:
        # No actor named ("Who carried out the attack on the embassy?"): the question's
        # other words must be in the evidence.
        pool = [s for s in match(idx, q, types=types, actors=[]) if s.term_coverage >= 0.5]
    if not types:  # nothing but words to go on: the evidence must hold them
        pool = [s for s in pool if s.coverage >= 0.5]
    out = [
        s
        for s in pool
        if (other := _listed_actor(q, s.fact))
        and other not in q.actor_ids
        and _type_fits(idx, q, other)
    ]
    out = _linked_to_all(q, out)
    # Words beyond actors and relation ("a training team", "the embassy") pick the
    # passage: candidates that hold far fewer of them than the best are dropped.
    best = max((s.coverage for s in out), default=0.0)
    return [s for s in out if s.coverage >= 0.5 * best]


def _linked_to_all(q: Question, scored: list[Scored]) -> list[Scored]:
    """With several actors named as objects ("Who mediated between X and Y?"), only an
    actor linked to every one of them answers."""
    objects = [a for a in q.actor_ids if q.roles.get(a) == "target"]
    if len(objects) < 2 or len(objects) != len(q.actor_ids) or not _joined(q):
        return scored
    linked: dict[str, set[str]] = defaultdict(set)
    for s in scored:
        other = _listed_actor(q, s.fact)
        if other:
            linked[other].update(a for a in objects if a in s.fact.actors)
    return [s for s in scored if linked[_listed_actor(q, s.fact) or ""] >= set(objects)]


def _joined(q: Question) -> bool:
    """Whether the question's actors are named as a pair ("between X and Y", "X-Y")."""
    first, last = q.actors[0], q.actors[-1]
    gap = q.text[first.end : last.start].strip().lower()
    return gap in ("and", "-", "–") or "between" in q.text[: first.start].lower()


def _type_fits(idx: AskIndex, q: Question, actor_id: str) -> bool:
    if not q.actor_types or actor_id == UNKNOWN_ACTOR_ID:
        return True
    kind = idx.actor_type(actor_id)
    return kind is None or kind in q.actor_types


def _list_from_sentences(idx: AskIndex, q: Question) -> Answer | None:
    """When no fact answers a list question, sentences that name the question's actors
    and hold its words (relation words included) may: the other actors they name are
    the answer, quoted so the reader can judge."""
    if not q.actor_ids or not q.all_relations:
        return None
    chosen = _supported_sentences(idx, q, n=1)
    listed = [
        a
        for i in chosen
        for a in sorted(idx.sentence_actors[i])
        if a not in q.actor_ids and a != UNKNOWN_ACTOR_ID and _type_fits(idx, q, a)
    ]
    listed = list(dict.fromkeys(listed))
    if not listed:
        return None
    text = (
        f"Named with {_names(idx, q.actor_ids)} in the passages that match: {_names(idx, listed)}. "
        "The sources say: " + " ".join(quote(idx.sentence_text(i), 240) for i in chosen)
    )
    return _answer(q, text, listed, _cite_sentences(idx, chosen), date=_sentence_date(idx, chosen))


def _sentence_date(idx: AskIndex, chosen: list[int]) -> str | None:
    """The one month the store dates the facts of these sentences to, if there is one."""
    keys = {(idx.sentences[i].doc_id, idx.sentences[i].index) for i in chosen}
    months = {
        month(f.date_value)
        for f in idx.facts
        if (f.doc_id, f.sentence_index) in keys and f.date_value
    }
    return months.pop() if len(months) == 1 else None


def _list_sentence(idx: AskIndex, q: Question, facts: list[Fact]) -> str:
    """ "Iran backs Hezbollah, Kataib Hezbollah and the Houthis." (grouped by what is said)."""
    groups: dict[tuple[str | None, str, str | None, str | None], list[Fact]] = defaultdict(list)
    for f in facts:
        fixed_source = f.source if f.source in q.actor_ids else None
        fixed_target = f.target if f.target in q.actor_ids else None
        if not q.actor_ids:  # the asked-for end varies, the other is fixed
            if q.wanted in ("source", "any"):
                fixed_source, fixed_target = None, f.target
            else:
                fixed_source, fixed_target = f.source, None
        groups[(f.relation, stance(idx, f), fixed_source, fixed_target)].append(f)
    parts = []
    for (_, _, fixed_source, fixed_target), group in groups.items():
        listed = [f.source if fixed_source is None else f.target for f in group]
        listed_names = _names(idx, [a for a in dict.fromkeys(listed) if a])
        src = idx.name(fixed_source) if fixed_source else listed_names
        tgt = idx.name(fixed_target) if fixed_target else listed_names
        dates = sorted({f.date_value for f in group if f.date_value})
        dated = f" ({', '.join(dates)})" if dates else ""
        hedge = "reportedly, " if all(stance(idx, f) == "uncertain" for f in group) else ""
        parts.append(hedge + phrase(idx, group[0], src, tgt) + dated)
    return _sentence_case("; ".join(parts)) + "."


# --------------------------------------------------------------------------- dates
def answer_date(idx: AskIndex, q: Question) -> Answer:
    scored = match(idx, q)
    if not scored and (q.all_relations or q.topic):
        loose = match(idx, q, strict_types=False, typed_only=False)
        scored = [s for s in loose if s.coverage >= 0.5 or (not q.topic and s.term_coverage)]
    scored = [s for s in scored if verdict(idx, q, s.fact) in ("yes", "maybe")]
    if not scored or (q.topic and scored[0].coverage == 0):
        # No fact, or none that holds any of the question's own words ("enter into
        # force" is not the signing): a sentence may still say, or nothing does.
        from_sentence = _date_from_sentences(idx, q)
        if from_sentence or not scored:
            return from_sentence or not_found(idx, q)
        asked = [s.fact for s in scored if s.fact.relation in q.all_relations]
        if not asked:
            # Facts of another kind that hold none of the question's words: nearby only.
            return not_found(idx, q)
        return _no_date(idx, q, asked[:3])
    top = scored[0]
    # A dated fact stands in for a better-scored undated one only when it holds the
    # question's own words as well ("enter into force" is not the signing).
    close = [
        s for s in scored if s.score >= top.score - 0.35 and s.coverage >= top.coverage
    ]  # fmt: skip
    dated = [s for s in close if s.fact.date_value]
    if not dated:
        return _no_date(idx, q, [s.fact for s in close[:3]])
    best = dated[0].fact
    others = [s.fact for s in dated[1:] if month(s.fact.date_value) != month(best.date_value)]
    date_text = best.date.text if best.date and best.date.text else best.date_value
    text = f"{best.date_value} ({date_text}): {describe(idx, best).removesuffix(when(best))}."
    if others:
        text += (
            " Other passages give other dates: "
            + "; ".join(f"{o.date_value} ({phrase(idx, o)})" for o in others[:3])
            + "."
        )
    cites = _merge(_cite_all(idx, [best]), _cite_all(idx, others[:3], "conflict"))
    return _answer(q, text, _actors_of(q, [best]), cites, date=month(best.date_value))


def _no_date(idx: AskIndex, q: Question, facts: list[Fact]) -> Answer:
    """The sources tell of it but give no date: that is the answer (found, with no date),
    never a date from elsewhere."""
    lead = f"The sources give no date for it. They say {describe(idx, facts[0])}"
    cites = _cite_all(idx, facts)
    return _answer(q, lead + ".", _actors_of(q, facts), cites)


def _date_from_sentences(idx: AskIndex, q: Question) -> Answer | None:
    """No fact fits: a sentence that names the actors and holds the question's words,
    dated by the store's own facts in that sentence, else by the one date the quoted
    sentence itself states; a sentence with no date answers that the sources give none."""
    chosen = _supported_sentences(idx, q, n=1)
    if not chosen:
        return None
    said = quote(idx.sentence_text(chosen[0]), 240)
    date = _more_precise(_sentence_date(idx, chosen), stated_date(idx.sentence_text(chosen[0])))
    if date is None:
        text = f"The sources give no date for it. They say {said}."
        return _answer(q, text, q.actor_ids, _cite_sentences(idx, chosen))
    text = f"{date}: the sources say {said}."
    return _answer(q, text, q.actor_ids, _cite_sentences(idx, chosen), date=date)


_MONTH_NUMBERS = {
    name: n
    for n, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")], 1)
    for name in names
}  # fmt: skip
_MONTH_YEAR = re.compile(
    r"\b(" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + r")\.?\s+"
    r"(?:\d{1,2},?\s+)?((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<![\d.,])((?:19|20)\d\d)(?![\d.,]\d)")


def _more_precise(stored: str | None, stated: str | None) -> str | None:
    """The store's date, unless it is only a year and the sentence states a month of it."""
    if stored and stated and len(stored) == 4 and stated.startswith(stored):
        return stated
    return stored or stated


def stated_date(text: str) -> str | None:
    """The one date a sentence states ("in August 2024", "by September 2025", "in 2011"):
    its month ``YYYY-MM`` if it names exactly one month of a year, else its year if it
    names exactly one year, else None (two dates leave the answer undecided)."""
    months = {f"{y}-{_MONTH_NUMBERS[m.lower()]:02d}" for m, y in _MONTH_YEAR.findall(text)}
    years = set(_YEAR.findall(text))
    if len(months) == 1 and {m[:4] for m in months} == years:
        return months.pop()
    if not months and len(years) == 1:
        return years.pop()
    return None


# --------------------------------------------------------------------------- yes / no
def answer_yes_no(idx: AskIndex, q: Question) -> Answer:
    types = q.all_relations
    opposites = [o for o, t in idx.lexicon.opposites.items() if t in types and o not in types]
    scored = _yes_no_candidates(idx, q, [*types, *opposites])
    if not scored:
        # The store holds no such relation between them; a sentence may still say it
        # in words no relation rule reads ("threatened a military intervention").
        return _yes_no_from_sentences(idx, q)
    top = scored[0].score
    scored = [s for s in scored if s.score >= top - 0.6]
    by_verdict: dict[str, list[Fact]] = defaultdict(list)
    for s in scored:
        by_verdict[verdict(idx, q, s.fact)].append(s.fact)
    yes, no, maybe = by_verdict["yes"], by_verdict["no"], by_verdict["maybe"]
    if not (yes or no or maybe):
        return not_found(idx, q)
    deciding = _latest(yes + no) or maybe[0]
    if yes and no:
        latest = "yes" if deciding in yes else "no"
        text = (
            f"The sources differ (most recent: {latest}{when(deciding)}). Yes: "
            + "; ".join(describe(idx, f) for f in yes[:3])
            + ". No: the sources state that "
            + "; ".join(f"{quote(f.evidence.text, 160)}{when(f)}" for f in no[:3])
            + "."
        )
        cites = _merge(_cite_all(idx, yes[:3]), _cite_all(idx, no[:3], "conflict"))
    elif yes:
        text = "Yes: " + "; ".join(describe(idx, f) for f in yes[:3]) + "."
        cites = _cite_all(idx, yes[:4])
    elif no and maybe:
        text = (
            "Not confirmed: the sources report "
            + "; ".join(f"{quote(f.evidence.text, 160)}{when(f)}" for f in maybe[:2])
            + " but also state that "
            + "; ".join(f"{quote(f.evidence.text, 160)}{when(f)}" for f in no[:2])
            + "."
        )
        cites = _merge(_cite_all(idx, maybe[:2]), _cite_all(idx, no[:2], "conflict"))
    elif no:
        text = (
            "No: the sources state that "
            + "; ".join(f"{quote(f.evidence.text, 200)}{when(f)}" for f in no[:3])
            + "."
        )
        cites = _cite_all(idx, no[:4], "denial")
    else:
        text = (
            "Not confirmed: the sources only report it as possible or expected: "
            + "; ".join(f"{quote(f.evidence.text, 160)}{when(f)}" for f in maybe[:3])
            + "."
        )
        cites = _cite_all(idx, maybe[:4])
    return _answer(
        q, text, _actors_of(q, [deciding]), cites, date=month(deciding.date_value)
    )  # fmt: skip


def _yes_no_from_sentences(idx: AskIndex, q: Question) -> Answer:
    """No fact answers: a sentence that names the actors and holds nearly all the
    question's words does, "no" if a negation stands just before those words."""
    if not q.actor_ids:
        return not_found(idx, q)
    for i, _ in _retrieve(idx, q, n=8):
        if not set(q.actor_ids) <= idx.sentence_actors[i] or not _in_period(
            q, idx.sentence_text(i)
        ):
            continue
        toks = tokens(idx.sentences[i].text)
        if not _answers_question(idx, q, i, YES_NO_COVERAGE, YES_NO_DENSE_COVERAGE):
            continue
        text = idx.sentence_text(i)
        if _negated_near(toks, set(q.terms)):
            lead = f"No: the sources state that {quote(text, 240)}."
            return _answer(q, lead, q.actor_ids, _cite_sentences(idx, [i], "denial"))
        if _negated_near(toks, set(q.terms), cues=_HEDGES):
            lead = f"Not confirmed: the sources only say {quote(text, 240)}."
            return _answer(q, lead, q.actor_ids, _cite_sentences(idx, [i]))
        denial = _denied_next(idx, q, i)
        if denial is not None:
            lead = (
                f"The sources differ: they say {quote(text, 200)} but also that "
                f"{quote(idx.sentence_text(denial), 200)}."
            )
            cites = _merge(_cite_sentences(idx, [denial], "denial"), _cite_sentences(idx, [i]))
            return _answer(q, lead, q.actor_ids, cites)
        lead = f"Yes, as the sources put it: {quote(text, 240)}."
        return _answer(q, lead, q.actor_ids, _cite_sentences(idx, [i]))
    return not_found(idx, q)


def _denied_next(idx: AskIndex, q: Question, i: int) -> int | None:
    """The next sentence of the same passage, if it denies one of the question's words
    ("... a movement supported by Iran. Tehran denies that it directs these attacks.")."""
    after = i + 1
    if after >= len(idx.sentences) or idx.sentences[after].doc_id != idx.sentences[i].doc_id:
        return None
    return after if _negated_near(tokens(idx.sentences[after].text), set(q.terms)) else None


YES_NO_COVERAGE = 0.75
# A yes or no rests on the sentence's own words: close meaning alone is not enough.
YES_NO_DENSE_COVERAGE = 0.5
_NEGATIONS = frozenset({"not", "no", "never", "n't", "deni", "deny", "refus", "reject", "neither"})
# Words that make what follows a threat, plan or possibility rather than a deed (stems).
_HEDGES = frozenset({
    "threaten", "threat", "warn", "plan", "propos", "consider", "could", "may", "might",
    "would", "expect", "intend", "prepar", "call", "urg",
})  # fmt: skip


def _negated_near(
    toks: list[str], terms: set[str], window: int = 5, cues: frozenset[str] = _NEGATIONS
) -> bool:
    """Whether a negation (or another cue) comes at most ``window`` words before a
    question word."""
    for k, tok in enumerate(toks):
        before = toks[max(0, k - window) : k]
        if tok in terms and any(
            t in cues or (cues is _NEGATIONS and t.endswith("n't")) for t in before
        ):
            return True
    return False


def _yes_no_candidates(idx: AskIndex, q: Question, types: list[str]) -> list[Scored]:
    if not q.actor_ids or not types:
        return []  # without a relation type a sentence says more than a fact of any type
    scored = match(idx, q, types=types)
    if not scored and len(q.actor_ids) > 2:
        # "Did Georgia join the EU sanctions on Russia?": the subject and one other actor.
        subject = q.actor_ids[0]
        for other in q.actor_ids[1:]:
            scored += match(idx, q, types=types, actors=[subject, other])
        scored.sort(key=lambda s: (-s.score, s.fact.doc_id, s.fact.sentence_index))
    if len(q.actor_ids) == 1 and q.topic:
        scored = [s for s in scored if s.coverage > 0]
    return scored


def _latest(facts: list[Fact]) -> Fact | None:
    if not facts:
        return None
    dated = [f for f in facts if f.date_value]
    if dated:
        return max(dated, key=lambda f: f.date_value or "")
    return facts[0]


# --------------------------------------------------------------------------- stance
_CLASS_WEIGHT = {"alliance": 3.0, "hostility": -2.0, "attack": -2.0, "military_intervention": -2.0}


def relation_class(facts: list[Fact]) -> str:
    """A rough ally/partner/neutral/rival/adversary class from the holding facts of a pair."""
    score = 0.0
    kinds = set()
    for f in facts:
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
    if len(q.actor_ids) == 1 or (q.topic and len(q.actor_ids) > 2):
        return _subject_stance(idx, q)
    a, b = q.actor_ids[:2]
    # "relations between X and Y" names no particular relation: every type counts.
    types = [t for t in q.relations if t != "diplomatic_relations"] if q.relations else []
    scored = [s for s in match(idx, q, types=types, actors=[a, b])]
    if not scored:
        return _subject_stance(idx, q)
    holding = [s.fact for s in scored if stance(idx, s.fact) == "affirms"]
    against = [s.fact for s in scored if stance(idx, s.fact) in ("denies", "ended")]
    reported = [s.fact for s in scored if stance(idx, s.fact) == "uncertain"]
    pair = f"{idx.name(a)} and {idx.name(b)}"
    if holding:
        cls = relation_class(holding)
        n_coop = sum(1 for f in holding if f.polarity == "cooperative")
        n_conf = sum(1 for f in holding if f.polarity == "conflictual")
        text = (
            f"{pair}: {idx.lexicon.class_words.get(cls, cls)} on the evidence ({n_coop} "
            f"cooperative, {n_conf} conflictual relations). The sources say "
            + "; ".join(describe(idx, f) for f in holding[:4])
            + "."
        )
    elif reported:
        text = f"{pair}: the sources only report " + "; ".join(
            describe(idx, f) for f in reported[:3]
        ) + "."  # fmt: skip
    else:
        text = f"{pair}: the sources only deny ties or report their end."
    if against:
        text += " They also state: " + "; ".join(describe(idx, f) for f in against[:3]) + "."
    cites = _merge(
        _cite_all(idx, holding[:5] or reported[:3]), _cite_all(idx, against[:3], "conflict")
    )
    facts = holding or reported or against
    date = month(facts[0].date_value) if len(facts) == 1 else None
    return _answer(q, text, [a, b], cites, date=date)


def _subject_stance(idx: AskIndex, q: Question) -> Answer:
    """The stance of the question's first actor on a topic: its facts, else its sentences."""
    subject = q.actor_ids[0]
    scored = [
        s
        for s in match(idx, q, actors=[subject])
        if (s.coverage > 0 or not q.topic) and set(q.actor_ids) <= set(s.fact.actors) | {subject}
    ]
    holding = [s.fact for s in scored if stance(idx, s.fact) != "denies"]
    if holding:
        text = "The sources say " + "; ".join(describe(idx, f) for f in holding[:4]) + "."
        denied = [s.fact for s in scored if stance(idx, s.fact) == "denies"]
        if denied:
            text += " They deny: " + "; ".join(describe(idx, f) for f in denied[:2]) + "."
        cites = _merge(_cite_all(idx, holding[:5]), _cite_all(idx, denied[:2], "denial"))
        date = month(holding[0].date_value) if len(holding) == 1 else None
        return _answer(q, text, _actors_of(q, holding[:4]), cites, date=date)
    return _from_sentences(idx, q)


# --------------------------------------------------------------------------- events
def answer_events(idx: AskIndex, q: Question) -> Answer:
    if not q.actor_ids and not q.period:
        return answer_open(idx, q)
    scored = match(idx, q, types=q.relations, need_period=True, typed_only=False)
    facts = [s.fact for s in scored if stance(idx, s.fact) != "denies"]
    if not facts:
        return not_found(idx, q)
    facts.sort(key=lambda f: (f.date_value or "9999", f.doc_id, f.sentence_index))
    facts = _distinct(facts)
    shown = facts[:MAX_LISTED]
    lines = [
        f"{f.date_value or 'undated'}: {describe(idx, f).removesuffix(when(f))}" for f in shown
    ]
    text = f"{len(facts)} event(s) in the sources: " + "; ".join(lines) + "."
    date = month(shown[0].date_value) if len(shown) == 1 else None
    return _answer(q, text, _actors_of(q, shown), _cite_all(idx, shown), date=date)


def _distinct(facts: list[Fact]) -> list[Fact]:
    """One fact per what-when (a near-duplicate document says the same thing again)."""
    seen: set[tuple[str | None, ...]] = set()
    out = []
    for f in facts:
        key = (f.relation, f.source, f.target, f.date_value, f.modality)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


# --------------------------------------------------------------------------- why
def answer_why(idx: AskIndex, q: Question) -> Answer:
    lex = idx.lexicon
    found: list[tuple[float, int]] = []
    for i, score in _why_candidates(idx, q):
        toks = tokens(idx.sentences[i].text)
        causal = has_phrase(toks, lex.causal_cues) is not None
        drivers = _drivers_in(idx, toks)
        if not causal and not drivers:
            continue
        share = len(set(q.actor_ids) & idx.sentence_actors[i]) / max(1, len(q.actor_ids))
        found.append((score + (1.0 if causal else 0.0) + 0.3 * len(drivers) + share, i))
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
    return _answer(q, text, q.actor_ids, _cite_sentences(idx, chosen))


def _why_candidates(idx: AskIndex, q: Question) -> list[tuple[int, float]]:
    """Sentences that name any of the question's actors, in documents that name them all
    (a reason is often given in a sentence that names only one side)."""
    if not q.actor_ids:
        return _retrieve(idx, q, n=60)
    docs: set[str] | None = None
    for a in q.actor_ids:
        in_docs = {idx.sentences[i].doc_id for i in idx.actor_sentences.get(a, ())}
        docs = in_docs if docs is None else docs & in_docs
    among = {
        i
        for a in q.actor_ids
        for i in idx.actor_sentences.get(a, ())
        if idx.sentences[i].doc_id in (docs or set())
    }
    scores = idx.bm25.scores(q.terms)
    if idx.dense is not None:
        # Cosine on BM25's scale, so that a sentence giving the reason in other words
        # ranks with one that repeats the question's words.
        top = max((scores.get(i, 0.0) for i in among), default=0.0) or 1.0
        cosines = idx.dense.scores(q.text)
        scores = {i: scores.get(i, 0.0) + top * float(cosines[i]) for i in among}
    return sorted(((i, scores.get(i, 0.0)) for i in among), key=lambda p: (-p[1], p[0]))


def _drivers_in(idx: AskIndex, toks: list[str]) -> list[str]:
    return [name for name, cues in idx.lexicon.drivers.items() if has_phrase(toks, cues)]


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --------------------------------------------------------------------------- open
def answer_open(idx: AskIndex, q: Question) -> Answer:
    # A fact says who did what to whom, never how many: "how many/much" goes to sentences.
    if q.actor_ids and q.all_relations and not q.quantity:
        scored = [s for s in match(idx, q) if stance(idx, s.fact) in ("affirms", "uncertain")]
        if scored:
            facts = [s.fact for s in scored[:4]]
            text = "The sources say " + "; ".join(describe(idx, f) for f in facts) + "."
            date = month(facts[0].date_value) if len(facts) == 1 else None
            return _answer(q, text, _actors_of(q, facts), _cite_all(idx, facts), date=date)
    return _from_sentences(idx, q)
