"""Train the Arabic and Spanish sentence classifiers of ``geopol.lang`` (reproducible).

    .venv/bin/python -m geopol.lang.train [--benchmarks ../shared/benchmarks] [--folds 5]

Reads the ``train`` split ONLY (``geopol.lang.evaluate.split_of``: a hash of the article id,
so no article has sentences on both sides). Every choice (C, the weight of the "difficult
no" sentences, the thresholds) is made on validation parts carved from ``train``: grouped
k-fold cross-validation whose folds are whole articles. Then each model is refitted on all
of ``train`` and written to ``src/geopol/data/lang/models/<name>.{json,npz}``, with the ids
of the records it was fitted on in ``models/manifest.json`` (a test checks them against
the split function). The cross-validation table it prints is the measurement behind the
method. Deterministic: fixed folds, lbfgs solver.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from geopol.lang import features
from geopol.lang.classifier import (
    ARABIC_MODELS,
    MODEL_DIR,
    SPANISH_MODEL,
    WORD_PATTERN,
    TextModel,
    spanish_decision,
)
from geopol.lang.coder import (
    Draft,
    draft_events,
    protest_context,
    sentence_view,
    sentences_of,
)
from geopol.lang.evaluate import SPLIT_SALT, document_key, read_records, split_of
from geopol.lang.mentions import mentions_in_text
from geopol.lang.text import Language

CHAR_NGRAMS = (2, 5)
WORD_NGRAMS = (1, 2)
MAX_CHAR_FEATURES = 40000
MAX_WORD_FEATURES = 20000
GRID = [float(round(x, 3)) for x in np.arange(0.05, 0.951, 0.025)]
MANIFEST = "manifest.json"
# The grids searched by cross-validation (kept small: every point is 5 fits).
# (word n-grams + lexicon block too?, C)
ARABIC_CONFIGS = ((False, 16.0), (True, 4.0), (True, 16.0))
DIFFICULT_WEIGHTS = (1.0, 0.5)
SPANISH_C = (1.0, 4.0)
# A trigger-context feature is kept when this many train sentences have it.
MIN_CONTEXT_COUNT = 2
# The classifier's type for a sentence without a trigger, in protest news: always, when
# surer than these, or never.
SPANISH_ADD = (1.01, 0.5, 0.3, 0.0)

Log = Callable[[str], None]


@dataclass
class Example:
    id: str
    text: str
    label: str
    group: str
    drafts: list[Draft]  # the lexicon's drafts over all the record's sentences


def lexicon_drafts(text: str, language: Language) -> list[Draft]:
    drafts: list[Draft] = []
    for sentence in sentences_of(text):
        view = sentence_view(sentence.text, language, mentions_in_text(sentence.text, language))
        drafts.extend(draft_events(view))
    return drafts


def train_records(folder: Path) -> list[dict[str, Any]]:
    records = list(read_records(folder, "train"))
    assert all(split_of(r) == "train" for r in records)  # never a test record
    return records


# ------------------------------------------------------------------------------ fitting


@dataclass
class Fitted:
    chars: TfidfVectorizer
    words: TfidfVectorizer | None  # None: character n-grams only (and no lexicon block)
    classifier: LogisticRegression


def _matrix(fitted: Fitted, texts: Sequence[str], lexicon: np.ndarray, language: str) -> Any:
    blocks = [fitted.chars.transform([features.model_text(t, language) for t in texts])]
    if fitted.words is not None:
        blocks.append(fitted.words.transform([features.model_words(t, language) for t in texts]))
        blocks.append(csr_matrix(lexicon))
    return hstack(blocks).tocsr()


def fit(texts: Sequence[str], labels: Sequence[str], lexicon: np.ndarray, language: str,
        c: float, weights: np.ndarray | None = None, balanced: bool = True,
        full: bool = True) -> Fitted:  # fmt: skip
    """A model over char n-grams, and with ``full`` word n-grams and the lexicon block too."""
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, sublinear_tf=True,
                            min_df=2, max_features=MAX_CHAR_FEATURES)  # fmt: skip
    words = TfidfVectorizer(analyzer="word", ngram_range=WORD_NGRAMS, sublinear_tf=True,
                            min_df=2, max_features=MAX_WORD_FEATURES, token_pattern=WORD_PATTERN)  # fmt: skip
    chars.fit([features.model_text(t, language) for t in texts])
    words.fit([features.model_words(t, language) for t in texts])
    classifier = LogisticRegression(
        C=c, max_iter=5000, class_weight="balanced" if balanced else None
    )
    fitted = Fitted(chars, words if full else None, classifier)
    classifier.fit(_matrix(fitted, texts, lexicon, language), list(labels), sample_weight=weights)
    return fitted


def probabilities(fitted: Fitted, texts: Sequence[str], lexicon: np.ndarray,
                  language: str) -> list[dict[str, float]]:  # fmt: skip
    rows = fitted.classifier.predict_proba(_matrix(fitted, texts, lexicon, language))
    labels = [str(c) for c in fitted.classifier.classes_]
    return [dict(zip(labels, row, strict=True)) for row in rows]


def out_of_fold(examples: list[Example], lexicon: np.ndarray, language: str, c: float,
                folds: int, weights: np.ndarray | None = None, balanced: bool = True,
                full: bool = True) -> list[dict[str, float]]:  # fmt: skip
    """Probabilities of each example from a model that did not see its article."""
    out: list[dict[str, float]] = [{} for _ in examples]
    labels = [e.label for e in examples]
    groups = [e.group for e in examples]
    for fit_idx, held_idx in GroupKFold(n_splits=folds).split(examples, labels, groups):
        fitted = fit([examples[i].text for i in fit_idx], [labels[i] for i in fit_idx],
                     lexicon[fit_idx], language, c,
                     None if weights is None else weights[fit_idx], balanced, full)  # fmt: skip
        held = probabilities(
            fitted, [examples[i].text for i in held_idx], lexicon[held_idx], language
        )
        for i, p in zip(held_idx, held, strict=True):
            out[i] = p
    return out


def to_model(name: str, language: str, fitted: Fitted, feature_names: list[str],
             params: dict[str, float]) -> TextModel:  # fmt: skip
    def ordered(vec: TfidfVectorizer) -> list[str]:
        terms = [""] * len(vec.vocabulary_)
        for term, index in vec.vocabulary_.items():
            terms[index] = term
        return terms

    clf = fitted.classifier
    words = [] if fitted.words is None else ordered(fitted.words)
    word_idf = np.zeros(0) if fitted.words is None else fitted.words.idf_
    names = feature_names if fitted.words is not None else []
    return TextModel(name, language, [str(c) for c in clf.classes_], ordered(fitted.chars),
                     fitted.chars.idf_, clf.coef_, clf.intercept_, CHAR_NGRAMS, params,
                     words, word_idf, WORD_NGRAMS, names)  # fmt: skip


def f1_score(gold: Sequence[bool], predicted: Sequence[bool]) -> float:
    tp = sum(g and p for g, p in zip(gold, predicted, strict=True))
    fp = sum(p and not g for g, p in zip(gold, predicted, strict=True))
    fn = sum(g and not p for g, p in zip(gold, predicted, strict=True))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


# ------------------------------------------------------------------------------- Arabic


def arabic_examples(benchmarks: Path, task: str) -> list[Example]:
    examples = []
    for record in train_records(benchmarks / "arabic_event_gsr"):
        if record["gsr_label"] == "ambiguous" or not record["task"].startswith(task):
            continue
        label = "yes" if record["gsr_label"] == "yes" else "no"
        drafts = lexicon_drafts(record["text"], "ar")
        examples.append(Example(record["id"], record["text"], label, document_key(record), drafts))
    return examples


def arabic_predict(lexicon_row: np.ndarray, p: float, keep: float, add: float) -> bool:
    """``classifier.apply_arabic`` on one sentence: a lexicon event that occurred is kept
    when p >= keep; a sentence without a trigger of the type gets one when p >= add."""
    typed, occurred = lexicon_row[0] > 0, lexicon_row[1] > 0
    return bool((occurred and p >= keep) or (not typed and p >= add))


def best_thresholds(gold: list[bool], lexicon: np.ndarray,
                    probs: list[float]) -> tuple[float, float, float]:  # fmt: skip
    best = (-1.0, 0.5, 1.01)
    for keep in GRID:
        for add in [*GRID, 1.01]:
            if add < keep:
                continue
            predicted = [
                arabic_predict(row, p, keep, add) for row, p in zip(lexicon, probs, strict=True)
            ]
            score = f1_score(gold, predicted)
            if score > best[0]:
                best = (score, keep, add)
    return best


def train_arabic(benchmarks: Path, folds: int, out: Path, log: Log) -> dict[str, Any]:
    manifest: dict[str, Any] = {}
    for task, name in ARABIC_MODELS.items():
        examples = arabic_examples(benchmarks, task)
        gold = [e.label == "yes" for e in examples]
        lexicon = np.array([features.type_features(e.drafts, task) for e in examples])
        log(f"\n{name}: {len(examples)} train sentences ({sum(gold)} yes)")
        lexicon_alone = [arabic_predict(row, 1.0, 0.0, 1.01) for row in lexicon]
        log(f"  lexicon alone                     F1={f1_score(gold, lexicon_alone):.3f}")
        difficult = _difficult(benchmarks, {e.id for e in examples})
        hard = np.array([e.id in difficult for e in examples])
        best: tuple[float, float, float, float, float, bool] = (-1.0, 0.5, 1.01, 1.0, 1.0, True)
        for full, c in ARABIC_CONFIGS:
            for hard_weight in DIFFICULT_WEIGHTS:
                weights = np.where(hard, hard_weight, 1.0)
                oof = out_of_fold(examples, lexicon, "ar", c, folds, weights, full=full)
                probs = [p["yes"] for p in oof]
                alone = max(f1_score(gold, [p >= t for p in probs]) for t in GRID)
                f1, keep, add = best_thresholds(gold, lexicon, probs)
                blocks = "char+word+lexicon" if full else "char"
                log(f"  {blocks:17} C={c:<4} difficult-no weight {hard_weight}: classifier alone "
                    f"F1={alone:.3f}; with lexicon gate F1={f1:.3f} (keep={keep}, add={add})")  # fmt: skip
                if f1 > best[0]:
                    best = (f1, keep, add, c, hard_weight, full)
        f1, keep, add, c, hard_weight, full = best
        fitted = fit([e.text for e in examples], [e.label for e in examples], lexicon, "ar", c,
                     np.where(hard, hard_weight, 1.0), full=full)  # fmt: skip
        params = {"keep": keep, "add": add, "cv_f1": round(f1, 4), "C": c,
                  "difficult_weight": hard_weight, "full": float(full)}  # fmt: skip
        to_model(name, "ar", fitted, list(features.TYPE_FEATURES), params).save(out)
        manifest[name] = _manifest_entry("arabic_event_gsr", examples, params)
        log(f"  saved {name}: {params}")
    return manifest


def _difficult(benchmarks: Path, ids: set[str]) -> set[str]:
    return {
        r["id"]
        for r in train_records(benchmarks / "arabic_event_gsr")
        if r["id"] in ids and r["gsr_label"] == "difficult no"
    }


# ------------------------------------------------------------------------------ Spanish


@dataclass
class SpanishLexicon:
    """What the lexicon says of one record, over its sentences."""

    drafts: list[Draft]
    context: set[str]  # ``features.context_features`` of each sentence, joined
    live: bool  # some event that is not negated (typed or not)
    protest: bool  # a word of protest news (``coder.protest_context``)


def spanish_lexicon(text: str) -> SpanishLexicon:
    drafts: list[Draft] = []
    context: set[str] = set()
    protest = False
    for sentence in sentences_of(text):
        view = sentence_view(sentence.text, "es", mentions_in_text(sentence.text, "es"))
        found = draft_events(view)
        drafts.extend(found)
        context |= features.context_features(view, found)
        protest = protest or protest_context(view)
    live = any(d.modality != "negated" for d in drafts)
    if live:
        context.discard("none")
    return SpanishLexicon(drafts, context, live, protest)


def spanish_examples(
    benchmarks: Path,
) -> tuple[list[Example], list[set[str]], list[SpanishLexicon]]:
    examples, gold_sets, lexicons = [], [], []
    for record in train_records(benchmarks / "spanish_protest_plover"):
        types = [e["code_plover_2023"] for e in record["expected"] if e.get("code_plover_2023")]
        if not record.get("evaluate", True) or not types:
            continue
        lexicon = spanish_lexicon(record["text"])
        examples.append(
            Example(record["id"], record["text"], types[0], document_key(record), lexicon.drafts)
        )
        gold_sets.append(set(types))
        lexicons.append(lexicon)
    return examples, gold_sets, lexicons


def spanish_predict(probs: dict[str, float], lexicon: SpanishLexicon, override: float,
                    choose: bool, add: float, gate: bool = False) -> str:  # fmt: skip
    """The type ``classifier.apply_spanish`` gives the sentence's main event ("-": none);
    with ``gate`` the classifier has its say only in protest news."""
    if gate and not lexicon.protest:
        return features.main_type(lexicon.drafts)
    decision = spanish_decision(lexicon.drafts, probs, override, choose)
    if decision is None:
        return features.main_type(lexicon.drafts)
    if lexicon.live:
        return decision
    return decision if lexicon.protest and probs[decision] >= add else features.NO_TYPE


def train_spanish(benchmarks: Path, folds: int, out: Path, log: Log) -> dict[str, Any]:
    examples, gold_sets, lexicons = spanish_examples(benchmarks)
    labels = sorted({e.label for e in examples})
    counts = Counter(name for lex in lexicons for name in lex.context)
    context_names = sorted(name for name, n in counts.items() if n >= MIN_CONTEXT_COUNT)
    lexicon = np.array(
        [features.label_features(lex.drafts, labels) + features.named_block(lex.context, context_names)
         for lex in lexicons]
    )  # fmt: skip
    lexicon_main = [features.main_type(e.drafts) for e in examples]

    def accuracy(predicted: list[str]) -> float:
        return sum(p in g for p, g in zip(predicted, gold_sets, strict=True)) / len(examples)

    log(f"\n{SPANISH_MODEL}: {len(examples)} train sentences, labels {labels}, "
        f"{len(context_names)} trigger-context features")  # fmt: skip
    log(f"  lexicon alone                     accuracy={accuracy(lexicon_main):.3f}")
    log(f"  sentences with a word of protest news: {sum(lex.protest for lex in lexicons)}")
    best: tuple[float, float, float, bool, float, bool] = (-1.0, 1.01, 1.0, False, 1.01, False)
    for c in SPANISH_C:
        probs = out_of_fold(examples, lexicon, "es", c, folds, balanced=False)
        top = [max(p, key=lambda k: p[k]) for p in probs]
        log(f"  C={c:<4}: classifier alone accuracy={accuracy(top):.3f}")
        for gate in (True, False):
            for choose in (False, True):
                setting = (-1.0, 0.0, 0.0)
                for add in SPANISH_ADD:
                    for override in [0.0, *GRID, 1.01]:
                        predicted = [spanish_predict(p, lex, override, choose, add, gate)
                                     for p, lex in zip(probs, lexicons, strict=True)]  # fmt: skip
                        acc = accuracy(predicted)
                        setting = max(setting, (acc, -override, -add))
                        if acc > best[0]:
                            best = (acc, override, c, choose, add, gate)
                log(f"    gate={gate!s:5} choose={choose!s:5}: accuracy={setting[0]:.3f} "
                    f"(override={-setting[1]}, add={-setting[2]})")  # fmt: skip
        log(f"  best so far {best[0]:.3f} (override={best[1]}, C={best[2]}, "
            f"choose={best[3]}, add={best[4]}, gate={best[5]})")  # fmt: skip
    acc, override, c, choose, add, gate = best
    fitted = fit([e.text for e in examples], [e.label for e in examples], lexicon, "es", c,
                 balanced=False)  # fmt: skip
    # "add" is used only in sentences with a word of protest news (``coder.protest_context``):
    # the model has no "no event" class, so elsewhere it would code events in any news.
    params = {"override": override, "add": add, "choose": float(choose), "gate": float(gate),
              "cv_accuracy": round(acc, 4), "C": c, "balanced": 0.0}  # fmt: skip
    names = features.label_feature_names(labels) + context_names
    to_model(SPANISH_MODEL, "es", fitted, names, params).save(out)
    log(f"  saved {SPANISH_MODEL}: {params}")
    return {SPANISH_MODEL: _manifest_entry("spanish_protest_plover", examples, params)}


# ----------------------------------------------------------------------------- manifest


def _manifest_entry(
    benchmark: str, examples: list[Example], params: dict[str, float]
) -> dict[str, Any]:
    return {"benchmark": benchmark, "split": "train", "split_salt": SPLIT_SALT,
            "params": params, "record_ids": sorted(e.id for e in examples)}  # fmt: skip


def write_manifest(out: Path, entries: dict[str, Any]) -> None:
    path = out / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    manifest.update(entries)
    path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benchmarks", type=Path, default=Path("../shared/benchmarks"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--only", choices=("ar", "es"), default=None)
    args = parser.parse_args(argv)
    if not (args.benchmarks / "arabic_event_gsr").is_dir():
        print(f"benchmarks not found under {args.benchmarks}", file=sys.stderr)
        return 2
    entries: dict[str, Any] = {}
    if args.only in (None, "ar"):
        entries.update(train_arabic(args.benchmarks, args.folds, args.out, print))
    if args.only in (None, "es"):
        entries.update(train_spanish(args.benchmarks, args.folds, args.out, print))
    write_manifest(args.out, entries)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
