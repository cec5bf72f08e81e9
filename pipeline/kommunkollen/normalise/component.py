"""`kk_normalise`: the last step of Kommunkollen's spaCy pipeline.

It turns what the extractors left in `doc._.records` into the record lists of
documents.jsonl (kommunkollen.extractors.records_from_doc), normalises and links their
names (normalise_records, with the document's metadata from `doc._.meta`) and gives
each record its evidence sentence. After it, `doc._.records["amounts"]` and the rest
are exactly what `kommunkollen run` writes, less the ids that need a document
(record_id, doc_id), which kommunkollen.extract() and run add.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kommunkollen.extractors import records_from_doc
from kommunkollen.normalise import normalise_records
from kommunkollen.normalise.evidence import add_evidence


@Language.component("kk_normalise", assigns=["doc._.records"])
def normalise_component(doc: Doc) -> Doc:
    if doc._.meta is None:
        doc._.meta = {}
    recs = records_from_doc(doc)
    normalise_records(recs, doc._.meta)
    add_evidence(doc, recs)
    doc._.records = recs
    return doc
