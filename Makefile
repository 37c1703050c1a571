# Southend scrutiny warehouse. `make run` and `make test` work from a fresh clone with nothing installed.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
LOCK := requirements.lock
# The install is redone whenever the lock file changes.
STAMP := $(VENV)/.installed-$(shell sha256sum $(LOCK) | cut -c1-16)
export DBT_PROFILES_DIR := $(CURDIR)
APP_PORT ?= 8501

.PHONY: help install build run app test lint sql-lint unit browser-deps docs bench test-spark fetch-lait lock clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): $(LOCK)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check pip==26.3
	$(BIN)/pip install --quiet --disable-pip-version-check -r $(LOCK)
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)  ## create .venv and install the exact versions in requirements.lock

build: install  ## build the warehouse, validate it, publish it if every check passes
	$(PY) -m scrutiny build

run: build app  ## set up from nothing, build, validate, serve the app on http://127.0.0.1:8501

app: install  ## serve the app against the published warehouse
	$(BIN)/streamlit run streamlit_app/app.py --server.address 127.0.0.1 --server.port $(APP_PORT) \
		--server.headless true --browser.gatherUsageStats false

test: install browser-deps lint  ## set up from nothing and run every test (dbt, Great Expectations, app, browser)
	$(BIN)/pytest

lint: install  ## ruff (lint + format check) and sqlfluff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint models tests --processes 2 --disable-progress-bar

browser-deps:  ## Debian's chromium for the browser tests (installed with apt-get when missing and run as root)
	@if [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "chromium is missing and cannot be installed here: browser tests will be skipped"; fi

docs: install  ## build the dbt docs site into target/ and serve it on port 8080
	SCRUTINY_DBT_DATABASE=build/docs.duckdb $(BIN)/dbt build --quiet
	SCRUTINY_DBT_DATABASE=build/docs.duckdb $(BIN)/dbt docs generate
	SCRUTINY_DBT_DATABASE=build/docs.duckdb $(BIN)/dbt docs serve --port 8080 --host 127.0.0.1

lock:  ## re-resolve requirements.lock from pyproject.toml (needs the package index)
	rm -rf build/lockenv && $(PYTHON) -m venv build/lockenv
	build/lockenv/bin/pip install --quiet pip==26.3 && build/lockenv/bin/pip install --quiet ".[dev]"
	build/lockenv/bin/pip freeze --exclude scrutiny-warehouse > $(LOCK)

clean:  ## remove build output (keeps the published warehouse and .venv)
	rm -rf build target logs
