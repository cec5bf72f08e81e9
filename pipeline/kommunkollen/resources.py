"""What the pipeline needs at run time, and the check that it is all there.

Everything ships inside the package:
- the gazetteer tables, `kommunkollen/data/*.tsv`, listed with their columns,
  rows and SHA-256 in `data/MANIFEST.json` (both written by
  scripts/build_gazetteers.py), and the word lists we wrote (`data/*.txt`);
- the model (tagger, morphologizer, lemmatizer, parser, NER),
  `kommunkollen/models/sv_kommunkollen/` in an installed
  wheel; in a source checkout (an editable install) it is read from the
  repository's `models/` folder, which pyproject.toml maps into the wheel.

`check_resources()` runs before any work: a missing or damaged resource is a
SetupError (one line saying what to do, a non-zero exit), never a failure per
document.
"""
from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from pathlib import Path

from kommunkollen.errors import SetupError

MODEL_NAME = "sv_kommunkollen"
PACKAGE_DIR = Path(__file__).resolve().parent
# Wheel install first, then the source checkout this package sits in (pipeline/kommunkollen -> repo root).
MODEL_CANDIDATES = (PACKAGE_DIR / "models" / MODEL_NAME, PACKAGE_DIR.parents[1] / "models" / MODEL_NAME)
WORD_LISTS = ("abbreviations.txt", "common_acronyms.txt", "world_regions.txt", "swedish_regions.txt")
# Rules we wrote as tables (not built from a source, so not in the manifest): lemmatisation, UD v1 -> v2,
# the cues of document types, the change verbs.
RULE_TABLES = ("lemma_rules.tsv", "ud_v1_to_v2.tsv", "doc_type_cues.tsv", "change_verbs.tsv")
# Files a spaCy model directory of ours must have (the vocabulary and the components).
MODEL_FILES = ("meta.json", "config.cfg", "tokenizer", "vocab/strings.json", "tok2vec/model", "tagger/model",
               "morphologizer/model", "kk_lemmatizer/lookup.tsv.gz", "parser/model", "ner/model")
REINSTALL = "reinstall kommunkollen (pip install --force-reinstall kommunkollen)"


def data_file(name: str):
    """A file of kommunkollen/data/ (a Traversable: works from a wheel, a zip or a checkout)."""
    return resources.files("kommunkollen.data").joinpath(name)


def shipped_model_path() -> Path | None:
    """The directory of the shipped NER model, or None when this installation has none."""
    for candidate in MODEL_CANDIDATES:
        if (candidate / "meta.json").is_file():
            return candidate
    return None


@cache
def _manifest() -> dict:
    path = data_file("MANIFEST.json")
    try:
        return json.loads(path.read_text(encoding="utf-8"))["tables"]
    except (OSError, ValueError, KeyError) as exc:
        raise SetupError(f"the gazetteer manifest kommunkollen/data/MANIFEST.json is missing or damaged ({exc}): "
                         f"{REINSTALL}, or rebuild the tables with `make gazetteers`") from exc


@cache
def check_data() -> None:
    """Every gazetteer table is there and is the one its manifest describes; the word lists are there."""
    for name, expected in _manifest().items():
        path = data_file(name)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise SetupError(f"gazetteer table kommunkollen/data/{name} is missing: {REINSTALL}, or rebuild the "
                             "tables with `make gazetteers`") from exc
        if hashlib.sha256(content).hexdigest() != expected["sha256"]:
            raise SetupError(f"gazetteer table kommunkollen/data/{name} is damaged (it does not match "
                             f"MANIFEST.json): {REINSTALL}, or rebuild the tables with `make gazetteers`")
    for name in WORD_LISTS + RULE_TABLES:
        if not data_file(name).is_file():
            raise SetupError(f"kommunkollen/data/{name} is missing: {REINSTALL}")


def check_model(path: Path) -> None:
    """A model directory of ours has all its parts (spaCy's own errors are less clear)."""
    missing = [f for f in MODEL_FILES if not (path / f).exists()]
    if missing:
        raise SetupError(f"the NER model at {path} is incomplete (missing {', '.join(missing)}): {REINSTALL}, "
                         "or run with --ner rules")


def check_resources() -> None:
    """All of the above for the shipped resources; the model only if this installation has one."""
    check_data()
    model = shipped_model_path()
    if model is not None:
        check_model(model)
