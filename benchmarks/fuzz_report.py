"""A long fuzz run of every parser and stage entry point, and adversarial inputs measured.

    .venv/bin/python benchmarks/fuzz_report.py [--examples 1000] [--only NAME ...]
        [--no-adversarial] [--out benchmarks/results/fuzz.json]

Fuzzing: the targets of ``tests/test_fuzz.py`` (a hypothesis strategy and a ``check_*``
function each: readers, clean, segment, dates, the sentence coder, the ``geopol code``
line reader and command, ask, the whole pipeline with its offset property and the store)
run with ``--examples`` examples each instead of the handful the test suite uses. For
each target the report gives the cases run (every call of the check, shrinking
included), the seconds, and every failure: the error and the smallest input hypothesis
found for it. ``crashes_found`` is the number of failures over all targets.

Adversarial inputs: each runs in a child process of its own, so its peak memory
(``ru_maxrss``) is its own: a 1 MB single line through the whole pipeline, a 200 kB line
dense with triggers, 10,000 actor mentions in one sentence, the sentence coder on one
line of 40,000 names, 50,000 levels of nested
HTML, gzip bombs in ``.html.gz``, ``.jsonl.gz`` and ``.txt.gz``, and a PDF whose content
stream inflates to 500 MB. Each reports its outcome (documents, or the skip code and
reason), seconds and peak memory.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

import hypothesis  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402

# Crashes the fuzzing found while issue 12 was worked on; each has a regression test.
FIXED = [
    {
        "crash": "geopol code: UnicodeDecodeError on input bytes that are not UTF-8, "
        "UnicodeEncodeError writing an id with a lone surrogate escape",
        "test": "test_geopol_code_reads_invalid_utf8_and_writes_lone_surrogates",
    },
    {
        "crash": "geopol ingest: JSONL lone surrogate escapes reached DuckDB "
        "(InvalidInputException, the whole ingest stopped) and spaCy (GP200)",
        "test": "test_jsonl_lone_surrogate_escapes_are_replaced_and_the_store_takes_them",
    },
    {
        "crash": ".jsonl.gz bomb: one 1.5 GB line read whole (3 GB of memory) before "
        "it was refused",
        "test": "test_jsonl_gzip_bomb_line_is_refused_in_bounded_memory",
    },
    {
        "crash": "a streamed text file of only blanks yielded nothing (vanished from the "
        "batch without a reason)",
        "test": "test_large_blank_text_file_is_reported_empty_not_dropped",
    },
    {
        "crash": "a corrupt .gz file raised zlib.error out of read_file and stopped the "
        "whole ingest",
        "test": "test_corrupt_gzip_is_a_skip_not_a_crash",
    },
    {
        "crash": "slow path: one sentence of 10,000+ names was quadratic in the actor "
        "stage's overlap check (actors.matcher._longest_first)",
        "test": "test_many_names_in_one_sentence_are_matched_in_n_log_n",
    },
    {
        "crash": "slow path: laying mentions over the dependency parse scanned every mention "
        "for every word (events.parse.ParsedRoles)",
        "test": "test_parsed_roles_of_a_sentence_with_thousands_of_names_are_fast",
    },
    {
        "crash": "slow path: actors.context.inside_person_name copied the text before and "
        "after every name (quadratic)",
        "test": "test_person_name_check_does_not_copy_the_sentence_per_name",
    },
    {
        "crash": "slow path: geopol code on a line of 40,000 names took 160 s walking the "
        "dependency tree of a 'sentence' of 200,000 words",
        "test": "test_code_text_on_a_line_of_forty_thousand_names_finishes",
    },
]


# --------------------------------------------------------------------------- fuzzing
def _signature(error: BaseException) -> tuple[str, str]:
    """An error's type and the line that raised it: how one failure is told from another."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return type(error).__name__, where


