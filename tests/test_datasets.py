"""Published datasets: SQLite, Parquet, Excel copies, datasette, incremental and reproducible runs."""
from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kommunkollen.export.formats import read_csv
from kommunkollen.runner import run_pipeline
from kommunkollen.schema import ALL_TABLES, CROSS_TABLES, TABLES_BY_NAME, csv_columns
from kommunkollen.settings import Settings
from tests.conftest import ROOT, SAMPLE, needs_shared, read_jsonl

QUIET = Settings(progress=False)


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != "run.json" and ".cache" not in p.parts}


def test_datasets_sqlite_round_trip_equals_jsonl(sample_run):
    docs = read_jsonl(sample_run / "documents.jsonl")
    db = sqlite3.connect(sample_run / "kommunkollen.db")
    db.row_factory = sqlite3.Row
    assert [r["doc_id"] for r in db.execute("SELECT doc_id FROM documents ORDER BY rowid")] == [d["doc_id"] for d in docs]
    for doc in docs:
        text = db.execute("SELECT text FROM documents WHERE doc_id = ?", (doc["doc_id"],)).fetchone()[0]
        assert text == doc["text"]
        rows = db.execute("SELECT * FROM amounts WHERE doc_id = ? ORDER BY rowid", (doc["doc_id"],)).fetchall()
        got = [{**{k: r[k] for k in ("text", "value_sek", "period", "recipient", "purpose", "start", "end")},
                "years": [r["years_first"], r["years_last"]] if r["years_first"] else None} for r in rows]
        want = [{k: a[k] for k in ("text", "value_sek", "period", "recipient", "purpose", "start", "end", "years")}
                for a in doc["amounts"]]
        assert got == want
        orgs = db.execute("SELECT name, kind, canonical_id FROM organisations WHERE doc_id = ? ORDER BY rowid",
                          (doc["doc_id"],)).fetchall()
        assert [tuple(r) for r in orgs] == [(o["name"], o["kind"], o["canonical_id"]) for o in doc["organisations"]]
    # foreign keys hold and full-text search works
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    hits = db.execute("SELECT d.title FROM documents_fts f JOIN documents d ON d.rowid = f.rowid "
                      "WHERE documents_fts MATCH 'simhall'").fetchall()
    assert [h[0] for h in hits] == ["Ny simhall blir dyrare än planerat"]
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"idx_amounts_doc_id", "idx_documents_municipality", "idx_amounts_by_recipient_year_year"} <= indexes


def test_datasets_parquet_reads_back_equal_to_csv(sample_run):
    import pyarrow.parquet as pq
    for table in [t for t in ALL_TABLES if t.name != "errors"]:
        from_csv = read_csv(sample_run / f"{table.name}.csv", table)
        arrow = pq.read_table(sample_run / "parquet" / f"{table.name}.parquet")
        assert arrow.column_names == [c.name for c in csv_columns(table)]
        assert arrow.to_pylist() == from_csv, table.name
    schema = pq.read_schema(sample_run / "parquet" / "amounts.parquet")
    assert str(schema.field("value_sek").type) == "double" and str(schema.field("years_first").type) == "int64"


def test_datasets_excel_copies_keep_swedish_letters(sample_run):
    raw = (sample_run / "excel" / "documents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                       # BOM: Excel reads UTF-8
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(text.splitlines(), delimiter=";"))
    assert rows[0][:3] == ["doc_id", "source", "doc_type"]
    assert any("Håbo" in row for row in rows) and any("Östersund" in row for row in rows)
    amounts = list(csv.DictReader((sample_run / "excel" / "amounts.csv").read_text(encoding="utf-8-sig").splitlines(),
                                  delimiter=";"))
    assert "14200000" in {a["value_sek"] for a in amounts}
    assert all("." not in a["value_sek"] for a in amounts)         # decimal commas, if any


