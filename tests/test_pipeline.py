from __future__ import annotations

from pathlib import Path

import pytest

from geopol import pipeline
from geopol.errors import ProcessingError
from geopol.records import Document, Processed, Sentence, Skipped
from geopol.store import MemoryStore

STORY = (
    "ANKARA, 2 May 2023 (Test Wire) - Turkey and Iraq signed an agreement on water sharing "
    "on Tuesday, committing Ankara to regular releases from its dams during the summer. "
    "The two foreign ministers said the deal would be reviewed every year. "
    "Iraq had accused Turkey of cutting the flow of the Tigris the previous summer.\n"
)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_process_text_gives_cited_relations():
    result = pipeline.process_text(STORY, "story.txt")
    assert isinstance(result, Processed)
    assert result.relations
    for rel in result.relations:
        assert STORY[rel.evidence.start : rel.evidence.end] == rel.evidence.text
    assert {"TUR", "IRQ"} <= {a.id for a in result.actors}
    assert result.signature is not None and result.fingerprint


def test_ingest_is_idempotent_and_skips_near_duplicates(tmp_path):
    store = MemoryStore()
    first = pipeline.ingest_paths([write(tmp_path / "a", "story.txt", STORY)], store)
    assert first.ingested == 1
    # the same story saved again with a new lead line and a trailing footer
    variant = "Reposted from the wire.\n\n" + STORY + "\nShare this article.\n"
    second = pipeline.ingest_paths(
        [write(tmp_path / "b", "story.txt", STORY), write(tmp_path / "b", "copy.md", variant)],
        store,
    )
    assert second.ingested == 0 and second.duplicates == 2
    assert len(store.documents()) == 1


def test_documents_held_for_a_batched_write_count_as_stored(tmp_path):
    # one run: the copies are found while the first is still held for the batched write
    store = MemoryStore()
    folder = tmp_path / "in"
    write(folder, "a_story.txt", STORY)
    write(folder, "b_copy.txt", STORY)
    write(folder, "c_variant.md", "Reposted from the wire.\n\n" + STORY + "\nShare this.\n")
    seen: list = []
    summary = pipeline.ingest_paths([folder], store, on_result=seen.append)
    assert summary.ingested == 1 and summary.duplicates == 2 and summary.failed == []
    assert [d.source for d in store.documents()] == ["a_story.txt"]
    skipped = [r for r in seen if isinstance(r, Skipped)]
    assert skipped and all("a_story.txt" in r.reason for r in skipped)


def test_a_different_story_on_the_same_subject_is_not_a_duplicate(tmp_path):
    store = MemoryStore()
    pipeline.ingest_paths([write(tmp_path / "a", "story.txt", STORY)], store)
    other = (
        "BAGHDAD, 9 June 2023 (Test Wire) - Iraq summoned the Turkish ambassador on Friday "
        "after drone strikes hit a village near the border, the foreign ministry said.\n"
    )
    summary = pipeline.ingest_paths([write(tmp_path / "b", "other.txt", other)], store)
    assert summary.ingested == 1


@pytest.fixture
def broken_segmenter(monkeypatch):
    """Segmentation raises on any document whose text holds BROKEN."""
    real = pipeline.segment_stage.segment_document

    def broken(doc):
        if "BROKEN" in doc.raw_text:
            raise RuntimeError("boom")
        return real(doc)

    monkeypatch.setattr(pipeline.segment_stage, "segment_document", broken)


def test_a_failing_stage_skips_the_document_and_the_batch_goes_on(tmp_path, broken_segmenter):
    folder = tmp_path / "in"
    write(folder, "bad.txt", "BROKEN text about Turkey and Iraq.\n")
    write(folder, "good.txt", STORY)
    seen: list = []
    summary = pipeline.ingest_paths([folder], MemoryStore(), on_result=seen.append)
    assert summary.ingested == 1
    assert [s.source for s in summary.failed] == ["bad.txt"]
    assert summary.failed[0].code == ProcessingError.code
    assert "boom" in summary.failed[0].reason
    assert len(seen) == 2


def test_duplicate_skips_are_not_failures(tmp_path):
    store = MemoryStore()
    path = write(tmp_path, "story.txt", STORY)
    pipeline.ingest_paths([path], store)
    summary = pipeline.ingest_paths([path], store)
    assert summary.duplicates == 1 and summary.failed == []


