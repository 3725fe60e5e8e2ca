"""Find lexicon patterns in a token stream and keep the best non-overlapping ones."""

from __future__ import annotations

from dataclasses import dataclass

from geopol.events.lexicon import GAP, MAX_GAP, FormTag, Lexicon, Pattern
from geopol.events.tokens import DAY_WORDS, DETERMINERS, PREPOSITIONS, Token

# A gap may not run over these (it would leave the clause).
_GAP_STOPS = frozenset({";", ":", ".", "!", "?", "(", ")", '"', "“", "”"})


# At equal length a blocker beats a verb, a verb a noun, a noun a weak noun: "reduced the
# humanitarian aid" is a reduction of aid, not a mention of aid.
_KIND_RANK = {"x": 0, "v": 1, "n": 2, "w": 3}


@dataclass(slots=True)
class Match:
    pattern: Pattern
    positions: tuple[int, ...]  # token index of every literal slot, in order
    head_tag: FormTag | None

    @property
    def head(self) -> int:
        return self.positions[0]

    @property
    def first_end(self) -> int:
        """Index just after the contiguous literal run that starts at the head."""
        end = self.positions[0] + 1
        for position in self.positions[1:]:
            if position != end:
                break
            end += 1
        return end

    @property
    def last(self) -> int:
        return self.positions[-1]


def _match_from(
    tokens: list[Token],
    slots: tuple[frozenset[str] | None, ...],
    slot: int,
    at: int,
    free: frozenset[int],
) -> list[int] | None:
    """Positions of the literal slots from ``slot`` on, matching from token ``at``; or None.

    A gap spans up to MAX_GAP tokens; tokens in ``free`` (the inner words of an actor name)
    cost nothing, so "accepted Turkish President Recep Tayyip Erdogan's invitation" fits.
    """
    if slot == len(slots):
        return []
    forms = slots[slot]
    if forms is GAP:
        following = slots[slot + 1]  # a gap is always followed by a literal slot
        assert following is not None
        position, cost = at, 0
        while position < len(tokens) and cost <= MAX_GAP:
            if position > at and tokens[position - 1].lower in _GAP_STOPS:
                return None
            if tokens[position].lower in following:  # only then is trying worth a call
                rest = _match_from(tokens, slots, slot + 1, position, free)
                if rest is not None:
                    return rest
            if position not in free:
                cost += 1
            position += 1
        return None
    if slot > 0 and at < len(tokens) and tokens[at].lower in _INNER_WORDS:
        at += 1  # "called Thursday on": the day sits inside the phrase
    if at >= len(tokens) or tokens[at].lower not in forms:
        return None
    rest = _match_from(tokens, slots, slot + 1, at + 1, free)
    return None if rest is None else [at, *rest]


# Words that open a noun phrase: after an "-ing" form they make it a verb with an object.
_OBJECT_OPENERS = frozenset(
    {"the", "a", "an", "its", "their", "his", "her", "our", "all", "any", "some", "more"}
)

# Wire style puts the day or an adverb between a verb and its particle ("called Thursday
# on", "objected strongly to"): inside a phrase these words are skipped.
_INNER_WORDS = (
    frozenset(
        {
            "strongly",
            "sharply",
            "firmly",
            "vehemently",
            "formally",
            "officially",
            "publicly",
            "repeatedly",
            "again",
            "immediately",
            "quickly",
            "also",
        }
    )
    | DAY_WORDS
)


# Participles that, before a noun, are adjectives far more often than verbs.
_ATTRIBUTIVE = frozenset({"alleged", "suspected", "purported", "presumed", "so-called"})


