"""Evaluation of the event coder on the annotated benchmark sets (``geopol eval``).

Each benchmark folder holds ``records.jsonl`` in one common format (see the benchmarks'
README). The label the coder gives a sentence is the code of its first event, mapped to the
set's ontology: CAMEO root, the five UT Dallas penta classes, or the PLOVER type. Metrics:

- ``accuracy`` and ``macro_f1`` of that label (macro-F1 over the gold classes);
- ``detection_precision/recall/f1``: does the coder find an event (with at least one actor,
  not negated) where the gold has one; sets without negatives only give recall;
- ``source_span`` / ``target_span``: the coder's source (target) mention overlaps a gold
  source (target) span, over gold events that have one;
- ``source_country`` / ``target_country``: the country (or ``IGO``) of the coder's actor
  equals a gold actor code.

Sets without a ``split`` field are split here, deterministically, by a hash of the record id
(``hash_split``): half the records are ``test``, the rest ``train`` (for the PLOVER GSR the
same halves as the actor stage's own evaluation, so its test half stays untouched). Nothing here is tuned
on a test split; the floors file only records what the test split scores.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geopol.errors import InputError, InputNotFound

# Legacy CAMEO country codes the benchmark gold uses where ISO 3166 differs.
_CAMEO_TO_ISO = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}


# --------------------------------------------------------------------------- metrics
@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float
    f1: float
    support: int


def accuracy(gold: Sequence[str], predicted: Sequence[str | None]) -> float:
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    if not gold:
        return 0.0
    return sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)


def per_class_prf(
    gold: Sequence[str], predicted: Sequence[str | None], labels: Iterable[str] | None = None
) -> dict[str, PRF]:
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    classes = sorted(set(gold)) if labels is None else list(labels)
    scores = {}
    for label in classes:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted, strict=True))
        scores[label] = _prf(tp, fp, fn)
    return scores


def _prf(tp: int, fp: int, fn: int) -> PRF:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1, tp + fn)


def macro_f1(
    gold: Sequence[str], predicted: Sequence[str | None], labels: Iterable[str] | None = None
) -> float:
    """Mean F1 over the gold classes (or ``labels``); a missing prediction is simply wrong."""
    scores = per_class_prf(gold, predicted, labels)
    return sum(s.f1 for s in scores.values()) / len(scores) if scores else 0.0


def detection_prf(gold: Sequence[bool], predicted: Sequence[bool]) -> PRF:
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    tp = sum(g and p for g, p in zip(gold, predicted, strict=True))
    fp = sum(p and not g for g, p in zip(gold, predicted, strict=True))
    fn = sum(g and not p for g, p in zip(gold, predicted, strict=True))
    return _prf(tp, fp, fn)


def spans_overlap(a: Sequence[int], b: Sequence[int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def normalise_country(code: str | None) -> str | None:
    if not code:
        return None
    code = code.upper()
    return _CAMEO_TO_ISO.get(code, code)


# plover_gsr_cameo_manual: the actor stage tuned its rules on the half whose id hash starts
# with 0-7 (tests/fixtures/actors/plover_gsr_split.json), so the test half here is the other.
_UPPER_HALF_IS_TEST = frozenset({"plover_gsr_cameo_manual"})


def hash_split(record_id: str, *, upper_is_test: bool = False) -> str:
    """``test`` or ``train`` from the SHA-256 of the id: stable across runs and machines.

    The lower half (first hex digit 0-7) is ``test`` unless ``upper_is_test``.
    """
    lower = int(hashlib.sha256(record_id.encode("utf-8")).hexdigest()[0], 16) < 8
    return "test" if lower != upper_is_test else "train"


# --------------------------------------------------------------------------- coder view
@dataclass(slots=True)
class ActorGuess:
    text: str
    start: int
    end: int
    country: str | None


@dataclass(slots=True)
class EventGuess:
    code: str
    plover: str
    penta: str
    modality: str
    source: ActorGuess | None
    target: ActorGuess | None


@dataclass(slots=True)
class Coding:
    """What the coder says about one benchmark text."""

    events: list[EventGuess]  # events with at least one actor (what ``geopol code`` outputs)
    label_event: EventGuess | None  # the first event, with or without actors: the label
    # penta class from the backup classifier when the rules find no trigger at all
    fallback_penta: str | None = None
    # every event, with or without actors, in sentence order
    all_events: list[EventGuess] = field(default_factory=list)

    def label_for(self, ontology: str) -> EventGuess | None:
        """The event that gives the sentence label: the first one; for PLOVER sets the
        first one PLOVER has a type for (a plain statement has none)."""
        if ontology == "PLOVER":
            typed = [e for e in self.all_events if e.plover]
            if typed:
                return typed[0]
        return self.label_event

    @property
    def detected(self) -> bool:
        """An event happened: a negated one ("did not attack") is never counted as one."""
        return any(event.modality != "negated" for event in self.events)


Coder = Callable[[str], Coding]


def _actor_country(mention: Any) -> str | None:
    """The country code the gold compares with: the first three letters of the mention's
    CAMEO actor code (a country, IGO, NGO, IMG ...), as the actor stage's own evaluation
    reads it, else the country of its actor (or IGO for an international body)."""
    from geopol.actors import get_actor

    cameo = getattr(mention, "cameo", None)
    if cameo and len(cameo) >= 3 and cameo[:3].isalpha():
        return str(cameo[:3])
    actor = get_actor(mention.actor_id)
    if actor is not None:
        if actor.country:
            return str(actor.country)
        if actor.type in ("igo", "coalition", "state_group"):
            return "IGO"
    return None


def default_coder(text: str, *, use_classifier: bool = True, use_parse: bool = True) -> Coding:
    """The production coder: geopol.actors mentions + the lexicon rules; the penta classifier
    labels sentences in which the rules find no trigger at all."""
    from geopol.actors import mentions_in_text
    from geopol.events import codes
    from geopol.events.classifier import default_model
    from geopol.events.coder import analyse, roles_ambiguous
    from geopol.events.parse import parse_text
    from geopol.events.sentence import has_event_cue

    mentions = mentions_in_text(text)
    placed = [(m.start, m.end, m) for m in mentions]
    coded = []
    if has_event_cue(text):
        coded = analyse(text, placed, require_actor=False)
        parse = parse_text(text) if use_parse and roles_ambiguous(coded) else None
        if parse is not None:
            coded = analyse(text, placed, require_actor=False, parse=parse)

    def guess(event: Any) -> EventGuess:
        def actor(span: Any) -> ActorGuess | None:
            if span is None:
                return None
            m = span.mention
            return ActorGuess(m.text, m.start, m.end, _actor_country(m))

        return EventGuess(
            event.code,
            codes.plover_type(event.code),
            codes.penta_class(event.code),
            event.modality,
            actor(event.source),
            actor(event.target),
        )

    guesses = [guess(e) for e in coded]
    with_actors = [g for g, e in zip(guesses, coded, strict=True) if e.actor_present]
    fallback = None
    if not guesses and use_classifier:
        model = default_model()
        fallback = model.predict(text)[0] if model is not None else None
    return Coding(with_actors, guesses[0] if guesses else None, fallback, guesses)


# --------------------------------------------------------------------------- results
@dataclass(slots=True)
class BenchmarkResult:
    dataset: str
    split: str
    records: int
    metrics: dict[str, float] = field(default_factory=dict)
    subsets: dict[str, dict[str, float]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "split": self.split,
            "records": self.records,
            "metrics": {k: round(v, 4) for k, v in self.metrics.items()},
            "subsets": {
                name: {k: round(v, 4) for k, v in values.items()}
                for name, values in self.subsets.items()
            },
            "notes": self.notes,
        }


def load_records(folder: Path) -> list[dict[str, Any]]:
    path = folder / "records.jsonl" if folder.is_dir() else folder
    if not path.exists():
        raise InputNotFound(f"no records.jsonl in {folder}", source=str(folder))
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def select_split(
    records: list[dict[str, Any]], split: str, dataset: str = ""
) -> tuple[list[dict[str, Any]], str]:
    """Records of one split and how the split was made (``field`` or ``hash``)."""
    if split == "all":
        return records, "all"
    if any("split" in r for r in records):
        return [r for r in records if r.get("split") == split], "field"
    upper = dataset in _UPPER_HALF_IS_TEST
    return [r for r in records if hash_split(r["id"], upper_is_test=upper) == split], "hash"


def _label_of(guess: EventGuess | None, ontology: str, fallback: str | None = None) -> str | None:
    if guess is None:
        return fallback if ontology == "CAMEO-penta-UTD" else None
    if ontology == "CAMEO-penta-UTD":
        return guess.penta
    if ontology == "PLOVER":
        return guess.plover or None
    if ontology in ("CAMEO-root", "CAMEO"):
        return guess.code[:2]
    return guess.code


def _role_scores(
    records: list[dict[str, Any]], codings: list[Coding], role: str
) -> tuple[float | None, float | None, int, int]:
    """(span overlap accuracy, country accuracy, n with span, n with code) for one role."""
    span_hits = span_total = code_hits = code_total = 0
    for record, coding in zip(records, codings, strict=True):
        if not record.get("expected"):
            continue
        gold = record["expected"][0]
        gold_actors = list(gold.get(role) or [])
        # reciprocal events put every actor in source: ours may be either role
        if gold.get("reciprocal"):
            gold_actors = list(gold.get("source") or []) + list(gold.get("target") or [])
        event = coding.label_for(str(record.get("ontology", "")))
        if event is not None and event.source is None and event.target is None and coding.events:
            event = coding.events[0]
        mine = None if event is None else (event.source if role == "source" else event.target)
        candidates = [mine]
        if gold.get("reciprocal") and event is not None:
            candidates = [event.source, event.target]
        spans = [a["span"] for a in gold_actors if a.get("span")]
        if spans:
            span_total += 1
            if any(
                c is not None and any(spans_overlap((c.start, c.end), s) for s in spans)
                for c in candidates
            ):
                span_hits += 1
        countries = {normalise_country(a.get("code")) for a in gold_actors if a.get("code")}
        countries.discard(None)
        if countries:
            code_total += 1
            if any(c is not None and normalise_country(c.country) in countries for c in candidates):
                code_hits += 1
    span = span_hits / span_total if span_total else None
    country = code_hits / code_total if code_total else None
    return span, country, span_total, code_total


def _gold_label(record: dict[str, Any], ontology: str) -> str | None:
    expected = record.get("expected") or []
    if not expected:
        return None
    code = expected[0].get("code")
    if code is None:
        return None  # actor-tagged only, no class
    if ontology == "PLOVER":
        return str(expected[0].get("code_plover_2023") or code)
    if ontology in ("CAMEO-root", "CAMEO"):
        return str(code)[:2]
    return str(code)


def score_records(
    name: str, split: str, records: list[dict[str, Any]], codings: list[Coding]
) -> BenchmarkResult:
    """All metrics of one benchmark split, given the coder's output for every record."""
    result = BenchmarkResult(name, split, len(records))
    if not records:
        result.notes.append("no records in this split")
        return result
    ontology = str(records[0].get("ontology", ""))
    labelled = [(r, c) for r, c in zip(records, codings, strict=True) if _gold_label(r, ontology)]
    if labelled:
        gold = [str(_gold_label(r, ontology)) for r, _ in labelled]
        if ontology == "CAMEO-root":
            # several consensus roots: the label is right when it is one of them
            predicted = [
                g
                if _label_of(c.label_for(ontology), ontology) in {str(x)[:2] for x in r["label"]}
                else _label_of(c.label_for(ontology), ontology)
                for (r, c), g in zip(labelled, gold, strict=True)
            ]
        else:
            predicted = [
                _label_of(c.label_for(ontology), ontology, c.fallback_penta) for _, c in labelled
            ]
        result.metrics["accuracy"] = accuracy(gold, predicted)
        result.metrics["macro_f1"] = macro_f1(gold, predicted)
        if ontology == "CAMEO-penta-UTD":
            manual = [i for i, (r, _) in enumerate(labelled) if r.get("in_cameo_manual")]
            other = [i for i, (r, _) in enumerate(labelled) if not r.get("in_cameo_manual")]
            for subset, idx in (("in_cameo_manual", manual), ("not_in_cameo_manual", other)):
                if idx:
                    g = [gold[i] for i in idx]
                    p = [predicted[i] for i in idx]
                    result.subsets[subset] = {
                        "records": float(len(idx)),
                        "accuracy": accuracy(g, p),
                        "macro_f1": macro_f1(g, p),
                    }
        if ontology == "CAMEO":
            full = [str(r["expected"][0]["code"]) for r, _ in labelled]
            mine = [c.label_event.code if c.label_event else None for _, c in labelled]
            result.metrics["full_code_accuracy"] = accuracy(full, mine)
    gold_events = [
        bool(r["relevant"]) if "relevant" in r else bool(r.get("expected")) for r in records
    ]
    found = [c.detected for c in codings]
    detection = detection_prf(gold_events, found)
    if all(gold_events):
        result.metrics["detection_recall"] = detection.recall
    else:
        result.metrics["detection_precision"] = detection.precision
        result.metrics["detection_recall"] = detection.recall
        result.metrics["detection_f1"] = detection.f1
    for role in ("source", "target"):
        span, country, _, _ = _role_scores(records, codings, role)
        if span is not None:
            result.metrics[f"{role}_span"] = span
        if country is not None:
            result.metrics[f"{role}_country"] = country
    return result


