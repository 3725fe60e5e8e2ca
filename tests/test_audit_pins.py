"""scripts/audit_pins.py: the pinned-set audit that CI runs (`make audit`)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import httpx
import pytest

# Kept before any test patches httpx.Client for the script.
REAL_CLIENT = httpx.Client
SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "audit_pins.py"


@pytest.fixture(scope="module")
def audit():
    spec = importlib.util.spec_from_file_location("audit_pins", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _client(projects: dict[str, dict]) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        name = request.url.path.split("/")[2]
        if name not in projects:
            return httpx.Response(404)
        return httpx.Response(200, json=projects[name])

    return REAL_CLIENT(transport=httpx.MockTransport(handler))


def _project(latest: str, vulns: list[dict] | None = None) -> dict:
    return {"info": {"version": latest}, "vulnerabilities": vulns or []}


def test_read_pins_takes_exact_pins_only(audit, tmp_path):
    path = tmp_path / "c.txt"
    path.write_text("# comment\nalpha==1.0\nbeta[extra]==2.1 ; python_version>'3'\ngamma>=3\n")
    assert audit.read_pins(path) == [("alpha", "1.0"), ("beta", "2.1")]


def test_pin_at_latest_reports_its_advisories(audit):
    vuln = {"id": "PYSEC-1", "aliases": ["CVE-1"], "fixed_in": ["1.1"], "withdrawn": None}
    with _client({"alpha": _project("1.0", [vuln])}) as client:
        result = audit.audit_pin(client, "alpha", "1.0")
    assert result.status == "audited"
    assert [v["id"] for v in result.vulns] == ["PYSEC-1"]


def test_withdrawn_advisory_is_ignored(audit):
    vuln = {"id": "PYSEC-2", "fixed_in": [], "withdrawn": "2026-01-01"}
    with _client({"alpha": _project("1.0", [vuln])}) as client:
        assert audit.audit_pin(client, "alpha", "1.0").vulns == []


def test_older_pin_is_behind_and_keeps_unfixed_advisories(audit):
    unfixed = {"id": "GHSA-open", "fixed_in": []}
    fixed = {"id": "GHSA-fixed", "fixed_in": ["2.1"]}
    with _client({"alpha": _project("2.0", [unfixed, fixed])}) as client:
        result = audit.audit_pin(client, "alpha", "1.0")
    assert result.status == "behind"
    assert [v["id"] for v in result.vulns] == ["GHSA-open"]


def test_unreachable_project_is_not_called_safe(audit):
    with _client({}) as client:
        result = audit.audit_pin(client, "missing", "1.0")
    assert result.status == "unreachable"
    assert "404" in result.reason


def test_main_fails_on_a_vulnerable_pin(audit, tmp_path, monkeypatch, capsys):
    path = tmp_path / "c.txt"
    path.write_text("alpha==1.0\nbeta==2.0\n")
    projects = {
        "alpha": _project("1.0", [{"id": "PYSEC-9", "fixed_in": ["1.1"]}]),
        "beta": _project("2.0"),
    }
    monkeypatch.setattr(audit.httpx, "Client", lambda **_: _client(projects))
    assert audit.main([str(path), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert {r["name"]: r["status"] for r in out} == {"alpha": "audited", "beta": "audited"}


def test_main_strict_fails_when_a_pin_could_not_be_audited(audit, tmp_path, monkeypatch):
    path = tmp_path / "c.txt"
    path.write_text("alpha==1.0\n")
    monkeypatch.setattr(audit.httpx, "Client", lambda **_: _client({"alpha": _project("2.0")}))
    assert audit.main([str(path)]) == 0
    assert audit.main([str(path), "--strict"]) == 1
