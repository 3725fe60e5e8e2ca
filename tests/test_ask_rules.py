"""Answering rules added with dense retrieval: dates a sentence states, undated facts,
quantity questions, denials in the next sentence, and the 'when' forms of questions.

The stores are built by hand (see test_ask.build); each test runs with embeddings off so
that it checks the rule, not the model (the model has its own tests in test_ask_embed)."""

from __future__ import annotations

import pytest

from geopol.ask import answer, answer_json, understand
from geopol.ask.answers import stated_date
from geopol.store import MemoryStore
from test_ask import Rel, build


@pytest.fixture(autouse=True)
def bm25_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOPOL_EMBED", "0")


def ask(store: MemoryStore, question: str) -> dict:
    return answer_json(answer(question, store))


# --------------------------------------------------------------------------- stated dates
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Troops will leave the bases by September 2025.", "2025-09"),
        ("In 2011 it brokered an agreement.", "2011"),
        ("On 27 September 2024 the two governments announced it.", "2024-09"),
        ("The accord of Sept. 3, 2024 holds.", "2024-09"),
        ("They met in 2019 and again in 2021.", None),  # two years: undecided
        ("They met in May 2019 and in June 2019.", None),  # two months: undecided
        ("Trade reached 2,013 million dollars.", None),  # a number, not a year
        ("The talks went on for weeks.", None),
    ],
)
def test_stated_date_takes_only_a_single_date(text: str, expected: str | None) -> None:
    assert stated_date(text) == expected


# --------------------------------------------------------------------------- questions
WIRE = (
    "Ruritania and Freedonia held talks on a new river commission. "
    "The river commission will first meet in August 2025 in the capital. "
    "Freedonia is supplying patrol boats to Ruritania. "
    "Sylvania trained fighters of the Red Hand, according to Freedonia. "
    "Sylvania denies that it trained any fighters."
)


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    st = MemoryStore()
    st.write(build("wire.txt", WIRE, [
        Rel("held talks", "RUR", "FRE", "diplomatic_relations"),
        Rel("patrol boats", "FRE", "RUR", "military_cooperation"),
    ]))  # fmt: skip
    return st


def test_by_when_asks_for_a_date(store: MemoryStore) -> None:
    assert understand("By when will the commission meet?", store).kind == "date"
    assert understand("Until when is the mission due to stay?", store).kind == "date"


def test_a_date_the_quoted_sentence_states_dates_the_answer(store: MemoryStore) -> None:
    result = ask(store, "When will the river commission first meet?")
    assert result["found"] is True
    assert result["date"] == "2025-08"
    assert "August 2025" in result["citations"][0]["text"]


def test_facts_of_another_kind_do_not_answer_a_date_question(store: MemoryStore) -> None:
    # Both states are named, but their only facts (talks, patrol boats) hold none of the
    # question's words: that is what is known nearby, not an answer with "no date".
    result = ask(store, "When will the river commission of Ruritania and Freedonia first meet?")
    assert result["found"] is False
    assert result["citations"] == []
    assert result["date"] is None


def test_how_many_needs_a_number_in_the_answer(store: MemoryStore) -> None:
    result = ask(store, "How many patrol boats is Freedonia supplying to Ruritania?")
    assert result["found"] is False  # the sentence says that it does, not how many
    plain = ask(store, "Is Freedonia supplying patrol boats to Ruritania?")
    assert plain["found"] is True
    assert plain["answer"].startswith("Yes")
    assert any("patrol boats" in c["text"] for c in plain["citations"])


def test_quantity_flag_is_read_from_the_question(store: MemoryStore) -> None:
    assert understand("How much aid has Freedonia sent?", store).quantity is True
    assert understand("Has Freedonia sent aid?", store).quantity is False


def test_a_denial_in_the_next_sentence_is_shown_beside_the_claim(store: MemoryStore) -> None:
    result = ask(store, "Did Sylvania train fighters of the Red Hand?")
    assert result["found"] is True
    assert not result["answer"].lower().startswith("yes")
    assert "differ" in result["answer"]
    by_role = {c["role"]: c["text"] for c in result["citations"]}
    assert "denies" in by_role["denial"]
    assert "trained fighters of the Red Hand" in by_role["evidence"]
    for c in result["citations"]:
        assert WIRE[c["start"] : c["end"]] == c["text"]


def test_an_unclaimed_deed_is_answered_as_unnamed() -> None:
    text = (
        "Ruritania and Freedonia held talks on the border. "
        "On 3 May, rockets were fired at a depot near the northern airport; "
        "no group claimed responsibility."
    )
    st = MemoryStore()
    st.write(build("depot.txt", text, [Rel("held talks", "RUR", "FRE", "diplomatic_relations")],
                   published="2025-05-04"))  # fmt: skip
    result = ask(st, "Who fired rockets at the depot near the northern airport in May 2025?")
    assert result["found"] is True
    assert result["actors"] == ["UNKNOWN"]
    assert "do not name" in result["answer"]
    assert "no group claimed" in result["citations"][0]["text"]
    # A year the document was not published in is another period: nothing answers.
    other = ask(st, "Who fired rockets at the depot near the northern airport in May 2019?")
    assert other["found"] is False


def test_how_many_in_an_open_question_is_answered_from_a_sentence_with_a_number() -> None:
    text = (
        "Ruritania and Freedonia signed a water accord. "
        "Under the accord the river commission of Ruritania and Freedonia will meet four times a year."
    )
    st = MemoryStore()
    st.write(build("water.txt", text, [
        Rel("signed a water accord", "RUR", "FRE", "agreement"),
        Rel("Under the accord", "RUR", "FRE", "agreement"),
    ]))  # fmt: skip
    assert understand("How often will they meet?", st).quantity is False
    result = ask(
        st,
        "How many times will the river commission of the accord of Ruritania and Freedonia meet?",
    )
    assert understand("How many times will they meet?", st).quantity is True
    assert result["found"] is True
    assert "four times a year" in result["answer"]
    assert "four times a year" in result["citations"][0]["text"]
