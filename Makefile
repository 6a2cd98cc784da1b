# Two commands on a fresh machine: `make notebooks` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: notebooks test lint check bench profile nightly clean goldens docs

# pip says only what goes wrong: its errors. The build backend is configured so that an
# editable install has nothing to warn about (see [tool.setuptools] in pyproject.toml); what
# pip warns about beyond that comes from the machine's pip configuration (an index folder
# that does not exist, say), not from this project. `make PIP_QUIET=-q` shows pip's warnings.
PIP_QUIET ?= --quiet --quiet

$(STAMP): pyproject.toml
	@echo "Installing notebook-gen and its test tools into $(VENV) (once; about a minute)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install $(PIP_QUIET) --upgrade pip
	@$(BIN)/python -m pip install $(PIP_QUIET) -e '.[test]'
	@touch $(STAMP)

notebooks: $(STAMP)
	$(BIN)/notebook-gen build docs/source -o notebooks_out

lint: $(STAMP)
	$(BIN)/ruff check notebook_gen tests benchmarks
	$(BIN)/mypy

check: $(STAMP)
	$(BIN)/notebook-gen build docs/source -o notebooks_out --check

test: lint $(STAMP)
	$(BIN)/python -m pytest -q
	$(MAKE) check

BENCH_VENV := .venv-bench

$(BENCH_VENV)/.installed:
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet hf-doc-builder==0.5.0 requests \
		|| echo "bench: hf-doc-builder not installed; reference rows are skipped"
	touch $@

bench: $(STAMP) $(BENCH_VENV)/.installed
	$(BIN)/python -m benchmarks $(BENCH)

# Where a cold build's time goes, by stage (cProfile, one process): the corpus, else 500 pages.
profile: $(STAMP)
	$(BIN)/python -m benchmarks.profile_cold

goldens: $(STAMP)
	$(BIN)/python -m tests.regenerate_goldens

# The option tables of docs/source/en/configuration.md, from notebook_gen/commands/options.py
# (tests/test_options.py fails until they are regenerated); then the notebooks of the docs.
docs: $(STAMP)
	$(BIN)/python -m tests.regenerate_configuration
	$(BIN)/notebook-gen build docs/source -o notebooks_out

# The nightly check, locally: build, then run every notebook of the project's own docs.
nightly: $(STAMP)
	$(BIN)/notebook-gen build docs/source -o notebooks_out
	$(BIN)/notebook-gen execute notebooks_out --no-install --check-outputs=strict \
		--junit build/nightly.xml --html build/nightly.html

clean:
	rm -rf $(VENV) build *.egg-info