def _reads_as_noun(tokens: list[Token], index: int, tag: FormTag | None) -> bool:
    """A verb form used as a noun or adjective: "the attack", "in order", "the detained men",
    "Ousted President Akayev", "alleged war crimes"."""
    if tag is None:
        return False
    following = tokens[index + 1].text if index + 1 < len(tokens) else ""
    if tag == "ed" and following[:1].isalpha():
        # a participle opening the sentence has no subject to be the verb of
        if index == 0:
            return True
        if tokens[index].lower in _ATTRIBUTIVE and following.lower() not in ("that", "to", "by"):
            return True
    if index == 0:
        return False
    before = tokens[index - 1].lower
    if tag in ("base", "s"):
        return before in DETERMINERS or before in PREPOSITIONS
    # a gerund with its own object is a verb: "that lifting the sanctions is ..."
    if tag == "ing" and following.lower() in _OBJECT_OPENERS:
        return False
    return before in DETERMINERS


def _is_headline(tokens: list[Token]) -> bool:
    words = [t.text for t in tokens if t.text[:1].isalpha()]
    return len(words) > 3 and sum(w[0].isupper() for w in words) / len(words) > 0.6


def _inside_name(tokens: list[Token], index: int) -> bool:
    """ "National Day Rally", "the Peace Talks Committee": a capitalised word after another one
    in running text belongs to a name, not to an event."""
    if index == 0 or not tokens[index].text[:1].isupper():
        return False
    before = tokens[index - 1].text
    return before[:1].isupper() and before.isalpha()


def candidate_matches(
    tokens: list[Token], lexicon: Lexicon, free: frozenset[int] = frozenset()
) -> list[Match]:
    found = []
    headline = _is_headline(tokens)

    def has_noun(form: str) -> bool:
        """The word also starts a noun pattern, which takes over."""
        return any(p.kind == "n" for p in lexicon.by_first.get(form, ()))

    for index, token in enumerate(tokens):
        if not headline and _inside_name(tokens, index):
            continue
        for pattern in lexicon.by_first.get(token.lower, ()):
            tag = pattern.head_tag(token.lower) if pattern.head_tags else None
            if tag is not None and _reads_as_noun(tokens, index, tag):
                continue
            positions = _match_from(tokens, pattern.slots, 0, index, free)
            if positions is None:
                continue
            if tag in ("base", "s") and _bare_noun(tokens, positions) and has_noun(token.lower):
                continue
            found.append(Match(pattern, tuple(positions), tag))
    return found


# After a base or -s form, these make it a noun: "US drone attacks, occurring ...", "the
# protests in Lima", "talks on trade" (a verb in news prose takes its object first).
_NOUN_FOLLOWERS = frozenset(
    {",", ".", ";", ":", "on", "against", "of", "in", "at", "near", "during", "since", "by"}
)


# After these a base form is a verb.
_VERB_OPENERS = frozenset(
    {"to", "will", "would", "shall", "should", "can", "could", "may", "might"}
)


def _bare_noun(tokens: list[Token], positions: list[int]) -> bool:
    """A one-word verb pattern whose word is followed by a noun's companions (the caller
    checks that a noun pattern can take over)."""
    head = positions[0]
    if len(positions) > 1 or head + 1 >= len(tokens):
        return False
    if head > 0 and tokens[head - 1].lower in _VERB_OPENERS:
        return False  # "ready to strike at", "will attack on Monday": a verb after all
    return tokens[head + 1].lower in _NOUN_FOLLOWERS


def resolve_overlaps(matches: list[Match]) -> list[Match]:
    """Keep the most specific match where matches share a token (more literal words first)."""
    ranked = sorted(
        matches,
        key=lambda m: (
            -len(m.positions),
            _KIND_RANK[m.pattern.kind],
            m.last - m.head,
            m.head,
            m.pattern.order,
        ),
    )
    taken: set[int] = set()
    kept = []
    for match in ranked:
        if taken.isdisjoint(match.positions):
            kept.append(match)
            taken.update(match.positions)
    kept.sort(key=lambda m: m.head)
    return kept


def find_matches(
    tokens: list[Token], lexicon: Lexicon, free: frozenset[int] = frozenset()
) -> list[Match]:
    """The triggers of a sentence, left to right (blockers removed after they won)."""
    kept = resolve_overlaps(candidate_matches(tokens, lexicon, free))
    return [m for m in kept if m.pattern.kind != "x"]
