"""Extract stage: rule-based extractors as registered spaCy components.

Entry points: `add_extractors(nlp)` appends the kk_* extractor components to
the NLP stage's pipeline; `records_from_doc(doc)` collects their records
in the shape of schema.RECORD_TABLES (the normalise stage's kk_normalise does that
last). Users can also add the components to their own spaCy pipelines: once
kommunkollen is installed, spaCy finds them by name (`nlp.add_pipe("kk_amounts")`)
through the package's spacy_factories entry points.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kommunkollen.extractors import actors, amounts, counts, dates, org_changes  # noqa: F401  (registers components)
from kommunkollen.nlp.extensions import doc_text, records

# In order: each may read what the earlier ones found (counts skip amounts and dates).
EXTRACTORS = ("kk_dates", "kk_amounts", "kk_counts", "kk_actors", "kk_org_changes")

_ENTITY_SOURCES = (("person_mentions", "PER", "rule:names"), ("org_mentions", "ORG", None),
                   ("place_mentions", "LOC", None), ("amounts", "MONEY", "rule:amounts"),
                   ("dates", "DATE", "rule:dates"), ("counts", "COUNT", "rule:counts"))


def add_extractors(nlp: Language) -> Language:
    for name in EXTRACTORS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


def _entities(doc: Doc, recs: dict) -> list[dict]:
    ner_spans = {(e.start_char, e.end_char) for e in doc.ents}
    text = doc_text(doc)
    out = []
    for kind, label, source in _ENTITY_SOURCES:
        for r in recs.get(kind, []):
            src = source
            if src is None:
                src = "ner" if r.get("rule") == "ner" else f"rule:{r.get('rule', kind)}"
            if kind == "person_mentions" and (r["start"], r["end"]) in ner_spans:
                src = "ner"
            out.append({"text": text[r["start"]:r["end"]], "label": label, "start": r["start"],
                        "end": r["end"], "source": src})
    return sorted(out, key=lambda e: (e["start"], e["end"], e["label"]))


def records_from_doc(doc: Doc) -> dict[str, list[dict]]:
    """The record lists of one document, keyed by schema table name."""
    recs = records(doc)
    return {
        "persons": recs.get("persons", []),
        "organisations": recs.get("organisations", []),
        "places": recs.get("places", []),
        "amounts": recs.get("amounts", []),
        "dates": recs.get("dates", []),
        "counts": recs.get("counts", []),
        "org_changes": recs.get("org_changes", []),
        "entities": _entities(doc, recs),
    }
