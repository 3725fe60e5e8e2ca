"""Question understanding: what kind of question, about which actors, relations and period.

The parser knows nothing of the store. Actor names are resolved by a function passed in
(the store's own actor names plus the actor stage's resolver), so the same parser serves
every store and tests can give it a tiny resolver of their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from geopol.ask.lexicon import AskLexicon, find_phrases, has_phrase, load_lexicon
from geopol.ask.text import normalise, stem, words

Role = Literal["source", "target", "any"]
QuestionKind = Literal["why", "date", "events", "stance", "yes_no", "actor_list", "open"]


@dataclass(slots=True, frozen=True)
class NamedActor:
    """An actor named in the question, with its span in the question text."""

    id: str
    start: int
    end: int
    text: str


ActorResolver = Callable[[str], list[NamedActor]]


@dataclass(slots=True)
class Period:
    since: str | None = None  # inclusive lower bound, "YYYY" or "YYYY-MM"
    until: str | None = None  # inclusive upper bound (compared on its own precision)
    text: str = ""

    def contains(self, date: str | None) -> bool:
        if date is None:
            return False
        if self.since and date[: len(self.since)] < self.since:
            return False
        return not (self.until and date[: len(self.until)] > self.until)


@dataclass(slots=True)
class Question:
    text: str
    kind: QuestionKind
    actors: list[NamedActor] = field(default_factory=list)
    # The end of a directed relation each named actor holds ("Which militias does Iran
    # back?": Iran is the source), and the end the asked-for actors hold.
    roles: dict[str, Role] = field(default_factory=dict)
    wanted: Role = "any"
    relations: list[str] = field(default_factory=list)
    list_relations: list[str] = field(default_factory=list)
    actor_types: list[str] = field(default_factory=list)
    period: Period | None = None
    terms: list[str] = field(default_factory=list)  # content stems, actor names excluded
    # The terms that say what the question is about beyond its actors and relation words
    # ("the attack on the *embassy*", "neutral on the *war* in *Ukraine*").
    topic: list[str] = field(default_factory=list)
    negated: bool = False  # "Which countries did not join ...?"
    undoing: bool = False  # asks about the end of a tie ("When did X break off relations?")
    quantity: bool = False  # "How many ...?", "How much ...?": only a number answers it

    @property
    def actor_ids(self) -> list[str]:
        return [a.id for a in self.actors]

    @property
    def all_relations(self) -> list[str]:
        return list(dict.fromkeys([*self.list_relations, *self.relations]))


_MONTH_NAMES = "january february march april may june july august september october november"
_MONTHS = {m: i + 1 for i, m in enumerate([*_MONTH_NAMES.split(), "december"])}
_MONTH = r"(?P<{n}m>" + "|".join(_MONTHS) + r")\s+"
_YEAR = r"(?P<{n}y>(?:19|20)\d\d)"
_POINT = r"(?:" + _MONTH + r")?" + _YEAR
_PERIOD_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("range", r"\b(?:between|from)\s+" + _POINT.format(n="a") + r"\s+(?:and|to|until|-)\s+"
         + _POINT.format(n="b") + r"\b"),
        ("since", r"\b(?:since|after|from)\s+" + _POINT.format(n="a") + r"\b"),
        ("until", r"\b(?:before|until|by|up to)\s+" + _POINT.format(n="b") + r"\b"),
        ("in", r"\b(?:in|during|of|throughout)?\s*" + _POINT.format(n="a") + r"\b"),
    )
)  # fmt: skip


def _point(match: re.Match[str], n: str) -> str:
    year = match.group(f"{n}y")
    month = match.group(f"{n}m")
    return f"{year}-{_MONTHS[month]:02d}" if month else year


def parse_period(text: str) -> Period | None:
    """The period a question asks about ("in March 2024", "since 2020", "between ...")."""
    low = normalise(text)
    for name, pattern in _PERIOD_PATTERNS:
        m = pattern.search(low)
        if not m:
            continue
        if name == "range":
            return Period(_point(m, "a"), _point(m, "b"), m.group(0).strip())
        if name == "since":
            return Period(_point(m, "a"), None, m.group(0).strip())
        if name == "until":
            return Period(None, _point(m, "b"), m.group(0).strip())
        point = _point(m, "a")
        return Period(point, point, m.group(0).strip())
    return None


def question_kind(text: str, lexicon: AskLexicon) -> QuestionKind:
    low = normalise(text).strip()
    for kind in lexicon.kinds:
        if any(p.search(low) for p in kind.patterns):
            return kind.kind  # type: ignore[return-value]
    return "open"


def _mask(text: str, actors: list[NamedActor]) -> str:
    """The question with actor names blanked out (so their words are not topic words)."""
    chars = list(text)
    for a in actors:
        for i in range(a.start, min(a.end, len(chars))):
            chars[i] = " "
    return "".join(chars)


def _dedupe(actors: list[NamedActor]) -> list[NamedActor]:
    """One entry per actor id, in question order, longest span kept when spans overlap."""
    ordered = sorted(actors, key=lambda a: (a.start, -(a.end - a.start)))
    kept: list[NamedActor] = []
    for a in ordered:
        if kept and a.start < kept[-1].end:
            continue
        kept.append(a)
    seen: set[str] = set()
    out = []
    for a in kept:
        if a.id not in seen:
            seen.add(a.id)
            out.append(a)
    return out


def _owner_role(
    text: str, actor: NamedActor, noun_spans: list[tuple[int, int, str]]
) -> Role | None:
    """The role of an actor attached to a list noun: "members of NATO", "Iran's proxies"."""
    low = normalise(text)
    for start, end, owner in noun_spans:
        after = low[end : actor.start]
        before = low[actor.end : start]
        if actor.start >= end and re.fullmatch(r"\s+of\s+(?:the\s+)?", after):
            return owner  # type: ignore[return-value]
        if actor.end <= start and re.fullmatch(r"'s?\s+(?:\w+\s+)?", before):
            return owner  # type: ignore[return-value]
    return None


_AUX = r"(?:is|are|was|were|does|do|did|has|have|had|can|could|will|would)"


def _roles(
    text: str, kind: QuestionKind, actors: list[NamedActor], noun_spans: list[tuple[int, int, str]]
) -> tuple[dict[str, Role], Role]:
    """Which end of a directed relation each named actor holds, and the asked-for actors."""
    low = normalise(text)
    roles: dict[str, Role] = {}
    for a in actors:
        owner = _owner_role(text, a, noun_spans)
        if owner in ("source", "target"):
            roles[a.id] = owner
        elif re.search(r"\bby\s+(?:the\s+)?$", low[: a.start]):
            roles[a.id] = "source"
        elif re.search(rf"\b{_AUX}\s+(?:the\s+)?$", low[: a.start]):
            roles[a.id] = "source"  # "Which militias does Iran back?": Iran is the subject
    if kind == "actor_list":
        for a in actors:
            roles.setdefault(a.id, "target")  # "Who attacked Israel?": named after the verb
        named = set(roles.values())
        if named == {"source"}:
            return roles, "target"
        if named == {"target"}:
            return roles, "source"
        if not actors and not re.match(
            rf"\s*(?:who|which|what)\b(?:\s+\w+){{0,2}}?\s+{_AUX}\b", low
        ):
            return roles, "source"  # "Who carried out the attack ...?"
        return roles, "any"
    # Other questions: the first actor is the subject and the next the object, unless a
    # "by" phrase says otherwise ("Was Iraq attacked by Turkey?").
    free = [a for a in actors if a.id not in roles]
    if any(r == "source" for r in roles.values()):
        for a in free:
            roles[a.id] = "target"
    elif free:
        roles[free[0].id] = "source"
        for a in free[1:]:
            roles[a.id] = "target"
    return roles, "any"


def parse_question(
    text: str, resolve: ActorResolver, lexicon: AskLexicon | None = None
) -> Question:
    lexicon = lexicon or load_lexicon()
    kind = question_kind(text, lexicon)
    actors = _dedupe(resolve(text))
    masked = normalise(_mask(text, actors))
    word_list = words(masked)
    stems = [stem(w) for w in word_list]
    relations: list[str] = []
    used: set[int] = set()  # words that name a relation or a kind of actor
    for i, j, types in find_phrases(stems, lexicon.relation_words):
        relations.extend(types)
        used.update(range(i, j))
    list_relations: list[str] = []
    noun_spans: list[tuple[int, int, str]] = []
    for i, j, entry in find_phrases(stems, lexicon.list_nouns, longest=1):
        list_relations.extend(entry["relations"])
        noun_spans.extend(_char_spans(masked, word_list, i, j, entry["owner"]))
        used.update(range(i, j))
    actor_types: list[str] = []
    for i, j, types in find_phrases(stems, lexicon.actor_type_nouns, longest=2):
        actor_types.extend(types)
        used.update(range(i, j))
    roles, wanted = _roles(text, kind, actors, noun_spans)
    content = [
        (k, stem(w)) for k, w in enumerate(word_list)
        if w not in lexicon.stopwords and not w.isdigit() and w not in _MONTHS
    ]  # fmt: skip
    return Question(
        text=text,
        kind=kind,
        actors=actors,
        roles=roles,
        wanted=wanted,
        relations=list(dict.fromkeys(relations)),
        list_relations=list(dict.fromkeys(list_relations)),
        actor_types=list(dict.fromkeys(actor_types)) if kind == "actor_list" else [],
        period=parse_period(text),
        terms=[t for _, t in content],
        topic=[t for k, t in content if k not in used],
        undoing=has_phrase(stems, lexicon.ending_cues) is not None,
        negated=bool(re.search(r"\b(?:not|n't|never|refuse[ds]?)\b", normalise(text))),
        quantity=bool(re.search(r"\bhow (?:many|much)\b", normalise(text))),
    )


def _char_spans(
    text: str, word_list: list[str], i: int, j: int, owner: str
) -> list[tuple[int, int, str]]:
    """Character spans of words ``i..j`` of ``text`` (found again by scanning)."""
    pos = 0
    spans = []
    for k, w in enumerate(word_list):
        at = text.find(w, pos)
        if at < 0:
            break
        pos = at + len(w)
        if i <= k < j:
            spans.append((at, pos, owner))
    return spans
