"""The command-line contract of DESIGN.md, end to end on the sample texts and the demo corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geopol.cli import app
from geopol.records import MODALITIES, POLARITIES, RELATION_TYPES

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()

CONTRACT_KEYS = {
    "id", "doc", "source", "target", "relation", "polarity", "modality", "symmetric",
    "cameo", "plover", "goldstein", "date", "date_text", "evidence", "confidence",
}  # fmt: skip


def invoke(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory, seeds_dir) -> Path:
    db = tmp_path_factory.mktemp("seeds") / "seeds.duckdb"
    invoke("ingest", str(seeds_dir), "--db", str(db))
    return db


def relations_of(db: Path) -> list[dict]:
    out = invoke("relations", "--db", str(db), "--format", "jsonl").stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def check_contract(rel: dict, originals: dict[str, str]) -> None:
    assert rel.keys() >= CONTRACT_KEYS
    assert rel["relation"] in RELATION_TYPES
    assert rel["polarity"] in POLARITIES
    assert rel["modality"] in MODALITIES
    assert isinstance(rel["symmetric"], bool)
    for side in ("source", "target"):
        assert set(rel[side]) >= {"id", "name", "type", "country"}
    ev = rel["evidence"]
    assert originals[rel["doc"]][ev["start"] : ev["end"]] == ev["text"]
    assert 0.0 <= rel["confidence"] <= 1.0
    if rel["date"] is not None:
        assert rel["date_text"]


def test_seed_relations_follow_the_contract(seeds_db, seeds_dir):
    originals = {p.name: p.read_text(encoding="utf-8") for p in seeds_dir.glob("*.txt")}
    rels = relations_of(seeds_db)
    assert rels
    for rel in rels:
        check_contract(rel, originals)
    assert {r["doc"] for r in rels} == set(originals), "every sample file yields relations"


@pytest.mark.parametrize("other", ["TUR", "USA", "IRN"])
def test_seed_relations_include_the_main_dyads(seeds_db, other):
    pairs = {frozenset((r["source"]["id"], r["target"]["id"])) for r in relations_of(seeds_db)}
    assert frozenset(("IRQ", other)) in pairs


def test_reingest_adds_nothing(seeds_db, seeds_dir):
    before = relations_of(seeds_db)
    result = invoke("ingest", str(seeds_dir), "--db", str(seeds_db))
    assert "skipped as duplicate" in result.stdout
    assert relations_of(seeds_db) == before


def test_other_output_formats(seeds_db):
    csv_out = invoke("relations", "--db", str(seeds_db), "--format", "csv").stdout
    assert csv_out.splitlines()[0].startswith("id,doc,source_id")
    actors = json.loads(invoke("actors", "--db", str(seeds_db), "--format", "json").stdout)
    ids = {a["id"] for a in actors}
    assert {"IRQ", "TUR"} <= ids
    assert all(a["mentions"] >= 0 for a in actors)
    events = invoke("events", "--db", str(seeds_db), "--format", "jsonl").stdout.splitlines()
    for line in events:
        event = json.loads(line)
        assert event["cameo"] and event["quad_class"] in (1, 2, 3, 4)
        # PLOVER has no type for CAMEO's plain statements (01x); everything else has one.
        assert event["plover"] or event["cameo"].startswith("01")
    assert "geopol summary" in invoke("summary", "--db", str(seeds_db)).stdout


def test_demo_corpus_ingests_without_failures(tmp_path):
    db = tmp_path / "demo.duckdb"
    result = invoke("ingest", str(ROOT / "examples"), "--db", str(db))
    assert "failed" in result.stdout
    rels = relations_of(db)
    assert len(rels) >= 10
    negated = [r for r in rels if r["modality"] == "negated"]
    assert negated, "the demo corpus states denials; they must be recorded as negated"


def test_query_on_missing_store_is_one_clear_line(tmp_path):
    result = runner.invoke(app, ["relations", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "no store here yet" in result.output


def test_bad_format_is_refused(seeds_db):
    result = runner.invoke(app, ["relations", "--db", str(seeds_db), "--format", "xml"])
    assert result.exit_code == 1 and "--format 'xml'" in result.output


def test_bad_input_files_are_reported_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "good.txt").write_text(
        "Ruritania and Freedonia signed a trade agreement on 3 May 2021."
    )
    db = tmp_path / "bad.duckdb"
    result = invoke("ingest", str(folder), "--db", str(db))
    assert "empty.txt" in result.output and "junk.txt" in result.output
    docs = invoke("summary", "--db", str(db)).stdout
    assert "1 documents" in docs


def test_dyad_network_and_exports(seeds_db, tmp_path):
    data = json.loads(invoke("dyad", "IRQ", "TUR", "--db", str(seeds_db), "--json").stdout)
    assert data["class"] in {"ally", "partner", "neutral", "rival", "adversary"}
    assert data["relations"] and all(r["evidence"]["text"] for r in data["relations"])
    net = json.loads(invoke("network", "--db", str(seeds_db), "--json").stdout)
    assert net["nodes"] and net["edges"]
    assert {"IRQ", "TUR"} <= {n["id"] for n in net["nodes"]}
    for fmt, name in (("graphml", "g.graphml"), ("gexf", "g.gexf"), ("gdelt", "e.tsv"),
                      ("plover", "e.json"), ("parquet", "pq")):  # fmt: skip
        invoke("export", "--format", fmt, "-o", str(tmp_path / name), "--db", str(seeds_db))
        assert (tmp_path / name).exists(), fmt
    missing = runner.invoke(app, ["dyad", "IRQ", "ZZZ", "--db", str(seeds_db)])
    assert missing.exit_code == 1 and "no relations between them" in missing.output


def test_display_excerpts_show_brackets_as_text_not_markup():
    from rich.console import Console

    from geopol import cli

    console = Console(record=True, width=200)
    console.print(cli._short("Turkey and Iraq signed a [security agreement](#) [bold]today"))
    shown = console.export_text()
    assert "[security agreement](#) [bold]today" in shown


# --------------------------------------------------------------------------- ingest embeds
class _CountingEmbedder:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts: list[str]):
        import numpy as np

        from geopol.ask import embed

        self.seen.extend(texts)
        return embed.normalise(np.array([[len(t), 1.0, 0.0] for t in texts], dtype=np.float32))


@pytest.fixture
def counting_model(monkeypatch) -> _CountingEmbedder:
    from factories import use_fake_embedder

    return use_fake_embedder(monkeypatch, _CountingEmbedder())


WIRE = (
    "Chile and Peru signed a trade agreement in Lima on 3 May 2024. "
    "Bolivia condemned the agreement. Argentina offered to mediate between them."
)


def test_ingest_embeds_the_new_sentences_so_ask_embeds_none(tmp_path, counting_model) -> None:
    from geopol.ask import embed, index
    from geopol.ask.index import vector_cache_path
    from geopol.store import DuckDBStore

    (tmp_path / "wire.txt").write_text(WIRE, encoding="utf-8")
    db = tmp_path / "t.duckdb"
    invoke("ingest", str(tmp_path / "wire.txt"), "--db", str(db))
    store = DuckDBStore(db, read_only=True)
    texts = {s.text for d in store.documents() for s in store.sentences(d.id)}
    store.close()
    assert texts and set(counting_model.seen) == texts
    assert set(embed.VectorCache(vector_cache_path(db)).vectors) == {
        embed.fingerprint(t) for t in texts
    }
    index._VECTOR_CACHES.clear()  # as a new process: only the file remains
    before = len(counting_model.seen)
    out = json.loads(
        invoke("ask", "Who signed an agreement with Chile?", "--db", str(db), "--json").stdout
    )
    assert "answer" in out and out["retrieval"] == "hybrid"
    assert set(counting_model.seen[before:]) <= {"Who signed an agreement with Chile?"}


def test_ask_json_says_how_sentences_were_found(tmp_path, monkeypatch) -> None:
    # Same field as /api/ask: with embeddings turned off the answer comes from BM25 alone.
    monkeypatch.setenv("GEOPOL_EMBED", "0")
    (tmp_path / "wire.txt").write_text(WIRE, encoding="utf-8")
    db = str(tmp_path / "t.duckdb")
    invoke("ingest", str(tmp_path / "wire.txt"), "--db", db)
    out = json.loads(invoke("ask", "Who condemned the agreement?", "--db", db, "--json").stdout)
    assert out["retrieval"] == "bm25"


def test_ingest_no_embed_leaves_the_vectors_for_later(tmp_path, counting_model) -> None:
    from geopol.ask.index import vector_cache_path

    (tmp_path / "wire.txt").write_text(WIRE, encoding="utf-8")
    db = tmp_path / "t.duckdb"
    invoke("ingest", str(tmp_path / "wire.txt"), "--db", str(db), "--no-embed")
    assert counting_model.seen == []
    assert not vector_cache_path(db).exists()


def test_distributed_ingest_leaves_embedding_to_later_unless_asked(
    tmp_path, monkeypatch, counting_model
) -> None:
    # One driver process embedding a cluster-sized corpus would outlast the ingest itself.
    import geopol.cli as cli

    calls: list[bool] = []

    def fake_distributed(paths, store, *args) -> None:
        calls.append(args[-1])  # no_embed
        store.close()

    monkeypatch.setattr(cli, "_ingest_distributed", fake_distributed)
    (tmp_path / "wire.txt").write_text(WIRE, encoding="utf-8")
    db = str(tmp_path / "t.duckdb")
    invoke("ingest", str(tmp_path / "wire.txt"), "--db", db, "--workers", "2")
    invoke("ingest", str(tmp_path / "wire.txt"), "--db", db, "--workers", "2", "--embed")
    assert calls == [True, False]
