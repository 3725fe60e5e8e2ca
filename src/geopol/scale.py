"""Scale-out on Dask distributed: the same batch stages, mapped over partitions of files.

The driver walks the user's paths (a sorted list of file names: the only whole-corpus
list anywhere) and cuts it into partitions. Each partition goes to a worker, which reads
its files as a stream, runs the pipeline on each document into an in-memory store and
writes that store's tables as Parquet (`<parts>/<partition>/<table>.parquet`, the store's
own schema). The driver imports finished partitions into the DuckDB store *in partition
order*, so the store ends up as an in-process ingest would have left it (same documents,
same ids, same duplicates), and queries, ask and the dashboard work unchanged.

Dask appears only in this module. Startup costs (gazetteers, lexicons, spaCy) are paid
once per worker process: the stages cache them at module level and the workers are
warmed up before the first partition arrives.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geopol.errors import ProcessingError
from geopol.records import Document, Skipped
from geopol.settings import Settings, get_settings

# Enough partitions per worker that a slow one does not leave the others idle at the end.
PARTITIONS_PER_WORKER = 4
# Partitions submitted ahead of the imports, per worker: keeps every worker busy while
# bounding what waits on the driver (results are small; Parquet stays on disk).
IN_FLIGHT_PER_WORKER = 2


@dataclass(slots=True)
class PartitionResult:
    """What one worker did with one partition (small: it travels back to the driver)."""

    name: str
    folder: str
    files: int = 0
    documents: int = 0
    duplicates: int = 0
    # Documents the driver found to repeat a stored story and left out of the import.
    near_duplicates: int = 0
    failed: list[Skipped] = field(default_factory=list)
    sentences: int = 0
    events: int = 0
    relations: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    peak_rss_mb: float = 0.0
    worker_pid: int = 0


def iter_partitions(files: Iterable[Path | str], size: int) -> Iterator[list[str]]:
    """Consecutive groups of at most `size` files (a file is never split across partitions)."""
    batch: list[str] = []
    for path in files:
        batch.append(str(path))
        if len(batch) >= max(1, size):
            yield batch
            batch = []
    if batch:
        yield batch


def _partition_size(n_files: int, workers: int, settings: Settings) -> int:
    """Files per partition: `settings.partition_size`, smaller for a small corpus so that
    every worker gets several partitions (one big partition would run on one worker)."""
    balanced = -(-n_files // max(1, workers * PARTITIONS_PER_WORKER))
    return max(1, min(settings.partition_size, balanced))


def warm_up(settings: Settings) -> float:
    """Load what the stages cache (gazetteers, lexicons, spaCy when NER is on) by running
    the pipeline on a short text; returns the seconds it took. Run once per worker."""
    from geopol.pipeline import process_document
    from geopol.records import OffsetMap, content_id

    started = time.perf_counter()
    # Touches every stage's tables: names, an event cue, a date and stance words.
    text = (
        "Turkey and Iraq signed a security agreement in Ankara on 3 March 2024, officials "
        "said. The two countries have close ties, but Baghdad condemned the air strikes."
    )
    doc = Document(id=content_id(text), source="<warm-up>", raw_text=text)
    doc.offsets = OffsetMap.identity(len(text))
    process_document(doc, settings)
    try:  # the role parser loads on the first sentence whose roles need it
        from geopol.events.parse import parse_texts

        parse_texts([text])
    except ImportError:
        pass
    return time.perf_counter() - started


def _read_guarded(path: str, date: str | None) -> Iterator[Document | Skipped]:
    """`read_file`, with a reader bug turned into a Skipped for that file alone."""
    from geopol.ingest import read_file

    try:
        yield from read_file(path, date=date)
    except Exception as exc:  # a reader bug on one file must not sink the partition
        reason = f"internal error while reading: {type(exc).__name__}: {exc}"
        yield ProcessingError(reason, source=Path(path).name).skipped()


def process_partition(
    name: str,
    files: Sequence[str],
    out_dir: str,
    date: str | None,
    settings: Settings,
    known_ids: KnownIds | frozenset[str] = frozenset(),
) -> PartitionResult:
    """Run the pipeline over one partition of files; write its tables as Parquet.

    Documents whose id is in `known_ids` (already in the target store) are counted as
    duplicates and not processed. The Parquet folder appears complete or not at all: it
    is written under a temporary name and renamed.
    """
    from geopol.pipeline import process_group
    from geopol.store.duck import DuckDBStore

    started, cpu_started = time.perf_counter(), time.process_time()
    folder = Path(out_dir) / name
    result = PartitionResult(name=name, folder=str(folder), files=len(files))
    store = DuckDBStore(":memory:")
    # One thread: the worker has one core's share, and its tables are small.
    store.con.execute("SET threads TO 1")
    try:
        # Written in batches: one insert per table per batch is much cheaper than per document.
        new = _new_documents(files, date, known_ids, settings, result, process_group)
        store.write_many(new, batch_size=settings.batch_size)
        scratch = Path(out_dir) / f".{name}.tmp"
        shutil.rmtree(scratch, ignore_errors=True)
        store.export_parquet(scratch)
        shutil.rmtree(folder, ignore_errors=True)  # a retried partition replaces its output
        scratch.rename(folder)
    finally:
        store.close()
    result.seconds = time.perf_counter() - started
    result.cpu_seconds = time.process_time() - cpu_started
    result.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result.worker_pid = os.getpid()
    return result


def _new_documents(
    files: Sequence[str],
    date: str | None,
    known_ids: KnownIds | frozenset[str],
    settings: Settings,
    result: PartitionResult,
    process_group: Callable[[list[Document], Settings], list[Any]],
) -> Iterator[Any]:
    """Processed documents of the partition that are neither in the store nor repeated;
    what is skipped or repeated is counted in `result` on the way. Documents are
    processed a group at a time (their role parses in one call)."""
    from geopol.pipeline import GROUP_CHARS, GROUP_DOCUMENTS

    seen: set[str] = set()  # ids in this partition: bounded by its size
    group: list[Document | Skipped] = []  # read failures too, to keep their order
    waiting = size = 0
    for path in files:
        for doc in _read_guarded(path, date):
            if isinstance(doc, Document):
                if doc.id in known_ids or doc.id in seen:
                    result.duplicates += 1
                    continue
                seen.add(doc.id)
                waiting, size = waiting + 1, size + len(doc.raw_text)
            group.append(doc)
            if waiting >= GROUP_DOCUMENTS or size >= GROUP_CHARS:
                yield from _processed(group, process_group(_documents(group), settings), result)
                group, waiting, size = [], 0, 0
    yield from _processed(group, process_group(_documents(group), settings), result)


def _documents(items: list[Document | Skipped]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def _processed(
    group: list[Document | Skipped], processed: list[Any], result: PartitionResult
) -> Iterator[Any]:
    """The processed documents of a group; its skipped items counted in `result`, in order."""
    done = iter(processed)
    for read in group:
        item = read if isinstance(read, Skipped) else next(done)
        if isinstance(item, Skipped):
            result.failed.append(item)
            continue
        result.documents += 1
        result.sentences += len(item.sentences)
        result.events += len(item.events)
        result.relations += len(item.relations)
        yield item


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
    # Cluster start and worker warm-up, included in `seconds`.
    startup_seconds: float = 0.0
    workers: int = 0


# Worker settings of the local cluster. Dask's statistical profiler samples the running
# task's stack every 10 ms from the worker's event loop thread, taking the GIL from the
# task each time: it cost 8-20% of a worker's CPU on the bench corpus (the busier the
# machine, the more), for a profile no one reads without the dashboard.
LOCAL_WORKER_CONFIG = {"distributed.worker.profile.enabled": False}


def _client(workers: int | None, scheduler: str | None) -> tuple[Any, Any]:
    import dask
    from dask.distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None
    # the nannies hand the configuration of the moment to the worker processes they start
    with dask.config.set(LOCAL_WORKER_CONFIG):
        cluster = LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            # no dashboard; the scheduler's small HTTP server (health, metrics) on a free
            # port, not on 8787, which another cluster on the machine may hold (a warning)
            dashboard_address=":0",
            scheduler_kwargs={"dashboard": False},
        )
    return Client(cluster), cluster


class _NearDuplicates:
    """The driver's near-duplicate check, made in document order as an in-process ingest
    makes it, so both leave the same documents in the store.

    Workers compute each document's signature (it is in the partition's `signatures`
    table); here a document whose text nearly repeats one already stored (or imported
    from an earlier partition) is cut out of its partition's Parquet before the import.
    """

    def __init__(self, store: Any) -> None:
        from geopol.ingest.dedup import NearDuplicateIndex, Signature

        self._signature = Signature.from_dict
        self.index = NearDuplicateIndex()
        for doc_id, exact, data in getattr(store, "signatures", lambda: ())():
            self.index.add_signature(doc_id, Signature.from_dict(data), exact)

    def drop_from(self, folder: Path, store: Any) -> int:
        """Remove the near-duplicates from a partition's Parquet; return how many."""
        if not (folder / "signatures.parquet").exists():
            return 0
        import duckdb

        con = duckdb.connect()
        try:
            drop = self._near_duplicates(con, folder, store)
            if drop:
                _filter_partition(con, folder, drop)
        finally:
            con.close()
        return len(drop)

    def _near_duplicates(self, con: Any, folder: Path, store: Any) -> set[str]:
        docs, sigs = (_sql_path(folder / f"{t}.parquet") for t in ("documents", "signatures"))
        rows = con.execute(
            f"""SELECT d.id, s.fingerprint, s.data
            FROM read_parquet('{docs}', file_row_number = true) d
            JOIN read_parquet('{sigs}') s ON s.doc_id = d.id
            ORDER BY d.file_row_number"""
        ).fetchall()
        drop: set[str] = set()
        for doc_id, exact, data in rows:
            if store.has_document(doc_id):
                continue  # the import leaves it alone; an exact duplicate, not a near one
            signature = self._signature(json.loads(data))
            if signature.size and self.index.query_signature(signature, exact) is not None:
                drop.add(doc_id)
            else:
                self.index.add_signature(doc_id, signature, exact)
        return drop


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


