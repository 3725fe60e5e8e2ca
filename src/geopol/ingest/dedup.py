"""Duplicate and near-duplicate documents: the same story saved twice, or in two formats.

- :func:`fingerprint` is an exact fingerprint of the *words* of a text (case, spacing,
  punctuation and markup ignored): a web page saved as .txt and as .md gets the same one.
- :class:`NearDuplicateIndex` finds texts that share most of their word 5-grams
  (MinHash signatures with locality-sensitive hashing), so a wire story republished
  with a different headline, or a page saved with and without its menus, is caught.

Pure Python plus numpy; the store decides what to do with a duplicate.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

from geopol.records import Document

SHINGLE_WORDS = 5
NUM_PERM = 64
BANDS = 16
DEFAULT_THRESHOLD = 0.8
# One text inside another (a wire story re-published with a new lead or a few edited
# lines) shares most of its 5-grams with it even when the Jaccard overlap is low;
# unrelated stories on the same subject share far less than this.
CONTAINMENT_THRESHOLD = 0.7

_WORD = re.compile(r"[^\W_]+")
_rng = np.random.default_rng(20240817)  # fixed: signatures must be stable across runs
_A = _rng.integers(1, 1 << 63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_B = _rng.integers(0, 1 << 63, size=NUM_PERM, dtype=np.uint64)
_MAX_HASH = np.uint64((1 << 32) - 1)


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def fingerprint_text(text: str) -> str:
    """16 hex digits identifying the word sequence of a text."""
    joined = " ".join(words(text))
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def fingerprint(doc: Document) -> str:
    """Exact fingerprint of a document's words (its clean text when cleaned, else raw)."""
    return fingerprint_text(doc.clean_text or doc.raw_text)


def _shingle_hashes(text: str) -> np.ndarray:
    tokens = words(text)
    if len(tokens) < SHINGLE_WORDS:
        grams = [" ".join(tokens)] if tokens else []
    else:
        grams = [" ".join(tokens[i : i + SHINGLE_WORDS]) for i in range(len(tokens) - 4)]
    values = {
        int.from_bytes(
            hashlib.blake2b(g.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little"
        )
        for g in grams
    }
    return np.fromiter(values, dtype=np.uint64, count=len(values))


@dataclass(frozen=True, slots=True)
class Signature:
    """MinHash signature of a text, with the number of distinct shingles it had."""

    values: tuple[int, ...]
    size: int

    def to_dict(self) -> dict[str, object]:
        """Plain data a store can keep (and give back to ``add_signature``)."""
        return {"values": list(self.values), "size": self.size}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Signature:
        return cls(tuple(int(v) for v in data["values"]), int(data["size"]))

    def jaccard(self, other: Signature) -> float:
        same = sum(1 for a, b in zip(self.values, other.values, strict=True) if a == b)
        return same / len(self.values)

    def containment(self, other: Signature) -> float:
        """Estimated share of the smaller text's shingles found in the other one."""
        j = self.jaccard(other)
        smaller = min(self.size, other.size)
        if smaller == 0:
            return 0.0
        return min(1.0, j * (self.size + other.size) / ((1 + j) * smaller))


def signature(text: str) -> Signature:
    """MinHash signature (64 universal hash functions over word 5-grams)."""
    hashes = _shingle_hashes(text)
    if hashes.size == 0:
        return Signature(tuple([int(_MAX_HASH)] * NUM_PERM), 0)
    minimum = np.full(NUM_PERM, _MAX_HASH, dtype=np.uint64)
    for chunk_start in range(0, hashes.size, 4096):
        chunk = hashes[chunk_start : chunk_start + 4096]
        # (a*x + b) mod p with p = 2^61 - 1; uint64 multiplication wraps, so work on
        # 30-bit halves of x to keep every product below 2^64.
        # Multiply-add-shift hashing (a odd): uint64 arithmetic wraps modulo 2^64 and
        # the top 32 bits are a universal hash of the shingle.
        mixed = (_A[:, None] * chunk[None, :] + _B[:, None]) >> np.uint64(32)
        minimum = np.minimum(minimum, mixed.min(axis=1))
    return Signature(tuple(int(v) for v in minimum), int(hashes.size))


class NearDuplicateIndex:
    """Remembers documents and says when a new one is (nearly) the same as one it has.

    ``add(doc_id, text)`` returns the id of an earlier near-duplicate (and does not keep
    the new text), or None after remembering it. ``threshold`` is the estimated word
    5-gram overlap (Jaccard, or containment when one text is the other plus extra
    furniture) from which two texts count as the same story.
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold
        self._signatures: dict[str, Signature] = {}
        self._fingerprints: dict[str, str] = {}
        self._buckets: dict[tuple[int, int], list[str]] = defaultdict(list)

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._signatures

    def query(self, text: str) -> str | None:
        """The id of a stored near-duplicate of ``text``, without adding it."""
        return self._match(fingerprint_text(text), signature(text))

    def query_signature(self, sig: Signature, exact: str | None = None) -> str | None:
        """``query`` for a signature computed elsewhere (a Dask worker, a store)."""
        return self._match(exact or "", sig)

    def add(self, doc_id: str, text: str) -> str | None:
        exact = fingerprint_text(text)
        sig = signature(text)
        match = self._match(exact, sig)
        if match is not None and match != doc_id:
            return match
        self.add_signature(doc_id, sig, exact)
        return None

    def add_signature(self, doc_id: str, sig: Signature, exact: str | None = None) -> None:
        """Remember a signature computed elsewhere (e.g. loaded back from a store)."""
        self._signatures[doc_id] = sig
        if exact is not None:
            self._fingerprints.setdefault(exact, doc_id)
        for key in _bands(sig):
            self._buckets[key].append(doc_id)

    def _match(self, exact: str, sig: Signature) -> str | None:
        if exact in self._fingerprints:
            return self._fingerprints[exact]
        if sig.size == 0:
            return None
        best: tuple[float, str] | None = None
        seen: set[str] = set()
        for key in _bands(sig):
            for candidate in self._buckets.get(key, ()):
                if candidate in seen:
                    continue
                seen.add(candidate)
                other = self._signatures[candidate]
                jaccard = sig.jaccard(other)
                contained = _containment_if_long(sig, other)
                score = max(jaccard, contained)
                same = jaccard >= self.threshold or contained >= min(
                    self.threshold, CONTAINMENT_THRESHOLD
                )
                if same and (best is None or score > best[0]):
                    best = (score, candidate)
        return best[1] if best else None


def _containment_if_long(a: Signature, b: Signature) -> float:
    # Containment is only trusted for texts long enough for the estimate to hold.
    if min(a.size, b.size) < 20:
        return 0.0
    return a.containment(b)


def _bands(sig: Signature) -> list[tuple[int, int]]:
    rows = NUM_PERM // BANDS
    return [(band, hash(sig.values[band * rows : (band + 1) * rows])) for band in range(BANDS)]
