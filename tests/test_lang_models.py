"""The shipped Arabic/Spanish sentence classifiers: small, plain data, fitted on train only."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest

from geopol.lang import features
from geopol.lang.classifier import (
    ARABIC_MODELS,
    MODEL_DIR,
    SPANISH_MODEL,
    apply_spanish,
    load_model,
    spanish_decision,
    spanish_lexicon_block,
)
from geopol.lang.coder import code_text, draft_events, sentence_view
from geopol.lang.evaluate import SPLIT_SALT, read_records, split_of
from geopol.lang.mentions import mentions_in_text

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT.parent / "shared" / "benchmarks"
MANIFEST = json.loads((MODEL_DIR / "manifest.json").read_text(encoding="utf-8"))
NAMES = [*ARABIC_MODELS.values(), SPANISH_MODEL]


def _view(text: str, language: str):  # type: ignore[no-untyped-def]
    return sentence_view(text, language, mentions_in_text(text, language))


def test_model_files_are_small() -> None:
    total = sum(p.stat().st_size for p in MODEL_DIR.iterdir() if p.suffix in {".json", ".npz"})
    assert total < 5_000_000


@pytest.mark.parametrize("name", NAMES)
def test_model_loads_fast_and_is_consistent(name: str) -> None:
    load_model.cache_clear()
    started = time.perf_counter()
    model = load_model(name)
    assert model is not None
    assert time.perf_counter() - started < 2.0
    width = len(model.vocabulary) + len(model.word_vocabulary) + len(model.feature_names)
    assert model.coef.shape[1] == width
    assert len(model.idf) == len(model.vocabulary)
    assert len(model.word_idf) == len(model.word_vocabulary)


@pytest.mark.parametrize("name", NAMES)
def test_manifest_lists_only_train_records(name: str) -> None:
    entry = MANIFEST[name]
    assert entry["split"] == "train" and entry["split_salt"] == SPLIT_SALT
    folder = BENCHMARKS / entry["benchmark"]
    if not folder.is_dir():
        pytest.skip(f"{folder} is not here")
    by_id = {r["id"]: r for r in read_records(folder, "all")}
    ids = entry["record_ids"]
    assert ids and all(i in by_id for i in ids)
    assert all(split_of(by_id[i]) == "train" for i in ids)


def test_manifest_params_are_the_models_params() -> None:
    for name in NAMES:
        model = load_model(name)
        assert model is not None
        assert model.params == MANIFEST[name]["params"]


def test_model_words_peel_arabic_proclitics() -> None:
    assert features.model_words("والمتظاهرين", "ar") == features.model_words("متظاهرين", "ar")
    assert features.model_words("Manifestación en LIMA", "es") == "manifestacion en lima"


def test_type_features_read_the_lexicon_verdict() -> None:
    view = _view("Soldados atacaron una aldea y mataron a tres campesinos.", "es")
    drafts = draft_events(view)
    assert drafts
    values = dict(
        zip(features.TYPE_FEATURES, features.type_features(drafts, "ASSAULT"), strict=True)
    )
    assert values["typed"] == 1.0 and values["occurred"] == 1.0
    none = dict(zip(features.TYPE_FEATURES, features.type_features([], "ASSAULT"), strict=True))
    assert set(none.values()) == {0.0}


def test_label_features_mark_the_main_type() -> None:
    view = _view("Soldados atacaron una aldea y mataron a tres campesinos.", "es")
    drafts = draft_events(view)
    labels = ["ASSAULT", "PROTEST"]
    values = features.label_features(drafts, labels)
    assert len(values) == len(features.label_feature_names(labels))
    assert values[labels.index(features.main_type(drafts))] == 1.0


def test_spanish_override_retypes_the_main_event() -> None:
    view = _view("Miles de maestros marcharon por la capital contra la reforma.", "es")
    drafts = draft_events(view)
    assert drafts
    probs = {"MOBILIZE": 0.05, "PROTEST": 0.05, "SUPPORT": 0.9}
    out = apply_spanish(view, drafts, probs, override=0.5)
    live = [d for d in out if d.modality != "negated"]
    assert features.main_type(live) == "SUPPORT"
    kept = apply_spanish(view, draft_events(view), probs, override=0.95)
    assert features.main_type(kept) == features.main_type(draft_events(view))


def test_context_features_name_the_main_trigger_and_its_window() -> None:
    view = _view("Miles de maestros marcharon por la capital contra la reforma.", "es")
    drafts = draft_events(view)
    names = features.context_features(view, drafts)
    assert f"mcode:{drafts[0].code[:3]}" in names
    assert "mtrig:marcha" in names and "win:maestros" in names and "win:reforma" not in names
    assert features.context_features(_view("Llovió en la costa.", "es"), []) == {"none"}
    assert features.named_block({"b", "z"}, ["a", "b", "c"]) == [0.0, 1.0, 0.0]


def test_spanish_model_block_matches_its_feature_names() -> None:
    model = load_model(SPANISH_MODEL)
    if model is None:
        pytest.skip("no Spanish model")
    view = _view("Los camioneros iniciaron una huelga indefinida contra el gobierno.", "es")
    row = spanish_lexicon_block(model, view, draft_events(view))
    assert len(row) == len(model.feature_names)
    assert any(v == 1.0 for v in row[len(features.label_features([], model.labels)) :])


def test_spanish_choose_picks_among_the_lexicon_types_below_override() -> None:
    view = _view("Soldados atacaron una aldea y mataron a tres campesinos.", "es")
    drafts = draft_events(view)
    probs = {"PROTEST": 0.4, "ASSAULT": 0.35, "REQUEST": 0.25}
    assert spanish_decision(drafts, probs, override=0.5) is None
    assert spanish_decision(drafts, probs, override=0.5, choose=True) == "ASSAULT"
    assert spanish_decision(drafts, probs, override=0.3, choose=True) == "PROTEST"


def test_spanish_guess_only_in_protest_news() -> None:
    if load_model(SPANISH_MODEL) is None:
        pytest.skip("no Spanish model")
    assert code_text("El tiempo fue soleado en la costa.", "es") == []
    assert code_text("El equipo local ganó el partido del domingo.", "es") == []


def test_arabic_models_rank_an_attack_above_a_meeting() -> None:
    model = load_model(ARABIC_MODELS["ASSAULT"])
    assert model is not None
    attack = "قتل مسلحون عشرة جنود في هجوم على نقطة تفتيش شمال البلاد"
    meeting = "التقى وزير الخارجية نظيره لبحث العلاقات التجارية بين البلدين"
    p_attack = model.probabilities(
        attack, features.type_features(draft_events(_view(attack, "ar")), "ASSAULT")
    )
    p_meeting = model.probabilities(
        meeting, features.type_features(draft_events(_view(meeting, "ar")), "ASSAULT")
    )
    assert p_attack["yes"] > p_meeting["yes"]
    assert np.isclose(sum(p_attack.values()), 1.0)
