"""A Frictionless Data Package (v2) descriptor generated from schema.py."""
from __future__ import annotations

from kommunkollen import __version__
from kommunkollen.schema import CROSS_TABLES, DOCUMENT, ERROR, PRIMARY_KEYS, RECORD_TABLES, Table, csv_columns

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


def csv_filename(table: Table) -> str:
    return f"{table.name}.csv"


def _field(f) -> dict:
    out = {"name": f.name, "type": f.type, "description": f.description}
    constraints = {}
    if f.required:
        constraints["required"] = True
    if f.enum:
        constraints["enum"] = list(f.enum)
    if constraints:
        out["constraints"] = constraints
    if f.type == "boolean":
        out["trueValues"] = ["true"]
        out["falseValues"] = ["false"]
    return out


# Cross-document rows that point at the record they were made from.
RECORD_REFERENCES = {"amounts_by_recipient_year": "amounts", "org_changes_timeline": "org_changes"}


def _schema(table: Table, *, parquet: bool = False) -> dict:
    schema: dict = {"fields": [_field(f) for f in csv_columns(table)]}
    if not parquet:
        schema["missingValues"] = [""]
    if table.name in PRIMARY_KEYS:
        schema["primaryKey"] = PRIMARY_KEYS[table.name]
    if "doc_id" in {c.name for c in csv_columns(table)} and table is not DOCUMENT and not parquet:
        schema["foreignKeys"] = [{"fields": ["doc_id"], "reference": {"resource": "documents", "fields": ["doc_id"]}}]
        if table.name in RECORD_REFERENCES:
            schema["foreignKeys"].append({"fields": ["record_id"], "reference": {
                "resource": RECORD_REFERENCES[table.name], "fields": ["record_id"]}})
    return schema


def _resource(table: Table) -> dict:
    return {
        "name": table.name,
        "type": "table",
        "path": csv_filename(table),
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": table.title,
        "description": table.description,
        "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
        "schema": _schema(table),
    }


def _parquet_resource(table: Table) -> dict:
    return {
        "name": f"{table.name}-parquet",
        "type": "table",
        "path": f"parquet/{table.name}.parquet",
        "scheme": "file",
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        "title": f"{table.title} (Parquet)",
        "description": f"{table.description} The same rows as {csv_filename(table)}, with types.",
        "schema": _schema(table, parquet=True),
    }


def build_datapackage(name: str = "kommunkollen-run", *, parquet: bool = True) -> dict:
    """The descriptor for one run's CSV files; same input, same descriptor (no timestamps)."""
    return {
        "$schema": PROFILE,
        "name": name,
        "title": "Kommunkollen extraction run",
        "description": "Records extracted from Swedish municipal documents by Kommunkollen "
                       f"{__version__}. Offsets (start, end) are character offsets into the document's "
                       "cleaned text, which is in documents.jsonl. run.json describes the run.",
        "version": __version__,
        "keywords": ["kommun", "municipal documents", "Swedish", "information extraction"],
        "resources": [_resource(t) for t in (DOCUMENT, *RECORD_TABLES, ERROR, *CROSS_TABLES)]
        + ([_parquet_resource(t) for t in (DOCUMENT, *RECORD_TABLES, *CROSS_TABLES)] if parquet else []),
    }
