"""Bytes to text: UTF-8 first, a clear fallback for what is not, and binary detection."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

FALLBACK_ERRORS = "geopol-cp1252"
SNIFF_BYTES = 8192


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode each byte UTF-8 rejects as Windows-1252 (Latin-1 where 1252 has a hole).

    Files with a few stray bytes keep their UTF-8 text intact, and files written in a
    legacy Western encoding come out readable, all in one pass that can also stream.
    """
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    chars = []
    for byte in bad:
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append(bytes([byte]).decode("latin-1"))
    return ("".join(chars), error.end)


codecs.register_error(FALLBACK_ERRORS, _cp1252_fallback)


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def sniff_encoding(head: bytes) -> str:
    """``utf-8``, ``utf-8-sig`` or a UTF-16/32 flavour, from a byte-order mark."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8"


def looks_binary(head: bytes, encoding: str = "utf-8") -> bool:
    """NUL bytes or many control bytes in the first block: not a text file."""
    if not head or encoding.startswith(("utf-16", "utf-32")):
        return False
    if b"\x00" in head:
        return True
    control = len(head.translate(None, _NOT_CONTROL))
    return control / len(head) > 0.05


# Every byte but the control bytes that never appear in text (tab, newlines, form feed
# and escape do): deleting these leaves only the suspicious ones to count.
_NOT_CONTROL = bytes(b for b in range(256) if b >= 32 or b in (9, 10, 12, 13, 27))


def decode_bytes(data: bytes) -> Decoded:
    """Decode a whole file's bytes; invalid UTF-8 is decoded with a fallback and noted."""
    encoding = sniff_encoding(data[:4])
    if encoding != "utf-8":
        text = data.decode(encoding, errors="replace")
        return Decoded(text, encoding)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors=FALLBACK_ERRORS)
        return Decoded(text, "utf-8+cp1252", [invalid_utf8_warning(exc.start)])


def invalid_utf8_warning(byte_offset: int) -> str:
    return (
        f"invalid UTF-8 (first at byte {byte_offset}); "
        "the bytes that are not UTF-8 were read as Windows-1252"
    )


class IncrementalDecoder:
    """Streaming form of :func:`decode_bytes`, for files read in blocks."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        errors = FALLBACK_ERRORS if encoding in ("utf-8", "utf-8-sig") else "replace"
        self._decoder = codecs.getincrementaldecoder(encoding)(errors=errors)
        self._strict = codecs.getincrementaldecoder(encoding)(errors="strict")
        self._bytes_seen = 0
        self.warning: str | None = None

    def decode(self, block: bytes, final: bool = False) -> str:
        if self.warning is None and self.encoding in ("utf-8", "utf-8-sig"):
            try:
                self._strict.decode(block, final)
            except UnicodeDecodeError as exc:
                self.warning = invalid_utf8_warning(self._bytes_seen + exc.start)
        self._bytes_seen += len(block)
        return self._decoder.decode(block, final)
