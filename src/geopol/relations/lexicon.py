"""The relation lexicons: relation types, stance cues, modality words and the event map.

Everything here is read once from the versioned TOML files in ``geopol/data/relations/`` and
compiled into plain, immutable objects; extraction code only reads them.
"""

from __future__ import annotations

import re
import re._constants as _sre  # the parsed form of patterns, for cue anchors
import re._parser as _sre_parser
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, cast

from geopol.records import RELATION_TYPES, Modality, Polarity, RelationType

DATA_PACKAGE = "geopol.data"
DATA_FOLDER = "relations"

# A mention is replaced by a slot "⟦k⟧" (k = index of the mention in the sentence) before the
# cues run, so a pattern can say where an actor must stand without knowing its name.
SLOT = r"⟦\d+⟧"
_MACROS = {
    "{S}": rf"(?P<s>{SLOT})",
    "{T}": rf"(?P<t>{SLOT})",
    "{A}": rf"(?P<a>{SLOT})",
    "{B}": rf"(?P<b>{SLOT})",
    "{M}": SLOT,
    "{det}": r"(?:(?:the|a|an|its|their|his|her|our|this|that|these|those)\s+)?",
    "{poss}": r"(?:'s|’s|'|’)",
}
_FILLER = re.compile(r"\{([wx])(\d+)\}")

TargetKind = str  # "any" | "org" | "nonorg" | "nonstate" | "state"


def read_toml(name: str) -> dict[str, Any]:
    """One data file of ``geopol/data/relations`` as a dict."""
    path = resources.files(DATA_PACKAGE).joinpath(DATA_FOLDER).joinpath(name)
    with path.open("rb") as handle:
        return tomllib.load(handle)


@dataclass(frozen=True, slots=True)
class TypeSpec:
    name: RelationType
    symmetric: bool
    polarity: Polarity
    weight: float


@dataclass(frozen=True, slots=True)
class Cue:
    id: str
    relation: RelationType
    regex: re.Pattern[str]
    anchors: frozenset[str]
    polarity: Polarity | None
    symmetric: bool | None
    confidence: float
    reverse: bool
    ended: bool
    if_armed: RelationType | None
    if_state: RelationType | None
    target_kind: TargetKind
    source_kind: TargetKind
    prefer_nonorg: bool
    refine: bool
    armed_only: bool
    negation_inside: bool
    modality: Modality | None
    cross_comma: bool
    max_gap: int
    implicit_source: bool = False
    source_sector: str | None = None
    target_sector: str | None = None


@dataclass(frozen=True, slots=True)
class ModalityWords:
    negated_near: re.Pattern[str]
    not_negation: re.Pattern[str]
    negated_clause: re.Pattern[str]
    false_after: re.Pattern[str]
    conditional_clause: re.Pattern[str]
    hedged_near: re.Pattern[str]
    hedged_clause: re.Pattern[str]
    unconfirmed: re.Pattern[str]
    reported: re.Pattern[str]
    predicted_near: re.Pattern[str]
    ended_near: re.Pattern[str]
    obstructed: re.Pattern[str]
    abandoned_plan: re.Pattern[str]
    failed_after: re.Pattern[str]
    permission_refused: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class EventMap:
    codes: dict[str, str]
    predicted_prefixes: tuple[str, ...]
    if_armed: dict[str, str]

    def relation_for(self, cameo: str) -> RelationType | None:
        """The relation type of a CAMEO code (longest prefix wins), or None."""
        found = _longest_prefix(self.codes, cameo)
        return cast(RelationType, found) if found else None

    def armed_relation_for(self, cameo: str) -> RelationType | None:
        found = _longest_prefix(self.if_armed, cameo)
        return cast(RelationType, found) if found else None

    def is_intent(self, cameo: str) -> bool:
        return any(cameo.startswith(prefix) for prefix in self.predicted_prefixes)


def _longest_prefix(table: dict[str, str], code: str) -> str | None:
    for length in range(len(code), 0, -1):
        if code[:length] in table:
            return table[code[:length]]
    return None


def expand_pattern(pattern: str) -> str:
    """Replace the ``{S}``/``{det}``/``{w2}`` macros of a cue pattern by regular expressions."""
    for macro, regex in _MACROS.items():
        pattern = pattern.replace(macro, regex)
    return _FILLER.sub(_filler, pattern)


def _filler(match: re.Match[str]) -> str:
    """``{w3}``: up to three words; ``{x3}``: up to three words or actor slots."""
    word = r"[\w'’\-\$%\.]+"
    unit = word if match.group(1) == "w" else rf"(?:{word}|{SLOT}(?:'s|’s)?)"
    return rf"(?:{unit}\s+){{0,{match.group(2)}}}"


def anchors_of(pattern: str) -> frozenset[str]:
    """Literal strings (lower-cased) of which every match of the cue pattern holds one.

    A sentence holding none of them cannot match, so the regex need not run: a cheap
    prefilter. They are read off the parsed regular expression: a mandatory literal run, or
    for an alternation the union of what each branch requires; of several candidates the
    most selective (longest shortest string) wins. ``{S}``-style macros are expanded first.
    """
    parsed = _sre_parser.parse(expand_pattern(pattern), re.IGNORECASE)
    return _required(list(parsed)) or frozenset()


