from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geopol.clean import clean_document
from geopol.records import Document, Skipped, content_id
from geopol.segment import abbreviations, segment_document, segment_documents, split_sentences


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e, _ in split_sentences(text)]


def _doc(raw: str) -> Document:
    return clean_document(Document(id=content_id(raw), source="t.txt", raw_text=raw))


def test_plain_sentences() -> None:
    assert sentences("Chile protested. Peru did not reply! Why? Nobody knows.") == [
        "Chile protested.",
        "Peru did not reply!",
        "Why?",
        "Nobody knows.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Gen. Smith met Dr. Jones in Nairobi.",
        "The U.S. Army and the U.N. mission met Mr. Ruto on Jan. 5 in Kenya.",
        "It was resolution No. 2231 that the council adopted.",
        "Sen. Warren and Gov. Newsom spoke, e.g. about trade.",
        "Malcolm H. Kerr worked in Beirut for years.",
        "He arrived at 5 p.m. on Monday and left.",
        "Troops from the U.K. and France arrived.",
    ],
)
def test_abbreviations_do_not_end_sentences(text: str) -> None:
    assert sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Aid came from the U.S. The money arrived in May.",
            ["Aid came from the U.S.", "The money arrived in May."],
        ),
        ("He said No. Then he left.", ["He said No.", "Then he left."]),
        (
            "It was signed in Jan. But it never took effect.",
            ["It was signed in Jan.", "But it never took effect."],
        ),
    ],
)
def test_abbreviations_before_a_new_sentence(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_quotes_and_brackets_after_the_stop() -> None:
    assert sentences('He said "we will stay." Then he left. (They agreed.) Fine.') == [
        'He said "we will stay."',
        "Then he left.",
        "(They agreed.)",
        "Fine.",
    ]


def test_lowercase_after_a_stop_continues_the_sentence() -> None:
    assert sentences("The talks ended... and nobody signed. Done.") == [
        "The talks ended... and nobody signed.",
        "Done.",
    ]


def test_headings_and_bullets_are_their_own_sentences() -> None:
    text = "Conclusion\n\nKey points:\n- Iraq and Turkey agreed\n- Iran objected\n1. Trade rose"
    spans = split_sentences(text)
    assert [text[s:e] for s, e, _ in spans] == [
        "Conclusion",
        "Key points:",
        "Iraq and Turkey agreed",
        "Iran objected",
        "Trade rose",
    ]
    assert [p for _, _, p in spans] == [0, 1, 1, 1, 1]


def test_text_cut_mid_sentence_keeps_the_fragment() -> None:
    assert sentences("Jordan already receives some oil from Iraq. As Syria h") == [
        "Jordan already receives some oil from Iraq.",
        "As Syria h",
    ]


def test_line_wrapped_raw_text_gives_whole_sentences_with_raw_offsets() -> None:
    raw = (
        "Ghana and Burkina Faso agreed in Accra on Friday to set up joint patrols on\n"
        "their common border, officials said. The patrols will start in March, and the\n"
        "two armies will share intelligence on armed groups in the border region.\n"
    )
    doc = _doc(raw)
    sents = segment_document(doc)
    assert len(sents) == 2
    first, second = sents
    assert first.text.startswith("Ghana and Burkina Faso") and first.text.endswith("said.")
    assert "\n" not in first.text
    # raw offsets cover the original, line break included
    assert raw[first.start : first.end] == raw[: raw.index("said.") + 5]
    assert raw[second.start : second.end].startswith("The patrols will start")
    assert raw[second.start : second.end].endswith("border region.")
    assert [s.index for s in sents] == [0, 1]


def test_sentence_offsets_are_exact_where_the_text_was_copied() -> None:
    raw = "Home | News | World\n\nKenya and Somalia restored flights. Talks went on.\n"
    doc = _doc(raw)
    for s in segment_document(doc):
        assert raw[s.start : s.end] == s.text
        assert doc.clean_text[s.clean_start : s.clean_end] == s.text


def test_segment_cleans_an_uncleaned_document() -> None:
    raw = "A [link](#) here. Second one."
    sents = segment_document(Document(id=content_id(raw), source="x", raw_text=raw))
    assert [s.text for s in sents] == ["A link here.", "Second one."]


def test_empty_and_symbol_only_text() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n - \n") == []


def test_very_long_runs_are_split() -> None:
    text = "; ".join([f"item number {i} of a long list without stops" for i in range(200)])
    spans = split_sentences(text)
    assert len(spans) > 1
    assert all(e - s <= 1500 for s, e, _ in spans)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)


def test_batch_form_passes_skipped_through() -> None:
    skipped = Skipped("x.txt", "GP101", "empty")
    out = list(segment_documents([_doc("One. Two."), skipped]))
    assert out[1] is skipped
    _doc_out, sents = out[0]
    assert [s.text for s in sents] == ["One.", "Two."]


def test_abbreviation_file_has_its_sections() -> None:
    abbr = abbreviations()
    assert {"Gen", "Dr", "Mr"} <= abbr.title
    assert {"No", "Jan"} <= abbr.number
    assert "Inc" in abbr.weak


def test_samples_segment_into_sentences_that_quote_the_original(seeds_dir: Path) -> None:
    files = sorted(seeds_dir.glob("*.txt"))
    if not files:
        pytest.skip("no sample texts")
    for path in files:
        raw = path.read_text(encoding="utf-8")
        sents = segment_document(_doc(raw))
        assert len(sents) >= 5
        for s in sents:
            assert 0 <= s.start < s.end <= len(raw)
            assert s.text.strip() == s.text
            # sentences are mostly short: no paragraph-sized runs from missed boundaries
            assert len(s.text) < 1600
        # abbreviations such as "U.S." never end up as a sentence of their own
        assert not any(s.text in ("U.S.", "U.N.") for s in sents)


def test_other_scripts() -> None:
    assert sentences("外交部长表示谈判将继续。双方同意下周再见面！") == [
        "外交部长表示谈判将继续。",
        "双方同意下周再见面！",
    ]
    arabic = "قال الوزير إن المحادثات ستستمر. وأضاف أن الاجتماع المقبل سيعقد في عمان؟ نعم."
    assert len(sentences(arabic)) == 3
    spanish = "El Sr. Pérez llegó a Lima. La reunión terminó tarde."
    assert sentences(spanish) == ["El Sr. Pérez llegó a Lima.", "La reunión terminó tarde."]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab A.U.S!?\n\n- 1\"')")), max_size=120))
def test_property_spans_are_ordered_disjoint_and_trimmed(text: str) -> None:
    previous_end = 0
    for start, end, paragraph in split_sentences(text):
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        assert paragraph >= 0
        previous_end = end
