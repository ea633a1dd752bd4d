# Quick start: `make run` (pipeline on the embedded broker) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
FEEDS  ?= deploy/feeds.yaml

.PHONY: run test lint typecheck bench eval clean

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
	$(BIN)/ruff check monitor streams tests benchmarks
	$(BIN)/ruff format --check monitor streams tests benchmarks

typecheck: $(BIN)/marsad
	$(BIN)/mypy

eval: $(BIN)/marsad
	$(BIN)/marsad eval ../shared/corpus/dev.jsonl

bench: $(BIN)/marsad
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .marsad .pytest_cache .mypy_cache .ruff_cache
