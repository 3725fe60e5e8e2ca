"""Fuzzing every parser and stage entry point: no input crashes, bad input gets a typed error.

Each target is a strategy and a ``check_*`` function that states what must hold for any
input. The tests below run every target with a modest number of examples (the default
run stays fast); ``benchmarks/fuzz_report.py`` runs the same targets with many more
(``GEOPOL_FUZZ_EXAMPLES`` sets the count here too).

What "no crash" means: a reader yields ``Document`` or ``Skipped`` with a known
``GPxxx`` code and a one-line reason; the pipeline gives ``Processed`` or a ``Skipped``
that is not an internal error (``GP200`` means a stage raised: a bug); the coder,
date parser and question parser return their records or raise a ``GeopolError``.
And for any text the pipeline accepts, every sentence, mention, event and relation
offset is an exact substring of the raw text, and the DuckDB store takes the result.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import tempfile
import time
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from geopol import errors
from geopol.actors import context as actor_context
from geopol.actors import matcher
from geopol.ask import answer
from geopol.clean import clean_document, clean_text
from geopol.cli import app
from geopol.dates import find_dates, parse_date
from geopol.events import code_json_line, code_text, roles
from geopol.events import parse as event_parse
from geopol.events.tokens import tokenize
from geopol.ingest import read_file, read_paths, readers
from geopol.pipeline import ingest_paths, process_document
from geopol.records import (
    Answer,
    DateInfo,
    Document,
    Mention,
    Processed,
    Skipped,
    content_id,
)
from geopol.segment import segment_document
from geopol.store import DuckDBStore, MemoryStore, RelationFilter

FUZZ_EXAMPLES = int(os.environ.get("GEOPOL_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _codes(cls: type[errors.GeopolError]) -> set[str]:
    found = {cls.code}
    for sub in cls.__subclasses__():
        found |= _codes(sub)
    return found


KNOWN_CODES = _codes(errors.GeopolError)
INTERNAL_ERROR = errors.ProcessingError.code  # a stage raised: always a bug
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

# --------------------------------------------------------------------------- text strategies
# Fragments of the kind of text geopol reads, plus the noise real files carry. Actor
# names from many regions so no one country is favoured.
ACTORS = [
    "Turkey", "Iraq", "Iran", "Brazil", "Kenya", "Ethiopia", "Japan", "Russia", "China",
    "the United States", "U.S.", "Washington", "the Kremlin", "Beijing", "NATO",
    "the European Union", "the UN", "Hezbollah", "the PKK", "al-Shabaab", "Egypt's",
    "Chinese", "Mexican", "the Prime Minister", "President", "the two countries", "it",
    "the group", "Mali", "Niger", "Colombia", "Ukraine", "South Korea", "Indonesia",
]  # fmt: skip
TRIGGERS = [
    "attacked", "signed an agreement with", "condemned", "met", "imposed sanctions on",
    "denied", "will not", "withdrew from", "supports", "accused", "mediated between",
    "is allied with", "has no relations with", "struck", "held talks with", "sent aid to",
    "threatened", "rejected", "may", "if", "refused to join sanctions against", "neutral",
]  # fmt: skip
DATES = [
    "on 3 May 2021", "last week", "in 2019", "on Tuesday", "in August", "1999-12-31",
    "31/02/2020", "the 1990s", "9999", "on 0 January 0000", "yesterday", "2 days later",
    "el 5 de marzo de 2022", "في 15 أغسطس 2024", "Q3 2020", "mid-2018", "since 1948",
]  # fmt: skip
NOISE = [
    ".", ". ", "\n", "\n\n", "  ", ",", ";", "?", "!", "-\n", ":", "\"", "'", "(", ")",
    "[a link](http://example.org/x)", "<div>", "</p>", "&amp;", "&#0;", "\x00", "\x0b",
    "\x1b[0m", "\x7f", "\x85", "\u2028", "\u2029", "\u202e", "\u202c", "\u200f", "\u200b",
    "\ufeff", "\u00ad", "\ufffd", "العراق", "وزير الخارجية", "שלום", "中华人民共和国",
    "。", "🇹🇷", "👩\u200d👩\u200d👧", "e\u0301", "ﬁ", "İstanbul", "STRASSE", "ß", "\r\n",
    "\r", "\t", "lIraq", "Irag", "Gen.", "Dr.", "e.g.", "...", "…", "“", "”", "’s", "#",
    "**", "|", "1.", "- ", "Advertisement", "Share this article", "©", "𝐓𝐮𝐫𝐤𝐞𝐲",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", "", "\n", ", ", ". "]

fragment = st.one_of(
    st.sampled_from(ACTORS),
    st.sampled_from(TRIGGERS),
    st.sampled_from(DATES),
    st.sampled_from(NOISE),
    st.text(max_size=6),
)
political_text = st.lists(
    st.tuples(fragment, st.sampled_from(SEPARATORS)), min_size=1, max_size=50
).map(lambda parts: "".join(f + sep for f, sep in parts))
any_text = st.one_of(political_text, st.text(max_size=300))


# --------------------------------------------------------------------------- file builders
def make_pdf(text: str, *, compress: bool = False, stream: bytes | None = None) -> bytes:
    """A minimal one-page PDF with ``text`` in its content stream, written by hand.

    ``stream`` is an already deflated content stream to use instead.
    """
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    content = b"BT /F1 12 Tf 72 700 Td (" + escaped.encode("latin-1", "replace") + b") Tj ET"
    if stream is not None:
        content, compress = stream, True
    elif compress:
        content = zlib.compress(content, 9)
    stream_dict = b"<< /Length %d %s>>" % (
        len(content),
        b"/Filter /FlateDecode " if compress else b"",
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream_dict + b"\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _html(parts: list[tuple[str, str]]) -> str:
    body = "".join(f"<{tag}>{text}</{tag}>" if tag else text for text, tag in parts)
    return f"<html><head><title>t</title></head><body>{body}</body></html>"


def _mutate(data: bytes, edits: list[tuple[int, int]], cut: int | None) -> bytes:
    buf = bytearray(data)
    for pos, byte in edits:
        if buf:
            buf[pos % len(buf)] = byte
    return bytes(buf[:cut] if cut is not None else buf)


_JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | any_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)
_JSON_RECORD = st.fixed_dictionaries(
    {},
    optional={
        "id": _JSON_VALUE,
        "text": st.one_of(political_text, _JSON_VALUE),
        "title": _JSON_VALUE,
        "date": st.one_of(st.sampled_from(DATES), _JSON_VALUE),
        "url": _JSON_VALUE,
    },
)
# Lines of a JSONL file, including lone surrogate escapes that JSON allows and text forbids.
jsonl_line = st.one_of(
    _JSON_RECORD.map(lambda r: json.dumps(r, ensure_ascii=False)),
    _JSON_RECORD.map(json.dumps),
    political_text.map(lambda t: '{"text": "' + t.replace("\n", " ") + '"}'),
    st.sampled_from(['{"id": "\\ud800", "text": "Kenya met Ethiopia \\udfff."}',
                     '{"text": "Brazil \\ud83d\\ude00 signed an accord with Japan"}',
                     '{"text": 3}', "[1, 2]", "{", "null", "", "   "]),
    st.text(max_size=40),
)  # fmt: skip


@st.composite
def reader_cases(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file extension and the bytes of a file: well-formed, damaged or hostile."""
    kind = draw(st.sampled_from(["txt", "md", "html", "pdf", "jsonl", "binary", "other", "gz"]))
    text = draw(political_text)
    if kind in ("txt", "md"):
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]))
        data = text.encode(encoding, errors="replace")
    elif kind == "html":
        tags = st.sampled_from(["p", "div", "h1", "script", "style", "nav", "li", "", "b"])
        parts = draw(st.lists(st.tuples(political_text, tags), min_size=1, max_size=5))
        data = _html(parts).encode("utf-8")
    elif kind == "pdf":
        data = make_pdf(text, compress=draw(st.booleans()))
    elif kind == "jsonl":
        data = "\n".join(draw(st.lists(jsonl_line, min_size=1, max_size=6))).encode("utf-8")
    elif kind == "binary":
        data = draw(st.binary(max_size=600))
    elif kind == "gz":
        inner = [text, _html([(text, "p")]), json.dumps({"text": text})]
        data = gzip.compress(draw(st.sampled_from(inner)).encode("utf-8"))
    else:
        data = text.encode("utf-8")
    if draw(st.integers(0, 3)) == 0:  # damage a quarter of the files
        edits = draw(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=8))
        cut = draw(st.none() | st.integers(0, max(0, len(data))))
        data = _mutate(data, edits, cut)
    if kind == "binary":
        ext = draw(st.sampled_from([".txt", ".pdf", ".html", ".jsonl"]))
    elif kind == "other":
        ext = draw(st.sampled_from(["", ".gz", ".docx", ".TXT", ".Html", ".json"]))
    elif kind == "gz":
        ext = draw(st.sampled_from([".txt.gz", ".html.gz", ".jsonl.gz", ".md.gz", ".gz"]))
    else:
        ext = "." + kind
    return ext, data


