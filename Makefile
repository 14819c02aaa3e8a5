# framescope: `make report` builds the seed report, `make test` runs the tests.
# Both create .venv (if missing) and install the project into it first; nothing else is needed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.framescope-installed

.PHONY: setup browser report test lint bench clean-reports classroom

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

report: setup
	$(BIN)/framescope report seeds/ --name seeds

# The report-security test opens a hostile report in Debian's headless Chromium.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian's chromium for the browser test"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "note: chromium is not installed and this user cannot install it; the browser test will be skipped"; \
	  fi; }

test: setup browser
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check analysis tests bench

# The classroom exercises: student and teacher versions into build/classroom/.
classroom: setup
	$(BIN)/framescope classroom build

clean-reports:
	rm -rf reports/*/
