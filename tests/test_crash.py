"""Crash safety: `geopol ingest` killed with SIGKILL at a random moment loses nothing.

Each trial starts `geopol ingest FOLDER --db X` in a subprocess, kills it (-9) at a random
moment after it has opened the store (half the trials at a random time, half once the
write-ahead log has grown a random part of the way, i.e. between commits), checks that
what is stored is whole (every stored document has all its sentences and relations:
writes are transactions of whole documents), re-runs the same command to completion and
compares the store with the one an uninterrupted run wrote: same documents, same
relations and events, no duplicates, opens cleanly. ``GEOPOL_CRASH_TRIALS`` sets the
number of trials, ``GEOPOL_CRASH_SEED`` replays the moments of a run.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from geopol.store import DuckDBStore

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
TRIALS = int(os.environ.get("GEOPOL_CRASH_TRIALS", "8"))
RUN_TIMEOUT = 600  # seconds; a run that takes longer has hung


def ingest_command(folder: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "geopol.cli", "ingest", str(folder), "--db", str(db)]


# Documents go to the store a batch to a transaction (GEOPOL_BATCH_SIZE); two to a batch
# gives this small corpus several commits for the kills to fall between.
INGEST_ENV = {**os.environ, "GEOPOL_BATCH_SIZE": "2"}


@dataclass(frozen=True)
class Snapshot:
    """What a store holds, in a form two stores can be compared by."""

    documents: tuple[str, ...]
    relations: tuple[str, ...]
    events: tuple[str, ...]
    sentences: int
    mentions: int
    actors: tuple[str, ...]


def snapshot(db: Path) -> Snapshot:
    with DuckDBStore(db, read_only=True) as store:  # opens cleanly or raises
        con = store.con

        def column(sql: str) -> tuple[str, ...]:
            return tuple(str(row[0]) for row in con.execute(sql).fetchall())

        def count(sql: str) -> int:
            row = con.execute(sql).fetchone()
            return int(row[0]) if row else 0

        return Snapshot(
            documents=column("SELECT id FROM documents ORDER BY id"),
            relations=column("SELECT doc_id || '/' || id FROM relations ORDER BY 1"),
            events=column("SELECT doc_id || '/' || id FROM events ORDER BY 1"),
            sentences=count("SELECT count(*) FROM sentences"),
            mentions=count("SELECT count(*) FROM mentions"),
            actors=column("SELECT id FROM actors ORDER BY id"),
        )


def assert_whole(db: Path) -> int:
    """Every stored document has exactly the children it was written with; no duplicates.

    Returns the number of documents stored.
    """
    with DuckDBStore(db, read_only=True) as store:
        con = store.con
        rows = con.execute(
            """SELECT d.id, d.n_sentences, d.n_relations, d.n_events,
                      (SELECT count(*) FROM sentences s WHERE s.doc_id = d.id),
                      (SELECT count(*) FROM relations r WHERE r.doc_id = d.id),
                      (SELECT count(*) FROM events e WHERE e.doc_id = d.id)
               FROM documents d"""
        ).fetchall()
        for doc_id, n_sent, n_rel, n_ev, sent, rel, ev in rows:
            assert (sent, rel, ev) == (n_sent, n_rel, n_ev), f"document {doc_id} is half-written"
        ids = [r[0] for r in rows]
        assert len(ids) == len(set(ids)), "a document is stored twice"
        for table in ("sentences", "mentions", "events", "relations"):
            orphans = con.execute(
                f"SELECT count(*) FROM {table} WHERE doc_id NOT IN (SELECT id FROM documents)"
            ).fetchone()
            assert orphans is not None and orphans[0] == 0, f"{table} rows of no document"
        dupes = con.execute(
            "SELECT count(*) - count(DISTINCT doc_id || '/' || id) FROM relations"
        ).fetchone()
        assert dupes is not None and dupes[0] == 0, "a relation is stored twice"
        return len(ids)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Part of the demo corpus (texts we wrote): plain text, markdown, HTML and JSONL."""
    if not EXAMPLES.is_dir():
        pytest.skip("examples/ is missing")
    folder = tmp_path_factory.mktemp("corpus")
    picked = sorted(p for p in EXAMPLES.glob("*.*") if p.name != "README.md")[:6]
    picked += sorted((EXAMPLES / "feeds").glob("*.jsonl"))[:1]
    for path in picked:
        shutil.copy(path, folder / path.name)
    return folder


@dataclass(frozen=True)
class Reference:
    snapshot: Snapshot
    open_after: float  # seconds from start until the store file appeared
    total: float  # seconds for the whole run
    wal_bytes: int  # the largest the write-ahead log grew: each commit adds to it


def _wal(db: Path) -> Path:
    return db.with_name(db.name + ".wal")


def _wal_size(db: Path) -> int:
    try:
        return _wal(db).stat().st_size
    except OSError:
        return 0


