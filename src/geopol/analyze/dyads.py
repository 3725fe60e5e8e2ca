"""Dyads: what the relations between two actors add up to, and how that changed.

The method is meant to be read and checked by an analyst:

* every relation the texts hold (asserted, hedged, predicted, conditional — never a denied
  one) gets a signed weight on the Goldstein scale: the event's Goldstein score when it came
  from a coded event, otherwise the weight of its type from ``data/relations/relation_types.toml``;
  the sign follows the relation's polarity (a tie that ended is conflictual, a neutral stance
  weighs nothing but still counts as evidence);
* the weight is discounted by modality (hedged 0.5, predicted 0.4, conditional 0.25), by the
  extractor's confidence and by age (exponential decay, half-life one year by default, relative
  to the latest dated relation);
* the score is the weighted balance, ``Σ w·f / Σ 10·f`` in [-1, 1];
* the class follows fixed thresholds (see ``classify``): too little evidence or a stated
  neutrality without a strong balance → neutral; force or a score ≤ -0.45 → adversary; < -0.15
  → rival; an asserted alliance, or ≥ 0.55 with security ties → ally; > 0.15 → partner; else
  neutral. The relations that weighed most in the direction of the class are kept as the
  deciding evidence.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from geopol.records import Actor, Dyad, DyadClass, Relation
from geopol.relations.lexicon import relation_types

ActorSource = Iterable[Actor] | Callable[[str], Actor | None]

MODALITY_FACTOR = {
    "asserted": 1.0,
    "hedged": 0.5,
    "predicted": 0.4,
    "conditional": 0.25,
    "negated": 0.0,
}
MAX_WEIGHT = 10.0
DEFAULT_HALF_LIFE_DAYS = 365.0
# Actor types that speak for their state when dyads are rolled up to states.
ROLL_UP_TYPES = frozenset({"person", "security_agency", "government_body"})
# Class thresholds on the score.
ADVERSARY_BELOW = -0.45
RIVAL_BELOW = -0.15
PARTNER_ABOVE = 0.15
ALLY_ABOVE = 0.55
# Below this much holding evidence (sum of discounts) a pair is not classed by its sign.
MIN_EVIDENCE = 0.3
# A stated neutrality decides the class unless the balance is at least this strong.
NEUTRALITY_HOLDS_BELOW = 0.5
FORCE_TYPES = frozenset({"attack", "military_intervention", "hostility"})
SECURITY_TIES = frozenset(
    {"security_cooperation", "military_cooperation", "support_armed_group", "alliance"}
)


def holds(relation: Relation) -> bool:
    """Whether the texts hold the relation at all (a denial never does)."""
    return relation.modality != "negated"


def signed_weight(relation: Relation) -> float:
    """The relation's weight on the Goldstein scale, signed by its polarity."""
    if relation.goldstein is not None:
        magnitude = abs(relation.goldstein)
    else:
        magnitude = abs(relation_types()[relation.relation].weight)
    if relation.polarity == "cooperative":
        return magnitude
    if relation.polarity == "conflictual":
        return -magnitude
    return 0.0


def date_of(value: str | None) -> date | None:
    """The middle of the period an ISO date prefix names ("2021" → 1 July 2021)."""
    if not value:
        return None
    parts = value.split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return date(year, 7, 1)
        month = int(parts[1])
        if len(parts) == 2:
            return date(year, month, 15)
        return date(year, month, int(parts[2][:2]))
    except ValueError:
        return None


def relation_date(relation: Relation) -> str | None:
    return relation.date.value if relation.date is not None else None


def decay(value: str | None, as_of: date | None, half_life_days: float | None) -> float:
    """How much an observation of that date still counts at ``as_of`` (1.0 when undated)."""
    when = date_of(value)
    if when is None or as_of is None or not half_life_days:
        return 1.0
    age = max(0, (as_of - when).days)
    return 0.5 ** (age / half_life_days)


def latest_date(relations: Iterable[Relation]) -> date | None:
    dates = [d for d in (date_of(relation_date(r)) for r in relations) if d is not None]
    return max(dates) if dates else None


