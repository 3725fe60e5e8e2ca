"""The role parser's switch and the offsets it lays mentions over."""

from __future__ import annotations

import pytest

from geopol.events import parse
from geopol.events.roles import spans_on_tokens
from geopol.events.tokens import tokenize
from geopol.records import Mention


@pytest.fixture
def fresh_parser():
    parse.role_parser.cache_clear()
    yield
    parse.role_parser.cache_clear()


@pytest.mark.parametrize(("value", "on"), [("0", False), ("off", False), ("1", True), ("", True)])
def test_the_setting_turns_the_parser_on_and_off(monkeypatch, fresh_parser, value, on):
    monkeypatch.setenv("GEOPOL_EVENT_PARSE", value)
    parser = parse.role_parser()
    if on and parser is None:
        pytest.skip("spaCy's English model is not installed")
    assert (parser is not None) == on
    assert parse.parse_texts(["Kenya condemned Uganda."])[0] is None or on


def _mention(text: str, start: int, actor: str) -> Mention:
    return Mention(
        doc_id="", sentence_index=0, text=text, start=start, end=start + len(text),
        actor_id=actor,
    )  # fmt: skip


def test_mentions_own_the_parsed_words_they_cover(fresh_parser):
    text = "Police in Chad arrested the Sudanese envoy, officials said."
    doc = parse.parse_text(text)
    if doc is None:
        pytest.skip("spaCy's English model is not installed")
    chad, sudan = text.index("Chad"), text.index("Sudanese")
    placed = [
        (chad, chad + 4, _mention("Chad", chad, "TCD")),
        (sudan, sudan + 8, _mention("Sudanese", sudan, "SDN")),
    ]
    tokens = tokenize(text)
    roles = parse.ParsedRoles(doc, tokens, spans_on_tokens(tokens, placed))
    word = roles.word_at(sudan)
    assert word is not None and word.text == "Sudanese"
    owner = roles.mention_of(word)
    assert owner is not None and owner.mention.actor_id == "SDN"
    inside = roles.word_at(chad + 1)  # a character inside a word finds the word
    assert inside is not None and inside.text == "Chad"
