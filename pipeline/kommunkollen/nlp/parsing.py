"""`kommunkollen parse` and `kommunkollen evaluate-parse`: the linguistic layer for researchers.

parse: plain text or JSON lines ({"id": ..., "text": ...}) in, CoNLL-U out, with lemma,
UPOS, XPOS, features, head, relation, and the NER tag in MISC (NER=B-PER), plus the
token's character range in the input text (TokenRange=start:end).

evaluate-parse: a gold CoNLL-U file re-annotated from its own tokens and sentence
boundaries, scored for UPOS, XPOS, UFeats, lemma, UAS and LAS with 95% intervals.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from kommunkollen.errors import UserError
from kommunkollen.nlp import conllu

SYNTAX_COMPONENTS = ("tagger", "morphologizer", "parser", "kk_lemmatizer")
# The shipped model's syntax layer: its tok2vec feeds only these (the NER has its own inside it).
SYNTAX_LAYER = ("tok2vec", *SYNTAX_COMPONENTS)


def decode_lines(data: bytes, name: str) -> list[str]:
    """UTF-8 lines of `data`; a byte that is not UTF-8 is an error naming its line."""
    try:
        return data.decode("utf-8").splitlines()
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UserError(f"{name}:{line}: not UTF-8 (byte 0x{data[exc.start]:02x}); convert the input with "
                        "iconv -f <encoding> -t utf-8") from None


def read_items(lines: list[str], name: str, fmt: str) -> Iterator[tuple[str, str, int]]:
    """(id, text, line) per document: the whole text, or one per JSON line."""
    if fmt == "auto":
        first = next((line for line in lines if line.strip()), "")
        fmt = "jsonl" if first.lstrip().startswith("{") else "text"
    if fmt == "text":
        text = "\n".join(lines)
        if text.strip():
            yield "doc1", text, 1
        return
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            text = item["text"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise UserError(f"{name}:{number}: expected a JSON object with a \"text\" string ({exc})") from None
        if not isinstance(text, str):
            raise UserError(f"{name}:{number}: \"text\" must be a string, not {type(text).__name__}")
        yield str(item.get("id", f"doc{number}")), text, number


def parse(nlp: Language, items: Iterable[tuple[str, str, int]], *, batch_size: int = 32) -> Iterator[str]:
    """CoNLL-U blocks for each (id, text, line); documents without words give a newdoc line only."""
    items = list(items)
    docs = nlp.pipe((text for _id, text, _line in items), batch_size=batch_size)
    for (doc_id, _text, _line), doc in zip(items, docs, strict=True):
        yield f"# newdoc id = {doc_id}\n"
        for sentence in conllu.doc_sentences(doc, doc_id=doc_id, ner="ner" in nlp.pipe_names):
            yield conllu.format_sentence(sentence)


def require_syntax(nlp: Language, what: str) -> None:
    missing = [name for name in ("tagger", "morphologizer", "parser") if name not in nlp.pipe_names]
    if missing:
        raise UserError(f"{what} needs a model with {', '.join(missing)}: the backend has "
                        f"{', '.join(nlp.pipe_names) or 'no components'} (use --ner auto, the shipped model)")


def annotate_gold(nlp: Language, gold: list[conllu.Sentence]) -> list[conllu.Sentence]:
    """The gold sentences annotated by `nlp` from their own tokens and sentence boundaries."""
    names = [name for name in nlp.pipe_names if name in SYNTAX_COMPONENTS or name in ("tok2vec", "ner")]
    out = []
    docs = []
    for sentence in gold:
        words = [t.form for t in sentence.tokens]
        spaces = [conllu.space_after(t) is not False for t in sentence.tokens]
        spaces[-1] = False
        docs.append(Doc(nlp.vocab, words=words, spaces=spaces,
                        sent_starts=[True] + [False] * (len(words) - 1)))
    with nlp.select_pipes(enable=names):
        for sentence, doc in zip(gold, nlp.pipe(docs, batch_size=64), strict=True):
            predicted = conllu.doc_sentences(doc, ner=False)
            tokens = [t for s in predicted for t in s.tokens]
            # One gold sentence is one predicted sentence; heads renumbered if the doc was split.
            offset, merged = 0, []
            for s in predicted:
                for t in s.tokens:
                    merged.append(conllu.Token(t.id + offset, t.form, t.lemma, t.upos, t.xpos, t.feats,
                                               t.head + offset if t.head else 0, t.deprel, "_"))
                offset += len(s.tokens)
            if len(tokens) != len(sentence.tokens):
                raise UserError(f"sentence at line {sentence.line}: the model's tokens differ from the file's")
            out.append(conllu.Sentence(merged, sentence.comments, sentence.line))
    return out


def evaluate_gold(nlp: Language, gold: list[conllu.Sentence], *, shared_feats=None) -> dict:
    """The token accuracies of `nlp` on gold sentences, annotated from their own tokens."""
    return conllu.evaluate(gold, annotate_gold(nlp, gold), shared_feats=shared_feats)


def evaluate_file(nlp: Language, path: Path, *, map_v1: bool = False, shared_feats=None) -> dict:
    gold = list(conllu.read_conllu(path))
    if not gold:
        raise UserError(f"{path}: no sentences")
    if map_v1:
        gold = conllu.to_v2(gold)
    result = evaluate_gold(nlp, gold, shared_feats=shared_feats)
    result["file"] = str(path)
    return result


def sentence_boundaries(nlp: Language, gold: list[conllu.Sentence], *, paragraph: int = 10) -> dict:
    """F1 of sentence starts on raw text: the gold sentences joined into paragraphs of
    `paragraph` sentences, split by the parser alone, by the layout rules alone, and by both
    (the layout's starts kept, the parser deciding the rest)."""
    from kommunkollen.nlp.components import SentenceLayout
    from kommunkollen.nlp.tokenizer import tune_tokenizer

    tune_tokenizer(nlp)
    texts, gold_starts = [], []
    for i in range(0, len(gold), paragraph):
        text, starts = "", set()
        for sentence in gold[i:i + paragraph]:
            if text:
                text += " "
            starts.add(len(text))
            text += sentence.text
        texts.append(text)
        gold_starts.append(starts)
    names = [n for n in nlp.pipe_names if n in ("tok2vec", "parser", "senter")]
    out = {}
    for variant in ("parser", "layout", "layout+parser"):
        tp = fp = fn = 0
        for text, starts in zip(texts, gold_starts, strict=True):
            doc = nlp.make_doc(text)
            if variant != "parser":
                SentenceLayout(only_starts=variant == "layout+parser")(doc)
            if variant != "layout":
                with nlp.select_pipes(enable=names):
                    for _name, proc in nlp.pipeline:
                        doc = proc(doc)
            predicted = {s.start_char for s in doc.sents}
            tp += len(predicted & starts)
            fp += len(predicted - starts)
            fn += len(starts - predicted)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out[variant] = {"precision": round(p, 4), "recall": round(r, 4),
                        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}
    return out
