"""Fault suite, files: every bad input beside good documents in one run, as a user would run it.

Each case gets its coded row (the right code, a message naming the cause) or is read as it
should be; the good documents' records are identical to a run without the bad inputs; the run
takes bounded time and memory (peak RSS of the whole run under 1 GB, measured by the kernel);
nothing of the bad inputs reaches the outputs half-done.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT, SAMPLE, read_jsonl
from tests.faultcases import file_cases, write_case

GOOD = ("01_nyhet_vanersborg_simhall.txt", "03_tjansteskrivelse_skovde_foreningsbidrag.txt",
        "08_sida_tranas_socialtjanst.html")
PEAK_RSS_LIMIT = 1 << 30


def run_cli(corpus, out, *extra, user=None):
    """`kommunkollen run` in its own process: (returncode, stderr, peak RSS in bytes, seconds)."""
    cmd = [sys.executable, "-m", "kommunkollen", "run", str(corpus), "--out", str(out), "--no-progress",
           "--no-xlsx", *extra]
    if user is not None:
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *cmd]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    return proc.returncode, stderr, usage.ru_maxrss * 1024, time.monotonic() - t0


def errors_by_file(out):
    with (out / "errors.csv").open(encoding="utf-8", newline="") as fh:
        return {r["source"].split("/", 1)[1]: r for r in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def fault_runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("faults")
    good, bad = base / "good" / "corpus", base / "bad" / "corpus"
    for folder in (good, bad):
        folder.mkdir(parents=True)
        for name in GOOD:
            shutil.copy(SAMPLE / name, folder / name)
    cases = file_cases()
    for case in cases:
        write_case(bad, case)
    (bad / "dangling.txt").symlink_to(base / "nowhere.txt")
    good_rc, good_err, _rss, _s = run_cli(good, base / "good_out")
    assert good_rc == 0, good_err
    rc, stderr, rss, seconds = run_cli(bad, base / "bad_out")
    return {"cases": cases, "good": base / "good_out", "bad": base / "bad_out", "rc": rc, "stderr": stderr,
            "rss": rss, "seconds": seconds}


def test_faults_files_run_finishes_in_bounded_memory(fault_runs):
    assert fault_runs["rc"] == 0, fault_runs["stderr"]
    assert "Traceback" not in fault_runs["stderr"]
    assert fault_runs["rss"] < PEAK_RSS_LIMIT, f"peak RSS {fault_runs['rss'] / 2**20:.0f} MB"


def test_faults_files_each_bad_input_gets_its_code(fault_runs):
    errors = errors_by_file(fault_runs["bad"])
    for case in fault_runs["cases"]:
        if case.code:
            row = errors.get(case.name)
            assert row is not None and row["code"] == case.code, (case.name, row)
    assert errors["dangling.txt"]["code"] == "E100"
    assert "encrypted" in errors["encrypted.pdf"]["message"] and "password" in errors["encrypted.pdf"]["message"]
    assert "bomb" in errors["bomb.docx"]["message"] or "expands past" in errors["bomb.docx"]["message"]
    assert "binary" in errors["binary_body.html"]["message"]
    expected = {c.name for c in fault_runs["cases"] if c.code} | {"dangling.txt"}
    assert set(errors) == expected      # and nothing else failed


def test_faults_files_readable_cases_are_read_whole_and_clean(fault_runs):
    docs = {d["source"].split("/", 1)[1]: d for d in read_jsonl(fault_runs["bad"] / "documents.jsonl")}
    for case in fault_runs["cases"]:
        if case.code is None:
            shown = case.name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            assert shown in docs, (case.name, sorted(docs))
            assert case.text in docs[shown]["text"], case.name
    assert "bad_\\xff_name.txt" in docs                       # the name as escapes, not lost
    raw = (fault_runs["bad"] / "documents.jsonl").read_text(encoding="utf-8")
    assert "\\u0000" not in raw and "\\u001b" not in raw     # control characters never reach an output
    assert "=" * 65 not in docs["equals_run.txt"]["text"]
    assert docs["deep.html"]["text"].count("sporthall") == 1


def test_faults_files_good_documents_identical_to_a_run_without_the_bad_ones(fault_runs):
    good = {d["doc_id"]: d for d in read_jsonl(fault_runs["good"] / "documents.jsonl")}
    beside = {d["doc_id"]: d for d in read_jsonl(fault_runs["bad"] / "documents.jsonl")}
    assert len(good) == len(GOOD) and set(good) <= set(beside)
    for doc_id, doc in good.items():
        assert beside[doc_id] == doc


def test_faults_files_cache_holds_only_whole_entries(fault_runs):
    entries = list((fault_runs["bad"] / ".cache").rglob("*"))
    assert not [p for p in entries if p.name.endswith(".tmp")]
    for p in entries:
        if p.is_file():
            json.loads(p.read_text(encoding="utf-8"))


def _can_drop_privileges() -> bool:
    return os.geteuid() != 0 or shutil.which("setpriv") is not None


@pytest.mark.skipif(not _can_drop_privileges(), reason="running as root without setpriv to drop privileges")
def test_faults_files_unreadable_file_and_folder_get_rows_the_run_goes_on(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "locked").mkdir(parents=True)
    shutil.copy(SAMPLE / GOOD[0], corpus / GOOD[0])
    shutil.copy(SAMPLE / GOOD[1], corpus / "locked" / GOOD[1])
    (corpus / "secret.txt").write_text("Kommunstyrelsen beslutade.", encoding="utf-8")
    (corpus / "secret.txt").chmod(0)
    (corpus / "locked").chmod(0)
    user = None
    if os.geteuid() == 0:   # root reads everything: run as nobody, in folders nobody may enter
        user = 65534
        for p in (tmp_path, *tmp_path.parents):
            if p == p.parent:
                break
            p.chmod(p.stat().st_mode | 0o011)
        corpus.chmod(0o777)
        tmp_path.chmod(0o777)
    try:
        rc, stderr, _rss, _s = run_cli(corpus, tmp_path / "out", user=user)
    finally:
        (corpus / "locked").chmod(0o755)
    assert rc == 0 and "Traceback" not in stderr, stderr
    errors = errors_by_file(tmp_path / "out")
    assert errors["secret.txt"]["code"] == "E100" and "ermission" in errors["secret.txt"]["message"]
    assert errors["locked/"]["code"] == "E100" and "folder not read" in errors["locked/"]["message"]
    [doc] = read_jsonl(tmp_path / "out" / "documents.jsonl")
    assert doc["source"].endswith(GOOD[0])


def test_faults_files_time_limit_gives_e600_and_the_run_goes_on(tmp_path):
    """A document past --doc-timeout gets E600 naming the stage; the others are processed."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE / GOOD[0], corpus / GOOD[0])
    (corpus / "long.txt").write_text(("Kommunstyrelsen i Håbo beslutade att bygga en skola. " * 12 + "\n")
                                     * 4000, encoding="utf-8")
    # 2.7 MB of prose takes minutes through the model; the good document well under a second.
    rc, stderr, _rss, _seconds = run_cli(corpus, tmp_path / "out", "--doc-timeout", "3")
    assert rc == 0, stderr
    errors = errors_by_file(tmp_path / "out")
    assert errors["long.txt"]["code"] == "E600" and "--doc-timeout" in errors["long.txt"]["message"]
    assert errors["long.txt"]["stage"] in ("clean", "nlp", "extract")
    assert [d["source"] for d in read_jsonl(tmp_path / "out" / "documents.jsonl")] == [f"corpus/{GOOD[0]}"]
