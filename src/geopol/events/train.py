"""Train the penta-class backup classifier from the ``train`` split only.

    python -m geopol.events.train ../shared/benchmarks/conflibert_cameo_penta

writes ``geopol/data/events/models/penta_tfidf_lr.json``. Deterministic: same data, same file.
Training needs scikit-learn (a dependency of geopol); using the model needs numpy only.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from geopol.events.classifier import MODEL_PATH

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


def train(folder: Path, out: Path = MODEL_PATH) -> int:
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
        "method": f"tf-idf 1-{NGRAM_MAX} grams (min_df={MIN_DF}, sublinear) + logistic regression C={C}",
        "classes": [str(c) for c in model.classes_],
        "ngram_max": NGRAM_MAX,
        "vocabulary": vocabulary,
        "idf": [round(float(x), 5) for x in vectorizer.idf_],
        "coef": [[round(float(x), 5) for x in row] for row in model.coef_],
        "intercept": [round(float(x), 5) for x in model.intercept_],
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(payload, separators=(",", ":")) + "\n", encoding="utf-8")
    return len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("benchmark", type=Path, help="the conflibert_cameo_penta folder")
    parser.add_argument("-o", "--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    count = train(args.benchmark, args.out)
    print(f"trained on {count} sentences -> {args.out}")


if __name__ == "__main__":
    main()
