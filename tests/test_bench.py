"""The benchmark harness: its corpus survives deduplication, and a tiny run gives sane JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geopol import bench
from geopol.ingest.dedup import NearDuplicateIndex


def test_corpus_documents_are_distinct_stories(shared_dir: Path, tmp_path: Path) -> None:
    files, nbytes = bench.build_corpus(shared_dir, 30, tmp_path / "c")
    texts = [p.read_text(encoding="utf-8") for p in sorted((tmp_path / "c").iterdir())]
    assert files == len(texts) == 30 and nbytes == sum(len(t.encode()) for t in texts)
    index = NearDuplicateIndex()
    twins = [i for i, text in enumerate(texts) if index.add(str(i), text) is not None]
    assert twins == []
    # The same seed builds the same corpus (runs are comparable).
    bench.build_corpus(shared_dir, 30, tmp_path / "again")
    again = [p.read_text(encoding="utf-8") for p in sorted((tmp_path / "again").iterdir())]
    assert again == texts


@pytest.mark.slow
def test_tiny_harness_run_writes_rates_and_the_spacy_ratio(
    shared_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "bench.json"
    bench.main(["--shared", str(shared_dir), "--docs", "4", "--quick", "--no-dask",
                "--out", str(out)])  # fmt: skip
    results = json.loads(out.read_text(encoding="utf-8"))
    (run,) = results["runs"]
    assert run["run"] == "in-process" and run["documents"] == 4 and run["duplicates"] == 0
    assert run["sentences"] == results["spacy_ner_only"]["sentences"] > 0
    assert run["sentences_per_s"] == pytest.approx(run["sentences"] / run["seconds"], rel=0.01)
    assert 0 < run["peak_rss_mb_per_worker"] < 1536
    assert results["prefilter"]["with_event_cue"] <= results["prefilter"]["sentences"]
    prefilter = results["prefilter"]
    assert 0 < prefilter["share_strict_actor_and_action_cue"] <= (
        prefilter["share_coded_with_actor_prefilter"]) <= prefilter["share"]  # fmt: skip
    kept, total = map(int, prefilter["events_kept_by_strict_prefilter"].split("/"))
    assert kept <= total
    ratio = results["summary"]["ratio_in_process_to_spacy_ner"]
    ner_rate = results["spacy_ner_only"]["sentences_per_s"]
    assert ratio == pytest.approx(run["sentences_per_s"] / ner_rate, rel=0.01)
