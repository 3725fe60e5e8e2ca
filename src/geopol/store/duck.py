"""The embedded default store: one DuckDB file.

Documents are written whole inside transactions (one per document, or a batch of whole
documents), so a killed ingest leaves each document either complete or absent; re-running
the same ingest fills in what is missing.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from geopol.errors import SchemaError, StoreError, StoreLocked
from geopol.records import Actor, Document, Event, Mention, Processed, Relation, Sentence
from geopol.store import codec
from geopol.store.base import SCHEMA_VERSION, ActorStats, DocumentInfo, RelationFilter

_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS schema_version (
        version INTEGER NOT NULL, applied_at TIMESTAMP DEFAULT current_timestamp)""",
    """CREATE TABLE IF NOT EXISTS documents (
        id VARCHAR PRIMARY KEY, source VARCHAR NOT NULL, title VARCHAR, published VARCHAR,
        published_text VARCHAR, language VARCHAR, url VARCHAR, path VARCHAR,
        raw_text VARCHAR NOT NULL, clean_text VARCHAR, offsets JSON, warnings JSON,
        n_sentences INTEGER, n_events INTEGER, n_relations INTEGER,
        ingested_at TIMESTAMP DEFAULT current_timestamp)""",
    """CREATE TABLE IF NOT EXISTS sentences (
        doc_id VARCHAR NOT NULL, idx INTEGER NOT NULL, start_off INTEGER, end_off INTEGER,
        text VARCHAR, clean_start INTEGER, clean_end INTEGER, paragraph INTEGER)""",
    """CREATE TABLE IF NOT EXISTS actors (
        id VARCHAR PRIMARY KEY, name VARCHAR, type VARCHAR, country VARCHAR, cameo VARCHAR,
        data JSON)""",
    """CREATE TABLE IF NOT EXISTS mentions (
        doc_id VARCHAR NOT NULL, sentence_index INTEGER, actor_id VARCHAR, text VARCHAR,
        start_off INTEGER, end_off INTEGER, data JSON)""",
    """CREATE TABLE IF NOT EXISTS events (
        id VARCHAR, doc_id VARCHAR NOT NULL, sentence_index INTEGER, source_id VARCHAR,
        target_id VARCHAR, cameo VARCHAR, plover VARCHAR, quad_class INTEGER, goldstein DOUBLE,
        polarity VARCHAR, modality VARCHAR, date_value VARCHAR, data JSON)""",
    """CREATE TABLE IF NOT EXISTS signatures (
        doc_id VARCHAR NOT NULL, fingerprint VARCHAR, data JSON)""",
    """CREATE TABLE IF NOT EXISTS relations (
        id VARCHAR, doc_id VARCHAR NOT NULL, sentence_index INTEGER, source VARCHAR,
        target VARCHAR, relation VARCHAR, polarity VARCHAR, modality VARCHAR,
        date_value VARCHAR, data JSON)""",
]
_TABLES_BY_DOC = ("sentences", "mentions", "events", "relations", "signatures")
TABLES = ("documents", "actors", *_TABLES_BY_DOC)


def _sql_path(path: Path) -> str:
    """A path as a SQL string literal body (COPY and read_parquet take no parameters)."""
    return str(path).replace("'", "''")


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise StoreLocked(
                "the store is in use by another geopol process (an ingest is running?); "
                "wait for it to finish and try again",
                source=str(path),
            ) from exc
        raise StoreError(f"cannot open the store: {exc}", source=str(path)) from exc
    except duckdb.Error as exc:
        raise StoreError(f"cannot open the store: {exc}", source=str(path)) from exc


def _apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create what is missing of the schema, in one transaction: a kill leaves all or none."""
    con.execute("BEGIN TRANSACTION")
    try:
        for statement in _SCHEMA:
            con.execute(statement)
        row = con.execute("SELECT max(version) FROM schema_version").fetchone()
        if row is None or row[0] is None:
            con.execute("INSERT INTO schema_version (version) VALUES (?)", [SCHEMA_VERSION])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _create_store_file(path: Path) -> None:
    """Create a new store file with its schema under a temporary name, then link it into
    place, so `path` never exists without its schema (a kill -9 between DuckDB creating the
    file and the schema's commit used to leave a file no geopol command would open).
    `os.link` refuses to replace: when two processes create the same store at once, the
    first one's file wins and the other's is dropped, never swapped under an open store."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_orphan_temporaries(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.new")
    temporary.unlink(missing_ok=True)  # left by a killed run of this same process id
    try:
        con = _connect(temporary, read_only=False)
        try:
            _apply_schema(con)
        finally:
            con.close()
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
        Path(f"{temporary}.wal").unlink(missing_ok=True)


