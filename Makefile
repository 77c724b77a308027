# quotetrack — make verbs (see README). Every target works on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= data/quotes.duckdb
SAMPLE ?= data/articles
PORT   ?= 8501

.PHONY: help setup compile run ingest reingest dashboard test eval bench lint train clean

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/quotetrack: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# The extractor compiled to C (mypyc), rebuilt when its sources change; without a C compiler
# the build fails, says why, and quotetrack runs the Python sources (the same output, slower).
COMPILED := ingest/extract/_compiled/manifest.json
$(COMPILED): $(BIN)/quotetrack $(wildcard ingest/extract/*.py)
	$(BIN)/quotetrack compile || true

setup: $(BIN)/quotetrack $(COMPILED)  ## create .venv, install quotetrack, compile the extractor

compile: $(COMPILED)  ## compile the extractor again after changing it (make setup does it)

run: setup ingest dashboard  ## set up, ingest the bundled sample, start the dashboard

ingest: setup  ## add new and changed articles from data/articles (incremental)
	$(BIN)/quotetrack ingest $(SAMPLE) --db $(DB)

reingest: setup  ## rebuild everything from the recorded sources
	$(BIN)/quotetrack reingest --db $(DB)

dashboard: setup  ## serve the dashboard on http://localhost:$(PORT)
	$(BIN)/quotetrack dashboard --db $(DB) --port $(PORT)

test: setup  ## run the test suite (skips what needs ../shared or Chromium when absent)
	$(BIN)/python -m pytest

eval: setup  ## extraction quality on the gold dev splits (../shared)
	$(BIN)/quotetrack eval

bench: setup  ## extraction speed and memory on fang_covid_de (../shared)
	$(BIN)/quotetrack bench

train: setup  ## retrain the candidate model from the gold train splits (../shared)
	$(BIN)/python -m ingest.extract.train

lint: setup  ## ruff and mypy
	$(BIN)/ruff check ingest dashboard tests
	$(BIN)/ruff format --check ingest dashboard tests
	$(BIN)/mypy

clean:  ## remove the virtualenv, the compiled extractor and caches (keeps data/)
	rm -rf $(VENV) ingest/extract/_compiled .pytest_cache .mypy_cache .ruff_cache
