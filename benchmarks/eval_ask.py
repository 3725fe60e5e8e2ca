"""`geopol ask` against the gold question set: correct share, valid citations, invented answers.

Builds one store per corpus at run time (nothing is written into the repository but the
results): ``seeds`` from ``../shared/seeds`` (skipped if absent), ``examples`` from the demo
corpus in ``examples/`` and ``heldout`` from ``tests/fixtures/corpus/texts``. Each question in
``tests/fixtures/questions/questions.jsonl`` is asked of the store of its corpus.

* correct: found as expected, the expected actors named, the date right at month precision
  (a null gold date means any date is wrong), the keywords in the answer or its citations,
  and a denied relation never answered "yes";
* valid citations: every citation is the exact span of its document, and a found answer
  has at least one;
* invented: found where the gold says the sources cannot answer, a date where the texts
  give none, or a date whose year is in none of the cited documents.

    python benchmarks/eval_ask.py [--json PATH] [--show-failures] [--compare]
    GEOPOL_EMBED=0 python benchmarks/eval_ask.py   # BM25 only (no sentence embeddings)

``--compare`` also runs the set with embeddings off (in a child process, so that nothing
is shared) and records that summary under ``without_embeddings``.

Answer times are per question: each store's ask index (BM25, and with embeddings every
sentence's vector) is built before the first question and its time reported apart.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from geopol.ask.evaluate import evaluate, load_questions, summary
from geopol.ask.index import get_index
from geopol.pipeline import ingest_paths
from geopol.store import MemoryStore

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
QUESTIONS = ROOT / "tests" / "fixtures" / "questions" / "questions.jsonl"
RESULTS = ROOT / "benchmarks" / "results" / "ask.json"
CORPORA = {
    "seeds": SHARED / "seeds",
    "examples": ROOT / "examples",
    "heldout": ROOT / "tests" / "fixtures" / "corpus" / "texts",
}


def build_store(folder: Path) -> tuple[MemoryStore, float]:
    started = time.perf_counter()
    store = MemoryStore()
    summary = ingest_paths([folder], store, exclude=["README.md"])
    for item in summary.failed[:3]:  # a broken pipeline must not pass for a poor answerer
        print(f"  ingest failed: {item.line()}", file=sys.stderr)
    if summary.failed and not store.documents():
        raise SystemExit(f"no document of {folder} could be ingested")
    return store, time.perf_counter() - started


def _dense_on(stores: dict[str, MemoryStore]) -> bool:
    return any(get_index(store).dense is not None for store in stores.values())


def _bm25_only() -> dict[str, Any]:
    """The summary of a run with embeddings off, from a child process."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ask.json"
        env = {**os.environ, "GEOPOL_EMBED": "0"}
        subprocess.run(
            [sys.executable, __file__, "--json", str(out)], env=env, check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    keep = ("questions", "correct", "valid_citations", "invented", "seconds_max",
            "seconds_median", "by_corpus", "by_kind", "embeddings")  # fmt: skip
    return {k: data[k] for k in keep} | {"failures": [f["id"] for f in data["failures"]]}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=RESULTS, help="where to write the results")
    parser.add_argument("--show-failures", action="store_true", help="print each wrong answer")
    parser.add_argument(
        "--compare", action="store_true", help="also run with GEOPOL_EMBED=0 and record both"
    )
    args = parser.parse_args(argv)

    questions = load_questions(QUESTIONS)
    stores: dict[str, MemoryStore] = {}
    build_seconds: dict[str, float] = {}
    for name, folder in CORPORA.items():
        if folder.is_dir():
            stores[name], build_seconds[name] = build_store(folder)
        else:
            print(f"skipping corpus {name}: {folder} is absent", file=sys.stderr)

    # The ask index (sentences, BM25, and with embeddings every sentence's vector) is built
    # once per store, before any question is timed: answer times are per question.
    index_seconds: dict[str, float] = {}
    for name, store in stores.items():
        started = time.perf_counter()
        get_index(store)
        index_seconds[name] = time.perf_counter() - started

    scored = evaluate(questions, stores.get)
    result = summary(scored)
    result["embeddings"] = _dense_on(stores)
    result["stores"] = {
        name: {
            "documents": len(store.documents()),
            "sentences": len(get_index(store).sentences),
            "build_seconds": round(build_seconds[name], 2),
            "index_seconds": round(index_seconds[name], 2),
        }
        for name, store in stores.items()
    }
    result["command"] = (
        "python benchmarks/eval_ask.py"
        + (" --compare" if args.compare else "")
        + (f" (GEOPOL_EMBED={os.environ['GEOPOL_EMBED']})" if "GEOPOL_EMBED" in os.environ else "")
    )
    result["machine_load"] = round(os.getloadavg()[0], 1)  # answer times depend on it
    result["failures"] = [
        {"id": s.id, "kind": s.kind, "problems": s.problems} for s in scored if not s.correct
    ]
    print(
        f"embeddings {'on' if result['embeddings'] else 'off'}; "
        f"{result['questions']} questions: correct {result['correct']:.1%}, "
        f"valid citations {result['valid_citations']:.1%}, invented answers {result['invented']}, "
        f"slowest answer {result['seconds_max'] * 1000:.0f} ms "
        f"(median {result['seconds_median'] * 1000:.1f} ms)"
    )
    for group in ("by_corpus", "by_kind"):
        print(
            f"  {group[3:]}: "
            + ", ".join(
                f"{k} {v['correct']:.0%} of {v['questions']}" for k, v in result[group].items()
            )
        )
    if args.show_failures:
        for s in scored:
            if not s.correct:
                print(f"  {s.id} [{s.kind}] {s.question}\n    {'; '.join(s.problems)}")
                print(f"    -> {s.answer['answer'][:200]}")
    if args.compare:
        result["without_embeddings"] = _bm25_only()
        off = result["without_embeddings"]
        print(
            f"without embeddings: correct {off['correct']:.1%}, valid citations "
            f"{off['valid_citations']:.1%}, invented answers {off['invented']}, slowest answer "
            f"{off['seconds_max'] * 1000:.0f} ms (median {off['seconds_median'] * 1000:.1f} ms)"
        )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
