"""Scale-out on Dask distributed: the same batch stages, mapped over partitions of files.

Each partition is processed by a worker into an in-memory store and written as Parquet
with the store's schema (`<parts>/<partition>/<table>.parquet`). The driver then imports
each finished partition into the DuckDB store in one transaction, so queries, ask and the
dashboard work unchanged. Dask appears only in this module.
"""

from __future__ import annotations

import os
import resource
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geopol.records import Skipped
from geopol.settings import Settings, get_settings


@dataclass(slots=True)
class PartitionResult:
    name: str
    folder: str
    documents: int = 0
    duplicates: int = 0
    failed: list[Skipped] = field(default_factory=list)
    sentences: int = 0
    events: int = 0
    relations: int = 0
    seconds: float = 0.0
    peak_rss_mb: float = 0.0


def iter_partitions(files: Iterable[Path], size: int) -> Iterator[list[str]]:
    """Consecutive groups of at most `size` files (a file is never split across partitions)."""
    batch: list[str] = []
    for path in files:
        batch.append(str(path))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def process_partition(
    name: str, files: Sequence[str], out_dir: str, date: str | None, settings: Settings
) -> PartitionResult:
    """Run the pipeline over one partition of files; write its tables as Parquet."""
    from geopol.ingest import read_paths
    from geopol.pipeline import process_documents
    from geopol.store.duck import DuckDBStore

    started = time.perf_counter()
    folder = Path(out_dir) / name
    result = PartitionResult(name=name, folder=str(folder))
    store = DuckDBStore(":memory:")
    try:
        docs = read_paths([Path(f) for f in files], date=date)
        for item in process_documents(docs, settings):
            if isinstance(item, Skipped):
                result.failed.append(item)
            elif store.write(item):
                result.documents += 1
                result.sentences += len(item.sentences)
                result.events += len(item.events)
                result.relations += len(item.relations)
            else:
                result.duplicates += 1
        store.export_parquet(folder)
    finally:
        store.close()
    result.seconds = time.perf_counter() - started
    result.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


@dataclass(slots=True)
class DistributedSummary:
    partitions: list[PartitionResult] = field(default_factory=list)
    ingested: int = 0
    duplicates: int = 0
    failed: list[Skipped] = field(default_factory=list)
    sentences: int = 0
    events: int = 0
    relations: int = 0
    seconds: float = 0.0
    workers: int = 0


def _client(workers: int | None, scheduler: str | None) -> tuple[Any, Any]:
    from dask.distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(
        n_workers=workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
    )
    return Client(cluster), cluster


def ingest_distributed(
    paths: Iterable[str | Path],
    store: Any,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    date: str | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    partition_size: int | None = None,
    parquet_dir: str | Path | None = None,
    settings: Settings | None = None,
    on_partition: Callable[[PartitionResult], None] | None = None,
) -> DistributedSummary:
    """Ingest on a Dask cluster (a LocalCluster of `workers` processes, or `scheduler`).

    `store` must offer `import_parquet(folder) -> int`. Partition Parquet folders are kept
    in `parquet_dir` when given (a partitioned data set any Parquet reader can query),
    otherwise in a temporary folder removed at the end.
    """
    from dask.distributed import as_completed

    from geopol.ingest import iter_files

    settings = settings or get_settings()
    size = partition_size or settings.batch_size
    started = time.perf_counter()
    keep = parquet_dir is not None
    out_dir = Path(parquet_dir) if keep else Path(tempfile.mkdtemp(prefix="geopol-parts-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = DistributedSummary()
    client, cluster = _client(workers, scheduler)
    try:
        summary.workers = len(client.scheduler_info().get("workers", {}))
        files = iter_files([Path(p) for p in paths], include=include, exclude=exclude)
        futures = [
            client.submit(
                process_partition, f"part-{i:06d}", batch, str(out_dir), date, settings, pure=False
            )
            for i, batch in enumerate(iter_partitions(files, size))
        ]
        for future in as_completed(futures):
            part: PartitionResult = future.result()
            added = store.import_parquet(part.folder)
            _merge(summary, part, added)
            if not keep:
                shutil.rmtree(part.folder, ignore_errors=True)
            if on_partition:
                on_partition(part)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        if not keep:
            shutil.rmtree(out_dir, ignore_errors=True)
    summary.seconds = time.perf_counter() - started
    return summary


def _merge(summary: DistributedSummary, part: PartitionResult, added: dict[str, int]) -> None:
    summary.partitions.append(part)
    summary.ingested += added["documents"]
    summary.duplicates += part.duplicates + (part.documents - added["documents"])
    summary.failed.extend(part.failed)
    summary.sentences += added["sentences"]
    summary.events += added["events"]
    summary.relations += added["relations"]
