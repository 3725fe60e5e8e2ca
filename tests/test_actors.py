"""Tests for geopol.actors: gazetteer, recognition, disambiguation, roles, coreference."""

from __future__ import annotations

import pytest

from geopol.actors import (
    all_actors,
    describe_actor,
    find_mentions,
    get_actor,
    mentions_in_text,
    resolve_document,
    resolve_documents,
)
from geopol.records import (
    ACTOR_TYPES,
    UNKNOWN_ACTOR_ID,
    Document,
    OffsetMap,
    Sentence,
    content_id,
)


def ids(text: str, when: str | None = None) -> list[str]:
    return [m.actor_id for m in mentions_in_text(text, when=when)]


def by_text(text: str, when: str | None = None) -> dict[str, tuple[str, str | None, str]]:
    return {m.text: (m.actor_id, m.cameo, m.resolution) for m in mentions_in_text(text, when=when)}


def make_doc(sentences: list[str], published: str | None = None) -> tuple[Document, list[Sentence]]:
    text = " ".join(sentences)
    doc = Document(id=content_id(text), source="t.txt", raw_text=text, clean_text=text,
                   offsets=OffsetMap.identity(len(text)), published=published)  # fmt: skip
    out, pos = [], 0
    for i, s in enumerate(sentences):
        out.append(Sentence(doc.id, i, pos, pos + len(s), s, pos, pos + len(s)))
        pos += len(s) + 1
    return doc, out


# ----------------------------------------------------------------------- gazetteer


def test_every_un_member_state_is_an_actor() -> None:
    states = [a for a in all_actors() if a.type == "state"]
    assert len(states) >= 195
    for iso in ("IRQ", "TUR", "USA", "FRA", "BRA", "IDN", "NGA", "PSE", "VAT", "XKX", "TWN"):
        actor = get_actor(iso)
        assert actor is not None and actor.type == "state" and actor.cameo == iso


def test_actor_types_are_known_and_ids_unique() -> None:
    actors = list(all_actors())
    assert all(a.type in ACTOR_TYPES for a in actors)
    assert len({a.id for a in actors}) == len(actors)


def test_get_actor_unknown_and_derived() -> None:
    assert get_actor(UNKNOWN_ACTOR_ID) is not None
    assert get_actor("NO_SUCH_ACTOR") is None
    population = get_actor("IRQ_POP")
    assert population is not None and population.type == "communal_group"
    assert population.country == "IRQ" and population.cameo == "IRQCVL"


@pytest.mark.parametrize(
    "surface, expected",
    [
        ("Turkey", "TUR"),
        ("Türkiye", "TUR"),
        ("Turkiye", "TUR"),
        ("the United States", "USA"),
        ("the U.S.", "USA"),
        ("Britain", "GBR"),
        ("the Kremlin", "RUS"),
        ("the White House", "USA"),
        ("Ivory Coast", "CIV"),
        ("North Korea", "PRK"),
        ("Daesh", "ISIS"),
        ("the Islamic State", "ISIS"),
        ("Hezbollah", "HEZBOLLAH"),
        ("the Popular Mobilization Forces", "PMF"),
        ("Ansar Allah", "HOUTHIS"),
        ("OPEC+", "OPEC_PLUS"),
        ("the Gulf Cooperation Council", "GCC"),
        ("the Arab League", "ARAB_LEAGUE"),
        ("al-Shabaab", "AL_SHABAAB"),
        ("the Kurdistan Workers’ Party", "PKK"),
    ],
)
def test_names_aliases_and_seats(surface: str, expected: str) -> None:
    assert ids(f"On Monday {surface} said it would respond.") == [expected]


# --------------------------------------------------------------------- recognition


def test_mention_offsets_point_into_the_text() -> None:
    text = "Turkish jets struck PKK positions, the Iraqi Foreign Ministry said."
    for m in mentions_in_text(text):
        assert text[m.start : m.end] == m.text
        assert (m.clean_start, m.clean_end) == (m.start, m.end)
        assert m.cameo and m.plover_type


