"""Training (a tiny smoke run of `kommunkollen train`) and the optional NER backends.

The corpora here are a few sentences we wrote, laid out under the same paths
and in the same formats as ../shared/data, so the smoke test exercises the
readers, the label mapping, floret vectors, spaCy training and packaging.
"""
from __future__ import annotations

import gzip
import json
import random

import pytest
import spacy
from spacy.tokens import DocBin
from spacy.training import Example

from kommunkollen.nlp import train
from kommunkollen.nlp.corpora import read_tagged, spans_from_tags
from kommunkollen.nlp.loading import load_nlp
from kommunkollen.nlp.stanza_backend import doc_ents_from_stanza, map_label
from kommunkollen.settings import Settings
from tests.conftest import run_cli

# (tokens, tags) written for these tests; IOB2 over PER/LOC/ORG.
SENTENCES = [
    ("Karin Berg leder Tekniska nämnden i Falun .", "B-PER I-PER O B-ORG I-ORG O B-LOC O"),
    ("Migrationsverket öppnar ett kontor i Ludvika .", "B-ORG O O O O B-LOC O"),
    ("Olof Lind ( S ) talade i Borlänge .", "B-PER I-PER O O O O O B-LOC O"),
    ("Region Dalarna och Falu kommun samarbetar .", "B-ORG I-ORG O B-ORG I-ORG O O"),
    ("Anna Ek flyttar till Mora i vår .", "B-PER I-PER O O B-LOC O O O"),
]
RAW_LINES = [
    "Kommunfullmäktige beslutade att anta budgeten för nästa år.",
    "Socialnämnden ansvarar för äldreomsorgen i kommunen.",
    "Regeringen har gett Länsstyrelsen i uppdrag att följa upp arbetet.",
    "Skolan i Falun får nya lokaler under hösten.",
]


def _write_iob2(path, sentences):
    with path.open("w", encoding="utf-8") as fh:
        for tokens, tags in sentences:
            fh.write("# sent\n")
            for i, (tok, tag) in enumerate(zip(tokens.split(), tags.split(), strict=True), 1):
                fh.write(f"{i}\t{tok}\t{tag}\t-\t-\n")
            fh.write("\n")


def _write_io_columns(path, sentences):
    """Webbnyheter style: IO tags, outside tag '0', tab-separated."""
    with path.open("w", encoding="utf-8") as fh:
        for tokens, tags in sentences:
            for tok, tag in zip(tokens.split(), tags.split(), strict=True):
                fh.write(f"{tok}\t{'0' if tag == 'O' else tag[2:]}\n")
            fh.write("\n")


def _write_suc(path, sentences):
    """SUC style: an id line, then token, manual tag, automatic tag; the manual tag decides."""
    suc = {"PER": "person", "LOC": "place", "ORG": "inst"}
    with path.open("w", encoding="utf-8") as fh:
        for n, (tokens, tags) in enumerate(sentences):
            fh.write(f"s{n}-x\n")
            for tok, tag in zip(tokens.split(), tags.split(), strict=True):
                manual = "O" if tag == "O" else f"{tag[:2]}{suc[tag[2:]]}"
                fh.write(f"{tok:30} {manual:10} B-PRS\n")   # a wrong silver tag that must be ignored
            fh.write("\n")


# Two trees of our own, in the 2015 file's v1 labels and in v2 (for the dev, test and extra files).
TREES_V1 = [
    [("Nämnden", "NOUN", "NN|UTR|SIN|DEF|NOM", "Case=Nom|Definite=Def|Gender=Com|Number=Sing", 2, "nsubj"),
     ("beslutade", "VERB", "VB|PRT|AKT", "Tense=Past|VerbForm=Fin|Voice=Act", 0, "root"),
     ("inte", "ADV", "AB", "_", 2, "neg"),
     ("i", "ADP", "PP", "_", 5, "case"),
     ("juni", "NOUN", "NN|UTR|SIN|IND|NOM", "Case=Nom|Definite=Ind|Gender=Com|Number=Sing", 2, "nmod"),
     (".", "PUNCT", "MAD", "_", 2, "punct")],
    [("Anna", "PROPN", "PM|NOM", "Case=Nom", 2, "nsubj"),
     ("godkände", "VERB", "VB|PRT|AKT", "Tense=Past|VerbForm=Fin|Voice=Act", 0, "root"),
     ("planen", "NOUN", "NN|UTR|SIN|DEF|NOM", "Case=Nom|Definite=Def|Gender=Com|Number=Sing", 2, "dobj"),
     ("och", "CONJ", "KN", "_", 3, "cc"),
     ("budgeten", "NOUN", "NN|UTR|SIN|DEF|NOM", "Case=Nom|Definite=Def|Gender=Com|Number=Sing", 3, "conj"),
     (".", "PUNCT", "MAD", "_", 2, "punct")],
]
V2 = {"dobj": "obj", "neg": "advmod", "nmod": "obl", "CONJ": "CCONJ"}


