"""The published copies of a run's CSV files: Excel-friendly CSV, Parquet, SQLite, metadata.yml.

All of them are generated from schema.py and written deterministically:
the same input gives byte-identical files.
"""
from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import yaml

from kommunkollen import __version__
from kommunkollen.export.xlsx import MAX_CELL_CHARS as EXCEL_MAX_CELL
from kommunkollen.export.xlsx import MAX_ROWS as EXCEL_MAX_ROWS
from kommunkollen.export.xlsx import cell_text, write_workbook
from kommunkollen.schema import CROSS_TABLES, DOCUMENT, PRIMARY_KEYS, RECORD_TABLES, Table, csv_columns

# "number" columns are NUMERIC: whole kronor are stored as INTEGER (Datasette shows 320000, not
# 320000.0), fractions (öre) as REAL. We write SQLite with the sqlite3 module: sqlite-utils did the
# same job 3x slower on a 2,000-document run (3.8-4.1 s against 1.2-1.6 s, same rows and size).
SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "NUMERIC", "boolean": "INTEGER"}
LICENSE_NOTE = ("Extracted data: CC BY 4.0 unless the source documents say otherwise; the source documents "
                "remain their publishers'. Gazetteer facts: see CREDITS.md.")


def _typed(value: str, ftype: str):
    if value == "":
        return None
    if ftype == "integer":
        return int(value)
    if ftype == "number":
        number = float(value)
        return int(number) if number.is_integer() else number
    if ftype == "boolean":
        return value == "true"
    return value


def read_csv(path: Path, table: Table) -> list[dict]:
    types = {c.name: c.type for c in csv_columns(table)}
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k: _typed(v, types[k]) for k, v in row.items()} for row in csv.DictReader(fh)]


def write_excel_copy(src: Path, dst: Path, table: Table) -> None:
    """UTF-8 with BOM and semicolons, decimal commas: what Excel in a Swedish locale opens right."""
    numbers = {c.name for c in csv_columns(table) if c.type == "number"}
    texts = {c.name for c in csv_columns(table)} - numbers   # dates too: Excel reads "--10-13" as a formula
    with src.open(encoding="utf-8", newline="") as fin, dst.open("w", encoding="utf-8-sig", newline="") as fout:
        reader = csv.DictReader(fin)
        writer = csv.DictWriter(fout, fieldnames=reader.fieldnames, delimiter=";", lineterminator="\r\n")
        writer.writeheader()
        for row in reader:
            for name in numbers:
                if row[name]:
                    row[name] = row[name].replace(".", ",")
            for name in texts:
                if row[name]:
                    row[name] = _excel_text(row[name])
            writer.writerow(row)


# A spreadsheet treats a cell starting with one of these as a formula ("- Föreningen tilldelas
# ..." shows as #NAME?, "=HYPERLINK(...)" or a page title "=cmd|..." runs): in everything meant
# for a spreadsheet (the Excel CSV copies and the .xlsx workbooks) such cells start with an
# apostrophe, as OWASP recommends; the plain CSV, JSON, SQLite and Parquet keep the text exact.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _excel_text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _excel_cell(value: str) -> str:
    return _excel_text(cell_text(value))[:EXCEL_MAX_CELL]


