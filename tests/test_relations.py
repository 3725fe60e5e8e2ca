"""The relations stage: coded events and stance sentences become Relation records."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from geopol.records import (
    RELATION_TYPES,
    Document,
    Event,
    Evidence,
    Mention,
    OffsetMap,
    Relation,
    Sentence,
    content_id,
)
from geopol.relations import extract_relations, relate_documents
from geopol.relations.lexicon import event_map, expand_pattern, relation_types, stance_cues

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "relations"))
from toy import all_actors, one_sentence_doc


def relations_of(text: str, events: list[Event] | None = None) -> list[Relation]:
    doc, sentences, mentions = one_sentence_doc(text)
    return extract_relations(doc, sentences, mentions, events or [], actors=all_actors())


def triples(text: str) -> set[tuple[str, str, str, str]]:
    return {(r.source, r.relation, r.target, r.modality) for r in relations_of(text)}


# --- the lexicons ------------------------------------------------------------------------


def test_every_cue_names_a_known_relation_type_and_compiles() -> None:
    cues = stance_cues()
    assert len(cues) > 50
    assert len({cue.id for cue in cues}) == len(cues)
    for cue in cues:
        assert cue.relation in RELATION_TYPES
        assert "{" not in cue.regex.pattern.replace("{0,", "").replace("{1,", "")


def test_relation_types_cover_the_vocabulary() -> None:
    assert set(relation_types()) == set(RELATION_TYPES)


def test_macros_expand_to_named_slots() -> None:
    assert "(?P<s>" in expand_pattern("{S} and {T}")
    assert "{" not in expand_pattern("{det}{w2}").replace("{0,", "")


@pytest.mark.parametrize(
    ("cameo", "relation"),
    [("057", "agreement"), ("0571", "agreement"), ("195", "attack"), ("163", "sanction"),
     ("071", "aid"), ("138", "hostility"), ("130", "pressure"), ("192", "military_intervention"),
     ("072", "military_cooperation"), ("0721", "military_cooperation"), ("010", None),
     ("020", None)],
)  # fmt: skip
def test_event_map_uses_the_longest_prefix(cameo: str, relation: str | None) -> None:
    assert event_map().relation_for(cameo) == relation


# --- stance sentences ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Turkey is a member of NATO.", ("TUR", "membership", "NATO", "asserted")),
        ("NATO member Poland hosts American troops.", ("POL", "membership", "NATO", "asserted")),
        ("Finland joined NATO in 2023.", ("FIN", "membership", "NATO", "asserted")),
        ("Britain left the European Union.", ("GBR", "membership", "EU", "asserted")),
        ("India has not joined Western sanctions against Russia.",
         ("IND", "sanction_nonparticipation", "RUS", "asserted")),
        ("Egypt has remained neutral on the war in Ukraine.",
         ("EGY", "neutrality", "UKR", "asserted")),
        ("Kazakhstan abstained in the vote on a resolution about Russia.",
         ("KAZ", "neutrality", "RUS", "asserted")),
        ("Iran's influence over the Houthis keeps growing.",
         ("IRN", "influence", "HOUTHIS", "asserted")),
        # A third party says so: an accusation (tests/fixtures/corpus/README.md conventions).
        ("Rwanda backs the M23 rebels, according to UN experts.",
         ("RWA", "support_armed_group", "M23", "hedged")),
        ("Sudan abandoned its support for Hamas.",
         ("SDN", "support_armed_group", "HAMAS", "asserted")),
        ("Saudi Arabia does not recognise Israel.",
         ("SAU", "diplomatic_relations", "ISR", "negated")),
        ("Japan and Australia are close allies.", ("JPN", "alliance", "AUS", "asserted")),
    ],
)  # fmt: skip
def test_stance_sentence(text: str, expected: tuple[str, str, str, str]) -> None:
    assert expected in triples(text)


def test_a_denied_relation_is_never_asserted() -> None:
    found = relations_of("Algeria and Morocco have had no diplomatic relations since 2021.")
    ties = [r for r in found if r.relation == "diplomatic_relations"]
    assert ties
    assert all(r.modality == "negated" for r in ties)
    assert {ties[0].source, ties[0].target} == {"DZA", "MAR"}


def test_denial_verb_negates_support() -> None:
    found = triples("Russia denied arming the Taliban.")
    assert ("RUS", "support_armed_group", "TALIBAN", "negated") in found
    assert not any(m == "asserted" and r == "support_armed_group" for _, r, _, m in found)


def test_accusation_is_hedged_not_asserted() -> None:
    found = triples("Washington accused Tehran of arming the Houthis.")
    modalities = {m for s, r, t, m in found if r == "support_armed_group"}
    assert modalities == {"hedged"}


def test_passive_swaps_source_and_target() -> None:
    assert ("IRN", "support_armed_group", "HEZBOLLAH", "asserted") in triples(
        "Hezbollah, which is backed by Iran, dominates southern Lebanon."
    )


def test_arming_a_state_is_military_cooperation_not_support_for_armed_group() -> None:
    found = triples("Germany trained Ukrainian soldiers and armed Ukraine.")
    assert ("DEU", "military_cooperation", "UKR", "asserted") in found
    assert not any(r == "support_armed_group" for _, r, _, _ in found)


def test_mediation_needs_three_parties() -> None:
    found = triples("Qatar mediated talks between the United States and the Taliban.")
    assert ("QAT", "mediation", "USA", "asserted") in found
    assert ("QAT", "mediation", "TALIBAN", "asserted") in found
    assert not any(r == "mediation" for _, r, _, _ in triples("Qatar mediated talks with Iran."))


def test_symmetric_types_are_marked_symmetric() -> None:
    found = relations_of("Vietnam and the Philippines are strategic partners.")
    assert found and all(r.symmetric for r in found)
    directed = relations_of("Turkey is a member of NATO.")
    assert directed and not directed[0].symmetric


def test_predicted_membership() -> None:
    assert ("SWE", "membership", "NATO", "predicted") in triples("Sweden will join NATO.")


def polarities(text: str, relation: str) -> set[tuple[str, str]]:
    return {(r.polarity, r.modality) for r in relations_of(text) if r.relation == relation}


def test_ended_tie_keeps_its_type_with_polarity_turned() -> None:
    assert polarities("Britain left the European Union.", "membership") == {
        ("conflictual", "asserted")
    }
    assert polarities("Sudan abandoned its support for Hamas.", "support_armed_group") == {
        ("conflictual", "asserted")
    }
    assert polarities("Morocco severed diplomatic ties with Iran.", "diplomatic_relations") == {
        ("conflictual", "asserted")
    }
    assert polarities("The EU lifted sanctions on Belarus.", "sanction") == {
        ("cooperative", "asserted")
    }
    assert polarities("Qatar no longer funds Hamas.", "support_armed_group") == {
        ("conflictual", "asserted")
    }


def test_a_tie_not_cut_is_the_tie_as_it_was() -> None:
    assert polarities("Jordan has not severed ties with Israel.", "diplomatic_relations") == {
        ("cooperative", "asserted")
    }


def test_ended_cue_under_threat_is_predicted() -> None:
    assert polarities("Turkey threatened to leave NATO.", "membership") == {
        ("conflictual", "predicted")
    }


def test_sentence_without_two_actors_yields_nothing() -> None:
    assert relations_of("Turkey is a member of several organisations.") == []


def test_evidence_is_an_exact_span_of_the_raw_text() -> None:
    text = "Intro line.   Kenya is a member of the African Union."
    doc, sentences, mentions = one_sentence_doc(text)
    start = text.index("Kenya")
    sentence = sentences[0]
    sentence.start, sentence.clean_start = start, start
    sentence.text = text[start:]
    found = extract_relations(doc, [sentence], mentions, [], actors=all_actors())
    assert found
    for relation in found:
        assert (
            doc.raw_text[relation.evidence.start : relation.evidence.end] == relation.evidence.text
        )
        assert relation.date is None
        assert relation.evidence.text.startswith("Kenya")


# --- coded events --------------------------------------------------------------------------


def _event(text: str, cameo: str, source: Mention, target: Mention, modality: str = "asserted",
           goldstein: float = 8.0, polarity: str = "cooperative") -> Event:  # fmt: skip
    evidence = Evidence(text, 0, len(text))
    return Event("ev1", "d", 0, cameo, "AGREE", 1, goldstein, polarity, modality,  # type: ignore[arg-type]
                 source, target, evidence, evidence, confidence=0.9)  # fmt: skip


def test_event_becomes_relation_with_its_code_and_ids() -> None:
    text = "Kenya and Ethiopia signed a border pact."
    doc, sentences, mentions = one_sentence_doc(text)
    event = _event(text, "057", mentions[0], mentions[1])
    found = extract_relations(doc, sentences, mentions, [event], actors=all_actors())
    agreements = [r for r in found if r.relation == "agreement"]
    assert len(agreements) == 1  # the cue reading of the same sentence is merged into it
    agreement = agreements[0]
    assert (agreement.source, agreement.target) == ("KEN", "ETH")
    assert agreement.event_ids == ("ev1",)
    assert agreement.cameo == "057" and agreement.goldstein == 8.0
    assert agreement.symmetric


def test_negated_event_stays_negated_and_blocks_assertion() -> None:
    text = "Ethiopia attacked Eritrea."
    doc, sentences, mentions = one_sentence_doc(text)
    event = _event(text, "190", mentions[0], mentions[1], "negated", -10.0, "conflictual")
    found = extract_relations(doc, sentences, mentions, [event], actors=all_actors())
    attacks = [r for r in found if r.relation == "attack"]
    assert attacks and all(r.modality == "negated" for r in attacks)


def test_aid_to_armed_group_event_is_support_for_it() -> None:
    text = "Rwanda sent supplies to M23."
    doc, sentences, mentions = one_sentence_doc(text)
    event = _event(text, "070", mentions[0], mentions[1])
    found = extract_relations(doc, sentences, mentions, [event], actors=all_actors())
    assert any(r.relation == "support_armed_group" and r.cameo == "070" for r in found)


def test_intent_event_is_predicted() -> None:
    text = "Japan offered aid to the Philippines."
    doc, sentences, mentions = one_sentence_doc(text)
    event = _event(text, "033", mentions[0], mentions[1])
    found = extract_relations(doc, sentences, mentions, [event], actors=all_actors())
    assert [r.modality for r in found if r.cameo == "033"] == ["predicted"]


def test_batch_form_fills_processed_records() -> None:
    from factories import processed

    item = processed()
    item.relations = []
    (out,) = list(relate_documents([item]))
    kinds = {(r.relation, r.modality) for r in out.relations}
    assert ("agreement", "asserted") in kinds
    assert ("attack", "negated") in kinds
    assert ("attack", "asserted") not in kinds


# --- the anchor prefilter --------------------------------------------------------------------


def _gold_texts() -> list[str]:
    import json

    folder = Path(__file__).parent / "fixtures" / "relations"
    texts = []
    for path in sorted(folder.glob("gold_*.jsonl")):
        rows = [json.loads(line) for line in path.read_text().splitlines() if line]
        # Sentence sets give the text; document sets the evidence phrase of each relation.
        texts.extend(row.get("text") or row["evidence"] for row in rows)
    return texts


def test_anchor_prefilter_finds_exactly_what_running_every_cue_finds() -> None:
    from geopol.relations.kinds import ActorKinds
    from geopol.relations.stance import mask, stance_hits

    kinds = ActorKinds(all_actors())
    texts = _gold_texts()
    assert len(texts) >= 100
    differing = []
    for text in texts:
        _, _, mentions = one_sentence_doc(text)
        masked = mask(text, [(m.clean_start, m.clean_end, m) for m in mentions])
        fast = stance_hits(masked, kinds)
        slow = stance_hits(masked, kinds, exhaustive=True)
        if fast != slow:
            differing.append(text)
    assert differing == []


def test_anchors_are_literal_strings_every_match_contains() -> None:
    import re

    from geopol.relations.lexicon import anchors_of

    assert anchors_of(r"\bmembers? of") == {"member"}
    assert anchors_of(r"cooperat(?:e|ion) (?:with|between)") == {"cooperat"}
    for pattern, text in [
        (r"\b(?:aid|assistance) to", "sent assistance to"),
        (r"\b(?:sided|sides|siding) with", "siding with"),
        (r"\b(?:allies|ally) of", "an ally of"),
    ]:
        match = re.search(pattern, text, re.IGNORECASE)
        assert match is not None
        assert any(anchor in match.group(0).lower() for anchor in anchors_of(pattern))


# --- clause structure ----------------------------------------------------------------------


def test_relative_clause_does_not_steal_the_subject() -> None:
    found = triples("Qatar, which has never recognised Israel, hosts Hamas leaders.")
    assert ("QAT", "diplomatic_relations", "ISR", "negated") in found
    assert ("QAT", "support_armed_group", "HAMAS", "asserted") in found
    assert not any(s == "ISR" and r == "support_armed_group" for s, r, _, _ in found)


def test_subject_carries_over_after_but() -> None:
    found = triples("Norway is not an EU member but applies most EU sanctions against Russia.")
    assert ("NOR", "membership", "EU", "negated") in found
    assert ("NOR", "sanction", "RUS", "asserted") in found


def test_passive_arming_points_from_the_supplier() -> None:
    found = triples("Lebanon has little say over Hezbollah, which is armed and funded by Iran.")
    assert ("IRN", "support_armed_group", "HEZBOLLAH", "asserted") in found


def test_opposing_sanctions_is_not_sanctioning() -> None:
    found = relations_of("Hungary opposes new sanctions on Russia.")
    assert all(r.modality != "asserted" for r in found if r.relation == "sanction")


def test_coordinated_prepositional_object_is_not_a_subject() -> None:
    found = triples(
        "Mongolia, squeezed between Russia and China, imports most of its fuel from Russia."
    )
    assert ("RUS", "trade_energy", "MNG", "asserted") in found
    assert not any(t == "CHN" for _, _, t, _ in found)


def test_neither_nor_negates_both() -> None:
    found = triples("Neither Greece nor Cyprus recognises Kosovo.")
    assert ("GRC", "diplomatic_relations", "XKX", "negated") in found
    assert ("CYP", "diplomatic_relations", "XKX", "negated") in found


# --- robustness ------------------------------------------------------------------------------


def test_odd_inputs_never_raise_and_evidence_stays_exact() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    words = st.sampled_from(
        ["Turkey", "NATO", "is", "a", "member", "of", "not", "and", "backs", "Hamas", ",",
         "Iran", "denied", "arming", "the", "sanctions", "on", "Russia", "between", "ally"]
    )  # fmt: skip

    @settings(max_examples=60, deadline=None)
    @given(st.lists(words, max_size=25))
    def check(tokens: list[str]) -> None:
        text = " ".join(tokens) + "."
        doc, sentences, mentions = one_sentence_doc(text)
        stray = Mention("XXX", "ghost", 0, 0, doc.id, 0, clean_start=500, clean_end=505)
        found = extract_relations(doc, sentences, [*mentions, stray], [], actors=all_actors())
        for relation in found:
            evidence = relation.evidence
            assert doc.raw_text[evidence.start : evidence.end] == evidence.text
            assert relation.source != relation.target
            assert relation.relation in RELATION_TYPES

    check()


def test_long_noisy_sentence_is_fast() -> None:
    import time

    chunk = "Iran and Iraq , the UN , NATO member Turkey and Russia backed sanctions on Syria and "
    text = chunk * 40 + "end."
    doc, sentences, mentions = one_sentence_doc(text)
    started = time.process_time()
    extract_relations(doc, sentences, mentions, [], actors=all_actors())
    assert time.process_time() - started < 2.0


def test_unnamed_armed_groups_are_unknown_targets() -> None:
    found = relations_of("Iran arms militias across the region.")
    assert [(r.source, r.relation, r.target) for r in found] == [
        ("IRN", "support_armed_group", "UNKNOWN")
    ]
    assert found[0].confidence < 0.6
    assert relations_of("Turkey supports the resolution.") == []


def test_an_ended_neutral_stance_no_longer_holds() -> None:
    assert polarities("Sweden abandoned its neutrality towards Russia.", "neutrality") == {
        ("neutral", "negated")
    }
    # the cue's own verb is not an ended tie
    assert ("FRA", "withdrawal", "MLI", "asserted") in triples(
        "France withdrew its troops from Mali in 2022."
    )


def test_an_official_and_his_own_state_make_no_tie() -> None:
    from geopol.records import Actor
    from geopol.relations.kinds import ActorKinds

    president = Actor("PRESIDENT_X", "President X", "person", "KEN")
    kinds = ActorKinds([president, *all_actors()])
    assert kinds.state_of("PRESIDENT_X") == "KEN"
    assert kinds.state_of("NATO") == "NATO"
    text = "President X condemned Kenya and Ethiopia."
    doc, sentences, mentions = one_sentence_doc(text)
    mentions.append(Mention("PRESIDENT_X", "President X", 0, 11, doc.id, 0, clean_start=0,
                            clean_end=11))  # fmt: skip
    found = extract_relations(doc, sentences, mentions, [], actors=[president, *all_actors()])
    assert not any({r.source, r.target} == {"PRESIDENT_X", "KEN"} for r in found)


# --- denials never come out as holding ----------------------------------------------------


def _holds(relation: Relation) -> bool:
    return (
        relation.modality == "asserted"
        and relation.polarity == relation_types()[relation.relation].polarity
    )


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Egypt rejected accusations that it supports the Houthis.", {"EGY", "HOUTHIS"}),
        ("The UAE dismissed reports that it had supplied drones to Sudan.", {"ARE", "SDN"}),
        ("There is no evidence that Russia armed the separatists.", {"RUS", "UNKNOWN"}),
        ("Contrary to reports, Belarus has not supplied weapons to Russia.", {"BLR", "RUS"}),
        ("Venezuela denies giving any support to the Houthis.", {"VEN", "HOUTHIS"}),
        ("Kyiv denied Russian claims that Ukraine had attacked Belarus.", {"UKR", "BLR"}),
        ("Hungary has refused to supply weapons to Ukraine.", {"HUN", "UKR"}),
        ("Serbia is not a member of NATO.", {"SRB", "NATO"}),
        ("Western governments reject the claim that Qatar funds Hamas.", {"QAT", "HAMAS"}),
    ],
)
def test_a_denied_tie_is_never_stated_as_holding(text: str, pair: set[str]) -> None:
    found = [r for r in relations_of(text) if {r.source, r.target} == pair]
    assert found, "the denial itself should be read"
    assert not any(_holds(r) for r in found)


@pytest.mark.parametrize(
    "text",
    [
        "Israel neither confirmed nor denied that it struck Syria.",
        "Amman did not confirm the reports that Jordan struck Syria.",
    ],
)
def test_unconfirmed_is_hedged_not_denied(text: str) -> None:
    found = [r for r in relations_of(text) if r.relation == "attack"]
    assert found and all(r.modality == "hedged" for r in found)


def test_a_third_party_saying_so_is_an_accusation() -> None:
    found = triples("Israel says Iran sends missiles to Hezbollah.")
    assert ("IRN", "support_armed_group", "HEZBOLLAH", "hedged") in found
    found = triples("Iran says it sends no missiles to Hezbollah.")
    assert not any(m == "asserted" for _, r, _, m in found if r == "support_armed_group")


# --- second round: compounds, shared spans, implicit sources, extra types ------------------


def _doc_of(sentences: list[str]) -> tuple[Document, list[Sentence], list[Mention]]:
    from toy import find_mentions

    text = " ".join(sentences)
    doc = Document(id=content_id(text), source="toy.txt", raw_text=text, clean_text=text,
                   offsets=OffsetMap.identity(len(text)))  # fmt: skip
    found, mentions, position = [], [], 0
    for index, sentence in enumerate(sentences):
        end = position + len(sentence)
        found.append(Sentence(doc.id, index, position, end, sentence, position, end))
        mentions += find_mentions(sentence, position, index, doc.id)
        position = end + 1
    return doc, found, mentions


def test_a_backed_compound_names_the_backer() -> None:
    found = triples("Iranian-backed militias attacked the base.")
    assert ("IRN", "support_armed_group", "UNKNOWN", "asserted") in found
    assert ("IRN", "support_armed_group", "HOUTHIS", "asserted") in triples(
        "Iran-backed Houthis fired missiles at ships."
    )


def test_armed_factions_are_no_arming() -> None:
    found = triples("Washington pressured Baghdad to neutralise armed factions.")
    assert not any(r == "support_armed_group" for _, r, _, _ in found)


def test_cutting_diplomatic_and_trade_ties_ends_both() -> None:
    found = {(r.source, r.relation, r.target, r.polarity) for r in relations_of(
        "In June 2017 Saudi Arabia and Egypt cut diplomatic and trade ties with Qatar.")}  # fmt: skip
    for state in ("SAU", "EGY"):
        assert (state, "diplomatic_relations", "QAT", "conflictual") in found
        assert (state, "trade_energy", "QAT", "conflictual") in found


def test_one_phrase_naming_two_actors_reads_as_a_pair() -> None:
    text = "The two countries signed a security agreement."
    doc, sentences, _ = one_sentence_doc(text)
    span = len("The two countries")
    mentions = [Mention(actor, text[:span], 0, span, doc.id, 0, resolution="coreference",
                        clean_start=0, clean_end=span) for actor in ("TUR", "IRQ")]  # fmt: skip
    found = extract_relations(doc, sentences, mentions, [], actors=all_actors())
    assert {(r.source, r.relation, r.target) for r in found} == {("TUR", "agreement", "IRQ")}


def test_relations_with_an_unsaid_subject_take_the_documents_state() -> None:
    doc, sentences, mentions = _doc_of([
        "Bolivia exports gas to Argentina.",
        "Bolivia and Chile have no diplomatic relations.",
        "Relations with Peru are warmer.",
    ])  # fmt: skip
    found = extract_relations(doc, sentences, mentions, [], actors=all_actors())
    assert ("BOL", "diplomatic_relations", "PER") in {
        (r.source, r.relation, r.target) for r in found if r.sentence_index == 2
    }


def test_a_participle_after_a_comma_takes_the_subject() -> None:
    found = triples(
        "Somalia asked the AU to slow the drawdown, warning that the army was not ready."
    )
    assert not any(s == "AU" and r == "pressure" for s, r, _, _ in found)


def test_signing_a_defence_pact_is_also_an_agreement() -> None:
    found = triples("Greece signed a defence pact with France in 2021.")
    assert ("GRC", "alliance", "FRA", "asserted") in found
    assert ("GRC", "agreement", "FRA", "asserted") in found


@pytest.mark.parametrize(
    "text",
    [
        "Brazil has avoided condemning Russia.",
        "India stopped short of condemning Russia.",
        "Turkey shied away from criticising China.",
    ],
)
def test_avoiding_a_condemnation_denies_it(text: str) -> None:
    found = [r for r in relations_of(text) if r.relation == "tension"]
    assert found and not any(_holds(r) for r in found)


def test_a_later_bare_denial_contests_the_claim() -> None:
    doc, sentences, mentions = _doc_of(
        ["The UAE supplied weapons to Sudan through Chad.", "Abu Dhabi denies the charge."]
    )
    found = extract_relations(doc, sentences, mentions, [], actors=all_actors())
    assert found and all(r.modality != "asserted" for r in found if r.source == "ARE")


def test_reports_called_false_are_denials() -> None:
    found = [r for r in relations_of("Reports that Qatar had armed Hamas are false.")]
    assert found and not any(_holds(r) for r in found)


def test_talks_are_no_ties_the_document_denies() -> None:
    doc, sentences, mentions = _doc_of(
        ["Serbia does not recognise Kosovo.", "The dialogue between Serbia and Kosovo resumed."]
    )
    found = extract_relations(doc, sentences, mentions, [], actors=all_actors())
    ties = [r for r in found if r.relation == "diplomatic_relations"]
    assert ties and not any(_holds(r) for r in ties)


def test_troops_named_by_their_state_intervene_or_leave() -> None:
    found = triples("Russian troops advanced deep into Georgian territory.")
    assert ("RUS", "military_intervention", "GEO", "asserted") in found
    found = {(r.source, r.relation, r.target, r.polarity) for r in relations_of(
        "Mali and Burkina Faso have expelled French troops.")}  # fmt: skip
    assert ("MLI", "military_cooperation", "FRA", "conflictual") in found


def test_avoiding_sides_does_not_deny_the_rivalry_between_others() -> None:
    found = triples(
        "Indonesia has long avoided taking sides in the rivalry between the United States and China."
    )
    assert ("USA", "hostility", "CHN", "asserted") in found
    assert ("QAT", "tension", "OMN", "negated") in triples(
        "There are no tensions between Qatar and Oman."
    )
