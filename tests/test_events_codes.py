"""The CAMEO -> PLOVER mapping of geopol.events.codes, code family by code family."""

from __future__ import annotations

import pytest

from geopol.events.codes import PLOVER_TYPES, cameo_table, penta_class, plover_type


@pytest.mark.parametrize(
    ("codes", "plover"),
    [
        # CAMEO 03, intents and offers, is PLOVER AGREE; the act itself is coded elsewhere
        (("030", "0311", "0334", "0353", "036", "039"), "AGREE"),
        # diplomatic cooperation: praise, defence, recognition, apology, forgiveness, a treaty
        (("050", "051", "052", "053", "054", "055", "056", "057"), "SUPPORT"),
        # yielding on policy, leadership, rights and institutions
        (("080", "081", "0811", "0813", "082", "083", "0831", "0834"), "CONCEDE"),
        # undoing an earlier act: releases, returns, eased embargoes, access, de-escalation
        (("084", "0841", "0842", "085", "086", "0863", "087", "0871", "0874"), "RETREAT"),
        (("160", "161", "162", "163", "164", "166", "1663"), "SANCTION"),
        (("170", "171", "1712", "172", "1724", "173", "174", "184"), "COERCE"),
        (("175", "180", "181", "183", "186", "190", "191", "192", "195", "202"), "ASSAULT"),
    ],
)
def test_code_families_map_to_their_plover_type(codes: tuple[str, ...], plover: str) -> None:
    assert {code: plover_type(code) for code in codes} == dict.fromkeys(codes, plover)


def test_every_code_has_a_plover_type_or_none_and_the_mapping_leaves_penta_alone() -> None:
    table = cameo_table()
    assert all(plover_type(code) in (*PLOVER_TYPES, "") for code in table)
    # plain statements have no PLOVER type; the mapping never changes the penta class
    assert plover_type("010") == "" and plover_type("0841") != plover_type("0831")
    assert penta_class("0841") == penta_class("0831") == "MATERIAL_COOPERATION"
    assert penta_class("191") == penta_class("184") == "MATERIAL_CONFLICT"


def test_every_code_the_lexicon_and_frames_can_give_is_in_the_code_table() -> None:
    # A trigger coded with a code the table lacks crashed the whole sentence's coding
    # (KeyError in codes.goldstein) — every pattern's code must resolve.
    from geopol.events import codes
    from geopol.events.frames import TABLES
    from geopol.events.lexicon import default_lexicon

    given = {p.code for p in default_lexicon().patterns if p.code != "-"}  # "-": blockers
    given |= {code for table in TABLES.values() for code in table.values()}
    unknown = set()
    for code in given:
        try:
            codes.cameo(code)
        except KeyError:
            unknown.add(code)
    assert not unknown
