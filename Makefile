# signaldesk: `make demo` sets everything up and plays the demo newsroom; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test check lint format bench docs clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --constraint constraints.txt --editable '.[dev,ner]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/signaldesk demo

test: install
	$(BIN)/python -m pytest -n 2 --dist loadgroup -q

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

check: lint
	$(BIN)/mypy
	$(MAKE) test

bench: install
	$(BIN)/python -m bench all

docs: install
	$(BIN)/python -m signaldesk.cli.docs > docs/cli.md
	$(BIN)/python -m signaldesk.config_docs --write docs/desk-file.md

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache
