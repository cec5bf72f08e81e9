"""Export stage: documents.jsonl, one CSV per record type, errors.csv, run.json, datapackage.json.

Entry point: `OutputWriter`. Documents are streamed into a staging
directory beside the output as they finish, so nothing processed is lost to
a later failure; `commit()` then swaps the staging directory in place of the
previous output in one rename, so the files of two runs never mix and an
interrupted run leaves the previous output as it was.
"""
from __future__ import annotations

from kommunkollen.export.datapackage import build_datapackage
from kommunkollen.export.writer import OutputWriter

__all__ = ["OutputWriter", "build_datapackage"]
