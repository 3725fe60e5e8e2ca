"""The many ways a text denies, ends, questions or conditions a tie: none comes out as holding."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from geopol.records import Event, Evidence, Mention, Relation
from geopol.relations import extract_relations
from geopol.relations.lexicon import relation_types

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "relations"))
from toy import all_actors, one_sentence_doc


def relations_of(text: str, events: list[Event] | None = None) -> list[Relation]:
    doc, sentences, mentions = one_sentence_doc(text)
    return extract_relations(doc, sentences, mentions, events or [], actors=all_actors())


def holds(relation: Relation) -> bool:
    """Stated as holding: asserted, with the type's own polarity (not a tie said to be cut)."""
    return (
        relation.modality == "asserted"
        and relation.polarity == relation_types()[relation.relation].polarity
    )


def between(text: str, pair: set[str]) -> list[Relation]:
    return [r for r in relations_of(text) if {r.source, r.target} == pair]


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Chad denied supplying weapons to the RSF.", {"TCD", "RSF"}),
        ("Nepal has no diplomatic relations with Taiwan.", {"NPL", "TWN"}),
        ("Algeria does not recognise Israel.", {"DZA", "ISR"}),
        ("Rwanda rejected reports that it armed M23 fighters.", {"RWA", "M23"}),
        ("Finland once ruled out joining NATO.", {"FIN", "NATO"}),
        ("Austria has refused to join NATO.", {"AUT", "NATO"}),
        ("Neither Egypt nor Jordan recognises Hamas.", {"EGY", "HAMAS"}),
        ("Japan and China are far from being allies.", {"JPN", "CHN"}),
        ("Kenya stopped short of recognising Somaliland's claim against Somalia.", {"KEN", "SOM"}),
        ("Iran dismissed claims that it funds the Houthis.", {"IRN", "HOUTHIS"}),
        ("Contrary to reports, Qatar has not armed Hamas.", {"QAT", "HAMAS"}),
        ("Greece and Turkey are not allies.", {"GRC", "TUR"}),
        ("Brazil has never sent weapons to Ukraine.", {"BRA", "UKR"}),
        ("Peru stopped short of joining the sanctions against Venezuela.", {"PER", "VEN"}),
        ("Mali accused Algeria of sheltering JNIM, which Algiers denied.", {"DZA", "JNIM"}),
    ],
)
def test_a_denied_tie_never_holds(text: str, pair: set[str]) -> None:
    found = between(text, pair)
    assert not any(holds(r) for r in found), [(r.relation, r.modality) for r in found]


def test_each_denial_form_is_read_as_a_denial() -> None:
    # Reading the denial matters as much as not asserting: the tie is there, negated.
    for text, pair, relation in [
        ("Chad denied supplying weapons to the RSF.", {"TCD", "RSF"}, "support_armed_group"),
        ("Algeria does not recognise Israel.", {"DZA", "ISR"}, "diplomatic_relations"),
        ("Austria has refused to join NATO.", {"AUT", "NATO"}, "membership"),
        ("Greece and Turkey are not allies.", {"GRC", "TUR"}, "alliance"),
    ]:
        found = [r for r in between(text, pair) if r.relation == relation]
        assert found and all(r.modality == "negated" for r in found), text


def test_ties_far_from_an_alliance_deny_the_alliance_only() -> None:
    found = between("Relations between Japan and China are far from an alliance.", {"JPN", "CHN"})
    alliance = [r for r in found if r.relation == "alliance"]
    assert alliance and all(r.modality == "negated" for r in alliance)


def test_a_later_which_denial_negates_what_the_denier_was_said_to_do() -> None:
    text = "Somalia accused Kenya of arming al-Shabaab, which Nairobi denied."
    support = [r for r in relations_of(text) if r.relation == "support_armed_group"]
    assert support and all(r.modality == "negated" for r in support)
    # The accusation itself is still made: it is the accuser's, not the denier's.
    assert any(
        r.source == "SOM" and r.target == "KEN" and r.modality == "asserted"
        for r in relations_of(text)
    )


def test_a_tie_that_ended_is_no_tie_that_holds() -> None:
    found = [r for r in between("Sudan no longer supports the RSF.", {"SDN", "RSF"})]
    assert found and not any(holds(r) for r in found)
    assert any(r.polarity == "conflictual" and r.modality == "asserted" for r in found)


@pytest.mark.parametrize(
    "text",
    [
        "Will Sweden join NATO?",
        "Is Egypt still an ally of Saudi Arabia?",
        "Has India joined the SCO?",
    ],
)
def test_a_yes_no_question_only_asks(text: str) -> None:
    found = relations_of(text)
    assert found and all(r.modality == "hedged" for r in found)


def test_a_question_that_takes_the_tie_for_granted_keeps_it() -> None:
    found = relations_of("Why did Russia invade Ukraine?")
    assert any(r.source == "RUS" and r.target == "UKR" for r in found)
    assert all(r.modality != "hedged" for r in found if r.source == "RUS")


