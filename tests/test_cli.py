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


def test_cli_clean_takes_folders_and_urls_and_writes_json_with_metadata(tmp_path):
    from tests.httpserver import CannedSite, html_page

    site = CannedSite().start()
    try:
        site.routes["/robots.txt"] = lambda req: (404, {}, b"")
        site.routes["/nyhet"] = lambda req: (200, {"Content-Type": "text/html; charset=utf-8"},
                                             html_page("Ny förskola i Gransäter", "Håbo kommun bygger en ny "
                                                       "förskola som öppnar i augusti."))
        folder = tmp_path / "docs"
        folder.mkdir()
        for name in ("02_pressmeddelande_habo_forskola.txt", "08_sida_tranas_socialtjanst.html"):
            (folder / name).write_bytes((SAMPLE / name).read_bytes())
        (folder / "notes.xyz").write_text("not a document")
        r = run_cli("clean", str(folder), f"{site.base}/nyhet", str(folder / "notes.xyz"), "--format", "json",
                    "--delay", "0", "--cache", str(tmp_path / "cache"), "--allow-private-hosts")
    finally:
        site.stop()
    assert r.returncode == 0, r.stderr
    docs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [d["source"] for d in docs] == ["docs/02_pressmeddelande_habo_forskola.txt",
                                           "docs/08_sida_tranas_socialtjanst.html", f"{site.base}/nyhet"]
    assert docs[1]["title"] == "Socialtjänsten får ny organisation" and docs[1]["municipality"] == "Tranås"
    assert docs[2]["title"] == "Ny förskola i Gransäter" and "öppnar i augusti" in docs[2]["text"]
    assert all("amounts" not in d for d in docs)
    assert "E104" in r.stderr and "notes.xyz" in r.stderr        # reported, the others went on
    out = tmp_path / "texts"
    r = run_cli("clean", str(folder), "--out", str(out))
    assert r.returncode == 0 and sorted(p.name for p in out.iterdir()) == [
        "02_pressmeddelande_habo_forskola.txt", "08_sida_tranas_socialtjanst.txt"]
    assert "Godkänn alla kakor" not in (out / "08_sida_tranas_socialtjanst.txt").read_text(encoding="utf-8")


def test_cli_clean_empty_folder_or_only_bad_files_is_not_a_silent_success(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    r = run_cli("clean", str(empty))
    assert r.returncode == 4 and "warning: no documents in" in r.stderr and not r.stdout
    (tmp_path / "x.csv").write_text("a,b\n")
    r = run_cli("clean", str(tmp_path / "x.csv"))
    assert r.returncode == 4 and "E104" in r.stderr
