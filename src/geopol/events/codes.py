"""CAMEO code table, PLOVER mapping, QuadClass, penta class and polarity of an event code."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from geopol.events.lexicon import DATA_DIR
from geopol.records import Polarity

PENTA_CLASSES = (
    "STATEMENT",
    "VERBAL_COOPERATION",
    "MATERIAL_COOPERATION",
    "VERBAL_CONFLICT",
    "MATERIAL_CONFLICT",
)
PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    goldstein: float

    @property
    def root(self) -> str:
        return self.code[:2]

    @property
    def quad_class(self) -> int:
        return quad_class(self.code)

    @property
    def penta(self) -> str:
        return penta_class(self.code)

    @property
    def plover(self) -> str:
        return plover_type(self.code)

    @property
    def polarity(self) -> Polarity:
        return polarity(self.code)


def _rows(name: str) -> list[list[str]]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    return rows[1:]  # header


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, CameoCode]:
    return {
        code: CameoCode(code, name, float(score)) for code, score, name in _rows("cameo_codes.tsv")
    }


@lru_cache(maxsize=1)
def _plover_prefixes() -> dict[str, str]:
    return {row[0]: (row[1] if len(row) > 1 else "") for row in _rows("plover_map.tsv")}


def cameo(code: str) -> CameoCode:
    """The table entry of a code; a 4-digit code unknown to the table falls back to its base."""
    table = cameo_table()
    if code in table:
        return table[code]
    if len(code) == 4 and code[:3] in table:
        return table[code[:3]]
    raise KeyError(f"unknown CAMEO code {code!r}")


def root(code: str) -> int:
    return int(code[:2])


def quad_class(code: str) -> int:
    """GDELT QuadClass: 1 verbal cooperation (01-04), 2 material cooperation (05-08),
    3 verbal conflict (09-13), 4 material conflict (14-20)."""
    r = root(code)
    if r <= 4:
        return 1
    if r <= 8:
        return 2
    if r <= 13:
        return 3
    return 4


def penta_class(code: str) -> str:
    """The five-way grouping of the UT Dallas CAMEO data (16 counts as verbal conflict)."""
    r = root(code)
    if r <= 2:
        return PENTA_CLASSES[0]
    if r <= 5:
        return PENTA_CLASSES[1]
    if r <= 8:
        return PENTA_CLASSES[2]
    if r <= 13 or r == 16:
        return PENTA_CLASSES[3]
    return PENTA_CLASSES[4]


def plover_type(code: str) -> str:
    """PLOVER 2023 event type of a CAMEO code ('' for plain statements, which PLOVER lacks)."""
    prefixes = _plover_prefixes()
    for length in range(len(code), 1, -1):
        if code[:length] in prefixes:
            return prefixes[code[:length]]
    return ""


def polarity(code: str) -> Polarity:
    r = root(code)
    if r == 1:
        return "neutral"
    return "cooperative" if r <= 8 else "conflictual"


def goldstein(code: str) -> float:
    return cameo(code).goldstein


def is_cooperation(code: str) -> bool:
    return 3 <= root(code) <= 8


def is_material_conflict(code: str) -> bool:
    return root(code) in (14, 15, 17, 18, 19, 20)