# Columns that name actors, per table.
_ACTOR_COLUMNS = (
    ("mentions", ("actor_id",)),
    ("events", ("source_id", "target_id")),
    ("relations", ("source", "target")),
)


def _filter_partition(con: Any, folder: Path, drop: set[str]) -> None:
    """Rewrite a partition's Parquet without the documents in `drop` and what hangs on them.

    Actors are kept only if a remaining mention, event or relation names them, as an
    in-process ingest would have stored them.
    """
    con.execute("CREATE TEMP TABLE dropped (id VARCHAR)")
    con.executemany("INSERT INTO dropped VALUES (?)", [[d] for d in sorted(drop)])
    part = {p.stem: _sql_path(p) for p in folder.glob("*.parquet")}
    queries = {
        table: f"SELECT * FROM read_parquet('{path}') WHERE "
        + ("id" if table == "documents" else "doc_id")
        + " NOT IN (SELECT id FROM dropped)"
        for table, path in part.items()
        if table != "actors"
    }
    if "actors" in part:
        named = " UNION ".join(
            f"SELECT {col} FROM read_parquet('{part[t]}') WHERE doc_id NOT IN "
            f"(SELECT id FROM dropped)"
            for t, cols in _ACTOR_COLUMNS
            if t in part
            for col in cols
        )
        queries["actors"] = f"SELECT * FROM read_parquet('{part['actors']}') WHERE id IN ({named})"
    for table, query in queries.items():
        scratch = folder / f".{table}.parquet.tmp"
        con.execute(f"COPY ({query}) TO '{_sql_path(scratch)}' (FORMAT parquet)")
        scratch.replace(folder / f"{table}.parquet")


