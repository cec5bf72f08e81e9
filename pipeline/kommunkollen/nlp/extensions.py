"""Doc extensions our components share, and the helper that stores rule hits.

Rule hits go to `doc.spans[KIND]` (the spans, labelled) and to
`doc._.records[KIND]` (the record dicts with their attached fields and
offsets); the statistical `doc.ents` are never overwritten.
`doc._.meta` carries the document metadata the rules may need (its date).
"""
from __future__ import annotations

from spacy.tokens import Doc

if not Doc.has_extension("records"):
    Doc.set_extension("records", default=None)
if not Doc.has_extension("meta"):
    Doc.set_extension("meta", default=None)


def records(doc: Doc) -> dict[str, list[dict]]:
    if doc._.records is None:
        doc._.records = {}
    return doc._.records


def store(doc: Doc, kind: str, found: list[dict], label: str, extractor: str | None = None) -> None:
    """Save records (each with start/end char offsets) and their spans on the doc; `extractor`
    (the component's name) is written into each record, so that every record says what found it."""
    if extractor:
        for rec in found:
            rec["extractor"] = extractor
    records(doc)[kind] = found
    spans = []
    for rec in found:
        span = doc.char_span(rec["start"], rec["end"], label=label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans[kind] = spans


def doc_year(doc: Doc) -> int | None:
    """Year of the document's publication date, if known."""
    published = (doc._.meta or {}).get("published")
    return int(published[:4]) if published and published[:4].isdigit() else None

