# Letterwriter: `make run` sets everything up and opens the app; `make test` sets up and runs the suite.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed

.PHONY: setup run test test-core bench screenshots lint clean system languagetool

setup: system $(STAMP) languagetool

system:
	@bash scripts/setup-system.sh

$(BIN)/python:
	$(PY) -m venv $(VENV)

# Reinstall only when the dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	@touch $(STAMP)

languagetool: $(STAMP)
	@$(BIN)/letterwriter languagetool install

run: setup
	$(BIN)/letterwriter

# Four workers on two cores: most tests wait on a child process, a JVM or a file, not the CPU.
# (Not loadgroup: after a worker crashed, xdist's group scheduler waited for it forever.)
test: setup
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 4

test-core: $(STAMP)
	$(BIN)/python -m pytest -q -m core

bench: setup
	$(BIN)/python bench/run.py

screenshots: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py

lint: $(STAMP)
	$(BIN)/ruff check letterwriter tests bench scripts
	$(BIN)/ruff format --check letterwriter tests bench scripts

clean:
	rm -rf $(VENV) dist build .pytest_cache
