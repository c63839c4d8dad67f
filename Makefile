# One entry point for every job. `make demo` and `make check` set everything up themselves on a
# machine that has only Python (>= 3.10), pip, make and (for the checks) Node.js with npm.
#
# How set-up works: pip installs one pinned uv (tools/uv.txt, with hashes) into .cache/uv; uv
# installs exactly what uv.lock pins (hashes checked) into .venv; npm installs exactly what
# tools/azurite/package-lock.json pins into .cache/azurite. Nothing floats: a new release on a
# registry changes nothing here until someone runs `make lock` (or `make upgrade`).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
UV_DIR := .cache/uv
UV := $(UV_DIR)/bin/uv
AZURITE_DIR := .cache/azurite
AZURITE := $(AZURITE_DIR)/.installed
# The interpreter's own version: the checkers run once for it and once for the oldest supported
# one (3.10, in mypy.ini and pyrightconfig.json), so that neither version's code goes unchecked.
PY_VERSION = $(shell $(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')

# uv uses the machine's Python and never downloads one; its lock is the only source of versions.
export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1

.PHONY: demo check lock-check lint imports mypy pyright typing test test-fast fuzz mutation docs \
	docs-check dist bench bench-compare lock upgrade clean compat chromium

$(UV): tools/uv.txt
	rm -rf $(UV_DIR)
	$(PYTHON) -m venv $(UV_DIR)
	$(UV_DIR)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps \
		--require-hashes -r tools/uv.txt

$(STAMP): pyproject.toml uv.lock $(UV)
	@$(MAKE) --no-print-directory lock-check
	$(UV) sync --quiet --locked --python $(PYTHON)
	touch $(STAMP)

$(AZURITE): tools/azurite/package.json tools/azurite/package-lock.json
	@command -v npm >/dev/null || { echo "npm (node >= 20) is needed to install Azurite for the tests" >&2; exit 1; }
	rm -rf $(AZURITE_DIR)
	mkdir -p $(AZURITE_DIR)
	cp tools/azurite/package.json tools/azurite/package-lock.json $(AZURITE_DIR)/
	npm ci --prefix $(AZURITE_DIR) --no-audit --no-fund --silent
	touch $@

demo: $(STAMP)
	$(BIN)/python -m ctxcore demo

check: lock-check lint imports mypy pyright typing test docs dist

# The lock must say what pyproject.toml asks for. Offline: a lock that matches is validated
# without the network; one that does not would need a new resolution. uv's own message is many
# lines, so it is replaced by one.
lock-check: $(UV)
	@$(UV) lock --check --offline --quiet 2>/dev/null || { \
		echo "uv.lock does not match pyproject.toml: run 'make lock'" >&2; exit 1; }

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

imports: $(STAMP)
	$(BIN)/lint-imports

mypy: $(STAMP)
	$(BIN)/mypy
	$(BIN)/mypy --python-version $(PY_VERSION)

pyright: $(STAMP)
	$(BIN)/pyright
	$(BIN)/pyright --pythonversion $(PY_VERSION)

typing: $(STAMP)
	PATH="$(abspath $(BIN)):$$PATH" UV="$(abspath $(UV))" bash tests/downstream/check.sh

# Every test, under coverage.py: branch coverage of src/ctxcore, the subprocesses the tests start
# included (pyproject.toml [tool.coverage]); `coverage report` fails under the floor.
COVERAGE_DATA := build/coverage
test: $(STAMP) $(AZURITE) chromium
	rm -rf $(COVERAGE_DATA) && mkdir -p $(COVERAGE_DATA)
	COVERAGE_FILE=$(abspath $(COVERAGE_DATA))/.coverage $(BIN)/coverage run -m pytest
	COVERAGE_FILE=$(COVERAGE_DATA)/.coverage $(BIN)/coverage combine --quiet
	COVERAGE_FILE=$(COVERAGE_DATA)/.coverage $(BIN)/coverage report

# The fuzz targets (tests/fuzz) for minutes each: FUZZ_EXAMPLES examples a target (20000 unless
# told). `make test` runs them too, with a few dozen examples each.
fuzz: $(STAMP)
	FUZZ_PROFILE=long $(BIN)/python -m pytest -m fuzz tests/fuzz

# Mutation testing, on demand: mutmut 3 over one core module with only the test files that
# exercise it (those of tests/core and tests/fuzz that name the module or carry its name), in a
# scratch directory build/mutation/<MODULE> whose [tool.mutmut] is narrowed to them
# (tools/mutation_run.py); then the module's score and every survivor that
# tests/mutation/equivalent.txt does not explain (which fails the target). Minutes a module:
# make mutation MODULE=ctxcore.core.identifiers
# MODULE=ctxcore.core (the default) runs the whole core against tests/core and tests/fuzz: hours.
MODULE ?= ctxcore.core
mutation: $(STAMP)
	$(BIN)/python tools/mutation_run.py --max-children 2 "$(MODULE)"

# While developing: everything but the tests marked slow (CI runs them all).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir build/site

# Headless Chromium, in which a test of `make test` looks at the demo's report and docs-check at
# every page: the machine's ($CHROMIUM, chromium, chromium-browser or google-chrome), or else
# Debian's package, installed here when apt-get can (as root, as on CI); otherwise it says what to
# install and stops.
chromium:
	@for name in "$$CHROMIUM" chromium chromium-browser google-chrome; do \
		[ -n "$$name" ] && command -v "$$name" >/dev/null 2>&1 && exit 0; \
	done; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "no Chromium found: installing Debian's chromium with apt-get"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -qq --no-install-recommends chromium >/dev/null \
			|| { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null; }; \
	else \
		echo "make check and make docs-check need headless Chromium: set CHROMIUM, or install it (Debian: apt-get install chromium)"; \
		exit 1; \
	fi

# The built site in headless Chromium: every internal link, image and fragment resolves, and no
# page logs a console error, fails a request or shows a broken image; a screenshot of each page
# goes to build/docs-screens (tools/docs_check.py).
docs-check: docs chromium
	$(BIN)/python tools/docs_check.py build/site build/docs-screens

# The sdist, the wheel built from it, and their checks (tools/check_dist.py says which).
dist: $(STAMP)
	rm -rf dist build/dist
	$(UV) build --quiet --out-dir dist
	$(UV) build --quiet --wheel --out-dir build/dist/from-tree
	$(BIN)/twine check --strict dist/*
	PATH="$(abspath $(BIN)):$$PATH" UV="$(abspath $(UV))" \
		$(BIN)/python tools/check_dist.py dist build/dist

# tools/compat/requirements.txt from tools/compat/requirements.in, held to uv.lock's versions.
define compat-requirements
$(UV) export --frozen --no-hashes --no-emit-project --all-extras --quiet > .cache/compat-constraints.txt
$(UV) pip compile --quiet --universal --python-version 3.10 --generate-hashes --no-header \
	-c .cache/compat-constraints.txt tools/compat/requirements.in -o tools/compat/requirements.txt
endef

# flytekit's own unit tests of the context layer, unedited, against ctxcore (tools/compat).
# It runs in its own environment: what uv.lock pins for the dev group, plus the plain test
# dependencies of those tests (tools/compat/requirements.txt: pytimeparse, pytest-asyncio, with
# hashes); .venv does not get them.
COMPAT_VENV := .cache/compat/venv
COMPAT_STAMP := $(COMPAT_VENV)/.installed

$(COMPAT_STAMP): pyproject.toml uv.lock tools/compat/requirements.txt $(UV)
	@$(MAKE) --no-print-directory lock-check
	UV_PROJECT_ENVIRONMENT=$(COMPAT_VENV) $(UV) sync --quiet --locked --python $(PYTHON)
	$(UV) pip install --quiet --python $(COMPAT_VENV)/bin/python --require-hashes \
		-r tools/compat/requirements.txt
	touch $(COMPAT_STAMP)

compat: $(COMPAT_STAMP)
	@test -n "$(FLYTEKIT)" || { echo "usage: make compat FLYTEKIT=<flytekit source checkout>" >&2; exit 1; }
	$(COMPAT_VENV)/bin/python tools/compat/run.py "$(FLYTEKIT)"

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# The same workloads on ctxcore and on flytekit 1.16.31, alternating, paired ratios
# (ctxcore / flytekit). flytekit's venv is made once, from the registry, under .cache/.
FLYTEKIT_VERSION := 1.16.31
FLYTEKIT_VENV := .cache/flytekit-$(FLYTEKIT_VERSION)
$(FLYTEKIT_VENV)/.installed:
	rm -rf $(FLYTEKIT_VENV)
	$(PYTHON) -m venv $(FLYTEKIT_VENV)
	$(FLYTEKIT_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
		flytekit==$(FLYTEKIT_VERSION)
	touch $@

bench-compare: $(STAMP) $(FLYTEKIT_VENV)/.installed
	$(BIN)/python -m benchmarks.compare $(FLYTEKIT_VENV)/bin/python

# Bring the locks in line with pyproject.toml, tools/uv.in and tools/azurite/package.json, keeping
# every pin that still fits.
lock: $(UV)
	$(UV) pip compile --quiet --universal --generate-hashes tools/uv.in -o tools/uv.txt
	$(UV) lock
	$(compat-requirements)
	npm install --prefix tools/azurite --package-lock-only --no-audit --no-fund --silent

# Move every pin of the Python packages and of Azurite's tree to the newest release allowed (uv
# itself moves when tools/uv.in says so).
upgrade: $(UV)
	$(UV) lock --upgrade
	$(compat-requirements)
	rm -f tools/azurite/package-lock.json
	npm install --prefix tools/azurite --package-lock-only --no-audit --no-fund --silent

clean:
	rm -rf $(VENV) .cache build dist site .mypy_cache .ruff_cache .hypothesis
