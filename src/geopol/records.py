"""Typed records shared by every stage.

This module imports nothing else from geopol: it is the vocabulary the stages speak.
Offsets named ``start``/``end`` are always half-open character offsets into the
*original* (raw) text of a document unless the name says ``clean_``.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

ActorType = Literal[
    "state",
    "igo",
    "coalition",
    "state_group",
    "non_state_armed_group",
    "subnational_government",
    "security_agency",
    "government_body",
    "party",
    "communal_group",
    "person",
    "company",
    "ngo",
    "organization",
    "unknown",
]
ACTOR_TYPES: tuple[str, ...] = ActorType.__args__  # type: ignore[attr-defined]

Modality = Literal["asserted", "negated", "hedged", "predicted", "conditional"]
MODALITIES: tuple[str, ...] = Modality.__args__  # type: ignore[attr-defined]

Polarity = Literal["cooperative", "conflictual", "neutral"]
POLARITIES: tuple[str, ...] = Polarity.__args__  # type: ignore[attr-defined]

RelationType = Literal[
    "alliance",
    "security_cooperation",
    "military_cooperation",
    "agreement",
    "aid",
    "trade_energy",
    "diplomatic_relations",
    "political_support",
    "membership",
    "neutrality",
    "influence",
    "tension",
    "hostility",
    "pressure",
    "sanction",
    "sanction_nonparticipation",
    "military_intervention",
    "attack",
    "withdrawal",
    "support_armed_group",
    "mediation",
]
RELATION_TYPES: tuple[str, ...] = RelationType.__args__  # type: ignore[attr-defined]

DatePrecision = Literal["day", "month", "year", "decade"]
# How a date was obtained: written in the sentence, relative to the document date,
# carried over from an earlier sentence, or taken from the document date itself.
DateDerivation = Literal["stated", "relative", "carried_over", "document"]

Resolution = Literal["name", "alias", "metonym", "demonym", "coreference", "role", "ner"]

UNKNOWN_ACTOR_ID = "UNKNOWN"


def content_id(text: str) -> str:
    """Stable id of a text: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(slots=True)
