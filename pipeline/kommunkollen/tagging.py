"""Tagging pre-tokenised text and evaluating NER, with the full pipeline (NER backend + rule layer).

`Tagger(settings).tag(tokens)` gives IOB2 tags over PER, LOC, ORG (and MISC
where the backend has it) for a list of tokens; `evaluate(tagger, sentences)`
scores it entity by entity (exact span and label) with per-label precision,
recall and F1 and bootstrap confidence intervals.
"""
from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable

from spacy.tokens import Doc

from kommunkollen.nlp.components import person_pieces
from kommunkollen.nlp.corpora import LABELS, Sentence, spans_from_tags
from kommunkollen.nlp.extensions import doc_text, records
from kommunkollen.runner import build_nlp
from kommunkollen.settings import Settings

_BACKEND_LABELS = {"PER": "PER", "PRS": "PER", "PERSON": "PER", "LOC": "LOC", "GPE": "LOC", "ORG": "ORG",
                   "MISC": "MISC", "EVN": "MISC", "WRK": "MISC", "OBJ": "MISC"}


def _doc(nlp, tokens: list[str]) -> Doc:
    """`tokens` as a Doc (the given tokenisation kept) run through every step of `nlp`."""
    doc = Doc(nlp.vocab, words=tokens, spaces=[True] * (len(tokens) - 1) + [False])
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def _iob(doc: Doc, spans) -> list[str]:
    """IOB2 tags from (start char, end char, label) spans; longer spans first, no overlaps."""
    tags = ["O"] * len(doc)
    for start, end, label in sorted(spans, key=lambda f: (-(f[1] - f[0]), f[0])):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or any(tags[i] != "O" for i in range(span.start, span.end)):
            continue
        tags[span.start] = "B-" + label
        for i in range(span.start + 1, span.end):
            tags[i] = "I-" + label
    return tags


class Tagger:
    """The NER backend with the municipal rule layer: what `kommunkollen run` finds."""

    def __init__(self, settings: Settings | None = None):
        self.nlp = build_nlp(settings or Settings(), normalise=False)   # reads the raw mentions

    def tag(self, tokens: list[str]) -> list[str]:
        if not tokens:
            return []
        doc = _doc(self.nlp, tokens)
        recs = records(doc)
        # People: the extractor's (names the rules know, NER persons that pass its checks) and
        # every NER person, since single surnames ("Taylor") are names even where the
        # extractor waits for a fuller form.
        found = [(m["start"], m["end"], "PER") for m in recs.get("person_mentions", [])]
        found += [(s, e, "PER") for ent in doc.ents if _BACKEND_LABELS.get(ent.label_) == "PER"
                  for s, e in person_pieces(doc_text(doc), ent.start_char, ent.end_char)]
        # Named entities are names: a body written in lower case ("kommunstyrelsen") is an
        # organisation in our records but not a name in the CoNLL/UNER sense these tags follow.
        found += [(m["start"], m["end"], "ORG") for m in recs.get("org_mentions", [])
                  if not m["name"][:1].islower()]
        found += [(m["start"], m["end"], "LOC") for m in recs.get("place_mentions", [])]
        found += [(e.start_char, e.end_char, _BACKEND_LABELS[e.label_]) for e in doc.ents
                  if _BACKEND_LABELS.get(e.label_) == "MISC"]
        return _iob(doc, found)


class ModelTagger:
    """The statistical NER alone (no rule layer), for measuring the two layers apart."""

    def __init__(self, nlp):
        self.nlp = nlp

    def tag(self, tokens: list[str]) -> list[str]:
        if not tokens:
            return []
        doc = _doc(self.nlp, tokens)
        return _iob(doc, [(e.start_char, e.end_char, _BACKEND_LABELS[e.label_]) for e in doc.ents
                          if e.label_ in _BACKEND_LABELS])


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _counts(gold: set, pred: set, labels: Iterable[str]) -> dict[str, list[int]]:
    out = {label: [0, 0, 0] for label in labels}
    for span in pred:
        if span[2] in out:
            out[span[2]][0 if span in gold else 1] += 1
    for span in gold:
        if span[2] in out and span not in pred:
            out[span[2]][2] += 1
    return out


def evaluate(tagger: Tagger, sentences: list[Sentence], labels=("PER", "LOC", "ORG"), *,
             bootstrap: int = 1000, seed: int = 13) -> dict:
    """Entity-level P/R/F1 per label and micro over `labels`, with 95% bootstrap intervals."""
    per_sentence = []
    for sent in sentences:
        gold = spans_from_tags(sent.tags)
        pred = spans_from_tags(tagger.tag(sent.tokens))
        per_sentence.append(_counts(gold, pred, LABELS))

    def summarise(rows) -> dict:
        total = {label: [sum(r[label][k] for r in rows) for k in range(3)] for label in LABELS}
        micro = [sum(total[label][k] for label in labels) for k in range(3)]
        return {"labels": {label: dict(zip(("precision", "recall", "f1"), _prf(*total[label]), strict=True),
                                       tp=total[label][0], fp=total[label][1], fn=total[label][2])
                           for label in LABELS if sum(total[label])},
                "micro": dict(zip(("precision", "recall", "f1"), _prf(*micro), strict=True),
                              tp=micro[0], fp=micro[1], fn=micro[2])}

    result = summarise(per_sentence)
    rng = random.Random(seed)
    samples: dict[str, list[float]] = {label: [] for label in (*LABELS, "micro")}
    n = len(per_sentence)
    for _ in range(bootstrap if n else 0):
        s = summarise([per_sentence[rng.randrange(n)] for _ in range(n)])
        samples["micro"].append(s["micro"]["f1"])
        for label, v in s["labels"].items():
            samples[label].append(v["f1"])

    def ci(values):
        if not values:
            return None
        values = sorted(values)
        return [round(values[int(0.025 * len(values))], 4), round(values[int(0.975 * len(values)) - 1], 4)]

    result["micro"]["f1_ci95"] = ci(samples["micro"])
    for label in result["labels"]:
        result["labels"][label]["f1_ci95"] = ci(samples[label])
    result["sentences"] = n
    result["gold_entities"] = dict(Counter(s[2] for sent in sentences for s in spans_from_tags(sent.tags)))
    return result
