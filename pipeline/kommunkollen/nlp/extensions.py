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


_TEXT_KEY = "kk_text"


def doc_text(doc: Doc) -> str:
    """doc.text, built once per document: spaCy joins every token anew on each doc.text, and
    the layers and extractors each need the whole text (nine joins per document were 5% of a
    run). A doc's text never changes after tokenization (merging tokens keeps it), so the first
    join is kept in doc.user_data."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None or len(text) != _length(doc):   # a copy made before a change, say
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> Doc:
    """Keep the text `doc` was made from as its doc_text, so that the first join is saved too
    (spaCy's tokenizer keeps every character; the length check of doc_text still applies)."""
    doc.user_data[_TEXT_KEY] = text
    return doc


def _length(doc: Doc) -> int:
    if not len(doc):
        return 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws)


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

