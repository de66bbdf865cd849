# LebensWert – the two commands: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench scan install worker lint audit messages clean backup restore

# Installation talks on stderr, so that `make bench` prints nothing but its JSON.
$(INSTALLED): pyproject.toml
	@echo "Installiere in $(VENV) …" >&2
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) >&2
	@$(PY) -m pip install --quiet --upgrade pip setuptools >&2
	@$(PY) -m pip install --quiet -e ".[dev]" >&2
	@touch $(INSTALLED)

install: $(INSTALLED)

## make run: install, migrate, load the pilot region and demo logins, start web + worker
## (HOST=… PORT=… to listen elsewhere; SIGTERM or Ctrl+C stops both within 15 s)
run: export DJANGO_DEBUG ?= 1
run: export LEBENSWERT_DEMO ?= 1
run: $(INSTALLED)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "LebensWert läuft auf http://$(HOST):$(PORT)/ (Strg+C beendet Web und Worker)"
	$(PY) manage.py run_portal $(HOST):$(PORT)

## make worker: one more worker (on this or another machine with the same REDIS_URL)
worker: $(INSTALLED)
	$(VENV)/bin/celery -A lebenswert worker --loglevel=INFO

## make test: the whole suite (with CI=true a missing PostgreSQL, Redis or Chromium fails)
test: $(INSTALLED)
	$(PY) -m pytest

## make bench: performance figures as one JSON object (the Locust journeys: 50 users
## for 300 s, or LOCUST_USERS=… LOCUST_TIME=… seconds; BENCH_NATIONAL=0 skips the
## national scale and the journeys)
bench: $(INSTALLED)
	@$(PY) bench/run.py

## make scan: wapiti (Debian package) against a throwaway gunicorn on loopback,
## anonymously and as a demo viewer; fails on findings above "low" that are not
## documented false positives (README, "Sicherheitsprüfung von außen")
scan: $(INSTALLED)
	@$(PY) bench/scan.py

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## make backup: database and private files into one archive (var/backups/ or DIR=…)
backup: $(INSTALLED)
	$(PY) manage.py backup $(if $(DIR),--output "$(DIR)")

## make restore FILE=…: into an empty database; FORCE=1 drops the tables of a full one
restore: $(INSTALLED)
	@test -n "$(FILE)" || { echo "Aufruf: make restore FILE=var/backups/lebenswert-….tar.gz [FORCE=1]" >&2; exit 2; }
	$(PY) manage.py restore "$(FILE)" $(if $(FORCE),--force)

## make audit: bandit (medium and high findings) over the product code, then
## pip-audit over the installed packages (an unchecked package fails too)
audit: $(INSTALLED)
	$(VENV)/bin/bandit -c pyproject.toml -r lebenswert municipalities services cooperations -ll -q
	$(PY) .ci/pip_audit.py

messages: $(INSTALLED)
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var
