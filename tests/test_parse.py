"""The role parser's switch and the offsets it lays mentions over."""

from __future__ import annotations

import pytest

from geopol.events import coder, parse
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


def _roles(events):
    return [
        (e.code, e.source and e.source.mention.actor_id, e.target and e.target.mention.actor_id)
        for e in events
    ]


def test_one_prepared_reading_finishes_like_two_analyses(fresh_parser):
    # the nearest actor before the verb is an apposition, not its subject: a parse is due
    text = "Pakistan, an ally of Japan, expelled the envoy of India on Monday."
    placed = [
        (text.index(name), text.index(name) + len(name), _mention(name, text.index(name), code))
        for name, code in (("Pakistan", "PAK"), ("Japan", "JPN"), ("India", "IND"))
    ]
    analysis = coder.prepare(text, placed)
    assert analysis is not None
    shallow = coder.finish(analysis, require_actor=False)
    assert _roles(shallow) == _roles(coder.analyse(text, placed, require_actor=False))
    assert coder.roles_ambiguous(shallow)
    doc = parse.parse_text(text)
    if doc is None:
        pytest.skip("spaCy's English model is not installed")
    deep = coder.finish(analysis, parse=doc, require_actor=False)
    assert _roles(deep) == _roles(coder.analyse(text, placed, require_actor=False, parse=doc))
    assert not coder.roles_ambiguous(deep)  # a parsed sentence is settled
    assert deep and deep[0].source is not None and deep[0].source.mention.actor_id == "PAK"


def _tree(doc) -> list[tuple[int, str]]:
    return [(word.head.i, word.dep_) for word in doc]


def test_numpy_matmul_parses_as_blis_does(fresh_parser):
    nlp = parse.role_parser()
    if nlp is None:
        pytest.skip("spaCy's English model is not installed")
    import spacy

    texts = [
        "Pakistan, an ally of Japan, expelled the envoy of India on Monday.",
        "Police opened fire to disperse the crowd in the capital, killing two protesters.",
        "The minister said talks with the rebels would resume after the ceasefire collapsed.",
    ]
    from geopol.settings import get_settings

    blis = spacy.load(get_settings().spacy_model, exclude=list(parse.EXCLUDED_COMPONENTS))
    assert [_tree(d) for d in blis.pipe(texts)] == [_tree(d) for d in parse.parse_texts(texts)]
    assert all(not layer.ops.use_blis for _, pipe in nlp.pipeline for layer in pipe.model.walk())


def test_parsing_holds_blas_to_one_thread():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    with parse.one_blas_thread():
        inside = threadpoolctl.threadpool_info()
    # numpy's BLAS, the one thinc's products go to (a library loaded after the first
    # parse, such as scipy's own copy, is not held)
    numpy_blas = [lib for lib in inside if lib["user_api"] == "blas" and "numpy" in lib["filepath"]]
    assert numpy_blas and all(lib["num_threads"] == 1 for lib in numpy_blas)
