# Two commands on a fresh machine with only Python 3.11 and make:
#   make demo   installs everything and serves the system with demo data (SQLite, no services)
#   make test   installs everything and runs the whole test suite
PYTHON ?= python3
VENV := .venv
TOOLS := .tools
UV := $(TOOLS)/bin/uv
PY := $(VENV)/bin/python
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install demo test lint check-migrations messages clean browser-deps

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==0.13.8

# The interpreter is chosen once, when .venv is created (the python3 on the PATH then, by its
# resolved path). A working .venv keeps its own: uv is not told another python3, so a shell
# whose PATH finds a different one never makes uv delete and rebuild it. To change the
# interpreter on purpose: make clean install.
install: $(UV)
	@if $(PY) -c '' 2>/dev/null; then \
	  env -u UV_PYTHON $(UV) sync --frozen --quiet; \
	else \
	  UV_PYTHON="$$($(PYTHON) -c 'import sys; print(sys.executable)')" $(UV) sync --frozen --quiet; \
	fi

demo: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py load_demo_petitions
	DEBUG=1 $(PY) manage.py load_demo_findings
	DEBUG=1 $(PY) manage.py load_demo_rectification
	DEBUG=1 $(PY) manage.py rundemo 127.0.0.1:8000

# Uses DATABASE_URL and REDIS_URL when set; otherwise SQLite, skipping the tests that need
# PostgreSQL or Redis (each skip says why).
test: install browser-deps
	$(PY) -m pytest -n $${PYTEST_WORKERS:-2} --dist loadfile

# The browser tests drive Debian's chromium (never a downloaded browser), with a CJK font so
# screenshots are legible. Installed with apt when missing and we are root; otherwise the
# browser tests skip and say why (in CI, REQUIRE_SERVICES=1 makes them fail instead).
BROWSER_PACKAGES := chromium chromium-driver fonts-noto-cjk
browser-deps:
	@missing=$$(for p in $(BROWSER_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then \
	  echo "browser-deps: not installing $$missing (needs root and apt-get); browser tests may skip"; \
	  exit 0; fi; \
	echo "browser-deps: installing $$missing"; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

check-migrations: install
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) $(TOOLS) data .pytest_cache

# Refresh the English catalogue from the source and compile it (needs GNU gettext).
messages: install
	$(PY) manage.py makemessages -l en --no-obsolete --add-location=never \
	  --ignore='.venv/*' --ignore='.tools/*' --ignore='data/*' --ignore='artifacts/*'
	$(PY) manage.py compilemessages -l en --ignore='.venv/*' --ignore='.tools/*'
