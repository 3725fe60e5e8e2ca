"""Line-break steps: hyphenation, lines wrapped by a fixed width or a page break, blank
lines. They decide which line breaks mean something (a heading, a list item, a new
paragraph) and join the rest."""

from __future__ import annotations

import itertools
import re

from geopol.clean.edits import disjoint, find_all, line_spans
from geopol.clean.offsets import Edit
from geopol.clean.vocabulary import get_vocabulary, read_word_file

_WORD_BEFORE = re.compile(r"[^\W\d_]+$")
_WORD_AFTER = re.compile(r"[^\W\d_]+")
_LOWER_WORD_AFTER = re.compile(r"[a-z]+\b")


def _word_before(text: str, pos: int) -> str:
    m = _WORD_BEFORE.search(text, max(0, pos - 60), pos)
    return m.group() if m else ""


def dehyphenate(text: str) -> list[Edit]:
    """``secur-\\nity`` → ``security``; ``well-\\nknown`` → ``well-known``; and a
    hyphenation whose line break became a space (``inter- national``) when the joined
    word is a known one (``pre- and post-war`` stays)."""
    if "-\n" not in text and "- " not in text:
        return []
    vocab = get_vocabulary()
    edits: list[Edit] = []
    if vocab.large:
        for pos in find_all(text, "- "):
            left = _word_before(text, pos)
            after = _LOWER_WORD_AFTER.match(text, pos + 2)
            if left and after and vocab.knows(left + after.group()):
                edits.append((pos, pos + 2, ""))
    for pos in find_all(text, "-\n"):
        left = _word_before(text, pos)
        after = _WORD_AFTER.match(text, pos + 2)
        if not left or not after:
            continue
        right = after.group()
        if right[0].isupper() or (
            (vocab.knows(left) and vocab.knows(right)) and not vocab.knows(left + right)
        ):
            edits.append((pos + 1, pos + 2, ""))  # keep the hyphen, drop the break
        else:
            edits.append((pos, pos + 2, ""))
    return disjoint(edits)


_TERMINAL = re.compile(r"[.!?:;][\"')\]]*$")
_LIST_START = re.compile(r"(?:[-*+•·▪◦‣]|\(?\d{1,3}[.)]|\(?[a-z]\))\s")
_ENDS_WITH_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]\.|\b[A-Z]\.[A-Z]\.(?:[A-Z]\.)*|\b[A-Z][a-z]{1,3}\.)$"
)
_CONTINUATION_WORDS = frozenset(read_word_file("continuation_words.txt"))


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
    spans = list(line_spans(text))
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
    return disjoint(edits)