def _write_conllu(path, trees, *, v2: bool, copies: int = 1):
    with path.open("w", encoding="utf-8") as fh:
        for n, tree in enumerate(trees * copies):
            if v2:
                fh.write(f"# sent_id = s{n}\n# text = {' '.join(t[0] for t in tree)}\n")
            for i, (form, upos, xpos, feats, head, rel) in enumerate(tree, 1):
                if v2:
                    upos, rel = V2.get(upos, upos), V2.get(rel, rel)
                # our dependency of "och" on the first conjunct is v1's; v2 moves it (conllu.to_v2)
                fh.write("\t".join([str(i), form, form.lower() if v2 else "_", upos, xpos, feats, str(head), rel,
                                    "_", "_"]) + "\n")
            fh.write("\n")


@pytest.fixture(scope="module")
def tiny_data(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    for rel in ("swedish-ner-corpus", "uner-sv-talbanken", "suc3-names-subset", "sv-regeringen-text",
                "sv-riksdagen-interpellations-text", "ud-sv-talbanken", "ud-sv-swell"):
        (root / rel).mkdir()
    _write_conllu(root / "ud-sv-talbanken/sv-ud-train-2015.conll", TREES_V1, v2=False, copies=20)
    _write_conllu(root / "ud-sv-talbanken/sv_talbanken-ud-dev.conllu", TREES_V1, v2=True)
    _write_conllu(root / "ud-sv-talbanken/sv_talbanken-ud-test.conllu", TREES_V1, v2=True)
    _write_conllu(root / "ud-sv-swell/sv_swell-ud-test-trg.conllu", TREES_V1, v2=True)
    many = SENTENCES * 8
    _write_io_columns(root / "swedish-ner-corpus/train_corpus.txt", many)
    _write_iob2(root / "uner-sv-talbanken/sv_talbanken-ud-train.iob2", many)
    _write_iob2(root / "uner-sv-talbanken/sv_talbanken-ud-dev.iob2", SENTENCES)
    _write_iob2(root / "uner-sv-talbanken/sv_talbanken-ud-test.iob2", SENTENCES)
    _write_suc(root / "suc3-names-subset/removed_sents_from_original_to_simple.txt", SENTENCES)
    for rel in train.RAW_TEXT:
        with gzip.open(root / rel, "wt", encoding="utf-8") as fh:
            fh.write("\n".join(RAW_LINES * 30) + "\n")
    return root


def test_readers_map_suc_manual_tags_and_io_columns(tiny_data):
    suc = list(read_tagged(tiny_data / "suc3-names-subset/removed_sents_from_original_to_simple.txt"))
    assert [spans_from_tags(s.tags) for s in suc] == [spans_from_tags(t.split()) for _, t in SENTENCES]
    io = list(read_tagged(tiny_data / "swedish-ner-corpus/train_corpus.txt"))[:5]
    assert spans_from_tags(io[3].tags) == {(0, 2, "ORG"), (3, 5, "ORG")}


def test_prepare_holds_out_swedish_sentences_reproducibly(tiny_data, tmp_path):
    a = train.prepare(tiny_data, tmp_path / "a", mix=("sv",), holdout=0.25, seed=3)
    b = train.prepare(tiny_data, tmp_path / "b", mix=("sv",), holdout=0.25, seed=3)
    assert a == b
    held = sum(v.get("holdout_sentences", 0) for k, v in a.items() if k != "dev")
    assert 0 < held < 80
    assert a["suc3-names-subset"]["holdout_sentences"] == 0
    assert (tmp_path / "a" / "train.spacy").read_bytes() == (tmp_path / "b" / "train.spacy").read_bytes()


def test_augmentation_adds_sentences_without_moving_the_holdout(tiny_data, tmp_path):
    plain = train.prepare(tiny_data, tmp_path / "plain", mix=("sv",), holdout=0.25, seed=3, augment=0)
    more = train.prepare(tiny_data, tmp_path / "more", mix=("sv",), holdout=0.25, seed=3, augment=2)
    assert plain["augmented"]["sentences"] == 0 and more["augmented"]["sentences"] > 0
    assert (tmp_path / "plain" / "holdout.spacy").read_bytes() == (tmp_path / "more" / "holdout.spacy").read_bytes()
    n_plain = len(list(DocBin().from_disk(tmp_path / "plain" / "train.spacy").get_docs(spacy.blank("sv").vocab)))
    n_more = len(list(DocBin().from_disk(tmp_path / "more" / "train.spacy").get_docs(spacy.blank("sv").vocab)))
    assert n_more == n_plain + more["augmented"]["sentences"]


def test_mention_replacement_keeps_the_context_and_the_labels():
    from kommunkollen.nlp.corpora import Sentence

    sentence = Sentence("Anna Berg besökte Volvo i Skövde .".split(), "B-PER I-PER O B-ORG O B-LOC O".split())
    pools = {"PER": [("Barack", "Obama")], "ORG": [("Microsoft",)], "LOC": [("New", "York")]}
    out = train.replace_mentions(sentence, pools, random.Random(1))
    assert out.tokens == "Barack Obama besökte Microsoft i New York .".split()
    assert spans_from_tags(out.tags) == {(0, 2, "PER"), (3, 4, "ORG"), (5, 7, "LOC")}
    # a label without a pool keeps its own name
    assert train.replace_mentions(sentence, {"PER": [("Ola",)]}, random.Random(1)).tokens[:4] == \
        "Ola besökte Volvo i".split()


def test_train_smoke_run_packages_a_loadable_model(tiny_data, tmp_path):
    target = tmp_path / "model"
    result = run_cli("train", "--data", str(tiny_data), "--work", str(tmp_path / "work"), "--out", str(target),
                     "--mix", "sv", "--max-steps", "40", "--syntax-steps", "30", "--pretrain-words", "3000", "--augment", "1")
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout[result.stdout.index("{"):])
    assert summary["corpora"]["uner-sv-talbanken-train"]["train_sentences"] > 0
    assert summary["corpora"]["augmented"]["sentences"] > 0
    # the tok2vec was pretrained on the raw text and training started from those weights
    weights = tmp_path / "work" / "pretrain" / "model0.bin"
    assert weights.stat().st_size > 0 and "pretrain_s" in summary["timings"]
    assert summary["syntax"]["train_sentences"] == 42 and summary["syntax"]["extra_sentences"] == 2
    assert set(summary["parse_scores"]["ud_test"]) >= {"UPOS", "Lemma", "UAS", "LAS"}
    ner_config = spacy.util.load_config(tmp_path / "work" / "model" / "model-best" / "config.cfg")
    assert ner_config["paths"]["init_tok2vec"] == str(weights)
    nlp = spacy.load(target)
    assert nlp.pipe_names == ["tok2vec", "tagger", "morphologizer", "kk_lemmatizer", "parser", "ner"]
    assert "obj" in nlp.get_pipe("parser").labels        # trained on the v1 file mapped to v2
    assert len(nlp.get_pipe("kk_lemmatizer").lemmatizer.lookup) > 100_000   # the lookup table travels along
    assert set(nlp.get_pipe("ner").labels) == {"PER", "LOC", "ORG"}
    assert nlp.vocab.vectors.mode == "floret" and nlp.vocab.vectors.shape[1] > 0
    assert nlp.meta["license"] == "CC BY-SA 4.0"
    assert {s["name"] for s in nlp.meta["sources"]} >= {"uner-sv-talbanken-train", "webbnyheter-2012"}
    # the tokenizer exceptions travel with the model
    assert "enl." in [t.text for t in nlp("Beslut enl. bilaga.")]
    assert (target / "README.md").is_file()


