"""Hand-built records for tests that must not depend on the extractors."""

from __future__ import annotations

from typing import Any

from geopol.records import (
    Actor,
    DateInfo,
    Document,
    Event,
    Evidence,
    Mention,
    OffsetMap,
    Processed,
    Relation,
    Sentence,
    content_id,
)

TEXT = (
    "Ruritania and Freedonia signed a trade pact in May 2021. Ruritania denied shelling Freedonia."
)


def span(text: str, needle: str, start: int = 0) -> tuple[int, int]:
    i = text.index(needle, start)
    return i, i + len(needle)


def mention(text: str, actor_id: str, needle: str, sentence_index: int, start: int = 0) -> Mention:
    s, e = span(text, needle, start)
    return Mention(actor_id=actor_id, text=needle, start=s, end=e, sentence_index=sentence_index,
                   clean_start=s, clean_end=e)  # fmt: skip


def processed(text: str = TEXT, source: str = "demo.txt") -> Processed:
    doc_id = content_id(text)
    doc = Document(id=doc_id, source=source, raw_text=text, clean_text=text,
                   offsets=OffsetMap.identity(len(text)))  # fmt: skip
    cut = text.index(". ") + 1
    sentences = [
        Sentence(doc_id, 0, 0, cut, text[:cut], 0, cut),
        Sentence(doc_id, 1, cut + 1, len(text), text[cut + 1 :], cut + 1, len(text)),
    ]
    actors = [Actor("RUR", "Ruritania", "state", "RUR"), Actor("FRE", "Freedonia", "state", "FRE")]
    m0 = mention(text, "RUR", "Ruritania", 0)
    m1 = mention(text, "FRE", "Freedonia", 0)
    m2 = mention(text, "RUR", "Ruritania", 1, cut)
    m3 = mention(text, "FRE", "Freedonia", 1, cut)
    for m in (m0, m1, m2, m3):
        m.doc_id = doc_id
    ev0 = Evidence(sentences[0].text, sentences[0].start, sentences[0].end)
    ev1 = Evidence(sentences[1].text, sentences[1].start, sentences[1].end)
    trig0 = Evidence("signed", *span(text, "signed"))
    trig1 = Evidence("shelling", *span(text, "shelling"))
    date = DateInfo("2021-05", "month", "in May 2021", "stated")
    events = [
        Event(f"{doc_id}-e0", doc_id, 0, "057", "AGREE", 1, 8.0, "cooperative", "asserted",
              m0, m1, trig0, ev0, date),
        Event(f"{doc_id}-e1", doc_id, 1, "195", "ASSAULT", 4, -10.0, "conflictual", "negated",
              m2, m3, trig1, ev1),
    ]  # fmt: skip
    relations = [
        Relation(f"{doc_id}-r0", doc_id, 0, "RUR", "FRE", "agreement", "cooperative", "asserted",
                 True, ev0, date, 0.8, (events[0].id,), "057", "AGREE", 8.0),
        Relation(f"{doc_id}-r1", doc_id, 1, "RUR", "FRE", "attack", "conflictual", "negated",
                 False, ev1, None, 0.6, (events[1].id,), "195", "ASSAULT", -10.0),
    ]  # fmt: skip
    return Processed(doc, sentences, [m0, m1, m2, m3], actors, events, relations)


def use_fake_embedder(monkeypatch: Any, fake: Any) -> Any:
    """Make `geopol ask` embed with `fake` (any object with `encode(texts)` returning unit
    vectors) instead of the ONNX model, with empty vector caches; returns `fake`."""
    from geopol.ask import embed, index

    monkeypatch.setenv("GEOPOL_EMBED", "1")
    monkeypatch.setattr(embed, "available", lambda: True)
    monkeypatch.setattr(embed, "load_embedder", lambda: fake)
    monkeypatch.setattr(index, "_VECTOR_CACHES", {})
    return fake