def _classifier_note() -> str:
    from geopol.events.classifier import default_model, model_path

    if default_model() is None:
        return "rules only (no user-trained penta classifier)"
    return f"with the user-trained penta classifier {model_path()} (GPL-3.0 training data)"


def evaluate_benchmark(
    folder: str | Path, *, split: str = "test", coder: Coder | None = None
) -> BenchmarkResult:
    """Run the coder over one benchmark folder's split and score it."""
    folder = Path(folder)
    records = load_records(folder)
    chosen, how = select_split(records, split, folder.name)
    languages = Counter(r.get("language", "en") for r in chosen)
    if chosen and languages.most_common(1)[0][0] != "en":
        raise InputError(
            f"{folder.name} is in {languages.most_common(1)[0][0]!r}; the coder reads English",
            source=str(folder),
        )
    run = coder or default_coder
    codings = [run(r["text"]) for r in chosen]
    result = score_records(folder.name, split, chosen, codings)
    if coder is None:
        result.notes.append(_classifier_note())
    if how == "hash":
        half = "8-f" if folder.name in _UPPER_HALF_IS_TEST else "0-7"
        result.notes.append(
            f"no split field: test = records whose SHA-256(id) starts with a hex digit {half}"
        )
    _add_untuned_subset(result, folder, split, chosen, codings)
    return result


