"""Which sentences code an event at all: the gating of the coder on actors and statements.

Every sentence here was written for these tests.
"""

from __future__ import annotations

from geopol.events import code_text
from geopol.events.coder import analyse


def codes(text: str) -> list[tuple[str, str]]:
    """(code, modality) of the events the coder keeps, with no named actor mentions."""
    return [(e.code[:2], e.modality) for e in analyse(text, [])]


def test_a_statement_by_a_named_speaker_the_actor_stage_does_not_know() -> None:
    assert codes('"The harvest was good this year," Ortega remarked.') == [("01", "asserted")]
    assert codes("The harvest was good this year, said Maria Lopez.") == [("01", "asserted")]
    assert codes("The harvest was good this year, Lopez on Monday evening said.") == [
        ("01", "asserted")
    ]


def test_no_named_speaker_in_a_capitalised_first_word_a_day_or_a_plain_noun() -> None:
    assert codes("Officials said the harvest was good this year.") == []
    assert codes("Reports note the harvest was good this year.") == []
    assert codes("The harvest was good this year, a farmer said Friday.") == []
    assert codes("A farmer says the harvest was good this year.") == []


def test_a_statement_stands_beside_an_event_noun_of_the_background() -> None:
    text = '"We spoke at length after the talks," Ortega said.'
    assert codes(text) == [("01", "asserted")]
    # the event noun still comes first, and gives the sentence its label
    assert analyse(text, [], require_actor=False)[0].code[:2] == "04"


def test_an_agent_in_another_clause_takes_no_part_in_the_event() -> None:
    assert codes("A shopkeeper was shot in the market before police arrived.") == []
    assert codes("A shopkeeper was shot in the market by police.") != []


def test_the_source_of_a_closing_according_to_only_reports_the_event() -> None:
    assert codes("Two shopkeepers were shot in the market, according to police.") == []
    assert codes("Police shot two shopkeepers in the market, according to witnesses.") != []


def test_saying_that_something_did_not_happen_is_a_statement() -> None:
    found = codes("Maria Lopez said that troops had not attacked the village.")
    assert ("19", "negated") in found
    assert ("01", "asserted") in found
    # an asserted event still stands for itself, without the statement
    assert codes("Maria Lopez said that troops had attacked the village.") == [("19", "asserted")]


def test_a_quotation_ends_before_its_attribution() -> None:
    # the threat inside the quotation does not take the reporting verb after it as content
    text = '"There is no threat to our borders," Maria Lopez said.'
    assert codes(text) == [("01", "asserted")]
    every = [(e.code[:2], e.modality) for e in analyse(text, [], require_actor=False)]
    assert every[0] == ("13", "negated")


def test_a_visit_to_a_place_of_the_visitors_own_country_is_travel_at_home() -> None:
    assert code_text("President William Ruto arrived in Mombasa on Monday.") == []
    [visit] = code_text("President William Ruto arrived in Lyon on Monday.")
    assert visit.cameo == "042"
    assert visit.target is not None and visit.target.actor_id == "FRA"


def test_a_disease_a_disaster_or_an_accident_is_no_actor() -> None:
    assert codes("Police said the flu has killed nine people in the province.") == []
    assert codes("Eleven soldiers were killed in a landslide near the army camp.") == []
    # an attack by armed men is an event, whatever else the sentence tells
    assert codes("Police said gunmen killed nine people in the province.") == [("18", "asserted")]
    assert codes("Eleven soldiers were killed by sniper fire near the army camp.") != []


def test_the_clash_of_a_game_is_no_use_of_force() -> None:
    assert code_text("Brazil clashed with Argentina in the football semifinal on Sunday.") == []
    [clash] = code_text("Brazil clashed with Argentina on the border on Sunday.")
    assert clash.cameo.startswith("19")
