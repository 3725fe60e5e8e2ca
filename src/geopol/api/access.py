"""How the server reaches the store without holding it hostage.

A DuckDB file takes one writer process at a time, and a process that holds it open (even
read-only) keeps `geopol ingest` out. So the server holds the file read-only only while
requests come in, and lets go of it after a short idle time. When an ingest in another
process holds the file, opening fails with `StoreLocked`, which the API turns into a 503
with a clear message.

An ingest started from the API runs in this process: while it writes, readers share its
database through cursors (DuckDB connections on one database see each other's commits),
because DuckDB refuses a second, read-only open of a file this process has open for writing.
"""

from __future__ import annotations

import threading
import time
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

    def signatures(self) -> Iterator[tuple[str, str | None, dict[str, Any]]]: ...

    def source_of(self, doc_id: str) -> str | None: ...


class StoreAccess(Protocol):
    def reading(self) -> AbstractContextManager[Store]: ...

    def writing(self) -> AbstractContextManager[Writer]: ...

    def view(self) -> Store:
        """One Store object for the server's life (see `StoreView`)."""
        ...

    def close(self) -> None: ...


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

    def close(self) -> None:
        return None  # the caller owns the store object


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

    def signatures(self) -> Iterator[tuple[str, str | None, dict[str, Any]]]:
        with self.lock:
            found = list(self.store.signatures())
        return iter(found)

    def source_of(self, doc_id: str) -> str | None:
        with self.lock:
            return self.store.source_of(doc_id)


class LookupCache:
    """Actors and document names already read, shared by every request.

    Both are write-once in the store (an actor row is never updated, a document never
    renamed), so a remembered hit stays true; misses are not remembered, since a later
    ingest may add them. A DuckDB point query costs about a millisecond, and one page of
    relations names dozens of actors.
    """

    MAX_ENTRIES = 200_000

    def __init__(self) -> None:
        self.actors: dict[str, Actor] = {}
        self.sources: dict[str, str] = {}
        self.file_identity: tuple[int, int] | None = None

    def check_file(self, path: Path) -> None:
        """Forget everything when the file was replaced by another one."""
        st = path.stat()
        identity = (st.st_dev, st.st_ino)
        if identity != self.file_identity:
            self.actors.clear()
            self.sources.clear()
            self.file_identity = identity

    def trim(self) -> None:
        if len(self.actors) + len(self.sources) > self.MAX_ENTRIES:
            self.actors.clear()
            self.sources.clear()


class _CursorStore(DuckDBStore):
    """A DuckDBStore reading through a cursor of a connection this process already holds."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, cache: LookupCache) -> None:
        self.path = path
        self.read_only = True
        self.con = con
        self.cache = cache

    def actor(self, actor_id: str) -> Actor | None:
        hit = self.cache.actors.get(actor_id)
        if hit is None:
            hit = super().actor(actor_id)
            if hit is not None:
                self.cache.actors[actor_id] = hit
        return hit

    def source_of(self, doc_id: str) -> str | None:
        hit = self.cache.sources.get(doc_id)
        if hit is None:
            hit = super().source_of(doc_id)
            if hit is not None:
                self.cache.sources[doc_id] = hit
        return hit


class DuckDBFileAccess:
    """A DuckDB file read through cursors of one short-lived read-only connection.

    Opening a DuckDB file costs tens of milliseconds, a cursor a few microseconds, so
    readers share one read-only connection; it is closed once no request has used it for
    `idle_seconds`, which frees the file for a `geopol ingest` in another process. While an
    upload's ingest writes from this process, readers use cursors of its connection instead.
    """

    def __init__(self, path: str | Path, *, idle_seconds: float = 2.0) -> None:
        self.path = Path(path)
        self.idle_seconds = idle_seconds
        self._cond = threading.Condition()
        self._readers = 0
        self._switching = False
        self._writer: DuckDBStore | None = None
        self._shared: DuckDBStore | None = None
        self._last_used = 0.0
        self._reaper: threading.Thread | None = None
        self._view = StoreView(self)
        self._cache = LookupCache()

    @contextmanager
    def reading(self) -> Iterator[Store]:
        with self._cond:
            self._cond.wait_for(lambda: not self._switching)
            store = self._reader()  # under the lock: one opener, cursors made one at a time
            self._readers += 1
        try:
            yield store
        finally:
            store.close()
            with self._cond:
                self._readers -= 1
                self._last_used = time.monotonic()
                self._cond.notify_all()

    def _reader(self) -> Store:
        base = self._writer or self._shared
        if base is None:
            if not self.path.exists():
                # Nothing ingested yet: an empty store, so the dashboard can offer the upload.
                return MemoryStore()
            base = self._shared = DuckDBStore(self.path, read_only=True)  # may raise StoreLocked
            self._cache.check_file(self.path)
            self._start_reaper()
        self._cache.trim()
        return _CursorStore(base.con.cursor(), self.path, self._cache)

    def _start_reaper(self) -> None:
        if self._reaper is None or not self._reaper.is_alive():
            self._reaper = threading.Thread(
                target=self._close_when_idle, name="geopol-store-idle", daemon=True
            )
            self._reaper.start()

    def _close_when_idle(self) -> None:
        with self._cond:
            while self._shared is not None:
                idle = time.monotonic() - self._last_used
                if self._readers == 0 and idle >= self.idle_seconds:
                    self._close_shared()
                    return
                self._cond.wait(timeout=max(0.05, self.idle_seconds - idle))

    def _close_shared(self) -> None:
        if self._shared is not None:
            self._shared.close()
            self._shared = None

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
                # DuckDB refuses one file open twice in one process with different modes.
                self._close_shared()
                if open_writer:
                    self._writer = DuckDBStore(self.path)  # may raise StoreLocked
                elif self._writer is not None:
                    self._writer.close()
                    self._writer = None
            finally:
                self._switching = False
                self._cond.notify_all()

    def close(self, timeout: float = 10.0) -> None:
        with self._cond:
            # A reader still inside (a background thread) would see its connection vanish.
            self._cond.wait_for(lambda: self._readers == 0, timeout=timeout)
            self._close_shared()
            self._cond.notify_all()


class StoreView:
    """A Store that reaches the file through `DuckDBFileAccess.reading` on each call.

    It is one object for the life of the server, so caches keyed by the store object (the
    ask index is one) live from one request to the next instead of being rebuilt each time.
    """

    def __init__(self, access: DuckDBFileAccess) -> None:
        self._access = access

    @property
    def path(self) -> Path:
        """The store file: the ask vector cache lives beside it."""
        return self._access.path

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

    def signatures(self) -> Iterator[tuple[str, str | None, dict[str, Any]]]:
        return iter(cast("list[Any]", self._read_all("signatures")))

    def _read_all(self, method: str) -> list[Any]:
        with self._access.reading() as store:
            return list(getattr(store, method)())

    def close(self) -> None:
        return None


def access_for(store_or_path: Store | str | Path, *, idle_seconds: float = 2.0) -> StoreAccess:
    if isinstance(store_or_path, str | Path):
        return DuckDBFileAccess(store_or_path, idle_seconds=idle_seconds)
    return FixedStoreAccess(store_or_path)
