"""Generate ``states.tsv`` (the base table of states) from pycountry and countryinfo.

Run from the repository root::

    .venv/bin/python src/geopol/data/actors/build_states.py

The output is a plain TSV (one state per line, multi-valued fields joined with ``|``) so a
diff shows exactly what changed when the packages are upgraded. Hand curation does NOT go
into ``states.tsv``: it lives in ``states_curated.tsv``, which the loader applies on top, so
the generated table can be rebuilt at any time without losing it.

Sources: pycountry (ISO 3166-1 and 3166-3 codes and names, LGPL-2.1, used as data only) and
countryinfo (alternative spellings, demonyms, capitals; MIT).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import countryinfo
import pycountry

OUT = Path(__file__).with_name("states.tsv")
COLUMNS = ("id", "name", "status", "aliases", "adjectives", "plurals", "capitals")

# ISO 3166-1 entries that are dependent territories or otherwise not states. The 196
# entries left are the 193 UN members, the two observers and Taiwan.
_TERRITORY_CODES = (
    "ALA ASM AIA ATA ABW BMU BES BVT IOT CYM CXR CCK COK CUW FLK FRO GUF PYF ATF GIB GRL "
    "GLP GUM GGY HMD HKG IMN JEY MAC MTQ MYT MSR NCL NIU NFK MNP PCN PRI REU BLM SHN MAF "
    "SPM SXM SGS SJM TKL TCA UMI VGB VIR WLF"
)
TERRITORIES = frozenset(_TERRITORY_CODES.split())
OBSERVERS = frozenset({"VAT", "PSE"})
DISPUTED = frozenset({"TWN", "ESH"})

# Demonyms that do not take an -s plural ("the Chinese", "the French", "the Swiss").
_INVARIANT_ENDINGS = ("ese", "ish", "ch", "ss", "sh", "ois", "z")


def _is_latin(text: str) -> bool:
    return all(ch.isascii() or (ch.isalpha() and ord(ch) < 0x250) for ch in text)


def _good_alias(alias: str, codes: set[str]) -> bool:
    return (
        len(alias) > 3
        and alias not in codes
        and "," not in alias
        and "(" not in alias
        and _is_latin(alias)
    )


def _plural(demonym: str) -> str | None:
    if not demonym or demonym.endswith(_INVARIANT_ENDINGS):
        return None
    if demonym.endswith("y") and not demonym.endswith("ey"):
        return None
    return demonym + "s"


def _countryinfo_by_iso3() -> dict[str, list[dict]]:
    by_iso: dict[str, list[dict]] = {}
    for entry in countryinfo.all_countries():
        info = entry.info()
        iso = (info.get("ISO") or {}).get("alpha3")
        if iso:
            by_iso.setdefault(iso, []).append(dict(info))
    return by_iso


def _pick_info(infos: list[dict], names: set[str]) -> dict:
    """countryinfo lists some ISO codes more than once (GBR: England, Wales, ...)."""
    for info in infos:
        if info.get("name") in names:
            return info
    return infos[0] if infos else {}


def _status(iso3: str) -> str:
    if iso3 in TERRITORIES:
        return "territory"
    if iso3 in OBSERVERS:
        return "observer"
    if iso3 in DISPUTED:
        return "disputed"
    return "un_member"


def _clean_name(name: str) -> str:
    # "Bolivia, Plurinational State of" -> "Bolivia"
    return re.sub(r",.*$", "", name).strip()


def build_rows() -> list[dict[str, str]]:
    by_iso = _countryinfo_by_iso3()
    rows = []
    for country in pycountry.countries:
        iso3 = country.alpha_3
        names = {
            country.name,
            getattr(country, "common_name", ""),
            getattr(country, "official_name", ""),
        }
        names.discard("")
        info = _pick_info(by_iso.get(iso3, []), names)
        display = getattr(country, "common_name", None) or _clean_name(country.name)
        codes = {iso3, country.alpha_2}
        aliases = [*sorted(names), info.get("name", ""), *(info.get("altSpellings") or [])]
        aliases = sorted(
            {a.strip() for a in aliases if a and _good_alias(a.strip(), codes)} - {display}
        )
        # countryinfo joins two demonyms with a comma ("Antiguan,Barbudan").
        demonyms = [d.strip() for d in (info.get("demonym") or "").split(",") if d.strip()]
        capital = (info.get("capital") or "").strip()
        rows.append(
            {
                "id": iso3,
                "name": display,
                "status": _status(iso3),
                "aliases": "|".join(aliases),
                "adjectives": "|".join(demonyms),
                "plurals": "|".join(p for p in map(_plural, demonyms) if p),
                "capitals": capital,
            }
        )
    for old in pycountry.historic_countries:
        # ISO 3166-3 keeps four-letter codes; the three-letter code is the old alpha-3.
        iso3 = old.alpha_3
        if any(r["id"] == iso3 for r in rows):
            continue
        rows.append(
            {
                "id": iso3,
                "name": _clean_name(old.name),
                "status": "historical",
                "aliases": "",
                "adjectives": "",
                "plurals": "",
                "capitals": "",
            }
        )
    rows.sort(key=lambda r: r["id"])
    return rows


def write_tsv(rows: list[dict[str, str]], path: Path) -> None:
    lines = ["\t".join(COLUMNS)]
    lines += ["\t".join(row[c].replace("\t", " ") for c in COLUMNS) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    rows = build_rows()
    write_tsv(rows, OUT)
    print(f"wrote {len(rows)} states to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
