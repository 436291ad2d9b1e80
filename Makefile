# policykg: `make run` (local Neo4j + ingest + API on http://127.0.0.1:8000) and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
POLICYKG := $(VENV)/bin/policykg
HOST ?= 127.0.0.1
PORT ?= 8000
# Re-install when the project metadata changes.
STAMP := $(VENV)/.installed

.PHONY: help setup run test lint bench fetch compiled stop clean-instance

help:
	@echo "make run    start the local Neo4j, ingest seeds/, serve http://$(HOST):$(PORT)"
	@echo "make test   set up what is missing, run the whole test suite against a real Neo4j"
	@echo "make lint   ruff check, ruff format --check, mypy, lint-imports (package layers)"
	@echo "make bench  run the benchmarks in benchmarks/"
	@echo "make compiled  (re)build the mypyc-compiled hot modules in build/mypyc if the sources changed"
	@echo "make stop   stop the local Neo4j"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

# Neo4j jars from Maven Central into $${POLICYKG_HOME:-~/.cache/policykg}/neo4j/<version>/lib
# (first time only; skipped when NEO4J_URI names a server).
fetch: $(STAMP)
	@if [ -z "$${NEO4J_URI:-}" ]; then $(POLICYKG) db fetch; fi

# The extraction and loading modules compiled with mypyc into build/mypyc (core.compiled uses the
# build only while it matches the sources; POLICYKG_COMPILED=0 skips it). A failed build is not an
# error: the Python sources run, a little slower.
compiled: $(STAMP)
	@$(PY) tools/build_compiled.py || echo "policykg: no compiled build (see build/mypyc/build.log); the Python sources run"

setup: $(STAMP) fetch compiled

run: setup
	$(POLICYKG) db start
	$(POLICYKG) ingest seeds/
	@echo "policykg: serving the API and web UI on http://$(HOST):$(PORT)/ (Ctrl-C stops it; \`make stop\` ends Neo4j)"
	$(POLICYKG) serve --host $(HOST) --port $(PORT)

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

bench: setup
	@set -e; for f in benchmarks/*.py; do \
		[ -e "$$f" ] || continue; \
		case "$$(basename $$f)" in __init__.py|_*) continue;; esac; \
		echo "== $$f"; $(PY) -m benchmarks.$$(basename $$f .py); \
	done

stop: $(STAMP)
	$(POLICYKG) db stop
