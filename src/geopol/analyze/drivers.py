"""Drivers: which issues (security, borders, energy and trade, water, armed groups, great-power
rivalry) drive a dyad, from the evidence of its relations, by a transparent method.

Each holding relation has a weight (its absolute Goldstein-scale weight, discounted like in the
dyad score). It adds that weight to every issue whose cue words (``data/relations/drivers.toml``)
occur in its evidence sentence, and half of it to the issues its type implies on its own
(``support_armed_group`` → armed groups). An issue's weight is its share of the total; the
evidence kept for it is the relations that added most, with the words that matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from geopol.analyze.dyads import holds, latest_date, weigh
from geopol.records import Relation
from geopol.relations.lexicon import read_toml


@dataclass(frozen=True, slots=True)
class Issue:
    name: str
    label: str
    cues: re.Pattern[str]
    types: frozenset[str]


@dataclass(slots=True)
class DriverEvidence:
    relation_id: str
    doc_id: str
    text: str
    start: int
    end: int
    words: list[str]
    weight: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "relation": self.relation_id,
            "doc_id": self.doc_id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "words": list(self.words),
            "weight": self.weight,
        }


@dataclass(slots=True)
class Driver:
    issue: str
    label: str
    weight: float  # share of all issue weight, 0..1
    evidence: list[DriverEvidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "issue": self.issue,
            "label": self.label,
            "weight": self.weight,
            "evidence": [e.to_dict() for e in self.evidence],
        }

    def __iter__(self) -> Iterator[Any]:
        """Unpacks as ``(issue, weight, evidence)``."""
        return iter((self.issue, self.weight, self.evidence))


@cache
def issues() -> tuple[Issue, ...]:
    data = read_toml("drivers.toml")
    return tuple(
        Issue(
            name, spec["label"], re.compile(spec["cues"], re.IGNORECASE), frozenset(spec["types"])
        )
        for name, spec in data["issues"].items()
    )


@cache
def _type_share() -> float:
    return float(read_toml("drivers.toml")["options"]["type_weight"])


def drivers(relations: Iterable[Relation], *, evidence_per_issue: int = 3) -> list[Driver]:
    """The issues behind a set of relations (usually one dyad's), heaviest first.

    Returns only issues with some weight; each unpacks as ``(issue, weight, evidence)``.
    """
    held = [r for r in relations if holds(r)]
    as_of = latest_date(held)
    totals: dict[str, float] = {}
    found: dict[str, list[DriverEvidence]] = {}
    for relation in held:
        weighed = weigh(relation, as_of, 365.0)
        base = max(abs(weighed.weight), 1.0) * weighed.factor
        for issue in issues():
            words = sorted(
                {m.group(0).lower() for m in issue.cues.finditer(relation.evidence.text)}
            )
            added = base * len(words) ** 0.5 if words else 0.0
            if relation.relation in issue.types:
                added += base * _type_share()
            if added <= 0:
                continue
            totals[issue.name] = totals.get(issue.name, 0.0) + added
            found.setdefault(issue.name, []).append(
                DriverEvidence(
                    relation.id,
                    relation.doc_id,
                    relation.evidence.text,
                    relation.evidence.start,
                    relation.evidence.end,
                    words,
                    round(added, 3),
                )
            )
    grand = sum(totals.values())
    labels = {issue.name: issue.label for issue in issues()}
    result = [
        Driver(
            issue=name,
            label=labels[name],
            weight=round(total / grand, 3),
            evidence=sorted(found[name], key=lambda e: -e.weight)[:evidence_per_issue],
        )
        for name, total in totals.items()
    ]
    result.sort(key=lambda d: (-d.weight, d.issue))
    return result
