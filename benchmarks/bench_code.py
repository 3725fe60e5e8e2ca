"""Throughput of the sentence coder (``geopol code``) and what its prefilter saves.

Reads the English benchmark sentences from ``../shared/benchmarks`` at run time (never
copied), writes them to a temporary JSONL file and times ``geopol code``'s own code path
(``geopol.events.code_json_lines``: actors + events + parse where roles are unclear + JSON)
over it, in one process and in two. Other sessions share this machine, so besides wall-clock
rates it records the CPU seconds the coder itself used and the load average. Also measures the prefilter ``has_event_cue``: the share of sentences it lets
through, its speed, and the gold-event sentences it would wrongly skip. Usage::

    .venv/bin/python benchmarks/bench_code.py [--repeat 3] [--json benchmarks/results/code.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from geopol.events import has_event_cue
from geopol.events.parse import role_parser
from geopol.events.sentence import code_json_batches

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT.parent / "shared" / "benchmarks"
SETS = ("conflibert_cameo_penta", "cameo_conflibert_multiannotator", "plover_gsr_cameo_manual")


def load_sentences() -> list[tuple[str, bool]]:
    """(text, gold says it holds an event) for every English benchmark sentence."""
    rows = []
    for name in SETS:
        path = BENCHMARKS / name / "records.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            gold = record["relevant"] if "relevant" in record else bool(record.get("expected"))
            rows.append((record["text"], bool(gold)))
    return rows


def _code_lines(lines: list[str]) -> tuple[int, float]:
    """(sentences coded, CPU seconds this process spent on them)."""
    start = time.process_time()
    count = sum(len(rows) for rows in code_json_batches(lines))
    return count, time.process_time() - start


def time_coder(lines: list[str], workers: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds summed over the workers) to code all lines; a warm-up run
    loads gazetteers, lexicon and parser first."""
    _code_lines(lines[:50])
    if workers == 1:
        start = time.perf_counter()
        _, cpu = _code_lines(lines)
        return time.perf_counter() - start, cpu
    chunk = max(1, len(lines) // (workers * 4))
    parts = [lines[i : i + chunk] for i in range(0, len(lines), chunk)]
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_code_lines, [lines[:50]] * workers))  # warm every worker
        start = time.perf_counter()
        done = list(pool.map(_code_lines, parts))
        return time.perf_counter() - start, sum(cpu for _, cpu in done)


def parse_share(sentences: list[tuple[str, bool]]) -> float:
    """The share of sentences whose roles are left open by word order (and get parsed)."""
    from geopol.actors import mentions_in_text
    from geopol.events.coder import analyse, roles_ambiguous

    parsed = 0
    for text, _ in sentences:
        if has_event_cue(text):
            placed = [(m.start, m.end, m) for m in mentions_in_text(text)]
            parsed += roles_ambiguous(analyse(text, placed))
    return parsed / len(sentences)


def run(repeat: int) -> dict[str, Any]:
    sentences = load_sentences()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.jsonl"
        path.write_text(
            "".join(
                json.dumps({"id": str(i), "text": t}) + "\n" for i, (t, _) in enumerate(sentences)
            ),
            encoding="utf-8",
        )
        lines = path.read_text(encoding="utf-8").splitlines()
    result: dict[str, Any] = {
        "sentences": len(lines),
        "source": "English benchmark sentences: " + ", ".join(SETS),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "parser": "on" if role_parser() is not None else "off (GEOPOL_EVENT_PARSE=0 or no model)",
        "share_parsed": round(parse_share(sentences), 4),
        "load_average_before": round(os.getloadavg()[0], 2),
    }
    for workers in (1, 2):
        timings = [time_coder(lines, workers) for _ in range(repeat)]
        wall, cpu = min(timings)
        result[f"sentences_per_second_{workers}_process"] = round(len(lines) / wall, 1)
        # CPU time is what the coder costs whatever else the machine runs: with two free
        # cores, two processes code ``2 x sentences_per_cpu_second`` a second.
        result[f"sentences_per_cpu_second_{workers}_process"] = round(len(lines) / cpu, 1)
    result["load_average_after"] = round(os.getloadavg()[0], 2)
    start = time.perf_counter()
    passed = [has_event_cue(text) for text, _ in sentences]
    cue_seconds = time.perf_counter() - start
    gold_events = [p for (_, gold), p in zip(sentences, passed, strict=True) if gold]
    no_events = [p for (_, gold), p in zip(sentences, passed, strict=True) if not gold]
    result["prefilter"] = {
        "share_passed": round(sum(passed) / len(passed), 4),
        "share_skipped_of_no_event_sentences": round(1 - sum(no_events) / len(no_events), 4)
        if no_events
        else None,
        "recall_on_gold_event_sentences": round(sum(gold_events) / len(gold_events), 4),
        "sentences_per_second": round(len(sentences) / cue_seconds, 1),
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "code.json")
    args = parser.parse_args()
    if not BENCHMARKS.is_dir():
        sys.exit(f"benchmarks not found at {BENCHMARKS}")
    result = run(args.repeat)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
