"""Source and target from a dependency parse, for the sentences where word order misleads.

The shallow rules in ``roles`` take the nearest actor before a trigger as its source and the
first after it as its target. That fails where the nearest actor is not the subject
("Pakistan, a key U.S. ally, refused ..."), where a clause shares its subject with another
("police opened fire to disperse the crowd, killing two"), or where the object sits behind
a prepositional phrase. A dependency parse (spaCy's small English model, parser
only) reads those directly. It costs a few milliseconds a sentence, so the coder parses only
sentences whose roles word order leaves open (``coder.roles_ambiguous``), in batches.

The parse only ever picks among the actor mentions the actor stage found; where it finds
no mention in a role, the shallow rule's answer stands.
"""

from __future__ import annotations

import contextlib
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from geopol.events.roles import Span
from geopol.events.tokens import Token

# Dependency labels (spaCy's English scheme, ClearNLP style).
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
_OBJECTS = frozenset({"dobj", "dative", "iobj", "attr", "oprd"})
# A clause without its own subject takes the subject of the clause it hangs from:
# "refused to send" (xcomp), "met X and signed" (conj), "opened fire, killing" (advcl).
_SHARES_SUBJECT = frozenset({"xcomp", "conj", "advcl", "pcomp"})
# Prepositions whose object is the target of an act: "fired on", "sanctions against".
_TARGET_PREPOSITIONS = frozenset(
    {"against", "on", "upon", "with", "to", "toward", "towards", "into", "at", "over", "of"}
)
_LOCATIVE_PREPOSITIONS = frozenset(
    {"in", "at", "near", "inside", "outside", "across", "throughout", "around", "within"}
)
# A verb trigger the parser attaches as a noun ("the attack", "their talks") is one.
_NOUN_DEPENDENCIES = frozenset(
    {"nsubj", "nsubjpass", "dobj", "pobj", "compound", "poss", "attr", "appos", "npadvmod"}
)
_MAX_CLIMB = 4


# The parser does not read the tagger's output: without it, the same parse in 2/3 the time.
EXCLUDED_COMPONENTS = ("ner", "lemmatizer", "attribute_ruler", "senter", "tagger")


@lru_cache(maxsize=1)
def role_parser() -> Any | None:
    """spaCy's English pipeline with the parser only; None when it is not installed
    or ``GEOPOL_EVENT_PARSE=0`` turns it off (the shallow rules then work alone)."""
    from geopol.settings import get_settings

    if not get_settings().event_parse:
        return None
    try:
        import spacy

        nlp = spacy.load(get_settings().spacy_model, exclude=list(EXCLUDED_COMPONENTS))
    except (ImportError, OSError):
        return None
    use_numpy_matmul(nlp)
    return nlp


def use_numpy_matmul(nlp: Any) -> None:
    """Have the pipeline's layers multiply matrices with numpy (OpenBLAS) instead of
    thinc's bundled BLIS.

    The matrix products of the token-to-vector layers are most of a parse. numpy's
    OpenBLAS does them in ~60% of BLIS's CPU time on this machine's x86-64 cores, and
    the parses come out the same (heads and labels of all 2,214 English benchmark
    sentences, at batch sizes 7 and 64). `thinc`'s own switch does it: `NumpyOps`
    with `use_blis=False` hands `gemm` to numpy. `parse_texts` holds OpenBLAS to one
    thread while it parses.
    """
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None:
            for layer in model.walk():
                layer.ops = ops


@lru_cache(maxsize=1)
def _blas_controller() -> Any | None:
    try:
        from threadpoolctl import ThreadpoolController  # a declared dependency
    except ImportError:
        return None
    return ThreadpoolController()


def one_blas_thread() -> contextlib.AbstractContextManager[Any]:
    """A block in which numpy's BLAS runs on the calling thread alone.

    Its default, a thread per core, spends more CPU on the small products of a parse than
    one thread does, and takes the core of the other worker in a Dask cluster. (A
    `ThreadpoolController` made once: building one scans the loaded libraries, ~2 ms.)
    """
    controller = _blas_controller()
    if controller is None:
        return contextlib.nullcontext()
    return controller.limit(limits=1, user_api="blas")


# The parse settles roles inside one sentence. A longer text is no sentence (the segmenter
# cuts at 1,500 characters), and walking its tree grows faster than its length (minutes
# for a `geopol code` line of 40,000 names), so it keeps the shallow rules' answer.
MAX_PARSE_CHARS = 5000


def parse_texts(texts: Sequence[str], batch_size: int = 64) -> list[Any | None]:
    """Parses of many texts at once (spaCy's pipe); Nones when no parser is available
    and for texts over ``MAX_PARSE_CHARS``."""
    nlp = role_parser()
    if nlp is None or not texts:
        return [None] * len(texts)
    fits = [len(text) <= MAX_PARSE_CHARS for text in texts]
    with one_blas_thread():
        docs = list(
            nlp.pipe([t for t, ok in zip(texts, fits, strict=True) if ok], batch_size=batch_size)
        )
    parsed = iter(docs)
    return [next(parsed) if ok else None for ok in fits]


def parse_text(text: str) -> Any | None:
    return parse_texts([text])[0]