def _wait_for_file(path: Path, proc: subprocess.Popen[bytes], started: float) -> float:
    while not path.exists() and proc.poll() is None:
        if time.monotonic() - started > RUN_TIMEOUT:
            raise AssertionError("ingest never opened the store")
        time.sleep(0.01)
    return time.monotonic() - started


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Reference:
    db = tmp_path_factory.mktemp("reference") / "ref.duckdb"
    started = time.monotonic()
    proc = subprocess.Popen(
        ingest_command(corpus, db),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=INGEST_ENV,
    )
    open_after = _wait_for_file(db, proc, started)
    wal_bytes = 0
    while proc.poll() is None:  # watch the log grow, commit by commit
        wal_bytes = max(wal_bytes, _wal_size(db))
        assert time.monotonic() - started < RUN_TIMEOUT
        time.sleep(0.005)
    _, err = proc.communicate(timeout=RUN_TIMEOUT)
    assert proc.returncode == 0, err.decode(errors="replace")
    total = time.monotonic() - started
    snap = snapshot(db)
    assert len(snap.documents) >= 6 and snap.relations, snap
    return Reference(snap, open_after, total, wal_bytes)


def _wait_for_wal(db: Path, size: float, proc: subprocess.Popen[bytes]) -> None:
    started = time.monotonic()
    while _wal_size(db) < size and proc.poll() is None:
        assert time.monotonic() - started < RUN_TIMEOUT
        time.sleep(0.002)


def run_ingest(corpus: Path, db: Path) -> subprocess.CompletedProcess[bytes]:
    """`geopol ingest` to completion (not killed)."""
    return subprocess.run(
        ingest_command(corpus, db),
        capture_output=True,
        timeout=RUN_TIMEOUT,
        check=False,
        env=INGEST_ENV,
    )


def uninterrupted(corpus: Path, db: Path) -> Snapshot:
    run = run_ingest(corpus, db)
    assert run.returncode == 0, run.stderr.decode(errors="replace")
    return snapshot(db)


@pytest.mark.slow
def test_sigkill_at_random_moments_then_rerun_equals_an_uninterrupted_run(
    corpus: Path, reference: Reference, tmp_path: Path
) -> None:
    seed = int(os.environ.get("GEOPOL_CRASH_SEED", str(random.randrange(1 << 30))))
    rng = random.Random(seed)
    window = max(0.2, reference.total - reference.open_after)
    expected = reference.snapshot
    total = len(expected.documents)
    killed_midway = 0
    for trial in range(TRIALS):
        db = tmp_path / f"trial{trial}.duckdb"
        started = time.monotonic()
        proc = subprocess.Popen(
            ingest_command(corpus, db),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=INGEST_ENV,
        )
        _wait_for_file(db, proc, started)
        if trial % 2 == 0:
            # A random moment in the trial's own slice of the run, so kills spread over it
            # (most land while a document is being read or processed).
            delay = window * (trial + rng.random()) / TRIALS
            time.sleep(delay)
            moment = f"{delay:.1f} s after the store opened"
        else:
            # Once the log has grown a random part of the way, i.e. between two commits:
            # a moment chosen by progress, not by a clock a loaded machine makes unreliable.
            part = rng.uniform(0.05, 0.95)
            _wait_for_wal(db, part * reference.wal_bytes, proc)
            pause = rng.uniform(0.0, 0.2)
            time.sleep(pause)
            moment = f"{pause:.2f} s after the log reached {part:.0%} of its size"
        was_running = proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        context = f"trial {trial} (GEOPOL_CRASH_SEED={seed})"
        stored = assert_whole(db) if db.exists() else 0  # opens, holds whole documents
        if was_running and 0 < stored < total:
            killed_midway += 1
        print(
            f"{context}: SIGKILL {moment} "
            f"({'running' if was_running else 'already done'}), {stored}/{total} stored"
        )
        rerun = run_ingest(corpus, db)
        assert rerun.returncode == 0, f"{context}: {rerun.stderr.decode(errors='replace')}"
        assert_whole(db)
        resumed = snapshot(db)
        if resumed != expected:
            # The code may have changed since the reference run (a working tree others
            # edit): compare with an uninterrupted run of the code as it is now.
            expected = uninterrupted(corpus, tmp_path / f"fresh{trial}.duckdb")
            print(f"{context}: differs from the first reference; compared with a fresh one")
        assert resumed == expected, context
    # The trials must have tested something: at least one kill landed between documents.
    assert killed_midway >= 1, f"no kill landed mid-ingest (GEOPOL_CRASH_SEED={seed})"


def test_store_left_by_a_killed_writer_opens_and_keeps_committed_documents(
    tmp_path: Path,
) -> None:
    """A process killed inside an open transaction: the committed document stays, the
    uncommitted one is gone, and the store opens for reading and writing."""
    db = tmp_path / "killed.duckdb"
    script = f"""
import os, signal, sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
from factories import processed
from geopol.store import DuckDBStore
store = DuckDBStore({str(db)!r})
store.write(processed(source="committed.txt"))
other = processed(text="Ruritania and Freedonia signed a water deal. Ruritania denied shelling Freedonia.",
                  source="uncommitted.txt")
store.con.execute("BEGIN TRANSACTION")
store._insert_document(other)
store._insert_children(other)
os.kill(os.getpid(), signal.SIGKILL)
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode(errors="replace")
    assert assert_whole(db) == 1
    with DuckDBStore(db) as store:
        assert [d.source for d in store.documents()] == ["committed.txt"]
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT count(*) FROM relations").fetchone()
        assert row is not None and row[0] == 2
