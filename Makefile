# Kommunkollen: `make run` and `make test` do all set-up on a fresh machine, with or without ../shared.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip install --quiet --disable-pip-version-check
CORE   := $(VENV)/.installed-core
DEV    := $(VENV)/.installed-dev
OUT    ?= outputs/sample

# Where the training and evaluation data live (only `make train`, `make evaluate` and
# `make gazetteers` need them; see ../shared/data/README.md and CREDITS.md for the sources).
DATA   ?= ../shared/data

.PHONY: help install gazetteers run test faults lint bench bench-report evaluate eval-clean errors train golden wheel wheel-check clean-outputs

help:
	@echo "make run     install (first time) and process corpora/sample into $(OUT), with its HTML report"
	@echo "make test    install with dev extras and run the test suite"
	@echo "make wheel-check  build the wheel, install it in a fresh venv, run it from elsewhere, compare"
	@echo "make faults  the long fault suite: each bad input alone, with its time and peak memory; signals (about 5 min)"
	@echo "make lint    ruff over the code"
	@echo "make bench   speed and memory on a synthetic corpus -> outputs/bench/bench.json"
	@echo "make bench-report  the HTML report of 10,000 synthetic documents: build time, memory, page load times"
	@echo "make evaluate  NER on UNER Talbanken test, tags and trees on UD Talbanken -> outputs/eval/ (DATA=$(DATA))"
	@echo "make eval-clean  main text against trafilatura on trafilatura-eval and our pages, side by side (DATA=$(DATA))"
	@echo "make errors SET=tune  every miss, false positive and wrong field on DEV_SET/SET, with its sentence"
	@echo "make train   retrain models/sv_kommunkollen from the corpora in DATA=$(DATA) (about 50 min)"
	@echo "make golden  regenerate tests/golden/ after an intended change of outputs"
	@echo "make gazetteers  rebuild the shipped tables in pipeline/kommunkollen/data/ from DATA=$(DATA)"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(CORE): pyproject.toml | $(PY)
	$(PIP) --upgrade pip setuptools
	$(PIP) -e .
	touch $@

$(DEV): pyproject.toml | $(PY)
	$(PIP) --upgrade pip setuptools
	$(PIP) -e '.[dev]'
	touch $@ $(CORE)

install: $(CORE)

run: $(CORE)
	$(VENV)/bin/kommunkollen run corpora/sample --out $(OUT) --report

test: $(DEV)
	$(PY) -m pytest

# The short fault suite (tests/test_faults_*.py) is part of `make test`; this one runs each bad
# input alone, with the larger inputs, and kills runs at random moments.
faults: $(DEV)
	$(PY) scripts/faults.py
	$(PY) -m pytest -q tests/test_faults_files.py tests/test_faults_http.py tests/test_faults_signals_disk.py

lint: $(DEV)
	$(VENV)/bin/ruff check pipeline tests scripts

bench: $(CORE)
	$(PY) scripts/bench.py --out outputs/bench

# The HTML report of a synthetic 10,000-document run: build time and memory, and each kind of
# page's load time in headless Chromium (apt-get install chromium chromium-driver).
bench-report: $(DEV)
	$(PY) scripts/bench_report.py --out outputs/bench

# The gazetteer tables ship in the package (committed); this rebuilds them from the public
# sources in DATA, with the standard library only, and rewrites their MANIFEST.json.
gazetteers:
	@test -d $(DATA)/gazetteers || { echo "no gazetteers in DATA=$(DATA): set DATA= to the data directory (see CREDITS.md)"; exit 1; }
	$(PYTHON) scripts/build_gazetteers.py $(DATA)

# The wheel as users get it (model and tables inside), and the check CI runs on it.
wheel: $(DEV)
	rm -rf dist build/lib build/bdist.*   # setuptools reuses build/lib: a stale copy would ship removed files
	$(PY) -m pip wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation -w dist .

wheel-check: wheel
	$(PY) scripts/check_wheel.py dist/kommunkollen-*.whl

TEST_SET := $(DATA)/uner-sv-talbanken/sv_talbanken-ud-test.iob2
UD_TEST  := $(DATA)/ud-sv-talbanken/sv_talbanken-ud-test.conllu
UD_DEV   := $(DATA)/ud-sv-talbanken/sv_talbanken-ud-dev.conllu

# ner.json: what 'run' uses (model + municipal layer); ner_model.json and ner_rules.json: each layer alone;
# parse_test.json, parse_dev.json: tags, features, lemmas and trees on UD Talbanken 2.17 test and dev.
evaluate: $(CORE)
	@test -f $(TEST_SET) || { echo "no $(TEST_SET): set DATA= to the data directory"; exit 1; }
	$(VENV)/bin/kommunkollen evaluate-ner $(TEST_SET) --json outputs/eval/ner.json
	$(VENV)/bin/kommunkollen evaluate-ner $(TEST_SET) --layer ner --json outputs/eval/ner_model.json
	$(VENV)/bin/kommunkollen evaluate-ner $(TEST_SET) --layer rules --json outputs/eval/ner_rules.json
	$(VENV)/bin/kommunkollen evaluate-parse $(UD_TEST) --json outputs/eval/parse_test.json
	$(VENV)/bin/kommunkollen evaluate-parse $(UD_DEV) --json outputs/eval/parse_dev.json

# Error analysis on a gold folder of the development set (tune only: check is for scoring).
DEV_SET ?= ../shared/dev
SET     ?= tune
eval-clean: $(CORE)
	$(PY) scripts/eval_clean.py --data $(DATA) --out outputs/eval/clean.json

errors: $(CORE)
	@test -d $(DEV_SET)/$(SET)/gold || { echo "no $(DEV_SET)/$(SET)/gold: set DEV_SET= to the development set"; exit 1; }
	$(PY) scripts/errors.py $(DEV_SET)/$(SET)/gold --run outputs/errors/$(SET)

TRAIN := $(VENV)/.installed-train
$(TRAIN): pyproject.toml | $(CORE)
	$(PIP) -e '.[train]'
	touch $@

train: $(TRAIN)
	$(VENV)/bin/kommunkollen train --data $(DATA) --work build/train

golden: $(DEV)
	KK_UPDATE_GOLDEN=1 $(PY) -m pytest tests/test_golden_sample.py -q

clean-outputs:
	rm -rf outputs/sample outputs/bench dist
