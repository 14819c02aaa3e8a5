# framescope: `make report` builds the seed report, `make test` runs the tests.
# Both create .venv (if missing) and install the project into it first; nothing else is needed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.framescope-installed

.PHONY: setup report test lint bench clean-reports

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

report: setup
	$(BIN)/framescope summarize seeds/ --out reports/seeds

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check analysis tests bench

clean-reports:
	rm -rf reports/*/
