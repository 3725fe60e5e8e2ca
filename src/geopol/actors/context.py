"""Small context rules that decide what a surface means where it stands.

They look at a few words around a hit, never at a parse, so they cost microseconds:

- a capital or seat of government is a *place* after a locative word ("a bomb in Baghdad",
  "flew to Ankara") and the *government* otherwise ("Baghdad rejected ...");
- a state name that is also a given name or surname ("Jordan", "Chad") is not the state
  inside a person's name ("Michael Jordan");
- "Georgia" is the US state when the sentence says so (Atlanta, "the state of Georgia").
"""

from __future__ import annotations

import re

_LOCATIVE_WORDS = frozenset(
    {
        "in", "at", "near", "outside", "inside", "into", "around", "across", "throughout",
        "through", "via", "within", "downtown", "over", "onto", "beyond", "nearby", "capital",
        "entered", "enter", "entering", "stormed", "storming", "took", "taking", "reached",
        "reaching", "encircled", "surrounded", "shelling", "attacking", "attacked", "liberated",
        "central", "northern", "southern", "eastern", "western", "greater", "bombing", "bombed",
        "shelled", "struck", "hit", "targeted", "besieged", "captured", "seized", "streets",
    }
)  # fmt: skip
# "the authorities in Kabul", "the government in Tripoli": the capital names who rules there.
_RULERS_BEFORE_IN = frozenset(
    {"authorities", "government", "regime", "leadership", "rulers", "junta", "administration",
     "leaders", "officials", "establishment"}
)  # fmt: skip
# "to"/"from" mark a place only after a word of movement ("flew to Ankara"); after other
# words they address the government ("a message to Baghdad").
_MOTION_WORDS = frozenset(
    {
        "flew", "fly", "flying", "flown", "travel", "travelled", "traveled", "travelling",
        "traveling", "went", "go", "going", "gone", "came", "come", "coming", "arrived",
        "arrive", "arriving", "returned", "return", "returning", "trip", "trips", "visit",
        "visits", "journey", "flight", "flights", "road", "route", "way", "moved", "move",
        "moving", "headed", "heading", "drove", "driven", "deported", "fled", "fleeing",
        "expelled", "evacuated", "sent", "transferred", "miles", "kilometres", "kilometers",
        "km", "north", "south", "east", "west", "northeast", "northwest", "southeast",
        "southwest", "back", "relocated", "marched", "convoy", "troops", "forces", "soldiers",
        "reinforcements", "peacekeepers", "refugees", "migrants",
    }
)  # fmt: skip
_PLACE_NOUNS_AFTER = frozenset(
    {
        "province", "governorate", "airport", "city", "streets", "street", "district",
        "neighbourhood", "neighborhood", "suburb", "suburbs", "outskirts", "residents",
        "resident", "hotel", "university", "governor", "municipality", "metropolitan",
        "area", "region", "countryside", "subway", "metro", "port", "prison", "hospital",
        "stock", "bourse", "marathon", "museum", "zoo", "skyline", "office", "offices",
        "bureau", "correspondent", "mayor", "police",
    }
)  # fmt: skip
_PLACE_NOUNS_BEFORE_OF = frozenset(
    {
        "control", "outskirts", "streets", "centre", "center", "heart", "siege", "fall",
        "capture", "battle", "residents", "people", "city", "suburbs", "parts", "part",
        "north", "south", "east", "west", "mayor", "governor", "province", "outside",
        "inhabitants", "districts", "neighbourhoods", "neighborhoods", "occupation",
    }
)  # fmt: skip
# Nouns after a city that make it part of a name ("Vienna Convention", "Minsk agreements",
# "Jeddah process", "Astana format"): neither the government nor an actor.
_NAMED_AFTER = frozenset(
    {
        "convention", "conventions", "agreement", "agreements", "accord", "accords", "process",
        "declaration", "protocol", "protocols", "format", "document", "principles", "group",
        "club", "summit", "consensus", "formula", "plan", "initiative", "treaty", "pact",
        "communique", "communiqué", "charter", "memorandum", "framework", "talks", "rules",
        "statute", "platform", "dialogue", "conference", "forum", "peace", "deal", "track",
    }
)  # fmt: skip
# Of those, the ones that may also be verbs or plain nouns after a government ("Tehran talks
# with Riyadh"): a name only when capitalised.
_VERB_LIKE_NAMED = frozenset(
    {"talks", "plan", "deal", "group", "club", "peace", "rules", "track", "forum", "framework",
     "platform", "dialogue", "charter", "statute"}
)  # fmt: skip
# A date or a number right before a capital: the preposition before it governs the date
# ("In 2019 Ankara signed ...", "On 3 May Kyiv said ...").
_DATE_BEFORE = re.compile(r"\d\s*,?\s*$")
# Words after which a capital reads as its government ("between Ankara and Baghdad").
_GOVERNMENT_CUES_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(?:has|have|had|is|was|were|will|would|wants|wanted|should|must|can|could|"
    r"may|might|says|said|say|insists|insisted|denied|denies|rejected|rejects|accused|"
    r"accuses|warned|warns|condemned|condemns|welcomed|welcomes|demanded|demands|"
    r"called|calls|urged|urges|announced|announces|agreed|agrees|refused|refuses|"
    r"responded|responds|sees|saw|views|viewed|blamed|blames|hopes|hoped|signed|signs|"
    r"approved|approves|backed|backs|supports|supported|opposes|opposed|threatened|"
    r"threatens|recalled|recalls|summoned|summons|expelled|imposed|imposes|launched|"
    r"launches|sent|sends|seeks|sought|did|does|declined|declines|protested|"
    r"criticised|criticized|criticises|criticizes|and\b|or\b)",
    re.IGNORECASE,
)
_GOVERNMENT_CUES_BEFORE = frozenset({"between", "with", "and", "by", "against", "on"})

