"""Benchmark harness: `python -m geopol.bench` (or `make bench`).

Builds a corpus of N documents at run time from the benchmark sentences and the sample
texts in ../shared (varied so that deduplication keeps them all; nothing is written into
the repository but the results), runs the full pipeline in-process at three corpus sizes
and on Dask with 1 and 2 workers, times spaCy's small English NER alone on the same
sentences, and writes a table plus JSON to `benchmarks/results/bench.json`.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ENGLISH_SETS = (
    "conflibert_cameo_penta",
    "plover_gsr_cameo_manual",
    "cameo_conflibert_multiannotator",
    "cameo_codebook_examples",
)


def load_sentences(shared: Path) -> list[str]:
    sentences: list[str] = []
    for name in ENGLISH_SETS:
        path = shared / "benchmarks" / name / "records.jsonl"
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                text = json.loads(line).get("text", "").strip()
                if text and not json.loads(line).get("text_is_tokenized"):
                    sentences.append(text)
    return sentences


def build_corpus(shared: Path, n_docs: int, folder: Path, seed: int = 7) -> tuple[int, int]:
    """Write `n_docs` varied documents into `folder`; return (files, bytes)."""
    rng = random.Random(seed)
    sentences = load_sentences(shared)
    seeds = sorted((shared / "seeds").glob("*.txt"))
    if not sentences:
        raise SystemExit(f"no benchmark sentences under {shared}/benchmarks")
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n_docs):
        if seeds and i % 10 == 9:
            body = seeds[i % len(seeds)].read_text(encoding="utf-8")
        else:
            body = " ".join(rng.sample(sentences, 20))
        # A unique first line keeps near-duplicate detection from merging the copies.
        text = f"Bench report {i} (corpus seed {seed}).\n\n{body}\n"
        path = folder / f"doc{i:06d}.txt"
        path.write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return n_docs, total


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_in_process(folder: Path, nbytes: int) -> dict[str, Any]:
    from geopol.pipeline import ingest_paths
    from geopol.store import DuckDBStore

    with tempfile.TemporaryDirectory() as tmp:
        store = DuckDBStore(Path(tmp) / "bench.duckdb")
        started = time.perf_counter()
        summary = ingest_paths([folder], store)
        seconds = time.perf_counter() - started
        store.close()
    return _rates("in-process", 1, summary.ingested, summary.sentences, nbytes, seconds,
                  _peak_rss_mb(), len(summary.failed), summary.events, summary.relations)  # fmt: skip


def run_dask(folder: Path, nbytes: int, workers: int) -> dict[str, Any]:
    from geopol.scale import ingest_distributed
    from geopol.store import DuckDBStore

    with tempfile.TemporaryDirectory() as tmp:
        store = DuckDBStore(Path(tmp) / "bench.duckdb")
        started = time.perf_counter()
        summary = ingest_distributed([folder], store, workers=workers, partition_size=25)
        seconds = time.perf_counter() - started
        store.close()
    peak = max((p.peak_rss_mb for p in summary.partitions), default=0.0)
    return _rates(f"dask x{workers}", workers, summary.ingested, summary.sentences, nbytes, seconds,
                  peak, len(summary.failed), summary.events, summary.relations)  # fmt: skip


def _rates(
    label: str, workers: int, docs: int, sentences: int, nbytes: int, seconds: float,
    peak_mb: float, failed: int, events: int, relations: int,
) -> dict[str, Any]:  # fmt: skip
    return {
        "run": label,
        "workers": workers,
        "documents": docs,
        "sentences": sentences,
        "events": events,
        "relations": relations,
        "failed": failed,
        "seconds": round(seconds, 3),
        "docs_per_s": round(docs / seconds, 2) if seconds else None,
        "sentences_per_s": round(sentences / seconds, 1) if seconds else None,
        "mb_per_s": round(nbytes / 1e6 / seconds, 3) if seconds else None,
        "peak_rss_mb_per_worker": round(peak_mb, 1),
    }


def spacy_ner_baseline(folder: Path) -> dict[str, Any]:
    """spaCy's small English pipeline running NER alone over the same sentences."""
    import spacy

    from geopol.clean import clean_document
    from geopol.ingest import read_paths
    from geopol.records import Document
    from geopol.segment import segment_document
    from geopol.settings import get_settings

    texts: list[str] = []
    for doc in read_paths([folder]):
        if isinstance(doc, Document):
            texts.extend(s.text for s in segment_document(clean_document(doc)))
    nlp = spacy.load(
        get_settings().spacy_model, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer"]
    )
    started = time.perf_counter()
    n_ents = sum(len(d.ents) for d in nlp.pipe(texts, batch_size=256))
    seconds = time.perf_counter() - started
    return {"sentences": len(texts), "seconds": round(seconds, 3), "entities": n_ents,
            "sentences_per_s": round(len(texts) / seconds, 1)}  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m geopol.bench", description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--docs", type=int, default=200, help="documents in the base corpus")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/bench.json"))
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args(argv)
    console = Console()
    results: dict[str, Any] = {"machine": {"python": platform.python_version(),
                                           "processor": platform.machine(), "cpus": _cpus()}}  # fmt: skip
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        sizes = [args.docs // 2, args.docs, args.docs * 2]
        folders = {}
        for n in sizes:
            folder = Path(tmp) / f"corpus{n}"
            _, nbytes = build_corpus(args.shared, n, folder)
            folders[n] = (folder, nbytes)
            console.print(f"corpus of {n} documents ({nbytes / 1e6:.2f} MB): in-process run")
            runs.append({**run_in_process(folder, nbytes), "corpus_docs": n})
        folder, nbytes = folders[args.docs]
        if not args.no_dask:
            for workers in (1, 2):
                console.print(f"corpus of {args.docs} documents: Dask with {workers} worker(s)")
                runs.append({**run_dask(folder, nbytes, workers), "corpus_docs": args.docs})
        console.print("spaCy NER alone on the same sentences")
        baseline = spacy_ner_baseline(folder)
    results["runs"] = runs
    results["spacy_ner_only"] = baseline
    base_run = next(r for r in runs if r["run"] == "in-process" and r["corpus_docs"] == args.docs)
    results["ratio_to_spacy_ner"] = round(
        base_run["sentences_per_s"] / baseline["sentences_per_s"], 3
    )
    dask_runs = {r["workers"]: r for r in runs if r["run"].startswith("dask")}
    if 1 in dask_runs and 2 in dask_runs:
        results["scaling_2_vs_1"] = round(
            dask_runs[2]["sentences_per_s"] / dask_runs[1]["sentences_per_s"], 3
        )
    _print(console, results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    console.print(f"written {args.out}")


def _cpus() -> int:
    import os

    return os.cpu_count() or 1


def _print(console: Console, results: dict[str, Any]) -> None:
    table = Table(title="geopol benchmark")
    cols = ["run", "corpus_docs", "documents", "sentences", "seconds", "docs_per_s",
            "sentences_per_s", "mb_per_s", "peak_rss_mb_per_worker", "failed"]  # fmt: skip
    for col in cols:
        table.add_column(col)
    for run in results["runs"]:
        table.add_row(*(str(run.get(c)) for c in cols))
    console.print(table)
    ner = results["spacy_ner_only"]
    console.print(f"spaCy NER alone: {ner['sentences_per_s']} sentences/s; "
                  f"geopol full pipeline / spaCy NER = {results['ratio_to_spacy_ner']}")  # fmt: skip
    if "scaling_2_vs_1" in results:
        console.print(f"scaling 2 workers vs 1: {results['scaling_2_vs_1']}x")


if __name__ == "__main__":
    main()
