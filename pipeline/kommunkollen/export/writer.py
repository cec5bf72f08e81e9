"""Streaming writer for one run's output directory, committed atomically."""
from __future__ import annotations

import csv
import json
import logging
import os
import shutil
from pathlib import Path

from kommunkollen.document import Document
from kommunkollen.errors import DISK_ERRORS, DocumentError, UserError
from kommunkollen.export.crossdoc import CrossDocumentTables
from kommunkollen.export.datapackage import build_datapackage, csv_filename
from kommunkollen.export.formats import (
    PUBLISHED_TABLES,
    read_csv,
    write_excel_copy,
    write_metadata_yml,
    write_parquet,
    write_sqlite,
    write_xlsx,
)
from kommunkollen.fetch.urls import redact_urls
from kommunkollen.schema import (
    CROSS_TABLES,
    DOCUMENT,
    ERROR,
    RECORD_TABLES,
    TABLES_BY_NAME,
    Table,
    csv_columns,
    csv_row,
)

log = logging.getLogger("kommunkollen")
REPORT_DIR = "report"
RUN_MARKER = "run.json"
CACHE_NAME = ".cache"      # per-document results, kept from run to run (see pipeline/kommunkollen/cache.py)


def _csv_value(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return v


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class OutputWriter:
    """Writes a run into `out` through a staging directory; use as a context manager.

    The per-document cache lives in `out/.cache` and is written to in place as
    documents finish, so a killed run keeps what it did; at commit it moves
    into the new output directory with the rest.
    """

    def __init__(self, out: str | Path, *, publish: bool = True, xlsx: bool = True, report: bool = False):
        self.out = Path(out).absolute()
        self.publish = publish
        self.xlsx = xlsx
        self.report = report
        parent = self.out.parent
        if self.out.exists() and not self.out.is_dir():
            raise UserError(f"output path {out} is a file; give a directory for --out")
        if self.out.is_dir():
            entries = {p.name for p in self.out.iterdir()}
            if entries - {CACHE_NAME} and RUN_MARKER not in entries:
                raise UserError(f"{out} is not empty and holds no Kommunkollen run; choose an empty or new directory")
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"cannot create the output directory {out}: {exc.strerror}") from exc
        if not os.access(parent, os.W_OK | os.X_OK):
            raise UserError(f"cannot write to {parent}; choose an output directory you can write to")
        self._recover()
        self.staging = parent / f".{self.out.name}.staging-{os.getpid()}"
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir()
        self._files = {}
        self._writers: dict[str, csv.DictWriter] = {}
        self._jsonl = (self.staging / "documents.jsonl").open("w", encoding="utf-8", newline="\n")
        for table in (DOCUMENT, *RECORD_TABLES, ERROR):
            fh = (self.staging / csv_filename(table)).open("w", encoding="utf-8", newline="")
            writer = csv.DictWriter(fh, fieldnames=[c.name for c in csv_columns(table)], lineterminator="\n")
            writer.writeheader()
            self._files[table.name] = fh
            self._writers[table.name] = writer
        self.counts = {t.name: 0 for t in (DOCUMENT, *RECORD_TABLES, ERROR)}
        self.cross = CrossDocumentTables()
        self.committed = False

    @property
    def cache_dir(self) -> Path:
        return self.out / CACHE_NAME

    def _recover(self) -> None:
        """Finish or undo a swap a killed run left half done; clear dead runs' staging."""
        parent = self.out.parent
        olds = sorted(parent.glob(f".{self.out.name}.old-*"))
        for old in olds:
            if not self.out.exists():
                old.rename(self.out)
                continue
            if (old / CACHE_NAME).exists() and not self.cache_dir.exists():
                (old / CACHE_NAME).rename(self.cache_dir)
            shutil.rmtree(old, ignore_errors=True)
        for stale in parent.glob(f".{self.out.name}.staging-*"):
            pid = stale.name.rsplit("-", 1)[-1]
            if not pid.isdigit() or not _pid_alive(int(pid)):
                shutil.rmtree(stale, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if not self.committed:
            self.abort()
        if isinstance(exc, OSError) and exc.filename is None:
            exc.filename = str(self.out)   # a write through an open file names no path: this one
        return False

    def _row(self, table: Table, row: dict) -> None:
        self._writers[table.name].writerow({k: _csv_value(v) for k, v in row.items()})
        self.counts[table.name] += 1

    def write_document(self, document: Document) -> dict:
        obj = document.to_json()
        self.write_document_json(obj)
        return obj

    def write_document_json(self, obj: dict) -> None:
        """One document's object (fresh or from the cache) into every per-document file."""
        self._jsonl.write(json.dumps(obj, ensure_ascii=False) + "\n")
        self._row(DOCUMENT, csv_row(DOCUMENT, obj))
        for table in RECORD_TABLES:
            for rec in obj[table.name]:
                self._row(table, csv_row(table, rec, obj))
        self.cross.add(obj)

    def write_error(self, source: str, error: DocumentError) -> None:
        self._row(ERROR, {"source": redact_urls(source), "stage": error.stage, "code": error.code,
                          "message": redact_urls(error.message)})

    def _write_cross_tables(self) -> None:
        for name, rows in self.cross.tables().items():
            table = TABLES_BY_NAME[name]
            with (self.staging / csv_filename(table)).open("w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=[c.name for c in csv_columns(table)], lineterminator="\n")
                writer.writeheader()
                for row in rows:
                    writer.writerow({k: _csv_value(v) for k, v in row.items()})
            self.counts[name] = len(rows)

    def _publish(self) -> None:
        """Excel copies, Parquet, SQLite and datasette metadata from the finished CSVs."""
        (self.staging / "excel").mkdir()
        (self.staging / "parquet").mkdir()
        rows_by_table = {}
        for table in (*PUBLISHED_TABLES, ERROR):
            src = self.staging / csv_filename(table)
            write_excel_copy(src, self.staging / "excel" / csv_filename(table), table)
            rows_by_table[table.name] = read_csv(src, table)   # parsed once, for Excel, Parquet and SQLite
            if self.xlsx:
                write_xlsx(rows_by_table[table.name], self.staging / "excel" / f"{table.name}.xlsx", table)
            if table is not ERROR:
                write_parquet(rows_by_table[table.name], self.staging / "parquet" / f"{table.name}.parquet", table)
        write_sqlite(self.staging, self.staging / "kommunkollen.db", [*PUBLISHED_TABLES, ERROR], rows_by_table)
        write_metadata_yml(self.staging / "metadata.yml", [*PUBLISHED_TABLES, ERROR])

    def _build_report(self, run_info: dict) -> None:
        """The HTML report; a report that fails costs the report, never the run (a full disk
        still stops the run, as everywhere)."""
        from kommunkollen.report import build_report

        try:
            build_report(self.staging, self.staging / REPORT_DIR, run_info=run_info)
        except OSError as exc:
            if exc.errno in DISK_ERRORS:
                raise
            log.error("the HTML report could not be written (%s); the run is complete: try "
                      "`kommunkollen report %s` again", exc, self.out)
        except Exception as exc:  # noqa: BLE001  (the datasets are done; only the report is lost)
            log.error("the HTML report could not be written (%s: %s); the run is complete: try "
                      "`kommunkollen report %s` again", type(exc).__name__, exc, self.out)

    def commit(self, run_info: dict) -> Path:
        """Finish every file and put the staging directory in place of the output."""
        self._jsonl.close()
        for fh in self._files.values():
            fh.close()
        self._write_cross_tables()
        if self.publish:
            self._publish()
        (self.staging / "datapackage.json").write_text(
            json.dumps(build_datapackage(parquet=self.publish), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        if self.report:   # inside the staging folder: the report is swapped in with the run it shows
            self._build_report(run_info)
        # The report's pages (one per document and actor) are listed as one entry, its index.
        files = sorted(str(p.relative_to(self.staging)) for p in self.staging.rglob("*")
                       if p.is_file() and (p.parts[len(self.staging.parts)] != REPORT_DIR or p.name == "index.html"
                                           and p.parent.name == REPORT_DIR))
        run_info = dict(run_info, records=dict(run_info.get("records", {}),
                                               **{t.name: self.counts[t.name] for t in CROSS_TABLES}),
                        files=sorted([*files, RUN_MARKER]))
        (self.staging / RUN_MARKER).write_text(json.dumps(run_info, ensure_ascii=False, indent=2) + "\n",
                                               encoding="utf-8")
        for p in self.staging.rglob("*"):
            if p.is_file():
                with p.open("rb") as fh:
                    os.fsync(fh.fileno())
        old = self.out.parent / f".{self.out.name}.old-{os.getpid()}"
        if self.out.exists():
            os.rename(self.out, old)
        os.rename(self.staging, self.out)
        if (old / CACHE_NAME).exists():
            (old / CACHE_NAME).rename(self.cache_dir)
        shutil.rmtree(old, ignore_errors=True)
        self.committed = True
        return self.out

    def abort(self) -> None:
        for fh in [self._jsonl, *self._files.values()]:
            if not fh.closed:
                try:
                    fh.close()
                except OSError:   # the buffer cannot be flushed (a full disk): the file goes anyway
                    pass
        shutil.rmtree(self.staging, ignore_errors=True)
