"""The Arabic/Spanish coder holds its floors on the held-out test split (benchmarks/floors_lang.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geopol.lang.evaluate import evaluate_benchmark

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "benchmarks" / "floors_lang.json").read_text(encoding="utf-8"))
BENCHMARKS = ROOT.parent / "shared" / "benchmarks"


def test_floors_file_names_known_metrics() -> None:
    assert set(FLOORS["floors"]) <= {
        "arabic_event_gsr", "spanish_protest_plover", "spanish_violence_cameo",
        "spanish_protest_cameo_sentences",
    }  # fmt: skip
    assert all(0.0 <= v <= 1.0 for metrics in FLOORS["floors"].values() for v in metrics.values())


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FLOORS["floors"]))
def test_floor_holds_on_test_split(name: str) -> None:
    folder = BENCHMARKS / name
    if not folder.is_dir():
        pytest.skip(f"{folder} is not here")
    result = evaluate_benchmark(folder, split="test")
    for metric, floor in FLOORS["floors"][name].items():
        assert result[metric] >= floor, f"{name}.{metric} = {result[metric]} < {floor}"
