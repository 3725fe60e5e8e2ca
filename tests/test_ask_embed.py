"""Dense retrieval for geopol ask: pooling, the vector cache, rank fusion, the setting, and
(when the `embed` extra is installed) the model itself and hybrid ranking over a store."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from factories import use_fake_embedder
from geopol.ask import answer, answer_json, embed
from geopol.ask.index import build_dense, get_index
from geopol.ask.retrieval import fuse
from geopol.errors import ConfigError, MissingExtra
from geopol.settings import get_settings
from geopol.store import MemoryStore
from test_ask import Rel, build


class FakeEmbedder:
    """Stands in for the model: a text's vector is its length, then a constant (unit-normed)."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.seen.extend(texts)
        raw = np.array([[len(t), 1.0, 0.0] for t in texts], dtype=np.float32)
        return embed.normalise(raw)


# --------------------------------------------------------------------------- pooling
def test_mean_pool_ignores_padding_and_normalises() -> None:
    hidden = np.array(
        [[[1.0, 0.0], [3.0, 0.0], [100.0, 100.0]], [[0.0, 2.0], [0.0, 2.0], [0.0, 2.0]]],
        dtype=np.float32,
    )
    mask = np.array([[1, 1, 0], [1, 1, 1]], dtype=np.int64)
    pooled = embed.mean_pool(hidden, mask)
    # Row 0: mean of the two real tokens is (2, 0); the padded (100, 100) must not count.
    assert np.allclose(pooled[0], [1.0, 0.0])
    assert np.allclose(pooled[1], [0.0, 1.0])
    assert np.allclose(np.linalg.norm(pooled, axis=1), 1.0)


def test_normalise_leaves_a_zero_vector_finite() -> None:
    out = embed.normalise(np.zeros((1, 4), dtype=np.float32))
    assert np.isfinite(out).all()


# --------------------------------------------------------------------------- fusion
def test_fuse_prefers_ids_ranked_well_in_both_lists() -> None:
    fused = fuse([[1, 2, 3], [4, 2, 5]])
    ids = [i for i, _ in fused]
    assert ids[0] == 2  # second in both beats first in only one
    assert set(ids) == {1, 2, 3, 4, 5}
    assert ids.index(1) < ids.index(3)
    assert fuse([]) == []


# --------------------------------------------------------------------------- cache
def test_vector_cache_embeds_each_text_once(tmp_path: Path) -> None:
    fake = FakeEmbedder()
    cache = embed.VectorCache(tmp_path / "store.ask-vectors.npz")
    first = cache.embed(["Alpha signed.", "Beta fought.", "Alpha signed."], fake)  # type: ignore[arg-type]
    assert first.shape == (3, 3)
    assert np.allclose(first[0], first[2])
    assert fake.seen == ["Alpha signed.", "Beta fought."]
    cache.embed(["Beta fought.", "Gamma   mediated."], fake)  # type: ignore[arg-type]
    assert fake.seen[2:] == ["Gamma   mediated."]


def test_vector_cache_file_survives_a_new_process(tmp_path: Path) -> None:
    path = tmp_path / "store.ask-vectors.npz"
    fake = FakeEmbedder()
    cache = embed.VectorCache(path)
    vectors = cache.embed(["One.", "Two two."], fake)  # type: ignore[arg-type]
    cache.save()
    assert path.is_file()
    again = embed.VectorCache(path)
    fresh = FakeEmbedder()
    reread = again.embed(["Two two.", "One."], fresh)  # type: ignore[arg-type]
    assert fresh.seen == []
    assert np.allclose(reread, vectors[::-1])


