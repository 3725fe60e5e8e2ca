"""What the sentence classifiers read: normal text, stemmed words and the lexicon's verdict.

Three blocks, computed the same way when a model is trained (``lang/train.py``) and when the
coder runs (``lang/classifier.py``):

- ``model_text``: the sentence in the normal form of the lexicons (Arabic: no diacritics or
  tatweel, one alef, ى -> ي, ة -> ه; Spanish: lower case without accents), read as
  character n-grams;
- ``model_words``: its words with Arabic proclitics peeled (و ف ب ل ك and the article ال),
  so "والمتظاهرين" and "المتظاهرين" are one word, read as word uni- and bigrams;
- ``lexicon_features``: what the trigger lexicon found (a trigger of the type, whether it
  is negated, hedged or unreal, triggers of other types), so the classifier can weigh the
  hand-written evidence against the n-grams instead of being gated by it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from geopol.lang import codes
from geopol.lang.text import Language, arabic_stems, fold_latin, normalize_arabic, strip_article
from geopol.lang.text import tokenize as _tokenize

if TYPE_CHECKING:
    from geopol.lang.coder import Draft, SentenceView

# Modalities that count as the event having happened (as in ``evaluate.OCCURRED``).
_OCCURRED = frozenset({"asserted", "hedged"})
# Per PLOVER type, what the lexicon says of it in a sentence (Arabic detection models).
TYPE_FEATURES = ("typed", "occurred", "negated", "hedged", "unreal", "other_type")
NO_TYPE = "-"


def model_text(text: str, language: Language) -> str:
    """The normal form the character n-grams read."""
    if language == "ar":
        return normalize_arabic(text)
    return "".join(fold_latin(ch) for ch in text)


def _arabic_stem(norm: str) -> str:
    readings = arabic_stems(norm)
    # The last reading has the most proclitics peeled; then the article goes too.
    return strip_article(readings[-1][1]) if readings else norm


def model_words(text: str, language: Language) -> str:
    """The sentence's words, space-separated, as the word n-grams read them."""
    tokens = _tokenize(text, language)
    if language == "ar":
        return " ".join(_arabic_stem(t.norm) for t in tokens)
    return " ".join(t.norm for t in tokens)


def draft_type(draft: Draft) -> str:
    return draft.plover or codes.plover_type(draft.code)


def type_features(drafts: Iterable[Draft], plover: str) -> list[float]:
    """``TYPE_FEATURES`` of one PLOVER type over a sentence's drafts (0/1 each)."""
    values = dict.fromkeys(TYPE_FEATURES, 0.0)
    for draft in drafts:
        if draft_type(draft) != plover:
            values["other_type"] = 1.0
            continue
        values["typed"] = 1.0
        if draft.modality in _OCCURRED:
            values["occurred"] = 1.0
        if draft.modality == "negated":
            values["negated"] = 1.0
        elif draft.modality == "hedged":
            values["hedged"] = 1.0
        elif draft.modality not in _OCCURRED:
            values["unreal"] = 1.0
    return [values[name] for name in TYPE_FEATURES]


def main_type(drafts: Sequence[Draft]) -> str:
    """The type of the event the sentence is mainly about, as ``evaluate.primary`` ranks."""
    live = [d for d in drafts if d.modality != "negated"]
    ranked = sorted(live, key=lambda d: (draft_type(d) == "", -d.confidence, d.hit.head))
    return (draft_type(ranked[0]) or NO_TYPE) if ranked else NO_TYPE


def label_features(drafts: Sequence[Draft], labels: Sequence[str]) -> list[float]:
    """For each label: the lexicon's main event has that type; some live event has it.
    Then one flag for "the lexicon found no typed event" (Spanish PLOVER model)."""
    main = main_type(drafts)
    live = {draft_type(d) for d in drafts if d.modality != "negated"}
    values = [float(main == label) for label in labels]
    values += [float(label in live) for label in labels]
    values.append(float(main == NO_TYPE))
    return values


def label_feature_names(labels: Sequence[str]) -> list[str]:
    return [f"main:{x}" for x in labels] + [f"live:{x}" for x in labels] + ["main:-"]


# ------------------------------------------------------------ Spanish trigger context

TRIGGER_STEM = 6  # letters of a trigger word kept: "manifestaron" and "manifestantes" meet
CONTEXT_WINDOW = 3  # words either side of the main trigger


def context_features(view: SentenceView, drafts: Sequence[Draft]) -> set[str]:
    """Named 0/1 features of the lexicon's events in one sentence (Spanish PLOVER model).

    Per live event its CAMEO code, root and trigger stem; for the main event (as
    ``main_type`` ranks) also its modality, tense, the words around its trigger and the
    sectors of its source and target. So the model learns the data set's own type for
    each CAMEO code and trigger word ("huelga" is MOBILIZE there) instead of relying on
    our CAMEO->PLOVER table, and can tell apart the events of a multi-event sentence."""
    names = {"negated"} if any(d.modality == "negated" for d in drafts) else set()
    live = [d for d in drafts if d.modality != "negated"]
    if not live:
        return names | {"none"}
    for draft in live:
        names |= {f"code:{draft.code[:3]}", f"root:{draft.code[:2]}",
                  f"trig:{view.tokens[draft.hit.head].norm[:TRIGGER_STEM]}"}  # fmt: skip
    main = sorted(live, key=lambda d: (draft_type(d) == "", -d.confidence, d.hit.head))[0]
    names |= {f"mcode:{main.code[:3]}", f"mtrig:{view.tokens[main.hit.head].norm[:TRIGGER_STEM]}",
              f"mmod:{main.modality}", f"mtag:{main.hit.tag}", f"n:{min(len(live), 3)}"}  # fmt: skip
    first = max(0, main.hit.head - CONTEXT_WINDOW)
    for k in range(first, min(len(view.tokens), main.hit.last + CONTEXT_WINDOW + 1)):
        if not main.hit.head <= k <= main.hit.last:
            names.add(f"win:{view.tokens[k].norm}")
    for role, mention in (("src", main.source), ("tgt", main.target)):
        names.add(f"{role}:{(mention.cameo or '')[-3:]}" if mention is not None else f"{role}:-")
    return names


def named_block(names: set[str], feature_names: Sequence[str]) -> list[float]:
    """``names`` as a 0/1 row over ``feature_names`` (names not in the model are dropped)."""
    return [float(name in names) for name in feature_names]
