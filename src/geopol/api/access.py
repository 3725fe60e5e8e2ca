"""How the server reaches the store without holding it hostage.

A DuckDB file takes one writer process at a time, and a process that holds it open (even
read-only) keeps `geopol ingest` out. So the server opens the file read-only for each
request and closes it after. When an ingest in another process holds the file, opening
fails with `StoreLocked`, which the API turns into a 503 with a clear message.

An ingest started from the API runs in this process: while it writes, readers share its
database through cursors (DuckDB connections on one database see each other's commits),
because DuckDB refuses a second, read-only open of a file this process has open for writing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Protocol

import duckdb

from geopol.records import Processed
from geopol.store import DuckDBStore, MemoryStore, Store


class Writer(Protocol):
    """What the pipeline needs to store documents."""

    def has_document(self, doc_id: str) -> bool: ...

    def write(self, processed: Processed) -> bool: ...


class StoreAccess(Protocol):
    def reading(self) -> AbstractContextManager[Store]: ...

    def writing(self) -> AbstractContextManager[Writer]: ...


class FixedStoreAccess:
    """A store object handed in by the caller (a MemoryStore in tests, or any Store).

    One lock serialises each write against reads, so a reader never sees a half-added
    document; an ingest takes it per document, not for the whole job.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.RLock()

    @contextmanager
    def reading(self) -> Iterator[Store]:
        with self._lock:
            yield self.store

    @contextmanager
    def writing(self) -> Iterator[Writer]:
        yield _LockedWriter(self.store, self._lock)


class _LockedWriter:
    def __init__(self, store: Store, lock: threading.RLock) -> None:
        self.store = store
        self.lock = lock

    def has_document(self, doc_id: str) -> bool:
        with self.lock:
            return self.store.has_document(doc_id)

    def write(self, processed: Processed) -> bool:
        with self.lock:
            return self.store.write(processed)


class _CursorStore(DuckDBStore):
    """A DuckDBStore reading through a cursor of a connection this process already holds."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path) -> None:
        self.path = path
        self.read_only = True
        self.con = con


class DuckDBFileAccess:
    """A DuckDB file opened read-only per request, or shared with an in-process writer."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._cond = threading.Condition()
        self._readers = 0
        self._switching = False
        self._writer: DuckDBStore | None = None

    @contextmanager
    def reading(self) -> Iterator[Store]:
        with self._cond:
            self._cond.wait_for(lambda: not self._switching)
            self._readers += 1
            writer = self._writer
        try:
            store = self._open_reader(writer)
            try:
                yield store
            finally:
                store.close()
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    def _open_reader(self, writer: DuckDBStore | None) -> Store:
        if writer is not None:
            return _CursorStore(writer.con.cursor(), self.path)
        if not self.path.exists():
            # Nothing ingested yet: an empty store, so the dashboard can offer the upload.
            return MemoryStore()
        return DuckDBStore(self.path, read_only=True)

    @contextmanager
    def writing(self) -> Iterator[Writer]:
        self._switch(open_writer=True)
        try:
            assert self._writer is not None
            yield self._writer
        finally:
            self._switch(open_writer=False)

    def _switch(self, *, open_writer: bool) -> None:
        """Open or close the writer once no reader is inside; new readers wait meanwhile."""
        with self._cond:
            self._cond.wait_for(lambda: not self._switching)
            self._switching = True
            try:
                self._cond.wait_for(lambda: self._readers == 0)
                if open_writer:
                    self._writer = DuckDBStore(self.path)  # may raise StoreLocked
                elif self._writer is not None:
                    self._writer.close()
                    self._writer = None
            finally:
                self._switching = False
                self._cond.notify_all()


def access_for(store_or_path: Store | str | Path) -> StoreAccess:
    if isinstance(store_or_path, str | Path):
        return DuckDBFileAccess(store_or_path)
    return FixedStoreAccess(store_or_path)
