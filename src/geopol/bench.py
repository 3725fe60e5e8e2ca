"""Benchmark harness: `python -m geopol.bench` (or `make bench`).

Builds corpora at run time from the English benchmark sentences and the sample texts in
../shared (varied so that near-duplicate detection keeps every document; nothing but the
results is written into the repository) and measures the full pipeline (read → clean →
segment → actors → events → dates → relations → DuckDB store):

- in-process, one core, with statistical NER on and off, and with the prefilter off
  (NER on every sentence) to show what the prefilter saves and what it costs;
- on Dask with 2 workers at three corpus sizes (cost should grow linearly, memory per
  worker stay flat) and with 1 worker (scaling);
- spaCy's small English pipeline running NER alone over the same sentences.

Every run reports wall and CPU seconds, documents/s, sentences/s, MB/s, peak RSS per
process (each in-process run is a fresh child process; each Dask run a fresh cluster)
and the load average before and after, since other work on the machine skews timings.
Rates are over the steady state: process start-up, model loading and cluster start are
timed separately (`startup_seconds`). Results: a table, and JSON in
`benchmarks/results/bench.json`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ENGLISH_SETS = (
    "conflibert_cameo_penta",
    "plover_gsr_cameo_manual",
    "cameo_conflibert_multiannotator",
    "cameo_codebook_examples",
)
SENTENCES_PER_DOC = 20
SEED_EVERY = 10  # one document in ten is built around a sample text


# --------------------------------------------------------------------------- corpus
def load_sentences(shared: Path) -> list[str]:
    """Distinct untokenised English sentences of the benchmark sets, in file order."""
    seen: dict[str, None] = {}
    for name in ENGLISH_SETS:
        path = shared / "benchmarks" / name / "records.jsonl"
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                text = str(record.get("text", "")).strip()
                if text and not record.get("text_is_tokenized"):
                    seen.setdefault(text)
    return list(seen)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def build_corpus(shared: Path, n_docs: int, folder: Path, seed: int = 7) -> tuple[int, int]:
    """Write `n_docs` varied documents into `folder`; return (files, bytes).

    Most documents are 20 benchmark sentences drawn at random, in paragraphs of four.
    Every tenth takes three paragraphs of a sample text (OCR damage, boilerplate and
    all) mixed with benchmark sentences, so no two documents share most of their text.
    """
    rng = random.Random(seed)
    sentences = load_sentences(shared)
    if not sentences:
        raise SystemExit(f"no benchmark sentences under {shared}/benchmarks")
    seeds = [_paragraphs(p.read_text(encoding="utf-8")) for p in sorted(shared.glob("seeds/*"))]
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n_docs):
        picked = rng.sample(sentences, SENTENCES_PER_DOC)
        blocks = [" ".join(picked[j : j + 4]) for j in range(0, len(picked), 4)]
        if seeds and i % SEED_EVERY == SEED_EVERY - 1:
            paragraphs = seeds[(i // SEED_EVERY) % len(seeds)]
            blocks = blocks[:2] + rng.sample(paragraphs, min(3, len(paragraphs)))
            rng.shuffle(blocks)
        text = f"Bench report {i}\n\n" + "\n\n".join(blocks) + "\n"
        path = folder / f"doc{i:06d}.txt"
        path.write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return n_docs, total


# --------------------------------------------------------------------------- measures
def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rates(
    run: dict[str, Any], docs: int, sentences: int, nbytes: int, seconds: float
) -> dict[str, Any]:
    return {
        **run,
        "documents": docs,
        "sentences": sentences,
        "seconds": round(seconds, 3),
        "docs_per_s": round(docs / seconds, 2) if seconds else None,
        "sentences_per_s": round(sentences / seconds, 1) if seconds else None,
        "mb_per_s": round(nbytes / 1e6 / seconds, 4) if seconds else None,
    }


def child_in_process(folder: Path, nbytes: int) -> dict[str, Any]:
    """One in-process ingest (run in a fresh child process: its peak RSS is its own)."""
    from geopol.pipeline import ingest_paths
    from geopol.scale import warm_up
    from geopol.settings import get_settings
    from geopol.store import DuckDBStore

    settings = get_settings()
    startup = warm_up(settings)
    with tempfile.TemporaryDirectory() as tmp:
        store = DuckDBStore(Path(tmp) / "bench.duckdb")
        started, cpu = time.perf_counter(), time.process_time()
        summary = ingest_paths([folder], store, settings=settings)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        store.close()
    run = {
        "ner": settings.use_ner, "prefilter": settings.prefilter,
        "startup_seconds": round(startup, 2), "cpu_seconds": round(cpu, 2),
        "events": summary.events, "relations": summary.relations,
        "duplicates": summary.duplicates, "failed": len(summary.failed),
        "peak_rss_mb_per_worker": round(_peak_rss_mb(), 1),
    }  # fmt: skip
    out = _rates(run, summary.ingested, summary.sentences, nbytes, seconds)
    out["sentences_per_cpu_s"] = round(summary.sentences / cpu, 1) if cpu else None
    return out


def run_in_process(
    folder: Path, nbytes: int, *, ner: bool, prefilter: bool, parse: bool = True
) -> dict[str, Any]:
    env = {**os.environ, "GEOPOL_NER": str(int(ner)), "GEOPOL_PREFILTER": str(int(prefilter)),
           "GEOPOL_EVENT_PARSE": str(int(parse))}  # fmt: skip
    load_before = _load()
    cmd = [sys.executable, "-m", "geopol.bench", "--child", str(folder), "--child-bytes",
           str(nbytes)]  # fmt: skip
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    label = ("in-process" + ("" if prefilter else ", no prefilter") + (", NER" if ner else "")
             + ("" if parse else ", no parse"))  # fmt: skip
    return {"run": label, "workers": 1, "parse": parse, **result, "load_before": load_before,
            "load_after": _load()}  # fmt: skip


def run_dask(
    folder: Path, nbytes: int, workers: int, *, ner: bool, partition_size: int,
    parse: bool = True,
) -> dict[str, Any]:  # fmt: skip
    from geopol.scale import ingest_distributed
    from geopol.settings import Settings
    from geopol.store import DuckDBStore

    load_before = _load()
    driver_cpu = time.process_time()  # the driver imports partitions; the scheduler runs here
    with tempfile.TemporaryDirectory() as tmp, _environment(GEOPOL_EVENT_PARSE=str(int(parse))):
        # the workers are new processes: they read the setting from the environment
        store = DuckDBStore(Path(tmp) / "bench.duckdb")
        summary = ingest_distributed(
            [folder], store, workers=workers, settings=Settings(use_ner=ner),
            partition_size=partition_size,
        )  # fmt: skip
        store.close()
    driver_cpu = time.process_time() - driver_cpu
    steady = summary.seconds - summary.startup_seconds
    cpu = sum(p.cpu_seconds for p in summary.partitions)
    run = {
        "run": f"dask x{workers}" + (", NER" if ner else "") + ("" if parse else ", no parse"),
        "workers": workers, "ner": ner, "parse": parse, "prefilter": True, "startup_seconds": round(summary.startup_seconds, 2),
        "total_seconds": round(summary.seconds, 2), "cpu_seconds": round(cpu, 2),
        "driver_cpu_seconds": round(driver_cpu, 2),
        "partitions": len(summary.partitions), "events": summary.events,
        "relations": summary.relations, "duplicates": summary.duplicates,
        "failed": len(summary.failed),
        "peak_rss_mb_per_worker": round(max((p.peak_rss_mb for p in summary.partitions),
                                            default=0.0), 1),
    }  # fmt: skip
    out = _rates(run, summary.ingested, summary.sentences, nbytes, steady)
    out["sentences_per_cpu_s"] = round(summary.sentences / cpu, 1) if cpu else None
    return {**out, "load_before": load_before, "load_after": _load()}


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Set environment variables for the length of a block (and child processes started in it)."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def corpus_sentences(folder: Path) -> list[str]:
    """The sentences the pipeline reads (cleaned and segmented as in the pipeline)."""
    from geopol.clean import clean_document
    from geopol.ingest import read_paths
    from geopol.records import Document
    from geopol.segment import segment_document

    texts: list[str] = []
    for doc in read_paths([folder]):
        if isinstance(doc, Document):
            texts.extend(s.text for s in segment_document(clean_document(doc)))
    return texts


def prefilter_share(texts: list[str]) -> dict[str, Any]:
    from geopol.events import has_event_cue

    has_event_cue("warm up")  # loads the lexicon
    started = time.perf_counter()
    passed = sum(1 for t in texts if has_event_cue(t))
    seconds = time.perf_counter() - started
    return {"sentences": len(texts), "with_event_cue": passed,
            "share": round(passed / len(texts), 3) if texts else None,
            "check_us_per_sentence": round(seconds / max(1, len(texts)) * 1e6, 1)}  # fmt: skip


def action_cues() -> frozenset[str]:
    """Cue words of the lexicon that are not only reporting verbs ("said", "told")."""
    from geopol.events.lexicon import _key_slot, default_lexicon

    frames: dict[str, set[str]] = {}
    for pattern in default_lexicon().patterns:
        if pattern.kind in ("v", "n"):
            for form in _key_slot(pattern):
                frames.setdefault(form, set()).add(pattern.frame)
    return frozenset(form for form, found in frames.items() if found != {"say"})


def actor_prefilter_shares(folder: Path) -> dict[str, Any]:
    """Shares of sentences that reach the coder under the actor prefilter (an actor mention
    or a generic agent word, the pipeline's default: it loses no event) and under the
    stricter one the issue names (an actor mention and a cue other than a reporting verb:
    not used, it would drop statements), with the events the strict one would lose."""
    from geopol.actors import resolve_document
    from geopol.clean import clean_document
    from geopol.events import has_event_cue
    from geopol.events.tokens import words
    from geopol.ingest import read_paths
    from geopol.pipeline import code_document_events, may_have_actor
    from geopol.records import Document
    from geopol.segment import segment_document

    actions = action_cues()
    total = coded = strict = events = strict_events = 0
    for doc in read_paths([folder]):
        if not isinstance(doc, Document):
            continue
        doc = clean_document(doc)
        sentences = segment_document(doc)
        mentions, _ = resolve_document(doc, sentences, ner=False)
        by_sentence: dict[int, list[Any]] = {}
        for m in mentions:
            by_sentence.setdefault(m.sentence_index, []).append(m)
        kept = set()
        for sentence in sentences:
            found = by_sentence.get(sentence.index, [])
            total += 1
            coded += has_event_cue(sentence.text) and may_have_actor(sentence, found)
            if found and any(w in actions for w in words(sentence.text)):
                strict += 1
                kept.add(sentence.index)
        coded_events = code_document_events(doc, sentences, mentions)
        events += len(coded_events)
        strict_events += sum(1 for e in coded_events if e.sentence_index in kept)
    return {"share_coded_with_actor_prefilter": round(coded / total, 3) if total else None,
            "share_strict_actor_and_action_cue": round(strict / total, 3) if total else None,
            "events_kept_by_strict_prefilter": f"{strict_events}/{events}"}  # fmt: skip


def spacy_ner_baseline(texts: list[str]) -> dict[str, Any]:
    """spaCy's small English pipeline with only its NER component, over the same sentences."""
    import spacy

    from geopol.settings import get_settings

    nlp = spacy.load(get_settings().spacy_model)
    nlp.select_pipes(enable=["ner"])  # the small model's NER has its own token embedding
    list(nlp.pipe(texts[:64]))  # warm up
    load_before = _load()
    started, cpu = time.perf_counter(), time.process_time()
    n_ents = sum(len(d.ents) for d in nlp.pipe(texts, batch_size=256))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"pipes": nlp.pipe_names, "sentences": len(texts), "entities": n_ents,
            "seconds": round(seconds, 3), "cpu_seconds": round(cpu, 2),
            "sentences_per_s": round(len(texts) / seconds, 1),
            "sentences_per_cpu_s": round(len(texts) / cpu, 1) if cpu else None,
            "load_before": load_before, "load_after": _load()}  # fmt: skip


