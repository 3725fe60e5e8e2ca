"""Actor mentions in Arabic and Spanish text, resolved to the ids of the English gazetteer.

The steps, each a small function:

1. ``find_matches``: longest match of the language's surfaces over the word tokens (Arabic
   tokens are read with and without their proclitics: وللعراق -> العراق);
2. sector nouns take the state or group named right after them: "el ejército colombiano"
   (COL, COLMIL), "la policía de Bogotá", "guerrilleros de las FARC" (FARC), "الجيش العراقي",
   "حكومة العراق", "مقاتلي حزب العمال الكردستاني";
3. everything else becomes a mention by kind: names and aliases, capitals used for their
   government (not "en Bagdad", "في بغداد"), demonyms, and sector nouns alone ("los
   manifestantes", "مسلحون"), which are UNKNOWN actors with the sector's CAMEO code.
"""

from __future__ import annotations

from dataclasses import dataclass

from geopol.actors.gazetteer import OPPOSITION_SUFFIX, POPULATION_SUFFIX, REBELS_SUFFIX
from geopol.actors.registry import get_actor
from geopol.lang.gazetteer import KIND_PRIORITY, Entry, LangGazetteer, load_gazetteer
from geopol.lang.text import Language, Token, arabic_stems, raw_offset, tokenize
from geopol.records import UNKNOWN_ACTOR_ID, Mention, Resolution

_SUFFIX = {
    "population": POPULATION_SUFFIX,
    "rebels": REBELS_SUFFIX,
    "opposition": OPPOSITION_SUFFIX,
}

# Words that may stand between a sector noun and its demonym ("la policía nacional
# colombiana", "القوات الخاصة العراقية").
_SKIPPABLE = {
    "es": frozenset(["nacional", "nacionales", "federal", "federales", "local", "locales", "regional", "regionales", "especial", "especiales", "militar", "militares", "armadas", "oficial", "oficiales"]),
    "ar": frozenset(["الخاصه", "الوطني", "الوطنيه", "الاتحاديه", "المحليه", "الحكوميه", "الرسمي", "الرسميه"]),
}  # fmt: skip
# Spanish linkers before the state or group a noun belongs to: "de", "del", "de la(s)".
_ES_OF = frozenset({"de", "del"})
_ES_ARTICLES = frozenset({"la", "las", "los", "el"})
# Prepositions that make a capital a place, not its government ("en Bagdad", "في بغداد").
_LOCATIVE = {
    "es": frozenset(["en", "a", "de", "desde", "hacia", "hasta", "cerca", "entre", "sobre", "por"]),
    "ar": frozenset(["في", "الى", "من", "قرب", "داخل", "خارج", "نحو", "عبر", "حتي"]),
}


@dataclass(slots=True)
class Match:
    first: int  # first token index
    last: int  # one past the last token
    entry: Entry
    start: int  # character offsets in the text (proclitics excluded)
    end: int


def _readings(token: Token, language: Language) -> tuple[tuple[int, str], ...]:
    return arabic_stems(token.norm) if language == "ar" else ((0, token.norm),)


def _case_ok(tokens: list[Token]) -> bool:
    """Acronyms match as written ("ONU", "FARC"), or capitalised when long ("Farc")."""
    return all(t.text.isupper() or (len(t.text) >= 4 and t.text[0].isupper()) for t in tokens)


def _match_at(tokens: list[Token], i: int, gaz: LangGazetteer) -> Match | None:
    best: Match | None = None
    best_key: tuple[int, int, int] | None = None
    for offset, stem in _readings(tokens[i], gaz.language):
        for entry in gaz.entries(stem):
            n = len(entry.words)
            if i + n > len(tokens):
                continue
            if any(tokens[i + k].norm != entry.words[k] for k in range(1, n)):
                continue
            if entry.case_sensitive and not _case_ok(tokens[i : i + n]):
                continue
            key = (n, -KIND_PRIORITY[entry.kind], -offset)
            if best_key is None or key > best_key:
                start = raw_offset(tokens[i], offset) if offset else tokens[i].start
                best, best_key = Match(i, i + n, entry, start, tokens[i + n - 1].end), key
    return best


def find_matches(tokens: list[Token], gaz: LangGazetteer) -> list[Match]:
    """Longest, left-to-right matches of the table's surfaces (blockers included)."""
    matches: list[Match] = []
    i = 0
    while i < len(tokens):
        match = _match_at(tokens, i, gaz)
        if match is None:
            i += 1
            continue
        matches.append(match)
        i = match.last
    return matches


# ------------------------------------------------------------------------ sector nouns


def _is_state(actor_id: str) -> bool:
    actor = get_actor(actor_id)
    return actor is not None and actor.type == "state"


def _owner_after(
    tokens: list[Token], matches: list[Match], k: int, language: Language
) -> Match | None:
    """The state or group a sector noun (``matches[k]``) belongs to, if named right after it."""
    if k + 1 >= len(matches):
        return None
    noun, nxt = matches[k], matches[k + 1]
    if nxt.entry.kind in ("blocker", "sector", "plural"):
        return None
    between = [t.norm for t in tokens[noun.last : nxt.first]]
    skippable = _SKIPPABLE[language]
    adjective = nxt.entry.kind in ("demonym", "demonym_plural")
    if adjective:
        return nxt if len(between) <= 2 and all(w in skippable for w in between) else None
    if language == "ar":
        # construct state: "حكومة العراق", "مقاتلي حزب العمال"; "عناصر من حزب الله"
        return nxt if not between or between == ["من"] else None
    if not between or between[0] not in _ES_OF:
        return None
    if len(between) <= 2 and all(w in _ES_OF or w in _ES_ARTICLES for w in between):
        return nxt  # "el gobierno de Colombia", "guerrilleros de las FARC"
    # "guerrilleros del Frente 13 de las FARC": a unit name, then the group
    is_group = not _is_state(nxt.entry.actor_id) and nxt.entry.kind in ("name", "alias")
    tail_ok = between[-1] in _ES_OF or (len(between) > 1 and between[-2] in _ES_OF)
    return nxt if is_group and len(between) <= 6 and tail_ok else None