def _required(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    options: list[frozenset[str]] = []
    run: list[str] = []
    for op, value in items:
        if op is _sre.LITERAL:
            run.append(chr(value).lower())
            continue
        if run:
            options.append(frozenset(["".join(run)]))
            run = []
        found = _required_item(op, value)
        if found:
            options.append(found)
    if run:
        options.append(frozenset(["".join(run)]))
    if not options:
        return None
    return max(options, key=lambda strings: (min(map(_selectivity, strings)), -len(strings)))


# Words so common that requiring them filters nothing.
_COMMON = frozenset(
    [
        "the",
        "and",
        "with",
        "of",
        "to",
        "in",
        "on",
        "for",
        "from",
        "its",
        "their",
        "by",
        "at",
        "an",
        "as",
        "is",
        "are",
        "or",
    ]
)


def _selectivity(literal: str) -> int:
    core = literal.strip()
    return 1 if core in _COMMON else len(core)


def _required_item(op: Any, value: Any) -> frozenset[str] | None:
    if op is _sre.SUBPATTERN:
        return _required(list(value[-1]))
    if op is _sre.BRANCH:
        parts = [_required(list(branch)) for branch in value[1]]
        if any(part is None for part in parts):
            return None
        return frozenset().union(*(part for part in parts if part is not None))
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        low, _high, inner = value
        return _required(list(inner)) if low >= 1 else None
    return None


def _relation(name: str | None, where: str) -> RelationType | None:
    if name is None:
        return None
    if name not in RELATION_TYPES:
        raise ValueError(f"{where}: unknown relation type {name!r}")
    return cast(RelationType, name)


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(expand_pattern(pattern), re.IGNORECASE)


@cache
def relation_types() -> dict[str, TypeSpec]:
    data = read_toml("relation_types.toml")["types"]
    return {
        name: TypeSpec(
            name=cast(RelationType, _relation(name, "relation_types.toml")),
            symmetric=bool(spec["symmetric"]),
            polarity=cast(Polarity, spec["polarity"]),
            weight=float(spec["weight"]),
        )
        for name, spec in data.items()
    }


@cache
def stance_cues() -> tuple[Cue, ...]:
    data = read_toml("stance_cues.toml")
    cues = []
    for spec in data["cue"]:
        where = f"stance_cues.toml:{spec['id']}"
        relation = _relation(spec["relation"], where)
        assert relation is not None
        cues.append(
            Cue(
                id=spec["id"],
                relation=relation,
                regex=_compile(spec["pattern"]),
                anchors=anchors_of(spec["pattern"]),
                polarity=spec.get("polarity"),
                symmetric=spec.get("symmetric"),
                confidence=float(spec.get("confidence", 0.6)),
                reverse=spec.get("direction", "forward") == "reverse",
                ended=bool(spec.get("ended", False)),
                if_armed=_relation(spec.get("if_armed"), where),
                if_state=_relation(spec.get("if_state"), where),
                target_kind=spec.get("target_kind", "any"),
                source_kind=spec.get("source_kind", "any"),
                prefer_nonorg=bool(spec.get("prefer_nonorg", False)),
                refine=bool(spec.get("refine", False)),
                armed_only=bool(spec.get("armed_only", False)),
                negation_inside=bool(spec.get("negation_inside", False)),
                modality=spec.get("modality"),
                cross_comma=bool(spec.get("cross_comma", False)),
                max_gap=int(spec.get("max_gap", 3)),
                implicit_source=bool(spec.get("implicit_source", False)),
                source_sector=spec.get("source_sector"),
                target_sector=spec.get("target_sector"),
            )
        )
    return tuple(cues)


@cache
def refine_rules() -> tuple[tuple[RelationType, re.Pattern[str]], ...]:
    data = read_toml("stance_cues.toml")["refine"]
    rules = [
        (cast(RelationType, _relation(rule["relation"], "refine")), _compile(rule["pattern"]))
        for rule in data["rules"]
    ]
    return tuple(rules)


@cache
def refine_default() -> RelationType:
    default = read_toml("stance_cues.toml")["refine"]["default"]
    return cast(RelationType, _relation(default, "refine"))


@cache
def modality_words() -> ModalityWords:
    data = read_toml("modality.toml")
    return ModalityWords(
        negated_near=_compile(data["negated"]["near"]),
        not_negation=_compile(data["negated"]["not_negation"]),
        negated_clause=_compile(data["negated"]["clause"]),
        false_after=_compile(data["negated"]["false_after"]),
        conditional_clause=_compile(data["conditional"]["clause"]),
        hedged_near=_compile(data["hedged"]["near"]),
        hedged_clause=_compile(data["hedged"]["clause"]),
        unconfirmed=_compile(data["hedged"]["unconfirmed"]),
        reported=_compile(data["hedged"]["reported"]),
        predicted_near=_compile(data["predicted"]["near"]),
        ended_near=_compile(data["ended"]["near"]),
        obstructed=_compile(data["negated"]["obstructed"]),
        abandoned_plan=_compile(data["negated"]["abandoned_plan"]),
        failed_after=_compile(data["negated"]["failed_after"]),
        permission_refused=_compile(data["negated"]["permission_refused"]),
    )


@cache
def event_map() -> EventMap:
    data = read_toml("event_map.toml")
    for name in [*data["codes"].values(), *data["if_armed"].values()]:
        if name:
            _relation(name, "event_map.toml")
    return EventMap(
        codes=dict(data["codes"]),
        predicted_prefixes=tuple(data["predicted"]["prefixes"]),
        if_armed=dict(data["if_armed"]),
    )
