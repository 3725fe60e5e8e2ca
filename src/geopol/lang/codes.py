"""CAMEO code facts shared with the English coder: Goldstein score, PLOVER type, QuadClass.

Read from the English coder's tables (``data/events/cameo_codes.tsv`` and
``plover_map.tsv``) so an event coded from Arabic or Spanish carries exactly the same
numbers as one coded from English.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geopol.records import Polarity

EVENTS_DATA = Path(__file__).resolve().parent.parent / "data" / "events"


@dataclass(frozen=True, slots=True)
class CodeTables:
    goldstein: dict[str, float]
    names: dict[str, str]
    plover_by_prefix: dict[str, str]


def _table_lines(name: str) -> list[list[str]]:
    lines = (EVENTS_DATA / name).read_text(encoding="utf-8").splitlines()
    rows = [ln.split("\t") for ln in lines if ln and not ln.startswith("#")]
    return rows[1:]  # header


@lru_cache(maxsize=1)
def code_tables() -> CodeTables:
    goldstein: dict[str, float] = {}
    names: dict[str, str] = {}
    for row in _table_lines("cameo_codes.tsv"):
        goldstein[row[0]] = float(row[1])
        names[row[0]] = row[2] if len(row) > 2 else ""
    plover = {row[0]: (row[1] if len(row) > 1 else "") for row in _table_lines("plover_map.tsv")}
    return CodeTables(goldstein, names, plover)


def plover_type(cameo: str) -> str:
    """PLOVER type of a CAMEO code by its longest listed prefix ("" for plain statements)."""
    table = code_tables().plover_by_prefix
    for n in range(len(cameo), 1, -1):
        if cameo[:n] in table:
            return table[cameo[:n]]
    return ""


def goldstein(cameo: str) -> float:
    table = code_tables().goldstein
    for candidate in (cameo, cameo[:3], cameo[:2] + "0"):
        if candidate in table:
            return table[candidate]
    return 0.0


def quad_class(cameo: str) -> int:
    """CAMEO QuadClass: 1 verbal / 2 material cooperation, 3 verbal / 4 material conflict."""
    root = int(cameo[:2])
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


def polarity(cameo: str) -> Polarity:
    if cameo[:2] == "01":
        return "neutral"
    return "cooperative" if quad_class(cameo) <= 2 else "conflictual"