def test_a_condition_is_no_assertion() -> None:
    found = between("If Georgia joins NATO, Russia will respond.", {"GEO", "NATO"})
    assert found and all(r.modality == "conditional" for r in found)


def test_whether_hedges() -> None:
    found = between("Moldova is still debating whether to join NATO.", {"MDA", "NATO"})
    assert not any(holds(r) for r in found)


def _event(text: str, cameo: str, trigger: str, source: str, target: str) -> Event:
    doc, _sentences, mentions = one_sentence_doc(text)
    by_id = {m.actor_id: m for m in mentions}
    start = text.index(trigger)
    return Event(
        id="e1", doc_id=doc.id, sentence_index=0, cameo=cameo, plover="SANCTION",
        quad_class=4, goldstein=-8.0, polarity="conflictual", modality="asserted",
        source=by_id[source], target=by_id[target],
        trigger=Evidence(trigger, start, start + len(trigger)),
        evidence=Evidence(text, 0, len(text)), confidence=0.8,
    )  # fmt: skip


def test_sanctions_the_coder_heard_as_imposed_stay_denied() -> None:
    text = "Peru stopped short of joining the sanctions against Venezuela."
    event = _event(text, "163", "sanctions", "PER", "VEN")
    found = [r for r in relations_of(text, [event]) if r.relation == "sanction"]
    assert found and all(r.modality == "negated" for r in found)


def test_mention_records_are_used_as_given() -> None:
    # The stage reads the mentions it is handed: an empty list gives nothing, never an error.
    doc, sentences, _ = one_sentence_doc("Chad denied supplying weapons to the RSF.")
    assert extract_relations(doc, sentences, list[Mention](), [], actors=all_actors()) == []


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Hungary has blocked Ukraine's membership of NATO for years.", {"UKR", "NATO"}),
        ("The United States vetoed Palestine's membership of the UN.", {"PSE", "UN"}),
        ("China opposes Taiwan's membership in the WHO.", {"TWN", "WHO"}),
    ],
)
def test_a_tie_another_party_blocks_does_not_hold(text: str, pair: set[str]) -> None:
    found = [r for r in between(text, pair) if r.relation == "membership"]
    assert found and all(r.modality == "negated" for r in found)


def test_a_membership_named_without_an_obstacle_holds() -> None:
    found = [r for r in between("Cyprus's membership of the EU began in 2004.", {"CYP", "EU"})]
    assert any(holds(r) for r in found)


@pytest.mark.parametrize(
    ("text", "pair", "relation"),
    [
        ("Algeria's refusal to recognise Israel has not changed.", {"DZA", "ISR"},
         "diplomatic_relations"),
        ("The absence of diplomatic relations between Iran and Egypt lasted decades.",
         {"IRN", "EGY"}, "diplomatic_relations"),
        ("Bhutan and China lack diplomatic relations.", {"BTN", "CHN"}, "diplomatic_relations"),
        ("Kenya's rejection of any alliance with Ethiopia was firm.", {"KEN", "ETH"}, "alliance"),
        ("Uruguay reversed its decision to join BRICS.", {"URY", "BRICS"}, "membership"),
        ("Talks on a defence pact between Chile and Peru collapsed.", {"CHL", "PER"}, "alliance"),
        ("Chad rejected Qatar's offer to mediate between Sudan and the RSF.", {"QAT", "SDN"},
         "mediation"),
    ],
)  # fmt: skip
def test_a_tie_denied_by_a_noun_or_a_plan_given_up_is_negated(
    text: str, pair: set[str], relation: str
) -> None:
    found = [r for r in between(text, pair) if r.relation == relation]
    assert found and all(r.modality == "negated" for r in found), text


def test_a_tie_that_collapsed_after_something_else_is_still_stated() -> None:
    # "collapsed" belongs to the relations with the junta, not to the withdrawal.
    text = "France withdrew its troops from Mali after relations with the junta collapsed."
    found = [r for r in between(text, {"FRA", "MLI"}) if r.relation == "withdrawal"]
    assert found and all(r.modality == "asserted" for r in found)


def test_unclear_whether_hedges() -> None:
    found = between("It is unclear whether Egypt will join BRICS.", {"EGY", "BRICS"})
    assert found and all(r.modality == "hedged" for r in found)


def test_an_actor_refused_leave_to_act_does_not_act() -> None:
    text = "Pakistan has never allowed American drones to strike the TTP from its soil."
    found = [r for r in relations_of(text) if r.source == "USA"]
    assert not any(holds(r) for r in found)
    allowed = "Pakistan allowed American drones to strike the TTP from its soil."
    assert any(holds(r) for r in relations_of(allowed) if r.source == "USA")


