# Council scrutiny benchmarks for any English authority (Southend's committee pack as the embedded example).
# `make run` and `make test` work from a fresh clone with nothing installed.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Runtime (what `make run` needs) and development (runtime + test and lint tools) are locked separately, every
# package pinned with its hashes; pip installs them with hash checking. A lock file's change redoes its install.
LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
LOCK_ID := $(shell sha256sum $(LOCK) | cut -c1-16)
STAMP := $(VENV)/.installed-runtime-$(LOCK_ID)
DEV_STAMP := $(VENV)/.installed-dev-$(LOCK_ID)-$(shell sha256sum $(DEV_LOCK) | cut -c1-16)
PIP_INSTALL := --quiet --disable-pip-version-check --no-deps --require-hashes
UV_VERSION := 0.13.9
export DBT_PROFILES_DIR := $(CURDIR)
APP_PORT ?= 8501

.PHONY: help install install-dev build rebuild run app test test-fast lint export browser-deps docs docs-file bench \
	bench-quick sql fetch-lait lock clean matrix briefing pdf-deps screenshots

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): $(LOCK)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@rm -f $(VENV)/.installed-*
	$(BIN)/pip install $(PIP_INSTALL) -r $(LOCK)
	@touch $@

$(DEV_STAMP): $(DEV_LOCK) $(STAMP)
	$(BIN)/pip install $(PIP_INSTALL) -r $(DEV_LOCK)
	@rm -f $(VENV)/.installed-dev-*
	@touch $@

install: $(STAMP)  ## create .venv and install the runtime lock (requirements.lock), hashes checked

install-dev: $(DEV_STAMP)  ## install the runtime and development lock (requirements-dev.lock): tests, lint, browser

build: install  ## build the warehouse, validate it, publish it if every check passes (skipped when nothing changed)
	$(PY) -m scrutiny build

rebuild: install  ## build, validate and publish even when nothing changed since the last publish
	$(PY) -m scrutiny build --force

run: build app  ## set up from nothing, build, validate, serve the app on http://127.0.0.1:8501

app: install  ## serve the app against the published warehouse
	$(BIN)/streamlit run streamlit_app/app.py --server.address 127.0.0.1 --server.port $(APP_PORT) \
		--server.headless true --browser.gatherUsageStats false

# Two pytest-xdist workers (the tests that share a module's fixture on one worker; the session's one full build shared).
TEST_WORKERS ?= 2
PYTEST_XDIST := -n $(TEST_WORKERS) --dist loadgroup

test: install-dev browser-deps pdf-deps lint  ## set up from nothing and run every test (dbt, Great Expectations, app, browser)
	@started=$$(date +%s); load=$$(cut -d' ' -f1-3 /proc/loadavg); \
	$(BIN)/pytest $(PYTEST_XDIST) $(PYTEST_ARGS); status=$$?; \
	.ci/record build/ci/make_test.json $$([ $$status = 0 ] && echo passed || echo failed) $$started "$$load"; \
	exit $$status

test-fast: install-dev  ## the inner loop (~1 min): every test that builds nothing and opens no browser, no lint
	$(BIN)/pytest $(PYTEST_XDIST) -q -m "not build and not browser" $(PYTEST_ARGS)

# The hooks are local (the dev lock's tools from .venv); pre-commit keeps its own state in build/pre-commit.
lint: install-dev  ## every hook of .pre-commit-config.yaml over every file: ruff, sqlfluff (models, tests, macros, the app's SQL)
	PATH="$(CURDIR)/$(BIN):$$PATH" PRE_COMMIT_HOME="$(CURDIR)/build/pre-commit" $(BIN)/pre-commit run --all-files

