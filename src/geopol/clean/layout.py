"""Layout steps: side columns and page numbers, page furniture, OCR debris, spaces."""

from __future__ import annotations

import re

from geopol.clean import boilerplate
from geopol.clean.edits import disjoint, find_all, line_spans
from geopol.clean.offsets import Edit

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
    for start, end in line_spans(text):
        if text[start:end].strip():
            block.append((start, end))
            continue
        edits.extend(_sidebar_edits(text, block))
        block = []
    edits.extend(_sidebar_edits(text, block))
    return disjoint(edits)


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


# --------------------------------------------------------------------------- lines


MIN_LINES_FOR_CONTEXT = 3


def drop_boilerplate_lines(text: str) -> list[Edit]:
    """Navigation, ads, share buttons, banners, cookie notices (see ``boilerplate.py``)."""
    spans = list(line_spans(text))
    lines = [text[s:e] for s, e in spans]
    if len(lines) < MIN_LINES_FOR_CONTEXT:
        # A line or two (a JSONL sentence, a title and a paragraph): nothing repeats and
        # there is no surrounding script to compare with; judge each line on its own.
        drop = {i for i, line in enumerate(lines) if boilerplate.is_furniture(line)}
    else:
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
    for pos in find_all(text, "  "):
        if pos == 0 or text[pos - 1] != " ":
            end = pos + 2
            while end < len(text) and text[end] == " ":
                end += 1
            edits.append((pos + 1, end, ""))  # keep the first space: it stays a copy
    for pos in find_all(text, " \n"):
        start = pos
        while start > 0 and text[start - 1] == " ":
            start -= 1
        edits.append((start, pos + 1, ""))
    for pos in find_all(text, "\n "):
        end = pos + 1
        while end < len(text) and text[end] == " ":
            end += 1
        edits.append((pos + 1, end, ""))
    if text.startswith(" "):
        edits.append((0, len(text) - len(text.lstrip(" ")), ""))
    if text.endswith(" "):
        edits.append((len(text.rstrip(" ")), len(text), ""))
    for punct in ",;:.!?)]":
        for pos in find_all(text, " " + punct):
            after = pos + 2
            closing = punct in ")]"
            ends = after == len(text) or text[after].isspace()
            if (closing or ends) and pos > 0 and (closing or text[pos - 1].isalnum()):
                edits.append((pos, pos + 1, ""))
    for opener in "([":
        for pos in find_all(text, opener + " "):
            edits.append((pos + 1, pos + 2, ""))
    return disjoint(sorted(edits))