# --- recall cues from the list ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kenya belongs to the East African Community.", ("KEN", "membership", "EAC")),
        ("Mexico has observer status in the African Union.", ("MEX", "membership", "AU")),
        ("Mongolia keeps an equal distance from Russia and China.", ("MNG", "neutrality", "RUS")),
        ("Hezbollah receives weapons from Iran.", ("IRN", "support_armed_group", "HEZBOLLAH")),
        ("Ethiopia has asked Eritrea to withdraw its troops.", ("ETH", "pressure", "ERI")),
        ("Moldova has called for Russia's withdrawal.", ("MDA", "pressure", "RUS")),
    ],
)
def test_standing_ties_are_read(text: str, expected: tuple[str, str, str]) -> None:
    assert any(
        (r.source, r.relation, r.target) == expected and holds(r) for r in relations_of(text)
    )


def test_an_accord_ended_is_a_tie_that_ended() -> None:
    found = between("Mali terminated its defence accord with France.", {"MLI", "FRA"})
    assert found and not any(holds(r) for r in found)
    assert any(r.relation == "military_cooperation" and r.polarity == "conflictual" for r in found)


def test_lacking_full_relations_is_a_denial() -> None:
    found = between("Bolivia and Chile have not had full diplomatic relations since 1978.",
                    {"BOL", "CHL"})  # fmt: skip
    assert found and all(r.modality == "negated" for r in found)


def test_an_actor_in_an_apposition_is_not_the_subject() -> None:
    found = relations_of("Turkey, a NATO member, bought Russian missiles.")
    assert any((r.source, r.target) == ("RUS", "TUR") for r in found)
    assert not any("NATO" in (r.source, r.target) and r.relation != "membership" for r in found)


def test_claims_set_aside_or_cited_are_read_as_the_text_means() -> None:
    # "contrary to claims" sets the claims aside: the denial stands, nothing is hedged.
    found = between("Contrary to claims in the media, Chad has not armed the RSF.", {"TCD", "RSF"})
    assert found and all(r.modality == "negated" for r in found)
    # "according to reports" cites others: hedged, not asserted.
    found = between("Egypt, according to reports, has supplied arms to the RSF.", {"EGY", "RSF"})
    assert found and all(r.modality == "hedged" for r in found)


@pytest.mark.parametrize(
    "text",
    [
        "Should Iran attack Israel, the United States would defend it.",
        "Were Russia to invade Moldova, Romania would respond.",
        "Once Sweden joins NATO, Finland will have a partner.",
        "Supposing China invaded Taiwan, would Australia fight?",
    ],
)
def test_an_inverted_or_temporal_condition_is_no_assertion(text: str) -> None:
    first = text.split(",")[0]
    found = [r for r in relations_of(text) if r.evidence.text.startswith(first[:6])]
    assert found and not any(holds(r) for r in found)
    assert any(r.modality == "conditional" for r in found)


def test_a_condition_word_needs_an_actor_after_it() -> None:
    # "Until 2014," and "Once a close ally," set no condition.
    found = between("Until 2014, Russia supplied gas to Ukraine.", {"RUS", "UKR"})
    assert any(holds(r) for r in found)


def test_an_event_in_a_condition_the_coder_missed_is_dropped() -> None:
    text = "Should Peru attack Chile, Bolivia would stay neutral."
    doc, _sentences, mentions = one_sentence_doc(text)
    by_id = {m.actor_id: m for m in mentions}
    start = text.index("attack")
    event = Event(
        id="e2", doc_id=doc.id, sentence_index=0, cameo="190", plover="ASSAULT", quad_class=4,
        goldstein=-10.0, polarity="conflictual", modality="asserted", source=by_id["PER"],
        target=by_id["CHL"], trigger=Evidence("attack", start, start + 6),
        evidence=Evidence(text, 0, len(text)), confidence=0.8,
    )  # fmt: skip
    found = [r for r in relations_of(text, [event]) if {r.source, r.target} == {"PER", "CHL"}]
    assert not any(holds(r) for r in found)


@pytest.mark.parametrize(
    "text",
    ["Georgia hopes one day to join the European Union.", "Moldova seeks membership in the EU."],
)
def test_a_hope_or_a_bid_is_a_prediction(text: str) -> None:
    found = [r for r in relations_of(text) if r.relation == "membership"]
    assert found and all(r.modality == "predicted" for r in found)


def test_little_influence_is_no_influence() -> None:
    found = [r for r in relations_of("Russia has little leverage over Kyiv.")
             if r.relation == "influence"]  # fmt: skip
    assert found and not any(holds(r) for r in found)


def test_every_mediator_of_a_passive_list_mediates() -> None:
    text = "Sudan and the RSF met in talks brokered by Saudi Arabia and the United States."
    mediators = {r.source for r in relations_of(text) if r.relation == "mediation"}
    assert mediators == {"SAU", "USA"}


def test_urging_a_pair_to_normalise_is_not_normalisation() -> None:
    found = between("The EU urged Serbia and Kosovo to normalise relations.", {"SRB", "XKX"})
    assert not any(holds(r) for r in found)
