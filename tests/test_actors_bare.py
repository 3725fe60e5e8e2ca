"""Bare agent nouns ("workers", "police") take the one state their sentence is about.

Every sentence here was written for these tests.
"""

from __future__ import annotations

import pytest

from geopol.actors import mentions_in_text


@pytest.mark.parametrize("noun", ["workers", "activists", "residents", "farmers", "journalists"])
def test_people_of_the_one_state_named(noun: str) -> None:
    found = {
        m.text: m.actor_id for m in mentions_in_text(f"{noun.title()} in Chile went on strike.")
    }
    assert found.get(noun.title()) == "CHL_POP"


def test_no_single_state_leaves_the_noun_out() -> None:
    found = [m.text for m in mentions_in_text("Workers marched as Chile and Peru held talks.")]
    assert "Workers" not in found


def test_prisoners_are_the_population_of_where_they_are() -> None:
    text = "Soldiers killed nine people and freed two prisoners in Bamako."
    found = {m.text: m.actor_id for m in mentions_in_text(text)}
    assert found.get("prisoners") == "MLI_POP"
    # "people" alone is too common a word to make a sentence political
    assert "people" not in found


def test_a_titled_unknown_person_takes_the_state_whose_people_the_sentence_names() -> None:
    text = "Opposition leader Amara Kone called on Malians to boycott the vote."
    found = {m.text: m.cameo for m in mentions_in_text(text)}
    person = next(cameo for name, cameo in found.items() if "Amara Kone" in name)
    assert person is not None and person.startswith("MLI")


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen stormed a police post in eastern Chad on Monday.",
        "Militants attacked an army checkpoint near the Chadian capital.",
    ],
)
def test_a_body_whose_site_is_attacked_is_the_party_attacked(text: str) -> None:
    found = {m.text.lower(): m.actor_id for m in mentions_in_text(text)}
    assert any(k in found and found[k].startswith("TCD") for k in ("police", "army"))


def test_a_body_before_a_site_no_one_attacks_stays_a_modifier() -> None:
    found = [m.text.lower() for m in mentions_in_text("Chad opened a police post in Abeche.")]
    assert "police" not in found
