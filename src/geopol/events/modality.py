"""Modality of an event trigger: negated, conditional, predicted, hedged or asserted.

Cues live in ``data/events/modality.tsv``. A cue counts when it stands in the few words
before the trigger ("did not attack", "will sign"), right before it ("an alleged raid"),
anywhere before it in its clause ("Reportedly, ..."), or, for conditions, anywhere in the sentence next to a modal verb
("would respond if ...").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from geopol.events.lexicon import DATA_DIR
from geopol.events.tokens import Token
from geopol.records import Modality

NEAR_WINDOW = 4
_MODALS = frozenset({"would", "will", "could", "might", "may", "'ll", "shall", "won't", "wouldn't"})


@dataclass(frozen=True, slots=True)
class Cue:
    words: tuple[str, ...]
    modality: Modality
    scope: str


@dataclass(frozen=True, slots=True)
class ModalityReading:
    negated: bool = False
    predicted: bool = False
    hedged: bool = False
    conditional: bool = False

    @property
    def modality(self) -> Modality:
        if self.negated:
            return "negated"
        if self.conditional:
            return "conditional"
        if self.predicted:
            return "predicted"
        if self.hedged:
            return "hedged"
        return "asserted"


@lru_cache(maxsize=1)
def cues_by_first_word() -> dict[str, list[Cue]]:
    table: dict[str, list[Cue]] = defaultdict(list)
    lines = (DATA_DIR / "modality.tsv").read_text(encoding="utf-8").splitlines()
    for line in lines:
        if not line or line.startswith("#") or line.startswith("cue\t"):
            continue
        words, modality, scope = line.split("\t")
        cue = Cue(tuple(words.split()), modality, scope)  # type: ignore[arg-type]
        table[cue.words[0]].append(cue)
    return dict(table)


def _cues_in(tokens: list[Token], start: int, end: int) -> list[tuple[int, Cue]]:
    """Cues that start and end inside tokens[start:end]."""
    table = cues_by_first_word()
    found = []
    for i in range(max(0, start), end):
        if _inside_name(tokens, i):
            continue
        for cue in table.get(tokens[i].lower, ()):
            n = len(cue.words)
            if i + n <= end and all(tokens[i + k].lower == cue.words[k] for k in range(n)):
                found.append((i, cue))
    return found


def _inside_name(tokens: list[Token], i: int) -> bool:
    """A capitalised cue word after a word is a name, not a cue: "Prime Minister May", "Will Smith"."""
    return i > 0 and tokens[i].text[:1].isupper() and tokens[i - 1].text[:1].isalpha()


def _right_before(tokens: list[Token], end: int, head: int) -> bool:
    """Whether a cue ending at ``end`` stands right before the trigger, or before "of" and it."""
    return end == head or (end + 1 == head and tokens[end].lower == "of")


def read_modality(tokens: list[Token], head: int, clause_start: int) -> ModalityReading:
    near_start = max(clause_start, head - NEAR_WINDOW)
    flags = {"negated": False, "predicted": False, "hedged": False, "conditional": False}
    has_modal = False
    for i, cue in _cues_in(tokens, clause_start, head):
        if cue.scope == "sentence":
            continue
        if cue.scope == "near" and i < near_start:
            continue
        if cue.scope == "next" and not _right_before(tokens, i + len(cue.words), head):
            continue
        flags[cue.modality] = True
        has_modal = has_modal or cue.words[0] in _MODALS
    for i, cue in _cues_in(tokens, 0, len(tokens)):
        if cue.scope != "sentence":
            continue
        # inside the if-clause itself, or a would/will event in a sentence with a condition
        inside = clause_start <= i < head and not any(
            tokens[k].lower == "," for k in range(i, head)
        )
        if inside or has_modal:
            flags["conditional"] = True
    return ModalityReading(**flags)
