"""geopol.lang: Arabic and Spanish actors and events. Every test text is written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geopol.actors import get_actor
from geopol.actors import mentions_in_text as english_mentions
from geopol.lang import code_sentence, code_text, mentions_in_text
from geopol.lang import codes as lang_codes
from geopol.lang.coder import draft_events, protest_context, sentence_view
from geopol.lang.evaluate import evaluate_benchmark, handles, read_records, split_of
from geopol.lang.morphology import arabic_verb_forms, spanish_verb_forms
from geopol.lang.text import arabic_stems, fold_latin, normalize_arabic
from geopol.records import Sentence


def ids(text: str, language: str) -> list[str]:
    return [m.actor_id for m in mentions_in_text(text, language)]


# ------------------------------------------------------------------------------ text


def test_fold_latin_keeps_length_and_drops_accents() -> None:
    assert fold_latin("Turquía PERÚ") == "turquia peru"
    assert len(fold_latin("Ñandú")) == len("Ñandú")


def test_normalize_arabic_unifies_alef_and_drops_marks() -> None:
    assert normalize_arabic("إِسْرائيل") == "اسرائيل"
    assert normalize_arabic("القاهرة") == "القاهره"


def test_arabic_stems_peel_conjunction_preposition_and_lam_alef() -> None:
    stems = {stem for _, stem in arabic_stems("وللعراق")}
    assert "العراق" in stems
    assert "بغداد" in {stem for _, stem in arabic_stems("وبغداد")}


# ------------------------------------------------------------------------ morphology


def test_spanish_conjugation_covers_stem_changes_and_spelling() -> None:
    assert {"pidieron", "piden", "pidio"} <= set(spanish_verb_forms("pedir", "i"))
    assert {"ataque", "atacaron", "atacara"} <= set(spanish_verb_forms("atacar"))
    assert {"niega", "nego"} <= set(spanish_verb_forms("negar", "ie"))
    assert spanish_verb_forms("atacar")["atacaran"] == "fut"
    assert "pedfue" not in spanish_verb_forms("pedir", "i")  # "ir" is not its base


def test_arabic_verb_forms_have_perfect_and_imperfect() -> None:
    forms = arabic_verb_forms("هاجم", "هاجم")
    assert {"هاجموا", "يهاجمون", "تهاجم"} <= set(forms)
    assert forms["هاجمت"] == "pret" and forms["يهاجم"] == "pres"


# -------------------------------------------------------------------------- mentions


def test_same_ids_as_english() -> None:
    english = {m.actor_id for m in english_mentions("Iraq, Turkey and the PKK met.")}
    assert {"IRQ", "TUR", "PKK"} <= english
    assert {"IRQ", "TUR", "PKK"} <= set(ids("العراق وتركيا وحزب العمال الكردستاني", "ar"))
    assert {"IRQ", "TUR", "PKK"} <= set(ids("Irak, Turquía y el PKK", "es"))


def test_mention_offsets_are_exact() -> None:
    for text, language in [
        ("وللعراق علاقات مع تركيا، وقال الجيش العراقي إن مسلحين هاجموا.", "ar"),
        ("El gobierno de Perú y la policía chilena; Bogotá anunció.", "es"),
    ]:
        for m in mentions_in_text(text, language):
            assert text[m.start : m.end] == m.text
            assert m.start < m.end


def test_sector_noun_takes_the_state_named_after_it() -> None:
    (army,) = [
        m for m in mentions_in_text("El ejército colombiano llegó.", "es") if m.actor_id == "COL"
    ]
    assert army.cameo == "COLMIL" and army.text == "ejército colombiano"
    (arabic,) = mentions_in_text("وصل الجيش العراقي", "ar")
    assert (arabic.actor_id, arabic.cameo) == ("IRQ", "IRQMIL")
    (government,) = mentions_in_text("el gobierno de Irak", "es")
    assert (government.actor_id, government.cameo) == ("IRQ", "IRQGOV")


def test_members_of_a_group_resolve_to_the_group() -> None:
    (m,) = mentions_in_text("Guerrilleros del Frente 9 de las FARC llegaron.", "es")
    assert m.actor_id == "FARC" and m.text.startswith("Guerrilleros")


def test_plural_demonym_with_noun_is_the_population() -> None:
    (m,) = mentions_in_text("marcharon los manifestantes venezolanos", "es")
    assert m.actor_id == "VEN_POP" and m.cameo == "VENCVL"


def test_unnamed_group_is_unknown_with_its_sector() -> None:
    (m,) = mentions_in_text("Los estudiantes llegaron.", "es")
    assert m.actor_id == "UNKNOWN" and m.cameo == "EDU"


def test_capital_is_the_government_unless_it_is_the_place() -> None:
    assert ids("Bagdad rechazó la propuesta.", "es") == ["IRQ"]
    assert ids("Hubo una reunión en Bagdad.", "es") == []
    assert ids("انعقد الاجتماع في بغداد", "ar") == []


def test_ambiguous_words_are_blocked() -> None:
    found = set(ids("زار الوفد عمان", "ar"))  # Oman or Amman: neither
    assert not found & {"OMN", "JOR"}


def test_extra_actors_are_known_to_the_registry() -> None:
    assert ids("las AUC", "es") == ["AUC"]
    actor = get_actor("AUC")
    assert actor is not None and actor.country == "COL"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        mentions_in_text("Iraq", "fr")


# ---------------------------------------------------------------------------- events


def only(events: list, plover: str):  # type: ignore[no-untyped-def]
    typed = [e for e in events if e.plover == plover]
    assert len(typed) == 1, [(e.cameo, e.plover, e.trigger.text) for e in events]
    return typed[0]


def test_spanish_attack_is_coded_with_actors() -> None:
    text = "Tropas venezolanas atacaron a guerrilleros del ELN en la frontera."
    event = only(code_text(text, "es", classify=False), "ASSAULT")
    assert event.cameo.startswith("19") and event.quad_class == 4
    assert event.source is not None and event.source.actor_id == "VEN"
    assert event.target is not None and event.target.actor_id == "ELN"
    assert event.trigger.text == "atacaron"
    assert text[event.trigger.start : event.trigger.end] == event.trigger.text
    assert event.evidence.text == text[event.evidence.start : event.evidence.end]


def test_event_numbers_follow_the_cameo_tables() -> None:
    event = only(
        code_text("Los mineros marcharon hacia la capital.", "es", classify=False), "PROTEST"
    )
    assert event.goldstein == lang_codes.goldstein(event.cameo)
    assert event.plover == lang_codes.plover_type(event.cameo)
    assert event.polarity == "conflictual"


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Los rebeldes no atacaron el cuartel.", "negated"),
        ("Los rebeldes nunca han atacado el cuartel.", "negated"),
        ("Los rebeldes atacarán el cuartel.", "predicted"),
        ("Los rebeldes presuntamente atacaron el cuartel.", "hedged"),
        ("Los rebeldes habrían atacado el cuartel.", "hedged"),
        ("Si los rebeldes atacan el cuartel, habrá represalias.", "conditional"),
        ("Los rebeldes atacaron el cuartel.", "asserted"),
    ],
)
def test_spanish_modality(text: str, modality: str) -> None:
    assert only(code_text(text, "es", classify=False), "ASSAULT").modality == modality


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("لم يهاجم المسلحون القاعدة", "negated"),
        ("سيهاجم المسلحون القاعدة", "predicted"),
        ("ربما هاجم المسلحون القاعدة", "hedged"),
        ("هاجم المسلحون القاعدة", "asserted"),
    ],
)
def test_arabic_modality(text: str, modality: str) -> None:
    assert only(code_text(text, "ar", classify=False), "ASSAULT").modality == modality


def test_arabic_verb_subject_object_order() -> None:
    text = "قتل مسلحون ثلاثة جنود أميركيين قرب الحدود"
    event = only(code_text(text, "ar", classify=False), "ASSAULT")
    assert event.source is not None and event.source.cameo == "UAF"
    assert event.target is not None and event.target.actor_id == "USA"


def test_arabic_protest_with_clitic_trigger() -> None:
    event = only(
        code_text("وتظاهر آلاف الطلاب أمام وزارة التعليم", "ar", classify=False), "PROTEST"
    )
    assert event.trigger.text == "وتظاهر"
    assert event.source is not None


def test_spanish_passive_swaps_roles() -> None:
    event = only(
        code_text("El alcalde fue asesinado por paramilitares de las AUC.", "es", classify=False),
        "ASSAULT",
    )
    assert event.source is not None and event.source.actor_id == "AUC"
    assert event.target is not None and event.target.text == "alcalde"


def test_reporting_verb_gives_way_to_the_event() -> None:
    events = code_text("El ministro dijo que los soldados atacaron la aldea.", "es", classify=False)
    assert [e.plover for e in events] == ["ASSAULT"]


def test_denial_negates_the_event() -> None:
    events = code_text("El gobierno negó haber bombardeado la aldea.", "es", classify=False)
    assert [(e.plover, e.modality) for e in events] == [("ASSAULT", "negated")]


def test_demand_keeps_its_code_and_absorbs_the_content() -> None:
    events = code_text(
        "Los sindicatos exigieron la liberación de los detenidos.", "es", classify=False
    )
    assert [e.cameo[:2] for e in events] == ["10"]


def test_words_inside_a_name_are_not_triggers() -> None:
    events = code_text(
        "El Ejército de Liberación Nacional publicó un comunicado.", "es", classify=False
    )
    assert all(e.plover != "ASSAULT" for e in events)


def test_code_sentence_uses_document_offsets() -> None:
    prefix = "Titular. "
    text = prefix + "Los rebeldes atacaron el cuartel."
    sentence = Sentence(
        "doc1", 1, len(prefix), len(text), text[len(prefix) :], len(prefix), len(text)
    )
    local = mentions_in_text(sentence.text, "es")
    from geopol.lang.coder import shifted

    events = code_sentence(sentence, shifted(local, len(prefix), "doc1", 1), "es", classify=False)
    event = only(events, "ASSAULT")
    assert event.doc_id == "doc1" and event.sentence_index == 1
    assert text[event.trigger.start : event.trigger.end] == "atacaron"
    assert event.source is not None and text[event.source.start : event.source.end] == "rebeldes"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Los sindicatos convocaron una protesta contra el gobierno.", "140"),  # noun after "una"
        ("Los campesinos mantienen el bloqueo de la carretera.", "144"),
        ("Al rechazar el plan, los unionistas quedaron fuera del proceso.", "120"),
    ],
)
def test_spanish_event_nouns_and_al_infinitive_are_triggers(text: str, code: str) -> None:
    assert code in {e.cameo for e in code_text(text, "es", classify=False)}


def test_spanish_thing_nouns_are_no_triggers() -> None:
    view = sentence_view("Una patrulla recorrió la zona.", "es", [])
    assert not [d for d in draft_events(view) if d.code.startswith("15")]


def test_spanish_preposition_de_is_no_verb() -> None:
    codes = {
        e.cameo[:2]
        for e in code_text(
            "Paramilitares amenazaron de muerte a un periodista.", "es", classify=False
        )
    }
    assert codes == {"13"}


def test_protest_context_reads_protest_words_only() -> None:
    assert protest_context(sentence_view("Miles de manifestantes en la plaza.", "es", []))
    assert not protest_context(sentence_view("La puesta en marcha del plan.", "es", []))


def test_no_trigger_no_event() -> None:
    assert code_text("El tiempo fue soleado en la costa.", "es") == []
    assert code_text("كان الطقس مشمسا على الساحل", "ar", classify=False) == []


# ----------------------------------------------------------------- splits and scoring


def test_split_is_deterministic_and_by_article() -> None:
    a = {"id": "x-1", "source_doc": "DOC_A"}
    b = {"id": "x-2", "source_doc": "DOC_A"}
    assert split_of(a) == split_of(b) == split_of(dict(a))
    share = (
        sum(split_of({"id": str(i), "source_doc": f"D{i}"}) == "test" for i in range(2000)) / 2000
    )
    assert 0.35 < share < 0.45


def _write(folder: Path, records: list[dict]) -> Path:
    folder.mkdir(parents=True)
    with (folder / "records.jsonl").open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return folder


def test_evaluate_benchmark_scores_a_violence_folder(tmp_path: Path) -> None:
    records = [
        {"id": "v1", "doc_ref": "R1", "text": "Hombres armados secuestraron a un comerciante.",
         "expected": [{"code": "181", "source": [], "target": []}]},
        {"id": "v2", "doc_ref": "R2", "text": "Guerrilleros atacaron una patrulla del ejército.",
         "expected": [{"code": "190", "source": [], "target": []}]},
        {"id": "v3", "doc_ref": "R3", "text": "Llovió toda la noche en el pueblo.", "expected": []},
    ]  # fmt: skip
    folder = _write(tmp_path / "spanish_violence_cameo", records)
    result = evaluate_benchmark(folder, split="all")
    assert result["records"] == 3
    assert result["root_accuracy"] == 1.0
    assert result["negative_accuracy"] == 1.0
    assert handles(folder) and not handles(tmp_path / "other")


def test_evaluate_benchmark_arabic_detection(tmp_path: Path) -> None:
    records = [
        {"id": "a1", "source_doc": "S1", "task": "PROTEST detection", "gsr_label": "yes",
         "text": "تظاهر آلاف العمال أمام البرلمان", "expected": [{"code": "PROTEST"}]},
        {"id": "a2", "source_doc": "S2", "task": "PROTEST detection", "gsr_label": "easy no",
         "text": "افتتح الوزير معرضا للكتاب", "expected": []},
        {"id": "a3", "source_doc": "S3", "task": "ASSAULT detection", "gsr_label": "ambiguous",
         "text": "قتل مسلحون شرطيا", "expected": []},
    ]  # fmt: skip
    folder = _write(tmp_path / "arabic_event_gsr", records)
    result = evaluate_benchmark(folder, split="all")
    assert result["records"] == 2  # the ambiguous one is left out
    assert result["detection"]["PROTEST"]["tp"] == 1
    assert result["detection"]["PROTEST"]["fp"] == 0


def test_unknown_benchmark_is_refused(tmp_path: Path) -> None:
    folder = _write(tmp_path / "something_else", [])
    with pytest.raises(ValueError):
        evaluate_benchmark(folder)
    with pytest.raises(ValueError):
        list(read_records(folder, split="dev"))
