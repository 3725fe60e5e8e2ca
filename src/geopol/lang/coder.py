"""Event coding of Arabic and Spanish sentences: triggers, frames, modality, actors.

``code_sentence(sentence, mentions, language)`` returns the same ``Event`` records as the
English coder. The steps, each a small function:

1. ``find_triggers`` (lexicon.py) finds CAMEO-coded trigger patterns on the word tokens;
   triggers inside an actor's name ("Ejército de Liberación Nacional") are dropped;
2. ``_apply_frames``: a reporting verb gives way to the event it reports, a denial negates
   it, an appeal/demand/threat keeps its own code and takes the event as its content;
3. ``_modality``: negation ("no atacaron", "لم يهاجم"), condition, prediction (future tense,
   "va a", "سوف", س-), hedge ("presuntamente", "habría", "ربما");
4. ``_roles``: source and target from word order, prepositions and the passive;
5. ``_score``: an optional sentence classifier (classifier.py) confirms or vetoes the
   trigger's event type; its probability becomes part of the confidence.

Evidence is the sentence and the trigger, as exact spans of the original text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from geopol.lang import codes
from geopol.lang.gazetteer import DATA_DIR
from geopol.lang.lexicon import TriggerHit, find_triggers
from geopol.lang.mentions import mentions_in_text
from geopol.lang.text import (
    Language,
    Token,
    arabic_stems,
    clause_breaks,
    normalize,
    tokenize,
)
from geopol.records import Document, Event, Evidence, Mention, Modality, Sentence, content_id

EXTRACTOR = "geopol.lang/0.1"
CUE_WINDOW = 3  # words between a modality cue and its trigger
FRAME_WINDOW = 10  # words between a frame verb and the event it governs
ROLE_WINDOW = 15  # words an actor may stand from its trigger


@dataclass(frozen=True, slots=True)
class Cues:
    words: dict[str, frozenset[str]]

    def has(self, cue: str, word: str) -> bool:
        return word in self.words.get(cue, frozenset())


@lru_cache(maxsize=2)
def load_cues(language: Language) -> Cues:
    words: dict[str, frozenset[str]] = {}
    path = DATA_DIR / f"cues_{language}.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("cue\t"):
            continue
        cue, _, listed = line.partition("\t")
        words[cue] = frozenset(normalize(w, language) for w in listed.split("|") if w.strip())
    return Cues(words)


@dataclass(slots=True)
class Draft:
    """An event being built on one sentence (token indices and local offsets)."""

    hit: TriggerHit
    code: str
    negated_by_frame: bool = False
    modality: Modality = "asserted"
    source: Mention | None = None
    target: Mention | None = None
    confidence: float = 0.6
    plover: str | None = None  # set when a classifier retypes the event


@dataclass(slots=True)
class SentenceView:
    """A sentence as the rules see it: tokens, clause breaks, mentions in local offsets."""

    text: str
    language: Language
    tokens: list[Token]
    breaks: list[int]
    mentions: list[Mention]  # offsets local to ``text``
    mention_tokens: list[tuple[int, int]]  # [first, last) token index of each mention

    def words(self, i: int) -> tuple[str, ...]:
        """Readings of token ``i`` (Arabic: with proclitics peeled)."""
        token = self.tokens[i]
        if self.language == "ar":
            return tuple(stem for _, stem in arabic_stems(token.norm))
        return (token.norm,)

    def cue_at(self, cue: str, i: int) -> bool:
        cues = load_cues(self.language)
        return any(cues.has(cue, w) for w in self.words(i))


# ------------------------------------------------------------------------------ building


def _token_span(tokens: list[Token], start: int, end: int) -> tuple[int, int]:
    first = next((i for i, t in enumerate(tokens) if t.end > start), len(tokens))
    last = first
    while last < len(tokens) and tokens[last].start < end:
        last += 1
    return first, max(last, first + 1)


def sentence_view(text: str, language: Language, mentions: list[Mention]) -> SentenceView:
    tokens = tokenize(text, language)
    spans = [_token_span(tokens, m.start, m.end) for m in mentions]
    return SentenceView(text, language, tokens, clause_breaks(text, tokens), mentions, spans)


def _inside_mention(view: SentenceView, hit: TriggerHit) -> bool:
    """A trigger word that is part of an actor's name or of a group noun is no trigger."""
    for (first, last), mention in zip(view.mention_tokens, view.mentions, strict=True):
        if first <= hit.head < last and mention.resolution != "role":
            return True
    return False


