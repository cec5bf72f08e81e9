"""The one object a document travels in from stage to stage.

Each stage fills its own attributes: fetch sets the raw content, clean sets
`text` and `meta`, nlp sets `doc` (the spaCy Doc), extract fills `records`,
normalise rewrites names in `records` and `meta`. Export reads it all.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from pipeline.schema import DOCUMENT, RECORD_TABLES


@dataclass
class Document:
    source: str
    content: str = ""             # decoded raw content (HTML or plain text)
    media_type: str = "text/plain"  # "text/html" or "text/plain"
    encoding: str | None = None
    raw_sha256: str = ""
    text: str = ""                 # cleaned main text: all offsets point into it
    meta: dict[str, Any] = field(default_factory=dict)   # title, published, author, ...
    hints: dict[str, Any] = field(default_factory=dict)  # metadata given with the source (corpus files)
    records: dict[str, list[dict]] = field(default_factory=lambda: {t.name: [] for t in RECORD_TABLES})
    doc: Any = None                # the spaCy Doc, set by the nlp stage

    @property
    def doc_id(self) -> str:
        """Stable id from the source and the raw content: same input, same id."""
        h = hashlib.sha256(f"{self.source}\n{self.raw_sha256}".encode()).hexdigest()
        return h[:16]

    def to_json(self) -> dict:
        """The documents.jsonl object: metadata, text and every record list."""
        out: dict[str, Any] = {"doc_id": self.doc_id, "source": self.source}
        for f in DOCUMENT.fields:
            if f.name in ("doc_id", "source"):
                continue
            if f.name == "text":
                out["text"] = self.text
            elif f.name == "words":
                out["words"] = len(self.text.split())
            else:
                out[f.name] = self.meta.get(f.name)
        for t in RECORD_TABLES:
            out[t.name] = self.records.get(t.name, [])
        return out