def _remove_orphan_temporaries(path: Path) -> None:
    """Delete the temporary store files of creations whose process is gone (killed before it
    could clean up); another live process's file is left alone."""
    for orphan in path.parent.glob(f".{path.name}.*.new*"):
        pid = orphan.name.removeprefix(f".{path.name}.").split(".", 1)[0]
        if pid.isdigit() and not _process_alive(int(pid)):
            orphan.unlink(missing_ok=True)


def _process_alive(pid: int) -> bool:
    if os.name == "nt":
        return True  # os.kill would end the process there: never sweep on Windows
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists under another user, or cannot tell: keep its file
    return True


class DuckDBStore:
    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and str(path) != ":memory:" and not self.path.exists():
            raise StoreError(
                "no store here yet; run `geopol ingest PATH` first", source=str(self.path)
            )
        self.read_only = read_only
        if not read_only and str(path) != ":memory:" and not self.path.exists():
            _create_store_file(self.path)
        self.con = _connect(self.path, read_only)
        if not read_only:
            self._migrate()
        self._check_version()

    # -- schema -----------------------------------------------------------------------
    def _migrate(self) -> None:
        _apply_schema(self.con)

    def _check_version(self) -> None:
        try:
            row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        except duckdb.CatalogException as exc:
            raise SchemaError(
                "not a geopol store (no schema_version table)", source=str(self.path)
            ) from exc
        version = row[0] if row else None
        if version is None or version > SCHEMA_VERSION:
            raise SchemaError(
                f"store schema version {version} is not supported by this geopol "
                f"(supports {SCHEMA_VERSION})",
                source=str(self.path),
            )

    # -- writes -----------------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        # fetchall: a result left unfinished would block the next statement's Arrow scan
        rows = self.con.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchall()
        return bool(rows)

    def write(self, processed: Processed) -> bool:
        return self.write_many([processed]) == 1

    def write_many(self, items: Iterable[Processed], batch_size: int = 64) -> int:
        """Store documents, `batch_size` to a transaction with one insert per table.

        Documents already stored, or repeated in `items`, are left out; returns how many
        were stored. A transaction holds whole documents only, so a killed ingest never
        leaves half a document behind.
        """
        written = 0
        batch: list[Processed] = []
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                written += self._write_batch(batch)
                batch = []
        if batch:
            written += self._write_batch(batch)
        return written

    def _write_batch(self, batch: list[Processed]) -> int:
        self.con.execute("BEGIN TRANSACTION")
        try:
            stored = self._stored_ids([p.document.id for p in batch])
            new: dict[str, Processed] = {}
            for p in batch:
                if p.document.id not in new and p.document.id not in stored:
                    new[p.document.id] = p
            if new:
                self._insert(list(new.values()))
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return len(new)

    def _stored_ids(self, doc_ids: list[str]) -> set[str]:
        """Which of these documents are stored, in one query (one per document cost ~1 ms each)."""
        rows = self.con.execute(
            "SELECT id FROM documents WHERE list_contains(?, id)", [doc_ids]
        ).fetchall()
        return {row[0] for row in rows}

    def _insert(self, batch: list[Processed]) -> None:
        self._insert_rows("documents", [_document_row(p) for p in batch], columns=_DOCUMENT_COLUMNS)
        self._insert_children_of(batch)

    def _insert_document(self, p: Processed) -> None:
        self._insert_rows("documents", [_document_row(p)], columns=_DOCUMENT_COLUMNS)

    def _insert_children(self, p: Processed) -> None:
        self._insert_children_of([p])

    def _insert_children_of(self, batch: list[Processed]) -> None:
        rows: dict[str, list[list[Any]]] = {table: [] for table in _TABLES_BY_DOC}
        actors: dict[str, list[Any]] = {}  # the first row of each actor id wins
        for p in batch:
            doc_id = p.document.id
            rows["sentences"] += [
                [doc_id, s.index, s.start, s.end, s.text, s.clean_start, s.clean_end, s.paragraph]
                for s in p.sentences
            ]
            for a in p.actors:
                if a.id not in actors:
                    actors[a.id] = [a.id, a.name, a.type, a.country, a.cameo, codec.dumps(a)]
            rows["mentions"] += [
                [doc_id, m.sentence_index, m.actor_id, m.text, m.start, m.end, codec.dumps(m)]
                for m in p.mentions
            ]
            rows["events"] += [_event_row(doc_id, e) for e in p.events]
            rows["relations"] += [_relation_row(doc_id, r) for r in p.relations]
            if p.signature is not None:
                rows["signatures"].append([doc_id, p.fingerprint, json.dumps(p.signature)])
        self._insert_rows(
            "actors", list(actors.values()), on_conflict="ON CONFLICT (id) DO NOTHING"
        )
        for table, table_rows in rows.items():
            self._insert_rows(table, table_rows)

    def _insert_rows(
        self, table: str, rows: list[list[Any]], *, columns: str = "", on_conflict: str = ""
    ) -> None:
        """Insert rows (in the table's column order, or `columns`) in one statement through
        an Arrow table: `executemany` and one INSERT per row were most of an ingest's time."""
        if not rows:
            return
        values = zip(*rows, strict=True)
        batch = pa.table({f"c{i}": pa.array(column) for i, column in enumerate(values)})
        self.con.register("_geopol_rows", batch)
        try:
            self.con.execute(
                f"INSERT INTO {table} {columns} SELECT * FROM _geopol_rows {on_conflict}"
            )
        finally:
            self.con.unregister("_geopol_rows")

    # -- reads ------------------------------------------------------------------------
    def document(self, doc_id: str) -> Document | None:
        row = self.con.execute(
            """SELECT id, source, raw_text, title, published, published_text, language,
               clean_text, offsets, url, path, warnings FROM documents WHERE id = ?""",
            [doc_id],
        ).fetchone()
        if row is None:
            return None
        keys = ["id", "source", "raw_text", "title", "published", "published_text", "language",
                "clean_text", "offsets", "url", "path", "warnings"]  # fmt: skip
        data: dict[str, Any] = dict(zip(keys, row, strict=True))
        data["offsets"] = json.loads(data["offsets"]) if data["offsets"] else None
        data["warnings"] = json.loads(data["warnings"]) if data["warnings"] else []
        return codec.document_from_dict(data)

    def documents(self) -> list[DocumentInfo]:
        rows = self.con.execute(
            """SELECT id, source, title, published, language, n_sentences, n_events, n_relations
               FROM documents ORDER BY source, id"""
        ).fetchall()
        return [DocumentInfo(*row) for row in rows]

    def sentences(self, doc_id: str) -> list[Sentence]:
        rows = self.con.execute(
            """SELECT doc_id, idx, start_off, end_off, text, clean_start, clean_end, paragraph
               FROM sentences WHERE doc_id = ? ORDER BY idx""",
            [doc_id],
        ).fetchall()
        return [Sentence(*row) for row in rows]

    def actor(self, actor_id: str) -> Actor | None:
        row = self.con.execute("SELECT data FROM actors WHERE id = ?", [actor_id]).fetchone()
        return codec.loads(Actor, row[0]) if row else None

    def actors(self) -> list[ActorStats]:
        rows = self.con.execute(
            """SELECT a.data, count(m.actor_id), count(DISTINCT m.doc_id)
               FROM actors a LEFT JOIN mentions m ON m.actor_id = a.id
               GROUP BY a.id, a.data ORDER BY count(m.actor_id) DESC, a.id"""
        ).fetchall()
        out = []
        for data, n_mentions, n_docs in rows:
            actor = codec.loads(Actor, data)
            assert actor is not None
            out.append(ActorStats(actor=actor, mentions=n_mentions, documents=n_docs))
        return out

    def mentions(self, actor_id: str | None = None, doc_id: str | None = None) -> list[Mention]:
        where, params = _where({"actor_id": actor_id, "doc_id": doc_id})
        rows = self.con.execute(
            f"SELECT data FROM mentions {where} ORDER BY doc_id, start_off", params
        ).fetchall()
        return [codec.mention_from_dict(json.loads(r[0])) for r in rows]

    def events(self, doc_id: str | None = None, actor: str | None = None) -> list[Event]:
        where, params = _where({"doc_id": doc_id})
        if actor is not None:
            where += (" AND " if where else "WHERE ") + "(source_id = ? OR target_id = ?)"
            params += [actor, actor]
        rows = self.con.execute(
            f"SELECT data FROM events {where} ORDER BY doc_id, sentence_index, id", params
        ).fetchall()
        return [codec.event_from_dict(json.loads(r[0])) for r in rows]

    def relations(self, flt: RelationFilter | None = None) -> list[Relation]:
        flt = flt or RelationFilter()
        clauses: list[str] = []
        params: list[Any] = []
        for column, value in (("doc_id", flt.doc_id), ("relation", flt.relation),
                              ("polarity", flt.polarity)):  # fmt: skip
            if value:
                clauses.append(f"{column} = ?")
                params.append(value)
        for value in (flt.actor, flt.other):
            if value:
                clauses.append("(source = ? OR target = ?)")
                params += [value, value]
        if not flt.include_negated:
            clauses.append("modality <> 'negated'")
        if flt.since:
            clauses.append("date_value IS NOT NULL AND date_value >= ?")
            params.append(flt.since)
        if flt.until:
            clauses.append("date_value IS NOT NULL AND left(date_value, ?) <= ?")
            params += [len(flt.until), flt.until]
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        sql = f"SELECT data FROM relations {where} ORDER BY doc_id, sentence_index, id"
        if flt.limit is not None:
            sql += f" LIMIT {int(flt.limit)} OFFSET {int(flt.offset)}"
        elif flt.offset:
            sql += f" OFFSET {int(flt.offset)}"
        rows = self.con.execute(sql, params).fetchall()
        return [codec.relation_from_dict(json.loads(r[0])) for r in rows]

    # -- parquet ----------------------------------------------------------------------
    def export_parquet(self, folder: str | Path) -> list[Path]:
        """Write every table as `<folder>/<table>.parquet` (the store's own schema)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for table in TABLES:
            target = folder / f"{table}.parquet"
            self.con.execute(f"COPY {table} TO '{_sql_path(target)}' (FORMAT parquet)")
            written.append(target)
        return written

    def import_parquet(self, folder: str | Path) -> dict[str, int]:
        """Add the documents of a Parquet folder written by `export_parquet`.

        Returns the number of rows added per table (`documents`, `sentences`, ...).

        Documents already in the store are left alone with everything that hangs on them,
        so importing the same folder twice adds nothing.
        """
        folder = Path(folder)
        parts = {t: _sql_path(folder / f"{t}.parquet") for t in TABLES}
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute(
                f"""CREATE OR REPLACE TEMP TABLE _new_docs AS
                SELECT DISTINCT id FROM read_parquet('{parts["documents"]}')
                WHERE id NOT IN (SELECT id FROM documents)"""
            )
            added = {"documents": self._count("SELECT count(*) FROM _new_docs")}
            self.con.execute(
                f"""INSERT INTO documents SELECT * FROM read_parquet('{parts["documents"]}')
                WHERE id IN (SELECT id FROM _new_docs)"""
            )
            for table in _TABLES_BY_DOC:
                before = self._count(f"SELECT count(*) FROM {table}")
                self.con.execute(
                    f"""INSERT INTO {table} SELECT * FROM read_parquet('{parts[table]}')
                    WHERE doc_id IN (SELECT id FROM _new_docs)"""
                )
                added[table] = self._count(f"SELECT count(*) FROM {table}") - before
            self.con.execute(
                f"""INSERT INTO actors SELECT * FROM read_parquet('{parts["actors"]}')
                ON CONFLICT (id) DO NOTHING"""
            )
            self.con.execute("DROP TABLE _new_docs")
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return added

    def _count(self, sql: str) -> int:
        row = self.con.execute(sql).fetchone()
        return int(row[0]) if row else 0

    def signatures(self) -> Iterator[tuple[str, str | None, dict[str, Any]]]:
        """(doc id, fingerprint, signature) of every stored document that has one."""
        cursor = self.con.cursor()
        cursor.execute("SELECT doc_id, fingerprint, data FROM signatures ORDER BY doc_id")
        while rows := cursor.fetchmany(1000):
            for doc_id, exact, data in rows:
                yield doc_id, exact, json.loads(data)
        cursor.close()

    def source_of(self, doc_id: str) -> str | None:
        row = self.con.execute("SELECT source FROM documents WHERE id = ?", [doc_id]).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> DuckDBStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _where(equals: dict[str, Any]) -> tuple[str, list[Any]]:
    clauses = [f"{k} = ?" for k, v in equals.items() if v is not None]
    params = [v for v in equals.values() if v is not None]
    return (("WHERE " + " AND ".join(clauses)) if clauses else "", params)


_DOCUMENT_COLUMNS = """(id, source, title, published, published_text, language, url, path,
    raw_text, clean_text, offsets, warnings, n_sentences, n_events, n_relations)"""


def _document_row(p: Processed) -> list[Any]:
    d = p.document
    return [
        d.id, d.source, d.title, d.published, d.published_text, d.language, d.url,
        d.path, d.raw_text, d.clean_text, json.dumps(d.offsets.to_dict()),
        json.dumps(d.warnings), len(p.sentences), len(p.events), len(p.relations),
    ]  # fmt: skip


def _event_row(doc_id: str, e: Event) -> list[Any]:
    return [
        e.id, doc_id, e.sentence_index,
        e.source.actor_id if e.source else None, e.target.actor_id if e.target else None,
        e.cameo, e.plover, e.quad_class, e.goldstein, e.polarity, e.modality,
        e.date.value if e.date else None, codec.dumps(e),
    ]  # fmt: skip


def _relation_row(doc_id: str, r: Relation) -> list[Any]:
    return [
        r.id, doc_id, r.sentence_index, r.source, r.target, r.relation, r.polarity,
        r.modality, r.date.value if r.date else None, codec.dumps(r),
    ]  # fmt: skip
