from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geopol.clean import clean_document
from geopol.errors import (
    BinaryInput,
    EmptyInput,
    InputNotFound,
    JsonlError,
    PdfError,
    TooLarge,
    UnsupportedFormat,
)
from geopol.ingest import (
    NearDuplicateIndex,
    detect_language,
    find_stated_date,
    fingerprint,
    fingerprint_text,
    iter_files,
    missing_paths,
    normalise_date,
    read_file,
    read_paths,
    set_date_finder,
    signature,
)
from geopol.ingest import readers as readers_module
from geopol.ingest.decode import decode_bytes, looks_binary
from geopol.ingest.stream import cut_point, read_text_parts, split_parts
from geopol.records import Document, Skipped, content_id
from geopol.segment import segment_document

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def docs_of(items: list[Document | Skipped]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def skipped_of(items: list[Document | Skipped]) -> list[Skipped]:
    return [i for i in items if isinstance(i, Skipped)]


def only(items: list[Document | Skipped]) -> Document | Skipped:
    assert len(items) == 1, items
    return items[0]


# --------------------------------------------------------------------------- text files


def test_text_file(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    raw = "NAIROBI, March 12, 2024 (Wire) - Kenya and Somalia agreed to reopen the border.\n"
    path.write_text(raw, encoding="utf-8")
    doc = only(list(read_file(path)))
    assert isinstance(doc, Document)
    assert doc.raw_text == raw
    assert doc.id == content_id(raw)
    assert doc.source == "wire.txt"
    assert doc.path == str(path)
    assert doc.published == "2024-03-12"
    assert doc.published_text and "March 12, 2024" in doc.published_text
    assert doc.language == "en"
    assert doc.base_offset == 0


def test_reading_twice_gives_the_same_id(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Same text.", encoding="utf-8")
    first = only(list(read_file(path)))
    second = only(list(read_file(path)))
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.id == second.id


def test_user_date_only_when_the_file_states_none(tmp_path: Path) -> None:
    undated = tmp_path / "undated.txt"
    undated.write_text("Chile and Peru met in Lima.", encoding="utf-8")
    dated = tmp_path / "dated.txt"
    dated.write_text("Published: 3 May 2022\n\nChile and Peru met in Lima.", encoding="utf-8")
    a = only(list(read_file(undated, date="2024-01-02")))
    b = only(list(read_file(dated, date="2024-01-02")))
    assert isinstance(a, Document) and isinstance(b, Document)
    assert (a.published, a.published_text) == ("2024-01-02", None)
    assert b.published == "2022-05-03"


def test_invalid_date_argument_is_refused() -> None:
    with pytest.raises(ValueError):
        list(read_paths([FIXTURES / "note.md"], date="last tuesday"))


def test_markdown_title(tmp_path: Path) -> None:
    doc = only(list(read_file(FIXTURES / "note.md")))
    assert isinstance(doc, Document)
    assert doc.title == "Baltic ports: a note on shipping and security"
    clean_document(doc)
    assert "[" not in doc.clean_text and "**" not in doc.clean_text
    assert "See the joint statement and the map." in doc.clean_text


def test_invalid_utf8_is_decoded_with_a_warning() -> None:
    doc = only(list(read_file(FIXTURES / "latin1.txt")))
    assert isinstance(doc, Document)
    assert doc.raw_text.startswith("Côte d'Ivoire and Sénégal")
    assert len(doc.warnings) == 1 and "invalid UTF-8" in doc.warnings[0]


def test_decoding_keeps_valid_utf8_around_a_bad_byte() -> None:
    decoded = decode_bytes("Türkiye ".encode() + b"\x93quoted\x94 ok")
    assert decoded.text == "Türkiye \u201cquoted\u201d ok"
    assert decoded.warnings


def test_utf16_with_bom() -> None:
    decoded = decode_bytes("\ufeffHello Kyiv".encode("utf-16"))
    assert decoded.text.lstrip("\ufeff") == "Hello Kyiv"
    assert not looks_binary("\ufeffHello".encode("utf-16"), "utf-16")


@pytest.mark.parametrize(
    ("name", "code", "words"),
    [
        ("empty.txt", EmptyInput.code, "empty"),
        ("blank.md", EmptyInput.code, "empty"),
        ("binary.txt", BinaryInput.code, "binary"),
        ("notes.docx", UnsupportedFormat.code, "unsupported"),
        ("corrupt.pdf", PdfError.code, "corrupt PDF"),
        ("encrypted.pdf", PdfError.code, "encrypted"),
        ("scanned.pdf", PdfError.code, "no text layer"),
    ],
)
def test_bad_files_are_skipped_with_a_reason(name: str, code: str, words: str) -> None:
    item = only(list(read_file(FIXTURES / name)))
    assert isinstance(item, Skipped)
    assert item.code == code
    assert item.source == name
    assert words in item.reason
    line = item.line()
    assert name in line and code in line and "\n" not in line


def test_missing_file() -> None:
    item = only(list(read_file(FIXTURES / "nope.txt")))
    assert isinstance(item, Skipped) and item.code == InputNotFound.code


def test_pdf_text_layer() -> None:
    doc = only(list(read_file(FIXTURES / "report.pdf")))
    assert isinstance(doc, Document)
    assert doc.title == "Customs posts"
    assert "Morocco and Spain agreed to reopen customs posts" in doc.raw_text
    assert "Madrid" in doc.raw_text
    sents = segment_document(clean_document(doc))
    assert sents[0].text.startswith("Morocco and Spain") and sents[0].text.endswith("Rabat.")


def test_pdf_that_is_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_text("just text", encoding="utf-8")
    item = only(list(read_file(path)))
    assert isinstance(item, Skipped) and item.code == PdfError.code


def test_html_main_text_and_metadata() -> None:
    doc = only(list(read_file(FIXTURES / "article.html")))
    assert isinstance(doc, Document)
    assert doc.title == "Chile and Argentina agree on glacier survey"
    assert doc.published == "2023-11-07"
    assert "joint survey of the glaciers" in doc.raw_text
    for furniture in ("Subscribe now", "Most read", "All rights reserved", "Opinion"):
        assert furniture not in doc.raw_text
    sents = segment_document(clean_document(doc))
    assert any(s.text.startswith("Chile and Argentina agreed on Monday") for s in sents)
    for s in sents:
        assert doc.raw_text[s.start : s.end] == s.text


def test_html_too_large_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers_module, "MAX_PARSED_BYTES", 100)
    path = tmp_path / "big.html"
    path.write_text("<p>" + "word " * 100 + "</p>", encoding="utf-8")
    item = only(list(read_file(path)))
    assert isinstance(item, Skipped) and item.code == TooLarge.code


def test_jsonl_documents_and_bad_lines() -> None:
    items = list(read_file(FIXTURES / "wire.jsonl"))
    docs = docs_of(items)
    assert [d.source for d in docs] == ["wire.jsonl#w-001", "wire.jsonl#w-003", "wire.jsonl#5"]
    first = docs[0]
    assert first.title == "Peru and Bolivia reopen border crossing"
    assert first.url == "https://example.org/w-001"
    assert first.published == "2024-02-12"
    assert docs[2].published == "2024-03-05"
    bad = skipped_of(items)
    assert [(s.source, s.code) for s in bad] == [
        ("wire.jsonl:2", JsonlError.code),
        ("wire.jsonl:4", JsonlError.code),
        ("wire.jsonl:7", EmptyInput.code),
    ]


def test_folder_walk_with_globs(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Alpha text.", encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text("Beta text.", encoding="utf-8")
    (tmp_path / "sub" / "c.txt").write_text("Gamma text.", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "d.txt").write_text("Hidden.", encoding="utf-8")
    everything = [d.source for d in docs_of(list(read_paths([tmp_path])))]
    assert everything == ["a.txt", "b.md", "c.txt"]
    only_md = [d.source for d in docs_of(list(read_paths([tmp_path], include=["*.md"])))]
    assert only_md == ["b.md"]
    no_sub = [d.source for d in docs_of(list(read_paths([tmp_path], exclude=["sub/*"])))]
    assert no_sub == ["a.txt"]
    missing = list(read_paths([tmp_path / "nothing-here"]))
    assert isinstance(missing[0], Skipped) and missing[0].code == InputNotFound.code
    # the file walk alone (used by the Dask runner) yields paths only
    walked = list(iter_files([tmp_path, tmp_path / "nothing-here"], exclude=["*.md"]))
    assert walked == [tmp_path / "a.txt", tmp_path / "sub" / "c.txt"]
    assert [s.source for s in missing_paths([tmp_path, tmp_path / "nothing-here"])] == [
        str(tmp_path / "nothing-here")
    ]


def test_batch_goes_on_after_bad_files() -> None:
    items = list(read_paths([FIXTURES]))
    sources = {i.source for i in items}
    assert {"article.html", "report.pdf", "note.md", "empty.txt", "encrypted.pdf"} <= sources
    codes = Counter(i.code for i in skipped_of(items))
    assert codes[PdfError.code] == 3


# --------------------------------------------------------------------------- large files


def test_cut_point_prefers_paragraphs_then_lines() -> None:
    text = "aaaa bbbb cccc\n\ndddd\neeee ffff gggg"
    assert text[: cut_point(text, 24)] == "aaaa bbbb cccc\n\n"
    text = "aaaa bbbb cc\ncccc dddd eeee"
    assert text[: cut_point(text, 20)] == "aaaa bbbb cc\n"
    text = "aaaa bbbb cccc dddd eeee"
    assert text[: cut_point(text, 20)] == "aaaa bbbb cccc dddd "
    assert cut_point("x" * 50, 20) == 20


def test_split_parts_cover_the_text_exactly() -> None:
    text = "".join(f"Paragraph {i} says something.\n\n" for i in range(500))
    chunks = (text[i : i + 777] for i in range(0, len(text), 777))
    parts = list(split_parts(chunks, part_chars=1000))
    assert "".join(p for _, p in parts) == text
    for base, part in parts:
        assert text[base : base + len(part)] == part
        assert len(part) <= 2000
    assert all(p.endswith("\n\n") for _, p in parts[:-1])


def test_large_file_streams_in_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paragraph = "Kenya and Somalia agreed on {n} March to reopen their shared border crossing.\n\n"
    text = "Published: 2 March 2024\n\n" + "".join(paragraph.format(n=i) for i in range(3000))
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(readers_module, "PART_BYTES", 10_000)
    parts = list(read_text_parts(path, encoding="utf-8", part_chars=20_000))
    assert len(parts) > 5
    assert all(isinstance(p, Document) for p in parts)
    docs = docs_of(parts)
    assert [d.source for d in docs] == [f"big.txt#part-{i}" for i in range(1, len(docs) + 1)]
    assert {d.published for d in docs} == {"2024-03-02"}
    for doc in docs:
        assert text[doc.base_offset : doc.base_offset + len(doc.raw_text)] == doc.raw_text
        sents = segment_document(clean_document(doc))
        s = sents[-1]
        start, end = doc.base_offset + s.start, doc.base_offset + s.end
        assert text[start:end] == s.text
    # read_file streams too once the file is over PART_BYTES
    via_read_file = docs_of(list(read_file(path)))
    assert len(via_read_file) >= 1 and via_read_file[0].source.startswith("big.txt#part-")


# --------------------------------------------------------------------------- metadata


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Published: 12 March 2024\nBody", "2024-03-12"),
        ("Posted on Tuesday, March 12, 2024 by staff", "2024-03-12"),
        ("Last updated 2023-07-01 09:00", "2023-07-01"),
        ("GENEVA, 3 May 2024 - The talks resumed.", "2024-05-03"),
        ("Available online 30.9.2021", "2021-09-30"),
        ("Statement on the strikes\nBaghdad, 3 February 2024\n\nThe ministry...", "2024-02-03"),
    ],
)
def test_stated_publication_dates(text: str, iso: str) -> None:
    found = find_stated_date(text)
    assert found is not None and found[0] == iso


def test_body_dates_are_not_publication_dates() -> None:
    assert find_stated_date("In August 2024, Iraq and Turkey signed an agreement.") is None
    assert find_stated_date("The war of 12 March 2003 changed the region.") is None
    assert find_stated_date("In Geneva, 3 May 2024 saw new talks between the two sides.") is None


def test_date_finder_hook() -> None:
    set_date_finder(lambda text: ("2020-01-01", "x") if "magic" in text else None)
    try:
        assert find_stated_date("magic") is None  # the built-in one is unchanged
        from geopol.ingest.metadata import stated_date

        assert stated_date("magic words") == ("2020-01-01", "x")
    finally:
        set_date_finder(None)


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2024-02-12", "2024-02-12"),
        ("2024-02-12T10:00:00Z", "2024-02-12"),
        ("2024-02", "2024-02"),
        ("2024", "2024"),
        ("March 5, 2024", "2024-03-05"),
        ("2024-13-45", None),
        ("soon", None),
        (20240212, None),
    ],
)
def test_normalise_date(value: object, iso: str | None) -> None:
    assert normalise_date(value) == iso


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The ministers met in Nairobi and agreed to reopen the border.", "en"),
        ("Los ministros se reunieron en Lima y acordaron reabrir la frontera.", "es"),
        ("Les ministres se sont réunis à Dakar pour discuter de la sécurité.", "fr"),
        ("Die Minister trafen sich in Berlin und sprachen über die Sicherheit.", "de"),
        ("وقال الوزير إن المحادثات ستستمر في بغداد الأسبوع المقبل", "ar"),
        ("وزیر خارجه گفت که گفتگوها در تهران ادامه خواهد یافت", "fa"),
        ("Министр заявил, что переговоры продолжатся в Москве.", "ru"),
        ("Міністр заявив, що переговори продовжаться у Києві.", "uk"),
        ("外交部长表示谈判将继续进行", "zh"),
        ("1234 5678", "und"),
    ],
)
def test_language_detection(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_language_detection_on_benchmark_sentences(benchmarks_dir: Path) -> None:
    """Accuracy by language on the annotated sentences (which carry a language field)."""
    totals: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for path in sorted(benchmarks_dir.glob("*/records.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle):
                if number >= 400:
                    break
                record = json.loads(line)
                lang = record.get("language")
                if not lang:
                    continue
                totals[lang] += 1
                right[lang] += detect_language(record["text"]) == lang
    assert totals, "no benchmark records with a language"
    for lang, total in totals.items():
        assert right[lang] / total >= 0.97, (lang, right[lang], total)


# --------------------------------------------------------------------------- duplicates

STORY = (
    "Kenya and Somalia agreed on Monday to reopen their shared border for trade after a "
    "closure of more than ten years, the foreign ministers of both countries said after "
    "talks in Nairobi. The crossing points at Mandera and Liboi will open first, and the "
    "two governments will set up a joint committee to oversee security along the frontier, "
    "where armed groups have operated. Traders on both sides welcomed the decision."
)


def test_fingerprint_ignores_case_spacing_and_markup() -> None:
    a = STORY
    b = "# " + STORY.upper().replace(" ", "  \n", 3).replace(",", " ,")
    assert fingerprint_text(a) == fingerprint_text(b)
    assert fingerprint_text(a) != fingerprint_text(a.replace("Monday", "Tuesday"))
    doc = Document(id="x", source="s", raw_text=a)
    assert fingerprint(doc) == fingerprint_text(a)


def test_near_duplicates_are_found_and_distinct_stories_are_not() -> None:
    index = NearDuplicateIndex()
    assert index.add("d1", STORY) is None
    # the same story saved from a web page with furniture around it
    saved = "Home | World | Africa\n" + STORY + "\nShare this article\nSign up for our newsletter"
    assert index.add("d2", saved) == "d1"
    # a republished version with a changed sentence
    edited = STORY.replace("Traders on both sides welcomed the decision.", "Traders cheered.")
    assert index.add("d3", edited) == "d1"
    other = (
        "Chile and Argentina agreed on Monday to carry out a joint survey of the glaciers "
        "along their shared border, the foreign ministries of both countries said in "
        "Santiago after talks that lasted two days and covered trade and energy too."
    )
    assert index.add("d4", other) is None
    assert len(index) == 2 and "d4" in index
    assert index.query(STORY) == "d1"
    assert index.add("d1", STORY) is None  # the same id again is not its own duplicate


def test_signatures_are_stable_and_estimate_overlap() -> None:
    a = signature(STORY)
    assert a == signature(STORY)
    assert a.jaccard(signature(STORY)) == 1.0
    unrelated = signature("Completely different words about the weather in the mountains today.")
    assert a.jaccard(unrelated) < 0.2
    # a store can keep signatures as plain data and load them back into a new index
    restored = type(a).from_dict(json.loads(json.dumps(a.to_dict())))
    assert restored == a
    index = NearDuplicateIndex()
    index.add_signature("kept", restored)
    assert index.query(STORY) == "kept"


def test_duplicate_in_two_formats(tmp_path: Path) -> None:
    html = tmp_path / "story.html"
    html.write_text(
        "<html><head><title>Border reopens</title></head><body><nav>Home | World</nav>"
        f"<article><p>{STORY}</p></article><footer>(c) 2024</footer></body></html>",
        encoding="utf-8",
    )
    txt = tmp_path / "story.txt"
    txt.write_text("Skip to main content\n\n" + STORY + "\n\nRead more\n", encoding="utf-8")
    index = NearDuplicateIndex()
    results = []
    for item in read_paths([tmp_path]):
        assert isinstance(item, Document)
        clean_document(item)
        results.append(index.add(item.id, item.clean_text))
    assert results[0] is None and results[1] is not None


def test_fixture_generator_is_in_sync(tmp_path: Path) -> None:
    """The committed fixtures are what make_fixtures.py writes (text files compared)."""
    script = FIXTURES / "make_fixtures.py"
    copy = tmp_path / "make_fixtures.py"
    shutil.copy(script, copy)
    namespace: dict[str, object] = {"__name__": "fixtures", "__file__": str(copy)}
    exec(compile(copy.read_text(encoding="utf-8"), str(copy), "exec"), namespace)
    build = namespace["build"]
    assert callable(build)
    build()
    for name in ("article.html", "note.md", "wire.jsonl", "latin1.txt", "report.pdf"):
        assert (tmp_path / name).read_bytes() == (FIXTURES / name).read_bytes(), name


def test_content_decides_over_a_wrong_extension(tmp_path: Path) -> None:
    pdf_as_txt = tmp_path / "report.txt"
    pdf_as_txt.write_bytes((FIXTURES / "report.pdf").read_bytes())
    page_as_txt = tmp_path / "page.txt"
    page_as_txt.write_text((FIXTURES / "article.html").read_text("utf-8"), encoding="utf-8")
    no_extension = tmp_path / "README"
    no_extension.write_text("Plain notes about Chile and Peru.", encoding="utf-8")
    pdf = only(list(read_file(pdf_as_txt)))
    page = only(list(read_file(page_as_txt)))
    plain = only(list(read_file(no_extension)))
    assert isinstance(pdf, Document) and "Morocco and Spain" in pdf.raw_text
    assert any("read as PDF" in w for w in pdf.warnings)
    assert isinstance(page, Document) and "<p>" not in page.raw_text
    assert page.title == "Chile and Argentina agree on glacier survey"
    assert isinstance(plain, Document) and plain.raw_text.startswith("Plain notes")
    assert any("read as plain text" in w for w in plain.warnings)


def test_html_in_a_legacy_charset(tmp_path: Path) -> None:
    text = "قال الوزير إن المحادثات ستستمر في بغداد الأسبوع المقبل مع جميع الأطراف."
    page = (
        '<html><head><meta charset="windows-1256"><title>t</title></head><body>'
        f"<article><p>{text}</p><p>{text}</p></article></body></html>"
    )
    path = tmp_path / "ar.html"
    path.write_bytes(page.encode("cp1256"))
    doc = only(list(read_file(path)))
    assert isinstance(doc, Document)
    assert text in doc.raw_text
    assert doc.language == "ar"


def test_overlong_jsonl_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers_module, "MAX_PARSED_BYTES", 200)
    path = tmp_path / "feed.jsonl"
    long_text = "word " * 100
    path.write_text(
        json.dumps({"text": long_text}) + "\n" + json.dumps({"text": "short one"}) + "\n",
        encoding="utf-8",
    )
    items = list(read_file(path))
    assert isinstance(items[0], Skipped) and items[0].code == TooLarge.code
    assert items[0].source == "feed.jsonl:1"
    assert isinstance(items[1], Document) and items[1].raw_text == "short one"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=600),
    prefix=st.sampled_from([b"", b"%PDF-1.4\n1 0 obj\n<<", b"<html><body><p>", b'{"text": "']),
    suffix=st.sampled_from([".txt", ".md", ".html", ".pdf", ".jsonl"]),
)
def test_property_any_bytes_give_documents_or_skips(
    tmp_path: Path, data: bytes, prefix: bytes, suffix: str
) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(prefix + data)
    for item in read_file(path):
        assert isinstance(item, (Document, Skipped))
        if isinstance(item, Skipped):
            assert item.code.startswith("GP1") and item.reason
        else:
            assert item.raw_text.strip()
            clean_document(item)
            segment_document(item)


