from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geopol.clean import (
    STEPS,
    OffsetMapBuilder,
    clean_document,
    clean_documents,
    clean_report,
    clean_text,
    guess_title,
)
from geopol.clean import steps as S
from geopol.clean.boilerplate import is_furniture, is_navigation
from geopol.clean.ocr import repair_word
from geopol.records import Document, OffsetMap, Skipped, content_id


def run_step(step, text: str) -> str:
    builder = OffsetMapBuilder(text)
    builder.apply(step(text))
    return builder.text


def assert_maps_back(raw: str) -> tuple[str, OffsetMap]:
    """Every clean character maps to a valid raw span, in order, and copies are exact."""
    clean, offsets = clean_text(raw)
    previous_start = 0
    for i in range(len(clean)):
        start, end = offsets.to_raw(i, i + 1)
        assert 0 <= start <= end <= len(raw)
        assert start >= previous_start
        previous_start = start
    return clean, offsets


# --------------------------------------------------------------------------- builder


def test_builder_tracks_deletions_insertions_and_replacements() -> None:
    raw = "ab[cd](x) efﬁ gh"
    builder = OffsetMapBuilder(raw)
    builder.apply([(2, 3, ""), (5, 9, "")])  # markdown link -> "cd"
    assert builder.text == "abcd efﬁ gh"
    builder.apply([(7, 8, "fi")])  # ligature
    assert builder.text == "abcd effi gh"
    builder.apply([(0, 0, ">")])  # insertion at the start
    assert builder.text == ">abcd effi gh"
    offsets = builder.offset_map()
    clean = builder.text
    # copied characters map to themselves
    for start, end in builder.copied_spans():
        s, e = offsets.to_raw(start, end)
        assert raw[s:e] == clean[start:end]
    # the ligature's two clean characters both map to the one raw character
    fi = clean.index("fi")
    assert offsets.to_raw(fi, fi + 2) == (raw.index("ﬁ"), raw.index("ﬁ") + 1)
    assert offsets.to_raw(fi + 1, fi + 2) == (raw.index("ﬁ"), raw.index("ﬁ") + 1)
    # the inserted character maps to an empty span
    s, e = offsets.to_raw(0, 1)
    assert s == e == 0


def test_builder_rejects_overlapping_edits() -> None:
    builder = OffsetMapBuilder("abcdef")
    with pytest.raises(ValueError):
        builder.apply([(0, 3, ""), (2, 4, "")])


def test_equal_length_replacement_is_not_read_as_a_copy() -> None:
    builder = OffsetMapBuilder("xx AB yy")
    builder.apply([(3, 5, "CD")])
    offsets = builder.offset_map()
    # each replaced character maps to the whole replaced span, never to one raw letter
    assert offsets.to_raw(3, 4) == (3, 5)
    assert offsets.to_raw(4, 5) == (3, 5)


_ALPHABET = st.sampled_from(
    [*"ab Iq-g\n\n\t", "[x](#)", "**b**", "ﬁ", "’", "“", "\u00a0", "\r\n", "&amp;", "## ", "- "]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=60).map("".join), st.data())
def test_property_clean_spans_map_to_valid_raw_spans(raw: str, data: st.DataObject) -> None:
    builder = OffsetMapBuilder(raw)
    for step in STEPS:
        builder.apply(step.run(builder.text))
    clean, offsets = builder.text, builder.offset_map()
    same = clean_text(raw, language="en")  # every step runs for English
    assert (clean, offsets.to_dict()) == (same[0], same[1].to_dict())
    if clean:
        start = data.draw(st.integers(0, len(clean) - 1))
        end = data.draw(st.integers(start, len(clean)))
        s, e = offsets.to_raw(start, end)
        assert 0 <= s <= e <= len(raw)
    for start, end in builder.copied_spans():
        s, e = offsets.to_raw(start, end)
        assert raw[s:e] == clean[start:end]


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_property_any_unicode_text_maps_back(raw: str) -> None:
    assert_maps_back(raw)


# --------------------------------------------------------------------------- steps


def test_unicode_normalisation() -> None:
    raw = "The of\ufb01ce said \u201cno\u201d \u2014 Iraq\u2019s\u00a0army\u200b.\r\nNext"
    assert run_step(S.normalise_unicode, raw) == 'The office said "no" — Iraq\'s army.\nNext'


def test_html_entities() -> None:
    assert run_step(S.unescape_entities, "trade &amp; energy &#8217;x &bogus;") == (
        "trade & energy \u2019x &bogus;"
    )


def test_combining_accents_are_composed() -> None:
    assert run_step(S.compose_accents, "Se\u0301ne\u0301gal") == "Sénégal"