class KnownIds:
    """Document ids already in the store, compact enough to send to every worker.

    Ids are 16 hex digits (64 bits of a SHA-256), kept as a sorted uint64 array: 8 bytes
    a document instead of ~100 for a Python set of strings, so a worker's memory stays
    small however large the store grows. Ids of another form go in a small set.
    """

    def __init__(self, ids: Iterable[str]) -> None:
        import numpy as np

        numbers: list[int] = []
        others: set[str] = set()
        for doc_id in ids:
            number = _id_number(doc_id)
            if number is None:
                others.add(doc_id)
            else:
                numbers.append(number)
        self._numbers = np.unique(np.array(numbers, dtype=np.uint64))
        self._others = frozenset(others)

    def __len__(self) -> int:
        return int(self._numbers.size) + len(self._others)

    def __contains__(self, doc_id: object) -> bool:
        if not isinstance(doc_id, str):
            return False
        number = _id_number(doc_id)
        if number is None:
            return doc_id in self._others
        import numpy as np

        at = int(np.searchsorted(self._numbers, np.uint64(number)))
        return at < self._numbers.size and int(self._numbers[at]) == number


_HEX = frozenset("0123456789abcdef")


def _id_number(doc_id: str) -> int | None:
    """The 64-bit number a content id spells, or None for an id of another form."""
    if len(doc_id) != 16 or not _HEX.issuperset(doc_id):
        return None
    return int(doc_id, 16)


