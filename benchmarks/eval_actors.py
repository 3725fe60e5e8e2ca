"""Precision and recall of actor resolution (id level).

Two test sets:

1. ``tests/fixtures/actors/own_annotated.jsonl``: short documents written by the geopol
   developers, every actor mention annotated with the id we expect (states, groups,
   persons, populations, coreference, unnamed attackers -> UNKNOWN). Run through
   ``resolve_document`` with the document date, so roles and coreference are scored.
2. ``plover_gsr_cameo_manual`` from ``../shared/benchmarks`` (read at run time, never copied):
   gold source/target actors with spans and CAMEO country codes. The records are split in
   two halves by a hash of their id (``tests/fixtures/actors/plover_gsr_split.json``): rules
   were tuned on ``dev`` only; ``test`` is reported untouched. The GSR annotates only the
   actors of one event per sentence, so precision there counts only predictions that
   overlap a gold actor span.

A gold mention counts as found when a predicted mention overlapping its span has the same
id (own set) or the same country code (GSR). Usage::

    .venv/bin/python benchmarks/eval_actors.py [--ner] [--json benchmarks/results/actors.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from geopol.actors import get_actor, mentions_in_text, resolve_document
from geopol.records import Document, Mention, OffsetMap, Sentence, content_id

ROOT = Path(__file__).resolve().parents[1]
OWN = ROOT / "tests" / "fixtures" / "actors" / "own_annotated.jsonl"
SPLIT = ROOT / "tests" / "fixtures" / "actors" / "plover_gsr_split.json"
GSR = ROOT.parent / "shared" / "benchmarks" / "plover_gsr_cameo_manual" / "records.jsonl"
# Old CAMEO country codes used in the GSR for states whose ISO code differs.
GSR_CODE_FIXES = {"JAP": "JPN", "ITL": "ITA"}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def _scores(tp_gold: int, n_gold: int, tp_pred: int, n_pred: int) -> dict[str, Any]:
    precision, recall = _ratio(tp_pred, n_pred), _ratio(tp_gold, n_gold)
    f1 = None
    if precision and recall:
        f1 = round(2 * precision * recall / (precision + recall), 4)
    return {"precision": precision, "recall": recall, "f1": f1, "gold": n_gold,
            "predicted": n_pred}  # fmt: skip


# ---------------------------------------------------------------------- own set


def _own_document(item: dict[str, Any]) -> tuple[Document, list[Sentence]]:
    text = " ".join(item["sentences"])
    doc = Document(id=content_id(text), source=item["id"], raw_text=text, clean_text=text,
                   offsets=OffsetMap.identity(len(text)), published=item["when"])  # fmt: skip
    sentences, pos = [], 0
    for i, sentence in enumerate(item["sentences"]):
        sentences.append(Sentence(doc.id, i, pos, pos + len(sentence), sentence, pos,
                                  pos + len(sentence)))  # fmt: skip
        pos += len(sentence) + 1
    return doc, sentences


def evaluate_own(ner: bool) -> dict[str, Any]:
    items = [json.loads(line) for line in OWN.read_text(encoding="utf-8").splitlines() if line]
    n_gold = tp_gold = n_pred = tp_pred = 0
    cameo_total = cameo_ok = 0
    errors: list[dict[str, Any]] = []
    by_resolution: Counter[str] = Counter()
    by_resolution_ok: Counter[str] = Counter()
    started = time.perf_counter()
    for item in items:
        doc, sentences = _own_document(item)
        mentions, _ = resolve_document(doc, sentences, ner=ner)
        offsets = [s.start for s in sentences]
        gold = [
            (offsets[g["sentence"]] + g["start"], offsets[g["sentence"]] + g["end"], g)
            for g in item["gold"]
        ]
        for start, end, g in gold:
            if g["actor"] is None:
                continue
            n_gold += 1
            hits = [m for m in mentions if _overlaps((m.start, m.end), (start, end))]
            right = [m for m in hits if m.actor_id == g["actor"]]
            if right:
                tp_gold += 1
                if g["cameo"]:
                    cameo_total += 1
                    cameo_ok += any(m.cameo == g["cameo"] for m in right)
            else:
                errors.append({"doc": item["id"], "gold": g["text"], "expected": g["actor"],
                               "got": [m.actor_id for m in hits]})  # fmt: skip
        for m in mentions:
            covering = [g for start, end, g in gold if _overlaps((m.start, m.end), (start, end))]
            if covering and all(g["actor"] is None for g in covering):
                continue  # a span the annotation leaves open
            n_pred += 1
            by_resolution[m.resolution] += 1
            if any(g["actor"] == m.actor_id for g in covering):
                tp_pred += 1
                by_resolution_ok[m.resolution] += 1
            else:
                errors.append({"doc": item["id"], "predicted": m.text, "got": m.actor_id,
                               "expected": [g["actor"] for g in covering]})  # fmt: skip
    elapsed = time.perf_counter() - started
    result = _scores(tp_gold, n_gold, tp_pred, n_pred)
    result.update(
        documents=len(items),
        cameo_accuracy_on_found=_ratio(cameo_ok, cameo_total),
        cameo_checked=cameo_total,
        precision_by_resolution={
            r: {"predicted": n, "precision": _ratio(by_resolution_ok[r], n)}
            for r, n in sorted(by_resolution.items())
        },
        seconds=round(elapsed, 3),
        errors=errors,
    )
    return result


# ---------------------------------------------------------------------- PLOVER GSR


def _gold_code(actor: dict[str, Any]) -> str | None:
    code = actor.get("code")
    if not code or code in ("***", "---"):
        return None
    code = code[:3]
    return GSR_CODE_FIXES.get(code, code)


def predicted_code(mention: Mention, when: str | None = None) -> str | None:
    """The GSR-comparable code of a mention: the first three letters of its CAMEO code
    (a country, IGO, NGO or IMG), else the country of its actor."""
    if mention.cameo and len(mention.cameo) >= 3:
        return mention.cameo[:3]
    actor = get_actor(mention.actor_id)
    return actor.country if actor is not None else None


def gsr_split() -> dict[str, list[str]]:
    return json.loads(SPLIT.read_text(encoding="utf-8"))


def evaluate_gsr(split: str, ner: bool) -> dict[str, Any] | None:
    if not GSR.is_file():
        return None
    wanted = set(gsr_split()[split])
    n_gold = tp_gold = n_pred = tp_pred = 0
    sector_total = sector_ok = 0
    errors: list[dict[str, Any]] = []
    sentences = 0
    started = time.perf_counter()
    for line in GSR.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"] not in wanted:
            continue
        sentences += 1
        mentions = mentions_in_text(record["text"], when=None, ner=ner)
        gold = []
        for event in record["expected"]:
            for actor in event.get("source", []) + event.get("target", []):
                code = _gold_code(actor)
                if code and actor.get("span"):
                    gold.append((tuple(actor["span"]), code, (actor.get("sector") or "")[:3]))
        gold = list(dict.fromkeys(gold))
        for span, code, sector in gold:
            n_gold += 1
            hits = [m for m in mentions if _overlaps((m.start, m.end), span)]
            right = [m for m in hits if predicted_code(m, None) == code]
            if right:
                tp_gold += 1
                if sector and sector.isupper():
                    sector_total += 1
                    sector_ok += any((m.cameo or "")[3:6] == sector for m in right)
            else:
                errors.append({"id": record["id"], "span": list(span), "expected": code,
                               "got": [predicted_code(m, None) for m in hits]})  # fmt: skip
        for m in mentions:
            covering = [g for g in gold if _overlaps((m.start, m.end), g[0])]
            if not covering:
                continue
            n_pred += 1
            if any(predicted_code(m, None) == code for _, code, _ in covering):
                tp_pred += 1
    elapsed = time.perf_counter() - started
    result = _scores(tp_gold, n_gold, tp_pred, n_pred)
    result.update(
        split=split,
        sentences=sentences,
        sector_accuracy_on_found=_ratio(sector_ok, sector_total),
        sector_checked=sector_total,
        seconds=round(elapsed, 3),
        ms_per_sentence=round(1000 * elapsed / sentences, 3) if sentences else None,
        errors=errors,
    )
    return result


THROUGHPUT_SETS = (
    "conflibert_cameo_penta",
    "cameo_codebook_examples",
    "plover_gsr_cameo_manual",
    "cameo_conflibert_multiannotator",
)


def measure_throughput(repeats: int = 3) -> dict[str, Any] | None:
    """Sentences per second of ``mentions_in_text`` (no NER) over the English benchmark
    sentences, best of ``repeats`` passes, one process."""
    texts: list[str] = []
    for name in THROUGHPUT_SETS:
        path = GSR.parents[1] / name / "records.jsonl"
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                if record.get("language", "en") == "en":
                    texts.append(record["text"])
    if not texts:
        return None
    mentions_in_text("Warm-up: load the gazetteer and build the automaton.")
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for text in texts:
            mentions_in_text(text, when="2020-01-01")
        best = min(best, time.perf_counter() - started)
    return {"sentences": len(texts), "seconds": round(best, 3),
            "sentences_per_second": round(len(texts) / best),
            "ms_per_sentence": round(1000 * best / len(texts), 3)}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ner", action="store_true", help="also run spaCy NER")
    parser.add_argument("--split", default="test", choices=["dev", "test"],
                        help="GSR half to score (tune on dev only)")  # fmt: skip
    parser.add_argument(
        "--json", type=Path, default=ROOT / "benchmarks" / "results" / "actors.json"
    )
    parser.add_argument("--errors", action="store_true", help="print the errors")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {"ner": args.ner, "own": evaluate_own(args.ner)}
    gsr = evaluate_gsr(args.split, args.ner)
    if gsr is not None:
        report["plover_gsr"] = gsr
    throughput = measure_throughput()
    if throughput is not None:
        report["throughput"] = throughput
    summary = {
        name: {k: v for k, v in part.items() if k != "errors"} if isinstance(part, dict) else part
        for name, part in report.items()
    }
    print(json.dumps(summary, indent=2))
    if args.errors:
        for name, part in report.items():
            if isinstance(part, dict):
                for error in part.get("errors", []):
                    print(name, json.dumps(error, ensure_ascii=False))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
