"""Per-document results, reused across runs when nothing that shapes them has changed.

A result is keyed by the document's canonical source (not the path as typed)
and raw content and by a
fingerprint of the pipeline: its version, the hash of its code and data
files, and the model. Entries are written atomically as documents finish,
so a killed run keeps what it did.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path

from kommunkollen import __version__
from kommunkollen.document import Document

PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def code_hash() -> str:
    """Hash of the package's code and shipped data: an edited rule invalidates the cache."""
    h = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".tsv", ".json", ".md") and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(PACKAGE_DIR)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def pipeline_fingerprint(model: dict, settings: dict) -> str:
    parts = {"version": __version__, "code": code_hash(), "model": model.get("ner_hash"),
             "components": model.get("components"), "ner": settings.get("ner"),
             "min_text_chars": settings.get("min_text_chars")}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


class ResultCache:
    def __init__(self, directory: str | Path, fingerprint: str):
        self.dir = Path(directory)
        self.fingerprint = fingerprint
        self.hits = self.misses = 0

    def _path(self, document: Document) -> Path:
        key = hashlib.sha256("\n".join([self.fingerprint, document.canonical_source or document.source,
                                        document.raw_sha256,
                                        json.dumps(document.hints, sort_keys=True, ensure_ascii=False)])
                             .encode()).hexdigest()
        return self.dir / key[:2] / f"{key}.json"

    def get(self, document: Document) -> dict | None:
        path = self._path(document)
        try:
            obj = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            self.misses += 1
            return None
        self.hits += 1
        return obj

    def put(self, document: Document, obj: dict) -> None:
        path = self._path(document)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
        except BaseException:   # a full disk, a signal: no half-written entry stays behind
            tmp.unlink(missing_ok=True)
            raise
