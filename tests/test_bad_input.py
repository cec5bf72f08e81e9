"""Bad input gets a coded row in errors.csv; the run finishes and good documents are complete."""
from __future__ import annotations

import csv
import os
import shutil

import pytest

from kommunkollen.runner import run_pipeline
from kommunkollen.settings import Settings
from tests.conftest import SAMPLE, read_jsonl, without_ids

GOOD = ("01_nyhet_vanersborg_simhall.txt", "03_tjansteskrivelse_skovde_foreningsbidrag.txt")
SWEDISH = "Uppföljning av åtgärder: Fritidsnämnden tilldelas 150 000 kr för år 2016 – ”Öppen förskola”.\n"


def _errors(out):
    with (out / "errors.csv").open(encoding="utf-8", newline="") as fh:
        return {os.path.basename(r["source"]): r for r in csv.DictReader(fh)}


def _unreadable(path):
    """A file that exists but cannot be read, also when the tests run as root."""
    if os.geteuid() != 0:
        path.write_text("secret")
        path.chmod(0)
    else:  # reading /proc/self/mem at offset 0 fails with EIO, whoever you are
        path.symlink_to("/proc/self/mem")


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    for name in GOOD:
        shutil.copy(SAMPLE / name, d / name)
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.txt").write_bytes(b"  \n\n ")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (d / "cp1252.txt").write_bytes(SWEDISH.encode("cp1252"))
    (d / "latin1.txt").write_bytes(SWEDISH.replace("–", "-").replace("”", '"').encode("latin-1"))
    (d / "broken.html").write_bytes(b"<html><body><p>Kommunstyrelsen beslutade den 3 maj 2021 att <b>inr\xc3\xa4tta"
                                    b"<div><p>en ny n\xc3\xa4mnd</table></i>")
    big = ("Kommunfullmäktige i Håbo kommun beslutade den 1 mars 2020 att avsätta 2 miljoner kronor. " * 230_000)
    (d / "huge.txt").write_text(big, encoding="utf-8")
    assert (d / "huge.txt").stat().st_size > 20_000_000
    _unreadable(d / "unreadable.txt")
    return d


@pytest.fixture(scope="module")
def bad_run(bad_corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("badout") / "out"
    run_pipeline([str(bad_corpus)], out, Settings(progress=False))
    return out


def test_bad_input_each_failure_has_a_coded_row(bad_run):
    errors = _errors(bad_run)
    assert errors["empty.txt"]["code"] == "E101"
    assert errors["blank.txt"]["code"] == "E101"
    assert errors["binary.txt"]["code"] == "E102"
    assert errors["huge.txt"]["code"] == "E103" and "--max-bytes" in errors["huge.txt"]["message"]
    assert errors["unreadable.txt"]["code"] == "E100"
    assert all(e["stage"] == "fetch" for e in errors.values())
    assert set(errors) == {"empty.txt", "blank.txt", "binary.txt", "huge.txt", "unreadable.txt"}


def test_bad_input_legacy_encodings_are_decoded(bad_run):
    docs = {os.path.basename(d["source"]): d for d in read_jsonl(bad_run / "documents.jsonl")}
    assert docs["cp1252.txt"]["text"].startswith("Uppföljning av åtgärder") and "”Öppen förskola”" in docs["cp1252.txt"]["text"]
    assert docs["latin1.txt"]["text"].startswith("Uppföljning av åtgärder")
    for name in ("cp1252.txt", "latin1.txt"):
        assert [a["value_sek"] for a in docs[name]["amounts"]] == [150000]


def test_bad_input_broken_html_is_still_read(bad_run):
    docs = {os.path.basename(d["source"]): d for d in read_jsonl(bad_run / "documents.jsonl")}
    assert "inrätta" in docs["broken.html"]["text"] and "en ny nämnd" in docs["broken.html"]["text"]


def test_bad_input_good_documents_are_complete(bad_run, tmp_path):
    clean_out = tmp_path / "clean"
    run_pipeline([str(SAMPLE / n) for n in GOOD], clean_out, Settings(progress=False))
    expected = {os.path.basename(d["source"]): d for d in read_jsonl(clean_out / "documents.jsonl")}
    got = {os.path.basename(d["source"]): d for d in read_jsonl(bad_run / "documents.jsonl")}
    for name in GOOD:
        assert without_ids(expected[name]) == without_ids(got[name])


def test_bad_input_huge_file_runs_when_the_limit_is_raised(tmp_path):
    from kommunkollen.fetch import read_document
    path = tmp_path / "big.txt"
    path.write_text("Lidköpings kommun. " * 700_000, encoding="utf-8")   # about 13 MB
    doc = read_document(str(path), Settings(max_bytes=20_000_000))
    assert len(doc.content) > 13_000_000
