# Panelist: `make run` serves the demo on SQLite; `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PANELIST_DATA_DIR ?= $(CURDIR)/var
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint format browser ci clean bench-calibration

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 or run 'make PYTHON=python3 ...'"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/panelist migrate --no-input -v 0
	$(BIN)/panelist rubric load
	$(BIN)/panelist demo
	@echo
	@echo "Serving Panelist on http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	$(BIN)/panelist runserver $(HOST):$(PORT)

browser:
	@./scripts/ensure-chromium

test: $(STAMP) browser
	$(BIN)/ruff check src tests
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

format: $(STAMP)
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

ci:
	bash .ci/run

bench-calibration: $(STAMP)
	$(BIN)/python bench/calibration.py

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache
