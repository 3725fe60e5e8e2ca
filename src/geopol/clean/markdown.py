"""Markdown steps: links keep their text; heading marks, quotes, rules and emphasis go."""

from __future__ import annotations

import re

from geopol.clean.edits import disjoint, line_spans
from geopol.clean.offsets import Edit

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
    for start, end in line_spans(text):
        first = text[start:end].lstrip(" \t")[:1]
        if not first or first not in ">-*_`[":
            continue
        line = text[start:end]
        for pattern in (_MD_RULE, _MD_QUOTE, _MD_REFDEF):
            m = pattern.match(line)
            if m and m.end() > m.start():
                edits.append((start + m.start(), start + m.end(), ""))
                break
    return disjoint(edits)


def _heading_edits(text: str) -> list[Edit]:
    """Drop ``#`` marks; a heading directly followed by text gets a paragraph break
    (an inserted newline, mapped to an empty raw span) so it is never read as part
    of the next sentence."""
    edits: list[Edit] = []
    for start, end in line_spans(text):
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
    return disjoint(edits)
