"""Evaluate geopol.dates on the hand-annotated date test set.

The test set (``tests/fixtures/dates/gold.jsonl``) holds, per line, a reference to a
sentence and its gold date: a benchmark record id (the text is read from
``../shared/benchmarks`` at run time, never stored in the repository), a character span of
a sample text in ``../shared/seeds``, or a sentence written for this test. The gold date is
the date of the sentence's main event as a reader can establish it from the sentence and
its anchor (the record's article date where the benchmark has one): ``value``/``end``/
``precision`` when the text dates it, ``value: null`` when it does not (``month_only`` when
it names a month without a year).

    .venv/bin/python benchmarks/eval_dates.py [--shared ../shared] [--errors] [--json]

Prints accuracy on dated sentences, correctness on undated ones, the number of invented
dates (a date given where the gold has none) and the parsing speed, and writes
``benchmarks/results/dates.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from geopol.dates import parse_date, parse_iso  # noqa: E402
from geopol.dates.grammar import find_all  # noqa: E402
from geopol.records import DateInfo  # noqa: E402

GOLD = ROOT / "tests" / "fixtures" / "dates" / "gold.jsonl"
RESULTS = ROOT / "benchmarks" / "results" / "dates.json"


def load_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _records(
    shared: Path, name: str, cache: dict[str, dict[str, dict[str, Any]]]
) -> dict[str, dict[str, Any]]:
    if name not in cache:
        path = shared / "benchmarks" / name / "records.jsonl"
        cache[name] = {
            record["id"]: record
            for record in map(json.loads, path.read_text(encoding="utf-8").splitlines())
        }
    return cache[name]


def _trigger(record: dict[str, Any]) -> tuple[int, int] | None:
    """The first gold event's trigger span, where the benchmark annotates one."""
    for event in record.get("expected") or []:
        span = event.get("event_span") or (event.get("event_spans") or [None])[0]
        if span:
            return (int(span[0]), int(span[1]))
    return None


def resolve_items(gold: list[dict[str, Any]], shared: Path) -> list[dict[str, Any]]:
    """Each gold line with its text, anchor and trigger span (None when not annotated)."""
    cache: dict[str, dict[str, dict[str, Any]]] = {}
    items = []
    for entry in gold:
        anchor: DateInfo | None = None
        near = None
        if entry["source"] == "benchmark":
            record = _records(shared, entry["set"], cache)[entry["id"]]
            text = record["text"]
            if entry.get("anchor") == "record" and record.get("date"):
                anchor = parse_iso(str(record["date"]))
            near = _trigger(record)
            key = f"{entry['set']}:{entry['id']}"
        elif entry["source"] == "seed":
            raw = (shared / "seeds" / entry["file"]).read_text(encoding="utf-8")
            text = raw[entry["start"] : entry["end"]]
            key = f"seed:{entry['file']}:{entry['start']}"
        else:
            text = entry["text"]
            key = f"written:{text[:40]}"
        if entry["source"] != "benchmark" and entry.get("anchor"):
            anchor = parse_iso(entry["anchor"])
        items.append({**entry, "key": key, "text": text, "anchor_info": anchor, "near": near})
    return items


def _dated(g: dict[str, Any]) -> bool:
    return bool(g.get("value") or g.get("end"))


def score(items: list[dict[str, Any]]) -> dict[str, Any]:
    totals: Counter[str] = Counter()
    by_source: dict[str, Counter[str]] = defaultdict(Counter)
    errors = []
    for item in items:
        gold = item["gold"]
        info = parse_date(item["text"], item["anchor_info"], near=item["near"])
        got = {
            "value": info.value if info else None,
            "end": info.end if info else None,
            "precision": info.precision if info else None,
            "month_only": info.month_only if info else None,
            "text": info.text if info else None,
        }
        source = item.get("set") or item["source"]
        if _dated(gold):
            exact = (got["value"], got["end"], got["precision"]) == (
                gold["value"],
                gold["end"],
                gold["precision"],
            )
            start_ok = got["value"] == gold["value"] and got["precision"] == gold["precision"]
            totals["dated"] += 1
            totals["dated_exact"] += exact
            totals["dated_start"] += start_ok
            totals["dated_missed"] += not _dated(got)
            by_source[source]["dated"] += 1
            by_source[source]["dated_exact"] += exact
            ok = exact
        else:
            invented = _dated(got)
            totals["undated"] += 1
            totals["undated_correct"] += not invented
            totals["invented"] += invented
            by_source[source]["undated"] += 1
            by_source[source]["invented"] += invented
            ok = not invented
            if gold.get("month_only"):
                totals["month_only"] += 1
                totals["month_only_correct"] += got["month_only"] == gold["month_only"]
        if not ok:
            errors.append({"key": item["key"], "gold": gold, "got": got})
    return {
        "totals": dict(totals),
        "by_source": {k: dict(v) for k, v in by_source.items()},
        "errors": errors,
    }


