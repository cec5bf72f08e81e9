"""`kommunkollen parse` and `kommunkollen evaluate-parse` through the real command line:
valid CoNLL-U out, bad input as one clear line with its line number, never a traceback."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kommunkollen.nlp import conllu
from tests.conftest import ROOT, SHARED, run_cli

TEXT = ("Kommunstyrelsen beslutade i måndags att bevilja Föreningen Solrosen 50 000 kronor.\n"
        "Beslutet har överklagats av Anna Berg (S).")
UD_TEST = SHARED / "data" / "ud-sv-talbanken" / "sv_talbanken-ud-test.conllu"


def _sentences(out: str) -> list[conllu.Sentence]:
    return list(conllu.read_conllu("<stdout>", lines=out.splitlines(keepends=True)))


def _well_formed(sentences: list[conllu.Sentence]) -> None:
    for s in sentences:
        roots = [t for t in s.tokens if t.head == 0]
        assert len(roots) == 1 and roots[0].deprel == "root"
        assert all(0 <= t.head <= len(s.tokens) and t.head != t.id for t in s.tokens)
        assert all(t.upos != "_" and t.xpos != "_" and t.lemma != "_" for t in s.tokens)


def test_parse_text_gives_conllu_with_ner_and_offsets():
    proc = run_cli("parse", input=TEXT)
    assert proc.returncode == 0, proc.stderr
    sentences = _sentences(proc.stdout)
    assert len(sentences) == 2           # the line break and the full stop both end a sentence
    _well_formed(sentences)
    tokens = [t for s in sentences for t in s.tokens]
    for t in tokens:
        misc = dict(part.split("=", 1) for part in t.misc.split("|"))
        start, end = map(int, misc["TokenRange"].split(":"))
        assert TEXT[start:end] == t.form
        assert misc["NER"] == "O" or misc["NER"][:2] in ("B-", "I-")
    ner = {t.form: dict(p.split("=", 1) for p in t.misc.split("|"))["NER"] for t in tokens}
    assert ner["Anna"] == "B-PER" and ner["Berg"] == "I-PER"
    lemma = {t.form: t.lemma for t in tokens}
    assert lemma["beslutade"] == "besluta" and lemma["kronor"] == "krona"
    assert proc.stdout.startswith("# newdoc id = doc1\n")


def test_parse_json_lines_keeps_ids_and_skips_empty_texts():
    lines = [json.dumps({"id": "a", "text": "Nämnden sammanträdde."}), json.dumps({"id": "b", "text": ""}),
             json.dumps({"id": "c", "text": "Planen antogs."})]
    proc = run_cli("parse", input="\n".join(lines) + "\n")
    assert proc.returncode == 0, proc.stderr
    assert [line for line in proc.stdout.splitlines() if line.startswith("# newdoc")] == \
        ["# newdoc id = a", "# newdoc id = b", "# newdoc id = c"]
    ids = [c for s in _sentences(proc.stdout) for c in s.comments if c.startswith("# sent_id")]
    assert ids == ["# sent_id = a-1", "# sent_id = c-1"]


@pytest.mark.parametrize(("stdin", "message"), [
    ('{"id": 1, "text": "Bra."}\n{"id": 2, "text": \n', "<stdin>:2:"),
    ('{"id": 1, "tokens": ["a"]}\n', "<stdin>:1:"),
    ('{"id": 1, "text": 42}\n', "must be a string"),
])
def test_parse_bad_json_lines_name_the_line(stdin, message):
    proc = run_cli("parse", "--format", "jsonl", input=stdin)
    assert proc.returncode == 1
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_parse_non_utf8_input_names_the_line():
    proc = subprocess.run([sys.executable, "-m", "kommunkollen", "parse"], input="Rad ett.\nVäxjö kommun.\n".encode("latin-1"),
                          capture_output=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 1
    err = proc.stderr.decode()
    assert "<stdin>:2: not UTF-8" in err and "Traceback" not in err


def test_parse_empty_input_is_empty_output():
    proc = run_cli("parse", input="")
    assert proc.returncode == 0 and proc.stdout == ""


def test_parse_a_very_long_sentence(tmp_path):
    words = ("och nämnden beslutade" + " ") * 6700            # 20,100 tokens, no sentence end
    path = tmp_path / "long.txt"
    path.write_text(words.strip(), encoding="utf-8")
    proc = run_cli("parse", str(path))
    assert proc.returncode == 0, proc.stderr
    sentences = _sentences(proc.stdout)
    assert sum(len(s.tokens) for s in sentences) == 20_100
    _well_formed(sentences)


def test_parse_needs_a_model_with_a_parser():
    proc = run_cli("parse", "--ner", "rules", input="Hej.")
    assert proc.returncode == 1 and "needs a model with" in proc.stderr


def _gold_file(tmp_path, rows: list[str]):
    path = tmp_path / "gold.conllu"
    path.write_text("\n".join(rows) + "\n\n", encoding="utf-8")
    return path


def test_evaluate_parse_scores_a_small_gold_file(tmp_path):
    rows = ["# text = Planen antogs.",
            "1\tPlanen\tplan\tNOUN\tNN|UTR|SIN|DEF|NOM\tCase=Nom|Definite=Def|Gender=Com|Number=Sing\t2\tnsubj:pass\t_\t_",
            "2\tantogs\tanta\tVERB\tVB|PRT|SFO\tMood=Ind|Tense=Past|VerbForm=Fin|Voice=Pass\t0\troot\t_\tSpaceAfter=No",
            "3\t.\t.\tPUNCT\tMAD\t_\t2\tpunct\t_\t_"]
    out = tmp_path / "scores.json"
    proc = run_cli("evaluate-parse", str(_gold_file(tmp_path, rows)), "--json", str(out))
    assert proc.returncode == 0, proc.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["tokens"] == 3
    assert set(result["metrics"]) >= {"UPOS", "XPOS", "UFeats", "Lemma", "UAS", "LAS"}
    assert result["metrics"]["UPOS"]["accuracy"] == 1.0        # an easy sentence
    assert "LAS" in proc.stdout


@pytest.mark.parametrize(("rows", "message"), [
    (["1\tA\t_\tNOUN\t_\t_\t0\troot\t_"], "gold.conllu:1: 9 tab-separated columns"),
    (["# sent_id = 1", "# text = tom"], "no tokens"),
])
def test_evaluate_parse_malformed_file_names_the_line(tmp_path, rows, message):
    proc = run_cli("evaluate-parse", str(_gold_file(tmp_path, rows)))
    assert proc.returncode == 1
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_evaluate_parse_missing_file_is_a_user_error(tmp_path):
    proc = run_cli("evaluate-parse", str(tmp_path / "none.conllu"))
    assert proc.returncode == 1 and "not a file" in proc.stderr


@pytest.mark.skipif(not UD_TEST.is_file(), reason=f"UD Talbanken test not found at {UD_TEST}")
def test_quality_gate_ud_talbanken_test():
    from kommunkollen.nlp.loading import base_pipeline
    from kommunkollen.nlp.parsing import evaluate_file
    from kommunkollen.settings import Settings
    from tests.test_quality_gate import FLOORS

    result = evaluate_file(base_pipeline(Settings()), UD_TEST)
    got = {m: v["accuracy"] for m, v in result["metrics"].items()}
    low = {m: (got[m], floor) for m, floor in FLOORS["parse_ud_sv_test"].items() if got[m] < floor}
    assert not low, f"below floor (got, floor): {low}"


def test_parser_keeps_the_layout_sentence_starts():
    """Headings, attendance lists and list items stay sentences of their own with the parser on."""
    from kommunkollen.nlp.components import layout_sentence_starts
    from kommunkollen.nlp.loading import load_nlp
    from kommunkollen.settings import Settings

    nlp = load_nlp(Settings())
    assert nlp.pipe_names.index("kk_sentences") < nlp.pipe_names.index("parser")
    text = ("Protokoll\nNärvarande\nAnna Berg (S), ordförande\nPer Ek (M)\n§ 12 Budget 2025\n"
            "Kommunstyrelsen beslutar att anta budgeten. Beslutet skickas till nämnderna\n- en punkt\n- en till")
    doc = nlp(text)
    layout = {i for i, start in enumerate(layout_sentence_starts(nlp.make_doc(text))) if start}
    assert layout <= {t.i for t in doc if t.is_sent_start}
    assert "Närvarande\n" in [s.text for s in doc.sents]


@pytest.fixture(scope="module")
def tiny_syntax_model(tmp_path_factory):
    """A third-party-like spaCy pipeline (tagger, morphologizer, parser; no NER), trained here."""
    import random

    import spacy
    from spacy.training import Example

    nlp = spacy.blank("sv")
    nlp.add_pipe("tagger")
    nlp.add_pipe("morphologizer")
    nlp.add_pipe("parser", config={"min_action_freq": 1})   # one sentence: keep its labels
    words = ["Nämnden", "antog", "planen", "."]
    examples = [Example.from_dict(nlp.make_doc("Nämnden antog planen."), {
        "words": words, "tags": ["NN", "VB", "NN", "MAD"], "pos": ["NOUN", "VERB", "NOUN", "PUNCT"],
        "morphs": ["Definite=Def", "Tense=Past", "Definite=Def", ""],
        "heads": [1, 1, 1, 1], "deps": ["nsubj", "ROOT", "obj", "punct"]})]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(30):
        random.Random(1).shuffle(examples)
        nlp.update(examples, sgd=optimizer)
    path = tmp_path_factory.mktemp("tiny_syntax") / "sv_tiny_syntax"
    nlp.to_disk(path)
    return path


def test_parse_with_another_spacy_model(tiny_syntax_model):
    proc = run_cli("parse", "--ner", f"spacy:{tiny_syntax_model}", input="Nämnden antog planen.")
    assert proc.returncode == 0, proc.stderr
    (sentence,) = _sentences(proc.stdout)
    assert [t.upos for t in sentence.tokens] == ["NOUN", "VERB", "NOUN", "PUNCT"]
    assert [t.head for t in sentence.tokens] == [2, 0, 2, 2]
    # a model without NER writes no NER tag (not a column of O's that would read as "no names")
    assert all("NER=" not in t.misc and "TokenRange=" in t.misc for t in sentence.tokens)