_US_GEORGIA = re.compile(
    r"\b(?:Atlanta|Savannah|Augusta|Macon|Fulton County|state of Georgia|Georgia state|"
    r"U\.?S\.? state|US state|Peach State|Georgia (?:Gov\.|Governor|Republicans?|Democrats?|"
    r"voters|legislature|Senate|senator|primary|election officials))\b"
)

# State names that are also common given names or surnames.
PERSON_NAME_HOMONYMS = frozenset(
    {"Jordan", "Chad", "Georgia", "Israel", "India", "Kenya", "Tonga", "Guinea", "Cuba"}
)

_WORD = re.compile(r"[A-Za-z][\w'’.-]*")


def words_before(text: str, pos: int, n: int = 2) -> list[str]:
    """The ``n`` words before ``pos``, nearest last, lower-cased."""
    window = text[max(0, pos - 60) : pos]
    return [w.lower().rstrip(".'’") for w in _WORD.findall(window)][-n:]


def word_after(text: str, pos: int) -> str:
    match = _WORD.match(text[pos:].lstrip(" ,"))
    return match.group(0).lower().rstrip(".") if match else ""


def capital_is_place(text: str, start: int, end: int) -> bool:
    """True when a capital or seat at text[start:end] names a place, not a government."""
    before = words_before(text, start, 2)
    if before and before[-1] == "the":
        before = words_before(text, start - 4, 2)
    if _DATE_BEFORE.search(text[max(0, start - 12) : start]):
        before = []
    if before:
        last = before[-1]
        if last == "in" and len(before) > 1 and before[-2] in _RULERS_BEFORE_IN:
            return False  # "the authorities in Kabul": the government that sits there
        if last in _LOCATIVE_WORDS:
            return True
        motion = len(before) > 1 and before[-2] in _MOTION_WORDS
        if last in {"to", "from", "toward", "towards"} and motion:
            return True
        # "control of Kabul", "the streets of Kyiv": a place after "of" and a place noun.
        if last == "of" and len(before) > 1 and before[-2] in _PLACE_NOUNS_BEFORE_OF:
            return True
    rest = text[end:]
    if re.match(r"^\s*,?\s*(?:as\s+)?(?:the|its|a)\s+(?:\w+\s+)?capital\b", rest):
        return True
    following = word_after(text, end)
    if following in _NAMED_AFTER and text[end:].startswith(" "):
        capitalised = not text[end + 1].islower()
        if capitalised or following not in _VERB_LIKE_NAMED:
            return True  # "Vienna Convention", "the Minsk agreements": a name, not a government
    return following in _PLACE_NOUNS_AFTER and not rest.startswith(("'s", "’s"))