# --------------------------------------------------------------------------- checks
def assert_store_safe(value: str | None, what: str) -> None:
    """Text DuckDB and spaCy accept: valid Unicode, no lone surrogates."""
    if value is not None:
        assert _LONE_SURROGATE.search(value) is None, f"lone surrogate in {what}: {value!r}"


def assert_skipped_ok(item: Skipped) -> None:
    assert item.code in KNOWN_CODES, item
    assert item.reason.strip(), item
    assert item.code != INTERNAL_ERROR, f"a stage raised: {item.line()}"


def assert_document_ok(doc: Document) -> None:
    assert doc.raw_text.strip()
    assert doc.id == content_id(doc.raw_text)
    for name in ("raw_text", "title", "source", "url", "published", "published_text"):
        assert_store_safe(getattr(doc, name), name)


def check_reader(case: tuple[str, bytes]) -> None:
    """Any file: Documents or Skipped items with a known code, never an exception."""
    ext, data = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{ext}"
        path.write_bytes(data)
        items = list(read_file(path))
    assert items, "a reader must yield something for every file"
    for item in items:
        assert isinstance(item, Document | Skipped), item
        if isinstance(item, Skipped):
            assert_skipped_ok(item)
        else:
            assert_document_ok(item)


def check_clean(text: str) -> None:
    """Clean text of any text, and a clean → raw map that stays inside the raw text."""
    clean, offsets = clean_text(text)
    assert offsets.clean_length == len(clean)
    previous = 0
    for i in range(len(clean)):
        start, end = offsets.to_raw(i, i + 1)
        assert 0 <= start <= end <= len(text), (i, start, end)
        assert start >= previous, "the map must not run backwards"
        previous = start


