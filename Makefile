# signaldesk: `make demo` sets everything up and plays the demo newsroom; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Pango and HarfBuzz for PDF briefs (WeasyPrint); Chromium for the dashboard's browser tests.
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install debian demo test check lint format bench docs clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --constraint constraints.txt --editable '.[dev,ner]'
	touch $(STAMP)

install: debian $(STAMP)

debian:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:" $$missing; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

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
