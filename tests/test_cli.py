"""The command line: exit codes, help, bad paths, re-runs into the same directory."""
from __future__ import annotations

import json
import os

from tests.conftest import SAMPLE, read_jsonl, run_cli


def test_cli_help_lists_commands_and_run_examples():
    top = run_cli("--help")
    assert top.returncode == 0 and "run" in top.stdout and "clean" in top.stdout
    run = run_cli("run", "--help")
    assert run.returncode == 0
    assert "examples:" in run.stdout and "kommunkollen run corpora/sample --out" in run.stdout


def test_cli_usage_errors_exit_2():
    assert run_cli().returncode == 2                                 # no command
    assert run_cli("run", "--out", "x").returncode == 2              # no input
    assert run_cli("run", str(SAMPLE)).returncode == 2               # no --out
    assert run_cli("frobnicate").returncode == 2


def test_cli_missing_input_exits_1_with_one_line_hint(tmp_path):
    r = run_cli("run", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "out"))
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "input not found" in lines[0] and "nope.txt" in lines[0]
    assert not (tmp_path / "out").exists()


def test_cli_refuses_to_overwrite_a_foreign_directory(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("precious")
    r = run_cli("run", str(SAMPLE / "01_nyhet_vanersborg_simhall.txt"), "--out", str(out))
    assert r.returncode == 1 and "not empty" in r.stderr
    assert (out / "thesis.docx").read_text() == "precious"


def test_cli_unwritable_output_exits_1(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = run_cli("run", str(SAMPLE / "01_nyhet_vanersborg_simhall.txt"), "--out", str(blocker / "out"))
    assert r.returncode == 1 and r.stderr.count("\n") == 1


def test_cli_run_then_rerun_replaces_all_files(tmp_path):
    out = tmp_path / "out"
    first = run_cli("run", str(SAMPLE), "--out", str(out), "--no-progress")
    assert first.returncode == 0, first.stderr
    assert "8 documents ok (8 processed, 0 from cache), 0 failed" in first.stderr
    (out / "left-over-from-old-run.csv").write_text("stale")
    second = run_cli("run", str(SAMPLE / "02_pressmeddelande_habo_forskola.txt"), "--out", str(out))
    assert second.returncode == 0, second.stderr
    assert not (out / "left-over-from-old-run.csv").exists()
    assert len(read_jsonl(out / "documents.jsonl")) == 1
    assert json.loads((out / "run.json").read_text())["documents"]["total"] == 1
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".out.")]   # no staging or old dirs left
    assert "left-over-from-old-run.csv" not in json.loads((out / "run.json").read_text())["files"]


def test_cli_clean_prints_main_text_without_boilerplate(tmp_path):
    r = run_cli("clean", str(SAMPLE / "08_sida_tranas_socialtjanst.html"))
    assert r.returncode == 0
    assert "Socialnämnden i Tranås kommun beslutade den 24 oktober" in r.stdout
    for chrome in ("Godkänn alla kakor", "Hoppa till huvudinnehållet", "Dela på Facebook", "Relaterade nyheter",
                   "Tillgänglighetsredogörelse"):
        assert chrome not in r.stdout
    target = tmp_path / "clean.txt"
    assert run_cli("clean", str(SAMPLE / "08_sida_tranas_socialtjanst.html"), "--out", str(target)).returncode == 0
    assert target.read_text(encoding="utf-8") == r.stdout


def test_cli_errors_lists_codes():
    r = run_cli("errors")
    assert r.returncode == 0 and "E101" in r.stdout and "E103" in r.stdout
