"""NER corpora readers, tagging pre-tokenised text and entity-level evaluation."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest

from kommunkollen.nlp.corpora import normalise_tags, read_tagged, spans_from_tags
from kommunkollen.tagging import Tagger, evaluate
from tests.conftest import ROOT

IOB2 = """# sent_id = a
1\tKommunalrådet\tO\t-\t-
2\tAnna\tB-PER\t-\t-
3\tEk\tI-PER\t-\t-
4\ti\tO\t-\t-
5\tLidköpings\tB-ORG\t-\t-
6\tkommun\tI-ORG\t-\t-
7\tbesökte\tO\t-\t-
8\tMigrationsverket\tB-ORG\t-\t-
9\t.\tO\t-\t-

# sent_id = b
1\tHon\tO\t-\t-
2\tbor\tO\t-\t-
3\ti\tO\t-\t-
4\tLund\tB-LOC\t-\t-
5\t.\tO\t-\t-
"""


@pytest.mark.parametrize("raw, expected", [
    (["PER", "PER", "0", "LOC"], ["B-PER", "I-PER", "O", "B-LOC"]),           # IO with "0"
    (["B-PRS", "I-PRS", "B-PRS"], ["B-PER", "I-PER", "B-PER"]),                # SUC labels
    (["B-GPE_LOC", "O", "B-TME", "B-EVN"], ["B-LOC", "O", "O", "B-MISC"]),     # NorNE / SUC extras
    (["I-ORG", "I-ORG", "I-LOC"], ["B-ORG", "I-ORG", "B-LOC"]),                # IOB1 starts
])
def test_ner_tags_normalised_to_iob2(raw, expected):
    assert normalise_tags(raw) == expected


def test_ner_readers_for_each_format(tmp_path):
    (tmp_path / "a.iob2").write_text(IOB2, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Anna\tPER\nEk\tPER\nbor\t0\n\nLund\tLOC\n", encoding="utf-8")
    conllu = "1\tAnna\tAnna\tPROPN\t_\t_\t0\troot\t_\tname=B-PER\n2\tEk\tEk\tPROPN\t_\t_\t1\tflat\t_\tname=I-PER\n\n"
    with gzip.open(tmp_path / "c.conllu.gz", "wt", encoding="utf-8") as fh:
        fh.write(conllu)
    (tmp_path / "d.tsv").write_text("Anna\tB-PER\tO\nbor\tO\tO\ni\tO\tO\nKøge\tB-LOC\tO\n", encoding="utf-8")
    got = {p.name: [(s.tokens, s.tags) for s in read_tagged(p)] for p in sorted(tmp_path.iterdir())}
    assert got["a.iob2"][1] == (["Hon", "bor", "i", "Lund", "."], ["O", "O", "O", "B-LOC", "O"])
    assert got["b.txt"] == [(["Anna", "Ek", "bor"], ["B-PER", "I-PER", "O"]), (["Lund"], ["B-LOC"])]
    assert got["c.conllu.gz"] == [(["Anna", "Ek"], ["B-PER", "I-PER"])]
    assert got["d.tsv"] == [(["Anna", "bor", "i", "Køge"], ["B-PER", "O", "O", "B-LOC"])]
    assert spans_from_tags(["B-PER", "I-PER", "O", "B-LOC", "B-LOC"]) == {(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "LOC")}


def test_ner_evaluation_counts_and_intervals(tmp_path):
    (tmp_path / "a.iob2").write_text(IOB2, encoding="utf-8")
    result = evaluate(Tagger(), list(read_tagged(tmp_path / "a.iob2")), bootstrap=50)
    assert result["labels"]["PER"]["tp"] == 1 and result["labels"]["ORG"]["tp"] == 2
    assert result["micro"]["f1"] == 1.0 and result["micro"]["f1_ci95"] == [1.0, 1.0]
    assert result["gold_entities"] == {"PER": 1, "ORG": 2, "LOC": 1}


def test_ner_command_tags_json_lines_and_conllu():
    line = json.dumps({"id": 7, "tokens": ["Anna", "Ek", "bor", "i", "Lund", "."]})
    r = subprocess.run([sys.executable, "-m", "kommunkollen", "ner"], input=line + "\n", capture_output=True, text=True,
                       cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["id"] == 7 and out["tags"] == ["B-PER", "I-PER", "O", "O", "B-LOC", "O"]
    conllu = "# text = Anna Ek bor i Lund\n" + "".join(
        f"{i}\t{w}\t_\t_\t_\t_\t_\t_\t_\t{misc}\n"
        for i, (w, misc) in enumerate([("Anna", "_"), ("Ek", "_"), ("bor", "_"), ("i", "_"), ("Lund", "SpaceAfter=No")], 1)) + "\n"
    r = subprocess.run([sys.executable, "-m", "kommunkollen", "ner", "--format", "conllu"], input=conllu,
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    rows = [line.split("\t") for line in r.stdout.splitlines() if line and not line.startswith("#")]
    assert [row[9] for row in rows] == ["NER=B-PER", "NER=I-PER", "NER=O", "NER=O", "SpaceAfter=No|NER=B-LOC"]
    bad = subprocess.run([sys.executable, "-m", "kommunkollen", "ner"], input="not json\n", capture_output=True,
                         text=True, cwd=ROOT, timeout=120)
    assert bad.returncode == 1 and "line 1" in bad.stderr


def test_ner_evaluate_command_prints_and_writes_json(tmp_path):
    (tmp_path / "a.iob2").write_text(IOB2, encoding="utf-8")
    out = tmp_path / "eval" / "ner.json"
    r = subprocess.run([sys.executable, "-m", "kommunkollen", "evaluate-ner", str(tmp_path / "a.iob2"), "--json", str(out)],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "micro" in r.stdout and json.loads(out.read_text())["micro"]["tp"] == 4
    missing = subprocess.run([sys.executable, "-m", "kommunkollen", "evaluate-ner", str(tmp_path / "nope.iob2")],
                             capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert missing.returncode == 1