class OffsetMap:
    """Piecewise map from clean-text offsets to raw-text offsets.

    The clean text is split into runs. Run ``i`` covers clean offsets
    ``[clean_starts[i], clean_starts[i+1])`` and raw offsets ``[raw_starts[i], raw_ends[i])``.
    When a run has the same length on both sides it is a copy (character ``k`` of the
    run maps to raw ``raw_starts[i] + k``); otherwise it is a replacement and every
    clean character in it maps to the whole raw run.
    """

    clean_starts: list[int] = field(default_factory=list)
    raw_starts: list[int] = field(default_factory=list)
    raw_ends: list[int] = field(default_factory=list)
    clean_length: int = 0

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        if length == 0:
            return cls(clean_length=0)
        return cls([0], [0], [length], length)

    def _run(self, clean_pos: int) -> int:
        return max(0, bisect_right(self.clean_starts, clean_pos) - 1)

    def _run_length(self, i: int) -> int:
        nxt = self.clean_starts[i + 1] if i + 1 < len(self.clean_starts) else self.clean_length
        return nxt - self.clean_starts[i]

    def _is_copy(self, i: int) -> bool:
        return self._run_length(i) == self.raw_ends[i] - self.raw_starts[i]

    def raw_start(self, clean_pos: int) -> int:
        i = self._run(clean_pos)
        if self._is_copy(i):
            return self.raw_starts[i] + (clean_pos - self.clean_starts[i])
        return self.raw_starts[i]

    def raw_end(self, clean_end: int) -> int:
        """Raw offset just after the clean character ``clean_end - 1``."""
        if clean_end <= 0:
            return self.raw_starts[0] if self.raw_starts else 0
        i = self._run(clean_end - 1)
        if self._is_copy(i):
            return self.raw_starts[i] + (clean_end - self.clean_starts[i])
        return self.raw_ends[i]

    def to_raw(self, clean_start: int, clean_end: int) -> tuple[int, int]:
        if not self.clean_starts:
            return (0, 0)
        start = self.raw_start(clean_start)
        end = self.raw_end(clean_end) if clean_end > clean_start else start
        return (start, max(start, end))

    def to_dict(self) -> dict[str, Any]:
        return {
            "clean_starts": self.clean_starts,
            "raw_starts": self.raw_starts,
            "raw_ends": self.raw_ends,
            "clean_length": self.clean_length,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OffsetMap:
        return cls(
            list(data["clean_starts"]),
            list(data["raw_starts"]),
            list(data["raw_ends"]),
            int(data["clean_length"]),
        )


@dataclass(slots=True)
class Document:
    id: str
    source: str
    raw_text: str
    title: str | None = None
    published: str | None = None
    published_text: str | None = None
    language: str = "en"
    clean_text: str = ""
    offsets: OffsetMap = field(default_factory=OffsetMap)
    url: str | None = None
    path: str | None = None
    warnings: list[str] = field(default_factory=list)
    # A file too large to read at once is split into parts at paragraph boundaries; each
    # part is a Document whose offsets are into its own raw_text, and ``base_offset`` is
    # the character offset of that raw_text in the whole file (0 for whole files).
    base_offset: int = 0

    def raw_span(self, clean_start: int, clean_end: int) -> tuple[int, int]:
        return self.offsets.to_raw(clean_start, clean_end)


@dataclass(slots=True)
class Sentence:
    doc_id: str
    index: int
    start: int
    end: int
    text: str
    clean_start: int
    clean_end: int
    paragraph: int = 0


@dataclass(slots=True)
class Actor:
    id: str
    name: str
    type: ActorType
    country: str | None = None
    cameo: str | None = None
    aliases: tuple[str, ...] = ()
    valid_from: str | None = None
    valid_to: str | None = None
    plover_type: str | None = None

    def to_ref(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type, "country": self.country}


UNKNOWN_ACTOR = Actor(id=UNKNOWN_ACTOR_ID, name="Unknown", type="unknown")


@dataclass(slots=True)
class Mention:
    actor_id: str
    text: str
    start: int
    end: int
    doc_id: str = ""
    sentence_index: int = 0
    resolution: Resolution = "name"
    cameo: str | None = None
    clean_start: int = 0
    clean_end: int = 0
    confidence: float = 1.0
    # PLOVER/POLECAT agent type of this mention (GOV, MIL, REB, CVL, IGO, ...).
    plover_type: str | None = None


@dataclass(slots=True)
class DateInfo:
    value: str | None
    precision: DatePrecision | None
    text: str | None
    derivation: DateDerivation | None = None
    end: str | None = None
    month_only: str | None = None
    # Where ``text`` sits in the string it was parsed from (half-open offsets), when known.
    char_start: int | None = None
    char_end: int | None = None
    # Open or fuzzy bounds: "since", "after" (value is the start), "until", "by",
    # "before" (end is the bound, value None), "early", "mid", "late" (within value).
    qualifier: str | None = None

    @property
    def known(self) -> bool:
        return self.value is not None


@dataclass(slots=True)
class Evidence:
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Event:
    id: str
    doc_id: str
    sentence_index: int
    cameo: str
    plover: str
    quad_class: int
    goldstein: float
    polarity: Polarity
    modality: Modality
    source: Mention | None
    target: Mention | None
    trigger: Evidence
    evidence: Evidence
    date: DateInfo | None = None
    confidence: float = 0.5
    extractor: str = ""
    # Roles ("source", "target") the coder filled the way event data sets do when the words
    # name no party in that role (the place acted in, the next party named), not read from
    # the words that link them: right about half the time, so relations leave them out.
    inferred_roles: list[str] = field(default_factory=list)

    @property
    def negated(self) -> bool:
        return self.modality == "negated"


@dataclass(slots=True)
class Relation:
    id: str
    doc_id: str
    sentence_index: int
    source: str
    target: str
    relation: RelationType
    polarity: Polarity
    modality: Modality
    symmetric: bool
    evidence: Evidence
    date: DateInfo | None = None
    confidence: float = 0.5
    event_ids: tuple[str, ...] = ()
    cameo: str | None = None
    plover: str | None = None
    goldstein: float | None = None
    extractor: str = ""


DyadClass = Literal["ally", "partner", "neutral", "rival", "adversary"]
DYAD_CLASSES: tuple[str, ...] = DyadClass.__args__  # type: ignore[attr-defined]


@dataclass(slots=True)
class Dyad:
    """A pair of actors (``a`` < ``b``) and what the relations between them add up to.

    ``score`` is the Goldstein-weighted cooperation-conflict balance in [-1, 1] (time-decayed);
    ``relation_class`` the reading of it, ``deciding`` the ids of the relations that decided
    the class and ``reason`` why, in words. Denied (negated) relations are kept in
    ``relations`` for the record but never count.
    """

    a: str
    b: str
    relation_class: DyadClass
    score: float
    goldstein: float
    confidence: float
    level: str = "actor"
    counts: dict[str, int] = field(default_factory=dict)
    polarity_counts: dict[str, int] = field(default_factory=dict)
    negated: int = 0
    first: str | None = None
    last: str | None = None
    relations: list[Relation] = field(default_factory=list)
    deciding: list[str] = field(default_factory=list)
    reason: str = ""

    def to_dict(self, *, with_relations: bool = True) -> dict[str, Any]:
        data = {
            "a": self.a, "b": self.b, "level": self.level, "class": self.relation_class,
            "score": self.score, "goldstein": self.goldstein, "confidence": self.confidence,
            "counts": dict(self.counts), "polarity_counts": dict(self.polarity_counts),
            "negated": self.negated, "first": self.first, "last": self.last,
            "deciding": list(self.deciding), "reason": self.reason,
        }  # fmt: skip
        if with_relations:
            data["relations"] = [asdict(r) for r in self.relations]
        return data


@dataclass(slots=True)
class Skipped:
    """An item a stage could not process: a result with a reason, not an exception."""

    source: str
    code: str
    reason: str

    def line(self) -> str:
        return f"{self.source}: {self.reason} [{self.code}]"


@dataclass(slots=True)
class Processed:
    """Everything the pipeline learned from one document."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    # Exact word fingerprint and MinHash signature (plain data) of the clean text, kept
    # so later ingests can recognise the same story saved again or in another format.
    fingerprint: str | None = None
    signature: dict[str, Any] | None = None


@dataclass(slots=True)
class Citation:
    """A quoted span behind an answer: ``text == original_text[start:end]`` of ``doc``."""

    doc: str  # the document's file name, as in the contract JSON
    start: int
    end: int
    text: str
    doc_id: str = ""
    date: str | None = None
    # Why it is cited: "evidence", "denial", "conflict" (a source that disagrees), "nearby".
    role: str = "evidence"


@dataclass(slots=True)
class Answer:
    """What `geopol ask` returns: an answer, the actors and date it is about, its citations."""

    answer: str
    actors: list[str] = field(default_factory=list)
    date: str | None = None
    citations: list[Citation] = field(default_factory=list)
    found: bool = False
    kind: str = "open"  # the question kind the answer was built for
    question: str = ""
    # When the sources cannot answer (found is False), what they do say nearby: cited
    # here and not in ``citations``, which only ever holds support for an answer.
    nearby: list[Citation] = field(default_factory=list)


def to_plain(record: Any) -> Any:
    """A record as plain JSON-ready data (dataclasses become dicts)."""
    if isinstance(record, OffsetMap):
        return record.to_dict()
    return asdict(record)
