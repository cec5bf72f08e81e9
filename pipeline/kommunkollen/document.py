"""The one object a document travels in from stage to stage.

Each stage fills its own attributes: fetch sets the raw content and the
source's names, clean sets `text` and `meta`, the spaCy pipeline (nlp, extract
and normalise stages) fills `records`. Export reads it all (`to_json`).
"""
from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from kommunkollen.schema import DOCUMENT, RECORD_TABLES


def normalised_digest(text: str) -> str:
    """SHA-256 of text with Unicode (NFC), line ends and runs of white space normalised:
    the same words in another encoding, with CRLF or re-wrapped, give the same digest."""
    return hashlib.sha256(" ".join(unicodedata.normalize("NFC", text).split()).encode()).hexdigest()


@dataclass
class Document:
    source: str                    # what the `source` column shows (see fetch.local.LocalFile)
    content: str = ""             # decoded raw content (HTML or plain text)
    media_type: str = "text/plain"  # "text/html" or "text/plain"
    encoding: str | None = None
    raw_sha256: str = ""
    text: str = ""                 # cleaned main text: all offsets point into it
    meta: dict[str, Any] = field(default_factory=dict)   # title, published, author, ...
    hints: dict[str, Any] = field(default_factory=dict)  # metadata given with the source (corpus files)
    records: dict[str, list[dict]] = field(default_factory=lambda: {t.name: [] for t in RECORD_TABLES})
    canonical_source: str = ""     # the URL, or the path below its input folder: machine-independent

    @cached_property
    def doc_id(self) -> str:
        """Stable id from the canonical source and the normalised content (not the bytes, not the
        path as typed): the same document read from another folder spelling, machine or encoding
        gets the same id; another document, or the same text under another name, does not."""
        key = f"{self.canonical_source or self.source}\n{normalised_digest(self.content)}"
        return hashlib.sha256(key.encode()).hexdigest()[:16]

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
            out[t.name] = with_record_ids(self.doc_id, t.name, self.records.get(t.name, []))
        return out


def with_record_ids(doc_id: str, table: str, records: list[dict]) -> list[dict]:
    """The records with a stable `record_id` first: '<doc_id>:<table>:<start>-<end>', then ':2', ':3'
    for later records at the same offsets. A `part_of` (the local 'amounts:<start>-<end>' of a
    total, see extract.amounts.link_totals) becomes that total's record_id."""
    seen: Counter = Counter()
    out = []
    for rec in records:
        base = f"{doc_id}:{table}:{rec['start']}-{rec['end']}"
        seen[base] += 1
        rec = {"record_id": base if seen[base] == 1 else f"{base}:{seen[base]}", **rec}
        if rec.get("part_of"):
            rec["part_of"] = f"{doc_id}:{rec['part_of']}"
        out.append(rec)
    return out