browser-deps:  ## Debian's chromium for the browser tests (installed with apt-get when missing and run as root)
	@if [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "chromium is missing and cannot be installed here: browser tests will be skipped"; fi

pdf-deps:  ## Debian's pango and DejaVu fonts for WeasyPrint's PDFs (installed with apt-get when missing and run as root)
	@if ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0.so.0 && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's pango and DejaVu fonts for the PDFs"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 \
			fonts-dejavu-core >/dev/null; \
	else echo "pango is missing and cannot be installed here: PDFs will not be written (apt-get install libpango-1.0-0 libpangoft2-1.0-0)"; fi

export: install  ## every mart as Parquet and the pack's marts as one Excel workbook, with a README, in build/export/
	$(PY) -m scrutiny export

docs: build  ## dbt's docs site as one file, build/docs/index.html, then served on http://127.0.0.1:8080
	$(PY) -m scrutiny docs --serve --port 8080

docs-file: build  ## dbt's docs site as one self-contained file, build/docs/index.html (no server)
	$(PY) -m scrutiny docs

matrix: install pdf-deps  ## data matrix workbook, HTML and PDF for an authority: make matrix LA=879 [GROUP=dfe_2021_04] (LA=all: every one)
	$(PY) -m scrutiny matrix --la "$(LA)" $(if $(GROUP),--group "$(GROUP)") $(if $(MEASURES),--measures "$(MEASURES)")

briefing: install  ## what DfE published since a date, HTML + Word: make briefing LA=882 SINCE=2025-06-01 [GROUP=pack_2021]
	$(PY) -m scrutiny briefing --la "$(LA)" --since "$(SINCE)" $(if $(GROUP),--group "$(GROUP)")

sql: install  ## a SQL file against the published warehouse, read-only: make sql FILE=docs/cookbook/band_a_league.sql
	$(PY) -m scrutiny sql "$(FILE)"

screenshots: install-dev browser-deps  ## every app page at 1366 and 390 px for Southend, Plymouth, Camden: build/screenshots/
	$(PY) -m tools.screenshots

bench: install-dev browser-deps  ## every performance budget, measured beside the dbt floor (writes docs/performance.md)
	$(PY) -m tools.bench

bench-quick: install-dev browser-deps  ## the benchmark's own check: tiny extracts, one run of each, no figures written (~5 min)
	$(PY) -m tools.bench --quick

# DfE's LAIT extract (Open Government Licence v3.0). The build reads it from SCRUTINY_LAIT_DIR (default: ../shared/lait
# beside the repo, when present). Never commit these files. Needs the internet; without it, it stops clearly.
LAIT_DIR ?= build/lait_extract
LAIT_REF ?= 2e30e3959a6ab8b2d22941b84764da41a40ac91b
LAIT_URL ?= https://raw.githubusercontent.com/dfe-analytical-services/local-authority-interactive-tool/$(LAIT_REF)/01_data/02_prod
LAIT_FILES := bds_long_0.parquet lait_data_dictionary.csv la_code_list.xlsx sn_april_2021.xlsx sn_may_2025.xlsx

fetch-lait:  ## download DfE's LAIT extract into build/lait_extract (then: SCRUTINY_LAIT_DIR=build/lait_extract make build)
	@if ! curl -fsS --max-time 15 -o /dev/null "$(LAIT_URL)/lait_data_dictionary.csv"; then \
	  echo "fetch-lait: cannot reach $(LAIT_URL) (no internet access?)." >&2; \
	  echo "fetch-lait: copy $(LAIT_FILES) into a folder and set SCRUTINY_LAIT_DIR to it instead." >&2; \
	  exit 1; \
	fi
	@mkdir -p "$(LAIT_DIR)"
	@for f in $(LAIT_FILES); do \
	  echo "fetch-lait: $$f"; \
	  curl -fsSL --retry 2 --max-time 600 -o "$(LAIT_DIR)/$$f.part" "$(LAIT_URL)/$$f" \
	    || { rm -f "$(LAIT_DIR)/$$f.part"; echo "fetch-lait: downloading $$f failed" >&2; exit 1; }; \
	  mv "$(LAIT_DIR)/$$f.part" "$(LAIT_DIR)/$$f"; \
	done
	@head -c 4 "$(LAIT_DIR)/bds_long_0.parquet" | grep -q PAR1 \
	  || { echo "fetch-lait: bds_long_0.parquet is not a parquet file (a Git LFS pointer?)" >&2; exit 1; }
	@echo "fetch-lait: done. Build with: SCRUTINY_LAIT_DIR=$(LAIT_DIR) make build"

# --- Apache Spark: the same project on dbt-spark, session mode, pyspark local[2] ---------------------
SPARK_VENV := .venv-spark
SPARK_LOCK := requirements-spark.lock
# The install is redone whenever the lock file changes (pyspark is an sdist: the first install builds a wheel).
SPARK_STAMP := $(SPARK_VENV)/.installed-$(shell sha256sum $(SPARK_LOCK) | cut -c1-16)

.PHONY: java test-spark

$(SPARK_STAMP): $(SPARK_LOCK)
	@test -x $(SPARK_VENV)/bin/python || $(PYTHON) -m venv $(SPARK_VENV)
	$(SPARK_VENV)/bin/pip install $(PIP_INSTALL) -r $(SPARK_LOCK)
	@rm -f $(SPARK_VENV)/.installed-*
	@touch $@

java:  ## Java 17 for Spark (Debian's openjdk-17-jre-headless, installed with apt-get when missing and run as root)
	@if command -v java >/dev/null || ls -d /usr/lib/jvm/java-17-openjdk* >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's openjdk-17-jre-headless for Spark"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null; \
	else echo "Java 17 is missing and cannot be installed here: install openjdk-17-jre-headless" >&2; exit 1; fi

test-spark: $(SPARK_STAMP) java  ## the project on Apache Spark: builds on DuckDB and Spark, GX on Spark, every mart equal
	$(SPARK_VENV)/bin/pytest -p no:cacheprovider tests/spark

lock:  ## re-resolve the three lock files (runtime, dev, Spark) with hashes (uv from the package index; keeps current pins)
	rm -rf build/lockenv && $(PYTHON) -m venv build/lockenv
	build/lockenv/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	printf 'pip==26.3\nsetuptools\n' > build/lockenv/venv.in
	build/lockenv/bin/uv pip compile --quiet --python-version 3.11 --generate-hashes --custom-compile-command "make lock" \
		pyproject.toml build/lockenv/venv.in -o $(LOCK)
	build/lockenv/bin/uv pip compile --quiet --python-version 3.11 --generate-hashes --custom-compile-command "make lock" \
		--extra dev -c $(LOCK) pyproject.toml build/lockenv/venv.in -o $(DEV_LOCK)
	build/lockenv/bin/uv pip compile --quiet --python-version 3.11 --generate-hashes --custom-compile-command "make lock" \
		--extra spark -c $(LOCK) pyproject.toml build/lockenv/venv.in -o $(SPARK_LOCK)

clean:  ## remove build output (keeps the published warehouse and .venv)
	rm -rf build target logs
