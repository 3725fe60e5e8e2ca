"""Sentence retrieval: Okapi BM25 over stemmed tokens, small enough to read in one go.

DuckDB's full-text extension would do the same inside the store, but it is downloaded at
first use and so is not available offline; this index is built in memory from the
sentences instead (a few milliseconds for a few thousand sentences).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence


class BM25:
    def __init__(self, docs: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b
        self.n_docs = len(docs)
        self.lengths = [len(d) for d in docs]
        self.avg_length = (sum(self.lengths) / self.n_docs) if self.n_docs else 0.0
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                self.postings[term].append((i, tf))

    def df(self, term: str) -> int:
        return len(self.postings.get(term, ()))

    def idf(self, term: str) -> float:
        """Lucene's non-negative BM25 idf: rare terms weigh more, absent terms nothing."""
        df = self.df(term)
        if df == 0:
            return 0.0
        return math.log(1.0 + (self.n_docs - df + 0.5) / (df + 0.5))

    def scores(self, query: Iterable[str]) -> dict[int, float]:
        out: dict[int, float] = defaultdict(float)
        for term in set(query):
            idf = self.idf(term)
            if idf == 0.0:
                continue
            for i, tf in self.postings[term]:
                norm = 1 - self.b + self.b * self.lengths[i] / (self.avg_length or 1.0)
                out[i] += idf * tf * (self.k1 + 1) / (tf + self.k1 * norm)
        return dict(out)

    def weight(self, term: str) -> float:
        """A term's weight for coverage: its idf, and the highest idf if no sentence has it
        (a question word the sources never use must count as missing, not be ignored)."""
        df = self.df(term)
        return math.log(1.0 + (self.n_docs - df + 0.5) / (df + 0.5))

    def coverage(self, query: Iterable[str], doc: Iterable[str]) -> float:
        """Share of the query's term weight that a token list contains (0..1)."""
        terms = set(query)
        total = sum(self.weight(t) for t in terms)
        if total == 0:
            return 0.0
        present = set(doc)
        return sum(self.weight(t) for t in terms if t in present) / total

    def top(
        self, query: Iterable[str], n: int = 5, among: set[int] | None = None
    ) -> list[tuple[int, float]]:
        ranked = sorted(
            ((i, s) for i, s in self.scores(query).items() if among is None or i in among),
            key=lambda pair: (-pair[1], pair[0]),
        )
        return ranked[:n]


# Reciprocal rank fusion's damping constant (Cormack et al. 2009): a rank-1 hit in one
# list outweighs a middling rank in both only when the lists disagree strongly.
RRF_K = 60


def fuse(rankings: Iterable[Sequence[int]], k: int = RRF_K) -> list[tuple[int, float]]:
    """Reciprocal rank fusion of ranked id lists: ids by the sum of 1 / (k + rank)."""
    scores: dict[int, float] = defaultdict(float)
    for ranking in rankings:
        for rank, i in enumerate(ranking, 1):
            scores[i] += 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