def test_sector_nouns_give_cameo_sector() -> None:
    found = by_text("Turkish jets struck PKK positions, the Iraqi Foreign Ministry said.")
    assert found["Turkish jets"][:2] == ("TUR", "TURMIL")
    assert found["PKK"][:2] == ("PKK", "TURREB")
    assert found["Iraqi Foreign Ministry"][:2] == ("IRQ", "IRQGOV")


def test_possessive_and_of_forms() -> None:
    found = by_text("Iran's parliament and the government of Syria disagreed.")
    assert found["Iran's parliament"][:2] == ("IRN", "IRNLEG")
    assert found["the government of Syria"][:2] == ("SYR", "SYRGOV")


def test_coordinated_states_share_the_sector() -> None:
    found = by_text("US and Iraqi forces cleared the town.")
    assert found["US"][:2] == ("USA", "USAMIL")
    assert found["Iraqi forces"][:2] == ("IRQ", "IRQMIL")


def test_case_keeps_common_words_out() -> None:
    assert ids("They served roast turkey to us in a china bowl.") == []
    assert ids("The US said so.") == ["USA"]


def test_modifier_uses_are_not_the_actor() -> None:
    assert ids("Iran-backed militias fired rockets.") == []
    assert ids("pro-Russian separatists held the town.") == []


def test_blockers_win_over_shorter_names() -> None:
    assert ids("Settlers in the West Bank clashed with police.") == []
    assert ids("Ships crossed the Gulf of Mexico.") == []


# ------------------------------------------------------------------ disambiguation


def test_capital_as_government_and_as_place() -> None:
    gov = mentions_in_text("Ankara rejected the accusation.")
    assert [(m.actor_id, m.resolution, m.cameo) for m in gov] == [("TUR", "metonym", "TURGOV")]
    assert ids("A car bomb exploded in Ankara on Friday.") == []
    assert ids("The minister flew to Ankara for talks.") == []
    assert ids("Tensions between Ankara and Baghdad eased.") == ["TUR", "IRQ"]


def test_demonym_plural_is_the_population() -> None:
    found = mentions_in_text("Thousands of Iraqis protested in the capital.")
    assert [(m.actor_id, m.cameo) for m in found] == [("IRQ_POP", "IRQCVL")]
    found = mentions_in_text("Lebanese protesters blocked roads.")
    assert [(m.actor_id, m.cameo) for m in found] == [("LBN_POP", "LBNCVL")]


def test_rebels_are_not_the_state() -> None:
    found = by_text("Syrian rebels attacked Syrian troops near the border.")
    assert found["Syrian rebels"][:2] == ("SYR_REB", "SYRREB")
    assert found["Syrian troops"][:2] == ("SYR", "SYRMIL")


def test_georgia_state_and_us_state() -> None:
    assert ids("Georgia accused Russia of moving the border.") == ["GEO", "RUS"]
    assert "GEO" not in ids("Voters in Atlanta, Georgia, went to the polls.")


def test_jordan_inside_a_person_name() -> None:
    assert ids("The fans cheered for Michael Jordan at the game.") == []
    assert ids("Jordan closed its airspace.") == ["JOR"]


def test_unnamed_attackers_stay_unknown() -> None:
    found = mentions_in_text("Unidentified gunmen attacked a checkpoint.")
    assert [(m.actor_id, m.text) for m in found] == [(UNKNOWN_ACTOR_ID, "Unidentified gunmen")]


# ----------------------------------------------------------------------- persons


def test_person_with_title_and_state() -> None:
    text = "Turkish President Recep Tayyip Erdogan met the press."
    (m,) = mentions_in_text(text, when="2024-08-15")
    assert (m.actor_id, m.cameo, m.text) == (
        "ERDOGAN",
        "TURGOV",
        "Turkish President Recep Tayyip Erdogan",
    )