def run_target(strategy: Any, check: Callable[[Any], None], examples: int) -> dict[str, Any]:
    calls = 0
    failing: dict[tuple[str, str], str] = {}  # (error type, where) -> the latest input

    def counted(value: Any) -> None:
        nonlocal calls
        calls += 1
        try:
            check(value)
        except BaseException as exc:
            failing[_signature(exc)] = repr(value)[:1000]  # the smallest is replayed last
            raise

    test = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )(given(strategy)(counted))
    started = time.perf_counter()
    failures: list[dict[str, str]] = []
    try:
        test()
    except BaseException as exc:
        errors = list(exc.exceptions) if isinstance(exc, BaseExceptionGroup) else [exc]
        for error in errors:
            kind, where = _signature(error)
            failures.append(
                {
                    "error": f"{kind}: {str(error)[:500]}",
                    "at": where,
                    "example": failing.get((kind, where), ""),
                }
            )
    return {"examples": examples, "cases": calls,
            "seconds": round(time.perf_counter() - started, 1), "failures": failures}  # fmt: skip


def fuzz(examples: int, only: list[str]) -> dict[str, Any]:
    import test_fuzz

    results: dict[str, Any] = {}
    for name, (strategy, check) in test_fuzz.TARGETS.items():
        if only and name not in only:
            continue
        print(f"fuzz {name}: {examples} examples ...", file=sys.stderr, flush=True)
        results[name] = run_target(strategy, check, examples)
        print(f"  {results[name]}", file=sys.stderr, flush=True)
    return results


# --------------------------------------------------------------------------- adversarial
def _outcome(items: list[Any]) -> dict[str, Any]:
    from geopol.records import Document

    docs = [i for i in items if isinstance(i, Document)]
    skips = [{"code": i.code, "reason": i.reason} for i in items if not isinstance(i, Document)]
    return {"documents": len(docs), "skipped": skips}


def _pipeline(text: str) -> dict[str, Any]:
    import test_fuzz
    from geopol.pipeline import process_document
    from geopol.records import Processed

    result = process_document(test_fuzz._document(text))
    if not isinstance(result, Processed):
        return {"skipped": {"code": result.code, "reason": result.reason}}
    test_fuzz.assert_offsets_exact(result)  # raises if any offset is wrong
    return {"characters": len(text), "sentences": len(result.sentences),
            "mentions": len(result.mentions), "events": len(result.events),
            "relations": len(result.relations), "offsets_exact": True}  # fmt: skip


def _read(folder: Path, name: str, data: bytes | None = None) -> dict[str, Any]:
    from geopol.ingest import read_file

    path = folder / name
    if data is not None:
        path.write_bytes(data)
    return {"file_bytes": path.stat().st_size, **_outcome(list(read_file(path)))}


def adversarial_case(name: str) -> dict[str, Any]:
    import test_fuzz as tf

    folder = Path(tempfile.mkdtemp())
    if name == "line_1mb_pipeline":
        return _pipeline(tf._prose(1_000_000)[:1_000_000])
    if name == "dense_trigger_line_200kb":
        return _pipeline(("Kenya attacked Ethiopia and " * 8000)[:200_000])
    if name == "mentions_10k_one_sentence":
        names = ["Kenya", "Ethiopia", "Brazil", "Japan", "Mali", "Colombia", "Indonesia"]
        text = "Delegates from " + ", ".join(names[i % len(names)] for i in range(10_000))
        return _pipeline(text + " met in Geneva and signed an agreement on 3 May 2021.")
    if name == "code_text_40k_names":
        from geopol.events import code_text

        names = ["Kenya", "Ethiopia", "Brazil", "Japan", "Mali", "Colombia", "Indonesia"]
        text = "Delegates from " + ", ".join(names[i % len(names)] for i in range(40_000))
        events = code_text(text + " met in Geneva and signed an agreement.")
        return {"characters": len(text), "events": len(events)}
    if name == "nested_html_50k":
        depth = 50_000
        page = ("<html><body>" + "<div><span>" * depth + " ".join(tf.OWN_SENTENCES)
                + "</span></div>" * depth + "</body></html>")  # fmt: skip
        return _read(folder, "nested.html", page.encode())
    if name == "html_gz_bomb_1500mb":
        tf._gzip_repeat(folder / "page.html.gz", b"<html><body><p>", b" ", 1500 << 20, b"</p>")
        return _read(folder, "page.html.gz")
    if name == "jsonl_gz_bomb_1500mb_line":
        tf._gzip_repeat(folder / "feed.jsonl.gz", b'{"text": "', b"a", 1500 << 20, b'"}\n')
        return _read(folder, "feed.jsonl.gz")
    if name == "txt_gz_bomb_1gb_blank":
        tf._gzip_repeat(folder / "notes.txt.gz", b"", b" \n", 1 << 30)
        return _read(folder, "notes.txt.gz")
    if name == "pdf_stream_bomb_500mb":
        stream = tf._compressed_stream(b"BT /F1 12 Tf 72 700 Td (Kenya met Ethiopia.) Tj ET\n",
                                       b" ", 500 << 20)  # fmt: skip
        return _read(folder, "bomb.pdf", tf.make_pdf("", stream=stream))
    raise SystemExit(f"unknown adversarial case {name!r}")