# Sets whose train half the rules were tuned on, and the sets that share sentences with it:
# the CAMEO-manual sentences of the PLOVER GSR train half are also in the penta test split.
_SHARED_SENTENCES = {"conflibert_cameo_penta": "plover_gsr_cameo_manual"}


def _sentence_key(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def _add_untuned_subset(
    result: BenchmarkResult,
    folder: Path,
    split: str,
    records: list[dict[str, Any]],
    codings: list[Coding],
) -> None:
    """Scores on the records no rule was tuned on: those not in the train half of a set that
    shares sentences with this one (the honest figure for the penta test split)."""
    other = _SHARED_SENTENCES.get(folder.name)
    if other is None or split == "train" or not (folder.parent / other).is_dir():
        return
    tuned = {
        _sentence_key(r["text"])
        for r in select_split(load_records(folder.parent / other), "train", other)[0]
    }
    kept = [i for i, r in enumerate(records) if _sentence_key(r["text"]) not in tuned]
    if len(kept) == len(records):
        return
    clean = score_records(
        result.dataset, split, [records[i] for i in kept], [codings[i] for i in kept]
    )
    subset = {"records": float(len(kept))}
    subset.update({k: v for k, v in clean.metrics.items() if k in ("accuracy", "macro_f1")})
    result.subsets[f"not_in_{other}_train"] = subset
    result.notes.append(
        f"{len(records) - len(kept)} of these records are sentences of the {other} train "
        f"half the rules were tuned on; not_in_{other}_train leaves them out"
    )