def _lookup(actors: ActorSource) -> Callable[[str], Actor | None]:
    if callable(actors):
        return actors
    table = {actor.id: actor for actor in actors}
    return table.get


def roll_up(actor_id: str, lookup: Callable[[str], Actor | None], level: str) -> str:
    """The id a dyad uses for an actor: itself, or its state at ``level="state"``."""
    if level == "actor":
        return actor_id
    if level != "state":
        raise ValueError(f"level must be 'actor' or 'state', not {level!r}")
    actor = lookup(actor_id)
    if actor is not None and actor.type in ROLL_UP_TYPES and actor.country:
        return actor.country
    return actor_id


def pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


@dataclass(slots=True)
class Weighed:
    """One relation with its signed weight and its discount (modality × confidence × age)."""

    relation: Relation
    weight: float
    factor: float

    @property
    def contribution(self) -> float:
        return self.weight * self.factor


def weigh(relation: Relation, as_of: date | None, half_life_days: float | None) -> Weighed:
    factor = (
        MODALITY_FACTOR[relation.modality]
        * max(0.05, min(1.0, relation.confidence))
        * decay(relation_date(relation), as_of, half_life_days)
    )
    return Weighed(relation, signed_weight(relation), factor)


def score_of(weighed: Sequence[Weighed]) -> float:
    total = sum(MAX_WEIGHT * w.factor for w in weighed)
    if total <= 0:
        return 0.0
    return max(-1.0, min(1.0, sum(w.contribution for w in weighed) / total))


def classify(weighed: Sequence[Weighed], score: float) -> tuple[DyadClass, list[Weighed], str]:
    """The class of a dyad, the relations that decided it, and why (in words)."""
    if not weighed:
        return "neutral", [], "no relation between them holds (only denials)"
    if sum(w.factor for w in weighed) < MIN_EVIDENCE:
        deciding = sorted(weighed, key=lambda w: -abs(w.contribution))[:3]
        return "neutral", deciding, "too little holding evidence (only conditional or faint)"
    stated_neutral = [
        w
        for w in weighed
        if w.relation.relation == "neutrality" and w.relation.modality == "asserted"
    ]
    if stated_neutral and abs(score) < NEUTRALITY_HOLDS_BELOW:
        return "neutral", stated_neutral[:3], "stated neutrality, and no strong tie either way"
    positive = sorted((w for w in weighed if w.weight > 0), key=lambda w: -w.contribution)
    negative = sorted((w for w in weighed if w.weight < 0), key=lambda w: w.contribution)
    force = [w for w in negative if w.relation.relation in FORCE_TYPES and w.factor >= 0.5]
    alliance = [
        w
        for w in positive
        if w.relation.relation == "alliance" and w.relation.modality == "asserted"
    ]
    security = [w for w in positive if w.relation.relation in SECURITY_TIES]
    if score <= ADVERSARY_BELOW or (force and score < RIVAL_BELOW):
        why = "use or threat of force" if force else f"score {score:.2f} ≤ {ADVERSARY_BELOW}"
        return "adversary", (force or negative)[:3], why
    if score < RIVAL_BELOW:
        return "rival", negative[:3], f"score {score:.2f} < {RIVAL_BELOW}"
    if alliance and score > 0:
        return "ally", alliance[:3], "an alliance the texts assert, and a cooperative balance"
    if score >= ALLY_ABOVE and security:
        return "ally", security[:3], f"score {score:.2f} ≥ {ALLY_ABOVE} with security ties"
    if score > PARTNER_ABOVE:
        return "partner", positive[:3], f"score {score:.2f} > {PARTNER_ABOVE}"
    neutral = [w for w in weighed if w.weight == 0]
    deciding = neutral[:3] or sorted(weighed, key=lambda w: -abs(w.contribution))[:3]
    why = "stated neutrality" if neutral else f"balanced score {score:.2f}"
    return "neutral", deciding, why