def capital_confidence(text: str, start: int, end: int) -> float:
    """Confidence that a capital in government position really is the government."""
    if _GOVERNMENT_CUES_AFTER.match(text[end:]):
        return 0.85
    before = words_before(text, start, 1)
    if before and before[-1] in _GOVERNMENT_CUES_BEFORE:
        return 0.8
    return 0.6


def is_us_georgia(text: str) -> bool:
    return bool(_US_GEORGIA.search(text))


_NEXT_WORD = re.compile(r" ([A-Z][a-z]+)\b")
_PREV_WORD = re.compile(r"\b([A-Z][a-z]+) $")


def inside_person_name(
    text: str, start: int, end: int, known_starts: set[int], *, at_sentence_start: bool = False
) -> bool:
    """True for "Michael Jordan" / "Chad Smith": a capitalised word glued to the name.

    With ``at_sentence_start`` a capitalised first word of the sentence counts too (for
    surnames: "Hunter Biden testified" is not Joe Biden).
    """
    # Matched in place around the name, not on copies of all the text before and after
    # it: with thousands of names in one sentence the copies made this quadratic.
    next_word = _NEXT_WORD.match(text, end)
    if (
        next_word
        and (end + 1) not in known_starts
        and next_word.group(1).lower() not in _SENTENCE_WORDS
    ):
        return True
    prev_word = _PREV_WORD.search(text, max(0, start - 200), start)
    if prev_word and prev_word.start(1) not in known_starts:
        # A capitalised word that merely starts the sentence is not a given name.
        before_prev = text[: prev_word.start(1)].rstrip()
        mid_sentence = bool(before_prev) and before_prev[-1] not in ".!?:;\"'“"
        if mid_sentence or at_sentence_start:
            return prev_word.group(1).lower() not in _SENTENCE_WORDS
    return False


# Capitalised words that often precede a state name without being a given name.
_SENTENCE_WORDS = frozenset(
    {
        "the", "and", "but", "in", "on", "at", "for", "from", "with", "to", "of", "by", "as",
        "while", "when", "after", "before", "since", "if", "neighbouring", "neighboring",
        "king", "queen", "president", "minister", "north", "south", "east", "west", "central",
        "kingdom", "republic", "state", "visit", "visits", "both", "said", "says", "told",
        "prime", "foreign", "defence", "defense", "interior", "army", "military", "government",
        "parliament", "police", "crown", "emir", "sultan", "supreme", "officials", "forces",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "today", "tomorrow", "yesterday",
        "secretary", "chancellor", "premier", "general", "senator", "governor", "ambassador",
        "envoy", "leader", "chief", "spokesman", "spokeswoman", "sheikh", "ayatollah", "mr",
        "mrs", "ms", "dr", "sir", "lord", "lady", "pope", "commander", "colonel", "admiral",
        "marshal", "mullah", "imam", "cleric", "dictator", "strongman", "rival", "opponent",
        "former", "late", "deputy", "vice", "acting", "elect", "incumbent", "candidate",
        "meanwhile", "however", "also", "later", "earlier", "then", "now", "so", "yet",
        "still", "instead", "thus", "although", "though", "because", "neighbour", "neighbor",
    }
)  # fmt: skip
