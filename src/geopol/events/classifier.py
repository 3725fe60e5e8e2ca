"""A small sentence classifier for the five CAMEO penta classes (TF-IDF + logistic regression).

It backs up the lexicon rules when they find no trigger in a sentence that is known to hold
an event (``penta_label``). The model is a JSON file of vocabulary, IDF weights and
coefficients written by ``geopol.events.train`` from the ``train`` split of the
conflibert_cameo_penta benchmark; inference needs numpy only.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from geopol.events.lexicon import DATA_DIR

MODEL_PATH = DATA_DIR / "models" / "penta_tfidf_lr.json"
# the token pattern of scikit-learn's TfidfVectorizer, so training and inference agree
_WORD_RE = re.compile(r"(?u)\b\w\w+\b")


@dataclass(slots=True)
class PentaModel:
    classes: list[str]
    vocabulary: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray  # classes x features
    intercept: np.ndarray
    ngram_max: int

    def features(self, text: str) -> np.ndarray:
        words = _WORD_RE.findall(text.lower())
        grams: Counter[str] = Counter()
        for n in range(1, self.ngram_max + 1):
            for i in range(len(words) - n + 1):
                grams[" ".join(words[i : i + n])] += 1
        vector = np.zeros(len(self.vocabulary))
        for gram, count in grams.items():
            index = self.vocabulary.get(gram)
            if index is not None:
                vector[index] = (1.0 + math.log(count)) * self.idf[index]  # sublinear tf
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def probabilities(self, text: str) -> dict[str, float]:
        scores = self.coef @ self.features(text) + self.intercept
        scores = np.exp(scores - scores.max())
        scores /= scores.sum()
        return {label: float(p) for label, p in zip(self.classes, scores, strict=True)}

    def predict(self, text: str) -> tuple[str, float]:
        probs = self.probabilities(text)
        label = max(probs, key=probs.__getitem__)
        return label, probs[label]


def load_model(path: Path = MODEL_PATH) -> PentaModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    return PentaModel(
        classes=list(data["classes"]),
        vocabulary={word: i for i, word in enumerate(data["vocabulary"])},
        idf=np.asarray(data["idf"], dtype=float),
        coef=np.asarray(data["coef"], dtype=float),
        intercept=np.asarray(data["intercept"], dtype=float),
        ngram_max=int(data["ngram_max"]),
    )


@lru_cache(maxsize=1)
def default_model() -> PentaModel | None:
    """The shipped model, or None when the file is missing (the rules still work)."""
    return load_model() if MODEL_PATH.exists() else None