def confidence_of(weighed: Sequence[Weighed], relation_class: DyadClass, score: float) -> float:
    """More (and fresher, surer) evidence pointing the same way → more confidence."""
    if not weighed:
        return 0.0
    support = 1.0 - math.exp(-sum(w.factor for w in weighed))
    magnitude = sum(abs(w.contribution) for w in weighed)
    if relation_class in ("ally", "partner"):
        agreeing = sum(w.contribution for w in weighed if w.weight > 0)
    elif relation_class in ("rival", "adversary"):
        agreeing = -sum(w.contribution for w in weighed if w.weight < 0)
    else:
        return round(support * (1.0 - min(1.0, abs(score) / PARTNER_ABOVE) * 0.5), 3)
    consistency = agreeing / magnitude if magnitude else 0.0
    return round(support * consistency, 3)


def _in_range(value: str | None, since: str | None, until: str | None) -> bool:
    if since is None and until is None:
        return True
    if value is None:
        return False
    if since is not None and value[: len(since)] < since:
        return False
    return not (until is not None and value[: len(until)] > until)


def group_by_pair(
    relations: Iterable[Relation], actors: ActorSource = (), level: str = "actor"
) -> dict[tuple[str, str], list[Relation]]:
    """Relations per unordered pair of (rolled-up) actors; self-pairs and unknowns left out."""
    lookup = _lookup(actors)
    grouped: dict[tuple[str, str], list[Relation]] = defaultdict(list)
    for relation in relations:
        a = roll_up(relation.source, lookup, level)
        b = roll_up(relation.target, lookup, level)
        if a == b or "UNKNOWN" in (a, b):
            continue
        grouped[pair(a, b)].append(relation)
    return grouped


def build_dyad(
    a: str,
    b: str,
    relations: Sequence[Relation],
    *,
    level: str = "actor",
    as_of: date | None = None,
    half_life_days: float | None = DEFAULT_HALF_LIFE_DAYS,
) -> Dyad:
    """The dyad of one pair from its relations (any order, denied ones included)."""
    ordered = sorted(
        relations, key=lambda r: (relation_date(r) or "9999", r.doc_id, r.sentence_index)
    )
    held = [r for r in ordered if holds(r)]
    weighed = [weigh(r, as_of, half_life_days) for r in held]
    score = score_of(weighed)
    relation_class, deciding, reason = classify(weighed, score)
    dates = sorted(d for d in (relation_date(r) for r in held) if d)
    return Dyad(
        a=a,
        b=b,
        relation_class=relation_class,
        score=round(score, 3),
        goldstein=round(sum(w.contribution for w in weighed), 3),
        confidence=confidence_of(weighed, relation_class, score),
        level=level,
        counts=dict(Counter(r.relation for r in held).most_common()),
        polarity_counts=dict(Counter(r.polarity for r in held)),
        negated=len(ordered) - len(held),
        first=dates[0] if dates else None,
        last=dates[-1] if dates else None,
        relations=ordered,
        deciding=[w.relation.id for w in deciding],
        reason=reason,
    )


def dyads(
    relations: Iterable[Relation],
    actors: ActorSource = (),
    *,
    level: str = "actor",
    as_of: date | str | None = None,
    half_life_days: float | None = DEFAULT_HALF_LIFE_DAYS,
    since: str | None = None,
    until: str | None = None,
    types: Iterable[str] | None = None,
) -> list[Dyad]:
    """Every pair of actors with relations between them, strongest ties first.

    ``level="state"`` rolls persons, agencies and government bodies up to their state;
    ``since``/``until`` (ISO date prefixes) keep dated relations in that range; ``types``
    keeps only those relation types; ``as_of`` anchors the time decay (default: the latest
    dated relation).
    """
    wanted = set(types) if types else None
    chosen = [
        r
        for r in relations
        if (wanted is None or r.relation in wanted) and _in_range(relation_date(r), since, until)
    ]
    anchor = date_of(as_of) if isinstance(as_of, str) else as_of
    if anchor is None:
        anchor = latest_date(chosen)
    result = [
        build_dyad(a, b, group, level=level, as_of=anchor, half_life_days=half_life_days)
        for (a, b), group in group_by_pair(chosen, actors, level).items()
    ]
    result.sort(key=lambda d: (-abs(d.goldstein), d.a, d.b))
    return result


