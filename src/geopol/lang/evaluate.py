"""Scores of the Arabic and Spanish coder on the shared benchmarks, as plain typed results.

Four benchmark folders are recognised by name (``evaluate_benchmark``):

- ``arabic_event_gsr``: ASSAULT / PROTEST detection (precision, recall, F1; the
  "ambiguous" sentences are left out) and actor spans;
- ``spanish_protest_plover``: PLOVER type accuracy (the first event's type is one of the
  sentence's gold types), set match, micro-F1 over types, actor spans;
- ``spanish_violence_cameo``: CAMEO root accuracy (sentences without a gold event count as
  right when nothing is coded), 3-digit accuracy;
- ``spanish_protest_cameo_sentences``: fine CAMEO (report only).

Splits: none of these sets ships one, so ``split_of`` defines it. A record goes to ``test``
when the SHA-256 of ``"geopol-lang-split-v1:" + <document key>`` falls in the first
``TEST_PERCENT`` of 100 buckets, else to ``train``. The document key is ``source_doc`` (or
``doc_ref``, else the record id), so the sentences of one article are never on both sides,
and the two Spanish protest sets (same AFP articles) split the same way. Training and
tuning use ``train`` only (see ``data/lang/README.md``).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from geopol.lang.coder import code_text
from geopol.lang.mentions import mentions_in_text
from geopol.records import Event, Mention

SPLIT_SALT = "geopol-lang-split-v1"
TEST_PERCENT = 40
SPLITS = ("train", "test", "all")
# Modalities that count as the event having happened (reported, possibly hedged).
OCCURRED = frozenset({"asserted", "hedged"})

Coder = Callable[[str, str], list[Event]]


def _default_coder(text: str, language: str) -> list[Event]:
    return code_text(text, language)


# ------------------------------------------------------------------------------- splits


def document_key(record: dict[str, Any]) -> str:
    return str(record.get("source_doc") or record.get("doc_ref") or record["id"])


def split_of(record: dict[str, Any]) -> str:
    digest = hashlib.sha256(f"{SPLIT_SALT}:{document_key(record)}".encode()).hexdigest()
    return "test" if int(digest[:8], 16) % 100 < TEST_PERCENT else "train"


def read_records(path: Path, split: str = "test") -> Iterator[dict[str, Any]]:
    """The records of a benchmark folder (or its ``records.jsonl``) in one split."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r} (have: {', '.join(SPLITS)})")
    file = path / "records.jsonl" if path.is_dir() else path
    with file.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                if split == "all" or split_of(record) == split:
                    yield record


# ------------------------------------------------------------------------------ results


@dataclass(slots=True)
class Detection:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, gold: bool, predicted: bool) -> None:
        if gold and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif gold:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn}  # fmt: skip


@dataclass(slots=True)
class Spans:
    """Gold actor spans found: by any mention, and as the event's source / target."""

    gold: int = 0
    mentioned: int = 0
    source_gold: int = 0
    source_found: int = 0
    target_gold: int = 0
    target_found: int = 0

    def to_dict(self) -> dict[str, float | int]:
        def rate(a: int, b: int) -> float:
            return round(a / b, 4) if b else 0.0

        return {
            "gold_spans": self.gold,
            "mention_recall": rate(self.mentioned, self.gold),
            "source_gold": self.source_gold,
            "source_recall": rate(self.source_found, self.source_gold),
            "target_gold": self.target_gold,
            "target_recall": rate(self.target_found, self.target_gold),
        }


@dataclass(slots=True)
class ArabicGsrResult:
    split: str
    records: int
    detection: dict[str, Detection]
    hard_negatives: int
    hard_negatives_rejected: int
    spans: Spans

    def to_dict(self) -> dict[str, Any]:
        return {
            "benchmark": "arabic_event_gsr",
            "split": self.split,
            "records": self.records,
            "f1": round(self.detection["all"].f1, 4),
            "detection": {k: v.to_dict() for k, v in self.detection.items()},
            "hard_negative_accuracy": round(self.hard_negatives_rejected / self.hard_negatives, 4)
            if self.hard_negatives
            else 0.0,
            "hard_negatives": self.hard_negatives,
            "actor_spans": self.spans.to_dict(),
        }


