"""Normalise stage: tidy and link names in a document's records.

Entry point: `normalise_document(document)`. For now it links the
municipality to its SCB code and län, maps party names to their
abbreviations and trims stray punctuation from names; canonical body
names across documents come with the datasets work.
"""
from __future__ import annotations

from pipeline import gazetteer
from pipeline.document import Document

_STRIP = " \t\n,;:–-\"”“'«»"


def _tidy(value):
    return value.strip(_STRIP) or None if isinstance(value, str) else value


def normalise_document(document: Document) -> Document:
    meta = document.meta
    if meta.get("municipality") and not meta.get("municipality_code"):
        m = gazetteer.municipality_by_name().get(meta["municipality"])
        meta["municipality_code"] = m.code if m else None
    party_abbr = gazetteer.parties()
    for person in document.records.get("persons", []):
        if person.get("party") in party_abbr:
            person["party"] = party_abbr[person["party"]]
    for table in ("persons", "amounts", "org_changes"):
        for rec in document.records.get(table, []):
            for key in ("role", "organisation", "recipient", "purpose", "object", "from", "to"):
                if key in rec:
                    rec[key] = _tidy(rec[key])
    return document
