"""The evidence of a record: the sentence it comes from, so that a row can be read and checked alone.

Sentences are the Doc's (kk_sentences: line breaks and sentence-final punctuation, so headings
and list items are sentences of their own; the parser, when the model has one, may split further). Very long "sentences" (a table or a page without
punctuation) are cut to a window around the mention, at word boundaries, marked with "…".
"""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

from kommunkollen.nlp.extensions import doc_text

MAX_EVIDENCE_CHARS = 600


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) character offsets of the Doc's sentences, or of its lines when it has no sentences."""
    if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
        return [(s.start_char, s.end_char) for s in doc.sents]
    bounds, start = [], 0
    for line in doc_text(doc).split("\n"):
        bounds.append((start, start + len(line)))
        start += len(line) + 1
    return bounds


def _window(text: str, start: int, end: int, sent_start: int, sent_end: int) -> str:
    if sent_end - sent_start <= MAX_EVIDENCE_CHARS:
        return text[sent_start:sent_end].strip()
    room = max(0, (MAX_EVIDENCE_CHARS - (end - start)) // 2)
    lo, hi = max(sent_start, start - room), min(sent_end, end + room)
    if lo > sent_start:
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else lo
    if hi < sent_end:
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else hi
    return ("…" if lo > sent_start else "") + text[lo:hi].strip() + ("…" if hi < sent_end else "")


def add_evidence(doc: Doc, records: dict[str, list[dict]]) -> None:
    """Give every record without one an `evidence`: the sentence (or sentences) its span lies in."""
    bounds = sentence_bounds(doc)
    starts = [b[0] for b in bounds]
    text = doc_text(doc)
    for recs in records.values():
        for rec in recs:
            if rec.get("evidence") or "start" not in rec:
                continue
            first = max(0, bisect_right(starts, rec["start"]) - 1)
            last = max(first, bisect_right(starts, max(rec["start"], rec["end"] - 1)) - 1)
            rec["evidence"] = _window(text, rec["start"], rec["end"], bounds[first][0], bounds[last][1]) if bounds \
                else None
