"""The relations stage does work in proportion to a sentence's length, not to its square.

Measured by counting work (Python line events inside ``geopol.relations``) and by comparing
sizes, never by wall time: a sentence twice as dense with actors and cues must cost about
twice as much, not four times.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from geopol.relations import extract_relations
from geopol.relations import stance as stance_module
from geopol.relations.stance import mask

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "relations"))
from toy import all_actors, one_sentence_doc

PACKAGE = str(Path(stance_module.__file__).parent)


def _line_events(call: Callable[[], Any]) -> int:
    """How many lines of ``geopol.relations`` code ``call`` runs (loops count every turn)."""
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        if frame.f_code.co_filename.startswith(PACKAGE):
            return local
        return None

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        call()
    finally:
        sys.settrace(previous)
    return count


ATTACKS = "Kenya attacked Ethiopia and "
# A denial after the fact, an obstructed membership and possessives in every clause.
DENIALS = "Russia's membership of the UN was blocked by Ukraine's allies, which Kyiv denied, "


def _dense(repeats: int, chunk: str = ATTACKS) -> str:
    # One sentence, no full stop: every clause has actors and a cue.
    return chunk * repeats + "Somalia."


def _work(repeats: int, chunk: str = ATTACKS) -> int:
    doc, sentences, mentions = one_sentence_doc(_dense(repeats, chunk))
    actors = all_actors()
    extract_relations(doc, sentences, mentions, [], actors=actors)  # lexicons load first
    return _line_events(lambda: extract_relations(doc, sentences, mentions, [], actors=actors))


@pytest.mark.parametrize(("chunk", "small_repeats"), [(ATTACKS, 40), (DENIALS, 20)])
def test_work_grows_linearly_with_a_dense_sentence(chunk: str, small_repeats: int) -> None:
    small, large = _work(small_repeats, chunk), _work(4 * small_repeats, chunk)
    # Linear work gives a ratio near 4; the quadratic paths this guards against gave 34 (the
    # attacks) and 6.4 (the denials).
    assert 3.0 < large / small < 5.0, (small, large)


def test_a_clause_never_reaches_past_its_cap() -> None:
    text = _dense(400)
    _doc, _sentences, mentions = one_sentence_doc(text)
    spans = [(m.clean_start, m.clean_end, m) for m in mentions]
    masked = mask(text, spans)
    assert not masked.breaks  # no clause break anywhere: the whole sentence is one clause
    middle = len(masked.text) // 2
    start, end = stance_module._clause_bounds(masked, middle)
    assert end - start <= 2 * stance_module._CLAUSE_REACH < len(masked.text) // 4
    # A short sentence keeps its whole clause.
    short = mask("Kenya attacked Ethiopia.", [])
    assert stance_module._clause_bounds(short, 6) == (0, len(short.text))


def test_slot_windows_agree_with_a_full_scan() -> None:
    text = _dense(30)
    _doc, _sentences, mentions = one_sentence_doc(text)
    masked = mask(text, [(m.clean_start, m.clean_end, m) for m in mentions])
    for start, end in [(0, 50), (37, 300), (100, 101), (0, len(masked.text))]:
        expected = tuple(s for s in masked.slots if start <= s.start and s.end <= end)
        assert masked.slots_within(start, end) == expected
    # Every list head is a slot at or before its own.
    assert all(head <= index for index, head in enumerate(masked.list_heads))
    assert len(masked.list_heads) == len(masked.slots)
