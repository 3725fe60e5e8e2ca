"""Throughput of the sentence coder (``geopol code``) and what its prefilter saves.

Reads the English benchmark sentences from ``../shared/benchmarks`` at run time (never
copied), writes them to a temporary JSONL file and times ``geopol code``'s own code path
(``geopol.events.code_json_lines``: actors + events + parse where roles are unclear + JSON)
over it, in one process and in two. Other sessions share this machine, so besides wall-clock
rates it records the CPU seconds the coder itself used and the load average. Also measures the prefilter ``has_event_cue``: the share of sentences it lets
through, its speed, and the gold-event sentences it would wrongly skip. Usage::

    .venv/bin/python benchmarks/bench_code.py [--repeat 3] [--no-parse]
        [--json benchmarks/results/code.json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Iterator
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


def strict_prefilter(sentences: list[tuple[str, bool]], lines: list[str]) -> dict[str, Any]:
    """The prefilter the scale issue names: code only sentences with an actor mention and an
    event cue other than a reporting verb. Not the coder's default (it drops statements,
    CAMEO 01); measured here: the share it passes, its recall on gold event sentences, the
    events of the coder's own output it keeps and the CPU it saves in one process."""
    from geopol.actors import mentions_in_text
    from geopol.bench import action_cues
    from geopol.events.tokens import words

    actions = action_cues()
    passed = [
        any(w in actions for w in words(text)) and bool(mentions_in_text(text))
        for text, _ in sentences
    ]
    gold = [p for (_, g), p in zip(sentences, passed, strict=True) if g]
    kept_lines = [line for line, p in zip(lines, passed, strict=True) if p]
    timings = {}
    for name, subset in (("all", lines), ("strict", kept_lines)):
        start = time.process_time()
        events = sum(len(row["events"]) for rows in code_json_batches(subset) for row in rows)
        timings[name] = (events, time.process_time() - start)
    return {
        "share_passed": round(sum(passed) / len(passed), 4),
        "recall_on_gold_event_sentences": round(sum(gold) / len(gold), 4),
        "events_kept": f"{timings['strict'][0]}/{timings['all'][0]}",
        "cpu_seconds_all": round(timings["all"][1], 2),
        "cpu_seconds_strict": round(timings["strict"][1], 2),
    }


def rates(lines: list[str], repeat: int) -> dict[str, float]:
    """Sentences per second (wall) and per CPU second, in one process and in two; the
    fastest of ``repeat`` runs."""
    out = {}
    for workers in (1, 2):
        timings = [time_coder(lines, workers) for _ in range(repeat)]
        wall, cpu = min(timings)
        out[f"sentences_per_second_{workers}_process"] = round(len(lines) / wall, 1)
        # CPU time is what the coder costs whatever else the machine runs: with two free
        # cores, two processes code ``2 x sentences_per_cpu_second`` a second.
        out[f"sentences_per_cpu_second_{workers}_process"] = round(len(lines) / cpu, 1)
    return out


@contextlib.contextmanager
def _no_parse() -> Iterator[None]:
    """GEOPOL_EVENT_PARSE=0 for this process and the worker processes it starts (forked
    workers inherit the cached parser, so the cache is cleared too)."""
    saved = os.environ.get("GEOPOL_EVENT_PARSE")
    os.environ["GEOPOL_EVENT_PARSE"] = "0"
    role_parser.cache_clear()
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("GEOPOL_EVENT_PARSE", None)
        else:
            os.environ["GEOPOL_EVENT_PARSE"] = saved
        role_parser.cache_clear()


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
    result.update(rates(lines, repeat))
    if role_parser() is not None:
        # the same without the role parse (GEOPOL_EVENT_PARSE=0), for comparison
        with _no_parse():
            result["without_parse"] = rates(lines, repeat)
    result["load_average_after"] = round(os.getloadavg()[0], 2)
    result["strict_prefilter"] = strict_prefilter(sentences, lines)
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
    parser.add_argument(
        "--no-parse",
        action="store_true",
        help="time the coder without the role parse (GEOPOL_EVENT_PARSE=0)",
    )
    args = parser.parse_args()
    if not BENCHMARKS.is_dir():
        sys.exit(f"benchmarks not found at {BENCHMARKS}")
    if args.no_parse:  # read by the parser on first use, here and in the worker processes
        os.environ["GEOPOL_EVENT_PARSE"] = "0"
    result = run(args.repeat)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
