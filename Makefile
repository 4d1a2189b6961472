# The two commands a newcomer needs: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.run-installed
DEV_STAMP := $(VENV)/.dev-installed
export DJANGO_SETTINGS_MODULE := inflytt.settings

.PHONY: run test lint format messages makemessages backup ci bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(RUN_STAMP)

# Compiled catalogues are built with Babel, so no system gettext is needed.
messages: $(RUN_STAMP)
	@$(BIN)/pybabel compile --statistics -D django -d locale 2>&1 | grep -v "^compiling" || true

## Start Inflytt on its embedded default: web server and task worker; Ctrl-C stops both.
run: $(RUN_STAMP) messages
	INFLYTT_HTTPS=$${INFLYTT_HTTPS:-0} INFLYTT_DEMO=$(if $(DEMO),1,$${INFLYTT_DEMO:-0}) \
		$(BIN)/python manage.py bootstrap $(if $(DEMO),--demo)
	INFLYTT_HTTPS=$${INFLYTT_HTTPS:-0} INFLYTT_DEMO=$(if $(DEMO),1,$${INFLYTT_DEMO:-0}) scripts/serve

## Run the whole test suite (SQLite; DATABASE_URL selects another database).
test: $(DEV_STAMP) messages
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run

format: $(DEV_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Extract strings (needs system gettext; only translators need this one). --no-wrap keeps every
# message on one line, so an empty translation is an empty `msgstr ""` line.
makemessages: $(DEV_STAMP)
	$(BIN)/python manage.py makemessages -l sv -l en --no-obsolete --no-wrap --ignore=.venv --ignore=bench --ignore=tests --ignore=data
	$(BIN)/python manage.py makemessages -d djangojs -l sv -l en --no-obsolete --no-wrap --ignore=.venv --ignore=staticfiles

## A consistent backup of the database into backups/ (see README: Backup and restore).
backup: $(RUN_STAMP)
	$(BIN)/python manage.py backup_db

bench: $(DEV_STAMP) messages
	$(BIN)/python bench/run.py $(BENCH_ARGS)

ci: lint test