@dataclass(slots=True)
class Draft:
    start: int
    end: int
    actor_id: str
    resolution: Resolution
    confidence: float
    sector: str = ""


def _sector_draft(noun: Match, owner: Match | None) -> Draft | None:
    entry = noun.entry
    if owner is None:
        if not entry.alone:
            return None
        return Draft(noun.start, noun.end, UNKNOWN_ACTOR_ID, "role", 0.5, entry.sector)
    owner_id = owner.entry.actor_id
    resolution: Resolution = "demonym" if owner.entry.kind.startswith("demonym") else "name"
    if not _is_state(owner_id):
        # a group or organisation: the noun only describes its members
        return Draft(noun.start, owner.end, owner_id, resolution, 0.85)
    suffix = _SUFFIX.get(entry.target, "")
    return Draft(noun.start, owner.end, owner_id + suffix, resolution, 0.85, entry.sector)


def _is_place(tokens: list[Token], match: Match, language: Language) -> bool:
    if language == "ar" and match.start > tokens[match.first].start:
        peeled = tokens[match.first].norm[: match.start - tokens[match.first].start]
        if peeled.endswith("ب") or peeled.endswith("في"):
            return True
    if match.first == 0:
        return False
    return tokens[match.first - 1].norm in _LOCATIVE[language]


def _plain_draft(tokens: list[Token], match: Match, language: Language) -> Draft | None:
    entry = match.entry
    kind = entry.kind
    if kind == "name":
        return Draft(match.start, match.end, entry.actor_id, "name", 0.95, entry.sector)
    if kind == "alias":
        return Draft(match.start, match.end, entry.actor_id, "alias", 0.9, entry.sector)
    if kind in ("capital", "seat"):
        if kind == "capital" and _is_place(tokens, match, language):
            return None
        return Draft(match.start, match.end, entry.actor_id, "metonym", 0.7, entry.sector)
    if kind == "demonym":
        return Draft(match.start, match.end, entry.actor_id, "demonym", 0.6)
    if kind in ("demonym_plural", "plural"):
        actor_id = (
            entry.actor_id if not _is_state(entry.actor_id) else entry.actor_id + POPULATION_SUFFIX
        )
        return Draft(match.start, match.end, actor_id, "demonym", 0.8, "CVL")
    return None


def drafts_from_matches(
    tokens: list[Token], matches: list[Match], language: Language
) -> list[Draft]:
    drafts: list[Draft] = []
    consumed: set[int] = set()
    for k, match in enumerate(matches):
        if k in consumed or match.entry.kind == "blocker":
            continue
        if match.entry.kind == "sector":
            owner = _owner_after(tokens, matches, k, language)
            if owner is not None:
                consumed.add(k + 1)
            draft = _sector_draft(match, owner)
        else:
            draft = _plain_draft(tokens, match, language)
        if draft is not None:
            drafts.append(draft)
    return drafts


# ------------------------------------------------------------------------------- codes


def mention_codes(actor_id: str, sector: str) -> tuple[str | None, str | None]:
    """CAMEO actor code and PLOVER agent type, following the English gazetteer's rules."""
    if actor_id == UNKNOWN_ACTOR_ID:
        return (sector or "UAF"), (sector or "UAF")
    base, _, suffix = actor_id.rpartition("_")
    if f"_{suffix}" in _SUFFIX.values() and _is_state(base):
        return base + sector, sector
    actor = get_actor(actor_id)
    if actor is None:
        return None, None
    if actor.type == "state":
        return actor.id + sector, sector or "GOV"
    return actor.cameo, actor.plover_type


def to_mention(text: str, draft: Draft) -> Mention:
    cameo, plover = mention_codes(draft.actor_id, draft.sector)
    return Mention(
        actor_id=draft.actor_id,
        text=text[draft.start : draft.end],
        start=draft.start,
        end=draft.end,
        resolution=draft.resolution,
        cameo=cameo,
        clean_start=draft.start,
        clean_end=draft.end,
        confidence=draft.confidence,
        plover_type=plover,
    )


def mentions_in_text(text: str, language: Language) -> list[Mention]:
    """Actor mentions in an Arabic or Spanish ``text``; offsets index ``text``.

    The ids are those of the English gazetteer (العراق, Irak -> ``IRQ``); a noun of a
    body or group without a named owner ("los manifestantes") is ``UNKNOWN`` with the
    sector as its CAMEO code.
    """
    if language not in ("ar", "es"):
        raise ValueError(f"no actor tables for language {language!r} (have: ar, es)")
    gaz = load_gazetteer(language)
    tokens = tokenize(text, language)
    matches = find_matches(tokens, gaz)
    drafts = drafts_from_matches(tokens, matches, language)
    return [to_mention(text, d) for d in sorted(drafts, key=lambda d: (d.start, d.end))]