def test_markdown_links_keep_their_text_as_an_exact_copy() -> None:
    raw = "Turkey signed a [security cooperation agreement](#) with ![logo](a.png)[Iraq][1]."
    clean, offsets = clean_text(raw)
    assert clean == "Turkey signed a security cooperation agreement with Iraq."
    i = clean.index("security cooperation agreement")
    s, e = offsets.to_raw(i, i + len("security cooperation agreement"))
    assert raw[s:e] == "security cooperation agreement"


def test_markdown_blocks_and_emphasis() -> None:
    raw = "## Background\nText with **bold** and *italic* and `code`.\n\n> quoted line\n\n---\n"
    clean, _ = clean_text(raw)
    assert clean == "Background\n\nText with bold and italic and code.\n\nquoted line"


def test_snake_case_and_lone_asterisks_are_not_emphasis() -> None:
    raw = "The file my_data_file has 5 * 3 rows."
    assert run_step(S.strip_markdown_emphasis, raw) == raw


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("the secur-\nity council", "the security council"),
        ("a well-\nknown envoy", "a well-known envoy"),
        ("the Saudi-\nIraqi council", "the Saudi-Iraqi council"),
    ],
)
def test_dehyphenation(raw: str, clean: str) -> None:
    assert run_step(S.dehyphenate, raw) == clean


def test_unwrap_joins_wrapped_lines_but_keeps_headings_and_lists() -> None:
    raw = (
        "Conclusion\n"
        "The ministers of Ghana and Burkina Faso met in Accra on Friday to discuss\n"
        "security along the border, which armed groups have crossed repeatedly since\n"
        "2022, and agreed to set up joint patrols before the end of the year.\n"
        "- first item\n"
        "- second item"
    )
    out = run_step(S.unwrap_lines, raw)
    assert out.split("\n") == [
        "Conclusion",
        "The ministers of Ghana and Burkina Faso met in Accra on Friday to discuss security "
        "along the border, which armed groups have crossed repeatedly since 2022, and agreed "
        "to set up joint patrols before the end of the year.",
        "- first item",
        "- second item",
    ]


def test_unwrap_closes_a_page_break_inside_a_sentence_only() -> None:
    raw = (
        "The talks between Ethiopia and Egypt over the dam on the Blue Nile went on for\n"
        "years, and the mediation of the African Union did not bring the two sides to\n"
        "\n"
        "an agreement.\n"
        "\n"
        "Outlook\n"
        "\n"
        "Next steps"
    )
    out = run_step(S.unwrap_lines, raw)
    assert "sides to an agreement." in out
    assert "\n\nOutlook\n\nNext steps" in out


def test_sidebar_column_is_dropped() -> None:
    raw = (
        "Article info          Abstract: This paper examines how Kenya used its position\n"
        "Received 2 May 2023   between Uganda and Tanzania to act as a mediator in the\n"
        "Keywords:             border dispute, and what the agreement of 2023 means.\n"
        "- mediation\n"
        "- East Africa         1. Introduction\n"
    )
    out = run_step(S.drop_sidebar_column, raw)
    assert "Article info" not in out and "Keywords" not in out and "- mediation" not in out
    assert "Abstract: This paper examines how Kenya" in out
    assert "1. Introduction" in out


def test_page_numbers_at_line_edges_are_dropped() -> None:
    raw = "Journal of Regional Studies, Vol. 7          -41-\nText"
    assert run_step(S.drop_sidebar_column, raw) == "Journal of Regional Studies, Vol. 7\nText"


def test_junk_tokens_are_dropped() -> None:
    assert S.is_junk_token(":iig';\"'tig")
    assert not S.is_junk_token("Iraq's")
    assert not S.is_junk_token('"quoted"')
    assert not S.is_junk_token("https://example.org/a;b")


@pytest.mark.parametrize(
    "line",
    [
        "ARTICLE AD BOX",
        "Advertisement",
        "Share this article",
        "Facebook | Twitter | Email",
        "Home | News | Politics | Sport | Culture",
        "Read Entire Article",
        "Subscribe to our newsletter",
        "Sign up for our newsletter",
        "UNITED99 - Make a charitable donation in support of the refugees!",
        "We use cookies to improve your experience. By continuing you accept our cookie policy.",
        "© 2024 Example Media. All rights reserved.",
        "3 months ago 11",
        "12 comments",
        "Related articles",
        "Skip to main content",
        "• 1000 / 1000",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "Share prices in Tehran fell sharply after the announcement.",
        "Saudi Arabia made a donation of 500 million dollars to Yemen's central bank.",
        "Copyright law is weak in several member states, the report said.",
        "Foreign Relations - World War III",
        "Conclusion",
        "The Turkish-Iraqi Security Agreement",
        "Iraq and Turkey signed a security agreement in August 2024.",
    ],
)
def test_prose_and_headings_are_not_furniture(line: str) -> None:
    assert not is_furniture(line)