def write_xlsx(rows: list[dict], dst: Path, table: Table) -> None:
    """A real Excel workbook: typed cells (codes such as '0305' stay text, kronor are numbers),
    a bold frozen header with filters, one sheet per million rows (export/xlsx.py writes it)."""
    cols = csv_columns(table)
    names = [c.name for c in cols]
    widths = [60 if c.name in ("evidence", "title") else (22 if c.type == "string" else 12) for c in cols]
    per_sheet = EXCEL_MAX_ROWS - 1
    sheets = []
    for n in range(max(1, -(-len(rows) // per_sheet))):
        chunk = [[_excel_cell(v) if isinstance(v, str) else v for v in (row.get(name) for name in names)]
                 for row in rows[n * per_sheet:(n + 1) * per_sheet]]
        sheets.append((table.name[:28] if n == 0 else f"{table.name[:24]} ({n + 1})", names, widths, chunk))
    write_workbook(dst, sheets)


def write_parquet(rows: list[dict], dst: Path, table: Table) -> None:
    """Typed Parquet. Written through pandas' nullable dtypes so that readers going
    through pandas (frictionless, pd.read_parquet) get integers with missing values
    back as integers, not as floats with NaN."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    pa_types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}
    pd_types = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}
    cols = csv_columns(table)
    frame = pd.DataFrame({c.name: pd.array([r[c.name] for r in rows], dtype=pd_types[c.type]) for c in cols})
    schema = pa.schema([pa.field(c.name, pa_types[c.type], nullable=not c.required,
                                 metadata={"description": c.description}) for c in cols])
    arrow = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    arrow = arrow.replace_schema_metadata({**(arrow.schema.metadata or {}),
                                           b"description": table.description.encode(),
                                           b"kommunkollen_version": __version__.encode()})
    pq.write_table(arrow, dst, compression="zstd")


def _create_table(db: sqlite3.Connection, table: Table, columns, *, with_text=False) -> None:
    defs = []
    for c in columns:
        sql = f'"{c.name}" {SQL_TYPES[c.type]}'
        if PRIMARY_KEYS.get(table.name) == [c.name]:
            sql += " PRIMARY KEY"
        elif c.required:
            sql += " NOT NULL"
        defs.append(sql)
    if with_text:
        defs.append('"text" TEXT')
    if table in RECORD_TABLES or table.name in ("amounts_by_recipient_year", "org_changes_timeline"):
        defs.append('FOREIGN KEY("doc_id") REFERENCES documents("doc_id")')
    db.execute(f'CREATE TABLE "{table.name}" ({", ".join(defs)})')


def write_sqlite(out_dir: Path, dst: Path, tables: list[Table], rows_by_table: dict[str, list[dict]]) -> None:
    """One table per CSV (rows as read_csv gives them), foreign keys to documents, indexes,
    full-text search on the text."""
    db = sqlite3.connect(dst)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        texts = {}
        with (out_dir / "documents.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                texts[d["doc_id"]] = d["text"]
        for table in tables:
            cols = csv_columns(table)
            is_docs = table is DOCUMENT
            _create_table(db, table, cols, with_text=is_docs)
            rows = rows_by_table[table.name]
            names = [c.name for c in cols] + (["text"] if is_docs else [])
            placeholders = ", ".join("?" for _ in names)
            quoted = ", ".join(f'"{n}"' for n in names)
            db.executemany(f'INSERT INTO "{table.name}" ({quoted}) VALUES ({placeholders})',
                           [[r[c.name] for c in cols] + ([texts.get(r["doc_id"])] if is_docs else []) for r in rows])
            names_set = {c.name for c in cols}
            for col in ("doc_id", "municipality", "municipality_code", "year", "canonical_id", "person_id"):
                if col in names_set and not (is_docs and col == "doc_id"):
                    db.execute(f'CREATE INDEX "idx_{table.name}_{col}" ON "{table.name}"("{col}")')
        db.execute('CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content="documents", '
                   'content_rowid="rowid", tokenize="unicode61 remove_diacritics 0")')
        db.execute("INSERT INTO documents_fts(rowid, title, text) SELECT rowid, title, text FROM documents")
        db.commit()
        db.execute("VACUUM")
    finally:
        db.close()


# The questions journalists ask of a run, as Datasette canned queries (a form field per :name).
# A recipient's sums count the parts of a stated total that go to it (part_of names the total)
# and leave out a total whose parts are listed, so a search matching both counts nothing twice.
CANNED_QUERIES = {
    "money_to_recipient_by_year": {
        "title": "All money to a recipient, by year",
        "description": "Sums of the amounts whose recipient contains the text you give, per year (amounts with "
                       "no known year under an empty year), with the documents they come from.",
        "sql": "select year, count(*) as amounts, sum(value_sek) as value_sek, group_concat(distinct recipient) "
               "as recipients, group_concat(distinct purpose) as purposes, group_concat(distinct doc_id) as "
               "doc_ids from amounts_by_recipient_year where recipient like '%' || :recipient || '%' "
               "and record_id not in (select part_of from amounts_by_recipient_year where part_of is not null) "
               "group by year order by year",
    },
    "money_to_recipient": {
        "title": "Every amount to a recipient",
        "description": "Each amount whose recipient contains the text you give, with its sentence and document.",
        "sql": "select a.value_sek, a.year, a.year_basis, a.recipient, a.purpose, a.is_total, a.part_of, "
               "a.evidence, d.title, d.published, a.municipality, a.doc_id, a.record_id "
               "from amounts_by_recipient_year a join documents d on d.doc_id = a.doc_id "
               "where a.recipient like '%' || :recipient || '%' order by a.year, a.value_sek desc",
    },
    "changes_in_municipality": {
        "title": "Every organisational change in a municipality",
        "description": "The timeline of organisational changes (transfer, merge, create, abolish, split, rename) "
                       "of one municipality, by name (Håbo) or code (0305), with their status and sentence.",
        "sql": 'select date, date_source, type, object, "from", "to", status, evidence, doc_type, doc_id, '
               "record_id from org_changes_timeline where municipality = :municipality "
               "or municipality_code = :municipality order by date, doc_id, start",
    },
    "person_mentions": {
        "title": "Everything a person said or was named in",
        "description": "Every mention of a person whose name contains the text you give: role, party and "
                       "organisation as the document states them, the sentence (their quote where they speak), "
                       "and the document.",
        "sql": "select p.name, p.role, p.party, p.organisation, p.evidence, "
               "(p.evidence like '%säger%' or p.evidence like '%sa %' or p.evidence like '– %') as quoted, "
               "d.title, d.published, d.doc_type, p.municipality, p.person_id, p.doc_id, p.record_id "
               "from persons p join documents d on d.doc_id = p.doc_id "
               "where p.name like '%' || :name || '%' order by d.published, p.doc_id, p.start",
    },
    "biggest_amounts": {
        "title": "The biggest amounts",
        "description": "The 100 largest amounts of the run, with recipient, purpose and sentence.",
        "sql": "select value_sek, recipient, purpose, period, years_first, years_last, is_total, evidence, "
               "municipality, published, doc_id, record_id from amounts where value_sek is not null "
               "order by value_sek desc limit 100",
    },
}

# Facets Datasette shows on each table at first sight (the columns a reader narrows by).
FACETS = {
    "documents": ["municipality", "doc_type"],
    "persons": ["municipality", "party", "role"],
    "organisations": ["municipality", "kind"],
    "places": ["municipality"],
    "amounts": ["municipality", "period"],
    "dates": ["municipality"],
    "counts": ["municipality", "unit"],
    "org_changes": ["municipality", "type", "status"],
    "entities": ["municipality", "label"],
    "actors": ["municipality", "parties"],
    "organisations_canonical": ["municipality", "kind"],
    "amounts_by_recipient_year": ["municipality", "year", "year_basis"],
    "org_changes_timeline": ["municipality", "type", "status"],
    "errors": ["code", "stage"],
}


def datasette_metadata(tables: list[Table]) -> dict:
    """metadata.yml for `datasette kommunkollen.db --metadata metadata.yml`."""
    described = {}
    for table in tables:
        columns = {c.name: c.description for c in csv_columns(table)}
        if table is DOCUMENT:
            columns["text"] = "The cleaned main text; every offset points into it."
        described[table.name] = {"title": table.title, "description": table.description, "columns": columns}
        if FACETS.get(table.name):
            described[table.name]["facets"] = [f for f in FACETS[table.name] if f in columns]
    described["documents"]["fts_table"] = "documents_fts"
    described["documents"]["searchmode"] = "raw"
    return {
        "title": "Kommunkollen",
        "description": "Structured, citable data extracted from Swedish municipal documents. Every record "
                       "carries its document (doc_id) and character offsets (start, end) into the text.",
        "license": "CC BY 4.0 (extracted data)",
        "license_url": "https://creativecommons.org/licenses/by/4.0/",
        "source": "Kommunkollen " + __version__,
        "about": LICENSE_NOTE,
        "databases": {"kommunkollen": {"tables": described, "queries": CANNED_QUERIES}},
    }


def write_metadata_yml(dst: Path, tables: list[Table]) -> None:
    dst.write_text(yaml.safe_dump(datasette_metadata(tables), allow_unicode=True, sort_keys=False, width=100),
                   encoding="utf-8")


PUBLISHED_TABLES = (DOCUMENT, *RECORD_TABLES, *CROSS_TABLES)
