"""Dates that are right or honestly unknown.

The stage that dates events and relations. ``parse_date`` reads the date expression of
one sentence; ``document_date`` finds the date a document was published;
``date_document_events`` and ``date_relations`` give every event or relation of a
document the date of its sentence, a year carried over from earlier in the same
paragraph when the text clearly continues it, or nothing.

A year is never filled in from world knowledge or from the clock: relative dates
("on Tuesday", "last month") need the document date, and without it they stay unknown,
keeping what the words said (``month_only``).
"""

from __future__ import annotations

from geopol.dates.document import (
    date_document,
    date_document_events,
    date_documents,
    date_relations,
    document_date,
    sentence_dates,
)
from geopol.dates.parse import find_dates, parse_date, parse_iso

__all__ = [
    "date_document",
    "date_document_events",
    "date_documents",
    "date_relations",
    "document_date",
    "find_dates",
    "parse_date",
    "parse_iso",
    "sentence_dates",
]
