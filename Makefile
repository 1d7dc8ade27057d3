# indikatorbok: one command builds the book, one command tests it.
# Everything runs in a project-local virtual environment built from requirements.lock.
#
# PROGRAMME, YEAR and DATA choose the edition (default: the default programme's latest
# edition, on its synthetic data, generated when missing). They reach the commands through
# the environment, so a data folder may hold spaces, quotes or dollar signs.

PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
PY      := $(BIN)/python
PROGRAMME ?=
YEAR    ?=
DATA    ?=
# Taken as written (no make expansion: a folder may be named with a dollar sign).
override DATA := $(value DATA)
export PROGRAMME YEAR DATA
export PYTHONHASHSEED := 0
export OMP_NUM_THREADS := 1
export OPENBLAS_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
# Every notebook kernel imports pandas, SciPy and matplotlib: with compiled bytecode kept on
# disk (not recompiled in each process) a kernel starts in about a second instead of four.
unexport PYTHONDONTWRITEBYTECODE

# The edition's options, read from the environment by the shell (never pasted into it).
EDITION := $${PROGRAMME:+--programme "$$PROGRAMME"} $${YEAR:+--year "$$YEAR"} $${DATA:+--data "$$DATA"}
RUN     := $(PY) -m indikatorbok

.DEFAULT_GOAL := help
.PHONY: help env data notebooks book books preview validate new-year pdf test unit nbval integration a11y bench lint lab lock readme clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'
	@echo "  Variables: PROGRAMME (default: the default programme), YEAR (its latest edition), DATA (its synthetic data)"

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==0.13.8
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(PY) requirements.lock
	$(BIN)/uv pip install --quiet --python $(PY) --no-deps -e .
	touch $@

env: $(VENV)/.installed ## Create the virtual environment from the lock file (and install Debian's Chromium, which prints the PDF)
	@$(CHROMIUM)

data: env ## Generate the programme's synthetic data (deterministic from a seed)
	$(RUN) synth $${PROGRAMME:+--programme "$$PROGRAMME"} $${YEAR:+--year "$$YEAR"}

notebooks: env ## Write the indicator notebooks from the catalog (notebooks/PROGRAMME/)
	$(RUN) notebooks $(EDITION)

book: env ## Build the HTML book of the edition into _build/html
	$(RUN) build $(EDITION)

books: env ## Build every programme's latest edition (the default programme's is current)
	$(RUN) build --all

preview: env ## Build, serve at http://127.0.0.1:8000/ and rebuild on every saved change (no PDF; PORT=8000)
	$(RUN) preview $(EDITION) --port "$${PORT:-8000}"

validate: env ## Check DATA against the programme's data contract
	$(RUN) validate $(EDITION)

new-year: env ## Scaffold a new edition: templates in DATA/YEAR, the analysts' files, the archive
	$(RUN) new-year $(EDITION)

CHROMIUM := command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }

pdf: book ## The built book's PDF, copied to _build/pdf/ under a name that says which book it is
	$(RUN) pdf

# Tests run on every core (pytest-xdist); a notebook's cells stay together on one worker.
XDIST := -n auto

unit: env ## Unit tests, doctests and the reference-figures test
	$(PY) -m pytest -q $(XDIST) --durations=15 tests src/indikatorbok --doctest-modules \
		--ignore=tests/integration

# Every published edition (one per programme and year): its notebooks and its HTML.
PUBLISHED = $(wildcard _build/editions/[!.]*)

# The checks that read the published books hold the build lock: no build replaces an edition
# while they read it (a build started meanwhile is refused, naming them).
LOCKED := $(RUN) locked --

# Each notebook in a fresh kernel, forked from a process that has imported the package.
nbval: books ## Re-execute every published edition's notebooks and compare every output
	$(LOCKED) $(PY) -m pytest -q -p no:cacheprovider -p indikatorbok.forkedkernels $(XDIST) \
		--dist loadscope --nbval \
		$(addsuffix /internal/book/del2/,$(PUBLISHED))

integration: books ## The published books (links, disclosure, reproducibility) and rebuilds on changed data
	$(LOCKED) $(PY) -m pytest -q -p no:cacheprovider $(XDIST) --dist loadfile --durations=15 \
		tests/integration

readme: env ## Write README's table of kinds from the builders' docstrings
	$(PY) -c "from pathlib import Path; from indikatorbok.builders import with_kinds_table; \
	p = Path('README.md'); p.write_text(with_kinds_table(p.read_text()), encoding='utf-8')"

bench: env ## Benchmarks: builds, rebuilds, Jupyter Book baseline, national registers
	$(PY) benchmarks/run.py

# Debian's Chromium and, from the npm registry, Playwright and axe-core (pinned in the lock).
A11Y := tests/a11y/node_modules/.installed
$(A11Y): tests/a11y/package-lock.json
	@$(CHROMIUM)
	cd tests/a11y && npm ci --no-audit --no-fund --silent
	touch $@

# The books are checked at once (one browser each, each page opened once per width); any
# failure fails the target.
a11y: books $(A11Y) ## axe-core (WCAG 2.1 AA) and the layout at 1280 and 390 px on every page of every book
	pids=; for edition in $(PUBLISHED); do \
		name=$$(basename $$edition); \
		node tests/a11y/book.mjs "$$edition/html" "_build/axe-$$name.json" "_build/screens/$$name" & \
		pids="$$pids $$!"; \
	done; failed=0; for pid in $$pids; do wait $$pid || failed=1; done; exit $$failed

lint: env ## Ruff
	$(BIN)/ruff check src tests benchmarks data/programmes

test: lint unit nbval integration a11y ## Everything CI runs: lint, unit tests, the build, nbval, published-book checks, accessibility

LAB_FLAGS ?=
lab: env ## Review the edition's executed notebooks in JupyterLab (_build/current/internal/book/del2; built if none is)
	@test -d _build/current/internal/book/del2 || $(RUN) build $(EDITION)
	$(BIN)/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/_build/current/internal/book/del2 \
		$(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_FLAGS)

lock: ## Re-resolve requirements.lock from pyproject.toml (then update environment.yml)
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes --no-header \
		--override overrides.txt -o requirements.lock

clean: ## Remove build outputs and the build cache (keeps the environment and the data)
	rm -rf _build notebooks/*/