def _document(text: str, source: str = "fuzz.txt") -> Document:
    return Document(id=content_id(text), source=source, raw_text=text)


def check_segment(text: str) -> None:
    """Sentences in order, inside both texts, their text the clean text of their span."""
    doc = clean_document(_document(text))
    sentences = segment_document(doc)
    end = 0
    for s in sentences:
        assert 0 <= s.start <= s.end <= len(text)
        assert 0 <= s.clean_start <= s.clean_end <= len(doc.clean_text)
        assert s.text == doc.clean_text[s.clean_start : s.clean_end]
        assert s.clean_start >= end
        end = s.clean_end


def check_parse_date(case: tuple[str, DateInfo | None]) -> None:
    """A DateInfo with an ISO value at its precision (or honestly none), spans inside."""
    text, anchor = case
    found = parse_date(text, anchor)
    for info in [found, *find_dates(text, anchor)]:
        if info is None:
            continue
        if info.value is not None:
            assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", info.value), info
            assert info.precision in ("day", "month", "year", "decade"), info
        if info.char_start is not None and info.char_end is not None:
            assert 0 <= info.char_start <= info.char_end <= len(text), info


def check_code_text(text: str) -> None:
    """The sentence coder on any text: events whose actor spans quote the text."""
    for event in code_text(text):
        assert event.cameo and event.plover, event
        assert -10.0 <= event.goldstein <= 10.0
        for mention in (event.source, event.target):
            if mention is not None:
                assert text[mention.start : mention.end] == mention.text, mention
        assert 0 <= event.trigger.start <= event.trigger.end <= len(text)


def check_code_json_line(line: str) -> None:
    """One `geopol code` input line of any kind gives one object with an events list."""
    row = code_json_line(line)
    assert isinstance(row, dict) and isinstance(row["events"], list), row
    json.dumps(row)  # the writer must be able to serialise it


_runner = CliRunner()


def check_code_cli(lines: list[bytes]) -> None:
    """`geopol code IN -o OUT` on any bytes: exit 0, one JSON object per line it wrote."""
    with tempfile.TemporaryDirectory() as folder:
        src, out = Path(folder) / "in.jsonl", Path(folder) / "out.jsonl"
        src.write_bytes(b"\n".join(lines))
        result = _runner.invoke(app, ["code", str(src), "-o", str(out)])
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(
            result.exception
        )
        assert result.exit_code == 0, result.output
        # JSON Lines ends lines at "\n" only: U+0085 or U+2028 inside a string is text.
        written = [line for line in out.read_text(encoding="utf-8").split("\n") if line]
    for line in written:
        row = json.loads(line)
        assert isinstance(row, dict) and isinstance(row["events"], list)
    if any(line.decode("utf-8", "replace").strip() for line in lines):
        assert written, "a file with lines must give output lines"


def assert_offsets_exact(result: Processed) -> None:
    """Every offset the pipeline gives maps to an exact substring of the raw text."""
    raw = result.document.raw_text
    for s in result.sentences:
        assert 0 <= s.start <= s.end <= len(raw), s
    for m in result.mentions:
        assert raw[m.start : m.end] == m.text, m
    for e in result.events:
        assert raw[e.evidence.start : e.evidence.end] == e.evidence.text, e.evidence
        assert raw[e.trigger.start : e.trigger.end] == e.trigger.text, e.trigger
        for m in (e.source, e.target):
            if m is not None and m.end > m.start:
                assert raw[m.start : m.end] == m.text, m
    for r in result.relations:
        assert raw[r.evidence.start : r.evidence.end] == r.evidence.text, r.evidence
        assert r.evidence.end > r.evidence.start


_STORE: DuckDBStore | None = None


def _fuzz_store() -> DuckDBStore:
    global _STORE
    if _STORE is None:
        _STORE = DuckDBStore(":memory:")
    return _STORE


def check_pipeline(text: str) -> None:
    """The whole pipeline on any text; exact offsets; the store takes what it gives."""
    result = process_document(_document(text))
    if isinstance(result, Skipped):
        assert_skipped_ok(result)
        return
    assert_offsets_exact(result)
    store = _fuzz_store()
    if store.write(result):
        stored = store.relations(RelationFilter(doc_id=result.document.id))
        assert len(stored) == len(result.relations)
        back = store.document(result.document.id)
        assert back is not None and back.raw_text == text