def test_navigation_needs_several_short_items() -> None:
    assert is_navigation("Home | World | Business")
    assert not is_navigation("Iraq | a country between two powers, and what that means for it")


def test_boilerplate_removal_in_a_web_dump() -> None:
    raw = (
        "Skip to main content\n"
        "Home | News | Analysis | Regions\n"
        "Reader-funded since 2010. DONATE NOW and keep our reporting free.\n"
        "\n"
        "Ghana and Togo agree on joint patrols\n"
        "\n"
        "Ghana and Togo agreed on Monday to run joint patrols on their border.\n"
        "\n"
        "Share: Facebook | X | Telegram | Copy link\n"
        "Sign up for our newsletter\n"
    )
    clean, _ = assert_maps_back(raw)
    assert clean == (
        "Reader-funded since 2010.\n\n"
        "Ghana and Togo agree on joint patrols\n\n"
        "Ghana and Togo agreed on Monday to run joint patrols on their border."
    )


def test_repeated_short_lines_are_dropped() -> None:
    body = "The envoy of Qatar met both delegations in Doha on Sunday.\n"
    raw = ("Page header text\n" + body) * 3
    clean, _ = clean_text(raw)
    assert "Page header text" not in clean
    assert clean.count("The envoy of Qatar") == 3


def test_foreign_script_widget_lines_are_dropped() -> None:
    raw = "Kenya and Somalia restored flights.\n\n0コメント\n\nThe talks went on."
    clean, _ = clean_text(raw)
    assert "コメント" not in clean


# --------------------------------------------------------------------------- OCR


@pytest.mark.parametrize(
    ("mangled", "repaired"),
    [
        ("Irag", "Iraq"),
        ("lIraq", "Iraq"),
        ("Iraqgi", "Iraqi"),
        ("lIragi", "Iraqi"),
        ("Nigerla", "Nigeria"),
        ("lndia", "India"),
        ("Kuwalt", "Kuwait"),
        ("govemment", "government"),
        ("withessed", "witnessed"),
        ("lntroduction", "Introduction"),
    ],
)
def test_ocr_repairs_mangled_words(mangled: str, repaired: str) -> None:
    assert repair_word(mangled) == repaired


@pytest.mark.parametrize(
    "word",
    ["Iran", "Iraq", "Oman", "modem", "Abiy", "Sudani", "Hakan", "Fidan", "PKK", "NATO", "ISIS"],
)
def test_ocr_leaves_known_words_and_unknown_names_alone(word: str) -> None:
    assert repair_word(word) is None


def test_ocr_repair_in_context_keeps_possessives_and_offsets() -> None:
    raw = "relations between lIraq and Turkey affected Irag's policy; Iran stayed out."
    clean, offsets = clean_text(raw)
    assert clean == "relations between Iraq and Turkey affected Iraq's policy; Iran stayed out."
    i = clean.index("Iraq's")
    s, e = offsets.to_raw(i, i + len("Iraq's"))
    assert raw[s:e] == "Irag's"


def test_short_l_for_i_words() -> None:
    clean, _ = clean_text("ln March 2023 the two states signed it. lt was late.")
    assert clean == "In March 2023 the two states signed it. It was late."


# --------------------------------------------------------------------------- documents


def _doc(raw: str) -> Document:
    return Document(id=content_id(raw), source="t.txt", raw_text=raw)


def test_clean_document_fills_text_offsets_and_title() -> None:
    doc = clean_document(_doc("Water talks resume in Cairo\n\nEgypt and Sudan met again.\n"))
    assert doc.clean_text == "Water talks resume in Cairo\n\nEgypt and Sudan met again."
    assert doc.offsets.clean_length == len(doc.clean_text)
    assert doc.title == "Water talks resume in Cairo"


def test_clean_documents_passes_skipped_through() -> None:
    skipped = Skipped("x.txt", "GP101", "empty")
    out = list(clean_documents([_doc("Text one."), skipped]))
    assert out[1] is skipped
    assert isinstance(out[0], Document) and out[0].clean_text == "Text one."


def test_guess_title() -> None:
    assert guess_title("Military\n\nForeign Relations of Chile\n\nChile has...") == (
        "Foreign Relations of Chile"
    )
    assert guess_title("Chile has signed a treaty with Peru.\n\nMore.") is None


