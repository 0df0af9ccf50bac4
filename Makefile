# Los: the two commands are `make demo` and `make test`. Everything they need is installed
# by the targets below, from the lock files, into .venv (Python) and node_modules (npm).

SHELL := /bin/bash
PYTHON ?= python3.11
UV := .tools/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

# Tests run on PostgreSQL (the local server); pytest-django creates and drops test_los.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/los
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/los_bench
# The bench's cache is Redis, as in production (a database of its own: the bench empties it).
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/9
CHROMIUM ?= /usr/bin/chromium
TEST_WORKERS ?= auto
DEMO_ADDRESS ?= 127.0.0.1:8000

.PHONY: demo test lint bench bench-load bench-reports deps deps-dev browser pdf-libs postgres clean help
.PHONY: backup restore pg-client

help:
	@echo "make demo   - install, migrate, load demo data and serve Los on http://$(DEMO_ADDRESS)"
	@echo "make test   - lint, migration check and the whole test suite on PostgreSQL and Chromium"
	@echo "make bench  - seed 100 000 participants into PostgreSQL and write docs/benchmarks.md"
	@echo "make backup - dump the PostgreSQL database in DATABASE_URL (BACKUP_FILE=..., docs/backup.md)"
	@echo "make restore BACKUP_FILE=... - restore a dump into DATABASE_URL (REPLACE=ja overwrites)"
	@echo "make bench-load - only the load test against gunicorn (LOS_LOAD_SECONDS, LOS_LOAD_USERS)"
	@echo "make bench-reports - only the outcome reports, on the seeded database (LOS_BENCH_COLD=0: no cold build)"

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==0.13.8

# Stamp files make a second run skip what is already installed.
$(VENV)/.demo-deps: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --no-dev --inexact --python $(PYTHON) --quiet
	touch $@

$(VENV)/.dev-deps: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --python $(PYTHON) --quiet
	touch $(VENV)/.demo-deps $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Aksel's CSS without its web fonts: they would load from a CDN, which the CSP forbids.
var/vendor/aksel.css: node_modules/.installed
	mkdir -p var/vendor
	cat node_modules/@navikt/ds-css/dist/global/tokens.css \
	    node_modules/@navikt/ds-css/dist/global/reset.css \
	    node_modules/@navikt/ds-css/dist/global/baseline.css \
	    node_modules/@navikt/ds-css/dist/components.css > $@

var/static:
	mkdir -p $@

deps: $(VENV)/.demo-deps var/vendor/aksel.css var/static pdf-libs
deps-dev: $(VENV)/.dev-deps var/vendor/aksel.css var/static pdf-libs

# WeasyPrint (the plan as PDF) draws text with Pango; Debian has it on most machines.
pdf-libs:
	@ldconfig -p | grep -q libpangoft2-1.0 || { \
	  echo "Installerer Pango fra Debian for PDF-utskrift"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; }

demo: deps
	mkdir -p var
	$(PY) manage.py demo_data --migrate
	@echo
	@echo "Los kjører på http://$(DEMO_ADDRESS)/  (Ctrl+C stopper)"
	@# The background worker (varsler) runs beside the server and stops with it: the trap
	@# ends it however the server stops (Ctrl+C, an error, or a kill of this shell).
	$(PY) manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	LOS_DEMO_SKIP_MFA=1 $(PY) manage.py runserver --noreload --skip-checks $(DEMO_ADDRESS)

browser:
	@command -v $(CHROMIUM) >/dev/null 2>&1 || { \
	  echo "Installerer Chromium fra Debian for nettlesertestene"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
	  echo "Starter PostgreSQL"; \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -n 1) main start; \
	  for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; }

lint: deps-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

# The suite runs in one process per core (pytest-xdist; each has its own test database).
# TEST_WORKERS=0 runs it in this process, for a debugger.
test: deps-dev browser postgres pg-client lint
	LOS_ENVIRONMENT=test DATABASE_URL=$(TEST_DATABASE_URL) LOS_CHROMIUM=$(CHROMIUM) \
	  $(VENV)/bin/pytest -p no:cacheprovider --durations=15 -n $(TEST_WORKERS)

# The page timings use persistent database connections; the load test then starts gunicorn
# with production settings and the connection pool itself (benchmarks/load.py). Quick run:
# make bench-load LOS_LOAD_SECONDS=60 LOS_LOAD_USERS=10
bench: deps-dev postgres
	LOS_ENVIRONMENT=test LOS_DB_CONN_MAX_AGE=60 DATABASE_URL=$(BENCH_DATABASE_URL) \
	  LOS_REDIS_URL=$(BENCH_REDIS_URL) $(PY) -m benchmarks.run

bench-load: deps-dev postgres
	LOS_ENVIRONMENT=test DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) -m benchmarks.run --load-only

bench-reports: deps-dev postgres
	LOS_ENVIRONMENT=test LOS_DB_CONN_MAX_AGE=60 DATABASE_URL=$(BENCH_DATABASE_URL) \
	  LOS_REDIS_URL=$(BENCH_REDIS_URL) $(PY) -m benchmarks.run --reports-only

# Backup and restore (docs/backup.md). pg_dump and pg_restore must be the server's major
# version, PostgreSQL 15; Debian installs them beside any other version.
PG_MAJOR ?= 15
BACKUP_FILE ?=

pg-client:
	@test -x /usr/lib/postgresql/$(PG_MAJOR)/bin/pg_dump || { \
	  echo "Installerer postgresql-client-$(PG_MAJOR) fra Debian for sikkerhetskopi"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    postgresql-client-$(PG_MAJOR) >/dev/null; }

backup: deps pg-client
	$(PY) manage.py backup $(if $(BACKUP_FILE),--file "$(BACKUP_FILE)")

restore: deps pg-client
	@test -n "$(BACKUP_FILE)" || { echo "Oppgi kopien: make restore BACKUP_FILE=var/backups/..."; exit 2; }
	$(PY) manage.py restore --file "$(BACKUP_FILE)" $(if $(filter ja yes,$(REPLACE)),--replace)

clean:
	rm -rf var .pytest_cache .ruff_cache
