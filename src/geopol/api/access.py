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
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Protocol, cast

import duckdb

from geopol.errors import StoreError
from geopol.records import Actor, Document, Event, Mention, Processed, Relation, Sentence
from geopol.store import ActorStats, DocumentInfo, DuckDBStore, MemoryStore, RelationFilter, Store


class Writer(Protocol):
    """What the pipeline needs to store documents."""

    def has_document(self, doc_id: str) -> bool: ...

    def write(self, processed: Processed) -> bool: ...


class StoreAccess(Protocol):
    def reading(self) -> AbstractContextManager[Store]: ...

    def writing(self) -> AbstractContextManager[Writer]: ...

    def view(self) -> Store:
        """One Store object for the server's life (see `StoreView`)."""
        ...


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

    def view(self) -> Store:
        return self.store


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
        self._view = StoreView(self)

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

    def view(self) -> Store:
        return self._view

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


class StoreView:
    """A Store that opens the file for each call and closes it after.

    It is one object for the life of the server, so caches keyed by the store object (the
    ask index is one) live from one request to the next instead of being rebuilt each time.
    """

    def __init__(self, access: DuckDBFileAccess) -> None:
        self._access = access

    def _read(self, method: str, *args: Any, **kwargs: Any) -> Any:
        with self._access.reading() as store:
            return getattr(store, method)(*args, **kwargs)

    def has_document(self, doc_id: str) -> bool:
        return bool(self._read("has_document", doc_id))

    def write(self, processed: Processed) -> bool:
        raise StoreError("this view of the store is read-only")

    def write_many(self, items: Iterable[Processed]) -> int:
        raise StoreError("this view of the store is read-only")

    def document(self, doc_id: str) -> Document | None:
        return cast("Document | None", self._read("document", doc_id))

    def documents(self) -> list[DocumentInfo]:
        return cast("list[DocumentInfo]", self._read("documents"))

    def sentences(self, doc_id: str) -> list[Sentence]:
        return cast("list[Sentence]", self._read("sentences", doc_id))

    def actor(self, actor_id: str) -> Actor | None:
        return cast("Actor | None", self._read("actor", actor_id))

    def actors(self) -> list[ActorStats]:
        return cast("list[ActorStats]", self._read("actors"))

    def mentions(self, actor_id: str | None = None, doc_id: str | None = None) -> list[Mention]:
        return cast("list[Mention]", self._read("mentions", actor_id=actor_id, doc_id=doc_id))

    def events(self, doc_id: str | None = None, actor: str | None = None) -> list[Event]:
        return cast("list[Event]", self._read("events", doc_id=doc_id, actor=actor))

    def relations(self, flt: RelationFilter | None = None) -> list[Relation]:
        return cast("list[Relation]", self._read("relations", flt))

    def source_of(self, doc_id: str) -> str | None:
        return cast("str | None", self._read("source_of", doc_id))

    def close(self) -> None:
        return None


def access_for(store_or_path: Store | str | Path) -> StoreAccess:
    if isinstance(store_or_path, str | Path):
        return DuckDBFileAccess(store_or_path)
    return FixedStoreAccess(store_or_path)
