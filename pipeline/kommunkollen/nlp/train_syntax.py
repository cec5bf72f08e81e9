"""The treebank side of training: the trees the tagger (SUC tags), morphologizer (UPOS +
UFeats) and dependency parser learn from, and their evaluation.

The main training file is UD Talbanken's 2015 conversion (UD v1 labels, no lemmas); it is
mapped to v2 with data/ud_v1_to_v2.tsv (`conllu.to_v2`). UD 2.17 dev selects the
checkpoint; UD 2.17 test is only scored, after training (`evaluate_parse`). The three
components share one tok2vec of their own; the NER keeps its own (models/README.md says
why: sharing one encoder costs the NER).
"""
from __future__ import annotations

from pathlib import Path

import spacy
from spacy.tokens import DocBin

from kommunkollen.nlp import conllu

CONFIG = Path(__file__).with_name("syntax.cfg")
TREEBANK = "ud-sv-talbanken"
TRAIN_FILE = f"{TREEBANK}/sv-ud-train-2015.conll"
DEV_FILE = f"{TREEBANK}/sv_talbanken-ud-dev.conllu"
TEST_FILE = f"{TREEBANK}/sv_talbanken-ud-test.conllu"
# More training trees, already in UD v2 (no XPOS: the tagger skips them): the corrected
# (normalised) side of the SweLL learner treebank, `--syntax-extra` to choose.
EXTRA_FILES = ("ud-sv-swell/sv_swell-ud-test-trg.conllu",)
# The feature names the 2015 training file annotates; UFeats restricted to them says how much of
# the full-UFeats gap is the annotation scheme (PronType, Poss, ExtPos ... are new in 2.x).
TRAIN_FEATURES = ("Case", "Definite", "Degree", "Gender", "Mood", "Number", "Tense", "VerbForm", "Voice")


def prepare(data_dir: Path, work_dir: Path, *, limit: int = 0, extra: tuple[str, ...] = EXTRA_FILES) -> dict:
    """train.spacy (2015 conversion mapped to v2, plus the `extra` v2 files) and dev.spacy
    (2.17 dev) under work_dir."""
    nlp = spacy.blank("sv")
    train = conllu.to_v2(list(conllu.read_conllu(data_dir / TRAIN_FILE)))
    extra_sentences = [s for rel in extra for s in conllu.read_conllu(data_dir / rel)]
    dev = list(conllu.read_conllu(data_dir / DEV_FILE))
    if limit:
        train, dev, extra_sentences = train[:limit], dev[:limit], extra_sentences[:limit]
    train += extra_sentences
    work_dir.mkdir(parents=True, exist_ok=True)
    for name, sentences in (("train", train), ("dev", dev)):
        # Lemmas are not trained (the lemmatizer is a lookup with rules): drop them from the gold.
        DocBin(docs=[conllu.to_doc(nlp.vocab, s) for s in sentences],
               attrs=["ORTH", "TAG", "POS", "MORPH", "HEAD", "DEP", "SENT_START"]).to_disk(work_dir / f"{name}.spacy")
    return {"train_sentences": len(train), "train_tokens": sum(len(s.tokens) for s in train),
            "extra_files": list(extra), "extra_sentences": len(extra_sentences), "dev_sentences": len(dev)}


def train(work_dir: Path, *, vectors: Path | None, seed: int = 13, max_steps: int | None = None,
          overrides: dict | None = None) -> Path:
    """spaCy training with syntax.cfg; returns the directory of the best model."""
    from kommunkollen.nlp.train import spacy_training

    return spacy_training(CONFIG, work_dir, vectors=vectors, seed=seed, max_steps=max_steps, overrides=overrides)


def evaluate_parse(model: Path, data_dir: Path) -> dict:
    """Tags, features, lemmas and trees of the packaged model on UD 2.17 dev and test (from the
    gold tokens and sentences); sentence boundaries from raw text; speed of the whole model."""
    import time

    from kommunkollen.nlp import parsing
    from kommunkollen.nlp.loading import load_model

    nlp = load_model(model)      # as the pipeline loads it: the speed is the one a run gets
    gold_sets = {name: list(conllu.read_conllu(data_dir / rel)) for name, rel in (("ud_dev", DEV_FILE),
                                                                                   ("ud_test", TEST_FILE))}
    scores = {}
    for name, gold in gold_sets.items():
        result = parsing.evaluate_gold(nlp, gold, shared_feats=TRAIN_FEATURES)
        result["sentence_boundaries"] = parsing.sentence_boundaries(nlp, gold)
        scores[name] = result
    test = gold_sets["ud_test"]
    texts = [s.text for s in test] * 2
    words = sum(len(s.tokens) for s in test) * 2
    started = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=256):
        pass
    scores["speed"] = {"words": words, "words_per_s": round(words / (time.perf_counter() - started))}
    return scores
