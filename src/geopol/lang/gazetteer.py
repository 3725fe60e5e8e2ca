"""Arabic and Spanish actor tables: surfaces indexed by their first normalized word.

Data (``geopol/data/lang/``):

- ``states_<lang>.tsv``: state names generated from pycountry's catalogues (build_states.py);
- ``actors_<lang>.tsv``: hand-written names, demonyms, capitals, organisations, groups;
- ``sectors_<lang>.tsv``: nouns of bodies and groups ("ejército", "الشرطة");
- ``extra_actors.tsv``: the few actors the English gazetteer lacks, registered with
  ``geopol.actors.registry`` so ``get_actor`` returns them in every language.

Every surface maps to an id of the English gazetteer, so a mention of تركيا, Turquía and
Turkey all resolve to ``TUR``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from geopol.lang.text import ARTICLE, Language, normal_words
from geopol.records import Actor

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "lang"

# The more specific reading wins when two entries cover the same words.
KIND_PRIORITY = {
    "blocker": 0,
    "name": 1,
    "alias": 2,
    "seat": 3,
    "capital": 4,
    "plural": 5,
    "demonym": 6,
    "demonym_plural": 7,
    "sector": 8,
}


@dataclass(slots=True, frozen=True)
class Entry:
    """One way of writing an actor (or a sector noun) in one language."""

    actor_id: str  # "-" for blockers and sector nouns
    kind: str  # a key of KIND_PRIORITY
    words: tuple[str, ...]  # normal forms of the words
    sector: str = ""
    case_sensitive: bool = False  # acronyms match only as written
    target: str = ""  # sector nouns: state | population | rebels | opposition
    alone: bool = True  # sector nouns: an actor mention without a state


@dataclass(slots=True)
class LangGazetteer:
    language: Language
    by_first: dict[str, list[Entry]] = field(default_factory=dict)
    max_words: int = 1

    def add(self, entry: Entry) -> None:
        if not entry.words:
            return
        bucket = self.by_first.setdefault(entry.words[0], [])
        if entry not in bucket:
            bucket.append(entry)
        self.max_words = max(self.max_words, len(entry.words))

    def entries(self, first: str) -> list[Entry]:
        return self.by_first.get(first, [])


def _rows(name: str) -> list[dict[str, str]]:
    path = DATA_DIR / name
    lines = [
        ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")
    ]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


# ------------------------------------------------------------------- inflection of demonyms


def spanish_demonym_forms(base: str) -> tuple[list[str], list[str]]:
    """(singular forms, plural forms) of a folded Spanish demonym: turco -> turca, turcos."""
    if base.endswith("o"):
        stem = base[:-1]
        return [base, stem + "a"], [stem + "os", stem + "as"]
    if base.endswith(("i", "u")):
        return [base], [base + "es", base + "s"]
    if base.endswith(("e", "a")):
        return [base], [base + "s"]
    if base.endswith("z"):
        return [base, base + "a"], [base[:-1] + "ces", base + "as"]
    return [base, base + "a"], [base + "es", base + "as"]


_ARABIC_SINGULAR_ENDINGS = ("", "ه", "ا")
_ARABIC_PLURAL_ENDINGS = ("ون", "ين", "ان", "تان", "تين", "ات")


def arabic_nisba_forms(
    words: tuple[str, ...],
) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """(singular, plural) forms of a nisba adjective, each with and without the article.

    عراقي -> عراقي، عراقيه، العراقي ... / عراقيون، عراقيين، العراقيين ... Every word of a
    two-word adjective (كوري جنوبي) takes the same ending.
    """

    def inflect(ending: str) -> list[tuple[str, ...]]:
        plain = tuple(w + ending for w in words)
        return [plain, tuple(ARTICLE + w for w in plain)]

    singular = [f for e in _ARABIC_SINGULAR_ENDINGS for f in inflect(e)]
    plural = [f for e in _ARABIC_PLURAL_ENDINGS for f in inflect(e)]
    return singular, plural


def _with_and_without_article(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    first = words[0]
    if first.startswith(ARTICLE) and len(first) > 4:
        return [words, (first[2:], *words[1:])]
    return [words, (ARTICLE + first, *words[1:])]


# ------------------------------------------------------------------------------ loading


def _is_acronym(form: str) -> bool:
    return not any(ch.islower() for ch in form) and any(ch.isalpha() for ch in form)


def _add_surface(gaz: LangGazetteer, actor_id: str, kind: str, sector: str, form: str) -> None:
    language = gaz.language
    words = normal_words(form, language)
    if not words:
        return
    case_sensitive = language == "es" and _is_acronym(form)
    if kind == "demonym":
        if language == "es":
            singular, plural = (
                spanish_demonym_forms(words[0]) if len(words) == 1 else ([words[0]], [])
            )
            singular_forms: list[tuple[str, ...]] = [(w,) for w in singular]
            plural_forms: list[tuple[str, ...]] = [(w,) for w in plural]
        else:
            singular_forms, plural_forms = arabic_nisba_forms(words)
        for f in singular_forms:
            gaz.add(Entry(actor_id, "demonym", f, sector))
        for f in plural_forms:
            gaz.add(Entry(actor_id, "demonym_plural", f, sector))
        return
    gaz.add(Entry(actor_id, kind, words, sector, case_sensitive))
    if language == "ar" and kind == "plural":
        for f in _with_and_without_article(words):
            gaz.add(Entry(actor_id, kind, f, sector))


def _load_sector_nouns(gaz: LangGazetteer) -> None:
    for row in _rows(f"sectors_{gaz.language}.tsv"):
        for form in row["noun"].split("|"):
            words = normal_words(form, gaz.language)
            variants = _with_and_without_article(words) if gaz.language == "ar" else [words]
            for w in variants:
                gaz.add(Entry("-", "sector", w, row["sector"], target=row["target"],
                              alone=row["alone"] == "yes"))  # fmt: skip


@lru_cache(maxsize=2)
def load_gazetteer(language: Language) -> LangGazetteer:
    """The actor table of one language (built once per process)."""
    register_extra_actors()
    gaz = LangGazetteer(language)
    for table in (f"states_{language}.tsv", f"actors_{language}.tsv"):
        for row in _rows(table):
            for form in row["forms"].split("|"):
                if form.strip():
                    _add_surface(gaz, row["id"], row["kind"], row.get("sector") or "", form.strip())
    _load_sector_nouns(gaz)
    return gaz


@lru_cache(maxsize=1)
def extra_actors() -> tuple[Actor, ...]:
    return tuple(
        Actor(
            id=row["id"],
            name=row["name"],
            type=row["type"],  # type: ignore[arg-type]
            country=row["country"] or None,
            cameo=row["cameo"] or None,
            plover_type=row["plover"] or None,
        )
        for row in _rows("extra_actors.tsv")
    )


@lru_cache(maxsize=1)
def register_extra_actors() -> int:
    """Make the actors only these tables define known to ``geopol.actors.get_actor``."""
    from geopol.actors.registry import get_actor, register_actor

    added = 0
    for actor in extra_actors():
        if get_actor(actor.id) is None:
            register_actor(actor)
            added += 1
    return added