@dataclass(slots=True)
class PloverResult:
    split: str
    records: int
    correct: int
    exact_sets: int
    types: Detection
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    spans: Spans = field(default_factory=Spans)

    def to_dict(self) -> dict[str, Any]:
        return {
            "benchmark": "spanish_protest_plover",
            "split": self.split,
            "records": self.records,
            "accuracy": round(self.correct / self.records, 4) if self.records else 0.0,
            "exact_set_accuracy": round(self.exact_sets / self.records, 4) if self.records else 0.0,
            "type_micro": self.types.to_dict(),
            "top_confusions": [f"{g}->{p}: {n}" for (g, p), n in self.confusion.most_common(8)],
            "actor_spans": self.spans.to_dict(),
        }


@dataclass(slots=True)
class CameoResult:
    benchmark: str
    split: str
    records: int
    root_correct: int
    code_correct: int
    positives: int
    positives_root_correct: int
    negatives: int
    negatives_correct: int
    spans: Spans = field(default_factory=Spans)

    def to_dict(self) -> dict[str, Any]:
        def rate(a: int, b: int) -> float:
            return round(a / b, 4) if b else 0.0

        return {
            "benchmark": self.benchmark,
            "split": self.split,
            "records": self.records,
            "root_accuracy": rate(self.root_correct, self.records),
            "code_accuracy": rate(self.code_correct, self.records),
            "positives": self.positives,
            "positive_root_accuracy": rate(self.positives_root_correct, self.positives),
            "negatives": self.negatives,
            "negative_accuracy": rate(self.negatives_correct, self.negatives),
            "actor_spans": self.spans.to_dict(),
        }


# ------------------------------------------------------------------------------ helpers


def primary(events: Iterable[Event]) -> Event | None:
    """The event a sentence is mainly about: typed, then surest, then first."""
    ranked = sorted(
        (e for e in events if e.modality != "negated"),
        key=lambda e: (e.plover == "", -e.confidence, e.trigger.start),
    )
    return ranked[0] if ranked else None


def _overlaps(span: list[int] | tuple[int, int], start: int, end: int) -> bool:
    return start < span[1] and span[0] < end


def _count_spans(
    spans: Spans, gold_event: dict[str, Any], events: list[Event], mentions: list[Mention]
) -> None:
    for role in ("source", "target"):
        for actor in gold_event.get(role) or []:
            span = actor.get("span")
            if not span:
                continue
            spans.gold += 1
            spans.mentioned += any(_overlaps(span, m.start, m.end) for m in mentions)
            found = any(
                (m := getattr(e, role)) is not None and _overlaps(span, m.start, m.end)
                for e in events
            )
            if role == "source":
                spans.source_gold += 1
                spans.source_found += found
            else:
                spans.target_gold += 1
                spans.target_found += found


# ---------------------------------------------------------------------------- benchmarks


def arabic_event_gsr(
    path: Path, split: str = "test", coder: Coder = _default_coder
) -> ArabicGsrResult:
    detection = {"ASSAULT": Detection(), "PROTEST": Detection(), "all": Detection()}
    spans = Spans()
    records = hard = hard_ok = 0
    for record in read_records(path, split):
        if record["gsr_label"] == "ambiguous":
            continue
        task = record["task"].split()[0]
        events = coder(record["text"], "ar")
        predicted = any(e.plover == task and e.modality in OCCURRED for e in events)
        gold = record["gsr_label"] == "yes"
        records += 1
        detection[task].add(gold, predicted)
        detection["all"].add(gold, predicted)
        if record["gsr_label"] == "difficult no":
            hard += 1
            hard_ok += not predicted
        if gold:
            typed = [e for e in events if e.plover == task]
            mentions = mentions_in_text(record["text"], "ar")
            for gold_event in record["expected"]:
                _count_spans(spans, gold_event, typed, mentions)
    return ArabicGsrResult(split, records, detection, hard, hard_ok, spans)


