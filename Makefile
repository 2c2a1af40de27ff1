# The README's contract: `make serve` and `make test` do all set-up on a fresh machine.
# Set-up is skipped when it is already done (the stamp file is newer than requirements.txt).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export SITE_URL ?= http://$(HOST):$(PORT)/
export NO_MKDOCS_2_WARNING := 1
export ORG TITLE DISTRICT STATE

.DEFAULT_GOAL := help
.PHONY: help setup chromium java test-setup serve build test check validate new-resource new-case-study lint format bench bench-browser bench-network clean

# The browser tests drive a real Chromium: Debian's headless shell, the same engine with a
# third less processor time per page than the desktop `chromium`. As root with apt-get (as
# on CI) it is installed even where `chromium` is; elsewhere a `chromium` on PATH will do,
# or Playwright downloads its own build. scripts/chromium.py picks in the same order.
SHELL_CHROMIUM := $(shell command -v chromium-headless-shell 2>/dev/null)
ANY_CHROMIUM := $(shell command -v chromium 2>/dev/null || command -v chromium-browser 2>/dev/null)

# Two passes: the descriptions start in one column, after the longest target name.
help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} \
	  {name[NR] = $$1; text[NR] = $$2; if (length($$1) > width) width = length($$1)} \
	  END {for (i = 1; i <= NR; i++) printf "  make %-" width "s  %s\n", name[i], text[i]}'

$(STAMP): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

setup: $(STAMP) ## Create .venv and install the pinned packages
	@echo "Set-up done: $(VENV) has every pinned package."

chromium: ## Make sure a Chromium is installed for the browser tests
ifeq ($(SHELL_CHROMIUM),)
	@if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium-headless-shell for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null; \
	elif [ -n "$(ANY_CHROMIUM)" ]; then \
	  echo "Using $(ANY_CHROMIUM) (chromium-headless-shell is faster: apt-get install chromium-headless-shell)."; \
	else \
	  $(MAKE) --no-print-directory setup && \
	  echo "No chromium on PATH: installing Playwright's Chromium..." && \
	  $(BIN)/python -m playwright install chromium; \
	fi
endif

# The W3C Nu HTML checker (tests/test_markup.py) runs on Java: Debian's is installed as
# root with apt-get (as on CI); elsewhere, install Java 17 or later yourself.
JAVA := $(shell command -v java 2>/dev/null)
java: ## Make sure a Java runtime is installed for the HTML checker
ifeq ($(JAVA),)
	@if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's Java runtime for the HTML checker..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	else \
	  echo "The HTML checker needs Java 17 or later: install it (e.g. apt-get install default-jre-headless)." >&2; \
	  exit 1; \
	fi
endif

# The checker itself, pinned (version and checksum in scripts/get_vnu.py), into .venv/vnu/.
VNU := $(VENV)/vnu/vnu-$(shell sed -n 's/^VERSION = "\(.*\)"$$/\1/p' scripts/get_vnu.py).jar
$(VNU): scripts/get_vnu.py $(STAMP)
	$(BIN)/python scripts/get_vnu.py

# Debian's chromium needs no venv: as root with apt-get (as on CI), it is installed while
# pip installs the packages. Otherwise one after the other (Playwright's needs the venv).
APT_CHROMIUM := $(if $(SHELL_CHROMIUM),,$(shell [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1 && echo yes))
test-setup:
ifeq ($(APT_CHROMIUM),yes)
	@$(MAKE) --no-print-directory -j2 $(STAMP) chromium
else
	@$(MAKE) --no-print-directory $(STAMP) chromium
endif
	@$(MAKE) --no-print-directory java $(VNU)

serve: $(STAMP) ## Serve the site at http://127.0.0.1:8000 and rebuild on every change
	$(BIN)/mkdocs serve --strict --dev-addr $(HOST):$(PORT)

build: $(STAMP) ## Build the site into site/ (fails on invalid data or any warning)
	$(BIN)/mkdocs build --strict --clean

validate: $(STAMP) ## Check every data file; prints path:line:column: field: message
	$(BIN)/python scripts/validate.py

# The values reach the script through the environment ("$$TITLE"), not pasted into the
# command line, so a title may hold quotes. The organization may be given in any case.
new-resource: $(STAMP) ## Start a resource file: make new-resource ORG=aft TITLE="The title"
	@test -n "$$ORG" -a -n "$$TITLE" || { echo 'usage: make new-resource ORG=aft TITLE="The title"' >&2; exit 2; }
	$(BIN)/python scripts/new_record.py resource --organization "$$ORG" --title "$$TITLE"

new-case-study: $(STAMP) ## Start a case study: make new-case-study DISTRICT="Name" STATE=OH
	@test -n "$$DISTRICT" -a -n "$$STATE" || { echo 'usage: make new-case-study DISTRICT="Name" STATE=OH' >&2; exit 2; }
	$(BIN)/python scripts/new_record.py case-study --district "$$DISTRICT" --state "$$STATE"

test: test-setup ## Run lint and the whole test suite, browser tests included
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@# pytest exits 5 when it collects no test: that is a failure here, never a pass. And
	@# fewer passed tests than tests/MIN_TESTS fail the run (tests/conftest.py checks it).
	@# Two workers (pytest-xdist), given tests one by one, except that the tests of a file
	@# that share a built site stay together (pytest.mark.xdist_group, --dist loadgroup).
	@PRI_REQUIRE_MIN_TESTS=1 $(BIN)/python -m pytest -n 2 --dist loadgroup; status=$$?; \
	  if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing." >&2; exit 1; fi; \
	  exit $$status

# The quick loop while working: no browser, no site build (tests marked `build` are left
# out, and sitebuild.build() refuses to run, so an unmarked one fails here).
check: $(STAMP) ## Lint and the tests that need neither a browser nor a site build (under a minute)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PRI_QUICK=1 $(BIN)/python -m pytest -q -n 2 -m "not build"

lint: $(STAMP) ## Lint and check formatting only
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## Format the Python code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP) ## Benchmark validation and build against baselines (1,000 and 10,000 records)
	$(BIN)/python scripts/bench.py

bench-browser: test-setup ## Benchmark filtering in Chromium at 1,000 and 10,000 records
	$(BIN)/python scripts/bench_browser.py

bench-network: test-setup ## Benchmark first, repeat and offline visits over a throttled network
	$(BIN)/python scripts/bench_network.py

clean: ## Remove the built site and caches (keeps .venv)
	rm -rf site .pytest_cache .ruff_cache