@pytest.fixture(scope="module")
def tiny_spacy_model(tmp_path_factory):
    """A spaCy NER that labels like sv_core_news_* (PRS for people), trained here on our sentences."""
    nlp = spacy.blank("sv")
    ner = nlp.add_pipe("ner")
    label_of = {"PER": "PRS", "LOC": "LOC", "ORG": "ORG"}
    examples = []
    for tokens, tags in SENTENCES:
        doc = nlp.make_doc(tokens)
        ents = [(doc[s:e].start_char, doc[s:e].end_char, label_of[lab]) for s, e, lab in spans_from_tags(tags.split())]
        examples.append(Example.from_dict(doc, {"entities": ents}))
    for lab in label_of.values():
        ner.add_label(lab)
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(1)
    for _ in range(40):
        rng.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.0)
    path = tmp_path_factory.mktemp("spacy_model") / "sv_tiny_prs"
    nlp.to_disk(path)
    return path


def test_spacy_backend_labels_are_mapped_to_ours(tiny_spacy_model):
    nlp = load_nlp(Settings(ner=f"spacy:{tiny_spacy_model}"))
    assert "ner" in nlp.pipe_names
    raw = spacy.load(tiny_spacy_model)("Karin Berg leder Tekniska nämnden i Falun .")
    assert ("Karin Berg", "PRS") in [(e.text, e.label_) for e in raw.ents]   # the backend's own label
    result = run_cli("ner", "--ner", f"spacy:{tiny_spacy_model}",
                     input='{"id": 1, "tokens": ["Karin", "Berg", "leder", "Tekniska", "nämnden", "i", "Falun", "."]}')
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["tags"][:2] == ["B-PER", "I-PER"]