ADVERSARIAL = [
    "line_1mb_pipeline",
    "dense_trigger_line_200kb",
    "mentions_10k_one_sentence",
    "code_text_40k_names",
    "nested_html_50k",
    "html_gz_bomb_1500mb",
    "jsonl_gz_bomb_1500mb_line",
    "txt_gz_bomb_1gb_blank",
    "pdf_stream_bomb_500mb",
]


def run_adversarial_child(name: str) -> None:
    """In the child: run one case, print its result with seconds and peak memory."""
    started = time.perf_counter()
    try:
        result = adversarial_case(name)
    except Exception as exc:  # a crash is a result to report, not a reason to stop
        result = {"crash": f"{type(exc).__name__}: {exc}"[:500]}
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


def peak_rss_mb() -> int:
    """This process's peak resident memory. ``ru_maxrss`` survives exec on Linux (a child
    would report its parent's peak), so the high-water mark of /proc is read first."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def adversarial(only: list[str]) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for name in ADVERSARIAL:
        if only and name not in only:
            continue
        print(f"adversarial {name} ...", file=sys.stderr, flush=True)
        proc = subprocess.run(
            [sys.executable, __file__, "--child", name], capture_output=True, text=True,
            timeout=3600, check=False,
        )  # fmt: skip
        lines = proc.stdout.strip().splitlines()
        if proc.returncode == 0 and lines:
            results[name] = json.loads(lines[-1])
        else:
            results[name] = {"crash": f"child exited {proc.returncode}: {proc.stderr[-500:]}"}
        print(f"  {results[name]}", file=sys.stderr, flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1000)
    parser.add_argument("--only", nargs="*", default=[], help="target or case names")
    parser.add_argument("--no-adversarial", action="store_true")
    parser.add_argument("--no-fuzz", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/fuzz.json")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_adversarial_child(args.child)
        return
    started = time.perf_counter()
    targets = {} if args.no_fuzz else fuzz(args.examples, args.only)
    cases = {} if args.no_adversarial else adversarial(args.only)
    command = " ".join(["benchmarks/fuzz_report.py", *sys.argv[1:]])
    for entry in (*targets.values(), *cases.values()):
        entry["command"] = command
    # A partial run (--only, --no-fuzz, --no-adversarial) updates the entries it ran.
    old = json.loads(args.out.read_text()) if args.out.exists() else {}
    targets = {**old.get("targets", {}), **targets}
    cases = {**old.get("adversarial", {}), **cases}
    crashes = sum(len(t["failures"]) for t in targets.values())
    crashes += sum(1 for c in cases.values() if "crash" in c)
    report = {
        "date": time.strftime("%Y-%m-%d"),
        "python": platform.python_version(),
        "hypothesis": hypothesis.__version__,
        "cases_run": sum(t["cases"] for t in targets.values()),
        "crashes_found": crashes,
        "targets": targets,
        "adversarial": cases,
        "fixed_earlier": FIXED,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    print(
        f"{report['cases_run']} cases, {crashes} crashes in {time.perf_counter() - started:.0f} s;"
        f" written to {args.out}"
    )


if __name__ == "__main__":
    main()
