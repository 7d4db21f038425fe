# cccgen: every target bootstraps .venv on first use: the generator (editable, with its dev and
# bench tools) and the generated package (editable), at the exact versions of constraints.txt.
# Another Python: `make test PYTHON=python3.13 VENV=.venv-3.13` (CI runs both; see .ci/run).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: generate check test lint bench clean help

help:
	@echo "make generate  rebuild generated/ from spec/"
	@echo "make check     fail when generated/ is stale"
	@echo "make test      run the whole test suite"
	@echo "make lint      ruff, and mypy --strict over the generator, the generated package and tests"
	@echo "make bench     benchmarks (figures go to bench/results/)"

# Not on generated/pyproject.toml: every `make generate` rewrites it; its editable install
# follows generated/ by itself.
$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "cccgen needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt \
		-e '.[dev,bench]' -e ./generated
	@touch $(STAMP)

generate: $(STAMP)
	$(BIN)/cccgen generate

check: $(STAMP)
	$(BIN)/cccgen check

# Bytecode is written during the run even where the environment forbids it
# (PYTHONDONTWRITEBYTECODE, set on some machines): pytest otherwise rewrites its plugins'
# modules from source in every process it starts, about 1.2 s of CPU each.
test: $(STAMP)
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q -n auto --dist loadfile --no-loadscope-reorder --durations=20

# The last mypy run is [tool.mypy] in pyproject.toml: generator, generated package and tests.
lint: $(STAMP)
	$(BIN)/ruff check generator generated tests bench
	$(BIN)/ruff format --check generated
	$(BIN)/mypy --strict generated/ccc
	$(BIN)/mypy --strict generator/cccgen
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .venv-* .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
