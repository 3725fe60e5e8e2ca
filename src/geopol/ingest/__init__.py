"""Ingestion: files in, ``Document`` records out (or ``Skipped`` with a one-line reason).

``read_file(path, date=None)`` reads one file (.txt .md .html .htm .pdf .jsonl; a JSONL
file yields one document per line, a huge text file one per part); ``read_paths(paths,
include=(), exclude=(), date=None)`` walks files and folders. ``Document.id`` is the
content hash of ``raw_text``, so reading the same file twice gives the same id.
See :mod:`geopol.ingest.readers` for what ``raw_text`` holds for each format.
"""

from __future__ import annotations

from geopol.ingest.dedup import (
    NearDuplicateIndex,
    Signature,
    fingerprint,
    fingerprint_text,
    signature,
)
from geopol.ingest.language import detect_language
from geopol.ingest.metadata import find_stated_date, normalise_date, set_date_finder
from geopol.ingest.paths import iter_files, missing_paths, read_paths
from geopol.ingest.readers import READERS, extract_html, read_file

__all__ = [
    "READERS",
    "NearDuplicateIndex",
    "Signature",
    "detect_language",
    "extract_html",
    "find_stated_date",
    "fingerprint",
    "fingerprint_text",
    "iter_files",
    "missing_paths",
    "normalise_date",
    "read_file",
    "read_paths",
    "set_date_finder",
    "signature",
]
