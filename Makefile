# The README's contract: `make serve` and `make test` do all set-up on a fresh machine.
# Set-up is skipped when it is already done (the stamp file is newer than requirements.txt).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export SITE_URL ?= http://$(HOST):$(PORT)/

.DEFAULT_GOAL := help
.PHONY: help setup serve build test validate lint format bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

setup: $(STAMP) ## Create .venv and install the pinned packages
	@echo "Set-up done: $(VENV) has every pinned package."

serve: $(STAMP) ## Serve the site at http://127.0.0.1:8000 and rebuild on every change
	$(BIN)/mkdocs serve --strict --dev-addr $(HOST):$(PORT)

build: $(STAMP) ## Build the site into site/ (fails on invalid data or any warning)
	$(BIN)/mkdocs build --strict --clean

validate: $(STAMP) ## Check every data file; prints path:line:column: field: message
	$(BIN)/python scripts/validate.py

test: $(STAMP) ## Run lint and the whole test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(STAMP) ## Lint and check formatting only
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## Format the Python code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP) ## Benchmark validation and build against baselines (1,000 and 10,000 records)
	$(BIN)/python scripts/bench.py

clean: ## Remove the built site and caches (keeps .venv)
	rm -rf site .pytest_cache .ruff_cache
