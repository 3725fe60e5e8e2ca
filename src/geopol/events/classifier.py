"""A small sentence classifier for the five CAMEO penta classes (TF-IDF + logistic regression).

It backs up the lexicon rules when they find no trigger in a sentence that is known to hold
an event (the label ``geopol eval`` scores). The model is a JSON file of vocabulary, IDF
weights and coefficients written by ``geopol.events.train`` from the ``train`` split of the
conflibert_cameo_penta benchmark; inference needs numpy only.

The model is NOT shipped with geopol: its training data is GPL-3.0, and this package is MIT.
A user who wants it trains it into their own model folder (``$GEOPOL_MODEL_DIR``, by default
``~/.cache/geopol/models``) and takes on the data's license there; the coder uses the file
only when it is present, and works on its rules alone otherwise.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_FILE = "penta_tfidf_lr.json"
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


def model_dir() -> Path:
    """The user's model folder: ``$GEOPOL_MODEL_DIR`` or ``~/.cache/geopol/models``."""
    configured = os.environ.get("GEOPOL_MODEL_DIR")
    return Path(configured).expanduser() if configured else Path.home() / ".cache/geopol/models"


def model_path() -> Path:
    return model_dir() / MODEL_FILE


def load_model(path: Path) -> PentaModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    coef = np.asarray(data["coef"], dtype=float)
    intercept = np.asarray(data["intercept"], dtype=float)
    if len(data["classes"]) == 2 and coef.shape[0] == 1:
        # a two-class model has one row (the second class's log-odds): softmax over [0, row]
        coef = np.vstack([np.zeros_like(coef), coef])
        intercept = np.concatenate([[0.0], intercept])
    return PentaModel(
        classes=list(data["classes"]),
        vocabulary={word: i for i, word in enumerate(data["vocabulary"])},
        idf=np.asarray(data["idf"], dtype=float),
        coef=coef,
        intercept=intercept,
        ngram_max=int(data["ngram_max"]),
    )


@lru_cache(maxsize=4)
def _cached_model(path: Path, mtime: float) -> PentaModel:
    return load_model(path)


def default_model() -> PentaModel | None:
    """The user-trained model, or None when there is none (the rules work alone)."""
    path = model_path()
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    return _cached_model(path, mtime)
