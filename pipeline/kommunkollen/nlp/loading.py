"""Building the spaCy pipeline: NER backend + municipal layer + extractors."""
from __future__ import annotations

import hashlib

import spacy
from spacy.language import Language

from kommunkollen.errors import SetupError, UserError
from kommunkollen.nlp.blas import numpy_matmul_ops
from kommunkollen.nlp.tokenizer import tune_tokenizer
from kommunkollen.nlp.vectors import remember_floret_vectors
from kommunkollen.resources import MODEL_NAME, check_model, shipped_model_path
from kommunkollen.settings import Settings

# Our NLP-stage components, after the NER backend. The extract stage adds its own after these.
NLP_COMPONENTS = ("kk_sentences", "kk_municipal_layer")
# With a parser: True lets it split the layout's sentences further, False keeps them whole
# (measured on ../shared/dev, models/README.md).
LAYOUT_ONLY_STARTS = False
# Components of a backend model that stay in the pipeline (the linguistic layer and NER).
KEPT_COMPONENTS = ("tok2vec", "transformer", "tagger", "morphologizer", "attribute_ruler", "lemmatizer",
                   "trainable_lemmatizer", "kk_lemmatizer", "parser", "senter", "ner")


def load_model(name_or_path, **kwargs) -> Language:
    """spacy.load(name_or_path, **kwargs), the models multiplying through numpy's BLAS
    (nlp/blas.py) and the floret vectors built once per word (nlp/vectors.py): the same
    annotations, about twice as fast on our machine (models/README.md)."""
    import kommunkollen.nlp.lemmatizer  # noqa: F401  (kk_lemmatizer, also without the entry points)

    with numpy_matmul_ops():
        nlp = spacy.load(name_or_path, **kwargs)
    remember_floret_vectors(nlp)
    return nlp


def _load_spacy(name_or_path, what: str) -> Language:
    try:
        return load_model(name_or_path)
    except OSError as exc:
        raise SetupError(f"{what} {name_or_path!s} is not installed or not a model directory: install it, "
                         "or use --ner auto") from exc
    except Exception as exc:  # noqa: BLE001  (spaCy raises many kinds for a damaged model)
        raise SetupError(f"{what} {name_or_path!s} could not be loaded ({type(exc).__name__}: {exc}); "
                         "reinstall it, or run with --ner rules") from exc


def base_pipeline(settings: Settings) -> Language:
    """The NER backend alone: the shipped model, a spaCy model, Stanza, or a blank Swedish pipeline.

    'auto' means the shipped model, and it must be there: without it the pipeline would
    silently find fewer names, so a missing model is a SetupError; 'rules' asks for none."""
    choice = settings.ner
    if choice == "auto":
        path = shipped_model_path()
        if path is None:
            raise SetupError(f"the shipped NER model {MODEL_NAME} is not in this installation: reinstall "
                             "kommunkollen (pip install --force-reinstall kommunkollen), or run with --ner rules "
                             "to use the rule layer alone")
        check_model(path)
        return _load_spacy(path, "the shipped NER model")
    if choice == "rules":
        return spacy.blank("sv")
    if choice.startswith("spacy:"):
        return _load_spacy(choice.split(":", 1)[1], "spaCy model")
    if choice == "stanza" or choice.startswith("stanza:"):
        from kommunkollen.nlp.stanza_backend import load_stanza

        return load_stanza(choice.split(":", 1)[1] if ":" in choice else None)
    raise UserError(f"unknown NER backend {choice!r} (use auto, rules, spacy:NAME_OR_PATH or stanza)")


def load_nlp(settings: Settings) -> Language:
    """Tokenizer, NER backend, sentence boundaries and the municipal rule layer."""
    import kommunkollen.nlp.components  # noqa: F401  (registers the kk_* components)

    nlp = base_pipeline(settings)
    tune_tokenizer(nlp)
    # Text classifiers and the like of third-party models are not read by anything here.
    for name in list(nlp.pipe_names):
        if name not in KEPT_COMPONENTS:
            nlp.remove_pipe(name)
    nlp.max_length = max(nlp.max_length, settings.max_bytes + 1)
    # The layout rules go before the parser, which keeps the boundaries they set (headings,
    # list items, attendance lists) and decides the rest; without a parser they decide alone.
    before = next((n for n in ("parser", "senter") if n in nlp.pipe_names), None)
    if before:
        nlp.add_pipe("kk_sentences", before=before, config={"only_starts": LAYOUT_ONLY_STARTS})
    else:
        nlp.add_pipe("kk_sentences")
    for name in NLP_COMPONENTS:
        if name != "kk_sentences":
            nlp.add_pipe(name)
    return nlp


def model_info(nlp: Language) -> dict:
    """Name, version, components and a hash of the NER weights, for run.json."""
    meta = nlp.meta
    digest = None
    if "ner" in nlp.pipe_names:
        digest = hashlib.sha256(nlp.get_pipe("ner").to_bytes(exclude=["vocab"])).hexdigest()[:16]
    return {
        "name": f"{meta.get('lang', 'sv')}_{meta.get('name', 'pipeline')}",
        "version": meta.get("version"),
        "path": str(nlp.path) if nlp.path else None,     # the model directory it was loaded from
        "ner": "ner" in nlp.pipe_names,
        "ner_hash": digest,
        "components": list(nlp.pipe_names),
    }