def test_spacy_backend_missing_model_is_a_set_up_error():
    result = run_cli("ner", "--ner", "spacy:/nonexistent/sv_model", input='{"id": 1, "tokens": ["a"]}')
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1 and "set-up error" in result.stderr
    assert "not installed or not a model directory" in result.stderr


@pytest.mark.parametrize("label, ours", [("PRS", "PER"), ("PER", "PER"), ("LOC", "LOC"), ("GPE", "LOC"),
                                         ("ORG", "ORG"), ("EVN", "MISC"), ("WRK", "MISC"), ("OBJ", "MISC"),
                                         ("TME", None), ("MSR", None)])
def test_stanza_labels_map_to_ours(label, ours):
    assert map_label(label) == ours


def test_stanza_entities_become_doc_ents_on_our_tokens():
    nlp = spacy.blank("sv")
    doc = nlp("Karin Berg bor i Falun sedan 2019.")
    # stanza's output for the same text: entities with character offsets and SUC-style labels
    ents = [{"text": "Karin Berg", "type": "PRS", "start_char": 0, "end_char": 10},
            {"text": "Falun", "type": "LOC", "start_char": 17, "end_char": 22},
            {"text": "2019", "type": "TME", "start_char": 29, "end_char": 33}]
    doc = doc_ents_from_stanza(doc, ents)
    assert [(e.text, e.label_) for e in doc.ents] == [("Karin Berg", "PER"), ("Falun", "LOC")]


def test_stanza_backend_without_stanza_says_how_to_install():
    pytest.importorskip("spacy")
    try:
        import stanza  # noqa: F401
        pytest.skip("stanza is installed here; this checks the message for users without it")
    except ImportError:
        pass
    result = run_cli("ner", "--ner", "stanza", input='{"id": 1, "tokens": ["a"]}')
    assert result.returncode == 3
    assert "pip install 'kommunkollen[stanza]'" in result.stderr


@pytest.mark.parametrize("tokens, tags, expected", [
    ("Sverige kräver svar .", "B-ORG O O O", "B-LOC O O O"),                       # a country acting: still LOC
    ("Afrikas och FN:s roll", "B-ORG O B-ORG O", "B-LOC O B-ORG O"),             # genitive place; FN stays ORG
    ("Sveriges Radio sände", "B-ORG I-ORG O", "B-ORG I-ORG O"),                   # more than a place name
    ("Lidköpings kommun beslutade", "B-ORG I-ORG O", "B-ORG I-ORG O"),
    ("Lidköping satsar", "B-ORG O", "B-LOC O"),
])
def test_training_data_follows_the_place_convention(tokens, tags, expected):
    from kommunkollen.nlp.corpora import Sentence

    assert train.places_as_locations(Sentence(tokens.split(), tags.split())).tags == expected.split()
