"""Optional statistical NER for names the gazetteer lacks.

spaCy is slow next to the gazetteer (milliseconds per sentence), so this runs only when
asked (``ner=True``), e.g. on sentences that carry an event cue. Names it finds:

- close spellings of a gazetteer name ("Mohammad Shia Al-Soudani") resolve to that actor
  (rapidfuzz, a high cut-off, names of eight letters or more only);
- other persons and organisations become new actors with a deterministic upper-case id
  (``HAKAN_FIDAN``) and a type guessed from their words; they are never dropped;
- places (GPE/LOC) and nationalities (NORP) are left alone: they are not actors here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from geopol.actors.gazetteer import load_gazetteer
from geopol.actors.matcher import boundaries_ok, fold_accents
from geopol.actors.registry import actor_id_for, register_actor
from geopol.records import Actor, ActorType
from geopol.settings import get_settings

FUZZY_CUTOFF = 90.0
_MIN_FUZZY_LENGTH = 8

# Words that tell what kind of organisation an ORG entity is (checked in this order).
_ORG_TYPE_WORDS: tuple[tuple[ActorType, tuple[str, ...]], ...] = (
    ("non_state_armed_group", ("brigade", "brigades", "militia", "army of", "front", "battalion",
                               "mujahideen", "jihad", "liberation army", "rebels", "fighters")),
    ("party", ("party", "movement", "alliance", "bloc", "coalition", "congress")),
    ("security_agency", ("army", "forces", "guard", "police", "intelligence", "command",
                         "service", "corps", "navy", "air force")),
    ("government_body", ("ministry", "council", "commission", "agency", "authority",
                         "department", "parliament", "assembly", "court", "office", "senate")),
    ("company", ("company", "corporation", "corp", "inc", "ltd", "group", "bank", "holding",
                 "petroleum", "oil", "gas", "airlines", "plc", "llc")),
    ("ngo", ("foundation", "committee", "watch", "institute", "society", "association",
             "organisation", "organization", "network", "union")),
)  # fmt: skip


@dataclass(slots=True)
class NerHit:
    start: int
    end: int
    actor: Actor
    fuzzy: bool


@lru_cache(maxsize=1)
def _nlp() -> Any:
    import spacy  # imported here: loading spaCy costs time the gazetteer path never pays

    # Only the entity recogniser is needed: the parser and tagger would triple the cost.
    # The shared "tok2vec" goes too: the small model's NER embeds tokens with its own
    # internal tok2vec, so the shared one only fed the tagger and parser (same entities).
    disabled = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
    return spacy.load(get_settings().spacy_model, exclude=disabled)


@lru_cache(maxsize=1)
def _fuzzy_choices() -> dict[str, str]:
    """Long gazetteer names and aliases of persons and organisations -> actor id."""
    choices: dict[str, str] = {}
    for actor in load_gazetteer().actors.values():
        if actor.type == "state":
            continue
        for name in (actor.name, *actor.aliases):
            if len(name) >= _MIN_FUZZY_LENGTH and " " in name:
                choices.setdefault(fold_accents(name).lower(), actor.id)
    return choices


def _org_type(name: str) -> ActorType:
    lowered = f" {name.lower()} "
    for actor_type, words in _ORG_TYPE_WORDS:
        if any(f" {w} " in lowered for w in words):
            return actor_type
    return "organization"


def _strip_article(text: str, start: int, end: int) -> tuple[int, int]:
    span = text[start:end]
    if span.lower().startswith("the "):
        start += 4
    while end > start and text[end - 1] in ".,;:'’\"":
        end -= 1
    if text[start:end].endswith(("'s", "’s")):
        end -= 2
    return start, end


def ner_hits(text: str) -> list[NerHit]:
    """Persons and organisations in ``text`` as actors (gazetteer matches first)."""
    return _hits_in(text, _nlp()(text))


def ner_hits_batch(texts: Sequence[str], batch_size: int = 64) -> list[list[NerHit]]:
    """``ner_hits`` for many texts at once (spaCy's pipe is several times faster)."""
    docs = _nlp().pipe(texts, batch_size=batch_size)
    return [_hits_in(text, doc) for text, doc in zip(texts, docs, strict=True)]


# A name right after these words is a place the small model took for a person or an
# organisation ("in Niamey", "at Abqaiq").
_LOCATIVE = re.compile(r"\b(?:in|at|near|into|from|toward|towards|outside|across|of)\s+$", re.I)


def _hits_in(text: str, doc: Any) -> list[NerHit]:
    hits: list[NerHit] = []
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG"):
            continue
        start, end = _strip_article(text, ent.start_char, ent.end_char)
        name = text[start:end].strip()
        if len(name) < 2 or not any(ch.isupper() for ch in name):
            continue
        if not boundaries_ok(text, start, end):  # "UN-recognised", "pro-Assad"
            continue
        if " " not in name and _LOCATIVE.search(text[max(0, start - 12) : start]):
            continue
        hits.append(_hit_for(name, start, end, ent.label_))
    return hits


def _hit_for(name: str, start: int, end: int, label: str) -> NerHit:
    gaz = load_gazetteer()
    if len(name) >= _MIN_FUZZY_LENGTH:
        best = process.extractOne(
            fold_accents(name).lower(), _fuzzy_choices().keys(), scorer=fuzz.ratio,
            score_cutoff=FUZZY_CUTOFF,
        )  # fmt: skip
        if best is not None:
            return NerHit(start, end, gaz.actors[_fuzzy_choices()[best[0]]], fuzzy=True)
    actor_type: ActorType = "person" if label == "PERSON" else _org_type(name)
    actor = Actor(
        id=actor_id_for(name),
        name=name,
        type=actor_type,
        plover_type="ELI" if actor_type == "person" else None,
    )
    return NerHit(start, end, register_actor(actor), fuzzy=False)