# Spanish words before which a verb form is a noun: "una patrulla", "los detenidos".
_ES_DETERMINERS = frozenset(
    [
        "un",
        "una",
        "unos",
        "unas",
        "el",
        "del",
        "al",
        "este",
        "esta",
        "estos",
        "estas",
        "ese",
        "esa",
        "su",
        "sus",
    ]
)
_ES_ARTICLES = frozenset(["la", "las", "los", "lo"])


def _used_as_noun(view: SentenceView, hit: TriggerHit) -> bool:
    """A verb form after a determiner names a thing ("una patrulla", "los detenidos"), not
    an act. Not when the form is itself an event noun ("una protesta", "el bloqueo": the
    present-tense form the verb shares with its noun), nor for "al" + infinitive ("al
    rechazar el plan": a verb)."""
    if view.language != "es" or hit.pattern.kind != "v" or hit.head == 0:
        return False
    before = view.tokens[hit.head - 1].norm
    if hit.tag == "inf" and before == "al":
        return False
    if hit.tag == "pres" and _is_event_noun(view.tokens[hit.head].norm):
        return False
    return before in _ES_DETERMINERS or (before in _ES_ARTICLES and hit.tag == "part")


@lru_cache(maxsize=1)
def _event_nouns() -> frozenset[str]:
    """Single-word Spanish noun triggers ("protesta", "bloqueo", "marcha"), with plurals."""
    from geopol.lang.lexicon import load_lexicon

    words: set[str] = set()
    for pattern in load_lexicon("es").patterns:
        if pattern.kind != "v" and len(pattern.slots) == 1 and pattern.slots[0] is not None:
            words.update(pattern.slots[0])
    return frozenset(words)


def _is_event_noun(word: str) -> bool:
    return word in _event_nouns()


def _same_clause(view: SentenceView, a: int, b: int, *, soft: bool = True) -> bool:
    """No full stop (and, with ``soft``, no comma) between tokens ``a`` < ``b``."""
    limit = 1 if soft else 2
    return all(view.breaks[k] < limit for k in range(a + 1, b + 1))


def _apply_frames(view: SentenceView, hits: list[TriggerHit]) -> list[Draft]:
    drafts = [Draft(hit, hit.pattern.code) for hit in hits]
    dropped: set[int] = set()
    has_content_event = any(h.pattern.frame != "say" for h in hits)
    for i, draft in enumerate(drafts):
        frame = draft.hit.pattern.frame
        if frame == "-" or i in dropped:
            continue
        if frame == "say":
            if has_content_event:
                dropped.add(i)
            continue
        complement = next(
            (j for j in range(i + 1, len(drafts))
             if j not in dropped and drafts[j].hit.head - draft.hit.last <= FRAME_WINDOW
             and _same_clause(view, draft.hit.last, drafts[j].hit.head)
             and _can_be_content(view, drafts[j].hit)),
            None,
        )  # fmt: skip
        if complement is None:
            continue
        if frame == "deny":
            drafts[complement].negated_by_frame = True
            dropped.add(i)
        else:
            dropped.add(complement)  # the appeal/threat/demand keeps its code
    return [d for i, d in enumerate(drafts) if i not in dropped]


def _can_be_content(view: SentenceView, hit: TriggerHit) -> bool:
    """Only a noun or a non-finite verb is the content of a frame ("exigir la liberación",
    "amenazó con atacar", "هدد بشن هجوم"); a finite verb starts an event of its own."""
    if hit.pattern.kind != "v":
        return True
    if view.language == "es":
        return hit.tag in ("inf", "ger", "subj", "part", "word")
    return hit.tag == "pres"


def _merge_same_type(drafts: list[Draft]) -> list[Draft]:
    """One event per PLOVER type and sentence: "تظاهر ... احتجاجا", "marcharon en protesta".

    The first trigger stays; roles it lacks are taken from the later ones."""
    kept: list[Draft] = []
    for draft in drafts:
        kind = codes.plover_type(draft.code) or draft.code
        twin = next((k for k in kept if (codes.plover_type(k.code) or k.code) == kind
                     and k.modality == draft.modality), None)  # fmt: skip
        if twin is None:
            kept.append(draft)
            continue
        twin.source = twin.source or draft.source
        twin.target = twin.target or draft.target
    return kept