def test_clean_report_is_json_and_round_trips() -> None:
    raw = "A [link](#) and Irag.\n\n\n\nEnd"
    doc = _doc(raw)
    report = clean_report(doc)
    text = json.dumps(report)
    back = json.loads(text)
    offsets = OffsetMap.from_dict(back["offsets"])
    assert back["clean_text"] == "A link and Iraq.\n\nEnd"
    assert back["dropped"] == []  # only markup went: nothing with letters or digits
    s, e = offsets.to_raw(0, len("A link"))
    assert raw[s:e] == "A [link"  # the span covers the deleted bracket inside it


# --------------------------------------------------------------------------- samples


def _seed_texts(seeds_dir: Path) -> list[tuple[str, str]]:
    files = sorted(seeds_dir.glob("*.txt"))
    if not files:
        pytest.skip("no sample texts")
    return [(f.name, f.read_text(encoding="utf-8")) for f in files]


def test_samples_clean_and_map_back(seeds_dir: Path) -> None:
    for _name, raw in _seed_texts(seeds_dir):
        clean, _ = assert_maps_back(raw)
        assert clean and len(clean) <= len(raw)
        # no mangled OCR spellings of country names remain anywhere in the samples
        assert not re.search(r"\b(?:Irag|lIraq|Iraqgi|Iraqg)\b", clean)
        # web furniture is gone
        for furniture in ("ARTICLE AD BOX", "Read Entire Article", "charitable donation"):
            assert furniture not in clean


def test_numbers_inside_a_line_are_not_symbol_furniture() -> None:
    clean, _ = clean_text("Journal of Regional Studies, Vol. 7, No. 2\n\nBody text here.")
    assert clean.startswith("Journal of Regional Studies, Vol. 7, No. 2\n")


def test_call_to_action_inside_a_line_is_removed_alone() -> None:
    clean, _ = clean_text("Reader-funded since 2010. Donate now to keep us free.\n\nNews.")
    assert clean == "Reader-funded since 2010.\n\nNews."


def test_short_l_for_i_word_at_a_line_end() -> None:
    clean, _ = clean_text("The talks failed. lt\nwas late in the year when they met again in Doha.")
    assert "It was late" in clean


def test_pdf_page_furniture_is_dropped() -> None:
    pages = [
        f"Review of Andean Affairs {n}\n"
        "Bolivia and Chile resumed talks on access to the sea, officials said on Monday in\n"
        "La Paz, after a pause of two years.\n"
        f"Page {n} of 3"
        for n in (1, 2, 3)
    ]
    clean, _ = assert_maps_back("\n\n".join(pages))
    assert "Review of Andean Affairs" not in clean and "Page" not in clean
    assert clean.count("Bolivia and Chile resumed talks") == 3


def test_call_to_action_sentence_inside_a_long_paragraph() -> None:
    body = (
        "Peru maintains an embassy in Bolivia and the two states meet every year to review "
        "trade, border crossings and water rights along the lake they share. "
    )
    raw = body * 3 + "Get the latest updates. " + body
    clean, _ = clean_text(raw)
    assert "Get the latest updates" not in clean
    assert clean.count("Peru maintains an embassy") == 4


def test_short_wrapped_lines_join_when_they_read_as_prose() -> None:
    raw = "The agreement was signed by President\nRuto and Prime Minister Abiy on Monday.\n"
    assert run_step(S.unwrap_lines, raw).startswith("The agreement was signed by President Ruto")
    heading = "Relations With The Gulf States\nQatar and Kuwait sent envoys.\n"
    assert run_step(S.unwrap_lines, heading).startswith("Relations With The Gulf States\n")


def test_headline_and_dateline_lines_stay_apart() -> None:
    raw = "Statement on the air strikes in the western region\nGeneva, 3 February 2024\n"
    assert run_step(S.unwrap_lines, raw) == raw
    table = "| file | what it is about |\n| a.txt | a wire story on the talks |\n"
    assert run_step(S.unwrap_lines, table) == table


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("the inter- national community", "the international community"),
        ("pre- and post-war Iraq", "pre- and post-war Iraq"),
        ("short- and long-term aims", "short- and long-term aims"),
    ],
)
def test_dehyphenation_inside_a_line(raw: str, clean: str) -> None:
    assert run_step(S.dehyphenate, raw) == clean


def test_soft_hyphen_at_a_line_end_joins_the_word() -> None:
    raw = "the secur\u00ad\nity council met"
    clean, offsets = clean_text(raw)
    assert clean == "the security council met"
    i = clean.index("security")
    s, e = offsets.to_raw(i, i + len("security"))
    assert raw[s:e] == "secur\u00ad\nity"


def test_dropped_spans_show_what_cleaning_removed() -> None:
    raw = "Home | News | World\nKenya and Somalia restored flights.\nShare this article\n"
    doc = clean_document(_doc(raw))
    dropped = [d["text"] for d in clean_report(doc)["dropped"]]
    assert dropped == ["Home | News | World", "Share this article"]
