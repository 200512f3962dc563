# Two commands on a fresh machine with Python 3.11:  make run  and  make test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export TAKEUP_DATABASE ?= instance/takeup.db

.PHONY: run test install install-test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall when the package metadata changes.
$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[pdf]'
	touch $@

$(VENV)/.installed-test: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[pdf,test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(BIN)/takeup init
	$(BIN)/takeup demo --if-empty
	@echo "takeup is serving the demo at http://127.0.0.1:8000/  (Ctrl-C stops it)"
	$(BIN)/takeup serve --bind 127.0.0.1:8000

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install-test
	$(BIN)/python bench/ingest.py

clean:
	rm -rf $(VENV) instance .pytest_cache