def test_two_processes_saving_one_cache_keep_both_their_vectors(tmp_path: Path) -> None:
    # A server warming the cache and a CLI ingest both save it: the last save must not win.
    path = tmp_path / "store.ask-vectors.npz"
    server, cli = embed.VectorCache(path), embed.VectorCache(path)
    server.embed(["Server sentence."], FakeEmbedder())  # type: ignore[arg-type]
    cli.embed(["Ingest sentence."], FakeEmbedder())  # type: ignore[arg-type]
    server.save()
    cli.save()
    assert set(embed.VectorCache(path).vectors) == {
        embed.fingerprint("Server sentence."),
        embed.fingerprint("Ingest sentence."),
    }


def test_a_merge_on_save_does_not_bring_back_dropped_vectors(tmp_path: Path) -> None:
    path = tmp_path / "store.ask-vectors.npz"
    first = embed.VectorCache(path)
    first.embed(["Kept.", "Gone from the store."], FakeEmbedder())  # type: ignore[arg-type]
    first.save()
    cache = embed.VectorCache(path)
    cache.retain([embed.fingerprint("Kept.")])
    cache.save()
    assert set(embed.VectorCache(path).vectors) == {embed.fingerprint("Kept.")}


def test_a_broken_cache_file_is_rebuilt_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "store.ask-vectors.npz"
    path.write_bytes(b"not a numpy file")
    cache = embed.VectorCache(path)
    assert cache.vectors == {}


def test_fingerprint_folds_whitespace_only() -> None:
    assert embed.fingerprint("Iran  backs\nthe group.") == embed.fingerprint(
        "Iran backs the group."
    )
    assert embed.fingerprint("Iran backs the group.") != embed.fingerprint("Iraq backs the group.")


# --------------------------------------------------------------------------- setting
def test_setting_reads_geopol_embed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GEOPOL_EMBED", raising=False)
    assert get_settings().embed is None
    monkeypatch.setenv("GEOPOL_EMBED", "0")
    assert get_settings().embed is False
    monkeypatch.setenv("GEOPOL_EMBED", "1")
    assert get_settings().embed is True


def test_embeddings_off_means_no_dense_index(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOPOL_EMBED", "0")
    assert build_dense(MemoryStore(), []) is None


def test_missing_extra_is_a_typed_error_only_when_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(embed, "available", lambda: False)
    monkeypatch.delenv("GEOPOL_EMBED", raising=False)
    assert build_dense(MemoryStore(), []) is None  # unset: BM25 alone, silently
    monkeypatch.setenv("GEOPOL_EMBED", "1")
    with pytest.raises(MissingExtra) as info:
        build_dense(MemoryStore(), [])
    assert isinstance(info.value, ConfigError)
    assert info.value.code == "GP901"
    assert "geopol[embed]" in str(info.value)


def test_tokenizer_path_without_its_package_is_missing_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = importlib.util.find_spec

    def without_tokenizer(name: str, *args: object) -> object:
        return None if name == embed.TOKENIZER_PACKAGE else real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib.util, "find_spec", without_tokenizer)
    assert embed.available() is False
    with pytest.raises(MissingExtra):
        embed.tokenizer_path()


# --------------------------------------------------------------------------- the model
def _require_extra() -> None:
    for name in ("onnxruntime", "tokenizers", embed.MODEL_PACKAGE, embed.TOKENIZER_PACKAGE):
        pytest.importorskip(name)


@pytest.fixture(scope="module")
def embedder() -> embed.Embedder:
    _require_extra()
    return embed.load_embedder()


