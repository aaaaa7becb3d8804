# Oncolex: `make run` for a local server with demo content, `make test` for the suite.
PYTHON_VERSION := 3.13.0
# pyenv's 3.13.0 (see .python-version), wherever pyenv keeps it; else python3.13.
PY := $(firstword $(wildcard \
	$(PYENV_ROOT)/versions/$(PYTHON_VERSION)/bin/python3 \
	$(HOME)/.pyenv/versions/$(PYTHON_VERSION)/bin/python3 \
	$(shell pyenv root 2>/dev/null)/versions/$(PYTHON_VERSION)/bin/python3) \
	$(shell command -v python3.13 2>/dev/null))
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format venv bench bench-search bench-import bench-review-diff bench-faults bench-renditions bench-size bench-scale messages

$(BIN)/python:
	@test -n "$(PY)" || { echo "Python $(PYTHON_VERSION) not found: pyenv install $(PYTHON_VERSION)" >&2; exit 1; }
	$(PY) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	DJANGO_DEBUG=true $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=true $(BIN)/python manage.py load_demo
	@# The task worker (it sends mail) runs beside the server and stops with it.
	DJANGO_DEBUG=true $(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker' EXIT INT TERM; \
	DJANGO_DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The whole suite: lint, then every test including the browser tests, in one
# pytest session. DATABASE_URL picks the database (empty: SQLite). The tests
# start their own redis-server (tests/servers.py), so a REDIS_URL of yours is
# neither used nor touched.
test: export DJANGO_SECRET_KEY ?= test-only-secret-key-not-for-production
test: export DJANGO_SECURE_SSL_REDIRECT ?= false
test: export ONCOLEX_TESTING ?= 1
test: export REDIS_URL :=
test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run > /dev/null
	$(BIN)/pytest $(PYTEST_ARGS)

# Refresh the Bokmål catalogue after changing strings, translate, then compile.
messages: $(STAMP)
	DJANGO_DEBUG=true $(BIN)/python manage.py makemessages -l nb --ignore=.venv --ignore=tests --ignore=bench --no-obsolete
	DJANGO_DEBUG=true $(BIN)/python manage.py compilemessages -l nb --ignore=.venv

# Benchmarks (see bench/README.md): each builds its own data and servers,
# prints "ok" or "OVER BUDGET" per budget, and with BENCH_ARGS=--check exits 1
# when one is missed, e.g. `make bench BENCH_ARGS="--rounds 3 --check"`.
BENCH_ARGS ?=

bench: $(STAMP)
	$(BIN)/python bench/article_page.py $(BENCH_ARGS)

bench-search: $(STAMP)
	$(BIN)/python bench/search.py $(BENCH_ARGS)

bench-import: $(STAMP)
	$(BIN)/python bench/import_incidence.py $(BENCH_ARGS)

bench-review-diff: $(STAMP)
	$(BIN)/python bench/review_diff.py $(BENCH_ARGS)

bench-faults: $(STAMP)
	$(BIN)/python bench/faults.py $(BENCH_ARGS)

bench-renditions: $(STAMP)
	$(BIN)/python bench/renditions.py $(BENCH_ARGS)

bench-size: $(STAMP)
	$(BIN)/python bench/article_size.py $(BENCH_ARGS)

bench-scale: $(STAMP)
	$(BIN)/python bench/page_scale.py $(BENCH_ARGS)
