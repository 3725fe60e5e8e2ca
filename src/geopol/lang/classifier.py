"""Light sentence classifiers that confirm, veto or retype the lexicon's events.

Each model is a logistic regression over three blocks of features of the sentence
(``lang/features.py``): character n-gram TF-IDF of the normalized text, word uni/bigram
TF-IDF of its clitic-stripped words, and the trigger lexicon's verdict (trigger found,
negated, hedged, ...). It is trained by ``python -m geopol.lang.train`` on the ``train``
split of the benchmarks only (choices by grouped cross-validation inside ``train``; see
``data/lang/README.md``). A model is stored as plain data, never as a pickle:
``data/lang/models/<name>.json`` (labels, vocabularies, feature names, thresholds) and
``<name>.npz`` (idf weights, coefficients, intercepts), so loading runs no code.
``models/manifest.json`` lists the benchmark records each model was fitted on.

How the coder uses them (``rescore``):

- Arabic ``ar_assault`` / ``ar_protest``: a lexicon event of that PLOVER type is kept only
  when the sentence probability reaches the model's ``keep`` threshold; a sentence with no
  such trigger whose probability reaches ``add`` gets an event anchored on the word that
  weighs most for the type. Both thresholds were chosen by cross-validation on ``train``.
- Spanish ``es_plover``: the event the sentence is mainly about takes the classifier's
  PLOVER type when the classifier is surer than ``override`` (its CAMEO code stays the
  lexicon's); the other events keep their confidence. A sentence without a trigger gets an
  event only above ``add``: the PLOVER set has no sentence without an event to choose it
  on, so it is left at 1.01 (never) and a sentence with no trigger stays without event.

Without the model files (or with ``classify=False``) the coder is the lexicon alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from geopol.lang import codes, features
from geopol.lang.features import model_text as model_text
from geopol.lang.features import model_words
from geopol.lang.gazetteer import DATA_DIR
from geopol.lang.lexicon import Pattern, TriggerHit
from geopol.lang.text import Language

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import TfidfVectorizer

    from geopol.lang.coder import Draft, SentenceView

MODEL_DIR = DATA_DIR / "models"
ARABIC_MODELS = {"ASSAULT": "ar_assault", "PROTEST": "ar_protest"}
SPANISH_MODEL = "es_plover"
WORD_PATTERN = r"\S+"
# A CAMEO code for an event the classifier adds or retypes: the root code of the type.
CODE_FOR_TYPE = {
    "ASSAULT": "190", "PROTEST": "140", "MOBILIZE": "150", "REQUEST": "100", "ACCUSE": "111",
    "REJECT": "120", "THREATEN": "130", "SANCTION": "163", "COERCE": "170", "COOPERATE": "061",
    "AGREE": "057", "SUPPORT": "051", "CONCEDE": "080", "AID": "070", "RETREAT": "087",
    "CONSULT": "040",
}  # fmt: skip


def _vectorizer(analyzer: str, ngrams: tuple[int, int], vocabulary: list[str],
                idf: np.ndarray) -> TfidfVectorizer:  # fmt: skip
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer=analyzer, ngram_range=ngrams, sublinear_tf=True,
                          token_pattern=WORD_PATTERN if analyzer == "word" else None,
                          vocabulary={t: i for i, t in enumerate(vocabulary)})  # fmt: skip
    vec.idf_ = idf
    return vec


@dataclass(slots=True)
class TextModel:
    """A linear model over [char n-grams | word n-grams | lexicon features] of a sentence."""

    name: str
    language: Language
    labels: list[str]
    vocabulary: list[str]
    idf: np.ndarray
    coef: np.ndarray  # (classes, features); one row for a binary model
    intercept: np.ndarray
    ngram_range: tuple[int, int] = (2, 5)
    params: dict[str, float] = field(default_factory=dict)
    word_vocabulary: list[str] = field(default_factory=list)
    word_idf: np.ndarray = field(default_factory=lambda: np.zeros(0))
    word_ngrams: tuple[int, int] = (1, 2)
    feature_names: list[str] = field(default_factory=list)  # the lexicon block
    _vectorizers: Any = None

    def vectorizers(self) -> tuple[TfidfVectorizer, TfidfVectorizer | None]:
        if self._vectorizers is None:
            chars = _vectorizer("char_wb", self.ngram_range, self.vocabulary, self.idf)
            words = (
                _vectorizer("word", self.word_ngrams, self.word_vocabulary, self.word_idf)
                if self.word_vocabulary
                else None
            )
            self._vectorizers = (chars, words)
        return self._vectorizers

    def matrix(self, texts: list[str], lexicon: list[list[float]] | None = None) -> csr_matrix:
        """The feature rows of ``texts`` (``lexicon``: their lexicon block, zeros if None)."""
        from scipy.sparse import csr_matrix, hstack

        chars, words = self.vectorizers()
        blocks = [chars.transform([model_text(t, self.language) for t in texts])]
        if words is not None:
            blocks.append(words.transform([model_words(t, self.language) for t in texts]))
        if self.feature_names:
            rows = lexicon or [[0.0] * len(self.feature_names) for _ in texts]
            blocks.append(csr_matrix(np.asarray(rows, dtype=np.float64)))
        return hstack(blocks).tocsr()

    def probabilities(self, text: str, lexicon: list[float] | None = None) -> dict[str, float]:
        x = self.matrix([text], [lexicon] if lexicon is not None else None)
        scores = np.asarray(x @ self.coef.T).ravel() + self.intercept
        if len(self.labels) == 2 and scores.shape[0] == 1:
            p = float(1.0 / (1.0 + np.exp(-scores[0])))
            return {self.labels[0]: 1.0 - p, self.labels[1]: p}
        exp = np.exp(scores - scores.max())
        probs = exp / exp.sum()
        return {label: float(p) for label, p in zip(self.labels, probs, strict=True)}

    def weight_of(self, word: str, label: str) -> float:
        """How much one word pushes towards ``label`` (to anchor an added event)."""
        row = 0 if self.coef.shape[0] == 1 else self.labels.index(label)
        x = self.matrix([word])
        return float((x @ self.coef[row].T).ravel()[0]) if x.nnz else 0.0

    def save(self, directory: Path = MODEL_DIR) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        meta = {"name": self.name, "language": self.language, "labels": self.labels,
                "ngram_range": list(self.ngram_range), "params": self.params,
                "word_ngrams": list(self.word_ngrams), "feature_names": self.feature_names,
                "vocabulary": self.vocabulary, "word_vocabulary": self.word_vocabulary}  # fmt: skip
        (directory / f"{self.name}.json").write_text(
            json.dumps(meta, ensure_ascii=False), encoding="utf-8"
        )
        np.savez_compressed(directory / f"{self.name}.npz", idf=self.idf.astype(np.float32),
                            word_idf=self.word_idf.astype(np.float32),
                            coef=self.coef.astype(np.float32), intercept=self.intercept.astype(np.float32))  # fmt: skip


@lru_cache(maxsize=8)
def load_model(name: str, directory: Path = MODEL_DIR) -> TextModel | None:
    """A stored model, or None when it has not been trained."""
    meta_path, arrays_path = directory / f"{name}.json", directory / f"{name}.npz"
    if not meta_path.exists() or not arrays_path.exists():
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    with np.load(arrays_path, allow_pickle=False) as arrays:
        loaded = {key: arrays[key].astype(np.float64) for key in arrays.files}
    return TextModel(meta["name"], meta["language"], meta["labels"], meta["vocabulary"],
                     loaded["idf"], loaded["coef"], loaded["intercept"],
                     tuple(meta["ngram_range"]), meta.get("params", {}),
                     meta.get("word_vocabulary", []), loaded.get("word_idf", np.zeros(0)),
                     tuple(meta.get("word_ngrams", (1, 2))), meta.get("feature_names", []))  # fmt: skip


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


def _lexicon_block(model: TextModel, drafts: list[Draft], plover: str) -> list[float] | None:
    if not model.feature_names:
        return None
    if list(model.feature_names) == list(features.TYPE_FEATURES):
        return features.type_features(drafts, plover)
    return features.label_features(drafts, model.labels)


def arabic_probabilities(view: SentenceView, drafts: list[Draft]) -> dict[str, float]:
    """Per PLOVER type with a model: the probability that the sentence reports one."""
    probs = {}
    for plover, name in ARABIC_MODELS.items():
        model = load_model(name)
        if model is not None:
            lexicon = _lexicon_block(model, drafts, plover)
            probs[plover] = model.probabilities(view.text, lexicon)[model.labels[-1]]
    return probs


def _arabic(view: SentenceView, drafts: list[Draft]) -> list[Draft]:
    models = {plover: load_model(name) for plover, name in ARABIC_MODELS.items()}
    params = {plover: m.params for plover, m in models.items() if m is not None}
    return apply_arabic(view, drafts, arabic_probabilities(view, drafts), params, models)


def spanish_decision(
    drafts: list[Draft], probs: dict[str, float], override: float, choose: bool = False
) -> str | None:
    """The PLOVER type the sentence should be coded with, when the classifier is surer than
    ``override`` (else None: the lexicon's events stand as they are). With ``choose``, below
    ``override`` the classifier still picks among the types of the lexicon's live events
    (the one it finds likeliest) rather than leaving the lexicon's ranking."""
    best_type = max(probs, key=lambda k: probs[k])
    if probs[best_type] >= override:
        return best_type
    if not choose:
        return None
    live = {features.draft_type(d) for d in drafts if d.modality != "negated"} & set(probs)
    return max(live, key=lambda k: probs[k]) if live else None


def apply_spanish(
    view: SentenceView,
    drafts: list[Draft],
    probs: dict[str, float],
    override: float,
    model: TextModel | None = None,
    add: float = 1.01,
    choose: bool = False,
) -> list[Draft]:
    """Make the classifier's type the sentence's main event when it is surer than
    ``override`` (with ``choose``: or the likeliest type among the lexicon's events): an
    event of that type is promoted, else the main event is retyped, else (no live event)
    one is added on the word that weighs most for the type when the classifier is surer
    than ``add``."""
    from geopol.lang.coder import Draft, finish_draft

    best_type = spanish_decision(drafts, probs, override, choose)
    if best_type is None:
        return drafts
    live = [d for d in drafts if d.modality != "negated"]
    if not live and probs[best_type] < add:
        return drafts
    if live:
        top = max(d.confidence for d in live)
        same = [d for d in live if features.draft_type(d) == best_type]
        ranked = sorted(
            live, key=lambda d: (features.draft_type(d) == "", -d.confidence, d.hit.head)
        )
        main = same[0] if same else ranked[0]
        if not same:
            main.plover = best_type
        main.confidence = round(min(1.0, max(top + 0.01, probs[best_type])), 3)
        return drafts
    hit = _anchor(view, model, best_type, CODE_FOR_TYPE.get(best_type, "010")) if model else None
    if hit is None:
        return drafts
    added = finish_draft(view, Draft(hit, hit.pattern.code))
    added.plover = best_type
    added.confidence = round(probs[best_type], 3)
    return sorted([*drafts, added], key=lambda d: d.hit.head)


def spanish_lexicon_block(model: TextModel, view: SentenceView, drafts: list[Draft]) -> list[float]:
    """The Spanish model's lexicon block: ``label_features``, then (models trained with
    them) the named trigger-context features of ``features.context_features``."""
    row = features.label_features(drafts, model.labels)
    context_names = model.feature_names[len(row) :]
    if not context_names:
        return row
    return row + features.named_block(features.context_features(view, drafts), context_names)


def spanish_probabilities(
    model: TextModel, view: SentenceView, drafts: list[Draft]
) -> dict[str, float]:
    if not model.feature_names:
        return model.probabilities(view.text, None)
    return model.probabilities(view.text, spanish_lexicon_block(model, view, drafts))


def _spanish(view: SentenceView, drafts: list[Draft]) -> list[Draft]:
    from geopol.lang.coder import protest_context

    model = load_model(SPANISH_MODEL)
    if model is None:
        return drafts
    params = model.params
    if params.get("gate", 0.0) and not protest_context(view):
        return drafts  # trained on protest news: elsewhere the lexicon's events stand
    probs = spanish_probabilities(model, view, drafts)
    # A sentence without a live trigger gets the classifier's type ("add") only in protest
    # news: the model has no "no event" class, so elsewhere it would code weather reports.
    add = params.get("add", 1.01) if protest_context(view) else 1.01
    choose = bool(params.get("choose", 0.0))
    return apply_spanish(view, drafts, probs, params.get("override", 1.01), model, add, choose)


def rescore(view: SentenceView, drafts: list[Draft]) -> list[Draft]:
    """The drafts after the language's classifiers had their say (see the module doc)."""
    if view.language == "ar":
        return _arabic(view, drafts)
    if view.language == "es":
        return _spanish(view, drafts)
    return drafts
