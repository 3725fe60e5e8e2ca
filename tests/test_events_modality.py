"""Modality cues of the event coder (``geopol.events.modality``).

Every sentence here was written for these tests.
"""

from __future__ import annotations

import pytest

from geopol.events.modality import read_modality
from geopol.events.tokens import tokenize


def modality_of(text: str, trigger: str) -> str:
    tokens = tokenize(text)
    head = next(i for i, t in enumerate(tokens) if t.lower == trigger)
    return read_modality(tokens, head, 0).modality


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The two ministers may sign the treaty.", "hedged"),
        ("May the two ministers sign the treaty?", "hedged"),
        ("Prime Minister May signed the treaty.", "asserted"),
        ("The treaty that Will Grant signed was long.", "asserted"),
        ("The ministers will sign the treaty.", "predicted"),
        ("The ministers did not sign the treaty.", "negated"),
    ],
)
def test_a_capitalised_cue_inside_a_name_is_no_cue(text: str, expected: str) -> None:
    assert modality_of(text, "sign" if "sign " in text else "signed") == expected


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("Police said an alleged raid on the depot failed.", "raid", "hedged"),
        ("The captain was suspected of smuggling rifles.", "smuggling", "hedged"),
        ("Suspected rebels ambushed the convoy.", "ambushed", "asserted"),
        ("The alleged smugglers were arrested at dawn.", "arrested", "asserted"),
    ],
)
def test_alleged_and_suspected_hedge_only_the_word_they_qualify(
    text: str, trigger: str, expected: str
) -> None:
    assert modality_of(text, trigger) == expected
