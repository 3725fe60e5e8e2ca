"""One reader per file format. Each yields Documents, or Skipped items with a reason.

What ``Document.raw_text`` holds, per format (all offsets point into it):

- ``.txt``, ``.md``: the file's text, decoded (UTF-8, or a noted fallback).
- ``.html``, ``.htm``: the main text trafilatura extracts (navigation, ads and footers
  removed), one block per paragraph with a blank line between. HTML markup is not text,
  so evidence quotes this extracted text, not the markup.
- ``.pdf``: the text layer of every page, pages separated by a blank line.
- ``.jsonl``: the ``text`` field of each line, one document per line (when the field
  holds HTML markup, the text extracted from it, as for ``.html``).
- any of these compressed with gzip (``feed.jsonl.gz``): the same, decompressed.

Files larger than ``part_chars`` characters (plain text and markdown only) are read as
a stream and split at paragraph boundaries into parts; see :mod:`geopol.ingest.stream`.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import warnings
import zlib
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from geopol.errors import (
    BinaryInput,
    EmptyInput,
    InputError,
    InputNotFound,
    JsonlError,
    PdfError,
    UnsupportedFormat,
)
from geopol.ingest.decode import SNIFF_BYTES, decode_bytes, looks_binary, sniff_encoding
from geopol.ingest.language import detect_language
from geopol.ingest.metadata import markdown_title, normalise_date, stated_date
from geopol.records import Document, Skipped, content_id

Item = Document | Skipped

# Above this many bytes a text file is streamed in parts (override: GEOPOL_PART_BYTES).
PART_BYTES = int(os.environ.get("GEOPOL_PART_BYTES", str(8 * 1024 * 1024)))
# HTML and PDF are parsed whole by their libraries; refuse what would not fit comfortably.
MAX_PARSED_BYTES = int(os.environ.get("GEOPOL_MAX_PARSED_BYTES", str(100 * 1024 * 1024)))


def make_document(
    raw: str,
    source: str,
    *,
    path: Path | None,
    user_date: str | None,
    title: str | None = None,
    published: str | None = None,
    published_text: str | None = None,
    url: str | None = None,
    warnings_: list[str] | None = None,
    base_offset: int = 0,
    find_date: bool = True,
) -> Document:
    """A Document with its id, language and publication date filled in."""
    if published is None and find_date:
        found = stated_date(raw)
        if found:
            published, published_text = found
    if published is None and user_date is not None:
        published = user_date
    return Document(
        id=content_id(raw),
        source=source,
        raw_text=raw,
        title=title,
        published=published,
        published_text=published_text,
        language=detect_language(raw, default="en"),
        url=url,
        path=str(path) if path is not None else None,
        warnings=list(warnings_ or []),
        base_offset=base_offset,
    )


def _check_text(raw: str, source: str) -> None:
    if not raw.strip():
        raise EmptyInput("empty file (no text)", source=source)


# --------------------------------------------------------------------------- text


def read_text(path: Path, *, date: str | None = None) -> Iterator[Item]:
    """.txt and .md files (also gzip-compressed); large ones stream in parts."""
    source = path.name
    with open_binary(path) as handle:
        data = handle.read(PART_BYTES + 1)  # enough to know whether it must stream
    if not data:
        raise EmptyInput("empty file (0 bytes)", source=source)
    encoding = sniff_encoding(data[:4])
    if looks_binary(data[:SNIFF_BYTES], encoding):
        raise BinaryInput("binary file, not text", source=source)
    if len(data) > PART_BYTES:
        from geopol.ingest.stream import read_text_parts

        del data
        yield from read_text_parts(path, encoding=encoding, date=date)
        return
    decoded = decode_bytes(data)
    _check_text(decoded.text, source)
    markdown = format_suffix(path) in (".md", ".markdown")
    title = markdown_title(decoded.text) if markdown else None
    yield make_document(
        decoded.text, source, path=path, user_date=date, title=title, warnings_=decoded.warnings
    )


# --------------------------------------------------------------------------- html


def read_html(path: Path, *, date: str | None = None) -> Iterator[Item]:
    """Main text of a saved web page (trafilatura), with its title and date."""
    source = path.name
    data = _read_limited(path)
    head = data[:SNIFF_BYTES]
    if looks_binary(head, sniff_encoding(head[:4])):
        raise BinaryInput("binary file, not HTML", source=source)
    decoded = decode_bytes(data)
    _check_text(decoded.text, source)
    # Not UTF-8: trafilatura reads the page's own charset declaration from the bytes.
    text, meta = extract_html(data if decoded.warnings else decoded.text)
    if not text.strip():
        raise EmptyInput("no main text found in the HTML page", source=source)
    published = normalise_date(meta.get("date"))
    yield make_document(
        text,
        source,
        path=path,
        user_date=date,
        title=meta.get("title") or None,
        published=published,
        published_text=meta.get("date") if published else None,
        url=meta.get("url") or None,
        find_date=published is None,
    )


def extract_html(html_text: str | bytes) -> tuple[str, dict[str, Any]]:
    """(main text with a blank line between blocks, metadata) of an HTML page."""
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = trafilatura.bare_extraction(
            html_text, with_metadata=True, include_comments=False, include_tables=True
        )
        meta: dict[str, Any] = {}
        text = ""
        if isinstance(result, dict):
            text = result.get("text") or ""
            meta = {key: result.get(key) for key in ("title", "date", "url")}
        elif result is not None:
            text = result.text or ""
            meta = {"title": result.title, "date": result.date, "url": result.url}
        if not text.strip():
            # Very short pages have no "main" block for trafilatura: take all the text.
            text = trafilatura.html2txt(html_text) or ""
    blocks = [line.strip() for line in text.splitlines() if line.strip()]
    return "\n\n".join(blocks), meta


# --------------------------------------------------------------------------- pdf


def read_pdf(path: Path, *, date: str | None = None) -> Iterator[Item]:
    """The text layer of a PDF; clear reasons for encrypted, corrupt or image-only files."""
    source = path.name
    data = _read_limited(path)
    if not data.lstrip().startswith(b"%PDF"):
        raise PdfError("corrupt PDF: the file does not start with a PDF header", source=source)
    text, title = extract_pdf(data, source)
    yield make_document(text, source, path=path, user_date=date, title=title)


def extract_pdf(data: bytes, source: str) -> tuple[str, str | None]:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not _try_empty_password(reader):
                raise PdfError("encrypted PDF: it needs a password to be read", source=source)
            pages = [page.extract_text() or "" for page in reader.pages]
            title = _pdf_title(reader)
        except FileNotDecryptedError as exc:
            raise PdfError("encrypted PDF: it needs a password to be read", source=source) from exc
        except PdfError:
            raise
        except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
            raise PdfError(f"corrupt PDF: {exc}", source=source) from exc
        except Exception as exc:  # pypdf raises many kinds on broken files
            raise PdfError(f"corrupt PDF: {type(exc).__name__}: {exc}", source=source) from exc
    text = "\n\n".join(p.strip("\n") for p in pages if p.strip())
    if not text.strip():
        raise PdfError(
            "PDF has no text layer (scanned images?); run OCR on it first", source=source
        )
    return text, title


def _try_empty_password(reader: Any) -> bool:
    try:
        return bool(reader.decrypt(""))
    except Exception:
        return False


def _pdf_title(reader: Any) -> str | None:
    try:
        meta = reader.metadata
        title = meta.title if meta else None
    except Exception:
        return None
    return str(title).strip() or None if title else None


# --------------------------------------------------------------------------- jsonl


def read_jsonl(path: Path, *, date: str | None = None) -> Iterator[Item]:
    """One document per line: ``text`` and optional ``id``, ``title``, ``url``, ``date``.

    A bad line is a Skipped naming ``file:line``; the other lines go on. Blank lines are
    ignored. The file is read line by line, so its size does not matter.
    """
    name = path.name
    with open_binary(path) as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip():
        raise EmptyInput("empty file (no lines)", source=name)
    if looks_binary(head, sniff_encoding(head[:4])):
        raise BinaryInput("binary file, not JSON lines", source=name)
    with open_binary(path) as handle:
        for number, line in enumerate(_bounded_lines(handle, MAX_PARSED_BYTES + 1), start=1):
            if not line.strip():
                continue
            yield _jsonl_item(line, name, number, path, date)


def _bounded_lines(handle: io.BufferedIOBase, limit: int) -> Iterator[bytes]:
    """Lines cut at ``limit`` bytes; the rest of a longer line is read in blocks and
    dropped, so memory stays bounded however long a line is (a gzip bomb with no line
    break would otherwise be read whole). The cut line is still too long to be taken."""
    while line := handle.readline(limit):
        if len(line) == limit and not line.endswith(b"\n"):
            while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
        yield line


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(record: dict[str, Any]) -> dict[str, Any]:
    """JSON escapes can spell lone UTF-16 surrogates ("\\ud800"), which are not text: spaCy
    and DuckDB refuse them. Each becomes U+FFFD, one character for one, so offsets hold."""
    dumped = json.dumps(record, ensure_ascii=False)
    if _LONE_SURROGATE.search(dumped) is None:
        return record
    fixed: dict[str, Any] = json.loads(_LONE_SURROGATE.sub("\ufffd", dumped))
    return fixed


def _jsonl_item(line: bytes, name: str, number: int, path: Path, date: str | None) -> Item:
    where = f"{name}:{number}"
    if len(line) > MAX_PARSED_BYTES:
        from geopol.errors import TooLarge

        return TooLarge(f"line of {len(line) // (1024 * 1024)} MB is too long").skipped(where)
    decoded = decode_bytes(line)
    try:
        record = json.loads(decoded.text)
    except json.JSONDecodeError as exc:
        return JsonlError(f"line is not JSON ({exc.msg} at column {exc.colno})").skipped(where)
    if not isinstance(record, dict):
        return JsonlError("line is not a JSON object").skipped(where)
    if b"\\ud" in line.lower():  # only an escape can make a lone surrogate
        record = _without_lone_surrogates(record)
    text = record.get("text")
    if not isinstance(text, str):
        return JsonlError("line has no 'text' string").skipped(where)
    if not text.strip():
        return EmptyInput("line has an empty 'text'").skipped(where)
    ident = record.get("id")
    label = str(ident) if ident not in (None, "") else str(number)
    published = normalise_date(record.get("date"))
    warnings_ = list(decoded.warnings)
    if looks_like_html(text):
        # Scrapers often store the page's markup: read the text inside it instead.
        text, _meta = extract_html(text)
        if not text.strip():
            return EmptyInput("line's 'text' is HTML with no text in it").skipped(where)
        warnings_.append("the 'text' field held HTML; the text of the page was extracted")
    if record.get("date") not in (None, "") and published is None:
        warnings_.append(f"'date' not understood: {record.get('date')!r}")
    return make_document(
        text,
        f"{name}#{label}",
        path=path,
        user_date=date,
        title=_str_or_none(record.get("title")),
        published=published,
        published_text=str(record["date"]) if published else None,
        url=_str_or_none(record.get("url")),
        warnings_=warnings_,
        find_date=published is None,
    )


_HTML_TAG = re.compile(
    r"</?(?:p|div|br|span|a|h[1-6]|li|ul|ol|article|section|table|td|tr|body|html)\b[^<>]*>",
    re.IGNORECASE,
)


def looks_like_html(text: str) -> bool:
    """Markup rather than text: several block or inline HTML tags."""
    return "<" in text and len(_HTML_TAG.findall(text, 0, 5000)) >= 2


def _str_or_none(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


# --------------------------------------------------------------------------- dispatch


def format_suffix(path: Path) -> str:
    """The suffix that names the format: ``.jsonl`` for ``feed.jsonl.gz``."""
    suffix = path.suffix.lower()
    if suffix == ".gz":
        return Path(path.stem).suffix.lower()
    return suffix


def open_binary(path: Path) -> io.BufferedIOBase:
    """The file's bytes, decompressed on the fly for ``.gz`` files."""
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rb")
    return path.open("rb")


