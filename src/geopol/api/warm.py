"""Warming the ask vector cache in the background, so no question waits for embeddings.

Embedding a cold store takes seconds per few hundred sentences on a small machine, longer
than a question may take. `geopol serve` therefore embeds in a thread of its own, at start
and after each upload, while `/api/ask` answers from cached vectors only: with BM25 alone
(``"retrieval": "bm25"``) until the cache covers the store, then hybrid.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from geopol.ask.index import dense_wanted, embed_store
from geopol.store import Store

logger = logging.getLogger("geopol.api")


class VectorWarmer:
    """One background thread that embeds the sentences the vector cache lacks.

    `start` is cheap and safe to call often: while a run is going, it only asks for one
    more run after it (for sentences an upload added meanwhile).
    """

    def __init__(self, store: Callable[[], Store]) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._again = False
        self._stopping = False
        self._thread: threading.Thread | None = None
        self.state = "idle"  # idle → warming → ready | failed
        self.embedded = 0
        self.error: str | None = None

    def start(self) -> bool:
        """Warm the cache in the background; False when dense retrieval is off."""
        if self._stopping or not dense_wanted():
            return False
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                self._again = True
                return True
            self._again = False
            self._idle.clear()
            self.state = "warming"
            self._thread = threading.Thread(
                target=self._run, name="geopol-ask-vectors", daemon=True
            )
            self._thread.start()
        return True

    def stop(self) -> None:
        """Stop after the batch being embedded (server shutdown); what is done is saved."""
        self._stopping = True

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no run is going (tests, and a clean shutdown); True if so."""
        return self._idle.wait(timeout)

    def _run(self) -> None:
        while True:
            try:
                self.embedded += embed_store(self._store(), self._check_stop)
                state, self.error = "ready", None
            except _Stopped:
                state = "idle"
            except Exception as exc:  # a failed warm-up leaves BM25 answering, never a crash
                logger.warning("warming the ask vectors failed: %s", exc)
                state, self.error = "failed", f"{type(exc).__name__}: {exc}"
            with self._lock:
                if not self._again or self._stopping:
                    self.state = state
                    self._idle.set()
                    return
                self._again = False

    def _check_stop(self, done: int, total: int) -> None:
        if self._stopping:
            raise _Stopped


class _Stopped(Exception):
    """The server is shutting down: leave the rest for the next start."""
