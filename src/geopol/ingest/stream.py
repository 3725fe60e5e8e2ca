"""Huge text files, read as a stream and cut into parts at paragraph boundaries.

Memory stays bounded by the part size: the file is decoded block by block, and as soon
as the buffer holds a part's worth of text, the part is cut at the last blank line
(else the last line break, else the last space) and yielded as its own Document. Each
part's ``source`` is ``file.txt#part-N`` and its ``base_offset`` is the character offset
of its first character in the whole decoded file, so ``base_offset + start`` locates any
span in the original file; offsets inside a part point into that part's ``raw_text``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from geopol.ingest.decode import IncrementalDecoder
from geopol.ingest.readers import Item, make_document, open_binary

PART_CHARS = int(os.environ.get("GEOPOL_PART_CHARS", str(1_000_000)))
BLOCK_BYTES = 1 << 20

_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")


def cut_point(buffer: str, target: int) -> int:
    """Where to end a part of about ``target`` characters: after a blank line if the
    buffer has one past its first half, else after a line break, else after a space."""
    window_start = target // 2
    last = None
    for m in _PARAGRAPH_END.finditer(buffer, window_start, target):
        last = m
    if last is not None:
        return last.end()
    newline = buffer.rfind("\n", window_start, target)
    if newline >= 0:
        return newline + 1
    space = buffer.rfind(" ", window_start, target)
    if space >= 0:
        return space + 1
    return target


def split_parts(chunks: Iterator[str], part_chars: int = PART_CHARS) -> Iterator[tuple[int, str]]:
    """``(base_offset, text)`` parts of a text given as a stream of chunks."""
    buffer = ""
    base = 0
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= part_chars * 2:
            cut = cut_point(buffer, part_chars)
            yield base, buffer[:cut]
            base += cut
            buffer = buffer[cut:]
    while len(buffer) > part_chars:
        cut = cut_point(buffer, part_chars)
        yield base, buffer[:cut]
        base += cut
        buffer = buffer[cut:]
    if buffer:
        yield base, buffer


def _decoded_blocks(path: Path, encoding: str, decoder: IncrementalDecoder) -> Iterator[str]:
    with open_binary(path) as handle:
        while True:
            block = handle.read(BLOCK_BYTES)
            if not block:
                tail = decoder.decode(b"", final=True)
                if tail:
                    yield tail
                return
            yield decoder.decode(block)


def read_text_parts(
    path: Path, *, encoding: str, date: str | None = None, part_chars: int = PART_CHARS
) -> Iterator[Item]:
    decoder = IncrementalDecoder(encoding)
    number = 0
    stated: tuple[str | None, str | None] = (None, None)  # the file's date, from part 1
    for base, text in split_parts(_decoded_blocks(path, encoding, decoder), part_chars):
        if not text.strip():
            continue
        number += 1
        warnings = [f"part {number} of a large file, from character {base}"]
        if decoder.warning:
            warnings.append(decoder.warning)
        doc = make_document(
            text,
            f"{path.name}#part-{number}",
            path=path,
            user_date=date,
            published=stated[0],
            published_text=stated[1],
            base_offset=base,
            warnings_=warnings,
            find_date=number == 1,
        )
        if number == 1 and doc.published_text is not None:
            stated = (doc.published, doc.published_text)
        yield doc
    if number == 0:  # a large file of blanks must not vanish from the batch unreported
        from geopol.errors import EmptyInput

        raise EmptyInput("empty file (no text)", source=path.name)
