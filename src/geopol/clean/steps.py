"""The cleaning steps. Each is a small function ``text -> list of edits``.

An edit is ``(start, end, replacement)`` on the step's input text (see ``offsets.py``);
the steps run in the order of :data:`STEPS`. Steps prefer *deleting* characters over
rewriting them, because deleted markup leaves the surrounding text as an exact copy of
the original, so its offsets stay character-exact.
"""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from geopol.clean import boilerplate
from geopol.clean.offsets import Edit
from geopol.clean.vocabulary import get_vocabulary


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    run: Callable[[str], list[Edit]]
    # Languages (ISO 639-1) the step is for; None means every language.
    languages: frozenset[str] | None = None

    def applies_to(self, language: str) -> bool:
        return self.languages is None or language in self.languages


def _find_all(text: str, needle: str) -> Iterator[int]:
    """Start of every occurrence of ``needle`` (str.find is far faster than a regex scan)."""
    pos = text.find(needle)
    while pos >= 0:
        yield pos
        pos = text.find(needle, pos + 1)


def _line_spans(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each line, ``end`` excluding the newline."""
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            yield (start, len(text))
            return
        yield (start, end)
        start = end + 1


# --------------------------------------------------------------------------- characters

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


# --------------------------------------------------------------------------- layout

_GAP = r"(?: {3,}|\t+ *)"
_SPLIT_LINE = re.compile(rf"(\S(?:[^\t]{{0,38}}?\S)?){_GAP}(?=\S)")
_INDENTED = re.compile(r"(?: {8,}|\t+)(?=\S)")
_PAGE_NUMBER_TAIL = re.compile(rf"{_GAP}[-–—]?\s*(?:page\s+)?\d{{1,3}}\s*[-–—]?[ \t\r]*$", re.I)
_PAGE_NUMBER_HEAD = re.compile(rf"^[-–—]?\d{{1,3}}[-–—]?{_GAP}(?=\S)")
MAX_SIDEBAR_WIDTH = 40


def drop_sidebar_column(text: str) -> list[Edit]:
    """Text laid out in two columns by a PDF or OCR tool: a narrow left column (article
    info, keywords) beside the running text, the columns separated by a wide gap.
    The narrow column is dropped, so the running text reads on; page numbers set off
    by a wide gap at the edge of a line go too."""
    if "   " not in text and "\t" not in text:
        return []
    edits: list[Edit] = []
    block: list[tuple[int, int]] = []
    for start, end in _line_spans(text):
        if text[start:end].strip():
            block.append((start, end))
            continue
        edits.extend(_sidebar_edits(text, block))
        block = []
    edits.extend(_sidebar_edits(text, block))
    return _disjoint(edits)


def _sidebar_edits(text: str, block: list[tuple[int, int]]) -> list[Edit]:
    edits: list[Edit] = []
    for start, end in block:
        line = text[start:end]
        if "   " not in line and "\t" not in line:
            continue
        tail = _PAGE_NUMBER_TAIL.search(line)
        if tail and tail.start() > 0:
            edits.append((start + tail.start(), start + tail.end(), ""))
        head = _PAGE_NUMBER_HEAD.match(line)
        if head:
            edits.append((start, start + head.end(), ""))
    gapped = sum(1 for start, end in block if "   " in text[start:end] or "\t" in text[start:end])
    if len(block) < 3 or gapped < 2:
        return edits
    splits: dict[int, int] = {}  # line index -> offset of the right column in the line
    indented = 0
    for i, (start, end) in enumerate(block):
        line = text[start:end]
        if _INDENTED.match(line):
            indented += 1
            continue
        m = _SPLIT_LINE.match(line)
        if m and len(m.group(1)) <= MAX_SIDEBAR_WIDTH and m.end() < len(line.rstrip()):
            splits[i] = m.end()
    if len(splits) < 2 or len(splits) + indented < 3:
        return edits
    columns = sorted(splits.values())
    column = columns[len(columns) // 2]
    aligned = sum(1 for c in columns if abs(c - column) <= 4)
    left = [len(text[block[i][0] : block[i][0] + c].rstrip()) for i, c in splits.items()]
    right = [block[i][1] - block[i][0] - c for i, c in splits.items()]
    if aligned < 0.6 * len(columns) or sum(left) >= sum(right):
        return edits  # not a narrow column beside the text
    for i, (start, end) in enumerate(block):
        if i in splits:
            edits.append((start, start + splits[i], ""))
        elif not _INDENTED.match(text[start:end]) and end - start <= column:
            edits.append((start, min(end + 1, len(text)), ""))  # a left-column line alone
    return edits


# --------------------------------------------------------------------------- markdown

_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MD_LINK = re.compile(
    r"\[([^\[\]\n]+)\](\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\)|\[[^\]\n]*\])"
)
_MD_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_MD_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(?=\S)")
_MD_HEADING_TAIL = re.compile(r"[ \t]+#+[ \t]*$")
_MD_RULE = re.compile(r"[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$|[ \t]*```.*$")
_MD_QUOTE = re.compile(r"[ \t]*>[ \t]?")
_MD_REFDEF = re.compile(r"[ \t]*\[[^\]\n]+\]:[ \t]+\S+.*$")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)([^\n]+?)(?<=\S)\1")
_MD_EM_STAR = re.compile(r"\*(?=[^\s*])[^*\n]+?(?<=[^\s*])\*(?![\w*])")
_MD_EM_UNDERSCORE = re.compile(r"_(?=[^\s_])[^_\n]+?(?<=[^\s_])_(?![\w_])")
_MD_CODE = re.compile(r"`([^`\n]+)`")


def strip_markdown_links(text: str) -> list[Edit]:
    """``[text](url)`` and ``[text][ref]`` keep only ``text``; images go entirely."""
    if "[" not in text and "<" not in text:
        return []
    edits: list[Edit] = []
    for m in _markdown_link_matches(text):
        if m.re is _MD_IMAGE:
            edits.append((m.start(), m.end(), ""))
        elif m.re is _MD_AUTOLINK:
            edits.append((m.start(), m.start() + 1, ""))
            edits.append((m.end() - 1, m.end(), ""))
        else:
            # Delete the brackets and the target: the link text stays a copy of the raw.
            edits.append((m.start(), m.start() + 1, ""))
            edits.append((m.end(1), m.end(), ""))
    return edits


def _markdown_link_matches(text: str) -> list[re.Match[str]]:
    matches = [*_MD_IMAGE.finditer(text)]
    taken = [(m.start(), m.end()) for m in matches]
    for pattern in (_MD_LINK, _MD_AUTOLINK):
        for m in pattern.finditer(text):
            if not any(s < m.end() and m.start() < e for s, e in taken):
                matches.append(m)
                taken.append((m.start(), m.end()))
    return sorted(matches, key=lambda m: m.start())


def strip_markdown_blocks(text: str) -> list[Edit]:
    """Heading marks (``## ``), block quotes (``> ``), rules and code fences,
    link reference definitions."""
    if not any(c in text for c in "#>-*_`["):
        return []
    edits: list[Edit] = _heading_edits(text) if "#" in text else []
    for start, end in _line_spans(text):
        first = text[start:end].lstrip(" \t")[:1]
        if not first or first not in ">-*_`[":
            continue
        line = text[start:end]
        for pattern in (_MD_RULE, _MD_QUOTE, _MD_REFDEF):
            m = pattern.match(line)
            if m and m.end() > m.start():
                edits.append((start + m.start(), start + m.end(), ""))
                break
    return _disjoint(edits)


def _heading_edits(text: str) -> list[Edit]:
    """Drop ``#`` marks; a heading directly followed by text gets a paragraph break
    (an inserted newline, mapped to an empty raw span) so it is never read as part
    of the next sentence."""
    edits: list[Edit] = []
    for start, end in _line_spans(text):
        line = text[start:end]
        m = _MD_HEADING.match(line)
        if not m:
            continue
        edits.append((start, start + m.end(), ""))
        tail = _MD_HEADING_TAIL.search(line, m.end())
        if tail:
            edits.append((start + tail.start(), end, ""))
        following = end + 1
        if following < len(text) and text[following] != "\n":
            edits.append((following, following, "\n"))
    return edits


def strip_markdown_emphasis(text: str) -> list[Edit]:
    """``**bold**``, ``*italic*``, ``_italic_`` and ``code`` keep their text, lose the marks."""
    if "*" not in text and "_" not in text and "`" not in text:
        return []
    edits: list[Edit] = []
    if "**" in text or "__" in text:
        for m in _MD_STRONG.finditer(text):
            edits.append((m.start(), m.start() + 2, ""))
            edits.append((m.end() - 2, m.end(), ""))
    for mark, pattern in (("*", _MD_EM_STAR), ("_", _MD_EM_UNDERSCORE), ("`", _MD_CODE)):
        if mark not in text:
            continue
        for m in pattern.finditer(text):
            before = text[m.start() - 1] if m.start() else " "
            if mark != "`" and (before.isalnum() or before in "*_"):
                continue  # inside a word (snake_case) or part of a longer run
            edits.append((m.start(), m.start() + 1, ""))
            edits.append((m.end() - 1, m.end(), ""))
    return _disjoint(edits)


def _disjoint(edits: list[Edit]) -> list[Edit]:
    """Sort edits and drop any that overlaps an earlier one."""
    result: list[Edit] = []
    last_end = -1
    for edit in sorted(edits):
        if edit[0] >= last_end:
            result.append(edit)
            last_end = max(edit[1], edit[0] + 1) if edit[1] == edit[0] else edit[1]
    return result


# --------------------------------------------------------------------------- lines


def drop_boilerplate_lines(text: str) -> list[Edit]:
    """Navigation, ads, share buttons, banners, cookie notices (see ``boilerplate.py``)."""
    spans = list(_line_spans(text))
    lines = [text[s:e] for s, e in spans]
    drop = boilerplate.furniture_lines(lines, boilerplate.dominant_script(text))
    edits: list[Edit] = []
    for i, (start, end) in enumerate(spans):
        pieces = [] if i in drop else boilerplate.furniture_pieces(lines[i])
        if i in drop or (pieces and sum(e - s for s, e in pieces) == end - start):
            # Take the line's newline with it, so no blank line is left behind.
            edits.append((start, min(end + 1, len(text)), ""))
            continue
        edits.extend((start + s, start + e, "") for s, e in pieces)
    return edits


_ODD = re.compile(r"[;\"'*^~|\\<>={}\[\]]")
_EDGE_PUNCT = "()[]{}\"'.,;:!?"


def is_junk_token(token: str) -> bool:
    """OCR debris such as ``:iig';"'tig``: letters tangled with quote marks and semicolons."""
    core = token.strip(_EDGE_PUNCT)
    if len(core) < 3 or not any(c.isalpha() for c in core):
        return False
    if "://" in core or "@" in core:
        return False
    return len(_ODD.findall(core)) >= 2


def drop_junk_tokens(text: str) -> list[Edit]:
    """Remove tokens of OCR debris (with one neighbouring space)."""
    edits: list[Edit] = []
    last_token_end = -1
    # Visit only the tokens around odd characters (few), not every token.
    for m in _ODD.finditer(text):
        if m.start() < last_token_end:
            continue
        start = max(text.rfind(" ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        end = m.start()
        while end < len(text) and not text[end].isspace():
            end += 1
        last_token_end = end
        if is_junk_token(text[start:end]):
            edits.append((start, end + 1 if end < len(text) and text[end] == " " else end, ""))
    return edits


def tidy_spaces(text: str) -> list[Edit]:
    """Spaces at line edges, runs of spaces, and stray spaces before punctuation."""
    edits: list[Edit] = []
    # str.find loops: most texts have few of these spots, so this costs next to nothing.
    for pos in _find_all(text, "  "):
        if pos == 0 or text[pos - 1] != " ":
            end = pos + 2
            while end < len(text) and text[end] == " ":
                end += 1
            edits.append((pos + 1, end, ""))  # keep the first space: it stays a copy
    for pos in _find_all(text, " \n"):
        start = pos
        while start > 0 and text[start - 1] == " ":
            start -= 1
        edits.append((start, pos + 1, ""))
    for pos in _find_all(text, "\n "):
        end = pos + 1
        while end < len(text) and text[end] == " ":
            end += 1
        edits.append((pos + 1, end, ""))
    if text.startswith(" "):
        edits.append((0, len(text) - len(text.lstrip(" ")), ""))
    if text.endswith(" "):
        edits.append((len(text.rstrip(" ")), len(text), ""))
    for punct in ",;:.!?)]":
        for pos in _find_all(text, " " + punct):
            after = pos + 2
            closing = punct in ")]"
            ends = after == len(text) or text[after].isspace()
            if (closing or ends) and pos > 0 and (closing or text[pos - 1].isalnum()):
                edits.append((pos, pos + 1, ""))
    for opener in "([":
        for pos in _find_all(text, opener + " "):
            edits.append((pos + 1, pos + 2, ""))
    return _disjoint(sorted(edits))


# --------------------------------------------------------------------------- line breaks

_HYPHEN_BREAK = re.compile(r"([^\W\d_]+)-\n([^\W\d_]+)")


_HYPHEN_SPACE = re.compile(r"([^\W\d_]+)- ([a-z]+)\b")


def dehyphenate(text: str) -> list[Edit]:
    """``secur-\\nity`` → ``security``; ``well-\\nknown`` → ``well-known``; and a
    hyphenation whose line break became a space (``inter- national``) when the joined
    word is a known one (``pre- and post-war`` stays)."""
    if "-\n" not in text and "- " not in text:
        return []
    vocab = get_vocabulary()
    edits: list[Edit] = []
    if "- " in text and vocab.large:
        for m in _HYPHEN_SPACE.finditer(text):
            if vocab.knows(m.group(1) + m.group(2)):
                edits.append((m.end(1), m.start(2), ""))
    for m in _HYPHEN_BREAK.finditer(text):
        left, right = m.group(1), m.group(2)
        hyphen = m.end(1)
        joined = left + right
        if right[0].isupper() or (
            (vocab.knows(left) and vocab.knows(right)) and not vocab.knows(joined)
        ):
            edits.append((hyphen + 1, hyphen + 2, ""))  # keep the hyphen, drop the break
        else:
            edits.append((hyphen, hyphen + 2, ""))
    return _disjoint(edits)


_TERMINAL = re.compile(r"[.!?:;][\"')\]]*$")
_LIST_START = re.compile(r"(?:[-*+•·▪◦‣]|\(?\d{1,3}[.)]|\(?[a-z]\))\s")
_ENDS_WITH_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]\.|\b[A-Z]\.[A-Z]\.(?:[A-Z]\.)*|\b[A-Z][a-z]{1,3}\.)$"
)
_CONTINUATION_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "but",
        "nor",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "into",
        "onto",
        "between",
        "among",
        "as",
        "than",
        "that",
        "which",
        "who",
        "whose",
        "whom",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "my",
        "this",
        "these",
        "those",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "not",
        "also",
        "both",
        "either",
        "neither",
        "such",
        "very",
        "more",
        "most",
        "over",
        "under",
        "against",
        "towards",
        "toward",
        "about",
        "after",
        "before",
        "since",
        "during",
        "within",
        "without",
        "through",
        "via",
        "per",
        "if",
        "while",
        "whereas",
        "because",
        "so",
        "then",
        "de",
        "la",
        "el",
        "los",
        "las",
        "y",
        "del",
        "en",
        "con",
        "por",
        "para",
        "le",
        "les",
        "des",
        "du",
        "et",
    ]
)


def _ends_open(line: str) -> bool:
    """The line stops in the middle of a phrase (``... between Iraq and``)."""
    stripped = line.rstrip()
    if not stripped:
        return False
    if stripped[-1] in ",(&/":
        return True
    if (
        stripped[-1] in "-–—"
        and len(stripped) > 1
        and (stripped[-2].isalpha() or stripped[-2] == " ")
    ):
        return True  # "Chinese-" (a compound cut at the line end) or "... said —"
    last = stripped.rsplit(None, 1)[-1].lower()
    return last in _CONTINUATION_WORDS


def _starts_lower(line: str) -> bool:
    for char in line:
        if char.isalpha():
            return char.islower()
        if char.isdigit():
            return False
        if char not in "(\"'[":
            return False
    return False


MIN_WRAP_WIDTH = 60
MAX_WRAP_WIDTH = 200


def unwrap_lines(text: str) -> list[Edit]:
    """Join lines that a fixed width (or a page break) cut inside a sentence.

    A single line break stays when it ends a heading, a list item or a sentence; it
    becomes a space when the text runs on. A blank-line gap is closed only when the
    sentence plainly continues (the first part ends open, or the next starts lower-case).
    """
    if "\n" not in text:
        return []
    spans = list(_line_spans(text))
    edits: list[Edit] = []
    block: list[tuple[int, int]] = []
    for span in spans:
        if span[0] == span[1]:
            _unwrap_block(text, block, edits)
            block = []
        else:
            block.append(span)
    _unwrap_block(text, block, edits)
    edits.extend(_close_gaps(text, spans))
    return sorted(edits)


def _unwrap_block(text: str, block: list[tuple[int, int]], edits: list[Edit]) -> None:
    if len(block) < 2:
        return
    widths = [e - s for s, e in block]
    wrap_width = max(widths)
    wide = sum(1 for w in widths[:-1] if w >= 0.6 * wrap_width)
    if len(block) == 2:
        # Two lines say little about a wrap width: only a long first line counts.
        wrapped = MIN_WRAP_WIDTH <= widths[0] <= MAX_WRAP_WIDTH
    else:
        wrapped = MIN_WRAP_WIDTH // 2 <= wrap_width <= MAX_WRAP_WIDTH and wide >= 0.6 * (
            len(block) - 1
        )
    for (start, end), (next_start, next_end) in itertools.pairwise(block):
        line = text[start:end]
        following = text[next_start:next_end]
        if _join(line, following, wrapped=wrapped, wrap_width=wrap_width):
            edits.append((end, end + 1, " "))


def _join(line: str, following: str, *, wrapped: bool, wrap_width: int) -> bool:
    if _LIST_START.match(following) or following.startswith("|"):
        return False
    if _starts_lower(following):
        return True
    full_width = len(line) >= 0.7 * wrap_width
    if _TERMINAL.search(line):
        if _ENDS_WITH_ABBREVIATION.search(line):
            return wrapped and full_width
        return False
    if _ends_open(line):
        return True
    if _LIST_START.match(line):
        return False
    if wrapped and full_width:
        return True
    # A short wrap: the line reads as a sentence running on, and the next line finishes
    # it (a headline followed by a dateline or a byline does not).
    return _reads_as_prose(line) and (
        bool(_TERMINAL.search(following)) or len(following) >= MIN_WRAP_WIDTH
    )


def _reads_as_prose(line: str) -> bool:
    """Several words, mostly in lower case: a sentence running on, not a heading
    (headings are short, or in Title Case or capitals) nor a table row."""
    if "|" in line:
        return False
    words = [w for w in line.split() if len(w) > 3 and w[0].isalpha()]
    if len(words) < 3:
        return False
    lower = sum(1 for w in words if w[0].islower())
    return lower / len(words) >= 0.6


def _close_gaps(text: str, spans: list[tuple[int, int]]) -> list[Edit]:
    """Blank-line gaps inside a sentence (page or column breaks in PDFs and OCR)."""
    edits: list[Edit] = []
    previous: tuple[int, int] | None = None
    paragraph_lines = 0  # lines in the paragraph that ends at ``previous``
    blank_lines = 0
    for span in spans:
        if span[0] == span[1]:
            blank_lines += 1
            continue
        if blank_lines == 0:
            paragraph_lines += 1
            previous = span
            continue
        # Only a single blank line (a wider gap is a deliberate section break), and not
        # after a short line standing alone, which is a heading.
        if blank_lines == 1 and previous is not None:
            line = text[previous[0] : previous[1]]
            following = text[span[0] : span[1]]
            standalone = paragraph_lines == 1 and len(line) < MIN_WRAP_WIDTH
            continues = _ends_open(line) or _starts_lower(following) or following.startswith("(")
            if (
                continues
                and not standalone
                and not _TERMINAL.search(line)
                and not _LIST_START.match(following)
            ):
                edits.append((previous[1], span[0], " "))
        previous = span
        paragraph_lines = 1
        blank_lines = 0
    return edits


_BLANK_RUN = re.compile(r"\n{3,}")


def collapse_blank_lines(text: str) -> list[Edit]:
    """At most one blank line between paragraphs; none at the start or end."""
    edits: list[Edit] = []
    if "\n\n\n" in text:
        edits.extend((m.start() + 2, m.end(), "") for m in _BLANK_RUN.finditer(text))
    leading = len(text) - len(text.lstrip())
    if leading:
        edits.append((0, leading, ""))
    trailing = len(text.rstrip())
    if trailing < len(text) and trailing >= leading:
        edits.append((trailing, len(text), ""))
    return _disjoint(edits)


def repair_ocr(text: str) -> list[Edit]:
    """Mangled words repaired against the vocabulary (``Irag`` → ``Iraq``); see ``ocr.py``."""
    from geopol.clean.ocr import ocr_edits

    return ocr_edits(text)


STEPS: tuple[Step, ...] = (
    Step("drop_sidebar_column", drop_sidebar_column),
    Step("unescape_entities", unescape_entities),
    Step("normalise_unicode", normalise_unicode),
    Step("compose_accents", compose_accents),
    Step("strip_markdown_links", strip_markdown_links),
    Step("strip_markdown_blocks", strip_markdown_blocks),
    Step("strip_markdown_emphasis", strip_markdown_emphasis),
    Step("tidy_spaces", tidy_spaces),
    Step("drop_boilerplate_lines", drop_boilerplate_lines),
    Step("drop_junk_tokens", drop_junk_tokens),
    Step("tidy_spaces_again", tidy_spaces),
    # OCR repair runs before the line-break steps, which read the case of the next word.
    Step("repair_ocr", repair_ocr, frozenset({"en"})),
    Step("dehyphenate", dehyphenate),
    Step("unwrap_lines", unwrap_lines),
    Step("collapse_blank_lines", collapse_blank_lines),
)