def _read_limited(path: Path) -> bytes:
    with open_binary(path) as handle:
        data = handle.read(MAX_PARSED_BYTES + 1)
    if not data:
        raise EmptyInput("empty file (0 bytes)", source=path.name)
    if len(data) > MAX_PARSED_BYTES:
        from geopol.errors import TooLarge

        raise TooLarge(
            f"file is over the {MAX_PARSED_BYTES // (1024 * 1024)} MB limit for "
            f"{format_suffix(path)} files (convert it to .txt to stream it)",
            source=path.name,
        )
    return data


Reader = Callable[..., Iterator[Item]]


def _sniff_reader(path: Path, reader: Reader | None) -> tuple[Reader | None, str]:
    """The reader the content asks for when the file name says otherwise: a PDF or a web
    page saved as ``.txt``, or a text file without a known extension."""
    if reader in (read_pdf, read_jsonl):
        return None, ""
    try:
        with open_binary(path) as handle:
            head = handle.read(SNIFF_BYTES)
    except (OSError, EOFError, zlib.error):  # a corrupt .gz: its reader says so
        return None, ""
    start = head.lstrip()[:64].lower()
    if start.startswith(b"%pdf-"):
        return read_pdf, "the file is a PDF; read as PDF"
    if reader is read_text and start.startswith((b"<!doctype html", b"<html")):
        return read_html, "the file is an HTML page; read as HTML"
    if reader is None and head and not looks_binary(head, sniff_encoding(head[:4])):
        suffix = format_suffix(path) or "(none)"
        return read_text, f"unknown extension {suffix!r}; read as plain text"
    return None, ""


