"""`geopol serve` warms the ask vectors in the background: /api/ask never waits for them,
answers with BM25 alone until the cache covers the store, then hybrid, and says which."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from factories import use_fake_embedder
from geopol.api import ServerSettings, create_app
from geopol.ask import embed, index
from geopol.records import Processed
from geopol.store import MemoryStore
from sample_store import fill, sample_documents

BASE = "http://127.0.0.1"
QUESTION = "Who has Borduria attacked?"


class GatedEmbedder:
    """A stand-in model that embeds only once the test opens the gate, so a warm-up can be
    held 'in progress' for as long as a test needs, without timing anything."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.entered = threading.Event()
        self.seen: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.entered.set()
        assert self.gate.wait(30), "the test never opened the gate"
        self.seen.extend(texts)
        return embed.normalise(np.array([[len(t), 1.0, 0.0] for t in texts], dtype=np.float32))


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch) -> GatedEmbedder:
    return use_fake_embedder(monkeypatch, GatedEmbedder())


def client_for(store: Any, **kwargs: Any) -> TestClient:
    kwargs.setdefault("settings", ServerSettings(rate_per_second=0))
    return TestClient(create_app(store, **kwargs), base_url=BASE)


def test_ask_answers_by_bm25_while_warming_then_hybrid(model: GatedEmbedder) -> None:
    store = MemoryStore()
    fill(store)
    settings = ServerSettings(rate_per_second=0, ask_timeout=5.0)
    with client_for(store, settings=settings) as c:
        warmer = c.app.state.warmer  # type: ignore[attr-defined]
        assert model.entered.wait(30)  # the warm-up started with the server, and is stuck
        assert warmer.state == "warming"
        response = c.get("/api/ask", params={"q": QUESTION})
        assert response.status_code == 200
        body = response.json()
        assert body["retrieval"] == "bm25"
        assert {"answer", "actors", "date", "citations", "found"} <= body.keys()
        assert body["found"] is True
        model.gate.set()
        assert warmer.wait(30)
        assert warmer.state == "ready"
        assert c.get("/api/ask", params={"q": QUESTION}).json()["retrieval"] == "hybrid"
    texts = [s.text for d in store.documents() for s in store.sentences(d.id)]
    # Each distinct stored sentence was embedded once, by the warm-up (a hybrid answer may
    # embed the question too, depending on the kind of question).
    embedded = [t for t in model.seen if t != QUESTION]
    assert sorted(embedded) == sorted(set(texts))


def test_an_upload_warms_the_new_sentences(model: GatedEmbedder) -> None:
    model.gate.set()
    docs = iter(sample_documents())

    def ingest(paths: list[Path], store: Any, on_result: Any = None, **_: Any) -> Any:
        processed: Processed = next(docs)
        store.write(processed)
        return type("Summary", (), {"ingested": 1, "duplicates": 0, "failed": []})()

    store = MemoryStore()
    with client_for(store, ingest=ingest) as c:
        warmer = c.app.state.warmer  # type: ignore[attr-defined]
        assert warmer.wait(30)
        assert model.seen == []  # an empty store: nothing to embed yet
        job = c.post("/api/ingest", files={"files": ("a.txt", b"text", "text/plain")}).json()
        deadline = time.monotonic() + 30
        while c.get(f"/api/jobs/{job['id']}").json()["status"] not in ("done", "failed"):
            assert time.monotonic() < deadline
            time.sleep(0.02)
        assert warmer.wait(30)
        assert c.get("/api/ask", params={"q": QUESTION}).json()["retrieval"] == "hybrid"
    doc = store.documents()[0]
    assert {t for t in model.seen if t != QUESTION} == {s.text for s in store.sentences(doc.id)}


def test_a_failing_warm_up_leaves_bm25_answering(
    model: GatedEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> Any:
        raise RuntimeError("model file damaged")

    monkeypatch.setattr(embed, "load_embedder", broken)
    store = MemoryStore()
    fill(store)
    with client_for(store) as c:
        warmer = c.app.state.warmer  # type: ignore[attr-defined]
        assert warmer.wait(30)
        assert warmer.state == "failed" and "damaged" in (warmer.error or "")
        body = c.get("/api/ask", params={"q": QUESTION}).json()
        assert body["retrieval"] == "bm25" and body["found"] is True


def test_embeddings_off_means_no_warm_up_and_bm25(
    model: GatedEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GEOPOL_EMBED", "0")
    store = MemoryStore()
    fill(store)
    with client_for(store) as c:
        warmer = c.app.state.warmer  # type: ignore[attr-defined]
        assert warmer.state == "idle" and not warmer.start()
        assert c.get("/api/ask", params={"q": QUESTION}).json()["retrieval"] == "bm25"
    assert not model.entered.is_set()


def test_warm_duckdb_store_keeps_vectors_beside_the_file(
    model: GatedEmbedder, tmp_path: Path
) -> None:
    from geopol.store import DuckDBStore

    model.gate.set()
    path = tmp_path / "s.duckdb"
    duck = DuckDBStore(path)
    fill(duck)
    duck.close()
    with client_for(path) as c:
        assert c.app.state.warmer.wait(30)  # type: ignore[attr-defined]
        assert c.get("/api/ask", params={"q": QUESTION}).json()["retrieval"] == "hybrid"
    saved = embed.VectorCache(index.vector_cache_path(path))
    embedded = {embed.fingerprint(t) for t in model.seen if t != QUESTION}
    assert set(saved.vectors) == embedded and len(embedded) > 5


def test_sentences_stored_by_another_process_are_warmed_after_a_bm25_answer(
    model: GatedEmbedder,
) -> None:
    model.gate.set()
    first, second, *_ = sample_documents()
    store = MemoryStore()
    store.write(first)
    with client_for(store) as c:
        warmer = c.app.state.warmer  # type: ignore[attr-defined]
        assert warmer.wait(30)
        store.write(second)  # as `geopol ingest` in another process would
        assert c.get("/api/ask", params={"q": QUESTION}).json()["retrieval"] == "bm25"
        assert warmer.wait(30)  # that answer started a warm-up for the new sentences
        assert c.get("/api/ask", params={"q": QUESTION}).json()["retrieval"] == "hybrid"
    new = {s.text for s in store.sentences(second.document.id)}
    assert new <= set(model.seen)


def test_real_model_warms_and_answers_hybrid(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("onnxruntime", "tokenizers", embed.MODEL_PACKAGE, embed.TOKENIZER_PACKAGE):
        pytest.importorskip(name)
    monkeypatch.setenv("GEOPOL_EMBED", "1")
    monkeypatch.setattr(index, "_VECTOR_CACHES", {})
    store = MemoryStore()
    fill(store)
    with client_for(store) as c:
        warmer = c.app.state.warmer  # type: ignore[attr-defined]
        assert warmer.wait(120) and warmer.state == "ready", warmer.error
        body = c.get("/api/ask", params={"q": QUESTION}).json()
    assert body["retrieval"] == "hybrid" and body["found"] is True
    texts = {s.text for d in store.documents() for s in store.sentences(d.id)}
    assert warmer.embedded == len(texts)
