"""geopol ask over hand-built stores (the extractors are not needed to test the answerer)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from geopol.ask import answer, answer_json, answer_text, understand
from geopol.errors import QueryError
from geopol.records import (
    Actor,
    DateInfo,
    Document,
    Evidence,
    Mention,
    OffsetMap,
    Processed,
    Relation,
    Sentence,
    content_id,
)
from geopol.store import MemoryStore

ACTORS = {
    "Ruritania": Actor("RUR", "Ruritania", "state", "RUR", aliases=("Ruritanian",)),
    "Freedonia": Actor("FRE", "Freedonia", "state", "FRE"),
    "Sylvania": Actor("SYL", "Sylvania", "state", "SYL"),
    "Borduria": Actor("BOR", "Borduria", "state", "BOR"),
    "Red Hand": Actor("REDHAND", "Red Hand", "non_state_armed_group"),
    "Blue Brigade": Actor("BLUEBRIG", "Blue Brigade", "non_state_armed_group"),
    "the Northern League": Actor("NORTHLEAGUE", "Northern League", "igo"),
}


@dataclass
class Rel:
    needle: str  # a substring of the sentence that carries the relation
    source: str
    target: str
    relation: str
    polarity: str = "cooperative"
    modality: str = "asserted"
    date: str | None = None
    date_text: str | None = None
    symmetric: bool = False


def build(source: str, text: str, rels: list[Rel], published: str | None = None) -> Processed:
    """A processed document: sentences split at full stops, actors found by name."""
    doc_id = content_id(text)
    doc = Document(id=doc_id, source=source, raw_text=text, clean_text=text,
                   offsets=OffsetMap.identity(len(text)), published=published)  # fmt: skip
    sentences = []
    for i, m in enumerate(re.finditer(r"[^.!?]+[.!?]", text)):
        start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        sentences.append(Sentence(doc_id, i, start, m.end(), text[start : m.end()], start, m.end()))

    def sentence_at(pos: int) -> Sentence:
        return next(s for s in sentences if s.start <= pos < s.end)

    mentions, actors = [], []
    for name, actor in ACTORS.items():
        for m in re.finditer(re.escape(name), text):
            s = sentence_at(m.start())
            mentions.append(Mention(actor.id, name, m.start(), m.end(), doc_id, s.index))
            if actor not in actors:
                actors.append(actor)
    relations = []
    for n, r in enumerate(rels):
        s = sentence_at(text.index(r.needle))
        date = DateInfo(r.date, "month" if r.date and len(r.date) == 7 else "year", r.date_text,
                        "stated") if r.date else None  # fmt: skip
        relations.append(
            Relation(f"{doc_id}-r{n}", doc_id, s.index, r.source, r.target, r.relation,
                     r.polarity, r.modality, r.symmetric, Evidence(s.text, s.start, s.end),
                     date, 0.8)  # type: ignore[arg-type]
        )  # fmt: skip
    return Processed(doc, sentences, mentions, actors, [], relations)


WIRE = (
    "Ruritania and Freedonia signed a mutual defence pact in March 2021. "
    "Ruritania backs the Red Hand, a militia active along the border. "
    "Ruritania also arms the Blue Brigade. "
    "Sylvania has no diplomatic relations with Borduria. "
    "Freedonia joined the Northern League last year. "
    "Unidentified gunmen attacked the Sylvanian embassy in the capital. "
    "Relations between Ruritania and Sylvania are tense because of a dispute over water from the river dam."
)
ANALYSIS = (
    "Some observers call Freedonia a key ally of Ruritania. "
    "In practice the alliance between Ruritania and Freedonia came to nothing after 2023. "
    "Sylvania refused to join the sanctions against Borduria."
)


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    st = MemoryStore()
    st.write(build("wire.txt", WIRE, [
        Rel("mutual defence pact", "RUR", "FRE", "alliance", date="2021-03", date_text="in March 2021",
            symmetric=True),
        Rel("backs the Red Hand", "RUR", "REDHAND", "support_armed_group"),
        Rel("arms the Blue Brigade", "RUR", "BLUEBRIG", "support_armed_group"),
        Rel("no diplomatic relations", "SYL", "BOR", "diplomatic_relations", modality="negated"),
        Rel("joined the Northern League", "FRE", "NORTHLEAGUE", "membership"),
        Rel("gunmen attacked", "UNKNOWN", "SYL", "attack", polarity="conflictual"),
        Rel("are tense", "RUR", "SYL", "tension", polarity="conflictual", symmetric=True),
    ], published="2024-05-02"))  # fmt: skip
    st.write(build("analysis.txt", ANALYSIS, [
        Rel("key ally", "FRE", "RUR", "alliance", symmetric=True),
        Rel("came to nothing", "RUR", "FRE", "alliance", date="2023", date_text="after 2023",
            symmetric=True),
        Rel("refused to join the sanctions", "SYL", "BOR", "sanction_nonparticipation",
            polarity="neutral"),
    ]))  # fmt: skip
    return st


def ask(store: MemoryStore, question: str) -> dict:
    return answer_json(answer(question, store))


def assert_citations_exact(store: MemoryStore, result: dict) -> None:
    for c in [*result["citations"], *result["nearby"]]:
        doc = next(d for d in store.documents() if d.source == c["doc"])
        raw = store.document(doc.id).raw_text
        assert raw[c["start"] : c["end"]] == c["text"]


def test_json_has_the_contract_keys_first(store: MemoryStore) -> None:
    result = ask(store, "Who is Ruritania allied with?")
    assert list(result)[:5] == ["answer", "actors", "date", "citations", "found"]
    assert list(result["citations"][0])[:4] == ["doc", "start", "end", "text"]


def test_actor_list_names_the_allies_with_citations(store: MemoryStore) -> None:
    result = ask(store, "Who is Ruritania allied with?")
    assert result["found"] is True
    assert result["actors"] == ["FRE"]
    assert {c["doc"] for c in result["citations"]} == {"wire.txt", "analysis.txt"}
    assert_citations_exact(store, result)


def test_conflicting_sources_are_shown_side_by_side_with_dates(store: MemoryStore) -> None:
    result = ask(store, "Who is Ruritania allied with?")
    roles = {c["role"] for c in result["citations"]}
    assert {"evidence", "conflict"} <= roles
    assert "came to nothing" in result["answer"] and "2023" in result["answer"]
    assert "2021-03" in result["answer"]


def test_which_militias_respects_direction_and_actor_type(store: MemoryStore) -> None:
    result = ask(store, "Which militias does Ruritania back?")
    assert sorted(result["actors"]) == ["BLUEBRIG", "REDHAND"]
    backers = ask(store, "Who backs the Red Hand?")
    assert backers["actors"] == ["RUR"]


def test_members_of_an_organisation(store: MemoryStore) -> None:
    result = ask(store, "Which countries are members of the Northern League?")
    assert result["found"] and result["actors"] == ["FRE"]


def test_date_comes_from_the_store_and_is_in_the_cited_text(store: MemoryStore) -> None:
    result = ask(store, "When did Ruritania and Freedonia sign their defence pact?")
    assert result["found"] is True
    assert result["date"] == "2021-03"
    assert "March 2021" in result["citations"][0]["text"]


def test_undated_fact_gets_no_date(store: MemoryStore) -> None:
    # The sources tell of it, so it is found; they give no date, so none is given.
    result = ask(store, "When did Ruritania start backing the Blue Brigade?")
    assert result["found"] is True
    assert result["date"] is None
    assert "no date" in result["answer"]
    assert any("Blue Brigade" in c["text"] for c in result["citations"])


def test_denied_relation_is_answered_as_denied(store: MemoryStore) -> None:
    result = ask(store, "Does Sylvania have diplomatic relations with Borduria?")
    assert result["found"] is True
    assert result["answer"].startswith("No: the sources state that")
    assert result["citations"][0]["role"] == "denial"
    assert "no diplomatic relations" in result["citations"][0]["text"]


def test_refusing_sanctions_answers_no_to_joining_them(store: MemoryStore) -> None:
    result = ask(store, "Did Sylvania join the sanctions against Borduria?")
    assert result["answer"].startswith("No")


def test_yes_no_with_conflicting_sources(store: MemoryStore) -> None:
    result = ask(store, "Is Ruritania an ally of Freedonia?")
    assert result["answer"].startswith("The sources differ")
    assert "most recent: no (2023)" in result["answer"]


def test_unnamed_perpetrator_is_unknown_never_a_guess(store: MemoryStore) -> None:
    result = ask(store, "Who attacked the embassy?")
    assert result["found"] is True
    assert result["actors"] == ["UNKNOWN"]
    assert "do not name" in result["answer"]
    assert "embassy" in result["citations"][0]["text"]


def test_why_quotes_the_reason(store: MemoryStore) -> None:
    result = ask(store, "Why are relations between Ruritania and Sylvania tense?")
    assert result["found"] is True
    assert "water" in result["answer"]
    assert "because" in result["citations"][0]["text"]


def test_stance_between_two_actors(store: MemoryStore) -> None:
    result = ask(store, "What is Sylvania's stance on the sanctions against Borduria?")
    assert result["found"] and "does not join sanctions" in result["answer"]
    pair = ask(store, "What are the relations between Ruritania and Sylvania?")
    assert pair["found"] and "rivals" in pair["answer"]


def test_events_in_a_period(store: MemoryStore) -> None:
    result = ask(store, "What happened in March 2021?")
    assert result["found"] and result["citations"][0]["date"] == "2021-03"
    assert ask(store, "What happened in June 2022?")["found"] is False


def test_actor_not_in_the_sources(store: MemoryStore) -> None:
    result = ask(store, "Who is Borduria allied with?")
    assert result["found"] is False and result["citations"] == []


def test_open_question_without_support_is_not_found(store: MemoryStore) -> None:
    assert ask(store, "How big is the river dam?")["found"] is False


def test_understand_reads_kind_actors_roles_and_period(store: MemoryStore) -> None:
    q = understand("Which militias did Ruritania back between 2019 and 2021?", store)
    assert q.kind == "actor_list"
    assert q.actor_ids == ["RUR"] and q.roles["RUR"] == "source" and q.wanted == "target"
    assert "support_armed_group" in q.relations
    assert q.actor_types == ["non_state_armed_group"]
    assert q.period is not None and (q.period.since, q.period.until) == ("2019", "2021")


@pytest.mark.parametrize("question", ["", "   ", "x" * 2000])
def test_bad_questions_raise_query_errors(store: MemoryStore, question: str) -> None:
    with pytest.raises(QueryError):
        answer(question, store)


def test_human_text_numbers_the_citations(store: MemoryStore) -> None:
    text = answer_text(answer("Which militias does Ruritania back?", store))
    assert "[1] wire.txt" in text and "[2] wire.txt" in text


def test_empty_store_answers_not_found() -> None:
    result = ask(MemoryStore(), "Who is Ruritania allied with?")
    assert result["found"] is False and result["citations"] == []
