"""Scores of the Arabic and Spanish coder on the shared benchmarks -> benchmarks/results/lang.json.

    .venv/bin/python benchmarks/eval_lang.py [--benchmarks ../shared/benchmarks] [--split test]

Prints, for each of the four Arabic/Spanish benchmark folders, the lexicon alone and the
lexicon with the trained classifiers (``geopol.lang.classifier``), on the held-out ``test``
split defined in ``geopol.lang.evaluate.split_of`` (the classifiers never saw it), plus
the floors of ``benchmarks/floors_lang.json`` and whether they hold. The classifiers are
trained by ``python -m geopol.lang.train`` on the ``train`` split only.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from geopol.lang.coder import code_text
from geopol.lang.evaluate import BENCHMARKS
from geopol.records import Event

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ROOT / "benchmarks" / "floors_lang.json"
RESULTS = ROOT / "benchmarks" / "results" / "lang.json"


def lexicon_only(text: str, language: str) -> list[Event]:
    return code_text(text, language, classify=False)


def with_classifiers(text: str, language: str) -> list[Event]:
    return code_text(text, language)


def floor_checks(results: dict[str, Any]) -> list[dict[str, Any]]:
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    checks = []
    for name, metrics in floors.get("floors", {}).items():
        for metric, floor in metrics.items():
            value = results.get(name, {}).get("hybrid", {}).get(metric)
            checks.append({"benchmark": name, "metric": metric, "floor": floor, "value": value,
                           "ok": value is not None and value >= floor})  # fmt: skip
    return checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benchmarks", type=Path, default=ROOT.parent / "shared" / "benchmarks")
    parser.add_argument("--split", default="test")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    results: dict[str, Any] = {"split": args.split}
    for name, evaluate in BENCHMARKS.items():
        folder = args.benchmarks / name
        if not folder.is_dir():
            print(f"{name}: not found under {args.benchmarks}, skipped", file=sys.stderr)
            continue
        entry: dict[str, Any] = {}
        for label, coder in (("lexicon", lexicon_only), ("hybrid", with_classifiers)):
            started = time.perf_counter()
            entry[label] = evaluate(folder, args.split, coder).to_dict()
            entry[label]["seconds"] = round(time.perf_counter() - started, 2)
        results[name] = entry
        print(f"\n== {name} ({args.split})")
        for label in ("lexicon", "hybrid"):
            print(f"  {label:8} {json.dumps(entry[label], ensure_ascii=False)}")
    if FLOORS.exists() and args.split == "test":
        results["floors"] = floor_checks(results)
        for check in results["floors"]:
            mark = "ok " if check["ok"] else "LOW"
            print(
                f"  floor {mark} {check['benchmark']}.{check['metric']}: {check['value']} >= {check['floor']}"
            )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