def spanish_protest_plover(
    path: Path, split: str = "test", coder: Coder = _default_coder
) -> PloverResult:
    result = PloverResult(split, 0, 0, 0, Detection())
    for record in read_records(path, split):
        gold = {e["code_plover_2023"] for e in record["expected"] if e.get("code_plover_2023")}
        if not record.get("evaluate", True) or not gold:
            continue
        events = coder(record["text"], "es")
        best = primary(events)
        predicted_types = {e.plover for e in events if e.plover and e.modality != "negated"}
        result.records += 1
        if best is not None and best.plover in gold:
            result.correct += 1
        else:
            result.confusion[("|".join(sorted(gold)), best.plover if best else "-")] += 1
        result.exact_sets += predicted_types == gold
        for plover in gold | predicted_types:
            result.types.add(plover in gold, plover in predicted_types)
        mentions = mentions_in_text(record["text"], "es")
        for gold_event in record["expected"]:
            same_type = [e for e in events if e.plover == gold_event.get("code_plover_2023")]
            _count_spans(result.spans, gold_event, same_type, mentions)
    return result


def _cameo(path: Path, split: str, coder: Coder, benchmark: str) -> CameoResult:
    result = CameoResult(benchmark, split, 0, 0, 0, 0, 0, 0, 0)
    for record in read_records(path, split):
        if not record.get("evaluate", True):
            continue
        gold_codes = {e["code"] for e in record["expected"] if e.get("code")}
        events = coder(record["text"], "es")
        best = primary(events)
        result.records += 1
        if not gold_codes:
            result.negatives += 1
            ok = best is None
            result.negatives_correct += ok
            result.root_correct += ok
            result.code_correct += ok
            continue
        result.positives += 1
        roots = {c[:2] for c in gold_codes}
        root_ok = best is not None and best.cameo[:2] in roots
        result.positives_root_correct += root_ok
        result.root_correct += root_ok
        result.code_correct += best is not None and best.cameo in gold_codes
        mentions = mentions_in_text(record["text"], "es")
        for gold_event in record["expected"]:
            same_root = [e for e in events if e.cameo[:2] == str(gold_event.get("code", ""))[:2]]
            _count_spans(result.spans, gold_event, same_root, mentions)
    return result


def spanish_violence_cameo(
    path: Path, split: str = "test", coder: Coder = _default_coder
) -> CameoResult:
    return _cameo(path, split, coder, "spanish_violence_cameo")


def spanish_protest_cameo_sentences(
    path: Path, split: str = "test", coder: Coder = _default_coder
) -> CameoResult:
    return _cameo(path, split, coder, "spanish_protest_cameo_sentences")


BENCHMARKS: dict[str, Callable[..., Any]] = {
    "arabic_event_gsr": arabic_event_gsr,
    "spanish_protest_plover": spanish_protest_plover,
    "spanish_violence_cameo": spanish_violence_cameo,
    "spanish_protest_cameo_sentences": spanish_protest_cameo_sentences,
}


def handles(path: Path) -> bool:
    """Whether ``evaluate_benchmark`` knows this benchmark folder."""
    return Path(path).name in BENCHMARKS


def evaluate_benchmark(path: Path, split: str = "test") -> dict[str, Any]:
    """Scores of one of the four Arabic/Spanish benchmark folders, as plain JSON-ready data."""
    path = Path(path)
    name = path.name if path.is_dir() else path.parent.name
    if name not in BENCHMARKS:
        raise ValueError(
            f"{name!r} is not an Arabic/Spanish benchmark (have: {', '.join(BENCHMARKS)})"
        )
    result = BENCHMARKS[name](path, split)
    return dict(result.to_dict())


def as_dict(result: Any) -> dict[str, Any]:
    return result.to_dict() if hasattr(result, "to_dict") else asdict(result)
