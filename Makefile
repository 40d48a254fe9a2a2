PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := corpus/sample
OUT := out/demo

.PHONY: demo test lint bench clean

$(BIN)/python:
	@command -v $(PY) >/dev/null 2>&1 || { echo "need $(PY) on PATH (or: make PY=python3 ...)"; exit 1; }
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q -e ".[test]"
	touch $@

demo: $(VENV)/.installed
	$(BIN)/nlp-gk run $(SAMPLE) --manifest $(SAMPLE)/manifest.tsv --out $(OUT)
	$(BIN)/nlp-gk report $(OUT) --out $(OUT)/report.html
	@echo "report written to $(OUT)/report.html"

test: $(VENV)/.installed-test
	$(BIN)/ruff check nlp_gk tests benchmarks
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check nlp_gk tests benchmarks

clean:
	rm -rf $(VENV) out .pytest_cache