# --------------------------------------------------------------------------- harness
def _repeat(times: int, measure: Any) -> dict[str, Any]:
    """Run a measurement `times` times; keep the fastest, with every rate seen."""
    runs = [measure() for _ in range(max(1, times))]
    best = max(runs, key=lambda r: r["sentences_per_s"] or 0)
    if len(runs) > 1:
        rates = [r["sentences_per_s"] for r in runs]
        best = {**best, "repeats_sentences_per_s": rates,
                "median_sentences_per_s": statistics.median(rates)}  # fmt: skip
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m geopol.bench", description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--docs", type=int, default=200, help="documents in the base corpus")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement (best kept)")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/bench.json"))
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument(
        "--partition-size",
        type=int,
        default=0,
        help="files per Dask partition (default: an eighth of --docs)",
    )
    parser.add_argument("--quick", action="store_true", help="base size only, no NER variants")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-bytes", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child_in_process(args.child, args.child_bytes)))
        return
    results = bench(args)
    _print(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written {args.out}")


def bench(args: argparse.Namespace) -> dict[str, Any]:
    results: dict[str, Any] = {
        "command": "python -m geopol.bench " + " ".join(sys.argv[1:]),
        "machine": {"python": platform.python_version(), "processor": platform.machine(),
                    "cpus": os.cpu_count() or 1, "load_at_start": _load()},
        "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "code": _code_version(),
    }  # fmt: skip
    runs: list[dict[str, Any]] = []
    base = args.docs
    sizes = [base] if args.quick else [base // 2, base, base * 2]
    with tempfile.TemporaryDirectory() as tmp:
        corpora: dict[int, tuple[Path, int]] = {}
        for n in sizes:
            folder = Path(tmp) / f"corpus{n}"
            corpora[n] = (folder, build_corpus(args.shared, n, folder)[1])
        folder, nbytes = corpora[base]

        def note(text: str) -> None:
            print(f"[{time.strftime('%H:%M:%S')} load {_load()[0]}] {text}", flush=True)

        variants = [(False, True, True)]
        if not args.quick:
            variants += [(False, True, False), (True, True, True), (True, False, True)]
        for ner, prefilter, parse in variants:
            note(f"{base} docs in-process, NER {'on' if ner else 'off'}, prefilter {prefilter}, "
                 f"parse {'on' if parse else 'off'}")  # fmt: skip
            runs.append({**_repeat(args.repeat, lambda n=ner, p=prefilter, r=parse: run_in_process(
                folder, nbytes, ner=n, prefilter=p, parse=r)), "corpus_docs": base})  # fmt: skip
        # One partition size for every Dask run, so 1 and 2 workers do the same work.
        size = args.partition_size or max(1, base // 8)
        results["dask_partition_size"] = size
        if not args.no_dask:
            for n in sizes:
                note(f"{n} docs on Dask, 2 workers")
                f, b = corpora[n]
                runs.append({**_repeat(args.repeat, lambda f=f, b=b: run_dask(
                    f, b, 2, ner=False, partition_size=size)), "corpus_docs": n})  # fmt: skip
            note(f"{base} docs on Dask, 2 workers, no parse")
            runs.append({**_repeat(args.repeat, lambda: run_dask(
                folder, nbytes, 2, ner=False, partition_size=size, parse=False)),
                         "corpus_docs": base})  # fmt: skip
            note(f"{base} docs on Dask, 1 worker")
            runs.append({**_repeat(args.repeat, lambda: run_dask(
                folder, nbytes, 1, ner=False, partition_size=size)),
                         "corpus_docs": base})  # fmt: skip
            if not args.quick:
                note(f"{base} docs on Dask, 2 workers, NER on")
                runs.append({**_repeat(args.repeat, lambda: run_dask(
                    folder, nbytes, 2, ner=True, partition_size=size)), "corpus_docs": base})  # fmt: skip
        note("spaCy NER alone")
        texts = corpus_sentences(folder)
        results["prefilter"] = {**prefilter_share(texts), **actor_prefilter_shares(folder)}
        results["spacy_ner_only"] = spacy_ner_baseline(texts)
    results["runs"] = runs
    results["summary"] = _summary(runs, results["spacy_ner_only"], base)
    results["machine"]["load_at_end"] = _load()
    return results


def _code_version() -> dict[str, Any]:
    """Where the measured code came from: the package path and the commit checked out."""
    import geopol

    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=10, check=False)  # fmt: skip
        commit = done.stdout.strip() or None
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10, check=False)  # fmt: skip
        modified = bool(dirty.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        commit, modified = None, None
    return {"package": str(Path(geopol.__file__).parent), "commit": commit,
            "tree_modified": modified}  # fmt: skip


def _find(runs: list[dict[str, Any]], label: str, docs: int) -> dict[str, Any] | None:
    return next((r for r in runs if r["run"] == label and r["corpus_docs"] == docs), None)


def _summary(runs: list[dict[str, Any]], ner_only: dict[str, Any], base: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for label, run in (("in_process", _find(runs, "in-process", base)),
                       ("in_process_ner", _find(runs, "in-process, NER", base))):  # fmt: skip
        if run:
            out[f"ratio_{label}_to_spacy_ner"] = round(
                run["sentences_per_s"] / ner_only["sentences_per_s"], 3
            )
            out[f"cpu_ratio_{label}_to_spacy_ner"] = round(
                run["sentences_per_cpu_s"] / ner_only["sentences_per_cpu_s"], 3
            )
    one, two = _find(runs, "dask x1", base), _find(runs, "dask x2", base)
    if one and two:
        out["scaling_2_vs_1_workers"] = round(two["sentences_per_s"] / one["sentences_per_s"], 3)
    sized = sorted((r for r in runs if r["run"] == "dask x2"), key=lambda r: r["corpus_docs"])
    if len(sized) == 3:
        out["linearity_seconds_per_1000_sentences"] = [
            round(r["seconds"] / r["sentences"] * 1000, 2) for r in sized
        ]
        out["peak_rss_mb_per_worker_by_size"] = [r["peak_rss_mb_per_worker"] for r in sized]
    parsed, unparsed = _find(runs, "dask x2", base), _find(runs, "dask x2, no parse", base)
    if parsed and unparsed:
        out["no_parse_speedup_dask_x2"] = round(
            unparsed["sentences_per_s"] / parsed["sentences_per_s"], 3
        )
    prefiltered, unfiltered = (_find(runs, "in-process, NER", base),
                               _find(runs, "in-process, no prefilter, NER", base))  # fmt: skip
    if prefiltered and unfiltered:
        out["prefilter_saves_seconds_share"] = round(
            1 - prefiltered["seconds"] / unfiltered["seconds"], 3
        )
        out["prefilter_events_kept"] = f"{prefiltered['events']}/{unfiltered['events']}"
        out["prefilter_relations_kept"] = f"{prefiltered['relations']}/{unfiltered['relations']}"
    return out


def _print(results: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=140)
    table = Table(title="geopol benchmark (rates over the steady state)")
    cols = {"run": "run", "corpus_docs": "docs", "sentences": "sentences", "seconds": "s",
            "cpu_seconds": "CPU s", "sentences_per_s": "sent/s",
            "sentences_per_cpu_s": "sent/CPU s", "docs_per_s": "docs/s", "mb_per_s": "MB/s",
            "peak_rss_mb_per_worker": "peak MB/worker", "startup_seconds": "startup s",
            "load_before": "load 1m"}  # fmt: skip
    for header in cols.values():
        table.add_column(header)
    for run in results["runs"]:
        cells = {**run, "load_before": run.get("load_before", [None])[0]}
        table.add_row(*(str(cells.get(c)) for c in cols))
    console.print(table)
    ner = results["spacy_ner_only"]
    console.print(f"spaCy NER alone: {ner['sentences_per_s']} sentences/s "
                  f"({ner['sentences_per_cpu_s']} per CPU second)")  # fmt: skip
    console.print(f"prefilter: {results['prefilter']}")
    for key, value in results["summary"].items():
        console.print(f"{key}: {value}")


if __name__ == "__main__":
    main()
