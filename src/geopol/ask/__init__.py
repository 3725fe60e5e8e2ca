"""Ask geopol: questions answered from the store, every claim cited.

>>> from geopol.ask import answer
>>> result = answer("Who is Jordan allied with?", store)   # doctest: +SKIP
>>> answer_json(result)                                     # doctest: +SKIP
{"answer": "...", "actors": [...], "date": None, "citations": [...], "found": True, ...}

The question is parsed (`geopol.ask.parse`), its kind picks an answerer
(`geopol.ask.answers`), and the answerer reads facts and sentences from an index of the
store (`geopol.ask.index`) that is built once per store and reused while it is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from geopol.ask import answers
from geopol.ask.index import AskIndex, get_index
from geopol.ask.parse import Question, parse_question
from geopol.errors import QueryError
from geopol.records import Answer, Citation
from geopol.store.base import Store

__all__ = [
    "Answer",
    "AskIndex",
    "Citation",
    "Question",
    "answer",
    "answer_json",
    "answer_many",
    "answer_text",
    "understand",
]

MAX_QUESTION_CHARS = 1000

_ANSWERERS: dict[str, Callable[[AskIndex, Question], Answer]] = {
    "actor_list": answers.answer_actor_list,
    "date": answers.answer_date,
    "yes_no": answers.answer_yes_no,
    "stance": answers.answer_stance,
    "events": answers.answer_events,
    "why": answers.answer_why,
    "open": answers.answer_open,
}


def understand(question: str, store: Store) -> Question:
    """How geopol reads a question: its kind, actors, relation types and period."""
    return parse_question(_checked(question), get_index(store).resolve)


def answer(question: str, store: Store) -> Answer:
    """Answer one question from the store; every claim in the answer is cited."""
    index = get_index(store)
    parsed = parse_question(_checked(question), index.resolve)
    result = _ANSWERERS[parsed.kind](index, parsed)
    result.citations = [c for c in result.citations if _valid(index, c)]
    if result.found and not result.citations:
        # An answer nothing supports is not an answer.
        result = answers.not_found(index, parsed)
    if not result.found:
        # Citations only ever support an answer; what is known nearby goes apart.
        result.nearby = [c for c in [*result.citations, *result.nearby] if _valid(index, c)]
        result.citations = []
        result.date = None
    return result


def answer_many(questions: Iterable[str], store: Store) -> Iterator[Answer]:
    """The batch form: one answer per question, the store index built once."""
    for question in questions:
        yield answer(question, store)


def _checked(question: str) -> str:
    text = " ".join(question.split())
    if not text:
        raise QueryError("the question is empty")
    if len(text) > MAX_QUESTION_CHARS:
        raise QueryError(f"the question is longer than {MAX_QUESTION_CHARS} characters")
    return text


def _valid(index: AskIndex, c: Citation) -> bool:
    """A citation is kept only if its text is exactly its span of the original document."""
    raw = index.raw_text(c.doc_id)
    return 0 <= c.start < c.end <= len(raw) and raw[c.start : c.end] == c.text


def answer_json(result: Answer) -> dict[str, Any]:
    """The contract JSON of `geopol ask --json` (DESIGN.md): contract keys first."""
    return {
        "answer": result.answer,
        "actors": list(result.actors),
        "date": result.date,
        "citations": [_citation_json(c) for c in result.citations],
        "found": result.found,
        "kind": result.kind,
        "question": result.question,
        "nearby": [_citation_json(c) for c in result.nearby],
    }


def _citation_json(c: Citation) -> dict[str, Any]:
    return {
        "doc": c.doc,
        "start": c.start,
        "end": c.end,
        "text": c.text,
        "doc_id": c.doc_id,
        "date": c.date,
        "role": c.role,
    }


def answer_text(result: Answer, width: int = 300) -> str:
    """The answer for people: the answer, then numbered citations with document and quote."""
    lines = [result.answer]
    for n, c in enumerate([*result.citations, *result.nearby], 1):
        quote = " ".join(c.text.split())
        if len(quote) > width:
            quote = quote[: width - 1] + "…"
        extra = f", {c.date}" if c.date else ""
        role = "" if c.role == "evidence" else f" ({c.role})"
        lines.append(f"[{n}] {c.doc} {c.start}-{c.end}{extra}{role}: “{quote}”")
    return "\n".join(lines)
