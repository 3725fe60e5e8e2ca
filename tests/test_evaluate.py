"""Metrics on hand-made cases, benchmark scoring with a stub coder, and the accuracy floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geopol.errors import InputError, InputNotFound
from geopol.evaluate import (
    ActorGuess,
    Coding,
    EventGuess,
    accuracy,
    detection_prf,
    evaluate_benchmark,
    hash_split,
    macro_f1,
    normalise_country,
    per_class_prf,
    score_records,
    select_split,
    spans_overlap,
)

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ROOT / "benchmarks" / "floors.json"


# --------------------------------------------------------------------------- metrics
def test_accuracy_counts_missing_predictions_as_wrong() -> None:
    assert accuracy(["a", "b", "b", "c"], ["a", "b", None, "a"]) == 0.5
    assert accuracy([], []) == 0.0
    with pytest.raises(ValueError):
        accuracy(["a"], [])


def test_macro_f1_by_hand() -> None:
    gold = ["x", "x", "y", "y"]
    predicted = ["x", "y", "y", "y"]
    # x: P=1, R=1/2 -> F1=2/3; y: P=2/3, R=1 -> F1=4/5
    assert macro_f1(gold, predicted) == pytest.approx((2 / 3 + 4 / 5) / 2)
    scores = per_class_prf(gold, predicted)
    assert scores["y"].precision == pytest.approx(2 / 3)
    assert scores["x"].support == 2
    # a class never predicted scores 0 and pulls the mean down
    assert macro_f1(["x", "z"], ["x", "x"]) == pytest.approx((2 / 3 + 0) / 2)


def test_detection_precision_recall_f1() -> None:
    gold = [True, True, False, False, True]
    found = [True, False, True, False, True]
    prf = detection_prf(gold, found)
    assert prf.precision == pytest.approx(2 / 3)
    assert prf.recall == pytest.approx(2 / 3)
    assert prf.f1 == pytest.approx(2 / 3)
    assert detection_prf([False], [False]).f1 == 0.0


def test_spans_and_country_codes() -> None:
    assert spans_overlap((0, 5), (4, 9))
    assert not spans_overlap((0, 5), (5, 9))
    assert normalise_country("jap") == "JPN"
    assert normalise_country("TUR") == "TUR"
    assert normalise_country("") is None


def test_country_of_a_mention_reads_its_cameo_code_first() -> None:
    from geopol.evaluate import _actor_country
    from geopol.records import Mention

    assert _actor_country(Mention("ICRC", "Red Cross", 0, 9, cameo="NGOIRC")) == "NGO"
    assert _actor_country(Mention("KEN", "Kenyan police", 0, 13, cameo="KENCOP")) == "KEN"
    assert _actor_country(Mention("KEN", "Kenya", 0, 5)) == "KEN"  # no code: the actor's country
    assert _actor_country(Mention("NO_SUCH_ACTOR", "Somebody", 0, 8)) is None


def test_hash_split_is_stable_and_halves_the_records() -> None:
    ids = [f"rec-{i}" for i in range(400)]
    splits = [hash_split(i) for i in ids]
    assert splits == [hash_split(i) for i in ids]
    assert 150 < splits.count("test") < 250
    assert all(hash_split(i, upper_is_test=True) != s for i, s in zip(ids, splits, strict=True))


# --------------------------------------------------------------------------- scoring
def _guess(code: str, penta: str, plover: str, source: ActorGuess | None = None) -> EventGuess:
    return EventGuess(code, plover, penta, "asserted", source, None)


def test_score_records_penta_with_subsets_and_spans() -> None:
    records = [
        {
            "id": "1",
            "text": "A hit B.",
            "ontology": "CAMEO-penta-UTD",
            "in_cameo_manual": True,
            "expected": [{"code": "MATERIAL_CONFLICT", "source": [{"text": "A", "span": [0, 1]}]}],
        },
        {
            "id": "2",
            "text": "C praised D.",
            "ontology": "CAMEO-penta-UTD",
            "expected": [{"code": "VERBAL_COOPERATION", "source": [{"text": "C", "span": [0, 1]}]}],
        },
    ]
    a = ActorGuess("A", 0, 1, "AAA")
    codings = [
        Coding([_guess("190", "MATERIAL_CONFLICT", "ASSAULT", a)], None),
        Coding([], None, fallback_penta="STATEMENT"),
    ]
    codings[0].label_event = codings[0].events[0]
    result = score_records("penta", "test", records, codings)
    assert result.metrics["accuracy"] == 0.5
    assert result.metrics["detection_recall"] == 0.5
    assert result.metrics["source_span"] == 0.5
    assert result.subsets["in_cameo_manual"]["accuracy"] == 1.0
    assert result.subsets["not_in_cameo_manual"]["accuracy"] == 0.0


def test_score_records_plover_countries_and_relevance() -> None:
    plover = [
        {
            "id": "p",
            "text": "Turkey warned Greece.",
            "ontology": "PLOVER",
            "expected": [
                {
                    "code": "THREATEN",
                    "code_plover_2023": "THREATEN",
                    "source": [{"text": "Turkey", "code": "TUR", "span": [0, 6]}],
                    "target": [{"text": "Greece", "code": "GRC", "span": [14, 20]}],
                }
            ],
        }
    ]
    source = ActorGuess("Turkey", 0, 6, "TUR")
    event = EventGuess("130", "THREATEN", "VERBAL_CONFLICT", "asserted", source, None)
    result = score_records("gsr", "test", plover, [Coding([event], event)])
    assert result.metrics["accuracy"] == 1.0
    assert result.metrics["source_country"] == 1.0
    assert result.metrics["target_country"] == 0.0
    relevance = [
        {
            "id": "r1",
            "text": "x",
            "ontology": "CAMEO-root",
            "relevant": True,
            "label": ["01"],
            "expected": [{"code": "01"}],
        },
        {
            "id": "r2",
            "text": "y",
            "ontology": "CAMEO-root",
            "relevant": False,
            "label": [],
            "expected": [],
        },
    ]
    said = _guess("010", "STATEMENT", "")
    result = score_records("multi", "test", relevance, [Coding([said], said), Coding([said], said)])
    assert result.metrics["detection_precision"] == 0.5
    # a negated event ("did not attack") is no event that happened
    denied = EventGuess("190", "ASSAULT", "MATERIAL_CONFLICT", "negated", None, None)
    result = score_records(
        "multi", "test", relevance, [Coding([said], said), Coding([denied], denied)]
    )
    assert result.metrics["detection_precision"] == 1.0
    assert result.metrics["detection_recall"] == 1.0
    assert result.metrics["accuracy"] == 1.0


def _write(folder: Path, records: list[dict[str, object]]) -> Path:
    folder.mkdir()
    with (folder / "records.jsonl").open("w") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")
    return folder


def test_evaluate_benchmark_with_a_stub_coder(tmp_path: Path) -> None:
    records = [
        {
            "id": f"r{i}",
            "text": f"text {i}",
            "language": "en",
            "ontology": "CAMEO-penta-UTD",
            "split": "test" if i % 2 else "train",
            "expected": [{"code": "STATEMENT"}],
        }
        for i in range(6)
    ]
    folder = _write(tmp_path / "tiny", records)
    said = _guess("010", "STATEMENT", "")
    seen: list[str] = []

    def stub(text: str) -> Coding:
        seen.append(text)
        return Coding([said], said)

    result = evaluate_benchmark(folder, split="test", coder=stub)
    assert result.records == 3 and seen == ["text 1", "text 3", "text 5"]
    assert result.metrics["macro_f1"] == 1.0
    with pytest.raises(InputNotFound):
        evaluate_benchmark(tmp_path / "missing", coder=stub)
    spanish = _write(tmp_path / "es", [{**records[1], "language": "es"}])
    with pytest.raises(InputError):
        evaluate_benchmark(spanish, coder=stub)


def test_penta_scores_also_leave_out_sentences_of_the_gsr_train_half(tmp_path: Path) -> None:
    texts = ["Alpha met Beta.", "Gamma hit Delta.", "Epsilon praised Zeta."]
    penta = [
        {
            "id": f"p{i}",
            "text": text,
            "language": "en",
            "ontology": "CAMEO-penta-UTD",
            "split": "test",
            "expected": [{"code": "STATEMENT"}],
        }
        for i, text in enumerate(texts)
    ]
    _write(tmp_path / "conflibert_cameo_penta", penta)
    # a GSR id in its train half (hash digit 0-7) holding the second sentence
    ident = next(f"g{i}" for i in range(100) if hash_split(f"g{i}", upper_is_test=True) == "train")
    gsr = [{"id": ident, "text": "gamma hit  delta", "ontology": "PLOVER", "expected": []}]
    _write(tmp_path / "plover_gsr_cameo_manual", gsr)
    said = _guess("010", "STATEMENT", "")
    wrong = _guess("190", "MATERIAL_CONFLICT", "ASSAULT")

    def stub(text: str) -> Coding:
        guess = wrong if text.startswith("Gamma") else said
        return Coding([guess], guess)

    result = evaluate_benchmark(tmp_path / "conflibert_cameo_penta", coder=stub)
    assert result.metrics["accuracy"] == pytest.approx(2 / 3)
    clean = result.subsets["not_in_plover_gsr_cameo_manual_train"]
    assert clean["records"] == 2 and clean["accuracy"] == 1.0
    assert any("train half" in note for note in result.notes)


def test_select_split_without_a_split_field_uses_the_hash() -> None:
    records = [{"id": f"x{i}"} for i in range(50)]
    test, how = select_split(records, "test")
    train, _ = select_split(records, "train")
    assert how == "hash" and len(test) + len(train) == 50
    assert select_split(records, "all")[0] == records


# --------------------------------------------------------------------------- floors
def test_floors_file_has_one_number_per_set_and_metric() -> None:
    floors = json.loads(FLOORS.read_text())
    assert floors["datasets"]
    for name, metrics in floors["datasets"].items():
        assert (ROOT.parent / "shared" / "benchmarks" / name).name == name
        assert all(0.0 < value <= 1.0 for value in metrics.values()), name


@pytest.mark.slow
def test_scores_stay_above_the_floors(
    benchmarks_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # what CI has: the package alone, no user-trained model in the model folder
    monkeypatch.setenv("GEOPOL_MODEL_DIR", str(tmp_path))
    floors = json.loads(FLOORS.read_text())
    for name, metrics in floors["datasets"].items():
        result = evaluate_benchmark(benchmarks_dir / name, split=floors["split"])
        for metric, floor in metrics.items():
            if "." in metric:  # a subset metric: "not_in_cameo_manual.macro_f1"
                subset, key = metric.split(".", 1)
                value = result.subsets[subset][key]
            else:
                value = result.metrics[metric]
            assert value >= floor, f"{name} {metric}: {value:.4f} < floor {floor}"
