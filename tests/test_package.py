"""The package as users install it: what ships in it, set-up errors, exit codes, stable ids,
duplicates and safe sums, the Python API and the spaCy entry points."""
from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from kommunkollen.resources import MODEL_NAME, data_file
from tests.conftest import ROOT, SAMPLE, read_jsonl

PACKAGE = ROOT / "pipeline" / "kommunkollen"


def _cli(*args: str, cwd: Path = ROOT, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if pythonpath is not None:   # a copy of the package shadows the installed one
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run([sys.executable, "-m", "kommunkollen", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=600)


def test_pyproject_lists_every_subpackage_and_maps_the_model():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    on_disk = {".".join(p.parent.relative_to(PACKAGE.parent).parts) for p in PACKAGE.rglob("__init__.py")}
    listed = set(config["packages"])
    assert on_disk <= listed, f"add to pyproject.toml's packages: {sorted(on_disk - listed)}"
    assert config["package-dir"]["kommunkollen.models"] == "models"
    model = ROOT / "models" / MODEL_NAME
    folders = {".".join(("kommunkollen", "models", *p.relative_to(ROOT / "models").parts))
               for p in [model, *model.rglob("*")] if p.is_dir()}
    assert folders <= listed, f"add the model's folders to pyproject.toml's packages: {sorted(folders - listed)}"
    assert (ROOT / "models" / MODEL_NAME / "LICENSE").is_file()


def test_shipped_tables_are_all_in_their_manifest_and_match_it():
    from kommunkollen.resources import check_data

    manifest = json.loads(data_file("MANIFEST.json").read_text(encoding="utf-8"))["tables"]
    from kommunkollen.resources import RULE_TABLES

    assert set(manifest) == {p.name for p in (PACKAGE / "data").glob("*.tsv")} - set(RULE_TABLES)
    rows = sum(1 for _ in data_file("municipalities.tsv").open(encoding="utf-8")) - 1
    assert rows == manifest["municipalities.tsv"]["rows"] == 290
    check_data()   # raises SetupError on a mismatch


@pytest.fixture()
def package_copy(tmp_path):
    """A copy of the package (without a model beside it) that tests may damage."""
    target = tmp_path / "site" / "kommunkollen"
    shutil.copytree(PACKAGE, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def test_damaged_table_is_one_set_up_error_before_any_work(package_copy, tmp_path):
    table = package_copy / "data" / "agencies.tsv"
    table.write_text(table.read_text(encoding="utf-8")[:500], encoding="utf-8")   # truncated
    out = tmp_path / "out"
    r = _cli("run", str(SAMPLE), "--out", str(out), "--ner", "rules", pythonpath=package_copy.parent)
    assert r.returncode == 3, r.stderr
    assert r.stderr.count("\n") == 1 and "agencies.tsv" in r.stderr and "reinstall" in r.stderr
    assert not out.exists()
    (package_copy / "data" / "agencies.tsv").unlink()
    r = _cli("clean", str(SAMPLE), pythonpath=package_copy.parent)
    assert r.returncode == 3 and "agencies.tsv is missing" in r.stderr and not r.stdout


def test_missing_model_is_a_set_up_error_and_rules_alone_still_run(package_copy, tmp_path):
    r = _cli("run", str(SAMPLE), "--out", str(tmp_path / "out"), pythonpath=package_copy.parent)
    assert r.returncode == 3 and r.stderr.count("\n") == 1, r.stderr
    assert MODEL_NAME in r.stderr and "--ner rules" in r.stderr
    assert not (tmp_path / "out").exists()
    r = _cli("run", str(SAMPLE), "--out", str(tmp_path / "out"), "--ner", "rules", "--no-progress",
             pythonpath=package_copy.parent)
    assert r.returncode == 0, r.stderr
    assert json.loads((tmp_path / "out" / "run.json").read_text())["model"]["ner"] is False


def test_exit_code_4_when_no_document_could_be_processed(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 8)
    r = _cli("run", str(bad), "--out", str(tmp_path / "out"), "--ner", "rules")
    assert r.returncode == 4, r.stderr
    assert "no document could be processed" in r.stderr
    with (tmp_path / "out" / "errors.csv").open(encoding="utf-8") as fh:
        assert sorted(row["code"] for row in csv.DictReader(fh)) == ["E101", "E102"]


def test_empty_folder_warns_and_leaves_the_previous_output(tmp_path):
    out = tmp_path / "out"
    assert _cli("run", str(SAMPLE / "02_pressmeddelande_habo_forskola.txt"), "--out", str(out),
                "--ner", "rules").returncode == 0
    before = (out / "documents.jsonl").read_bytes()
    empty = tmp_path / "empty"
    empty.mkdir()
    r = _cli("run", str(empty), "--out", str(out), "--ner", "rules")
    assert r.returncode == 4 and "warning: no documents in" in r.stderr and str(empty) in r.stderr
    assert (out / "documents.jsonl").read_bytes() == before


def test_doc_ids_and_sources_do_not_depend_on_how_the_path_was_typed(tmp_path):
    from kommunkollen.runner import run_pipeline
    from kommunkollen.settings import Settings

    cache = tmp_path / "cache"
    with contextlib.chdir(ROOT):
        first = run_pipeline(["corpora/sample"], tmp_path / "rel", Settings(progress=False, results_cache=str(cache)))
    with contextlib.chdir(tmp_path):
        second = run_pipeline([str(SAMPLE.resolve())], tmp_path / "abs",
                              Settings(progress=False, results_cache=str(cache)))
    assert (first.processed, second.processed, second.reused) == (8, 0, 8)   # the cache hit
    for name in ("documents.jsonl", "documents.csv", "amounts.csv", "persons.csv"):
        assert (tmp_path / "rel" / name).read_bytes() == (tmp_path / "abs" / name).read_bytes(), name
    docs = read_jsonl(tmp_path / "abs" / "documents.jsonl")
    assert docs[0]["source"] == "sample/01_nyhet_vanersborg_simhall.txt"
    assert not any(str(Path.home()) in d["source"] or str(ROOT) in d["source"] for d in docs)
    # One file given by itself, relatively and absolutely: one doc_id (its source as typed).
    one = "corpora/sample/02_pressmeddelande_habo_forskola.txt"
    with contextlib.chdir(ROOT):
        run_pipeline([one], tmp_path / "one-rel", Settings(progress=False, ner="rules"))
        run_pipeline([str(ROOT / one)], tmp_path / "one-abs", Settings(progress=False, ner="rules"))
    rel, = read_jsonl(tmp_path / "one-rel" / "documents.jsonl")
    absolute, = read_jsonl(tmp_path / "one-abs" / "documents.jsonl")
    assert rel["doc_id"] == absolute["doc_id"] == docs[1]["doc_id"]
    assert (rel["source"], absolute["source"]) == (one, str(ROOT / one))


def test_duplicates_contribute_nothing_and_sums_count_money_once(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    grants = SAMPLE / "03_tjansteskrivelse_skovde_foreningsbidrag.txt"
    shutil.copy(grants, corpus / "a_original.txt")
    shutil.copy(grants, corpus / "b_syndicated_copy.txt")
    (corpus / "c_same_text_other_encoding.txt").write_bytes(grants.read_text(encoding="utf-8").encode("cp1252"))
    out = tmp_path / "out"
    r = _cli("run", str(corpus), "--out", str(out), "--no-progress")
    assert r.returncode == 0 and "2 duplicates of earlier ones" in r.stderr, r.stderr
    docs = read_jsonl(out / "documents.jsonl")
    assert [d["duplicate_of"] for d in docs] == [None, docs[0]["doc_id"], docs[0]["doc_id"]]
    assert len({d["doc_id"] for d in docs}) == 3 and all(not d["amounts"] for d in docs[1:])
    with (out / "amounts_by_recipient_year.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["doc_id"] for r in rows} == {docs[0]["doc_id"]}
    # The frame (1.8 million to share out) and the five allocations from it are linked, so
    # either sum is right; a plain SUM over all rows would count the money twice.
    totals = [r for r in rows if r["is_total"] == "true"]
    parts = [r for r in rows if r["part_of"]]
    assert [float(r["value_sek"]) for r in totals] == [1_800_000]
    assert {r["part_of"] for r in parts} == {totals[0]["record_id"]}
    assert sum(float(r["value_sek"]) for r in rows if r["is_total"] != "true") == 1_460_000
    assert sum(float(r["value_sek"]) for r in rows if not r["part_of"]) == 1_800_000
    assert len({r["row_id"] for r in rows}) == len(rows)


def _readme_block(heading: str) -> tuple[str, str]:
    """The python block under `heading` in the README and the output block after it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(heading, 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    output = re.search(r"```python\n.*?```.*?```text\n(.*?)```", section, re.S).group(1)
    return code, output


def test_readme_python_api_example_prints_what_the_readme_shows(tmp_path):
    code, expected = _readme_block("## Python API")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout == expected


def test_saved_pipeline_loads_with_spacy_load_in_a_fresh_process(tmp_path):
    import kommunkollen

    kommunkollen.load().to_disk(tmp_path / "nlp")
    script = ("import json, sys, spacy\n"
              "nlp = spacy.load(sys.argv[1])\n"
              "doc = nlp('Kultur- och fritidsnämnden tilldelas 600 000 kr per år, åren 2016-2018.')\n"
              "print(json.dumps({'pipes': nlp.pipe_names, 'amounts': doc._.records['amounts']}))\n")
    r = subprocess.run([sys.executable, "-c", script, str(tmp_path / "nlp")], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert got["pipes"][-1] == "kk_normalise" and "kk_sentences" in got["pipes"]
    [amount] = got["amounts"]
    assert (amount["value_sek"], amount["period"], amount["years"]) == (600_000, "year", [2016, 2018])
    assert amount["evidence"].startswith("Kultur- och fritidsnämnden tilldelas")


def test_extract_gives_a_documents_jsonl_object_with_ids_and_evidence():
    import kommunkollen
    from kommunkollen.schema import DOCUMENT, RECORD_TABLES, validate_record

    text = "Kommunstyrelsen i Håbo kommun beslutade den 3 maj 2021 att avsätta 2 miljoner kronor."
    obj = kommunkollen.extract(text, source="https://www.example.se/nyheter/a#top", published="2021-05-04")
    assert obj["municipality"] == "Håbo" and obj["published"] == "2021-05-04" and obj["text"] == text
    assert validate_record(DOCUMENT, {f.name: obj[f.name] for f in DOCUMENT.fields}) == []
    for table in RECORD_TABLES:
        for rec in obj[table.name]:
            assert validate_record(table, rec) == [] and rec["record_id"].startswith(obj["doc_id"] + ":")
    [amount] = obj["amounts"]
    assert amount["value_sek"] == 2_000_000 and amount["evidence"] == text
    # The fragment is not part of the document's identity.
    assert kommunkollen.extract(text, source="https://WWW.EXAMPLE.se/nyheter/a")["doc_id"] == obj["doc_id"]


def test_api_names_are_not_shadowed_by_submodules():
    """Importing every submodule leaves kommunkollen.load, .extract, .extract_file and .run the API
    functions (a submodule of the same name would replace them)."""
    import importlib
    import inspect
    import pkgutil

    import kommunkollen

    for info in pkgutil.walk_packages(kommunkollen.__path__, "kommunkollen."):
        if not info.name.endswith(("stanza_backend", "__main__")):
            importlib.import_module(info.name)
    for name in kommunkollen.__all__[1:]:
        assert inspect.isfunction(getattr(kommunkollen, name)), name
