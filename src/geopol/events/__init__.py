"""Event coding: sentences + actor mentions -> CAMEO / PLOVER events.

One item::

    code_sentence(sentence, mentions)        # mentions from geopol.actors (raw offsets)
    code_text("Turkish jets struck PKK positions.")   # finds the actors itself
    has_event_cue(text)                      # cheap prefilter: can this hold an event?

Batch: ``code_sentences(pairs)`` over (sentence, mentions) pairs; ``code_document`` for a
whole document. Every event carries its CAMEO code, PLOVER type, QuadClass, Goldstein score,
polarity, modality (asserted / negated / hedged / predicted / conditional), source and
target mentions (``None`` = UNKNOWN: the text names no one), trigger and evidence spans in
the raw text, a confidence and the extractor name and version.
"""

from geopol.events.codes import PENTA_CLASSES, PLOVER_TYPES, cameo, penta_class, plover_type
from geopol.events.sentence import (
    EXTRACTOR,
    code_document,
    code_json_line,
    code_json_lines,
    code_sentence,
    code_sentences,
    code_text,
    event_to_code_json,
    has_event_cue,
)

__all__ = [
    "EXTRACTOR",
    "PENTA_CLASSES",
    "PLOVER_TYPES",
    "cameo",
    "code_document",
    "code_json_line",
    "code_json_lines",
    "code_sentence",
    "code_sentences",
    "code_text",
    "event_to_code_json",
    "has_event_cue",
    "penta_class",
    "plover_type",
]