def time_mentions(shared: Path) -> dict[str, Any]:
    """Detection of time expressions against the spans four annotators marked
    (cameo_conflibert_multiannotator): an outside check, not annotated by us. Only
    sentences some annotator found relevant count (the others got no time marks). A
    found date counts when it overlaps a span any annotator marked as a time."""
    path = shared / "benchmarks" / "cameo_conflibert_multiannotator" / "records.jsonl"
    found_total = found_hit = gold_total = gold_hit = 0
    quiet = quiet_alarms = 0
    for record in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
        if not any(annotation.get("relevant") for annotation in record["annotations"]):
            continue  # annotators marked times only in sentences they found relevant
        gold = {
            (int(t["span"][0]), int(t["span"][1]))
            for annotation in record["annotations"]
            for t in annotation["times"]
        }
        found = [(f.start, f.end) for f in find_all(record["text"]) if not f.adjectival]

        def overlaps(a: tuple[int, int], spans: object) -> bool:
            return any(a[0] < b[1] and b[0] < a[1] for b in spans)  # type: ignore[attr-defined]

        found_total += len(found)
        found_hit += sum(overlaps(f, gold) for f in found)
        gold_total += len(gold)
        gold_hit += sum(overlaps(g, found) for g in gold)
        if not gold:
            quiet += 1
            quiet_alarms += bool(found)
    return {
        "found": found_total,
        "precision": round(found_hit / max(1, found_total), 4),
        "gold_spans": gold_total,
        "recall": round(gold_hit / max(1, gold_total), 4),
        "sentences_without_time": quiet,
        "of_which_we_found_a_date": quiet_alarms,
    }


def speed(shared: Path, limit: int = 3000) -> dict[str, Any]:
    """Sentences per second of the uncached parser over benchmark sentences (one core)."""
    texts: list[str] = []
    for name in ("conflibert_cameo_penta", "spanish_protest_plover", "arabic_event_gsr"):
        path = shared / "benchmarks" / name / "records.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines()[: limit // 3]:
            texts.append(json.loads(line)["text"])
    anchor = parse_iso("2020-06-15")
    find_all(texts[0], anchor)  # compile the patterns outside the timing
    start = time.perf_counter()
    for text in texts:
        find_all(text, anchor)
    seconds = time.perf_counter() - start
    chars = sum(len(t) for t in texts)
    return {
        "sentences": len(texts),
        "seconds": round(seconds, 3),
        "sentences_per_second": round(len(texts) / seconds),
        "mean_chars": round(chars / len(texts)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--errors", action="store_true", help="print every mistake")
    parser.add_argument("--json", action="store_true", help="print the result JSON")
    args = parser.parse_args()
    if not (args.shared / "benchmarks").is_dir():
        sys.exit(f"no benchmarks under {args.shared}")

    items = resolve_items(load_gold(), args.shared)
    result = score(items)
    result["time_mentions"] = time_mentions(args.shared)
    result["speed"] = speed(args.shared)
    t = result["totals"]
    result["summary"] = {
        "sentences": len(items),
        "dated": t.get("dated", 0),
        "undated": t.get("undated", 0),
        "dated_accuracy": round(t.get("dated_exact", 0) / max(1, t.get("dated", 0)), 4),
        "dated_start_accuracy": round(t.get("dated_start", 0) / max(1, t.get("dated", 0)), 4),
        "dated_missed": t.get("dated_missed", 0),
        "undated_accuracy": round(t.get("undated_correct", 0) / max(1, t.get("undated", 0)), 4),
        "invented_dates": t.get("invented", 0),
        "month_only_accuracy": round(
            t.get("month_only_correct", 0) / max(1, t.get("month_only", 0)), 4
        ),
        "overall_accuracy": round(
            (t.get("dated_exact", 0) + t.get("undated_correct", 0)) / max(1, len(items)), 4
        ),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    if args.errors:
        for error in result["errors"]:
            print(json.dumps(error, ensure_ascii=False))
    s, sp = result["summary"], result["speed"]
    print(f"sentences {s['sentences']}: {s['dated']} dated, {s['undated']} undated")
    print(f"dated accuracy (value, end, precision exact): {s['dated_accuracy']:.3f}")
    print(f"dated accuracy (start and precision):         {s['dated_start_accuracy']:.3f}")
    print(f"dated sentences left without a date:          {s['dated_missed']}")
    print(f"undated correctly left undated:               {s['undated_accuracy']:.3f}")
    print(f"invented dates (date given, gold has none):   {s['invented_dates']}")
    print(f"month kept for month-only sentences:          {s['month_only_accuracy']:.3f}")
    print("by source:")
    for source, counts in sorted(result["by_source"].items()):
        print(f"  {source:28s} {counts}")
    tm = result["time_mentions"]
    print(
        f"outside check, time mentions of 4 annotators (cameo_conflibert_multiannotator): "
        f"precision {tm['precision']:.3f}, recall {tm['recall']:.3f} "
        f"({tm['gold_spans']} marked spans; a date found in {tm['of_which_we_found_a_date']} "
        f"of {tm['sentences_without_time']} sentences nobody marked)"
    )
    print(
        f"speed: {sp['sentences_per_second']} sentences/s on one core "
        f"({sp['sentences']} sentences, mean {sp['mean_chars']} chars, uncached)"
    )
    print(f"written {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
