# Two commands on a fresh machine with only Python 3.11 and make:
#   make demo   installs everything and serves the system with demo data (SQLite, no services)
#   make test   installs everything and runs the whole test suite
PYTHON ?= python3
VENV := .venv
TOOLS := .tools
UV := $(TOOLS)/bin/uv
PY := $(VENV)/bin/python
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON := $(shell command -v $(PYTHON))

.PHONY: install demo test lint check-migrations serve-demo-data clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==0.13.8

install: $(UV)
	$(UV) sync --frozen --quiet

demo: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py load_demo_rectification
	DEBUG=1 $(PY) manage.py rundemo 127.0.0.1:8000

# Uses DATABASE_URL and REDIS_URL when set; otherwise SQLite, skipping the tests that need
# PostgreSQL or Redis (each skip says why).
test: install
	$(PY) -m pytest -n $${PYTEST_WORKERS:-2} --dist loadfile

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

check-migrations: install
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) $(TOOLS) data .pytest_cache
