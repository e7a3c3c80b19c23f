# Two commands matter:  `make demo` (install + analyse the bundled sample)  and  `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
OUT    ?= newstrace-report

.PHONY: demo test install install-dev lint typecheck eval bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

# The tests also cover the optional semantic matching, so they install the embeddings extra. Its
# sentence-transformers needs torch: pin the CPU build first (any other torch request pulls a CUDA build).
$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev,embeddings]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## install everything and analyse the bundled sample corpus into ./newstrace-report/
demo: $(VENV)/.installed
	$(BIN)/newstrace analyze --out $(OUT)
	@echo "open $(OUT)/report.html in a browser"

## install the test dependencies (with the embeddings extra) and run lint, type checks and the whole test suite (eval gates included)
test: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

## full (not subset) accuracy runs on ../shared/data; see docs/evaluation.md
eval: $(VENV)/.installed
	$(BIN)/newstrace eval quotes --data ../shared/data/quotes-dev
	$(BIN)/newstrace eval fnc1 --data ../shared/data/fnc-1
	$(BIN)/newstrace eval emergent --data ../shared/data/emergent
	$(BIN)/newstrace eval claims --data ../shared/data/claimbuster
	$(BIN)/newstrace eval extraction --data ../shared/data/article-extraction-benchmark
	$(BIN)/newstrace eval extraction --data ../shared/data/trafilatura-eval
	$(BIN)/newstrace eval stories --data ../shared/data/emergent
	$(BIN)/newstrace eval claim-matching --data ../shared/data/emergent
	$(BIN)/newstrace eval stories --data ../shared/data/basil --data ../shared/data/pac-partisan-events
	$(BIN)/newstrace eval reuse --data ../shared/data/counter-urdu-reuse

bench: $(VENV)/.installed
	$(BIN)/newstrace bench

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache build dist