def _cue_before(view: SentenceView, cue: str, head: int, window: int = CUE_WINDOW) -> bool:
    """A ``cue`` word within ``window`` words before the trigger, with only skippable words,
    other cues or nothing between, in the same clause."""
    k = head - 1
    steps = 0
    while k >= 0 and steps < window + 2:
        if view.breaks[k + 1] >= 1:
            return False
        if view.cue_at(cue, k):
            return True
        if not (view.cue_at("skip", k) or view.cue_at("negation", k) or view.cue_at("hedge", k)):
            steps += 1
            if steps > window:
                return False
        k -= 1
    return False


def _arabic_future(view: SentenceView, head: int) -> bool:
    token = view.tokens[head]
    return any(
        off and token.norm[off - 1] == "س" for off, _ in arabic_stems(token.norm, future=True)
    )


def protest_context(view: SentenceView) -> bool:
    """Whether a word of the sentence places it in protest news (the ``protest`` cues)."""
    return any(view.cue_at("protest", i) for i in range(len(view.tokens)))


def _modality(view: SentenceView, draft: Draft) -> Modality:
    head = draft.hit.head
    if draft.negated_by_frame or _cue_before(view, "negation", head):
        return "negated"
    if _cue_before(view, "condition", head, window=8):
        return "conditional"
    future = draft.hit.tag == "fut" or (view.language == "ar" and _arabic_future(view, head))
    if future or _cue_before(view, "prediction", head):
        return "predicted"
    if draft.hit.tag == "cond" or _cue_before(view, "hedge", head):
        return "hedged"
    return "asserted"


# ----------------------------------------------------------------------------------- roles


def _before_word(view: SentenceView, mention_index: int) -> tuple[str, ...]:
    first = view.mention_tokens[mention_index][0]
    if view.language == "ar":
        m_start = view.mentions[mention_index].start
        token = view.tokens[first]
        if m_start > token.start:  # a proclitic preposition glued to the name: بـ، لـ
            peeled = token.norm[: m_start - token.start]
            if peeled.endswith(("ب", "ل", "ك")):
                return ("في",)
    return view.words(first - 1) if first > 0 else ()


def _preceded_by(view: SentenceView, mention_index: int, cue: str) -> bool:
    cues = load_cues(view.language)
    return any(cues.has(cue, w) for w in _before_word(view, mention_index))


def _candidates(view: SentenceView, hit: TriggerHit) -> tuple[list[int], list[int]]:
    """Mentions before and after the trigger, nearest first, within its clause."""
    before, after = [], []
    for i, (first, last) in enumerate(view.mention_tokens):
        if (
            last <= hit.head
            and hit.head - last <= ROLE_WINDOW
            and _same_clause(view, last - 1, hit.head, soft=False)
        ):
            before.append(i)
        elif (
            first > hit.last
            and first - hit.last <= ROLE_WINDOW
            and _same_clause(view, hit.last, first, soft=False)
        ):
            after.append(i)
    before.sort(key=lambda i: -view.mention_tokens[i][0])
    after.sort(key=lambda i: view.mention_tokens[i][0])
    return before, after


def _first(items: Iterable[int]) -> int | None:
    return next(iter(items), None)


def _is_passive(view: SentenceView, hit: TriggerHit) -> bool:
    if view.language != "es" or hit.tag != "part":
        return False
    return any(view.cue_at("passive", k) for k in range(max(0, hit.head - 2), hit.head))


def _agent_after(view: SentenceView, after: list[int]) -> int | None:
    return _first(i for i in after if _preceded_by(view, i, "agent"))


def _roles_spanish(view: SentenceView, hit: TriggerHit) -> tuple[int | None, int | None]:
    before, after = _candidates(view, hit)
    free_before = [i for i in before if not _preceded_by(view, i, "not_agent")]
    if _is_passive(view, hit):
        return _agent_after(view, after), _first(free_before)
    if hit.pattern.kind in ("n", "p"):
        first_after = _first(after)
        genitive = (
            first_after
            if first_after is not None and _preceded_by(view, first_after, "of")
            and view.mention_tokens[first_after][0] - hit.last <= 3
            else None
        )  # fmt: skip
        aimed = _first(i for i in after if _preceded_by(view, i, "target") and i != genitive)
        if hit.pattern.kind == "p":
            agent = _agent_after(view, after)
            return (agent if agent is not None else _first(free_before)), genitive
        source = genitive if genitive is not None else _first(free_before)
        return source, aimed
    source = _first(free_before)
    rest = [
        i
        for i in after
        if not _preceded_by(view, i, "not_agent") or _preceded_by(view, i, "target")
    ]
    if source is None:
        # a subject after its verb: "marcharon los estudiantes"
        source = _first(i for i in after if not _preceded_by(view, i, "not_agent"))
        rest = [i for i in rest if i != source]
    aimed = _first(i for i in rest if _preceded_by(view, i, "target"))
    target = (
        aimed
        if aimed is not None
        else _first(i for i in rest if not _preceded_by(view, i, "agent"))
    )
    return source, target


