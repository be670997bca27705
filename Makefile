# fukyu — `make help` lists the targets.
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1:8000

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(BIN)/activate: requirements/dev.lock
	@command -v $(PY) >/dev/null || { echo "$(PY) が見つかりません"; exit 1; }
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements/dev.lock
	touch $(BIN)/activate

venv: $(BIN)/activate ## Create .venv with the locked dependencies

setup: venv fonts ## Migrate the SQLite database in var/, load the default contract, create the admin
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) load_contract
	$(MANAGE) bootstrap_admin
	$(MANAGE) build_site --reason "make setup"

# The scheduler (daily reports after closing, deliveries before 9:00) runs every 10 minutes
# beside the server; in production the same command runs from cron.
SCHEDULER := ( while true; do $(MANAGE) run_scheduled || true; sleep 600; done ) & trap "kill $$! 2>/dev/null" EXIT INT TERM;

run: setup ## Set everything up and serve http://127.0.0.1:8000/ (site), /ops/ and /api/v1/
	$(SCHEDULER) $(MANAGE) runserver $(HOST)

DEMO_TODAY ?= 2025-01-15
demo: setup ## Like run, plus a synthetic demo season; the clock reads DEMO_TODAY (2025-01-15)
	$(MANAGE) seed_demo
	export FUKYU_TODAY=$(DEMO_TODAY); $(SCHEDULER) $(MANAGE) runserver $(HOST)

fonts: ## Japanese fonts (Debian's fonts-noto-cjk) for the charts in DOCX reports (once)
	@{ command -v fc-list && fc-list :lang=ja | grep -q .; } >/dev/null 2>&1 || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q fontconfig fonts-noto-cjk; } || echo "日本語フォント（fonts-noto-cjk）を入れられませんでした。報告書DOCXの図は省略されます（PDFには入ります）"

chromium: ## Install Debian's chromium and Japanese fonts for the browser tests (once)
	@{ command -v chromium && fc-list :lang=ja | grep -q .; } >/dev/null 2>&1 || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk; }

test: venv chromium ## Run the whole test suite (DATABASE_URL selects PostgreSQL)
	$(BIN)/pytest

lint: venv ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: venv ## mypy, strict on fukyu/
	$(BIN)/mypy fukyu config

messages: venv ## Update the Japanese message catalogue
	$(MANAGE) makemessages -l ja --ignore=.venv

bench: venv ## Run the benchmarks in bench/ (results go to bench/RESULTS.md by hand)
	@for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

.PHONY: help venv setup run demo fonts chromium test lint typecheck messages bench
