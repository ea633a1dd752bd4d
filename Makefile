# Quick start: `make run` (pipeline on the embedded broker) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
FEEDS  ?= deploy/feeds.yaml

COMPILED := build/compiled

.PHONY: run test lint typecheck bench compiled eval clean

$(BIN)/marsad: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

run: $(BIN)/marsad
	$(BIN)/marsad run --feeds $(FEEDS)

test: $(BIN)/marsad
	$(BIN)/python -m pytest -q

lint: $(BIN)/marsad
	$(BIN)/ruff check monitor streams tests benchmarks setup.py
	$(BIN)/ruff format --check monitor streams tests benchmarks setup.py

typecheck: $(BIN)/marsad
	$(BIN)/mypy

eval: $(BIN)/marsad
	$(BIN)/marsad eval ../shared/corpus/dev.jsonl

# The analysis as a wheel installs it (mypyc-compiled, setup.py), beside the editable source.
compiled: $(BIN)/marsad
	rm -rf $(COMPILED) build/wheel
	$(BIN)/pip wheel --quiet --no-deps --no-build-isolation -w build/wheel .
	$(BIN)/pip install --quiet --no-deps --target $(COMPILED) build/wheel/marsad-*.whl

bench: $(BIN)/marsad compiled
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done
	PYTHONPATH=$(COMPILED) $(BIN)/python benchmarks/bench_analysis.py

clean:
	rm -rf $(VENV) .marsad .pytest_cache .mypy_cache .ruff_cache build
