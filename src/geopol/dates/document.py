"""Dates at the level of a document: its own date, and the date of each event and relation."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TypeVar

from geopol.dates.grammar import Found, has_stripped_year
from geopol.dates.lexicon import alternation, lexicon
from geopol.dates.parse import Near, _copy, _find_cached, choose, parse_date, parse_iso
from geopol.records import DateInfo, Document, Event, Processed, Relation, Sentence

# How far into the raw text a byline or dateline may sit.
_HEAD_LINES = 15
_HEAD_CHARS = 3000

# Words that introduce the document's own date at the top of a page. Not "released" or
# "dated": a headline says "hostages released on 5 March", a text "a letter dated ...".
_BYLINE = re.compile(
    r"(?<!\w)(?:(?:first\s+)?published|posted|(?:last\s+)?updated|last\s+modified|date\s*:|"
    r"available\s+online|publication\s+date|publicado|actualizado|fecha\s*:|"
    r"تاريخ\s+النشر|نشر\s+في)(?!\w)\s*(?:on|at|el|en|:|-|–)?\s*",
    re.IGNORECASE,
)
# "LONDON, 12 March 2024 (Reuters) -": a place in capitals, a comma, then the date.
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .'-]{1,40},\s+")


def document_date(doc: Document) -> DateInfo | None:
    """The date the document speaks from: ``doc.published`` (metadata or the user's
    ``--date``), else a byline or dateline near the top of the raw text, else None.

    A dateline without a year ("BAGHDAD, March 12 (Reuters) -") is not a date.
    """
    if doc.published:
        info = parse_iso(doc.published) or parse_date(doc.published)
        if info is not None and info.value is not None:
            return replace(
                info,
                text=doc.published_text or doc.published,
                derivation="document",
                char_start=None,
                char_end=None,
                qualifier=None,
                end=None,
            )
    return _date_from_head(doc.raw_text)


def _date_from_head(raw_text: str) -> DateInfo | None:
    lines = [line for line in raw_text[:_HEAD_CHARS].splitlines() if line.strip()][:_HEAD_LINES]
    for line in lines:
        info = _line_date(line)
        if info is not None:
            return info
    return None


def _line_date(line: str) -> DateInfo | None:
    """A full date (day, or month at least after a byline word) introduced as the
    document's own: after "Published", in a dateline, or alone on its line."""
    byline = _BYLINE.search(line)
    if byline is not None:
        info = _first_full_date(line[byline.end() : byline.end() + 60], minimum=("day", "month"))
        if info is not None:
            return info
    dateline = _DATELINE.match(line)
    if dateline is not None:
        info = _first_full_date(line[dateline.end() : dateline.end() + 40], minimum=("day",))
        if info is not None:
            return info
    stripped = line.strip()
    if len(stripped) <= 40:
        info = _first_full_date(stripped, minimum=("day",))
        if info is not None and info.text and len(info.text) >= len(stripped) - 12:
            return info
    return None


def _first_full_date(text: str, minimum: tuple[str, ...]) -> DateInfo | None:
    found = _find_cached(text, None, None)
    for f in found:
        info = f.info
        if (
            f.kind == "absolute"
            and info.value is not None
            and info.precision in minimum
            and info.end is None
            and info.qualifier is None
        ):
            return replace(_copy(info), derivation="document", char_start=None, char_end=None)
    return None


# ---------------------------------------------------------------------------
# Sentence dates with paragraph context
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class SentenceDates:
    """What the dates stage knows about one sentence."""

    found: tuple[Found, ...] = ()
    text: str | None = None
    carried: DateInfo | None = None
    """The paragraph's date, when this sentence has none and clearly continues it."""
    resolved: list[DateInfo] = field(default_factory=list)

    def date_near(self, near: Near) -> DateInfo | None:
        chosen = choose(self.found, near, self.text)
        if chosen is not None:
            return _copy(chosen.info)
        return _copy(self.carried) if self.carried is not None else None


@cache
def _continuation_regex() -> re.Pattern[str]:
    openers = alternation(lexicon().continuation_openers)
    return re.compile(rf"^\W*(?:(?:and|but|y|pero|و)\s+)?(?:{openers})(?!\w)", re.IGNORECASE)


def continues_previous(text: str) -> bool:
    """Whether a sentence opens by continuing the one before ("Then", "The next day")."""
    return _continuation_regex().search(text) is not None


def sentence_dates(
    sentences: Sequence[Sentence], anchor: DateInfo | None
) -> dict[int, SentenceDates]:
    """Dates of every sentence, read in order so that each paragraph's dates carry on."""
    out: dict[int, SentenceDates] = {}
    paragraph: int | None = None
    last: DateInfo | None = None
    for sentence in sorted(sentences, key=lambda s: s.index):
        if sentence.paragraph != paragraph:
            paragraph, last = sentence.paragraph, None
        stripped = has_stripped_year(sentence.text)
        found = _find_cached(sentence.text, anchor, None if stripped else last)
        dates = SentenceDates(found=found, text=sentence.text)
        usable = [f for f in found if not f.adjectival]
        if not usable and last is not None and not stripped and continues_previous(sentence.text):
            dates.carried = replace(
                _copy(last), derivation="carried_over", char_start=None, char_end=None
            )
        known = [f.info for f in usable if f.info.value is not None]
        if known:
            last = known[-1]
        elif stripped:
            last = None  # the paragraph's year was cut out here: nothing carries past it
        out[sentence.index] = dates
    return out


# ---------------------------------------------------------------------------
# Events and relations
# ---------------------------------------------------------------------------

_Item = TypeVar("_Item", Event, Relation)


def _span_in(sentence: Sentence, start: int, end: int) -> tuple[int, int]:
    """A raw-text span as a span of the sentence's text (near enough to rank dates)."""
    length = len(sentence.text)
    return (
        max(0, min(length, start - sentence.start)),
        max(0, min(length, end - sentence.start)),
    )


def _date_items(
    doc: Document, sentences: Sequence[Sentence], items: Iterable[_Item], trigger_of: str
) -> list[_Item]:
    items = list(items)
    if not items:
        return []
    anchor = document_date(doc)
    by_index = {s.index: s for s in sentences}
    dates = sentence_dates(sentences, anchor)
    out: list[_Item] = []
    for item in items:
        sentence = by_index.get(item.sentence_index)
        known = dates.get(item.sentence_index)
        if sentence is None or known is None:
            out.append(item)
            continue
        span = getattr(item, trigger_of)
        date = known.date_near(_span_in(sentence, span.start, span.end))
        out.append(replace(item, date=date))
    return out


def date_document_events(
    doc: Document, sentences: Sequence[Sentence], events: Iterable[Event]
) -> list[Event]:
    """Each event with the date of its sentence (the expression nearest its trigger), a
    date carried over from earlier in the paragraph, or None."""
    return _date_items(doc, sentences, events, "trigger")


def date_relations(
    doc: Document, sentences: Sequence[Sentence], relations: Iterable[Relation]
) -> list[Relation]:
    """Each relation with the date of its evidence sentence, carried over, or None."""
    return _date_items(doc, sentences, relations, "evidence")


def date_document(processed: Processed) -> Processed:
    """The dates stage on one processed document (events and relations)."""
    doc, sentences = processed.document, processed.sentences
    return replace(
        processed,
        events=date_document_events(doc, sentences, processed.events),
        relations=date_relations(doc, sentences, processed.relations),
    )


def date_documents(items: Iterable[Processed]) -> Iterator[Processed]:
    """The batch form of ``date_document``."""
    for processed in items:
        yield date_document(processed)
