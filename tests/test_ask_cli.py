"""`geopol ask` on the command line, over a DuckDB store written from hand-built records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geopol.cli import app
from geopol.store import DuckDBStore
from test_ask import ANALYSIS, WIRE, Rel, build


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ask") / "ask.duckdb"
    with DuckDBStore(path) as store:
        store.write(build("wire.txt", WIRE, [
            Rel("no diplomatic relations", "SYL", "BOR", "diplomatic_relations",
                modality="negated"),
            Rel("mutual defence pact", "RUR", "FRE", "alliance", date="2021-03",
                date_text="in March 2021", symmetric=True),
        ]))  # fmt: skip
        store.write(build("analysis.txt", ANALYSIS, []))
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["ask", *args])
    return result.exit_code, result.stdout


def test_json_answer_matches_the_contract(db: Path) -> None:
    code, out = run(
        "Does Sylvania have diplomatic relations with Borduria?", "--db", str(db), "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert list(data)[:5] == ["answer", "actors", "date", "citations", "found"]
    assert data["found"] is True and data["answer"].startswith("No")
    cite = data["citations"][0]
    assert cite["doc"] == "wire.txt"
    assert WIRE[cite["start"] : cite["end"]] == cite["text"]


def test_human_output_lists_numbered_citations(db: Path) -> None:
    code, out = run("When did Ruritania and Freedonia sign their defence pact?", "--db", str(db))
    assert code == 0
    first, second = out.splitlines()[:2]
    assert first.startswith("2021-03")
    assert second.startswith("[1] wire.txt 0-")


def test_missing_store_is_one_clear_error(tmp_path: Path) -> None:
    code, _ = run("Who is Ruritania allied with?", "--db", str(tmp_path / "none.duckdb"))
    assert code == 1


def test_empty_question_is_an_error(db: Path) -> None:
    code, _ = run("  ", "--db", str(db))
    assert code == 1