def test_gzip_compressed_files(tmp_path: Path) -> None:
    import gzip

    feed = tmp_path / "feed.jsonl.gz"
    with gzip.open(feed, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "a1", "text": "Chile and Peru met in Lima."}) + "\n")
        handle.write("not json\n")
    note = tmp_path / "note.txt.gz"
    with gzip.open(note, "wt", encoding="utf-8") as handle:
        handle.write("Ghana and Togo signed a border accord.")
    broken = tmp_path / "broken.txt.gz"
    broken.write_bytes(gzip.compress(b"Some text that will be cut off")[:15])
    items = list(read_paths([tmp_path]))
    docs = docs_of(items)
    assert [d.source for d in docs] == ["feed.jsonl.gz#a1", "note.txt.gz"]
    assert docs[1].raw_text == "Ghana and Togo signed a border accord."
    bad = {s.source: s.code for s in skipped_of(items)}
    assert bad["feed.jsonl.gz:2"] == JsonlError.code
    assert "broken.txt.gz" in bad


def test_jsonl_text_holding_html(tmp_path: Path) -> None:
    path = tmp_path / "scrape.jsonl"
    page = "<div><p>Chile and Peru met in Lima.</p><p>They agreed to meet again.</p></div>"
    path.write_text(
        json.dumps({"id": "h1", "text": page})
        + "\n"
        + json.dumps({"id": "t1", "text": "Trade rose by 5 % (a < b and c > d)."})
        + "\n",
        encoding="utf-8",
    )
    html_doc, text_doc = docs_of(list(read_file(path)))
    assert "<p>" not in html_doc.raw_text
    assert "Chile and Peru met in Lima." in html_doc.raw_text
    assert any("HTML" in w for w in html_doc.warnings)
    assert text_doc.raw_text == "Trade rose by 5 % (a < b and c > d)."
    assert not text_doc.warnings