class ParsedRoles:
    """The mentions of one sentence laid over its parse."""

    def __init__(self, doc: Any, tokens: list[Token], spans: list[Span]) -> None:
        self.doc = doc
        self._owner: dict[int, Span] = {}
        from spacy.attrs import IDX, LENGTH  # spaCy is there: it made the doc

        # offsets from the Doc's arrays: iterating the Doc makes a Token object per word
        offsets = doc.to_array([IDX, LENGTH])
        starts: list[int] = offsets[:, 0].tolist()
        ends: list[int] = (offsets[:, 0] + offsets[:, 1]).tolist()
        # Each mention claims the words it overlaps, found by bisection (a scan of every
        # mention for every word was quadratic on sentences with thousands of names);
        # the mentions go last to first so that the first one listed owns a shared word.
        for span in reversed(spans):
            m_start, m_end = tokens[span.first].start, tokens[span.last].end
            for i in range(bisect_right(ends, m_start), bisect_left(starts, m_end)):
                self._owner[i] = span
        self._at: dict[int, int] = {start: i for i, start in enumerate(starts)}

    def word_at(self, char: int) -> Any | None:
        at = self._at.get(char)
        if at is not None:
            return self.doc[at]
        for candidate in self.doc:  # our tokenizer split differently: the covering word
            if candidate.idx <= char < candidate.idx + len(candidate.text):
                return candidate
        return None

    def mention_of(self, word: Any, *, target: bool = False) -> Span | None:
        """The mention at a word, or else the one nearest to it in the phrase it heads,
        leaving out clauses and appositions inside the phrase ("Somalia's al-Shabaab
        fighters" -> al-Shabaab). For a target, a place inside the phrase counts only
        when there is nothing else ("the demands of protesters in Nepal")."""
        span = self._owner.get(word.i)
        if span is not None:
            return span
        inner = sorted(word.subtree, key=lambda w: (abs(w.i - word.i), w.i))
        place = None
        for candidate in inner:
            span = self._owner.get(candidate.i)
            if span is None or _under_clause(candidate, word):
                continue
            if target and _under_clause(candidate, word, places=True):
                place = place or span
                continue
            return span
        return place

    def roles(self, char: int, *, nominal: bool) -> tuple[Span | None, Span | None]:
        """(source, target) of the trigger whose head word starts at ``char``."""
        word = self.word_at(char)
        if word is None:
            return None, None
        if nominal or word.dep_ in _NOUN_DEPENDENCIES:
            return self._nominal_roles(word)
        return self._verbal_roles(word)

    def _verbal_roles(self, verb: Any) -> tuple[Span | None, Span | None]:
        subject, passive = _subject(verb)
        agent = _agent(verb)
        if passive:
            source = self.mention_of(agent) if agent is not None else None
            target = self.mention_of(subject, target=True) if subject is not None else None
            return source, target
        source = self.mention_of(subject) if subject is not None else None
        target = None
        for child in verb.children:
            if child.dep_ in _OBJECTS:
                target = self.mention_of(child, target=True)
                if target is not None:
                    break
        if target is None:
            target = self._prepositional_target(verb)
        if target is source:
            target = None
        return source, target

    def _nominal_roles(self, noun: Any) -> tuple[Span | None, Span | None]:
        source = None
        for child in noun.children:
            if child.dep_ in ("poss", "amod", "compound", "nmod") and child.i < noun.i:
                source = self.mention_of(child)
                if source is not None:
                    break
        if source is None:
            for child in noun.children:
                if child.dep_ == "prep" and child.lower_ == "by":
                    source = self._object_of(child)
        target = self._prepositional_target(noun, exclude=source)
        if noun.dep_ == "dobj" and source is None:
            # "Obama gave Putin a stern warning": the giver warns, the receiver is warned
            verb = noun.head
            subject, passive = _subject(verb)
            if subject is not None and not passive:
                source = self.mention_of(subject)
            if target is None:
                for child in verb.children:
                    if child.dep_ in ("dative", "iobj"):
                        target = self.mention_of(child, target=True) or self._object_of(
                            child, target=True
                        )
        return source, target

    def _prepositional_target(self, head: Any, exclude: Span | None = None) -> Span | None:
        for child in head.children:
            if child.dep_ in ("prep", "dative") and child.lower_ in _TARGET_PREPOSITIONS:
                found = self._object_of(child, target=True)
                if found is not None and found is not exclude:
                    return found
        return None

    def _object_of(self, preposition: Any, *, target: bool = False) -> Span | None:
        for child in preposition.children:
            if child.dep_ == "pobj":
                return self.mention_of(child, target=target)
        return None


def _under_clause(word: Any, top: Any, *, places: bool = False) -> bool:
    """Whether ``word`` sits in a clause or apposition (with ``places``, also a locative
    phrase) inside the phrase headed by ``top``."""
    node = word
    while node.i != top.i and node.head.i != node.i:  # spaCy makes a new Token per access
        if node.dep_ in ("relcl", "acl", "appos", "advcl", "ccomp"):
            return True
        if places and node.dep_ == "prep" and node.lower_ in _LOCATIVE_PREPOSITIONS:
            return True
        node = node.head
    return False


def _subject(verb: Any) -> tuple[Any | None, bool]:
    """(subject word, whether the clause is passive), climbing to the governing clause
    when this one has no subject of its own."""
    node = verb
    for _ in range(_MAX_CLIMB):
        passive = any(c.dep_ == "auxpass" for c in node.children)
        for child in node.children:
            if child.dep_ in _SUBJECTS:
                return child, passive or child.dep_.endswith("pass")
        if node.dep_ in _SHARES_SUBJECT and node.head.i != node.i:
            node = node.head
            continue
        if node.dep_ == "relcl" and node.head.i != node.i:
            return node.head, passive  # "the troops who attacked": the noun is the subject
        break
    return None, False


def _agent(verb: Any) -> Any | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None