def _looks_like_victims(view: SentenceView, i: int) -> bool:
    """ "ثلاثة جنود", "مدنيين": counted people or civilians after a verb are its objects."""
    first = view.mention_tokens[i][0]
    sector = (view.mentions[i].cameo or "")[-3:]
    counted = first > 0 and (
        view.tokens[first - 1].norm.isdigit() or _is_number_word(view.tokens[first - 1].norm)
    )
    return counted or sector == "CVL"


@lru_cache(maxsize=1)
def _arabic_numbers() -> frozenset[str]:
    words = "اثنان اثنين ثلاث ثلاثه اربع اربعه خمس خمسه ست سته سبع سبعه ثماني ثمانيه تسع تسعه عشر عشره عشرات مئات الاف عده بضعه"
    return frozenset(words.split())


def _is_number_word(word: str) -> bool:
    return word in _arabic_numbers()


def _roles_arabic(view: SentenceView, hit: TriggerHit) -> tuple[int | None, int | None]:
    before, after = _candidates(view, hit)
    free_after = [i for i in after if not _preceded_by(view, i, "not_agent")]
    aimed = _first(i for i in after if _preceded_by(view, i, "target"))
    agent = _first(i for i in after if _preceded_by(view, i, "agent"))
    adjacent = _first(i for i in free_after if view.mention_tokens[i][0] - hit.last <= 2)
    source_before = _first(i for i in before if not _preceded_by(view, i, "not_agent"))
    if hit.pattern.kind == "p":
        target = adjacent if adjacent is not None else aimed
        return (agent if agent is not None else source_before), target
    if hit.pattern.kind == "n":
        victims = adjacent is not None and _looks_like_victims(view, adjacent)
        source = adjacent if adjacent is not None and not victims else source_before
        target = aimed if aimed is not None else _first(i for i in free_after if i != source)
        return source, target
    violent = hit.pattern.code[:2] in ("17", "18", "19", "20")
    if adjacent is not None and not (violent and _looks_like_victims(view, adjacent)):
        # verb - subject - object
        target = aimed if aimed is not None else _first(i for i in free_after if i != adjacent)
        return adjacent, target
    target = aimed if aimed is not None else _first(free_after)
    return source_before, target


def _roles(view: SentenceView, draft: Draft) -> None:
    if view.language == "ar":
        source, target = _roles_arabic(view, draft.hit)
    else:
        source, target = _roles_spanish(view, draft.hit)
    if source is not None and source == target:
        target = None
    draft.source = view.mentions[source] if source is not None else None
    draft.target = view.mentions[target] if target is not None else None


# ---------------------------------------------------------------------------------- coding


@dataclass(frozen=True, slots=True)
class Placement:
    """Where the sentence sits: its document, index and raw/clean offsets."""

    doc_id: str
    index: int
    raw_start: int
    clean_start: int
    doc: Document | None = None
    copy: bool = True  # the sentence's raw text is its clean text (no cleaning inside)

    def raw(self, start: int, end: int) -> tuple[int, int]:
        if self.doc is not None and not self.copy:
            return self.doc.raw_span(self.clean_start + start, self.clean_start + end)
        return self.raw_start + start, self.raw_start + end


def _local(mention: Mention, placement: Placement) -> Mention:
    from dataclasses import replace

    start = mention.clean_start - placement.clean_start
    end = mention.clean_end - placement.clean_start
    return replace(mention, start=start, end=end)


def _evidence(
    text: str, start: int, end: int, placement: Placement, raw_text: str | None
) -> Evidence:
    raw_start, raw_end = placement.raw(start, end)
    quoted = raw_text[raw_start:raw_end] if raw_text is not None else text[start:end]
    return Evidence(quoted, raw_start, raw_end)


def draft_events(view: SentenceView) -> list[Draft]:
    """The events of one sentence before they become records (used by the classifier too)."""
    hits = [
        h
        for h in find_triggers(view.tokens, view.breaks, view.language)
        if not _inside_mention(view, h) and not _used_as_noun(view, h)
    ]
    drafts = [finish_draft(view, d) for d in _apply_frames(view, hits)]
    return _merge_same_type(drafts)


