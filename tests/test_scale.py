"""The Dask runner: same store as an in-process ingest, idempotent, failures reported."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from geopol import scale
from geopol.pipeline import ingest_paths
from geopol.settings import Settings
from geopol.store import DuckDBStore

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
# A few demo files of different formats (text, markdown, HTML, JSONL with many documents).
DEMO_FILES = ("ankara_water_wire.txt", "nile_dam_analysis.md", "sahel_exit_page.html")


# ---------------------------------------------------------------- no cluster needed
def test_partitions_keep_order_and_size() -> None:
    files = [Path(f"f{i}.txt") for i in range(7)]
    parts = list(scale.iter_partitions(files, 3))
    assert parts == [["f0.txt", "f1.txt", "f2.txt"], ["f3.txt", "f4.txt", "f5.txt"], ["f6.txt"]]


def test_small_corpus_is_cut_finer_so_every_worker_gets_work() -> None:
    settings = Settings(partition_size=200)
    assert scale._partition_size(10_000, 2, settings) == 200
    assert scale._partition_size(16, 2, settings) == 2
    assert scale._partition_size(1, 4, settings) == 1


def test_known_ids_are_exact_and_compact() -> None:
    from geopol.records import content_id

    stored = [content_id(f"text {i}") for i in range(1000)] + ["legacy-id", "0x0123456789abcd"]
    known = scale.KnownIds(stored)
    assert len(known) == 1002 and all(doc_id in known for doc_id in stored)
    fresh = [content_id(f"other {i}") for i in range(1000)]
    assert not any(doc_id in known for doc_id in fresh)
    assert "0123456789ABCDEF" not in known and "legacy" not in known and None not in known
    assert "x" not in scale.KnownIds([])


class _FailingFuture:
    def result(self) -> Any:
        raise RuntimeError("worker died")


def test_a_failed_partition_becomes_one_skipped_per_file() -> None:
    part = scale._result_or_failure(_FailingFuture(), "part-000003", ["/x/a.txt", "/x/b.md"])
    assert [s.source for s in part.failed] == ["a.txt", "b.md"]
    assert all("part-000003 failed" in s.reason and "worker died" in s.reason for s in part.failed)
    assert part.documents == 0 and part.folder == ""


def test_process_partition_writes_the_store_schema_and_reports_bad_files(tmp_path: Path) -> None:
    files = [str(EXAMPLES / DEMO_FILES[0]), str(FIXTURES / "corrupt.pdf")]
    result = scale.process_partition("part-000000", files, str(tmp_path), None, Settings())
    assert result.documents == 1 and [s.source for s in result.failed] == ["corrupt.pdf"]
    folder = Path(result.folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{t}.parquet" for t in _store_tables()
    )
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
    with DuckDBStore(":memory:") as store:
        added = store.import_parquet(folder)
    assert added["documents"] == 1 and added["sentences"] == result.sentences > 0


def test_known_documents_are_not_processed_again(tmp_path: Path) -> None:
    files = [str(EXAMPLES / DEMO_FILES[0])]
    first = scale.process_partition("p0", files, str(tmp_path), None, Settings())
    with DuckDBStore(":memory:") as store:
        store.import_parquet(first.folder)
        known = frozenset(info.id for info in store.documents())
    again = scale.process_partition("p1", files, str(tmp_path), None, Settings(), known)
    assert again.documents == 0 and again.duplicates == 1 and again.sentences == 0


def _store_tables() -> tuple[str, ...]:
    from geopol.store.duck import TABLES

    return TABLES


# ---------------------------------------------------------------- on a LocalCluster
@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """One two-worker cluster for the module (starting one costs seconds)."""
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
        scheduler_kwargs={"dashboard": False},  # 8787 may be taken: a warning, an error here
    ) as cluster:  # fmt: skip
        yield cluster.scheduler_address


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    (folder / "feeds").mkdir(parents=True)
    for name in DEMO_FILES:
        shutil.copy(EXAMPLES / name, folder / name)
    shutil.copy(EXAMPLES / "feeds" / "wire.jsonl", folder / "feeds" / "wire.jsonl")
    shutil.copy(FIXTURES / "binary.txt", folder / "broken.txt")  # sorts among good files
    return folder


def _contents(db: Path) -> dict[str, Any]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        out: dict[str, Any] = {
            "documents": sorted(r[0] for r in con.execute("SELECT id FROM documents").fetchall()),
            "relations": sorted(r[0] for r in con.execute("SELECT id FROM relations").fetchall()),
            "events": sorted(r[0] for r in con.execute("SELECT id FROM events").fetchall()),
        }
        for table in _store_tables():
            row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
            out[f"n_{table}"] = row[0] if row else 0
        return out
    finally:
        con.close()


@pytest.mark.dask
def test_distributed_store_equals_in_process_and_reruns_add_nothing(
    scheduler: str, corpus: Path, tmp_path: Path
) -> None:
    local_db, dask_db, parts = tmp_path / "local.duckdb", tmp_path / "dask.duckdb", tmp_path / "p"
    with DuckDBStore(local_db) as store:
        local = ingest_paths([corpus], store)
    with DuckDBStore(dask_db) as store:
        summary = scale.ingest_distributed(
            [corpus], store, scheduler=scheduler, partition_size=2, parquet_dir=parts
        )
    assert summary.workers == 2 and len(summary.partitions) == 3
    assert summary.ingested == local.ingested > len(DEMO_FILES)
    assert (summary.sentences, summary.events, summary.relations) == (
        local.sentences, local.events, local.relations,
    )  # fmt: skip
    # The bad file is reported and its partition's good file still went in.
    assert [s.source for s in summary.failed] == [s.source for s in local.failed] == ["broken.txt"]
    assert _contents(dask_db) == _contents(local_db)

    # The Parquet data set is partitioned and readable as one table.
    con = duckdb.connect()
    row = con.execute(
        f"SELECT count(*) FROM read_parquet('{parts}/*/relations.parquet')"
    ).fetchone()
    con.close()
    assert row is not None and row[0] == _contents(dask_db)["n_relations"] > 0

    before = _contents(dask_db)
    with DuckDBStore(dask_db) as store:
        again = scale.ingest_distributed(
            [corpus], store, scheduler=scheduler, partition_size=2, parquet_dir=parts
        )
    with DuckDBStore(local_db) as store:
        local_again = ingest_paths([corpus], store)
    assert again.ingested == local_again.ingested == 0
    assert again.duplicates == local_again.duplicates == summary.ingested + summary.duplicates
    assert _contents(dask_db) == before
    # The re-run's partitions sit beside the first run's and hold nothing new.
    con = duckdb.connect()
    row = con.execute(
        f"SELECT count(*) FROM read_parquet('{parts}/*/relations.parquet')"
    ).fetchone()
    con.close()
    assert len(list(parts.iterdir())) == 6
    assert row is not None and row[0] == before["n_relations"]


def _profiles(dask_worker: Any) -> bool:
    return "profile" in dask_worker.periodic_callbacks


@pytest.mark.dask
def test_the_local_cluster_workers_run_no_statistical_profiler() -> None:
    pytest.importorskip("dask.distributed")
    client, cluster = scale._client(1, None)
    try:
        assert list(client.run(_profiles).values()) == [False]
    finally:
        client.close()
        cluster.close()


@pytest.mark.dask
def test_missing_path_is_reported_and_the_rest_goes_on(
    scheduler: str, corpus: Path, tmp_path: Path
) -> None:
    with DuckDBStore(tmp_path / "s.duckdb") as store:
        summary = scale.ingest_distributed(
            [corpus / DEMO_FILES[0], tmp_path / "nowhere"], store, scheduler=scheduler
        )
    assert summary.ingested == 1
    assert any(s.source.endswith("nowhere") and s.code == "GP107" for s in summary.failed)


@pytest.mark.dask
def test_cli_ingest_on_a_scheduler_keeps_the_parquet(scheduler: str, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from geopol.cli import app

    folder, db, parts = tmp_path / "in", tmp_path / "cli.duckdb", tmp_path / "parts"
    folder.mkdir()
    shutil.copy(EXAMPLES / DEMO_FILES[0], folder / DEMO_FILES[0])
    shutil.copy(FIXTURES / "binary.txt", folder / "broken.txt")
    args = ["ingest", str(folder), "--db", str(db), "--scheduler", scheduler]
    result = CliRunner().invoke(app, [*args, "--parquet-dir", str(parts)])
    assert result.exit_code == 0, result.output
    assert "broken.txt" in result.output
    stored = _contents(db)
    assert stored["n_documents"] == 1
    con = duckdb.connect()
    row = con.execute(
        f"SELECT count(*) FROM read_parquet('{parts}/*/documents.parquet')"
    ).fetchone()
    con.close()
    assert row is not None and row[0] == stored["n_documents"]
