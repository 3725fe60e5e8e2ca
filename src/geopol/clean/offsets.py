"""Build the clean → raw offset map while a text goes through cleaning steps.

Every cleaning step describes its work as *edits* on its input: ``(start, end, replacement)``
triples, sorted and non-overlapping. The builder applies them and keeps, for the current
text, a list of segments that say where each stretch came from in the raw text:

- a *copy* segment was never touched, so character ``k`` of it is raw character
  ``raw_start + k``;
- a *replacement* segment was produced by an edit (a ligature split, a repaired word, a
  joined line), and every character of it maps to the whole raw span it replaced.

Steps therefore never compose offset maps themselves; they only say what they change.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from geopol.records import OffsetMap

Edit = tuple[int, int, str]


class OffsetMapBuilder:
    """The current text of a cleaning run and where each of its characters came from."""

    __slots__ = ("_copy", "_cur", "_raw_end", "_raw_start", "raw", "text")

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.text = raw
        # Parallel lists, one entry per segment of the current text; a segment ends where
        # the next one starts (the last one at len(self.text)).
        self._cur: list[int] = [0] if raw else []
        self._raw_start: list[int] = [0] if raw else []
        self._raw_end: list[int] = [len(raw)] if raw else []
        self._copy: list[bool] = [True] if raw else []

    # ------------------------------------------------------------------ applying edits

    def apply(self, edits: Iterable[Edit]) -> None:
        """Replace ``text[start:end]`` by ``replacement`` for each edit (sorted, disjoint)."""
        text = self.text
        pieces: list[str] = []
        cur: list[int] = []
        raw_start: list[int] = []
        raw_end: list[int] = []
        copy: list[bool] = []
        out = (cur, raw_start, raw_end, copy)
        pos = 0
        new_pos = 0
        changed = False
        for start, end, replacement in edits:
            if start < pos or end < start or end > len(text):
                raise ValueError(f"edit ({start}, {end}) overlaps or is out of range")
            if text[start:end] == replacement:
                continue
            changed = True
            self._carry(pos, start, new_pos, out)
            pieces.append(text[pos:start])
            new_pos += start - pos
            if replacement:
                lo, hi = self._raw_range(start, end)
                _append(out, new_pos, lo, hi, False)
                pieces.append(replacement)
                new_pos += len(replacement)
            pos = end
        if not changed:
            return
        self._carry(pos, len(text), new_pos, out)
        pieces.append(text[pos:])
        self.text = "".join(pieces)
        self._cur, self._raw_start, self._raw_end, self._copy = out

    def _segment_end(self, i: int) -> int:
        return self._cur[i + 1] if i + 1 < len(self._cur) else len(self.text)

    def _carry(
        self,
        start: int,
        end: int,
        new_start: int,
        out: tuple[list[int], list[int], list[int], list[bool]],
    ) -> None:
        """Copy the segments covering the unchanged stretch ``[start, end)`` to ``out``."""
        if start >= end:
            return
        i = bisect_right(self._cur, start) - 1
        shift = new_start - start
        while i < len(self._cur) and self._cur[i] < end:
            seg_start = self._cur[i]
            seg_end = self._segment_end(i)
            lo = max(seg_start, start)
            hi = min(seg_end, end)
            if self._copy[i]:
                raw_lo = self._raw_start[i] + (lo - seg_start)
                _append(out, lo + shift, raw_lo, raw_lo + (hi - lo), True)
            else:
                _append(out, lo + shift, self._raw_start[i], self._raw_end[i], False)
            i += 1

    def _raw_range(self, start: int, end: int) -> tuple[int, int]:
        """The raw span behind current ``[start, end)``; an empty span where it inserts."""
        if not self._cur:
            return (0, 0)
        if start == end:
            point = self._raw_point(start)
            return (point, point)
        return (self._raw_point(start), self._raw_point_end(end))

    def _raw_point(self, pos: int) -> int:
        if pos >= len(self.text):
            return self._raw_end[-1]
        i = bisect_right(self._cur, pos) - 1
        if self._copy[i]:
            return self._raw_start[i] + (pos - self._cur[i])
        return self._raw_start[i]

    def _raw_point_end(self, end: int) -> int:
        i = bisect_right(self._cur, end - 1) - 1
        if self._copy[i]:
            return self._raw_start[i] + (end - self._cur[i])
        return self._raw_end[i]

    # ------------------------------------------------------------------ results

    def offset_map(self) -> OffsetMap:
        """The clean → raw map of the current text, in the form `records.OffsetMap` reads."""
        clean_starts: list[int] = []
        raw_starts: list[int] = []
        raw_ends: list[int] = []
        for i, seg_start in enumerate(self._cur):
            seg_end = self._segment_end(i)
            lo, hi = self._raw_start[i], self._raw_end[i]
            length = seg_end - seg_start
            if not self._copy[i] and length == hi - lo and length > 1:
                # Same length on both sides would read as a copy: give each character its
                # own run mapping to the whole replaced span instead.
                for k in range(length):
                    clean_starts.append(seg_start + k)
                    raw_starts.append(lo)
                    raw_ends.append(hi)
                continue
            clean_starts.append(seg_start)
            raw_starts.append(lo)
            raw_ends.append(hi)
        return OffsetMap(clean_starts, raw_starts, raw_ends, len(self.text))

    def copied_spans(self) -> list[tuple[int, int]]:
        """Clean spans left exactly as in the raw text (for tests and diagnostics)."""
        return [
            (self._cur[i], self._segment_end(i)) for i in range(len(self._cur)) if self._copy[i]
        ]


def _append(
    out: tuple[list[int], list[int], list[int], list[bool]],
    cur: int,
    raw_start: int,
    raw_end: int,
    copy: bool,
) -> None:
    """Add a segment, merging it into the previous one when they continue each other."""
    curs, starts, ends, copies = out
    if curs and copies[-1] == copy:
        if copy and ends[-1] == raw_start:
            ends[-1] = raw_end
            return
        if not copy and starts[-1] == raw_start and ends[-1] == raw_end:
            return
    curs.append(cur)
    starts.append(raw_start)
    ends.append(raw_end)
    copies.append(copy)