_ASK_STORE: MemoryStore | None = None
QUESTION_WORDS = [
    "Who", "is", "allied", "with", "Does", "have", "relations", "When", "did", "sign",
    "Why", "What", "between", "and", "attack", "?", "since", "2020", "in", "the", "not",
]  # fmt: skip


def _ask_store() -> MemoryStore:
    global _ASK_STORE
    if _ASK_STORE is None:
        _ASK_STORE = MemoryStore()
        texts = [
            "Kenya and Ethiopia signed a security agreement on 3 May 2021.",
            "Brazil condemned the sanctions Russia imposed on Japan last week. "
            "Mali has no diplomatic relations with Colombia.",
        ]
        for text in texts:
            result = process_document(_document(text, source=f"{content_id(text)}.txt"))
            assert isinstance(result, Processed)
            _ASK_STORE.write(result)
    return _ASK_STORE


question_text = st.one_of(
    st.lists(st.sampled_from(QUESTION_WORDS + ACTORS + DATES), max_size=12).map(" ".join),
    any_text,
    st.text(min_size=990, max_size=1100),
)


def check_ask(question: str) -> None:
    """Any question: an Answer whose citations quote the sources, or a QueryError."""
    store = _ask_store()
    try:
        result = answer(question, store)
    except errors.GeopolError as exc:
        assert exc.code in KNOWN_CODES
        return
    assert isinstance(result, Answer) and isinstance(result.answer, str)
    assert not result.found or result.citations
    for c in [*result.citations, *result.nearby]:
        doc = store.document(c.doc_id)
        assert doc is not None and doc.raw_text[c.start : c.end] == c.text, c


code_cli_input = st.lists(
    jsonl_line.map(lambda s: s.encode("utf-8", "surrogatepass")) | st.binary(max_size=60),
    max_size=5,
)
anchors = st.none() | st.builds(
    lambda y, m, d: DateInfo(f"{y:04d}-{m:02d}-{d:02d}", "day", None, "document"),
    st.integers(1, 9999),
    st.integers(1, 12),
    st.integers(1, 28),
)

# name -> (strategy, check): the fuzz report runs these same pairs with more examples.
TARGETS: dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], None]]] = {
    "ingest.read_file": (reader_cases(), check_reader),
    "clean.clean_text": (any_text, check_clean),
    "segment.segment_document": (any_text, check_segment),
    "dates.parse_date": (st.tuples(any_text, anchors), check_parse_date),
    "events.code_text": (any_text, check_code_text),
    "events.code_json_line": (jsonl_line, check_code_json_line),
    "cli.code": (code_cli_input, check_code_cli),
    "ask.answer": (question_text, check_ask),
    "pipeline.process_document": (political_text, check_pipeline),
}


# --------------------------------------------------------------------------- the fuzz tests
@FUZZ
@given(reader_cases())
def test_readers_give_documents_or_typed_skips(case: tuple[str, bytes]) -> None:
    check_reader(case)


@FUZZ
@given(any_text)
def test_clean_maps_every_character_inside_the_raw_text(text: str) -> None:
    check_clean(text)


@FUZZ
@given(any_text)
def test_segment_spans_are_ordered_and_exact(text: str) -> None:
    check_segment(text)


@FUZZ
@given(any_text, anchors)
def test_parse_date_gives_iso_values_or_nothing(text: str, anchor: DateInfo | None) -> None:
    check_parse_date((text, anchor))


@FUZZ
@given(any_text)
def test_sentence_coder_never_raises(text: str) -> None:
    check_code_text(text)


@FUZZ
@given(jsonl_line)
def test_code_json_line_answers_every_line(line: str) -> None:
    check_code_json_line(line)


@FUZZ
@given(code_cli_input)
def test_geopol_code_survives_any_input_file(lines: list[bytes]) -> None:
    check_code_cli(lines)


@FUZZ
@given(question_text)
def test_ask_answers_or_refuses_with_a_typed_error(question: str) -> None:
    check_ask(question)


@FUZZ
@given(political_text)
def test_pipeline_offsets_are_exact_substrings_of_the_raw_text(text: str) -> None:
    check_pipeline(text)


# --------------------------------------------------------------------------- regressions
# Crashes the fuzzing found, kept as plain tests so they can never come back unseen.


def test_geopol_code_reads_invalid_utf8_and_writes_lone_surrogates(tmp_path: Path) -> None:
    # Crash: `geopol code` died with UnicodeDecodeError on a byte that is not UTF-8 and
    # with UnicodeEncodeError writing an id that JSON escapes spelled as a lone surrogate.
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(
        b'{"id": "a\xff", "text": "Kenya met Ethiopia."}\n'
        b'{"id": "\\ud800", "text": "Brazil condemned Japan."}\n'
    )
    result = _runner.invoke(app, ["code", str(src), "-o", str(out)])
    assert result.exit_code == 0, repr(result.exception)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == ["a\ufffd", "\ud800"]
    assert all(row["events"] for row in rows)