@pytest.mark.parametrize("language", ["es"])
def test_other_languages_resolve_to_the_same_ids(language):
    text = "Turquía bombardeó posiciones del PKK en el norte de Irak el 3 de marzo de 2024.\n"
    result = pipeline.process_text(text, "es.txt")
    assert isinstance(result, Processed) and not isinstance(result, Skipped)
    assert result.document.language == language
    assert {"TUR", "PKK"} <= {m.actor_id for m in result.mentions}


def _sentence(text: str) -> Sentence:
    return Sentence("d", 0, 0, len(text), text, 0, len(text))


def test_the_actor_prefilter_passes_mentions_and_generic_agents_only():
    assert not pipeline.may_have_actor(_sentence("Prices rose sharply in the spring."), [])
    assert pipeline.may_have_actor(_sentence("Police arrested dozens of protesters."), [])
    mentioned = pipeline.process_text(STORY, "story.txt")
    first = mentioned.sentences[0]
    in_first = [m for m in mentioned.mentions if m.sentence_index == first.index]
    assert in_first and pipeline.may_have_actor(first, in_first)


def test_the_actor_prefilter_changes_no_event():
    text = (
        "Prices rose sharply in the spring. Police fired tear gas at protesters in the capital. "
        "Turkey condemned the attack on its embassy. The weather stayed dry."
    )
    done = pipeline.process_text(text, "mixed.txt")
    document = done.document
    coded = {
        prefilter: pipeline.code_document_events(
            document, done.sentences, done.mentions, prefilter=prefilter
        )
        for prefilter in (True, False)
    }
    assert coded[True] and [e.id for e in coded[True]] == [e.id for e in coded[False]]


def test_batch_writer_writes_when_the_oldest_held_document_has_waited_long_enough() -> None:
    # A slow ingest (large files) must not hold many minutes of work only in memory.
    from factories import processed
    from geopol.pipeline import IngestSummary, _BatchWriter
    from geopol.store import MemoryStore

    store = MemoryStore()
    patient = _BatchWriter(store, IngestSummary(), size=64, max_seconds=3600)
    patient.write(processed())
    assert store.documents() == [] and patient.has_document(processed().document.id)
    hurried = _BatchWriter(store, IngestSummary(), size=64, max_seconds=0)
    hurried.write(processed())
    assert [d.id for d in store.documents()] == [processed().document.id]


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _outcome(result) -> tuple:
    if isinstance(result, Skipped):
        return ("skipped", result.source, result.code, result.reason)
    return (
        result.document.source,
        [(m.actor_id, m.start, m.end) for m in result.mentions],
        [(e.id, e.cameo, e.modality) for e in result.events],
        [(r.id, r.relation, r.polarity) for r in result.relations],
        sorted(a.id for a in result.actors),
    )


def test_a_group_is_processed_as_each_document_alone(broken_segmenter):
    from geopol.ingest import read_paths

    docs = [d for d in read_paths([EXAMPLES], exclude=["README.md"]) if not isinstance(d, Skipped)]
    broken_doc = Document(id="broken", source="bad.txt", raw_text="BROKEN: Turkey and Iraq.\n")
    docs.insert(2, broken_doc)
    alone = [_outcome(pipeline.process_document(doc)) for doc in docs]
    assert any(o[0] == "skipped" for o in alone) and any(o[2] for o in alone)
    assert [_outcome(r) for r in pipeline.process_group(docs)] == alone


def test_grouped_ingest_stores_what_a_document_at_a_time_does(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    for path in sorted(EXAMPLES.glob("*.txt")):
        write(folder, path.name, path.read_text(encoding="utf-8"))
    # an exact copy and a near-duplicate of documents read earlier in the same group
    write(folder, "zz_copy.txt", STORY)
    write(folder, "a_story.txt", STORY)
    write(folder, "zz_variant.md", "Reposted from the wire.\n\n" + STORY + "\nShare this.\n")

    def ingest() -> tuple[list, list]:
        seen: list = []
        store = MemoryStore()
        summary = pipeline.ingest_paths([folder], store, on_result=seen.append)
        counts = (summary.ingested, summary.duplicates, summary.sentences, summary.events)
        return [_outcome(r) for r in seen], [counts, [d.id for d in store.documents()]]

    grouped = ingest()
    monkeypatch.setattr(pipeline, "GROUP_DOCUMENTS", 1)
    alone = ingest()
    assert grouped == alone
    assert grouped[1][0][1] == 2  # the copy and the variant
