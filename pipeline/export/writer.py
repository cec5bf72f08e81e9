"""Streaming writer for one run's output directory, committed atomically."""
from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

from pipeline.document import Document
from pipeline.errors import DocumentError, UserError
from pipeline.export.datapackage import build_datapackage, csv_filename
from pipeline.schema import DOCUMENT, ERROR, RECORD_TABLES, Table, csv_columns, csv_row

RUN_MARKER = "run.json"


def _csv_value(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return v


def _recover(out: Path) -> None:
    """Undo a swap that was interrupted between its two renames."""
    if out.exists():
        return
    olds = sorted(out.parent.glob(f".{out.name}.old-*"))
    if olds:
        olds[-1].rename(out)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class OutputWriter:
    """Writes a run into `out` through a staging directory; use as a context manager."""

    def __init__(self, out: str | Path):
        self.out = Path(out).absolute()
        parent = self.out.parent
        if self.out.exists() and not self.out.is_dir():
            raise UserError(f"output path {out} is a file; give a directory for --out")
        if self.out.is_dir() and any(self.out.iterdir()) and not (self.out / RUN_MARKER).exists():
            raise UserError(f"{out} is not empty and holds no Kommunkollen run; choose an empty or new directory")
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"cannot create the output directory {out}: {exc.strerror}") from exc
        if not os.access(parent, os.W_OK | os.X_OK):
            raise UserError(f"cannot write to {parent}; choose an output directory you can write to")
        _recover(self.out)
        for stale in parent.glob(f".{self.out.name}.staging-*"):
            pid = stale.name.rsplit("-", 1)[-1]
            if not pid.isdigit() or not _pid_alive(int(pid)):
                shutil.rmtree(stale, ignore_errors=True)
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
        self.committed = False

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if not self.committed:
            self.abort()
        return False

    def _row(self, table: Table, row: dict) -> None:
        self._writers[table.name].writerow({k: _csv_value(v) for k, v in row.items()})
        self.counts[table.name] += 1

    def write_document(self, document: Document) -> None:
        obj = document.to_json()
        self._jsonl.write(json.dumps(obj, ensure_ascii=False) + "\n")
        self._row(DOCUMENT, csv_row(DOCUMENT, obj))
        for table in RECORD_TABLES:
            for rec in obj[table.name]:
                self._row(table, csv_row(table, rec, obj["doc_id"]))

    def write_error(self, source: str, error: DocumentError) -> None:
        self._row(ERROR, {"source": source, "stage": error.stage, "code": error.code, "message": error.message})

    def commit(self, run_info: dict) -> Path:
        """Finish every file and put the staging directory in place of the output."""
        self._jsonl.close()
        for fh in self._files.values():
            fh.close()
        (self.staging / "datapackage.json").write_text(
            json.dumps(build_datapackage(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        run_info = dict(run_info, files=sorted(p.name for p in self.staging.iterdir()) + [RUN_MARKER])
        (self.staging / RUN_MARKER).write_text(json.dumps(run_info, ensure_ascii=False, indent=2) + "\n",
                                               encoding="utf-8")
        for p in self.staging.iterdir():
            with p.open("rb") as fh:
                os.fsync(fh.fileno())
        old = self.out.parent / f".{self.out.name}.old-{os.getpid()}"
        if self.out.exists():
            os.rename(self.out, old)
        os.rename(self.staging, self.out)
        shutil.rmtree(old, ignore_errors=True)
        self.committed = True
        return self.out

    def abort(self) -> None:
        for fh in [self._jsonl, *self._files.values()]:
            if not fh.closed:
                fh.close()
        shutil.rmtree(self.staging, ignore_errors=True)
