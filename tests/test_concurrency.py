"""Concurrent use of one store: a second writer and readers during an ingest.

DuckDB lets one process write a file and no one else open it meanwhile. geopol turns
that into a refusal with one clear line (`StoreLocked`, GP301) for a second `geopol
ingest` and for the query commands, and the running ingest is not disturbed: it
finishes and its store is whole. Nothing ever reads a half-written store.
"""

from __future__ import annotations

import multiprocessing
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from geopol.cli import app
from geopol.errors import StoreLocked
from geopol.store import DuckDBStore
from test_crash import EXAMPLES, assert_whole, ingest_command, snapshot

RUN_TIMEOUT = 600
runner = CliRunner()
LOCKED = StoreLocked.code

QUERY_COMMANDS = [
    ["relations", "--format", "jsonl"],
    ["actors", "--format", "json"],
    ["events", "--format", "csv"],
    ["summary"],
    ["ask", "Who signed an agreement?", "--json"],
    ["actor", "KEN"],
]


def _halves(text: str) -> tuple[str, str]:
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    middle = max(1, len(paragraphs) // 2)
    return "\n\n".join(paragraphs[:middle]), "\n\n".join(paragraphs[middle:])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus (texts we wrote) and as many documents again spliced from halves of
    two of its texts (new documents, not near-duplicates), so an ingest runs long enough
    for the checks to happen while it writes."""
    if not EXAMPLES.is_dir():
        pytest.skip("examples/ is missing")
    folder = tmp_path_factory.mktemp("corpus")
    plain = []
    for path in sorted(EXAMPLES.rglob("*.*")):
        if path.name == "README.md":
            continue
        shutil.copy(path, folder / path.name)
        if path.suffix in (".txt", ".md"):
            plain.append(_halves(path.read_text(encoding="utf-8")))
    for i, (first, _) in enumerate(plain):
        for step in (1, 2):
            second = plain[(i + step) % len(plain)][1]
            (folder / f"spliced_{i}_{step}.txt").write_text(f"{first}\n\n{second}\n")
    return folder


def _wait_until_writing(db: Path, proc: subprocess.Popen[bytes]) -> None:
    """Until the ingest has created (and so locked) the store file."""
    started = time.monotonic()
    while not db.exists():
        assert proc.poll() is None, "the ingest ended before it opened the store"
        assert time.monotonic() - started < RUN_TIMEOUT
        time.sleep(0.01)
    time.sleep(0.3)  # DuckDB creates the file and takes its lock in one call; be sure


def _one_clear_line(stderr: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and LOCKED in lines[0], stderr
    assert "in use by another geopol process" in lines[0], stderr


@pytest.mark.slow
def test_second_ingest_and_queries_are_refused_clearly_while_an_ingest_writes(
    corpus: Path, tmp_path: Path
) -> None:
    db = tmp_path / "busy.duckdb"
    writer = subprocess.Popen(
        ingest_command(corpus, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        _wait_until_writing(db, writer)
        # Every query command (here in this process: the lock is the writer's).
        for command in QUERY_COMMANDS:
            result = runner.invoke(app, [*command, "--db", str(db)])
            assert result.exit_code == 1, (command, result.output)
            assert LOCKED in result.output, (command, result.output)
        # A query command from another process: refused the same way, never a bad read.
        query = subprocess.run(
            [sys.executable, "-m", "geopol.cli", "relations", "--db", str(db)],
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
        )
        assert query.returncode == 1 and not query.stdout.strip(), query
        _one_clear_line(query.stderr)
        # A second ingest of the same folder into the same store: refused, one line.
        second = subprocess.run(
            ingest_command(corpus, db), capture_output=True, text=True, timeout=RUN_TIMEOUT
        )
        assert second.returncode == 1, second
        _one_clear_line(second.stderr)
        assert writer.poll() is None, "the ingest ended before the checks: use a larger corpus"
    finally:
        _, err = writer.communicate(timeout=RUN_TIMEOUT)
    # The first ingest was not disturbed: it finished and its store is whole.
    assert writer.returncode == 0, err.decode(errors="replace")
    stored = assert_whole(db)
    assert stored >= 25
    rows = runner.invoke(app, ["relations", "--db", str(db), "--format", "jsonl"])
    assert rows.exit_code == 0
    assert len(rows.output.splitlines()) == len(snapshot(db).relations)


def _hold_read_only(path: str, ready: Any, release: Any) -> None:
    store = DuckDBStore(path, read_only=True)
    ready.set()
    release.wait(120)
    store.close()


def test_ingest_while_a_reader_holds_the_store_is_refused_then_works(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "note.txt").write_text(
        "Kenya and Ethiopia signed a security agreement on 3 May 2021.", encoding="utf-8"
    )
    db = tmp_path / "read.duckdb"
    DuckDBStore(db).close()  # an empty store, as after `geopol ingest` of nothing
    ctx = multiprocessing.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    reader = ctx.Process(target=_hold_read_only, args=(str(db), ready, release))
    reader.start()
    try:
        assert ready.wait(120)
        refused = runner.invoke(app, ["ingest", str(source), "--db", str(db)])
        assert refused.exit_code == 1 and LOCKED in refused.output, refused.output
        # Other readers are welcome at the same time.
        assert runner.invoke(app, ["summary", "--db", str(db)]).exit_code == 0
    finally:
        release.set()
        reader.join(60)
    done = runner.invoke(app, ["ingest", str(source), "--db", str(db)])
    assert done.exit_code == 0, done.output
    assert assert_whole(db) == 1
