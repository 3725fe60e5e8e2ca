"""Throughput of ingest + clean + segment, and peak memory on a 200 MB file.

    .venv/bin/python benchmarks/bench_ingest.py [--big-mb 200] [--out benchmarks/results/ingest.json]

The corpus is assembled at run time in a temporary folder (never committed) from the
annotated benchmark sentences and the sample texts in ``../shared``:

- ``.txt`` documents of 20 consecutive sentences of one data set (so one language),
  in paragraphs of five;
- one ``.jsonl`` file per data set, one sentence per line;
- ``.html`` pages wrapping 20 sentences in paragraphs, with navigation and a footer;
- the five sample texts.

Language detection is scored on every benchmark sentence (they carry a language field).
Throughput counts every document read and the input bytes; the first document's
vocabulary loading is done before the clock starts. Peak memory is measured on a
generated text file of ``--big-mb`` megabytes, streamed through the same stages, in
a child process (its own peak RSS, and the tracemalloc peak of Python allocations).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))

from geopol.clean import clean_document, clean_text  # noqa: E402
from geopol.ingest import read_paths  # noqa: E402
from geopol.records import Document  # noqa: E402
from geopol.segment import segment_document  # noqa: E402

SENTENCES_PER_DOC = 20


def benchmark_sentences() -> dict[str, list[str]]:
    by_set: dict[str, list[str]] = {}
    for path in sorted((SHARED / "benchmarks").glob("*/records.jsonl")):
        with path.open(encoding="utf-8") as handle:
            by_set[path.parent.name] = [json.loads(line)["text"] for line in handle]
    return by_set


def build_corpus(folder: Path) -> Counter[str]:
    """Write the corpus; return the number of files per format."""
    files: Counter[str] = Counter()
    for name, sentences in benchmark_sentences().items():
        (folder / f"{name}.jsonl").write_text(
            "".join(
                json.dumps({"id": i, "text": s}, ensure_ascii=False) + "\n"
                for i, s in enumerate(sentences)
            ),
            encoding="utf-8",
        )
        files["jsonl"] += 1
        for n, start in enumerate(range(0, len(sentences), SENTENCES_PER_DOC)):
            chunk = sentences[start : start + SENTENCES_PER_DOC]
            paragraphs = [" ".join(chunk[i : i + 5]) for i in range(0, len(chunk), 5)]
            if n % 10 == 9:
                (folder / f"{name}_{n:04d}.html").write_text(_page(name, paragraphs), "utf-8")
                files["html"] += 1
            else:
                (folder / f"{name}_{n:04d}.txt").write_text("\n\n".join(paragraphs), "utf-8")
                files["txt"] += 1
    for seed in sorted((SHARED / "seeds").glob("*.txt")):
        (folder / seed.name).write_bytes(seed.read_bytes())
        files["txt"] += 1
    return files


def _page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    return (
        f"<html><head><title>{html.escape(title)}</title></head><body>"
        '<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/a">About</a></nav>'
        f"<article><h1>{html.escape(title)}</h1>\n{body}</article>"
        "<footer>Copyright 2024 Example. All rights reserved.</footer></body></html>"
    )


def throughput(folder: Path) -> dict[str, object]:
    clean_text("Warm up the vocabulary: Irag and lIraq.")  # one-off loading, not timed
    total_bytes = sum(p.stat().st_size for p in folder.iterdir())
    docs = sentences = skipped = 0
    by_format: dict[str, dict[str, float]] = {}
    started = time.perf_counter()
    cpu_started = time.process_time()
    last = started
    for item in read_paths([folder]):
        if not isinstance(item, Document):
            skipped += 1
            continue
        doc = clean_document(item)
        n = len(segment_document(doc))
        docs += 1
        sentences += n
        now = time.perf_counter()
        fmt = Path(doc.source.split("#", 1)[0]).suffix.lstrip(".")
        entry = by_format.setdefault(fmt, {"documents": 0, "sentences": 0, "seconds": 0.0})
        entry["documents"] += 1
        entry["sentences"] += n
        entry["seconds"] += now - last
        last = now
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    for entry in by_format.values():
        entry["seconds"] = round(entry["seconds"], 3)
        entry["sentences_per_second"] = round(entry["sentences"] / max(entry["seconds"], 1e-9))
    return {
        "documents": docs,
        "skipped": skipped,
        "sentences": sentences,
        "megabytes": round(total_bytes / 1e6, 3),
        "seconds": round(seconds, 3),
        "documents_per_second": round(docs / seconds, 1),
        "megabytes_per_second": round(total_bytes / 1e6 / seconds, 3),
        "sentences_per_second": round(sentences / seconds),
        # CPU time of this process: less sensitive to other load on a shared machine.
        "cpu_seconds": round(cpu_seconds, 3),
        "documents_per_cpu_second": round(docs / cpu_seconds, 1),
        "megabytes_per_cpu_second": round(total_bytes / 1e6 / cpu_seconds, 3),
        "sentences_per_cpu_second": round(sentences / cpu_seconds),
        "by_format": by_format,
    }


def language_accuracy() -> dict[str, object]:
    """Language detection on every benchmark sentence (each carries its language)."""
    from geopol.ingest import detect_language

    totals: Counter[str] = Counter()
    right: Counter[str] = Counter()
    confusions: Counter[str] = Counter()
    started = time.process_time()
    for path in sorted((SHARED / "benchmarks").glob("*/records.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                expected = record.get("language")
                if not expected:
                    continue
                found = detect_language(record["text"])
                totals[expected] += 1
                if found == expected:
                    right[expected] += 1
                else:
                    confusions[f"{expected}->{found}"] += 1
    seconds = time.process_time() - started
    return {
        "sentences": sum(totals.values()),
        "accuracy": {lang: round(right[lang] / n, 4) for lang, n in sorted(totals.items())},
        "counts": dict(sorted(totals.items())),
        "confusions": dict(confusions.most_common()),
        "sentences_per_cpu_second": round(sum(totals.values()) / seconds),
    }


def write_big_file(path: Path, megabytes: int) -> int:
    """A plain-text file of about ``megabytes`` MB made of benchmark paragraphs."""
    sentences = [s for s in benchmark_sentences().get("conflibert_cameo_penta", [])]
    if not sentences:
        sentences = ["The ministers met again and agreed to continue the talks next month."]
    block = "\n\n".join(" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5))
    block_bytes = block.encode("utf-8") + b"\n\n"
    target = megabytes * 1_000_000
    written = 0
    with path.open("wb") as handle:
        while written < target:
            handle.write(block_bytes)
            written += len(block_bytes)
    return written


def stream_big_file(path: str, trace: bool) -> dict[str, object]:
    """Run in a child process: read, clean and segment a big file part by part."""
    import tracemalloc

    from geopol.ingest import read_file

    clean_text("Warm up the vocabulary: Irag.")
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    cpu_started = time.process_time()
    parts = sentences = 0
    largest_part = 0
    for item in read_file(path):
        if not isinstance(item, Document):
            raise SystemExit(f"unexpected skip: {item}")
        doc = clean_document(item)
        sentences += len(segment_document(doc))
        parts += 1
        largest_part = max(largest_part, len(doc.raw_text))
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    result: dict[str, object] = {
        "parts": parts,
        "largest_part_chars": largest_part,
        "sentences": sentences,
        "seconds": round(seconds, 1),
        "megabytes_per_second": round(os.path.getsize(path) / 1e6 / seconds, 3),
        "cpu_seconds": round(cpu_seconds, 1),
        "megabytes_per_cpu_second": round(os.path.getsize(path) / 1e6 / cpu_seconds, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if trace:
        result["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
    return result


def big_file(folder: Path, megabytes: int) -> dict[str, object]:
    path = folder / "big.txt"
    size = write_big_file(path, megabytes)
    baseline = _child(["--baseline"])
    streamed = _child(["--stream", str(path)])
    traced = _child(["--stream", str(path), "--trace"]) if megabytes <= 50 else None
    result = {"file_megabytes": round(size / 1e6, 1), "baseline_rss_mb": baseline["peak_rss_mb"]}
    result.update(streamed)
    if traced:
        result["tracemalloc_peak_mb"] = traced["tracemalloc_peak_mb"]
    return result


def _child(args: list[str]) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--big-mb", type=int, default=200)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "ingest.json")
    parser.add_argument("--stream", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline:
        clean_text("Warm up the vocabulary: Irag.")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"peak_rss_mb": round(rss, 1)}))
        return
    if args.stream:
        print(json.dumps(stream_big_file(args.stream, args.trace)))
        return
    if not SHARED.is_dir():
        raise SystemExit(f"{SHARED} not found: the corpus is built from it")
    with tempfile.TemporaryDirectory(prefix="geopol-bench-ingest-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        files = build_corpus(corpus)
        result: dict[str, object] = {
            "command": "python benchmarks/bench_ingest.py " + " ".join(sys.argv[1:]),
            "machine": {
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            },
            "corpus_files": dict(files),
            "throughput": throughput(corpus),
        }
        print(json.dumps(result["throughput"], indent=1), flush=True)
        result["language_detection"] = language_accuracy()
        print(json.dumps(result["language_detection"], indent=1), flush=True)
        result["big_file"] = big_file(Path(tmp), args.big_mb)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result["big_file"], indent=1))
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