def _stored_ids(store: Any) -> KnownIds:
    """Ids already in the store, so workers skip them before any work (re-runs are cheap)."""
    documents = getattr(store, "documents", None)
    return KnownIds(info.id for info in documents()) if documents else KnownIds(())


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

    `store` must offer `import_parquet(folder) -> dict[str, int]`. Partition Parquet
    folders are kept in `parquet_dir` when given (a partitioned data set any Parquet
    reader can query: `read_parquet('DIR/*/relations.parquet')`), otherwise in a
    temporary folder removed at the end. A partition that fails as a whole (a worker
    died) is reported as one Skipped per file and the ingest goes on.
    """
    from geopol.ingest import iter_files, missing_paths
    from geopol.ingest.metadata import validate_user_date

    settings = settings or get_settings()
    started = time.perf_counter()
    date = validate_user_date(date)
    given = [Path(p) for p in paths]
    summary = DistributedSummary()
    summary.failed.extend(missing_paths(given))
    files = list(iter_files(given, include=include, exclude=exclude))
    keep = parquet_dir is not None
    out_dir = Path(parquet_dir or tempfile.mkdtemp(prefix="geopol-parts-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    client, cluster = _client(workers, scheduler)
    try:
        client.run(warm_up, settings)
        summary.workers = len(client.scheduler_info().get("workers", {}))
        summary.startup_seconds = time.perf_counter() - started
        size = partition_size or _partition_size(len(files), summary.workers, settings)
        known = _stored_ids(store)
        known_arg: Any = client.scatter(known, broadcast=True) if len(known) else frozenset()
        # Names unique to this run: a --parquet-dir reused by a later ingest keeps both
        # runs' partitions (a re-run writes only what it added), never overwrites them.
        run = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
        tasks = (
            (f"part-{run}-{i:06d}", batch) for i, batch in enumerate(iter_partitions(files, size))
        )

        def submit(name: str, batch: list[str]) -> Any:
            return client.submit(
                process_partition, name, batch, str(out_dir), date, settings, known_arg,
                pure=False, key=f"geopol-{name}-{time.time_ns()}",
            )  # fmt: skip

        near = _NearDuplicates(store)

        def record(part: PartitionResult) -> None:
            added: dict[str, int] = {}
            if part.folder:
                part.near_duplicates = near.drop_from(Path(part.folder), store)
                added = store.import_parquet(part.folder)
            _merge(summary, part, added)
            if not keep:
                shutil.rmtree(part.folder, ignore_errors=True)
            if on_partition:
                on_partition(part)

        window = max(1, summary.workers) * IN_FLIGHT_PER_WORKER
        _run_in_order(tasks, submit, record, window)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        if not keep:
            shutil.rmtree(out_dir, ignore_errors=True)
    summary.seconds = time.perf_counter() - started
    return summary


def _run_in_order(
    tasks: Iterator[tuple[str, list[str]]],
    submit: Callable[[str, list[str]], Any],
    record: Callable[[PartitionResult], None],
    window: int,
) -> None:
    """Keep `window` partitions running; hand finished ones to `record` in task order.

    Importing in order makes the store's contents independent of which worker finished
    first. Results that arrive early wait (as small records; their Parquet is on disk).
    """
    from dask.distributed import as_completed

    pending = as_completed()
    names: dict[str, str] = {}  # future key -> partition name
    batches: dict[str, list[str]] = {}
    order: list[str] = []
    done: dict[str, PartitionResult] = {}
    position = 0

    def top_up() -> None:
        while len(batches) < window:
            task = next(tasks, None)
            if task is None:
                return
            name, batch = task
            batches[name] = batch
            order.append(name)
            future = submit(name, batch)
            names[future.key] = name
            pending.add(future)

    top_up()
    for future in pending:
        name = names.pop(future.key)
        done[name] = _result_or_failure(future, name, batches[name])
        future.release()
        while position < len(order) and order[position] in done:
            finished = order[position]
            position += 1
            del batches[finished]
            record(done.pop(finished))
        top_up()


def _result_or_failure(future: Any, name: str, batch: list[str]) -> PartitionResult:
    """The partition's result, or one Skipped per file when the partition as a whole failed."""
    try:
        result: PartitionResult = future.result()
        return result
    except Exception as exc:
        reason = f"partition {name} failed: {type(exc).__name__}: {exc}"
        failed = [ProcessingError(reason, source=Path(f).name).skipped() for f in batch]
        return PartitionResult(name=name, folder="", files=len(batch), failed=failed)


def _merge(summary: DistributedSummary, part: PartitionResult, added: dict[str, int]) -> None:
    summary.partitions.append(part)
    summary.ingested += added.get("documents", 0)
    # Documents this partition stored that the store already had (another partition, or
    # an earlier ingest, stored the same text) are duplicates too.
    summary.duplicates += part.duplicates + (part.documents - added.get("documents", 0))
    # (near-duplicates are among `part.documents` and were not added: counted above)
    summary.failed.extend(part.failed)
    summary.sentences += added.get("sentences", 0)
    summary.events += added.get("events", 0)
    summary.relations += added.get("relations", 0)