def test_person_role_depends_on_the_date() -> None:
    (inside,) = mentions_in_text("Erdogan spoke.", when="2010-05-01")
    assert inside.cameo == "TURGOV"
    (before,) = mentions_in_text("Erdogan spoke.", when="1999-05-01")
    assert before.actor_id == "ERDOGAN" and before.cameo == "TUR"


def test_title_resolves_to_office_holder_on_the_date() -> None:
    assert ids("The Iraqi prime minister visited Paris.", when="2013-03-01")[0] == "AL_MALIKI"
    assert ids("The Iraqi prime minister visited Paris.", when="2024-03-01")[0] == "AL_SUDANI"
    # Without a date the office holder is unknown: the state's government stays.
    (m, *_) = mentions_in_text("The Iraqi prime minister visited Paris.")
    assert (m.actor_id, m.cameo) == ("IRQ", "IRQGOV")


# ------------------------------------------------------------------- documents


def test_find_mentions_maps_to_raw_offsets() -> None:
    raw = "Header\n\nTurkish   jets struck   PKK camps."
    clean = "Turkish jets struck PKK camps."
    # Hand-built offset map: clean runs separated by the collapsed spaces.
    offsets = OffsetMap(
        clean_starts=[0, 7, 8, 19, 20],
        raw_starts=[8, 15, 18, 29, 32],
        raw_ends=[15, 18, 29, 32, 42],
        clean_length=len(clean),
    )
    doc = Document(id="d", source="d.txt", raw_text=raw, clean_text=clean, offsets=offsets)
    sentence = Sentence("d", 0, 8, len(raw), clean, 0, len(clean))
    mentions = find_mentions(doc, sentence)
    assert [raw[m.start : m.end] for m in mentions] == ["Turkish   jets", "PKK"]
    assert [m.text for m in mentions] == ["Turkish   jets", "PKK"]
    assert [clean[m.clean_start : m.clean_end] for m in mentions] == ["Turkish jets", "PKK"]


def test_resolve_document_coreference_of_the_two_countries() -> None:
    doc, sentences = make_doc(
        ["Turkey and Iraq signed a water deal.", "The two countries also agreed to meet again."]
    )
    mentions, actors = resolve_document(doc, sentences)
    linked = [m for m in mentions if m.resolution == "coreference"]
    assert {m.actor_id for m in linked} == {"TUR", "IRQ"}
    assert all(doc.raw_text[m.start : m.end] == "The two countries" for m in linked)
    assert {a.id for a in actors} == {"TUR", "IRQ"}


def test_resolve_document_the_group_and_role() -> None:
    doc, sentences = make_doc(
        [
            "Iraq's foreign minister condemned the attack claimed by the PKK.",
            "The group said it targeted a base.",
            "The prime minister called for calm.",
        ],
        published="2024-06-01",
    )
    mentions, _ = resolve_document(doc, sentences)
    group = [m for m in mentions if m.text == "The group"]
    assert [m.actor_id for m in group] == ["PKK"]
    role = [m for m in mentions if m.text == "The prime minister"]
    assert [(m.actor_id, m.resolution) for m in role] == [("AL_SUDANI", "role")]


def test_resolve_documents_is_the_batch_form() -> None:
    pairs = [make_doc(["Russia warned NATO."]), make_doc(["Hamas fired rockets at Israel."])]
    results = list(resolve_documents(iter(pairs)))
    assert [[m.actor_id for m in ms] for ms, _ in results] == [["RUS", "NATO"], ["HAMAS", "ISR"]]


def test_describe_actor_lists_aliases_and_roles() -> None:
    info = describe_actor("ERDOGAN")
    assert info is not None and info["type"] == "person"
    assert {r["role"] for r in info["roles"]} == {"prime_minister", "president"}
    state = describe_actor("TUR")
    assert state is not None and "Türkiye" in state["aliases"] and "Ankara" in state["capitals"]
    assert describe_actor("NO_SUCH_ACTOR") is None
