# union-archive: `make demo` (crawl the bundled mirror and query it), `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench clean

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: install
	$(BIN)/python -m mirror.demo

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# Benchmarks compare against the field's tools, installed only in their own venv (bench/README.md).
BENCH_VENV := .venv-bench

$(BENCH_VENV)/.installed: requirements.txt bench/requirements.txt pyproject.toml
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/pip install --quiet -r requirements.txt
	$(BENCH_VENV)/bin/pip install --quiet -r bench/requirements.txt
	$(BENCH_VENV)/bin/pip install --quiet --no-deps -e .
	touch $@

bench: $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python bench/extraction_eval.py
	$(BENCH_VENV)/bin/python bench/repair_bench.py
	$(BENCH_VENV)/bin/python bench/crawl_bench.py
	$(BENCH_VENV)/bin/python bench/search_bench.py

clean:
	rm -rf $(VENV) $(BENCH_VENV) demo.sqlite demo.sqlite-wal demo.sqlite-shm .pytest_cache
