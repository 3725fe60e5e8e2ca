# geopol — two commands matter: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := .demo/demo.duckdb
PYTEST_ARGS ?=

.PHONY: demo test lint format bench browser-deps install clean-demo help audit

help:
	@echo "make demo   - install into .venv, ingest the demo corpus in examples/, print a summary"
	@echo "make test   - install what the tests need (incl. Debian chromium) and run the whole suite"
	@echo "make lint   - ruff (lint + format check) and mypy"
	@echo "make bench  - run the benchmark harness (results in benchmarks/results/)"
	@echo "make audit  - known vulnerabilities in the pinned set (constraints.txt); needs PyPI"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]' -c constraints.txt
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@mkdir -p .demo && rm -f $(DEMO_DB) $(DEMO_DB).wal
	$(BIN)/geopol ingest examples --db $(DEMO_DB) --exclude README.md
	$(BIN)/geopol summary --db $(DEMO_DB)
	@echo
	@echo "The demo store is $(DEMO_DB). Try:"
	@echo "  $(BIN)/geopol relations --db $(DEMO_DB) --format jsonl | head"
	@echo "  $(BIN)/geopol ingest ../shared/seeds && $(BIN)/geopol relations"

# Browser tests drive Debian's chromium through Playwright (never `playwright install`).
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "warning: could not install chromium; browser tests will be skipped"; \
	  else echo "note: chromium missing and not root; browser tests will be skipped"; fi; \
	fi

test: $(STAMP) browser-deps
	@set +e; $(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; rc=0; fi; exit $$rc

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src/geopol

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

bench: $(STAMP)
	$(BIN)/python -m geopol.bench

clean-demo:
	rm -rf .demo

# Known vulnerabilities in the pinned set (constraints.txt). pip-audit asks PyPI's JSON
# API; when that cannot be reached (offline, or an index mirror without it) nothing is
# audited, and this target says so in one line instead of failing. Vulnerabilities fail it.
define AUDIT_SUMMARY
import json, sys
path, rc, err = sys.argv[1], int(sys.argv[2]), sys.argv[3]
try:
    deps = json.load(open(path))["dependencies"]
except (OSError, ValueError, KeyError):
    print(f"audit: pip-audit stopped (exit {rc}) before auditing anything: {err[-300:].strip()}")
    print("audit: it needs network access to PyPI's vulnerability API; nothing was audited")
    sys.exit(0)
audited = [d for d in deps if "skip_reason" not in d]
vulns = [(d, v) for d in audited for v in d.get("vulns", [])]
for d, v in vulns:
    fixed = ", ".join(v.get("fix_versions") or []) or "no fixed release"
    print(f"audit: {d['name']} {d['version']}: {v['id']} (fixed in {fixed})")
if vulns:
    sys.exit(f"audit: {len(vulns)} known vulnerabilities in the pinned set")
if not audited:
    print(f"audit: no vulnerability data reachable: PyPI answered for none of the {len(deps)} "
          "pinned packages (offline, or a mirror without the JSON API); nothing was audited")
    sys.exit(0)
skipped = len(deps) - len(audited)
note = f"; {skipped} could not be audited" if skipped else ""
print(f"audit: {len(audited)} pinned packages audited, no known vulnerabilities{note}")
endef
export AUDIT_SUMMARY

audit: $(STAMP)
	@out=$$(mktemp); err=$$(mktemp); \
	$(BIN)/python -m pip_audit -r constraints.txt --no-deps --progress-spinner off \
	  --format json -o $$out 2>$$err; rc=$$?; \
	$(BIN)/python -c "$$AUDIT_SUMMARY" $$out $$rc "$$(tail -c 2000 $$err)"; status=$$?; \
	rm -f $$out $$err; exit $$status
