"""The data contract: documents.jsonl, CSVs and datapackage.json agree with schema.py."""
from __future__ import annotations

import csv
import json

import pytest

from kommunkollen.schema import (
    ALL_TABLES,
    DOCUMENT,
    ERROR,
    RECORD_TABLES,
    TABLES_BY_NAME,
    csv_columns,
    validate_record,
)
from tests.conftest import read_jsonl


def test_schema_validate_record_rejects_bad_records():
    amounts = TABLES_BY_NAME["amounts"]
    good = {"record_id": "0123456789abcdef:amounts:0-4", "text": "5 kr", "value_sek": 5, "value_sek_max": None,
            "value": 5, "currency": "SEK", "period": "year", "years": [2016, 2018], "recipient": None,
            "purpose": None, "start": 0, "end": 4}
    assert validate_record(amounts, good) == []
    assert validate_record(amounts, dict(good, period="fortnight"))          # not in the enum
    assert validate_record(amounts, dict(good, years=[2016]))                # a range has two ends
    assert validate_record(amounts, dict(good, start=None))                  # offsets are required
    assert validate_record(amounts, dict(good, colour="red"))                # unknown field
    assert validate_record(amounts, {k: v for k, v in good.items() if k != "record_id"})   # ids are required


def test_schema_every_sample_record_conforms_and_offsets_point_at_text(sample_run):
    docs = read_jsonl(sample_run / "documents.jsonl")
    assert len(docs) == 8
    for doc in docs:
        meta = {f.name: doc[f.name] for f in DOCUMENT.fields}
        assert validate_record(DOCUMENT, meta) == []
        for table in RECORD_TABLES:
            for rec in doc[table.name]:
                assert validate_record(table, rec) == [], (doc["source"], table.name, rec)
                span = doc["text"][rec["start"]:rec["end"]]
                surface = rec.get("text") or rec.get("name") or rec.get("evidence")
                # A genitive place ("Lidköpings") is recorded in its base form.
                assert span == surface or (table.name == "places" and span.startswith(surface)), (table.name, span)


def test_schema_sample_run_has_every_record_type(sample_run):
    docs = read_jsonl(sample_run / "documents.jsonl")
    for table in RECORD_TABLES:
        assert sum(len(d[table.name]) for d in docs) > 0, f"sample corpus yields no {table.name}"
    assert {d["doc_type"] for d in docs} >= {"news", "press_release", "tjansteskrivelse", "protokoll", "blog",
                                            "web_page", "report"}


def test_schema_csv_headers_and_row_counts_match(sample_run):
    docs = read_jsonl(sample_run / "documents.jsonl")
    for table in (DOCUMENT, *RECORD_TABLES, ERROR):
        with (sample_run / f"{table.name}.csv").open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
            fh.seek(0)
            header = next(csv.reader(fh))
        assert header == [c.name for c in csv_columns(table)]
        if table is DOCUMENT:
            assert len(rows) == len(docs) and "text" not in header
        elif table is not ERROR:
            assert len(rows) == sum(len(d[table.name]) for d in docs)
            ids = {d["doc_id"] for d in docs}
            assert all(r["doc_id"] in ids for r in rows)


def test_schema_datapackage_is_valid_frictionless(sample_run):
    frictionless = pytest.importorskip("frictionless")
    descriptor = json.loads((sample_run / "datapackage.json").read_text(encoding="utf-8"))
    names = {r["name"] for r in descriptor["resources"]}
    assert names >= {t.name for t in ALL_TABLES}                           # every CSV
    assert names >= {f"{t.name}-parquet" for t in ALL_TABLES if t is not ERROR}   # and every Parquet file
    report = frictionless.validate(str(sample_run / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_schema_datapackage_catches_a_broken_csv(sample_run, tmp_path):
    """The validation test above can fail: a corrupted copy is reported invalid."""
    frictionless = pytest.importorskip("frictionless")
    import shutil
    broken = tmp_path / "broken"
    shutil.copytree(sample_run, broken)
    path = broken / "amounts.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = next(csv.reader([lines[1]]))
    cells[next(csv.reader([lines[0]])).index("value_sek")] = "not-a-number"
    import io
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cells)
    lines[1] = buf.getvalue().rstrip("\n")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert not frictionless.validate(str(broken / "datapackage.json")).valid


def test_schema_run_json_describes_the_run(sample_run):
    info = json.loads((sample_run / "run.json").read_text(encoding="utf-8"))
    assert info["documents"] == {"total": 8, "ok": 8, "failed": 0, "processed": 8, "reused": 0, "duplicates": 0}
    assert set(info["timings_s"]) == {"fetch", "clean", "nlp", "extract", "normalise", "export"}
    assert info["model"]["components"][-2:] == ["kk_org_changes", "kk_normalise"]
    assert "documents.jsonl" in info["files"] and "datapackage.json" in info["files"]
    assert sum(info["records"].values()) > 0
