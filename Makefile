# Panelist: `make run` serves the demo on SQLite; `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
export PANELIST_DATA_DIR ?= $(CURDIR)/var
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test lint format browser ci clean bench-calibration

# Two stamps: `make run` installs only what the app needs; `make test` adds the test extras
# (Playwright, schemathesis, statsmodels, ...). Each reinstalls when pyproject.toml changes.
$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 or run 'make PYTHON=python3 ...'"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e .
	@touch $(STAMP)

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $(TEST_STAMP)

install: $(STAMP)

install-test: $(TEST_STAMP)

run: $(STAMP)
	$(BIN)/panelist migrate --no-input -v 0
	$(BIN)/panelist rubric load
	$(BIN)/panelist demo
	@echo
	@echo "Serving Panelist on http://$(HOST):$(PORT)/ with one task worker (Ctrl-C stops both)"
	@$(BIN)/panelist worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	  trap 'exit 130' INT TERM; \
	  $(BIN)/panelist runserver $(HOST):$(PORT)

browser:
	@./scripts/ensure-chromium

# The suite runs on one pytest-xdist worker per core (at most 4; each runs its own live server,
# Chromium and test database); tests/conftest.py keeps the tests that share a module's server on
# one worker. `make test PYTEST_WORKERS=0` runs it in one process; PYTEST_ARGS adds to either.
PYTEST_WORKERS ?= auto
test: $(TEST_STAMP) browser
	$(BIN)/ruff check src tests
	$(BIN)/pytest -n $(PYTEST_WORKERS) --maxprocesses=4 $(PYTEST_ARGS)

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

format: $(TEST_STAMP)
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

ci:
	bash .ci/run

bench-calibration: $(TEST_STAMP)
	$(BIN)/python bench/calibration.py
	$(BIN)/python bench/calibrate_app.py

# Coverage of the 90 % intervals on simulated designs (issue 14); prints a table.
# A quick look: make bench-coverage COVERAGE_ARGS="--sizes 20,50 --data-sets 200"
.PHONY: bench-coverage
bench-coverage: $(TEST_STAMP)
	$(BIN)/python bench/coverage.py $(COVERAGE_ARGS)

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache

# Every page and API read at 100, 2,000 and 10,000 applications, then the debrief over HTTP
# (gunicorn, a dependency of `panelist serve`; wrk from Debian). Prints tables; see
# bench/web.py --help. A quick check: make bench-web BENCH_ARGS="--sizes 100,500 --no-http"
.PHONY: bench-web

bench-web: $(STAMP)
	@case " $(BENCH_ARGS) " in *" --no-http "*) ;; *) command -v wrk >/dev/null || { \
	  echo "wrk not found: install it with 'sudo apt-get install -y wrk' (Debian, Ubuntu),"; \
	  echo "or run 'make bench-web BENCH_ARGS=--no-http' for the in-process tables only."; \
	  exit 1; } ;; esac
	$(BIN)/python bench/web.py $(BENCH_ARGS)