def _with_note(reader: Reader, path: Path, *, date: str | None, note: str) -> Iterator[Item]:
    for item in reader(path, date=date):
        if isinstance(item, Document):
            item.warnings.append(note)
        yield item


READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_text,
    ".markdown": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".pdf": read_pdf,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
}


def read_file(path: str | Path, *, date: str | None = None) -> Iterator[Item]:
    """Documents read from one file (a JSONL file yields many; bad input yields Skipped)."""
    path = Path(path)
    source = path.name
    if not path.exists():
        yield InputNotFound("no such file", source=str(path)).skipped()
        return
    if not path.is_file():
        yield InputNotFound("not a file", source=str(path)).skipped()
        return
    reader = READERS.get(format_suffix(path))
    sniffed, note = _sniff_reader(path, reader)
    if sniffed is not None and sniffed is not reader:
        reader = partial(_with_note, sniffed, note=note)
    if reader is None:
        yield UnsupportedFormat(
            f"unsupported file type {format_suffix(path) or '(none)'!r}; "
            f"geopol reads {', '.join(sorted(set(READERS)))}",
            source=source,
        ).skipped()
        return
    try:
        yield from reader(path, date=date)
    except InputError as exc:
        yield exc.skipped(source)
    except (OSError, EOFError, zlib.error) as exc:
        # Includes corrupt or truncated .gz files.
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        yield InputError(f"cannot read file: {reason}", source=source).skipped()
