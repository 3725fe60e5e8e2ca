"""Places of a state: cities and regions (``cities.tsv``, ``regions.tsv``), ``places=True``.

Every sentence here was written for these tests.
"""

from __future__ import annotations

import pytest

from geopol.actors import is_place, mentions_in_text


def found(text: str, *, places: bool = False) -> list[tuple[str, str, bool]]:
    return [(m.text, m.actor_id, is_place(m)) for m in mentions_in_text(text, places=places)]


def test_a_region_is_a_place_of_its_state_when_asked_for() -> None:
    text = "Ethiopian troops shelled villages in Tigray on Monday."
    assert ("Tigray", "ETH", True) in found(text, places=True)
    assert all(not place for _, _, place in found(text))


def test_a_city_or_region_tells_whose_people_are_there() -> None:
    assert ("Police", "SDN", False) in found("Police in Darfur arrested ten students.")


def test_a_region_held_by_others_says_nothing_of_whose_people_are_there() -> None:
    # troops or settlers in an occupied region are not its state's
    assert found("Troops in the Golan Heights fired on protesters.") == []
    assert found("Settlers in the West Bank clashed with police.", places=True) == []
    # but it is the place of what a named party does there
    text = "Israeli troops raided a refugee camp in the West Bank."
    assert ("West Bank", "PSE", True) in found(text, places=True)


def test_an_ethnic_minority_is_coded_by_the_state_it_lives_in() -> None:
    # the state named as where they are wins over another state the sentence names
    text = "Greek police detained twenty ethnic Albanians in North Macedonia."
    found = {m.text: m.actor_id for m in mentions_in_text(text)}
    assert found["Albanians"] == "MKD_POP"


def test_namibia_is_a_state_and_the_non_aligned_movement_an_igo() -> None:
    # the two shared the id NAM, and the movement replaced the state
    [namibian] = mentions_in_text("The Namibian president arrived in Lusaka.")
    assert (namibian.actor_id, namibian.cameo) == ("NAM", "NAMGOV")
    [movement] = mentions_in_text("The Non-Aligned Movement met in Havana.")
    assert movement.cameo == "IGONAM" and movement.actor_id != "NAM"


def test_a_communal_group_of_one_state_is_coded_with_it() -> None:
    found = {m.text: m.cameo for m in mentions_in_text("Hausa traders clashed with Yoruba youths.")}
    assert found == {"Hausa": "NGACVL", "Yoruba": "NGACVL"}


def test_a_minority_or_a_stateless_community_takes_the_state_it_is_placed_in() -> None:
    found = {m.text: m.cameo for m in mentions_in_text("The Hungarian minority in Slovakia voted.")}
    assert found["Hungarian"] == "SVKCVL"
    # no place named: the kin state stays
    assert {m.cameo for m in mentions_in_text("The Hungarian minority voted.")} == {"HUN"}
    text = "Druze clerics of the Lebanese mountains met envoys from Jordan and Egypt."
    found = {m.text: m.cameo for m in mentions_in_text(text)}
    assert found["Druze"].startswith("LBN")


@pytest.mark.parametrize(
    ("city", "state"), [("Timbuktu", "MLI"), ("Jolo", "PHL"), ("Daraa", "SYR")]
)
def test_more_cities_are_places_of_their_state(city: str, state: str) -> None:
    assert (city, state, True) in found(f"Rebels from Chad attacked {city} on Friday.", places=True)
