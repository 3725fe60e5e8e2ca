"""Light sentence classifiers that confirm, veto or retype the lexicon's events.

Each model is a logistic regression over character n-gram TF-IDF features of the
normalized sentence, trained by ``scripts/train_lang.py`` on the ``train`` split of the
benchmarks only (see ``data/lang/README.md``). A model is stored as plain data, never as a
pickle: ``data/lang/models/<name>.json`` (labels, n-gram vocabulary, thresholds) and
``<name>.npz`` (idf weights, coefficients, intercepts), so loading runs no code.

How the coder uses them (``rescore``):

- Arabic ``ar_assault`` / ``ar_protest``: a lexicon event of that PLOVER type is kept only
  when the sentence probability reaches the model's ``keep`` threshold; a sentence with no
  such trigger whose probability reaches ``add`` gets an event anchored on the word that
  weighs most for the type. Both thresholds were chosen by cross-validation on ``train``.
- Spanish ``es_plover``: the event the sentence is mainly about takes the classifier's
  PLOVER type when the classifier is surer than ``override`` of a type the lexicon did not
  give (its CAMEO code stays the lexicon's).

Without the model files (or with ``classify=False``) the coder is the lexicon alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from geopol.lang import codes
from geopol.lang.gazetteer import DATA_DIR
from geopol.lang.lexicon import Pattern, TriggerHit
from geopol.lang.text import Language, fold_latin, normalize_arabic

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from geopol.lang.coder import Draft, SentenceView

MODEL_DIR = DATA_DIR / "models"
ARABIC_MODELS = {"ASSAULT": "ar_assault", "PROTEST": "ar_protest"}
SPANISH_MODEL = "es_plover"
# A CAMEO code for an event the classifier adds or retypes: the root code of the type.
CODE_FOR_TYPE = {
    "ASSAULT": "190", "PROTEST": "140", "MOBILIZE": "150", "REQUEST": "100", "ACCUSE": "111",
    "REJECT": "120", "THREATEN": "130", "SANCTION": "163", "COERCE": "170", "COOPERATE": "061",
    "AGREE": "057", "SUPPORT": "051", "CONCEDE": "080", "AID": "070", "RETREAT": "087",
    "CONSULT": "040",
}  # fmt: skip


def model_text(text: str, language: Language) -> str:
    """The normal form the models read: Arabic normalized, Spanish lower case without accents."""
    if language == "ar":
        return normalize_arabic(text)
    return "".join(fold_latin(ch) for ch in text)


@dataclass(slots=True)
class TextModel:
    name: str
    language: Language
    labels: list[str]
    vocabulary: list[str]
    idf: np.ndarray
    coef: np.ndarray  # (classes, features); one row for a binary model
    intercept: np.ndarray
    ngram_range: tuple[int, int] = (2, 5)
    params: dict[str, float] = field(default_factory=dict)
    _vectorizer: Any = None

    def vectorizer(self) -> TfidfVectorizer:
        if self._vectorizer is None:
            from sklearn.feature_extraction.text import TfidfVectorizer

            vec = TfidfVectorizer(analyzer="char_wb", ngram_range=self.ngram_range,
                                  sublinear_tf=True, vocabulary={t: i for i, t in enumerate(self.vocabulary)})  # fmt: skip
            vec.idf_ = self.idf
            self._vectorizer = vec
        return self._vectorizer

    def probabilities(self, text: str) -> dict[str, float]:
        features = self.vectorizer().transform([model_text(text, self.language)])
        scores = np.asarray(features @ self.coef.T).ravel() + self.intercept
        if len(self.labels) == 2 and scores.shape[0] == 1:
            p = float(1.0 / (1.0 + np.exp(-scores[0])))
            return {self.labels[0]: 1.0 - p, self.labels[1]: p}
        exp = np.exp(scores - scores.max())
        probs = exp / exp.sum()
        return {label: float(p) for label, p in zip(self.labels, probs, strict=True)}

    def weight_of(self, word: str, label: str) -> float:
        """How much one word pushes towards ``label`` (to anchor an added event)."""
        row = 0 if self.coef.shape[0] == 1 else self.labels.index(label)
        features = self.vectorizer().transform([model_text(word, self.language)])
        return float((features @ self.coef[row].T).ravel()[0]) if features.nnz else 0.0

    def save(self, directory: Path = MODEL_DIR) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        meta = {"name": self.name, "language": self.language, "labels": self.labels,
                "ngram_range": list(self.ngram_range), "params": self.params,
                "vocabulary": self.vocabulary}  # fmt: skip
        (directory / f"{self.name}.json").write_text(
            json.dumps(meta, ensure_ascii=False), encoding="utf-8"
        )
        np.savez_compressed(directory / f"{self.name}.npz", idf=self.idf.astype(np.float32),
                            coef=self.coef.astype(np.float32), intercept=self.intercept.astype(np.float32))  # fmt: skip


@lru_cache(maxsize=8)
def load_model(name: str, directory: Path = MODEL_DIR) -> TextModel | None:
    """A stored model, or None when it has not been trained."""
    meta_path, arrays_path = directory / f"{name}.json", directory / f"{name}.npz"
    if not meta_path.exists() or not arrays_path.exists():
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    with np.load(arrays_path, allow_pickle=False) as arrays:
        idf, coef, intercept = arrays["idf"], arrays["coef"], arrays["intercept"]
    return TextModel(meta["name"], meta["language"], meta["labels"], meta["vocabulary"],
                     idf.astype(np.float64), coef.astype(np.float64), intercept.astype(np.float64),
                     tuple(meta["ngram_range"]), meta.get("params", {}))  # fmt: skip


# ------------------------------------------------------------------------------ rescoring


def _anchor(view: SentenceView, model: TextModel, label: str, code: str) -> TriggerHit | None:
    """A trigger for an event only the classifier saw: the word weighing most for it."""
    if not view.tokens:
        return None
    weights = [model.weight_of(t.text, label) for t in view.tokens]
    best = int(np.argmax(weights))
    if weights[best] <= 0:
        return None
    pattern = Pattern(
        code, "n", "-", (frozenset({view.tokens[best].norm}),), (), -1, f"classifier:{model.name}"
    )
    return TriggerHit(pattern, best, (best,), "noun")


def apply_arabic(
    view: SentenceView,
    drafts: list[Draft],
    probs: dict[str, float],
    params: dict[str, dict[str, float]],
    models: dict[str, TextModel | None] | None = None,
) -> list[Draft]:
    """Keep, veto or add Arabic ASSAULT/PROTEST events given the sentence probabilities.

    ``probs`` maps a PLOVER type to the probability its model gives the sentence,
    ``params`` the type to its ``keep``/``add`` thresholds; ``models`` anchor added events.
    """
    from geopol.lang.coder import Draft, finish_draft

    kept = list(drafts)
    for plover, p in probs.items():
        keep, add = params[plover].get("keep", 0.0), params[plover].get("add", 1.01)
        typed = [d for d in kept if codes.plover_type(d.code) == plover]
        if typed and p < keep:
            kept = [d for d in kept if d not in typed]
        elif not typed and p >= add:
            model = (models or {}).get(plover)
            hit = _anchor(view, model, model.labels[-1], CODE_FOR_TYPE[plover]) if model else None
            if hit is not None:
                kept.append(finish_draft(view, Draft(hit, hit.pattern.code)))
        for d in kept:
            if codes.plover_type(d.code) == plover:
                d.confidence = round(0.5 * d.confidence + 0.5 * p, 3)
    return sorted(kept, key=lambda d: d.hit.head)


def _arabic(view: SentenceView, drafts: list[Draft]) -> list[Draft]:
    models = {plover: load_model(name) for plover, name in ARABIC_MODELS.items()}
    probs = {
        plover: m.probabilities(view.text)[m.labels[-1]]
        for plover, m in models.items()
        if m is not None
    }
    params = {plover: m.params for plover, m in models.items() if m is not None}
    return apply_arabic(view, drafts, probs, params, models)


def apply_spanish(
    view: SentenceView,
    drafts: list[Draft],
    probs: dict[str, float],
    override: float,
    model: TextModel | None = None,
) -> list[Draft]:
    """Weigh Spanish events by the PLOVER type probabilities; retype the main one when the
    classifier is surer than ``override`` of a type no trigger gave."""
    from geopol.lang.coder import Draft, finish_draft

    for d in drafts:
        d.confidence = round(
            0.5 * d.confidence + 0.5 * probs.get(d.plover or codes.plover_type(d.code), 0.0), 3
        )
    best_type = max(probs, key=lambda k: probs[k])
    given = {d.plover or codes.plover_type(d.code) for d in drafts}
    if best_type in given or probs[best_type] < override:
        return drafts
    live = [d for d in drafts if d.modality != "negated"]
    if live:
        main = max(live, key=lambda d: d.confidence)
        main.plover = best_type
        main.confidence = round(0.5 * main.confidence + 0.5 * probs[best_type], 3)
        return drafts
    hit = _anchor(view, model, best_type, CODE_FOR_TYPE.get(best_type, "010")) if model else None
    if hit is None:
        return drafts
    added = finish_draft(view, Draft(hit, hit.pattern.code))
    added.plover = best_type
    added.confidence = round(probs[best_type], 3)
    return sorted([*drafts, added], key=lambda d: d.hit.head)


def _spanish(view: SentenceView, drafts: list[Draft]) -> list[Draft]:
    model = load_model(SPANISH_MODEL)
    if model is None:
        return drafts
    probs = model.probabilities(view.text)
    return apply_spanish(view, drafts, probs, model.params.get("override", 1.01), model)


def rescore(view: SentenceView, drafts: list[Draft]) -> list[Draft]:
    """The drafts after the language's classifiers had their say (see the module doc)."""
    if view.language == "ar":
        return _arabic(view, drafts)
    if view.language == "es":
        return _spanish(view, drafts)
    return drafts
