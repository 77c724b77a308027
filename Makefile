# quotetrack — make verbs (see README). Every target works on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= data/quotes.duckdb
SAMPLE ?= data/articles
PORT   ?= 8501

.PHONY: help setup run ingest reingest dashboard test eval bench lint train clean

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/quotetrack: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(BIN)/quotetrack  ## create .venv and install quotetrack with its dependencies

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

clean:  ## remove the virtualenv and caches (keeps data/)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
