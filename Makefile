# Rainforest 雨林: every everyday task is a make target. `make help` lists them.
# Two commands set up a fresh machine: `make demo` (try it) and `make test` (check it).

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
RUFF := $(VENV)/bin/ruff
MYPY := $(VENV)/bin/mypy
PYTEST := $(VENV)/bin/pytest
RAINFOREST := $(VENV)/bin/rainforest
MANAGE := $(PY) manage.py

HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist workers for the unit suite (the machines here have 2 cores).
JOBS ?= 2
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/rainforest
PYTHON_SOURCES := rainforest benchmarks conftest.py manage.py $(wildcard tests)

# pytest exits 5 when it collected no test: say so instead of failing the target.
pytest_run = status=0; $(PYTEST) $(1) || status=$$?; if [ $$status -eq 5 ]; then echo 'pytest: no test collected for: $(1)'; status=0; fi; exit $$status

.PHONY: help setup demo serve test unit test-postgres e2e bench lint format typecheck check migrate messages clean

help: ## List the targets
	@echo "Rainforest 雨林 — make targets:"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sort | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  %-14s %s\n", $$1, $$2}'

# --- Installation -------------------------------------------------------------------------------------

$(PY):
	python3 -m venv $(VENV)

# Re-installs only when pyproject.toml changed since the last install.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

# Re-installs only when package.json or its lock changed since the last install.
node_modules/.installed: $(wildcard package.json package-lock.json)
	if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; \
	else npm install --no-audit --no-fund --loglevel=error; fi
	@touch $@

setup: $(VENV)/.installed ## Install only: .venv, Python packages (with dev tools), front-end packages and their build
	@if [ -f package.json ]; then \
		$(MAKE) node_modules/.installed; \
		npm run --silent build --if-present; \
	else echo "setup: no package.json yet, front-end packages skipped"; fi

# --- Running ------------------------------------------------------------------------------------------

migrate: setup ## Apply database migrations to the database DATABASE_URL names (default: var/rainforest.sqlite3)
	$(MANAGE) migrate --noinput

demo: migrate ## Build the demo city of Jinzhong, print the demo logins and serve http://127.0.0.1:8000
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(RAINFOREST) demo --scale city --no-serve
	# The demo's logins work with their password alone: no second factor (docs/security.md).
	TWO_FACTOR_ENABLED=0 $(RAINFOREST) serve --host $(HOST) --port $(PORT)

serve: ## Serve the application on HOST:PORT (default 127.0.0.1:8000) without loading anything
	$(RAINFOREST) serve --host $(HOST) --port $(PORT)

messages: setup ## Compile the translations (locale/*.po to .mo; needs gettext's msgfmt)
	@# From inside the package: compilemessages walks every locale/ folder below the current one.
	cd rainforest && ../$(PY) ../manage.py compilemessages --verbosity 0

# --- Checking -----------------------------------------------------------------------------------------

lint: setup ## ruff lint, ruff format check and mypy
	$(RUFF) check $(PYTHON_SOURCES)
	$(RUFF) format --check $(PYTHON_SOURCES)
	$(MAKE) typecheck

typecheck: setup ## mypy over rainforest/ (strict on services, selectors and rules: see pyproject.toml)
	$(MYPY) rainforest

format: setup ## Format the code and apply ruff's safe fixes
	$(RUFF) format $(PYTHON_SOURCES)
	$(RUFF) check --fix $(PYTHON_SOURCES)

check: setup ## Django system checks: plain, --deploy with production settings, and no missing migration
	$(MANAGE) check --fail-level WARNING
	@# Production-like settings, with a throw-away secret for this command alone.
	DEBUG=0 SECURE_HTTPS=1 BEHIND_PROXY=1 ALLOWED_HOSTS=rainforest.example.org \
		CSRF_TRUSTED_ORIGINS=https://rainforest.example.org \
		SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
		$(MANAGE) check --deploy --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run

unit: setup ## The unit and integration tests only, on SQLite (pytest -m "not e2e")
	$(call pytest_run,-m "not e2e" -n $(JOBS))

test: setup lint check unit ## Everything `make test` promises: lint, types, checks, migrations, then the suite on SQLite

test-postgres: setup ## The suite on PostgreSQL (postgres://postgres@127.0.0.1:5432/rainforest, or POSTGRES_URL)
	export DATABASE_URL=$(POSTGRES_URL); $(call pytest_run,-m "not e2e" -n $(JOBS))

# The live server serves static files from the finders (assets/build included): no collectstatic needed.
e2e: setup ## Browser tests: Playwright driving Debian's chromium (apt install chromium fonts-noto-cjk)
	@if [ -d tests/e2e ]; then $(call pytest_run,-m e2e tests/e2e); else echo "e2e: no tests/e2e yet"; fi

bench: setup ## Benchmarks on PostgreSQL with the national demo; writes docs/benchmarks.md (takes minutes)
	$(PY) benchmarks/run.py

clean: ## Remove caches and build output (keeps .venv, node_modules and the database in var/)
	find . -path ./$(VENV) -prune -o -path ./node_modules -prune -o -name __pycache__ -type d -print0 | xargs -0 rm -rf
	rm -rf .mypy_cache .ruff_cache .pytest_cache assets/build var/static benchmarks/out tests/e2e/screenshots
