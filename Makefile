# Displace — the two commands are `make run` and `make test`.
# Everything is installed into .venv/ at the repository root; nothing outside it.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench fuzz train eval clean help

help:
	@echo "make run    set up and start Displace (web app on SQLite with demo data)"
	@echo "make test   set up and run the whole test suite"
	@echo "make lint   ruff and mypy --strict"
	@echo "make bench  benchmarks with figures and ratios"
	@echo "make fuzz   property tests and API fuzzing with many examples (docs/limits.md)"
	@echo "make train  rebuild the coach's learned heads from corpus/ (bit for bit)"
	@echo "make eval   rules vs model vs both on conversations the coach was not trained on"

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Displace needs Python 3.11 or newer; found " + sys.version.split()[0] + ". Set PYTHON=/path/to/python3.11 and retry.")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,semantic]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/displace serve --demo

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench

# Hypothesis on every form and schemathesis on every API operation, with many more examples
# than `make test` runs: no answer may be a 500 or show a traceback.
fuzz: $(STAMP)
	DISPLACE_FUZZ_EXAMPLES=$${DISPLACE_FUZZ_EXAMPLES:-300} $(BIN)/python -m pytest -q \
	  tests/web/test_form_properties.py tests/web/api/test_fuzz.py

# The learned layer: heads fitted on the corpus's train split, written to src/displace/data/model.
# Sentence vectors are kept in .cache/ between runs; deleting it changes nothing but the time.
train: $(STAMP)
	$(BIN)/python -m displace.training train

eval: $(STAMP)
	$(BIN)/python -m displace.training eval

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build src/*.egg-info
