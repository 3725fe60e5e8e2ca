"""Character-level steps: HTML entities, Unicode normalisation, accents."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

from geopol.clean.offsets import Edit

_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def unescape_entities(text: str) -> list[Edit]:
    """HTML character references left in text (``&amp;`` → ``&``)."""
    if "&" not in text:
        return []
    edits = []
    for m in _ENTITY.finditer(text):
        value = html.unescape(m.group())
        if value != m.group():
            edits.append((m.start(), m.end(), value))
    return edits


# The characters that may need normalising (CR LF is one unit): controls and tabs, odd
# spaces, soft hyphens, superscripts and fractions, ligatures and digraphs, dashes and
# curly quotes, invisible format marks, letter-like and enclosed symbols, compatibility
# and presentation forms, full-width forms, mathematical letters, private use. Every
# other character (Arabic, Cyrillic, accented Latin letters, ...) is left alone, so the
# scan stays fast on any script.
_SPECIAL = re.compile(
    "\xad[ \t]*\r?\n|\r\n?|["
    "\x00-\x09\x0b-\x1f\x7f-\xa0\xad\xb2\xb3\xb9\xbc-\xbe"
    "\u0132\u0133\u013f\u0140\u0149\u017f\u01c4-\u01cc\u01f1-\u01f3"
    "\u2000-\u203e\u2044\u2047-\u2049\u205f-\u209f\u2100-\u214f\u2160-\u2188"
    "\u2212\u2460-\u24ff\u3000\u3300-\u33ff\ue000-\uf8ff\uf900-\ufaff"
    "\ufb00-\ufb4f\ufb50-\ufdff\ufe10-\ufe6f\ufe70-\ufeff\uff00-\uffef"
    "\U0001d400-\U0001d7ff\U0001f100-\U0001f1ff"
    "]"
)
_COMBINING_MARK = re.compile(r"[\u0300-\u036f]")
_COMBINING = re.compile(r"[^\W\d_][\u0300-\u036f]+")
_DROP_FORMAT = frozenset(
    "\u00ad\u200b\u200e\u200f\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_QUOTES = {
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
    "′": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "‟": '"',
    "″": '"',
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "−": "-",
    "―": "—",
    "\u2028": "\n",
    "\u2029": "\n\n",
    "\f": "\n\n",
    "\v": "\n",
    "\t": " ",
    "\x85": "\n",
}


@lru_cache(maxsize=4096)
def _normal_char(char: str) -> str:
    if char in ("\r", "\r\n"):
        return "\n"
    if char.startswith("\xad") and char.endswith("\n"):
        return ""  # a soft hyphen at a line end: the word goes on on the next line
    if char in _QUOTES:
        return _QUOTES[char]
    if char in _DROP_FORMAT:
        return ""
    category = unicodedata.category(char)
    if category == "Cc":
        return ""
    if category == "Zs":
        return " "
    if category == "Co" or category == "Cs":
        return ""
    # NFKC splits ligatures (ﬁ), widens nothing, narrows full-width forms and maps
    # Arabic presentation forms to letters; keep the character when NFKC would make it
    # vanish or turn it into something with spaces (e.g. "¼" → "1⁄4" is fine, "̈" is not).
    normal = unicodedata.normalize("NFKC", char)
    if not normal or (normal.strip() != normal):
        return char
    return normal


def normalise_unicode(text: str) -> list[Edit]:
    """Unicode and whitespace characters: CR LF, ligatures, odd spaces, curly quotes,
    invisible format characters, full-width forms (NFKC-like, character by character)."""
    edits: list[Edit] = []
    for m in _SPECIAL.finditer(text):
        char = m.group()
        normal = _normal_char(char)
        if normal != char:
            edits.append((m.start(), m.end(), normal))
    return edits


def compose_accents(text: str) -> list[Edit]:
    """A letter followed by combining accents becomes the precomposed letter (NFC)."""
    if _COMBINING_MARK.search(text) is None:
        return []
    edits: list[Edit] = []
    for m in _COMBINING.finditer(text):
        composed = unicodedata.normalize("NFC", m.group())
        if composed != m.group():
            edits.append((m.start(), m.end(), composed))
    return edits