def finish_draft(view: SentenceView, draft: Draft) -> Draft:
    """Modality, roles and a first confidence for a draft whose trigger is known."""
    draft.modality = _modality(view, draft)
    _roles(view, draft)
    draft.confidence = 0.55 + 0.1 * (draft.source is not None) + 0.1 * (draft.target is not None)
    return draft


def _event(
    draft: Draft,
    view: SentenceView,
    placement: Placement,
    raw_text: str | None,
    originals: dict[int, Mention],
) -> Event:
    hit = draft.hit
    tokens = view.tokens
    trigger = _evidence(
        view.text, tokens[hit.head].start, tokens[hit.last].end, placement, raw_text
    )
    evidence = _evidence(view.text, 0, len(view.text.rstrip()), placement, raw_text)
    code = draft.code
    source = originals.get(id(draft.source)) if draft.source is not None else None
    target = originals.get(id(draft.target)) if draft.target is not None else None
    key = f"{placement.doc_id}:{placement.index}:{trigger.start}:{code}:{source and source.actor_id}:{target and target.actor_id}"
    return Event(
        id=content_id(key),
        doc_id=placement.doc_id,
        sentence_index=placement.index,
        cameo=code,
        plover=draft.plover or codes.plover_type(code),
        quad_class=codes.quad_class(code),
        goldstein=codes.goldstein(code),
        polarity=codes.polarity(code),
        modality=draft.modality,
        source=source,
        target=target,
        trigger=trigger,
        evidence=evidence,
        confidence=round(draft.confidence, 3),
        extractor=f"{EXTRACTOR}:{view.language}"
        + ("+clf" if hit.pattern.order < 0 or draft.plover else ""),
    )


def code_sentence(
    sentence: Sentence,
    mentions: list[Mention],
    language: Language,
    *,
    doc: Document | None = None,
    classify: bool = True,
) -> list[Event]:
    """Events of one Arabic or Spanish sentence, as the English ``code_sentence``.

    ``mentions`` are the sentence's actor mentions (``clean_start``/``clean_end`` in the
    document's clean text, as ``geopol.actors.find_mentions`` gives them, or
    ``geopol.lang.mentions_in_text`` shifted to the sentence). With ``doc`` the evidence is
    quoted from ``doc.raw_text`` through its offset map; without it the sentence's raw
    offsets are assumed to run parallel to its text.
    """
    from geopol.lang.classifier import rescore

    copy = (sentence.end - sentence.start) == len(sentence.text)
    placement = Placement(
        sentence.doc_id, sentence.index, sentence.start, sentence.clean_start, doc, copy
    )
    local = [_local(m, placement) for m in mentions]
    originals = {id(lm): m for lm, m in zip(local, mentions, strict=True)}
    view = sentence_view(sentence.text, language, local)
    drafts = draft_events(view)
    if classify:
        drafts = rescore(view, drafts)
    raw_text = doc.raw_text if doc is not None else None
    return [_event(d, view, placement, raw_text, originals) for d in drafts]


def sentences_of(text: str, doc_id: str = "") -> Iterator[Sentence]:
    from geopol.segment import split_sentences

    for index, (start, end, paragraph) in enumerate(split_sentences(text)):
        yield Sentence(doc_id, index, start, end, text[start:end], start, end, paragraph)


def shifted(mentions: list[Mention], by: int, doc_id: str = "", index: int = 0) -> list[Mention]:
    from dataclasses import replace

    return [replace(m, start=m.start + by, end=m.end + by, clean_start=m.clean_start + by,
                    clean_end=m.clean_end + by, doc_id=doc_id, sentence_index=index) for m in mentions]  # fmt: skip


def code_text(
    text: str, language: Language, *, doc_id: str = "", classify: bool = True
) -> list[Event]:
    """Events of a whole Arabic or Spanish text; every offset indexes ``text``."""
    events: list[Event] = []
    for sentence in sentences_of(text, doc_id):
        mentions = shifted(
            mentions_in_text(sentence.text, language), sentence.start, doc_id, sentence.index
        )
        events.extend(code_sentence(sentence, mentions, language, classify=classify))
    return events


def code_sentences(
    items: Iterable[tuple[Sentence, list[Mention]]],
    language: Language,
    *,
    doc: Document | None = None,
) -> Iterator[list[Event]]:
    """Batch form: the events of each (sentence, mentions) pair, in order."""
    for sentence, mentions in items:
        yield code_sentence(sentence, mentions, language, doc=doc)