def test_model_gives_unit_vectors_that_rank_a_paraphrase_first(embedder: embed.Embedder) -> None:
    import os

    assert os.environ.get("HF_HUB_OFFLINE") == "1"
    texts = [
        "Ruritania and Freedonia signed a defence pact.",
        "The two countries concluded a military alliance treaty.",
        "Heavy rain flooded the capital's markets on Tuesday.",
    ]
    vectors = embedder.encode(texts)
    assert vectors.shape == (3, embed.DIMENSIONS)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_batches_and_order_do_not_change_a_vector(embedder: embed.Embedder) -> None:
    texts = [
        "Short.",
        "A much longer sentence about a border dispute between two states.",
        "Mid size one.",
    ]
    together = embedder.encode(texts, batch_size=2)
    alone = np.vstack([embedder.encode([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-4)
    assert embedder.encode([]).shape == (0, embed.DIMENSIONS)


TEXT = (
    "Ruritania and Freedonia held talks in the capital. "
    "Freedonia pledged to shield Ruritania from any invasion. "
    "The weather was mild and markets stayed open."
)


@pytest.fixture
def dense_store(monkeypatch: pytest.MonkeyPatch) -> MemoryStore:
    _require_extra()
    monkeypatch.setenv("GEOPOL_EMBED", "1")
    store = MemoryStore()
    store.write(
        build("pledge.txt", TEXT, [Rel("held talks", "RUR", "FRE", "diplomatic_relations")])
    )
    return store


def test_hybrid_rank_finds_a_sentence_with_none_of_the_question_words(
    dense_store: MemoryStore,
) -> None:
    idx = get_index(dense_store)
    assert idx.dense is not None
    assert idx.dense.vectors.shape == (len(idx.sentences), embed.DIMENSIONS)
    question = "Who guarantees the security of Ruritania?"
    # BM25 alone cannot see it: the pledge shares no content word with the question.
    lexical = [i for i, _ in idx.bm25.top(["guarante", "security"], n=3)]
    assert 1 not in lexical
    ranked = [i for i, _ in idx.rank(["guarante", "security"], question, n=2)]
    assert ranked[0] == 1
    cosine = idx.cosine(question, 1)
    assert cosine is not None and cosine > (idx.cosine(question, 2) or 0.0)


def test_answers_stay_cited_with_embeddings_on(dense_store: MemoryStore) -> None:
    result = answer_json(
        answer("Does Ruritania have diplomatic relations with Freedonia?", dense_store)
    )
    assert result["found"] is True
    for c in result["citations"]:
        assert TEXT[c["start"] : c["end"]] == c["text"]


# --------------------------------------------------------------------------- cache files
def _saved(path: Path, texts: list[str]) -> embed.VectorCache:
    cache = embed.VectorCache(path)
    cache.embed(texts, FakeEmbedder())  # type: ignore[arg-type]
    cache.save()
    return cache


def test_a_cut_short_cache_file_is_rebuilt_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "store.ask-vectors.npz"
    _saved(path, ["One.", "Two two.", "Three three three."])
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with caplog.at_level("WARNING", logger="geopol.ask"):
        cache = embed.VectorCache(path)
    assert cache.vectors == {}
    assert "unreadable" in caplog.text and "rebuilding" in caplog.text
    fake = FakeEmbedder()
    cache.embed(["One."], fake)  # type: ignore[arg-type]
    cache.save()
    assert fake.seen == ["One."]
    assert set(embed.VectorCache(path).vectors) == {embed.fingerprint("One.")}


def test_keys_and_vectors_that_disagree_are_not_trusted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "store.ask-vectors.npz"
    np.savez(
        path,
        model=np.array(embed.MODEL_PACKAGE),
        keys=np.array(["a", "b", "c"]),
        vectors=np.zeros((2, 3), dtype=np.float32),
    )
    with caplog.at_level("WARNING", logger="geopol.ask"):
        assert embed.VectorCache(path).vectors == {}
    assert "3 keys" in caplog.text


def test_a_failed_save_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "store.ask-vectors.npz"
    _saved(path, ["One."])
    before = path.read_bytes()
    cache = embed.VectorCache(path)
    cache.embed(["Two two."], FakeEmbedder())  # type: ignore[arg-type]

    def killed_midway(file: object, **arrays: object) -> None:
        file.write(b"PK\x03\x04 half a zip")  # type: ignore[attr-defined]
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez", killed_midway)
    cache.save()  # logged, not raised
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
    monkeypatch.undo()
    cache.save()  # still dirty: the next save writes it
    assert len(embed.VectorCache(path).vectors) == 2


def test_refresh_reads_what_another_process_saved(tmp_path: Path) -> None:
    path = tmp_path / "store.ask-vectors.npz"
    mine = _saved(path, ["One."])
    _saved(path, ["One.", "Two two."])  # as another process would
    assert mine.missing(["One.", "Two two."]) == ["Two two."]
    mine.refresh()
    assert mine.missing(["One.", "Two two."]) == []


def test_embed_batches_reports_progress_and_skips_cached(tmp_path: Path) -> None:
    cache = embed.VectorCache()
    fake = FakeEmbedder()
    cache.embed(["a."], fake)  # type: ignore[arg-type]
    texts = ["a.", *(f"sentence {i}." for i in range(5))]
    done = list(cache.embed_batches(texts, fake, batch_size=2))  # type: ignore[arg-type]
    assert done == [2, 4, 5]
    assert fake.seen[1:] == texts[1:]
    assert cache.missing(texts) == []


# --------------------------------------------------------------------------- warming
class _FileStore(MemoryStore):
    """A memory store that claims a file, as a DuckDB store does: its vectors go beside it."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        path.touch()
        self.path = path


@pytest.fixture
def fake_model(monkeypatch: pytest.MonkeyPatch) -> FakeEmbedder:
    return use_fake_embedder(monkeypatch, FakeEmbedder())


def _file_store(tmp_path: Path) -> _FileStore:
    store = _FileStore(tmp_path / "s.duckdb")
    store.write(
        build("pledge.txt", TEXT, [Rel("held talks", "RUR", "FRE", "diplomatic_relations")])
    )
    return store


def test_without_waiting_a_cold_store_is_answered_by_bm25_then_hybrid(
    tmp_path: Path, fake_model: FakeEmbedder
) -> None:
    from geopol.ask.index import answering_without_waiting, embed_store

    store = _file_store(tmp_path)
    question = "Does Ruritania have diplomatic relations with Freedonia?"
    with answering_without_waiting():
        result = answer(question, store)
        idx = get_index(store)
    assert result.found and idx.retrieval == "bm25" and idx.dense_pending
    assert fake_model.seen == []  # nothing was embedded while answering
    progress: list[tuple[int, int]] = []
    n = embed_store(store, lambda done, total: progress.append((done, total)))
    assert n == len(idx.sentences) and progress[0] == (0, n) and progress[-1] == (n, n)
    assert (tmp_path / "s.duckdb.ask-vectors.npz").is_file()
    with answering_without_waiting():
        again = get_index(store)
    assert again is idx and idx.retrieval == "hybrid" and not idx.dense_pending
    assert embed_store(store) == 0  # nothing new to embed


def test_waiting_is_the_default_and_embeds_once(tmp_path: Path, fake_model: FakeEmbedder) -> None:
    store = _file_store(tmp_path)
    idx = get_index(store)
    assert idx.retrieval == "hybrid"
    assert len(fake_model.seen) == len(idx.sentences)


def test_embed_store_drops_vectors_of_sentences_gone_from_the_store(
    tmp_path: Path, fake_model: FakeEmbedder
) -> None:
    from geopol.ask.index import embed_store, vector_cache_path

    store = _file_store(tmp_path)
    path = vector_cache_path(store.path)
    _saved(path, ["A sentence no store holds any more."])
    embed_store(store)
    keys = set(embed.VectorCache(path).vectors)
    assert keys == {embed.fingerprint(s.text) for s in get_index(store).sentences}


def test_embed_store_does_nothing_when_embeddings_are_off(
    tmp_path: Path, fake_model: FakeEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from geopol.ask.index import embed_store

    monkeypatch.setenv("GEOPOL_EMBED", "0")
    assert embed_store(_file_store(tmp_path)) == 0
    assert fake_model.seen == []
    assert not (tmp_path / "s.duckdb.ask-vectors.npz").exists()
