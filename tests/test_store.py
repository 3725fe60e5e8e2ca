from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from factories import TEXT, processed
from geopol.errors import SchemaError, StoreError, StoreLocked
from geopol.store import DuckDBStore, MemoryStore, RelationFilter


@pytest.fixture(params=["memory", "duckdb"])
def store(request, tmp_path):
    s = MemoryStore() if request.param == "memory" else DuckDBStore(tmp_path / "t.duckdb")
    yield s
    s.close()


def test_write_is_idempotent(store):
    item = processed()
    assert store.write(item) is True
    assert store.write(item) is False
    assert len(store.documents()) == 1
    assert len(store.relations()) == 2
    assert len(store.events()) == 2


def test_round_trip_keeps_records(store):
    item = processed()
    store.write(item)
    doc = store.document(item.document.id)
    assert doc is not None and doc.raw_text == TEXT
    assert doc.offsets.to_raw(0, 9) == (0, 9)
    assert store.relations() == item.relations
    assert store.events() == item.events
    assert store.sentences(item.document.id) == item.sentences
    assert store.actor("RUR") == item.actors[0]
    assert store.source_of(item.document.id) == "demo.txt"


def test_relation_filters_agree_between_stores(tmp_path):
    mem, duck = MemoryStore(), DuckDBStore(tmp_path / "f.duckdb")
    for s in (mem, duck):
        s.write(processed())
        s.write(processed(TEXT.replace("May 2021", "June 2022"), "other.txt"))
    filters = [
        RelationFilter(),
        RelationFilter(relation="attack"),
        RelationFilter(include_negated=False),
        RelationFilter(since="2021-06"),
        RelationFilter(until="2021"),
        RelationFilter(actor="RUR", polarity="conflictual"),
        RelationFilter(limit=1, offset=1),
    ]
    for flt in filters:
        assert [r.id for r in mem.relations(flt)] == [r.id for r in duck.relations(flt)], flt
    assert len(duck.relations(RelationFilter(include_negated=False))) == 2
    duck.close()


def test_actor_stats_count_mentions(store):
    store.write(processed())
    stats = {s.actor.id: s for s in store.actors()}
    assert stats["RUR"].mentions == 2 and stats["RUR"].documents == 1


def test_read_only_store_requires_existing_file(tmp_path):
    with pytest.raises(StoreError, match="no store here yet"):
        DuckDBStore(tmp_path / "missing.duckdb", read_only=True)


def test_non_geopol_database_is_refused(tmp_path):
    import duckdb

    path = tmp_path / "other.duckdb"
    duckdb.connect(str(path)).execute("CREATE TABLE x (a INT)").close()
    with pytest.raises(SchemaError):
        DuckDBStore(path, read_only=True)


def _hold_store(path: str, ready, release) -> None:
    store = DuckDBStore(path)
    ready.set()
    release.wait(30)
    store.close()


def test_second_writer_is_refused_with_clear_error(tmp_path: Path):
    path = str(tmp_path / "lock.duckdb")
    ctx = multiprocessing.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    proc = ctx.Process(target=_hold_store, args=(path, ready, release))
    proc.start()
    try:
        assert ready.wait(60)
        with pytest.raises(StoreLocked, match="in use by another geopol process"):
            DuckDBStore(path)
    finally:
        release.set()
        proc.join(30)


def test_parquet_export_import_round_trip_adds_each_document_once(tmp_path):
    part = DuckDBStore(":memory:")
    part.write(processed())
    part.write(processed(TEXT.replace("May 2021", "June 2022"), "other.txt"))
    part.export_parquet(tmp_path / "part")
    target = DuckDBStore(tmp_path / "main.duckdb")
    target.write(processed())  # one of the two is already stored
    added = target.import_parquet(tmp_path / "part")
    assert added["documents"] == 1 and added["relations"] == 2 and added["sentences"] == 2
    assert target.import_parquet(tmp_path / "part")["documents"] == 0
    assert len(target.documents()) == 2
    assert len(target.relations()) == 4
    assert sorted(r.id for r in target.relations()) == sorted(r.id for r in part.relations())
    part.close()
    target.close()


def test_a_new_store_file_never_appears_without_its_schema(tmp_path, monkeypatch) -> None:
    # A kill -9 while a new store is being created must not leave a file that no geopol
    # command opens: the file only appears, under its name, with its schema committed.
    import geopol.store.duck as duck

    db = tmp_path / "new.duckdb"

    def crash(con) -> None:
        raise KeyboardInterrupt  # stands in for the process dying mid-creation

    monkeypatch.setattr(duck, "_apply_schema", crash)
    with pytest.raises(KeyboardInterrupt):
        duck.DuckDBStore(db)
    assert not db.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind either
    monkeypatch.undo()
    with duck.DuckDBStore(db) as store:
        assert store.documents() == []
    with duck.DuckDBStore(db, read_only=True) as store:
        assert store.documents() == []


def test_schema_creation_is_one_transaction(tmp_path, monkeypatch) -> None:
    # A statement that fails after others ran leaves none of them: all or nothing.
    import duckdb

    import geopol.store.duck as duck

    monkeypatch.setattr(duck, "_SCHEMA", [*duck._SCHEMA, "CREATE TABLE broken (x NOTATYPE)"])
    con = duckdb.connect(str(tmp_path / "half.duckdb"))
    with pytest.raises(duckdb.Error):
        duck._apply_schema(con)
    tables = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    con.close()
    assert tables == []


def test_new_store_sweeps_temporary_files_of_dead_creators_only(tmp_path: Path) -> None:
    import subprocess
    import sys

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # reaped: its process id no longer exists
    path = tmp_path / "g.duckdb"
    orphan = tmp_path / f".g.duckdb.{dead.pid}.new"
    orphan_wal = tmp_path / f".g.duckdb.{dead.pid}.new.wal"
    live = tmp_path / f".g.duckdb.{os.getppid()}.new"
    for f in (orphan, orphan_wal, live):
        f.write_bytes(b"left by a kill")
    DuckDBStore(path).close()
    assert not orphan.exists() and not orphan_wal.exists()
    assert live.exists()
