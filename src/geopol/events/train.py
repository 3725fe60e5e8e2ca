"""Train the penta-class backup classifier from the ``train`` split only.

    python -m geopol.events.train ../shared/benchmarks/conflibert_cameo_penta

writes ``penta_tfidf_lr.json`` into the user's model folder (``$GEOPOL_MODEL_DIR``, by default
``~/.cache/geopol/models``), never into the package: the training data is GPL-3.0, so whoever
trains the model takes on that license for the file. Deterministic: same data, same file.
Training needs scikit-learn (a dependency of geopol); using the model needs numpy only.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from geopol.events.classifier import model_path

NGRAM_MAX = 2
MIN_DF = 2
C = 10.0


def train_records(folder: Path) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    with (folder / "records.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("split") == "train" and record.get("label"):
                texts.append(record["text"])
                labels.append(record["label"])
    return texts, labels


def train(folder: Path, out: Path | None = None) -> int:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts, labels = train_records(folder)
    if not texts:
        raise SystemExit(f"no labelled train records in {folder}")
    vectorizer = TfidfVectorizer(ngram_range=(1, NGRAM_MAX), min_df=MIN_DF, sublinear_tf=True)
    matrix = vectorizer.fit_transform(texts)
    model = LogisticRegression(C=C, max_iter=5000)
    model.fit(matrix, labels)
    vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    payload = {
        "trained_on": f"{folder.name} split=train ({len(texts)} sentences)",
        "license": "learnt from GPL-3.0 data (conflibert_cameo_penta): not part of geopol's MIT code",
        "method": f"tf-idf 1-{NGRAM_MAX} grams (min_df={MIN_DF}, sublinear) + logistic regression C={C}",
        "classes": [str(c) for c in model.classes_],
        "ngram_max": NGRAM_MAX,
        "vocabulary": vocabulary,
        "idf": [round(float(x), 5) for x in vectorizer.idf_],
        "coef": [[round(float(x), 5) for x in row] for row in model.coef_],
        "intercept": [round(float(x), 5) for x in model.intercept_],
    }
    out = out or model_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(payload, separators=(",", ":")) + "\n", encoding="utf-8")
    return len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("benchmark", type=Path, help="the conflibert_cameo_penta folder")
    parser.add_argument("-o", "--out", type=Path, default=None, help="default: the model folder")
    args = parser.parse_args()
    out = args.out or model_path()
    count = train(args.benchmark, out)
    print(f"trained on {count} sentences -> {out}")
    print("the training data is GPL-3.0: this model file is under its terms, not geopol's MIT")


if __name__ == "__main__":
    main()
