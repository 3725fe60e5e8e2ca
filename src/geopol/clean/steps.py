"""The cleaning steps, in the order they run. Each is a small function ``text -> edits``.

An edit is ``(start, end, replacement)`` on the step's input text (see ``offsets.py``).
Steps prefer *deleting* characters over rewriting them, because deleted markup leaves the
surrounding text as an exact copy of the original, so its offsets stay character-exact.
The steps live in ``characters.py``, ``markdown.py``, ``layout.py``, ``linebreaks.py``
and ``ocr.py``; this module names them and fixes their order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from geopol.clean.characters import compose_accents, normalise_unicode, unescape_entities
from geopol.clean.layout import (
    drop_boilerplate_lines,
    drop_junk_tokens,
    drop_sidebar_column,
    is_junk_token,
    tidy_spaces,
)
from geopol.clean.linebreaks import collapse_blank_lines, dehyphenate, unwrap_lines
from geopol.clean.markdown import (
    strip_markdown_blocks,
    strip_markdown_emphasis,
    strip_markdown_links,
)
from geopol.clean.offsets import Edit

__all__ = [
    "STEPS",
    "Step",
    "collapse_blank_lines",
    "compose_accents",
    "dehyphenate",
    "drop_boilerplate_lines",
    "drop_junk_tokens",
    "drop_sidebar_column",
    "is_junk_token",
    "normalise_unicode",
    "repair_ocr",
    "strip_markdown_blocks",
    "strip_markdown_emphasis",
    "strip_markdown_links",
    "tidy_spaces",
    "unescape_entities",
    "unwrap_lines",
]


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    run: Callable[[str], list[Edit]]
    # Languages (ISO 639-1) the step is for; None means every language.
    languages: frozenset[str] | None = None

    def applies_to(self, language: str) -> bool:
        return self.languages is None or language in self.languages


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
