# Kommunkollen: `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip install --quiet --disable-pip-version-check
CORE   := $(VENV)/.installed-core
DEV    := $(VENV)/.installed-dev
OUT    ?= outputs/sample

# Where the training and evaluation data live (see ../shared/data/README.md for the sources).
DATA   ?= ../shared/data

.PHONY: help install gazetteers run test lint bench evaluate train golden clean-outputs

help:
	@echo "make run     install (first time) and process corpora/sample into $(OUT)"
	@echo "make test    install with dev extras and run the test suite"
	@echo "make lint    ruff over the code"
	@echo "make bench   speed and memory on a synthetic corpus -> outputs/bench/bench.json"
	@echo "make evaluate  NER on UNER Talbanken test -> outputs/eval/ner*.json (DATA=$(DATA))"
	@echo "make train   retrain models/sv_kommunkollen_ner from the corpora in DATA=$(DATA) (about 25 min)"
	@echo "make golden  regenerate tests/golden/ after an intended change of outputs"
	@echo "make gazetteers  build pipeline/data/*.tsv from the gazetteers in DATA (run and test do it)"

$(PY):
	$(PYTHON) -m venv $(VENV)

# The gazetteer tables (municipalities with SCB codes, agencies, names, places) are built
# from the public gazetteers in DATA at set-up, not shipped: see pipeline/data/SOURCES.md.
GAZETTEERS := pipeline/data/municipalities.tsv
$(GAZETTEERS): scripts/build_gazetteers.py
	@test -d $(DATA)/gazetteers || { echo "no gazetteers in DATA=$(DATA): set DATA= to the data directory (see pipeline/data/SOURCES.md)"; exit 1; }
	$(PYTHON) scripts/build_gazetteers.py $(DATA)

gazetteers: $(GAZETTEERS)

$(CORE): pyproject.toml | $(PY)
	$(PIP) --upgrade pip setuptools
	$(PIP) -e .
	touch $@

$(DEV): pyproject.toml | $(PY)
	$(PIP) --upgrade pip setuptools
	$(PIP) -e '.[dev]'
	touch $@ $(CORE)

install: $(CORE) $(GAZETTEERS)

run: $(CORE) $(GAZETTEERS)
	$(VENV)/bin/kommunkollen run corpora/sample --out $(OUT)

test: $(DEV) $(GAZETTEERS)
	$(PY) -m pytest

lint: $(DEV)
	$(VENV)/bin/ruff check pipeline tests scripts

bench: $(CORE) $(GAZETTEERS)
	$(PY) scripts/bench.py --out outputs/bench

TEST_SET := $(DATA)/uner-sv-talbanken/sv_talbanken-ud-test.iob2

# ner.json: what 'run' uses (model + municipal layer); ner_model.json and ner_rules.json: each layer alone.
evaluate: $(CORE) $(GAZETTEERS)
	$(VENV)/bin/kommunkollen evaluate-ner $(TEST_SET) --json outputs/eval/ner.json
	$(VENV)/bin/kommunkollen evaluate-ner $(TEST_SET) --layer ner --json outputs/eval/ner_model.json
	$(VENV)/bin/kommunkollen evaluate-ner $(TEST_SET) --layer rules --json outputs/eval/ner_rules.json

TRAIN := $(VENV)/.installed-train
$(TRAIN): pyproject.toml | $(CORE)
	$(PIP) -e '.[train]'
	touch $@

train: $(TRAIN) $(GAZETTEERS)
	$(VENV)/bin/kommunkollen train --data $(DATA) --work build/train

golden: $(DEV) $(GAZETTEERS)
	KK_UPDATE_GOLDEN=1 $(PY) -m pytest tests/test_golden_sample.py -q

clean-outputs:
	rm -rf outputs/sample outputs/bench
