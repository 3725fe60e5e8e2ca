"""Known vulnerabilities in the pinned set (constraints.txt), from PyPI's project JSON.

pip-audit asks PyPI's per-release endpoint (``/pypi/NAME/VERSION/json``) or OSV; where only
the package index is reachable (this build machine), both fail and pip-audit audits nothing.
PyPI's per-project endpoint (``/pypi/NAME/json``) often still answers, and its
``vulnerabilities`` list is the advisory data (from OSV) for the project's *latest* release.
So a pin equal to the latest release is audited exactly; an older pin is audited as far as
the data goes: an advisory on the latest release whose fix is not yet released affects it too
unless the advisory says otherwise, and a pin older than latest is reported as "behind", since
advisories fixed in between are not in that list. The script never guesses a pin safe that it
could not check.

Usage: python scripts/audit_pins.py [constraints.txt] [--json] [--strict]
Exit 1 on a known vulnerability (or, with --strict, on any pin it could not audit); exit 0
otherwise, with one summary line saying how many pins were audited.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

PYPI = "https://pypi.org/pypi/{name}/json"
PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([^\s;#]+)")


@dataclass
class PinAudit:
    name: str
    version: str
    status: str  # audited | behind | unreachable
    latest: str | None = None
    vulns: list[dict[str, object]] = field(default_factory=list)
    reason: str = ""


def read_pins(path: Path) -> list[tuple[str, str]]:
    pins = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            pins.append((match.group(1), match.group(2)))
    return pins


def audit_pin(client: httpx.Client, name: str, version: str) -> PinAudit:
    try:
        response = client.get(PYPI.format(name=name))
    except httpx.HTTPError as exc:
        return PinAudit(name, version, "unreachable", reason=type(exc).__name__)
    if response.status_code != 200:
        return PinAudit(name, version, "unreachable", reason=f"HTTP {response.status_code}")
    data = response.json()
    latest = data["info"]["version"]
    advisories = [v for v in data.get("vulnerabilities") or [] if not v.get("withdrawn")]
    if version == latest:
        return PinAudit(name, version, "audited", latest, [_brief(v) for v in advisories])
    # An advisory against the latest release with no fixed release yet affects older pins
    # too; anything fixed between the pin and latest is invisible here.
    unfixed = [_brief(v) for v in advisories if not v.get("fixed_in")]
    return PinAudit(
        name, version, "behind", latest, unfixed, reason=f"pin {version} is older than {latest}"
    )


def _brief(advisory: dict[str, object]) -> dict[str, object]:
    return {
        "id": advisory.get("id"),
        "aliases": advisory.get("aliases"),
        "fixed_in": advisory.get("fixed_in"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("constraints", nargs="?", default="constraints.txt", type=Path)
    parser.add_argument("--json", action="store_true", help="print every pin's result as JSON")
    parser.add_argument("--strict", action="store_true", help="fail on pins not fully audited")
    args = parser.parse_args(argv)
    pins = read_pins(args.constraints)
    with httpx.Client(timeout=20, follow_redirects=True) as client, ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda pin: audit_pin(client, *pin), pins))
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=1))
    # With --json the JSON alone goes to stdout, so it can be piped; the lines go to stderr.
    out = sys.stderr if args.json else sys.stdout
    for result in results:
        for vuln in result.vulns:
            line = f"{result.name} {result.version}: {vuln['id']} (fixed in {vuln['fixed_in']})"
            print(f"audit: {line}", file=out)
    counts = {s: sum(r.status == s for r in results) for s in ("audited", "behind", "unreachable")}
    vulnerable = sum(bool(r.vulns) for r in results)
    print(
        f"audit: {len(pins)} pins; {counts['audited']} at their latest release audited, "
        f"{counts['behind']} behind latest (only unfixed advisories visible), "
        f"{counts['unreachable']} unreachable; {vulnerable} with known vulnerabilities",
        file=out,
    )
    if vulnerable:
        return 1
    if args.strict and counts["audited"] < len(pins):
        return 1
    if counts["unreachable"] == len(pins):
        print("audit: PyPI's JSON API was not reachable; nothing was audited", file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