def test_datasets_metadata_yml_describes_every_table(sample_run):
    import yaml
    meta = yaml.safe_load((sample_run / "metadata.yml").read_text(encoding="utf-8"))
    tables = meta["databases"]["kommunkollen"]["tables"]
    for table in ALL_TABLES:
        assert table.name in tables and tables[table.name]["description"] == table.description
    assert tables["amounts"]["columns"]["value_sek"].startswith("Value in kronor")
    assert meta["license"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_datasets_datasette_serves_the_database(sample_run):
    datasette = Path(sys.executable).with_name("datasette")
    if not datasette.exists():
        pytest.skip("datasette is not installed (make test installs it)")
    port = _free_port()
    proc = subprocess.Popen([str(datasette), str(sample_run / "kommunkollen.db"), "--metadata",
                             str(sample_run / "metadata.yml"), "-h", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/kommunkollen/amounts.json?_shape=array&_size=max"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as resp:
                    rows = json.loads(resp.read())
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert len(rows) == sum(len(d["amounts"]) for d in read_jsonl(sample_run / "documents.jsonl"))
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/kommunkollen/documents.json?_search=simhall"
                                    "&_shape=array", timeout=5) as resp:
            assert [r["title"] for r in json.loads(resp.read())] == ["Ny simhall blir dyrare än planerat"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_datasets_incremental_runs_reuse_results_and_are_byte_identical(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE, corpus)
    out = tmp_path / "out"
    first = run_pipeline([str(corpus)], out, QUIET)
    assert (first.processed, first.reused) == (8, 0)
    before = _files(out)
    second = run_pipeline([str(corpus)], out, QUIET)
    assert (second.processed, second.reused) == (0, 8)
    assert _files(out) == before                                   # byte for byte, all but run.json
    info = json.loads((out / "run.json").read_text())
    assert info["documents"]["processed"] == 0 and info["documents"]["reused"] == 8

    changed = corpus / "02_pressmeddelande_habo_forskola.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("68,5 miljoner", "70 miljoner"), encoding="utf-8")
    (corpus / "09_ny.txt").write_text("Kommunstyrelsen i Håbo kommun beslutade den 3 maj 2023 att avsätta "
                                      "2 miljoner kronor.", encoding="utf-8")
    third = run_pipeline([str(corpus)], out, QUIET)
    assert (third.processed, third.reused) == (2, 7)
    assert 70_000_000 in {a["value_sek"] for d in read_jsonl(out / "documents.jsonl") for a in d["amounts"]}

    rebuilt = run_pipeline([str(corpus)], out, Settings(progress=False, rebuild=True))
    assert (rebuilt.processed, rebuilt.reused) == (9, 0)


def test_datasets_kill_9_keeps_previous_output_and_resume_processes_only_the_rest(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(30):
        for src in sorted(SAMPLE.iterdir()):
            text = src.read_text(encoding="utf-8")
            (corpus / f"{i:02d}_{src.name}").write_text(text + f"\n\nVersion {i}.\n", encoding="utf-8")
    out = tmp_path / "out"
    run_pipeline([str(SAMPLE)], out, QUIET)
    previous = _files(out)
    cache = out / ".cache"
    entries_before = len(list(cache.rglob("*.json")))
    proc = subprocess.Popen([sys.executable, "-m", "kommunkollen", "run", str(corpus), "--out", str(out),
                             "--batch-size", "4"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(list(cache.rglob("*.json"))) < entries_before + 40 and time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail("the run finished before it could be killed")
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _files(out) == previous                                 # previous outputs intact
    done_before_kill = len(list(cache.rglob("*.json"))) - entries_before
    assert 40 <= done_before_kill < 240
    resumed = run_pipeline([str(corpus)], out, QUIET)
    assert resumed.reused == done_before_kill and resumed.processed == 240 - done_before_kill
    assert len(read_jsonl(out / "documents.jsonl")) == 240
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


@needs_shared
def test_datasets_cross_document_tables_on_seeds(seeds_run):
    orgs = {r["canonical_id"]: r for r in read_csv(seeds_run / "organisations_canonical.csv",
                                                   TABLES_BY_NAME["organisations_canonical"])}
    ks = orgs["1494:kommunstyrelsen"]
    assert ks["documents"] == 3 and ks["municipality"] == "Lidköping" and ks["county"] == "Västra Götalands län"
    assert {"kommunstyrelsen", "Kommunstyrelsen", "kommunstyrelsens"} <= set(ks["variants"].split("; "))
    assert orgs["municipality:1494"]["documents"] == 3
    assert orgs["party:M"]["canonical_name"] == "Moderaterna"
    assert orgs["agency:lansstyrelsen-i-blekinge-lan"]["canonical_name"] == "Länsstyrelsen i Blekinge län"
    years = [r for r in read_csv(seeds_run / "amounts_by_recipient_year.csv", TABLES_BY_NAME["amounts_by_recipient_year"])
             if r["text"] == "1 170 000 kr"]
    assert [(r["year"], r["value_sek"], r["year_basis"]) for r in years] == [(y, 1170000, "per_year")
                                                                           for y in (2016, 2017, 2018)]
    assert years[0]["recipient_id"] == "1494:social-och-arbetsmarknadsnamnden"
    actors = read_csv(seeds_run / "actors.csv", TABLES_BY_NAME["actors"])
    assert {a["person_id"] for a in actors} >= {"person:1494:jonas-sundstrom", "person:1281:magdalena-titze"}
    for table in CROSS_TABLES:
        assert (seeds_run / f"{table.name}.csv").exists() and (seeds_run / "parquet" / f"{table.name}.parquet").exists()


def test_datasets_xlsx_keeps_codes_as_text_numbers_as_numbers_and_no_formulas(sample_run, tmp_path):
    import openpyxl

    from kommunkollen.export.formats import write_excel_copy, write_xlsx
    from kommunkollen.schema import TABLES_BY_NAME

    sheet = openpyxl.load_workbook(sample_run / "excel" / "documents.xlsx").active
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, [c.value for c in r], strict=True)) for r in sheet.iter_rows(min_row=2)]
    assert {r["municipality_code"] for r in rows if r["municipality"] == "Håbo"} == {"0305"}
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    amounts = openpyxl.load_workbook(sample_run / "excel" / "amounts.xlsx").active
    values = [r[[c.value for c in amounts[1]].index("value_sek")].value for r in amounts.iter_rows(min_row=2)]
    assert 14_200_000 in values and all(isinstance(v, int | float) for v in values)
    # Text that looks like a formula is neutralised (OWASP: a leading apostrophe) and stored as
    # text, in the workbook and in the Excel CSV.
    errors = TABLES_BY_NAME["errors"]
    hostile = [{"source": "=HYPERLINK(\"http://x\")", "stage": "fetch", "code": "E100", "message": "- listpunkt"}]
    write_xlsx(hostile, tmp_path / "e.xlsx", errors)
    sheet = openpyxl.load_workbook(tmp_path / "e.xlsx").active
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("'=HYPERLINK(\"http://x\")", "s")
    assert (sheet["D2"].value, sheet["D2"].data_type) == ("'- listpunkt", "s")
    src = tmp_path / "e.csv"
    src.write_text("source,stage,code,message\n=1+1,fetch,E100,- listpunkt\n", encoding="utf-8")
    write_excel_copy(src, tmp_path / "excel.csv", errors)
    assert (tmp_path / "excel.csv").read_text(encoding="utf-8-sig").splitlines()[1] == "'=1+1;fetch;E100;'- listpunkt"
