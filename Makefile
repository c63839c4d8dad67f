# One entry point for every job. `make demo` and `make check` set everything up
# themselves on a machine that has only Python (>= 3.10), pip and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Azurite (Azure Blob emulator, from npm) for the abfs tests; needs node >= 20 and npm.
AZURITE_VERSION := 3.37.0
AZURITE_DIR := .cache/azurite
AZURITE := $(AZURITE_DIR)/.installed-$(AZURITE_VERSION)

.PHONY: demo check lint imports mypy pyright typing test test-fast docs bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(AZURITE):
	@command -v npm >/dev/null || { echo "npm (node >= 20) is needed to install Azurite for the tests" >&2; exit 1; }
	rm -rf $(AZURITE_DIR)
	npm install --prefix $(AZURITE_DIR) --no-audit --no-fund --silent azurite@$(AZURITE_VERSION)
	touch $@

demo: $(STAMP)
	$(BIN)/python -m ctxcore demo

check: lint imports mypy pyright typing test docs

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

imports: $(STAMP)
	$(BIN)/lint-imports

mypy: $(STAMP)
	$(BIN)/mypy

pyright: $(STAMP)
	$(BIN)/pyright

typing: $(STAMP)
	PATH="$(abspath $(BIN)):$$PATH" bash tests/downstream/check.sh

test: $(STAMP) $(AZURITE)
	$(BIN)/python -m pytest

# While developing: everything but the tests marked slow (CI runs them all).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir build/site

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .cache build site .mypy_cache .ruff_cache .hypothesis