def test_jsonl_lone_surrogate_escapes_are_replaced_and_the_store_takes_them(
    tmp_path: Path,
) -> None:
    # Crash: a JSONL line whose JSON escapes spell a lone surrogate ("\ud800") gave a
    # Document that spaCy refused (GP200) and DuckDB could not store: `geopol ingest`
    # died with InvalidInputException. A valid pair ("\ud83d\ude00") is one character.
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "a\\ud800", "title": "T\\udfff", "text": "Kenya met Ethiopia \\udc80 on 3 May 2021."}\n'
        '{"text": "Brazil \\ud83d\\ude00 condemned Japan."}\n',
        encoding="utf-8",
    )
    docs = list(read_file(feed))
    assert all(isinstance(d, Document) for d in docs), docs
    first, second = docs
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.raw_text == "Kenya met Ethiopia \ufffd on 3 May 2021."
    assert first.title == "T\ufffd" and first.source == "feed.jsonl#a\ufffd"
    assert second.raw_text == "Brazil \U0001f600 condemned Japan."
    with DuckDBStore(tmp_path / "s.duckdb") as store:
        summary = ingest_paths([feed], store)
        assert summary.ingested == 2 and not summary.failed, summary


def _gzip_repeat(path: Path, head: bytes, fill: bytes, total: int, tail: bytes = b"") -> None:
    """A gzip file holding ``total`` bytes of ``fill``, written in blocks (a zip bomb)."""
    block = fill * ((1 << 20) // len(fill))
    with gzip.open(path, "wb", compresslevel=6) as out:
        out.write(head)
        for _ in range(total // len(block)):
            out.write(block)
        out.write(tail)


def test_jsonl_gzip_bomb_line_is_refused_in_bounded_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Crash: a .jsonl.gz whose one line inflates to gigabytes was read whole before its
    # length was checked (1.5 GB line: 3 GB of memory, 56 s). Lines are now cut at the
    # limit and the rest dropped as it streams by; the next line is still read.
    monkeypatch.setattr(readers, "MAX_PARSED_BYTES", 1 << 20)
    bomb = tmp_path / "feed.jsonl.gz"
    _gzip_repeat(bomb, b'{"text": "', b"a", 64 << 20, b'"}\n{"text": "Kenya met Ethiopia."}\n')
    assert bomb.stat().st_size < 200_000
    tracemalloc.start()
    try:
        items = list(read_file(bomb))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20, f"peak {peak >> 20} MB while reading a 64 MB line"
    first, second = items
    assert isinstance(first, Skipped) and first.code == errors.TooLarge.code
    assert first.source == "feed.jsonl.gz:1"
    assert isinstance(second, Document) and second.raw_text == "Kenya met Ethiopia."


def test_large_blank_text_file_is_reported_empty_not_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Bug: a text file over the streaming size that held only blanks yielded nothing at
    # all, so it vanished from the batch without a reason.
    monkeypatch.setattr(readers, "PART_BYTES", 1 << 20)
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b" \n\t" * (1 << 20))
    (item,) = read_file(blank)
    assert isinstance(item, Skipped) and item.code == errors.EmptyInput.code, item


# --------------------------------------------------------------------------- adversarial texts
# Wall-clock ceilings below are hang detectors (quadratic blow-ups, runaway parsers), set
# far above the measured times; the speed itself is measured in benchmarks/.
HANG_SECONDS = 120.0

# Our own sentences, repeated and varied to make long inputs.
OWN_SENTENCES = [
    "Kenya and Ethiopia signed a security agreement on 3 May 2021.",
    "Brazil condemned the sanctions that Russia imposed on Japan last week.",
    "Mali has no diplomatic relations with Colombia, its foreign minister said.",
    "Officials in Nairobi said the talks with Addis Ababa would resume in August.",
    "Indonesian troops withdrew from the border after the ceasefire took hold.",
]


def _prose(chars: int, joiner: str = " ") -> str:
    text = joiner.join(OWN_SENTENCES)
    return (text + joiner) * (chars // (len(text) + len(joiner)) + 1)


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


@pytest.mark.slow
def test_one_megabyte_single_line_is_read_cleaned_and_segmented(tmp_path: Path) -> None:
    line = _prose(1_000_000)[:1_000_000]
    assert "\n" not in line
    path = tmp_path / "line.txt"
    path.write_text(line, encoding="utf-8")
    (doc,), seconds = _timed(lambda: list(read_file(path)))
    assert isinstance(doc, Document) and doc.raw_text == line
    sentences, more = _timed(lambda: segment_document(clean_document(doc)))
    assert seconds + more < HANG_SECONDS
    assert len(sentences) > 5000
    for s in sentences[::97]:
        assert doc.raw_text[s.start : s.end].strip()
        assert s.text == doc.clean_text[s.clean_start : s.clean_end]


@pytest.mark.slow
def test_long_line_without_any_stop_is_split_and_processed() -> None:
    # 200 kB of words and commas, no full stop, no line break: sentences are capped in
    # length, so later stages never see one giant sentence.
    text = ", ".join(["the delegation from Kenya met officials from Ethiopia"] * 4000)
    result, seconds = _timed(lambda: process_document(_document(text)))
    assert seconds < HANG_SECONDS
    assert isinstance(result, Processed), result
    assert len(result.sentences) > 10
    assert max(s.end - s.start for s in result.sentences) <= 5000
    assert_offsets_exact(result)


def test_deeply_nested_html_gives_a_document_or_a_clear_skip(tmp_path: Path) -> None:
    depth = 50_000
    page = (
        "<html><body>" + "<div><span>" * depth + " ".join(OWN_SENTENCES)
        + "</span></div>" * depth + "</body></html>"
    )  # fmt: skip
    path = tmp_path / "nested.html"
    path.write_text(page, encoding="utf-8")
    items, seconds = _timed(lambda: list(read_file(path)))
    assert seconds < HANG_SECONDS
    (item,) = items
    if isinstance(item, Skipped):
        assert_skipped_ok(item)
        assert item.code in {errors.EmptyInput.code, errors.InputError.code}
    else:
        assert_document_ok(item)
        result = process_document(item)
        assert isinstance(result, Processed)
        assert_offsets_exact(result)


def test_html_gzip_bomb_is_refused_after_a_bounded_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 160 MB of blanks in a page, gzipped to ~160 kB. The reader inflates no more than
    # its limit (8 MB here; 100 MB by default) before refusing the file.
    monkeypatch.setattr(readers, "MAX_PARSED_BYTES", 8 << 20)
    bomb = tmp_path / "page.html.gz"
    _gzip_repeat(bomb, b"<html><body><p>", b" ", 160 << 20, b"</p></body></html>")
    assert bomb.stat().st_size < 1 << 20
    tracemalloc.start()
    try:
        (item,), seconds = _timed(lambda: list(read_file(bomb)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seconds < HANG_SECONDS
    assert peak < 40 << 20, f"peak {peak >> 20} MB for an 8 MB limit"
    assert isinstance(item, Skipped) and item.code == errors.TooLarge.code, item
    assert "limit" in item.reason


def _compressed_stream(head: bytes, fill: bytes, total: int) -> bytes:
    packer = zlib.compressobj(9)
    parts = [packer.compress(head)]
    block = fill * ((1 << 20) // len(fill))
    parts += [packer.compress(block) for _ in range(total // len(block))]
    parts.append(packer.flush())
    return b"".join(parts)


@pytest.mark.slow
def test_pdf_with_a_huge_compressed_stream_is_bounded(tmp_path: Path) -> None:
    # A content stream of 1 KB of drawing and 400 MB of blanks, deflated to ~400 kB.
    stream = _compressed_stream(b"BT /F1 12 Tf 72 700 Td (Kenya met Ethiopia.) Tj ET\n", b" ",
                                400 << 20)  # fmt: skip
    path = tmp_path / "bomb.pdf"
    path.write_bytes(make_pdf("", stream=stream))
    assert path.stat().st_size < 2 << 20
    (item,), seconds = _timed(lambda: list(read_file(path)))
    assert seconds < HANG_SECONDS
    if isinstance(item, Skipped):  # pypdf's decompression limit: a typed, clear refusal
        assert item.code == errors.PdfError.code and "\n" not in item.reason, item
    else:
        assert "Kenya" in item.raw_text


def test_control_characters_in_text_are_skipped_as_binary_or_kept_exactly(tmp_path: Path) -> None:
    controls = "".join(chr(c) for c in [*range(0, 32), 127, *range(0x80, 0xA0)])
    text = controls.join(OWN_SENTENCES) + "\u2028\u2029\x0c\x1b[31m"
    path = tmp_path / "ctrl.txt"
    path.write_text(text, encoding="utf-8")
    (item,) = read_file(path)
    assert isinstance(item, Skipped) and item.code == errors.BinaryInput.code, item
    # The same characters inside JSON are text: read, processed, offsets exact.
    feed = tmp_path / "ctrl.jsonl"
    feed.write_text(json.dumps({"id": "c", "text": text}) + "\n", encoding="utf-8")
    (doc,) = read_file(feed)
    assert isinstance(doc, Document) and doc.raw_text == text
    result = process_document(doc)
    assert isinstance(result, Processed), result
    assert_offsets_exact(result)
    assert {"KEN", "ETH"} <= {m.actor_id for m in result.mentions}


MIXED_SCRIPTS = (
    "\u202eKenya\u202c and Ethiopia signed an accord. وقعت كينيا وإثيوبيا اتفاقا أمنيا. "
    "שלום \u200fBrazil\u200e condemned Japan. 日本は中国と会談した。 İstanbul talks: "
    "Turkey met Greece \U0001f1f9\U0001f1f7\U0001f91d\U0001f1ec\U0001f1f7. "
    "Mexico\u0301 accused Colombia. ＫＥＮＹＡ met ﬁnance officials. 𝐑𝐮𝐬𝐬𝐢𝐚 attacked Ukraine."
)


def test_right_to_left_and_mixed_scripts_keep_exact_offsets() -> None:
    result = process_document(_document(MIXED_SCRIPTS))
    assert isinstance(result, Processed), result
    assert_offsets_exact(result)
    found = {m.actor_id for m in result.mentions}
    assert {"KEN", "ETH", "BRA", "JPN"} <= found, found
    assert result.events and result.relations


@pytest.mark.slow
def test_ten_thousand_actor_mentions_in_one_sentence_finish() -> None:
    names = ["Kenya", "Ethiopia", "Brazil", "Japan", "Mali", "Colombia", "Indonesia", "Peru"]
    text = "Delegates from " + ", ".join(names[i % len(names)] for i in range(10_000))
    text += " met in Geneva and signed an agreement on 3 May 2021."
    result, seconds = _timed(lambda: process_document(_document(text)))
    assert seconds < HANG_SECONDS
    assert isinstance(result, Processed), result
    assert len(result.mentions) >= 10_000
    assert_offsets_exact(result)
    events, seconds = _timed(lambda: code_text(text))
    assert seconds < HANG_SECONDS
    for event in events:
        for m in (event.source, event.target):
            assert m is None or text[m.start : m.end] == m.text


def test_a_batch_of_hostile_files_goes_on_to_the_good_one(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "b_empty.md").write_bytes(b"")
    (folder / "c_broken.pdf").write_bytes(make_pdf("Kenya met Ethiopia.")[:150])
    (folder / "d_not_gzip.txt.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"junk" * 50)
    (folder / "e_bad.jsonl").write_text('{"text": 1}\nnot json\n', encoding="utf-8")
    (folder / "f_scripts.html").write_text(
        "<html><body><script>alert(1)</script><style>p{}</style></body></html>"
    )
    (folder / "z_good.txt").write_text(" ".join(OWN_SENTENCES), encoding="utf-8")
    items = list(read_paths([folder]))
    good = [i for i in items if isinstance(i, Document)]
    assert [d.source for d in good] == ["z_good.txt"]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert len(skipped) >= 6
    for item in skipped:
        assert_skipped_ok(item)
    with DuckDBStore(tmp_path / "s.duckdb") as store:
        summary = ingest_paths([folder], store)
        assert summary.ingested == 1 and len(summary.failed) == len(skipped)
        assert [d.source for d in store.documents()] == ["z_good.txt"]


@pytest.mark.parametrize("name", ["notes.txt.gz", "page.html.gz", "feed.jsonl.gz", "x.md.gz"])
def test_corrupt_gzip_is_a_skip_not_a_crash(tmp_path: Path, name: str) -> None:
    # Crash: a corrupt .txt.gz raised zlib.error out of read_file (the format sniffer
    # caught OSError and EOFError only) and stopped the whole ingest.
    path = tmp_path / name
    path.write_bytes(b"\x1f\x8b\x08\x00" + b"junk" * 50)
    (item,) = read_file(path)
    assert isinstance(item, Skipped), item
    assert_skipped_ok(item)


def _longest_first_by_scan(hits: list[Any]) -> list[Any]:
    """The overlap rule of actors.matcher, checked against every hit taken (quadratic)."""
    ordered = sorted(hits, key=lambda h: (-h.text_length, h.start))
    taken: list[Any] = []
    for hit in ordered:
        if all(hit.end <= t.start or hit.start >= t.end for t in taken):
            taken.append(hit)
    return sorted(taken, key=lambda h: h.start)


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)), max_size=40))
def test_longest_first_keeps_the_overlap_rule(pairs: list[tuple[int, int]]) -> None:
    hits = [matcher.Hit(start, start + size, ()) for start, size in pairs]
    assert matcher._longest_first(list(hits)) == _longest_first_by_scan(hits)


def test_many_names_in_one_sentence_are_matched_in_n_log_n() -> None:
    # Slow path: 10,000 names in one sentence took `geopol code` 20 s, most of it in the
    # overlap check of actors.matcher._longest_first (each hit against every hit taken).
    hits = [matcher.Hit(i * 10, i * 10 + 6, ()) for i in range(60_000)]
    hits += [matcher.Hit(i * 10 + 2, i * 10 + 5, ()) for i in range(60_000)]  # all refused
    taken, seconds = _timed(lambda: matcher._longest_first(hits))
    assert len(taken) == 60_000
    assert seconds < 20, f"{seconds:.0f} s: quadratic again?"


def _owners_by_scan(doc: Any, tokens: list[Any], spans: list[Any]) -> dict[int, Any]:
    """Which mention owns each parsed word: the first listed that overlaps it (quadratic)."""
    owners = {}
    ranges = [(tokens[s.first].start, tokens[s.last].end, s) for s in spans]
    for word in doc:
        start, end = word.idx, word.idx + len(word.text)
        for m_start, m_end, span in ranges:
            if start < m_end and m_start < end:
                owners[word.i] = span
                break
    return owners


@pytest.fixture(scope="module")
def blank_nlp() -> Any:
    import spacy

    return spacy.blank("en")


_WORDS = st.sampled_from(["Kenya", "and", "the", "U.S.", "al-Shabaab", ",", "met", "e.g.", "'s"])


@FUZZ
@given(
    words=st.lists(_WORDS, min_size=1, max_size=30),
    picks=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 3)), max_size=10),
)
def test_parsed_roles_give_words_to_the_same_mentions(
    blank_nlp: Any, words: list[str], picks: list[tuple[int, int]]
) -> None:
    text = " ".join(words)
    tokens = tokenize(text)
    spans = []
    for first, extra in picks:
        first %= len(tokens)
        last = min(len(tokens) - 1, first + extra)
        spans.append(roles.Span(Mention("X", text, 0, 0), first, last))
    doc = blank_nlp(text)
    parsed = event_parse.ParsedRoles(doc, tokens, spans)
    assert parsed._owner == _owners_by_scan(doc, tokens, spans)


def test_parsed_roles_of_a_sentence_with_thousands_of_names_are_fast(blank_nlp: Any) -> None:
    # Slow path: 10,000 names in one sentence spent 9 s of `geopol code` laying mentions
    # over the parse, every mention scanned for every word.
    text = ", ".join(["Kenya", "Ethiopia", "Brazil"] * 8000)
    tokens = tokenize(text)
    spans = [roles.Span(Mention("X", t.text, t.start, t.end), i, i)
             for i, t in enumerate(tokens) if t.text != ","]  # fmt: skip
    doc = blank_nlp(text)
    parsed, seconds = _timed(lambda: event_parse.ParsedRoles(doc, tokens, spans))
    assert len(parsed._owner) == 24_000
    assert seconds < 20, f"{seconds:.0f} s: quadratic again?"


def _inside_person_name_on_copies(
    text: str, start: int, end: int, known: set[int], *, at_sentence_start: bool = False
) -> bool:
    """actors.context.inside_person_name as it was: regexes on copies of the text."""
    next_word = re.match(r"^ ([A-Z][a-z]+)\b", text[end:])
    words = actor_context._SENTENCE_WORDS
    if next_word and (end + 1) not in known and next_word.group(1).lower() not in words:
        return True
    prefix = text[:start]
    prev_word = re.search(r"\b([A-Z][a-z]+) $", prefix)
    if prev_word and prev_word.start(1) not in known:
        before_prev = prefix[: prev_word.start(1)].rstrip()
        mid_sentence = bool(before_prev) and before_prev[-1] not in ".!?:;\"'“"
        if mid_sentence or at_sentence_start:
            return prev_word.group(1).lower() not in words
    return False


_NAME_PIECES = st.sampled_from(
    ["Kenya", "Joe", "Biden", "the", "The", "In", "said", ".", ",", " ", "  ", "\n", "Al", "é"]
)


@FUZZ
@given(pieces=st.lists(_NAME_PIECES, min_size=1, max_size=25), data=st.data())
def test_inside_person_name_reads_the_same_in_place(pieces: list[str], data: Any) -> None:
    text = " ".join(pieces)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    known = set(data.draw(st.lists(st.integers(0, len(text)), max_size=4)))
    first = data.draw(st.booleans())
    new = actor_context.inside_person_name(text, start, end, known, at_sentence_start=first)
    old = _inside_person_name_on_copies(text, start, end, known, at_sentence_start=first)
    assert new == old


def test_person_name_check_does_not_copy_the_sentence_per_name() -> None:
    # Slow path: with 40,000 names in one sentence each check copied the text before and
    # after the name and searched all of it: quadratic (minutes for `geopol code`).
    text = " ".join(["Kenya Ethiopia"] * 40_000)
    starts = list(range(0, len(text), 15))
    _, seconds = _timed(
        lambda: [actor_context.inside_person_name(text, s, s + 5, set()) for s in starts]
    )
    assert seconds < 20, f"{seconds:.0f} s: quadratic again?"


def test_code_text_on_a_line_of_forty_thousand_names_finishes() -> None:
    # Slow path: `geopol code` on one line of 40,000 names took 160 s, nearly all of it
    # walking the dependency tree of a "sentence" of 200,000 words; texts longer than a
    # sentence can be now keep the shallow rules' roles.
    names = ["Kenya", "Ethiopia", "Brazil", "Japan", "Mali", "Colombia", "Indonesia", "Peru"]
    text = "Delegates from " + ", ".join(names[i % len(names)] for i in range(40_000))
    text += " met in Geneva and signed an agreement."
    assert event_parse.parse_texts([text]) == [None]
    events, seconds = _timed(lambda: code_text(text))
    assert seconds < 60, f"{seconds:.0f} s"
    assert events and all(
        m is None or text[m.start : m.end] == m.text for e in events for m in (e.source, e.target)
    )
