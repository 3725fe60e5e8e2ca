"""Scoring answers against a gold question set (`tests/fixtures/questions/questions.jsonl`).

A gold line is ``{"id", "corpus", "question", "kind", "expected"}`` with ``expected``
holding ``found`` (always), and optionally ``actors`` (a subset the answer must name),
``date`` (``YYYY-MM``, or null: the texts give none, so any date is invented),
``answer_contains`` (keywords the answer or a citation must hold) and ``modality``
(``negated``: the answer must not report the relation as holding).

Used by ``benchmarks/eval_ask.py`` and the gold test; it imports no test code.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geopol.ask import answer, answer_json
from geopol.store.base import Store


@dataclass(slots=True)
class Scored:
    id: str
    corpus: str
    kind: str
    question: str
    correct: bool
    citations_valid: bool
    invented: bool
    seconds: float
    problems: list[str] = field(default_factory=list)
    answer: dict[str, Any] = field(default_factory=dict)


def load_questions(path: str | Path) -> list[dict[str, Any]]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _texts(store: Store) -> dict[str, str]:
    """Raw text by file name (the contract's ``doc``)."""
    out = {}
    for info in store.documents():
        doc = store.document(info.id)
        if doc is not None:
            out[info.source] = doc.raw_text
    return out


def _published(store: Store) -> dict[str, str]:
    """Document dates by file name (a page's date may sit in metadata, not in its text)."""
    return {info.source: info.published for info in store.documents() if info.published}


def citation_problems(result: dict[str, Any], texts: dict[str, str]) -> list[str]:
    """Citations that are not exact spans of their document, and found answers without any."""
    problems = []
    for c in [*result["citations"], *result.get("nearby", [])]:
        raw = texts.get(c["doc"])
        if raw is None:
            problems.append(f"citation of an unknown document {c['doc']!r}")
        elif raw[c["start"] : c["end"]] != c["text"]:
            problems.append(f"citation text is not {c['doc']}[{c['start']}:{c['end']}]")
    if result["found"] and not result["citations"]:
        problems.append("found without a citation")
    return problems


def invented(
    result: dict[str, Any], expected: dict[str, Any], texts: dict[str, str],
    published: dict[str, str] | None = None,
) -> list[str]:  # fmt: skip
    """Answers the sources do not support: found where the gold says the texts do not say,
    a date where the texts give none, or a date whose year is neither in a cited file nor
    in its document date."""
    published = published or {}
    out = []
    if result["found"] and expected.get("found") is False:
        out.append("answered a question the sources cannot answer")
    date = result.get("date")
    if date and "date" in expected and expected["date"] is None:
        out.append(f"gave the date {date} where the texts give none")
    if date:
        year = date[:4]
        cited = {c["doc"] for c in result["citations"]}
        if not any(year in texts.get(doc, "") + published.get(doc, "") for doc in cited):
            out.append(f"the year {year} is in none of the cited documents")
    return out


def correctness_problems(result: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    problems = []
    if bool(result["found"]) != bool(expected.get("found")):
        problems.append(f"found is {result['found']}, expected {expected.get('found')}")
        return problems
    if not expected.get("found"):
        if result["citations"]:
            problems.append("not-found answer with citations")
        return problems
    missing = set(expected.get("actors") or []) - set(result["actors"])
    if missing:
        problems.append(f"actors missing: {sorted(missing)}")
    if "date" in expected:
        want = expected["date"]
        got = result.get("date")
        if (want is None) != (got is None) or (want and got and got[:7] != want[:7]):
            problems.append(f"date {got}, expected {want}")
    haystack = " ".join([result["answer"], *(c["text"] for c in result["citations"])]).lower()
    haystack = re.sub(r"\s+", " ", haystack)
    for word in expected.get("answer_contains") or []:
        if re.sub(r"\s+", " ", word.lower()) not in haystack:
            problems.append(f"answer lacks {word!r}")
    if expected.get("modality") == "negated" and result["answer"].lower().startswith("yes"):
        problems.append("reports a denied relation as holding")
    return problems


def score_question(
    gold: dict[str, Any], store: Store, texts: dict[str, str],
    published: dict[str, str] | None = None,
) -> Scored:  # fmt: skip
    started = time.perf_counter()
    result = answer_json(answer(gold["question"], store))
    seconds = time.perf_counter() - started
    expected = gold["expected"]
    wrong = correctness_problems(result, expected)
    bad_cites = citation_problems(result, texts)
    made_up = invented(result, expected, texts, published)
    return Scored(
        id=gold["id"], corpus=gold["corpus"], kind=gold.get("kind", ""),
        question=gold["question"], correct=not wrong and not made_up,
        citations_valid=not bad_cites, invented=bool(made_up), seconds=seconds,
        problems=[*wrong, *bad_cites, *made_up], answer=result,
    )  # fmt: skip


def evaluate(
    questions: Iterable[dict[str, Any]], store_for: Callable[[str], Store | None]
) -> list[Scored]:
    """Score every question against the store of its corpus (questions without one are skipped)."""
    texts: dict[int, tuple[dict[str, str], dict[str, str]]] = {}
    out = []
    for gold in questions:
        store = store_for(gold["corpus"])
        if store is None:
            continue
        key = id(store)
        if key not in texts:
            texts[key] = (_texts(store), _published(store))
        out.append(score_question(gold, store, *texts[key]))
    return out


def summary(scored: list[Scored]) -> dict[str, Any]:
    def share(items: list[Scored], attr: str) -> float | None:
        return round(sum(getattr(s, attr) for s in items) / len(items), 3) if items else None

    times = sorted(s.seconds for s in scored)
    by: dict[str, dict[str, Any]] = {}
    for name in ("corpus", "kind"):
        groups: dict[str, list[Scored]] = {}
        for s in scored:
            groups.setdefault(getattr(s, name), []).append(s)
        by[name] = {
            k: {"questions": len(v), "correct": share(v, "correct")}
            for k, v in sorted(groups.items())
        }
    return {
        "questions": len(scored),
        "correct": share(scored, "correct"),
        "valid_citations": share(scored, "citations_valid"),
        "invented": sum(s.invented for s in scored),
        "seconds_max": round(times[-1], 4) if times else None,
        "seconds_median": round(times[len(times) // 2], 4) if times else None,
        "by_corpus": by["corpus"],
        "by_kind": by["kind"],
    }
