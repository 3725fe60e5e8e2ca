"""Helpers shared by the cleaning steps: finding things fast, and tidy edit lists."""

from __future__ import annotations

from collections.abc import Iterator

from geopol.clean.offsets import Edit


def find_all(text: str, needle: str) -> Iterator[int]:
    """Start of every occurrence of ``needle`` (str.find is far faster than a regex scan)."""
    pos = text.find(needle)
    while pos >= 0:
        yield pos
        pos = text.find(needle, pos + 1)


def line_spans(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each line, ``end`` excluding the newline."""
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            yield (start, len(text))
            return
        yield (start, end)
        start = end + 1


def disjoint(edits: list[Edit]) -> list[Edit]:
    """Sort edits and drop any that overlaps an earlier one."""
    result: list[Edit] = []
    last_end = -1
    for edit in sorted(edits):
        if edit[0] >= last_end:
            result.append(edit)
            last_end = max(edit[1], edit[0] + 1) if edit[1] == edit[0] else edit[1]
    return result
