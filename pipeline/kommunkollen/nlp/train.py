"""Training the shipped model from the public corpora (`make train`, `kommunkollen train`).

Steps, each reproducible from the data directory (../shared/data by default; see
models/README.md for where to get the public corpora):

1. `prepare`: read the tagged corpora of the chosen mix, map their labels to
   PER/LOC/ORG, hold out a seeded slice of the Swedish training sentences, and
   write spaCy DocBins (train, dev = UNER Talbanken dev + the Swedish holdout);
   `train_syntax.prepare` does the same for the treebanks (UD Talbanken 2015
   mapped to v2, SweLL).
2. `train_vectors`: floret subword vectors on the raw Swedish official prose
   (about 10 M tokens), so that rare names and inflected forms get a vector.
3. `train`: spaCy training of the NER with the checked-in config (`ner.cfg` next
   to this module), then `train_syntax.train` of tagger, morphologizer and parser
   (`syntax.cfg`) on the same vectors, fixed seeds.
4. `assemble` + `package`: one pipeline (the NER with its own tok2vec inside it), the
   lemmatizer with its lookup table, our tokenizer exceptions, meta (sources, licence,
   scores) and the model card, into models/sv_kommunkollen.
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
from kommunkollen.nlp import train_syntax
from kommunkollen.nlp.blas import numpy_matmul_ops
from kommunkollen.nlp.corpora import Sentence, read_tagged, spans_from_tags
from kommunkollen.nlp.parsing import SYNTAX_COMPONENTS, SYNTAX_LAYER
from kommunkollen.resources import MODEL_NAME

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
    """spaCy training of the NER with ner.cfg; returns the directory of the best model."""
    return spacy_training(CONFIG, work_dir, vectors=vectors, seed=seed, max_steps=max_steps,
                          init_tok2vec=init_tok2vec, overrides=overrides)


def spacy_training(config: Path, work_dir: Path, *, vectors: Path | None, seed: int = 13,
                   max_steps: int | None = None, init_tok2vec: Path | None = None,
                   overrides: dict | None = None) -> Path:
    """`spacy train` with `config` on work_dir's train.spacy and dev.spacy; the best model's directory."""
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
    # numpy's BLAS, as the pipeline runs the model (nlp/blas.py): the same model, trained faster.
    with numpy_matmul_ops():
        spacy_train(config, work_dir / "model", overrides=settings, use_gpu=-1)
    return work_dir / "model" / "model-best"


def package(nlp, target: Path, *, meta_extra: dict) -> Path:
    """Write the assembled pipeline to `target` with our tokenizer exceptions and meta; atomic swap."""
    from kommunkollen import __version__
    from kommunkollen.nlp.tokenizer import tune_tokenizer

    tune_tokenizer(nlp)
    nlp.meta.update({
        "name": MODEL_NAME.removeprefix("sv_"),
        "version": __version__,
        "description": "Swedish tagger (SUC), morphology (UPOS, UFeats), lemmas, dependency parser and NER "
                       "(PER, LOC, ORG) for municipal documents, trained by Kommunkollen on public corpora; "
                       "see README.md",
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


def assemble(syntax_dir: Path, ner_dir: Path, *, lookup: dict[str, str] | None = None):
    """One pipeline from the syntax model and the NER model, which share the floret vectors:
    tok2vec (the syntax layer's, shared by tagger, morphologizer and parser), tagger,
    morphologizer, kk_lemmatizer, parser, and the NER with its own tok2vec inside it.

    The NER keeps its own encoder: trained on other corpora than the treebank (news, web,
    other languages), it loses when the two share one (models/README.md has the runs)."""
    import kommunkollen.nlp.lemmatizer  # noqa: F401  (registers kk_lemmatizer)

    nlp = spacy.load(syntax_dir)
    ner_nlp = spacy.load(ner_dir, exclude=list(SYNTAX_COMPONENTS))
    # A freshly trained NER listens to its tok2vec: copy the encoder into it. The NER of a packaged
    # model (--ner-from models/sv_kommunkollen) already carries its own.
    if "tok2vec" in ner_nlp.pipe_names and "ner" in ner_nlp.get_pipe("tok2vec").listening_components:
        ner_nlp.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
    if nlp.vocab.vectors.to_bytes(exclude=["strings"]) != ner_nlp.vocab.vectors.to_bytes(exclude=["strings"]):
        raise ValueError("the syntax and NER models were trained with different vectors")
    nlp.add_pipe("ner", source=ner_nlp)
    lemmatizer = nlp.add_pipe("kk_lemmatizer", after="morphologizer")
    if lookup is not None:
        lemmatizer.set_lookup(lookup)
    return nlp


def write_model_licence(target: Path, mix=DEFAULT_MIX) -> None:
    """The model's LICENSE: CC BY-SA 4.0 with the attribution of every corpus it was trained on.
    It travels with the model into the wheel (pyproject.toml's license-files)."""
    credits = "\n".join(f"- {s.name} ({s.licence}): {s.credit}" for s in SOURCES if s.language in mix)
    (target / "LICENSE").write_text(f"""{MODEL_NAME}: a Swedish model (tagger, morphologizer, lemmatizer, dependency parser,
named entities) trained by the Kommunkollen team.

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
- ud-sv-talbanken (CC BY-SA 4.0): UD_Swedish-Talbanken (Nivre, Smith, Norrman et al.,
  Universal Dependencies; the 2015 conversion, sv-ud-train-2015.conll), from Talbanken
  (Einarsson 1976, Lund University); tagger, morphologizer and parser
- ud-sv-swell (CC BY-SA 4.0): UD_Swedish-SweLL (Masciolini, Berdicevskis, Szawerna et al.,
  Universal Dependencies 2.17; the corrected side, sv_swell-ud-test-trg.conllu), from SweLL-gold
  (Volodina et al., Språkbanken Text); morphologizer and parser

The lemmatizer's lookup table is the Swedish table of spacy-lookups-data (Explosion,
MIT licence, https://github.com/explosion/spacy-lookups-data), less the forms that are
their own lemma.

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
    from kommunkollen.nlp.loading import load_model
    from kommunkollen.tagging import ModelTagger, evaluate

    # The NER alone: its tok2vec is inside it, the syntax layer does not feed it. Loaded as the
    # pipeline loads it, so the speed is the one a run gets.
    nlp = load_model(model, exclude=list(SYNTAX_LAYER))
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


def _parse_rows(parse_scores: dict) -> list[str]:
    rows = []
    for name, result in parse_scores.items():
        if name == "speed":
            continue
        for metric, v in result["metrics"].items():
            rows.append(f"| {name} | {metric} | {v['accuracy']:.4f} | {v['ci95'][0]:.4f}–{v['ci95'][1]:.4f} |")
    return rows


def _sentence_rows(parse_scores: dict) -> list[str]:
    rows = []
    for name, result in parse_scores.items():
        for variant, v in result.get("sentence_boundaries", {}).items():
            rows.append(f"| {name} | {variant} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} |")
    return rows


def write_model_card(target: Path, summary: dict, scores: dict, parse_scores: dict | None = None) -> None:
    """models/<name>/README.md: data and licences, labels, every metric with its 95% interval,
    speed, how to retrain."""
    nlp_meta = json.loads((target / "meta.json").read_text(encoding="utf-8"))
    parse_scores = parse_scores if parse_scores is not None else nlp_meta.get("kommunkollen_parse_scores", {})
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
    syntax = summary.get("syntax", {})
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
    timing_line = f"- Timings on the training machine (s): {json.dumps(summary['timings'])}."
    if summary.get("ner_timings"):
        timing_line += (f"\n- The NER was taken from the previous model (`--ner-from`); its own training "
                        f"(s): {json.dumps(summary['ner_timings'])}.")
    speed = (parse_scores or {}).get("speed", {})
    card = f"""# {MODEL_NAME} {nlp_meta.get('version', '')}

The Swedish model Kommunkollen ships, trained by the Kommunkollen team from public corpora: a
spaCy {nlp_meta.get('spacy_version', '')} pipeline of

- `tok2vec`: hash embeddings of NORM, PREFIX, SUFFIX, SHAPE plus floret static vectors, CNN
  encoder; shared by the three components below;
- `tagger` (SUC tags, the XPOS of UD Talbanken, e.g. `NN|UTR|SIN|DEF|NOM`);
- `morphologizer` (UPOS and UFeats);
- `kk_lemmatizer`: lemmas from the form lookup table of spacy-lookups-data, the predicted part of
  speech and features, and our suffix and compound rules (`pipeline/kommunkollen/data/lemma_rules.tsv`);
- `parser`: transition-based dependency parser, UD v2 relations;
- `ner` (PER, LOC, ORG), with its own tok2vec of the same architecture inside it (sharing one
  encoder with the syntax layer costs the NER; `models/README.md` has the runs).

The tokenizer carries our exceptions for municipal abbreviations
(`pipeline/kommunkollen/data/abbreviations.txt`). Kommunkollen runs its sentence layout rules
before the parser and the municipal rule layer after the NER; the NER figures below are the
statistical model alone except the rows marked "with the rule layer", which are what
`kommunkollen run` and `make evaluate` use.

## Licence

CC BY-SA 4.0: the model is trained on UD Talbanken, SweLL and Universal NER data under CC BY-SA 4.0
(and on CC BY 4.0, CC0 and MIT data), so it is shared under the same licence. The lemma table
comes from spacy-lookups-data (MIT). Attribution: see the sources below, `LICENSE` in this
folder and each corpus's SOURCE.md.

## Training data

NER:

| corpus | file | language | licence | training sentences |
|---|---|---|---|---|
{chr(10).join(sources)}

Tagger, morphologizer and parser: UD Talbanken, `{train_syntax.TRAIN_FILE}` (CC BY-SA 4.0), and
the corrected side of the SweLL learner treebank (`{', '.join(train_syntax.EXTRA_FILES)}`, CC BY-SA 4.0,
{syntax.get('extra_sentences', '?')} sentences, UD v2 already, no SUC tags): {syntax.get('train_sentences', '?'):,} sentences,
{syntax.get('train_tokens', '?'):,} tokens in all. Talbanken's file is the 2015 conversion (UD v1 relations, no lemmas):
before training it is mapped to UD v2 by the rules in `pipeline/kommunkollen/data/ud_v1_to_v2.tsv`
(renamed relations; `nmod` on predicates -> `obl`; coordinating conjunctions and the punctuation
between conjuncts attached to the following conjunct; multiword expressions v2 parses as syntax
("för att", "i dag", "den här"); projective punctuation; CONJ -> CCONJ/SCONJ, auxiliaries and
copulas -> AUX, possessives -> PRON; features v2 adds: Mood, Polarity, Poss, NumType, Abbr,
Foreign, some PronType). UD Talbanken 2.17 dev ({syntax.get('dev_sentences', '?')} sentences) selects the checkpoint; 2.17 test is used
only for the figures below.

NER labels from other schemes are mapped to ours (`pipeline/kommunkollen/nlp/corpora.py`: PRS→PER,
GPE_LOC and GPE_ORG→LOC, SUC inst→ORG); MISC-like labels are trained as O, because
the evaluation data (Universal NER) has none. Geopolitical names follow Universal NER:
an ORG span that is only a country, region or municipality name ("Sverige kräver ...")
is trained as LOC (`places_as_locations`). Swedish sentences are seen twice per epoch
(they are outnumbered by the Norwegian ones). A seeded 10% of the Swedish training
sentences (Webbnyheter, UNER Talbanken train) is held out and, with UNER Talbanken dev,
selects the best checkpoint. UNER Talbanken test is not used for training or checkpoint
selection. While developing we read its errors (they led to the world-regions gazetteer and
the choice of the language mix), so it is not a blind test; four acronyms once added to the
rule layer's list after reading them (ATP, DDT, PCB, LSD) were removed again, and the figures
below are without them.
{augmentation}
Vectors: floret (cbow, {vectors.get('width', '?')} dimensions, {vectors.get('vectors', '?')} hash rows, char 3–5-grams)
trained on the raw Swedish government and parliamentary prose in the shared data
(`{RAW_TEXT[0]}`, `{RAW_TEXT[1]}`); the syntax layer and the NER share them.
{pretrained}
## Metrics: tags, features, lemmas, trees

Token accuracy from the gold tokens and sentences (`kommunkollen evaluate-parse FILE`), 95%
bootstrap intervals over sentences. LAS compares the universal part of the relation.
"UFeats (shared features)" counts only the features the 2015 training file annotates
({', '.join(train_syntax.TRAIN_FEATURES)}): the rest of the full-UFeats gap is the annotation
scheme (2.17 adds PronType on every pronoun and determiner, ExtPos, and features on
words the 2015 file leaves bare), not the model.

| set | metric | accuracy | 95% CI |
|---|---|---|---|
{chr(10).join(_parse_rows(parse_scores or {}))}

Sentence boundaries on raw text (each 10 gold sentences joined into a paragraph; a start is
right when it falls on a gold sentence start): the parser alone, our layout rules alone, and
both (the layout's starts kept, the parser deciding the rest).

| set | segmenter | precision | recall | F1 |
|---|---|---|---|---|
{chr(10).join(_sentence_rows(parse_scores or {}))}

The parser learned from treebank sentences one at a time, so it hardly ever starts a new
sentence itself (recall 0.10 above); `kommunkollen run` and `kommunkollen parse` take the
layout rules' sentences as they are (`LAYOUT_ONLY_STARTS = False` in `nlp/loading.py`),
which scores higher than letting the parser add starts.

## Metrics: named entities (entity level, exact span and label; 95% bootstrap intervals)

| set | label | precision | recall | F1 | F1 95% CI |
|---|---|---|---|---|---|
{chr(10).join(rows)}

Speed at packaging time (`nlp.pipe`, one process, the machine that trained it): the whole
model {speed.get('words_per_s', '?')} words/s on UD test sentences; the NER alone (the model less
its syntax layer) {scores.get('speed', {}).get('words_per_s', '?')} words/s on UNER test sentences.
`make bench` measures the whole NLP stage beside the NER-only model and `spacy.blank("sv")`.

## Training run

- Command: `make train` (= `kommunkollen train --data $(DATA)`), configs
  `pipeline/kommunkollen/nlp/ner.cfg` and `pipeline/kommunkollen/nlp/syntax.cfg`, seed {summary['seed']},
  mix {', '.join(summary['mix'])}. `kommunkollen train --ner-from MODEL_DIR` trains the syntax layer
  alone, on the vectors of that model, and keeps its NER.
{timing_line}
- Reproducibility: spaCy training is seeded; floret trains with two threads, which is
  not bit-for-bit reproducible, so a retrained model can differ in the last decimals.

## Limitations

The syntax layer learned from 1970s professional prose (Talbanken) in a 2015 conversion:
constructions that UD v2 annotates differently and that our mapping does not cover (`fixed`
expressions, `parataxis`, clefts, `aux:pass`) are out of its reach, and municipal layout
(headings, lists, signature blocks) is out of its domain. The NER is trained on news,
treebank and web text, not on municipal documents, which is why the rule layer follows it.
Foreign names are learned from the Norwegian, Danish, English and Swedish corpora. PER is
the weakest label on UNER Talbanken test (few, often single-surname mentions).
"""
    (target / "README.md").write_text(card, encoding="utf-8")


def refresh_model_card(target: Path, data_dir: Path, work_dir: Path) -> dict:
    """Re-evaluate a packaged model and rewrite its card (after a change of the rule layer)."""
    summary = json.loads((target / "meta.json").read_text(encoding="utf-8"))["kommunkollen_training"]
    scores = evaluate_model(target, data_dir, work_dir)
    parse_scores = train_syntax.evaluate_parse(target, data_dir)
    write_model_card(target, summary, scores, parse_scores)
    return scores


def run_all(data_dir: Path, work_dir: Path, target: Path, *, mix=DEFAULT_MIX, seed: int = 13,
            use_vectors: bool = True, max_steps: int | None = None, limit: int = 0,
            vector_lines: int = 0, pretrain_words: int = PRETRAIN_WORDS, augment: int = AUGMENT_COPIES,
            overrides: dict | None = None, ner_from: Path | None = None,
            syntax_steps: int | None = None) -> dict:
    """prepare -> vectors -> (pretrain) -> NER -> syntax -> assemble + package -> evaluate + model card.

    `ner_from`: take the NER (and its vectors) from that model directory instead of training
    them, and train the syntax layer only. Returns a summary."""
    from kommunkollen.nlp.lemmatizer import lookup_from_spacy_lookups_data

    timings, started = {}, time.perf_counter()
    lookup = lookup_from_spacy_lookups_data()       # first: a missing train extra stops at once
    counts = prepare(data_dir, work_dir, mix=mix, seed=seed, limit=limit, augment=augment)
    timings["prepare_s"] = round(time.perf_counter() - started, 1)
    previous: dict = {}
    if ner_from is not None:
        ner_best, vectors = Path(ner_from), (Path(ner_from) if use_vectors else None)
        previous = json.loads((ner_best / "meta.json").read_text(encoding="utf-8")).get("kommunkollen_training", {})
    else:
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
        ner_best = train(work_dir, vectors=vectors, seed=seed, max_steps=max_steps, init_tok2vec=init_tok2vec,
                         overrides=overrides)
        timings["train_s"] = round(time.perf_counter() - t, 1)
    t = time.perf_counter()
    syntax_counts = train_syntax.prepare(data_dir, work_dir / "syntax", limit=limit)
    syntax_best = train_syntax.train(work_dir / "syntax", vectors=vectors, seed=seed, max_steps=syntax_steps)
    timings["syntax_train_s"] = round(time.perf_counter() - t, 1)
    nlp = assemble(syntax_best, ner_best, lookup=lookup)
    timings["total_s"] = round(time.perf_counter() - started, 1)
    summary = {"mix": list(mix), "seed": seed, "vectors": use_vectors,
               "pretrain_words": previous.get("pretrain_words", pretrain_words) if ner_from else pretrain_words,
               "corpora": previous.get("corpora", counts) if ner_from else counts,
               "syntax": syntax_counts, "timings": timings}
    if ner_from is not None:
        summary["ner_timings"] = previous.get("ner_timings", previous.get("timings", {}))
    package(nlp, target, meta_extra={"sources": source_list(mix), "kommunkollen_training": summary})
    t = time.perf_counter()
    scores = evaluate_model(target, data_dir, work_dir)
    parse_scores = train_syntax.evaluate_parse(target, data_dir)
    timings["evaluate_s"] = round(time.perf_counter() - t, 1)
    write_model_card(target, summary, scores, parse_scores)
    summary["scores"] = {name: {"micro_f1": round(v["micro"]["f1"], 4),
                                **{k: round(x["f1"], 4) for k, x in v["labels"].items()}}
                         for name, v in scores.items() if name != "speed"}
    summary["parse_scores"] = {name: {m: v["accuracy"] for m, v in r["metrics"].items()}
                               for name, r in parse_scores.items() if name != "speed"}
    summary["speed"] = scores["speed"]
    return summary


def source_list(mix=DEFAULT_MIX) -> list[dict]:
    """The meta.json "sources": every corpus and table the model learned from."""
    return ([{"name": s.name, "path": s.path, "license": s.licence} for s in SOURCES if s.language in mix]
            + [{"name": "ud-sv-talbanken", "path": train_syntax.TRAIN_FILE, "license": "CC BY-SA 4.0"}]
            + [{"name": "ud-sv-swell", "path": rel, "license": "CC BY-SA 4.0"} for rel in train_syntax.EXTRA_FILES]
            + [{"name": "spacy-lookups-data sv_lemma_lookup",
                "path": "spacy_lookups_data/data/sv_lemma_lookup.json.gz", "license": "MIT"}])
