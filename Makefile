# Hifazat: two commands. `make demo` sets everything up and serves the demo on SQLite;
# `make test` installs what is missing and runs ruff, import contracts and the suite
# (SQLite by default, PostgreSQL when DATABASE_URL is set).

SHELL := /bin/bash
PYTHON ?= python3.11
PORT ?= 8000
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export UV_PYTHON := $(PYTHON)
export UV_LINK_MODE := copy

.PHONY: demo test install chromium gettext serve lint messages bench clean help production

help:
	@echo "make demo   - set up .venv, migrate var/hifazat.sqlite3, load places + demo, serve on 127.0.0.1:$(PORT)"
	@echo "make test   - install what is missing (incl. Debian chromium), run ruff, import contracts and pytest"

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet --extra splink
	touch $@

install: $(VENV)/.installed

# Debian packages the browser tests and message checks need, installed only when absent.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "installing Debian chromium (browser tests)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

gettext:
	@if ! command -v xgettext >/dev/null || ! command -v msgfmt >/dev/null; then \
		echo "installing Debian gettext (translation checks)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	fi

demo: install
	@mkdir -p var
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) load_demo
	@echo
	@echo "Hifazat demo: http://127.0.0.1:$(PORT)/"
	@echo "Sign in with any user above and the password shown; then the one-time code from:"
	@echo "    $(PY) manage.py demo_otp USERNAME      (e.g. $(PY) manage.py demo_otp cell.doctor)"
	@echo "committee.analyst needs no code (sees aggregates only). Stop the server with Ctrl-C."
	@echo
	@echo "Background jobs (notices, register): db_worker and run_periodic, stopped with the server."
	export NOTICES_SITE_URL=http://127.0.0.1:$(PORT); \
	$(MANAGE) db_worker --no-startup-delay & worker=$$!; \
	$(MANAGE) run_periodic & periodic=$$!; \
	trap 'kill $$worker $$periodic 2>/dev/null; wait $$worker $$periodic 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn hifazat.config.wsgi:application --bind 127.0.0.1:$(PORT) \
		--workers 2 --threads 4 --access-logfile - --error-logfile -

test: install chromium gettext
	$(VENV)/bin/ruff check --no-cache src tests bench
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/pytest -n $${PYTEST_WORKERS:-auto} --dist loadfile

# Update and compile the Urdu catalogues: all of them, or one app's with APP=register
# (an app with its own src/hifazat/<app>/locale keeps its strings there).
messages: install gettext
	cd src/hifazat/$(APP) && $(abspath $(MANAGE)) makemessages -l ur --no-obsolete --no-location
	cd src/hifazat/$(APP) && $(abspath $(MANAGE)) compilemessages -l ur

# Production: the environment must hold SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL,
# HIFAZAT_FIELD_KEYS, HIFAZAT_AUDIT_KEYS and HIFAZAT_BLIND_INDEX_KEYS; migrates, collects static files, runs the
# deploy check and serves (bin/start-production).
production: install
	bin/start-production

# Benchmarks print numbers (not tests); see docs/benchmarks.md. The justice ones on
# SQLite here; on PostgreSQL with DATABASE_URL set to an existing database.
# BENCH_OFFENDERS: the register's size for justice_fir (1M builds once in 12-20 min).
BENCH_OFFENDERS ?= 1000000
bench: install
	$(PY) bench/justice_overdue.py
	$(PY) bench/justice_fir.py --offenders $(BENCH_OFFENDERS)

clean:
	rm -rf $(VENV) $(TOOLS) var/static .pytest_cache test-artifacts