def dyad(
    relations: Iterable[Relation], a: str, b: str, actors: ActorSource = (), **options: Any
) -> Dyad | None:
    """The dyad of one pair (``geopol dyad A B``), or None when nothing links them."""
    key = pair(a, b)
    for found in dyads(relations, actors, **options):
        if (found.a, found.b) == key:
            return found
    return None


def timeline(found: Dyad, by: str = "year") -> list[dict[str, Any]]:
    """The dyad's holding relations per period (``year`` or ``month``) with their balance."""
    width = {"year": 4, "month": 7}[by]
    periods: dict[str, list[Weighed]] = defaultdict(list)
    for relation in found.relations:
        value = relation_date(relation)
        if holds(relation) and value and len(value) >= width:
            periods[value[:width]].append(weigh(relation, None, None))
    return [
        {
            "period": period,
            "score": round(score_of(items), 3),
            "relations": len(items),
            "types": dict(Counter(w.relation.relation for w in items).most_common()),
        }
        for period, items in sorted(periods.items())
    ]


# --- changes between two windows --------------------------------------------------------------


@dataclass(slots=True)
class DyadChange:
    """How a pair's relations moved from window A to window B, with the evidence."""

    a: str
    b: str
    before: float | None
    after: float | None
    delta: float
    direction: str  # "warmed" | "cooled" | "new" | "gone" | "steady"
    class_before: str | None
    class_after: str | None
    evidence_before: list[str] = field(default_factory=list)
    evidence_after: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "before": self.before,
            "after": self.after,
            "delta": self.delta,
            "direction": self.direction,
            "class_before": self.class_before,
            "class_after": self.class_after,
            "evidence_before": list(self.evidence_before),
            "evidence_after": list(self.evidence_after),
        }


def _period_bounds(value: str) -> tuple[str, str]:
    """The first and last day a date prefix covers, as ISO strings."""
    parts = value.split("-")
    if len(parts) == 1:
        return f"{parts[0]}-01-01", f"{parts[0]}-12-31"
    if len(parts) == 2:
        return f"{value}-01", f"{value}-31"
    return value, value


def in_window(value: str | None, window: tuple[str, str]) -> bool:
    """Whether the whole period of a date lies inside ``window`` (inclusive date prefixes)."""
    if not value:
        return False
    low, high = _period_bounds(value)
    start, _ = _period_bounds(window[0])
    _, end = _period_bounds(window[1])
    return start <= low and high <= end


def changes(
    relations: Iterable[Relation],
    window_a: tuple[str, str],
    window_b: tuple[str, str],
    actors: ActorSource = (),
    *,
    level: str = "actor",
    threshold: float = 0.2,
) -> list[DyadChange]:
    """Pairs whose balance moved between two windows, biggest moves first.

    Only dated relations count (an undated one belongs to no window); within a window there
    is no time decay. A pair present in one window only is "new" or "gone".
    """
    relations = list(relations)
    first = {
        (d.a, d.b): d
        for d in dyads(
            [r for r in relations if in_window(relation_date(r), window_a)],
            actors,
            level=level,
            half_life_days=None,
        )
    }
    second = {
        (d.a, d.b): d
        for d in dyads(
            [r for r in relations if in_window(relation_date(r), window_b)],
            actors,
            level=level,
            half_life_days=None,
        )
    }
    result = []
    for key in sorted(set(first) | set(second)):
        before, after = first.get(key), second.get(key)
        score_a = before.score if before else None
        score_b = after.score if after else None
        delta = round((score_b or 0.0) - (score_a or 0.0), 3)
        if before is None:
            direction = "new"
        elif after is None:
            direction = "gone"
        elif delta >= threshold:
            direction = "warmed"
        elif delta <= -threshold:
            direction = "cooled"
        else:
            direction = "steady"
        result.append(
            DyadChange(
                a=key[0],
                b=key[1],
                before=score_a,
                after=score_b,
                delta=delta,
                direction=direction,
                class_before=before.relation_class if before else None,
                class_after=after.relation_class if after else None,
                evidence_before=list(before.deciding) if before else [],
                evidence_after=list(after.deciding) if after else [],
            )
        )
    result.sort(key=lambda c: (-abs(c.delta), c.a, c.b))
    return result
