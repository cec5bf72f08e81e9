"""Normalise stage: tidy and link names in a document's records, and give each its evidence.

Entry points: `normalise_records(records, meta)` (pure, over the record lists of one
document and its metadata), `normalise_document(document)`, and the spaCy component
`kk_normalise` (kommunkollen.normalise.component), the last step of the pipeline that
`kommunkollen.load()` returns and `run` uses. It links the municipality to
its SCB code, gives every organisation a canonical name and a stable id
(genitive, indefinite and abbreviated forms of one body collapse, aliases
the document introduces are applied), maps party names to abbreviations,
gives persons an id that is the same in every document of a municipality,
and trims stray punctuation from names. Cross-document tables are built
from these ids by the export stage.
"""
from __future__ import annotations

from kommunkollen import gazetteer
from kommunkollen.document import Document
from kommunkollen.normalise.canonical import canonical_org, learn_aliases, person_id

_STRIP = " \t\n,;:–-\"”“'«»"


def _tidy(value):
    return value.strip(_STRIP) or None if isinstance(value, str) else value


def normalise_document(document: Document) -> Document:
    normalise_records(document.records, document.meta)
    return document


def normalise_records(records: dict[str, list[dict]], meta: dict) -> dict[str, list[dict]]:
    """Normalise one document's records (keyed by schema table) in place; fills meta's municipality_code."""
    if meta.get("municipality") and not meta.get("municipality_code"):
        m = gazetteer.municipality_by_name().get(meta["municipality"])
        meta["municipality_code"] = m.code if m else None
    code = meta.get("municipality_code")
    party_abbr = gazetteer.parties()
    for person in records.get("persons", []):
        if person.get("party") in party_abbr:
            person["party"] = party_abbr[person["party"]]
        person["person_id"] = person_id(person["name"], code)
    for table in ("persons", "amounts", "org_changes"):
        for rec in records.get(table, []):
            for key in ("role", "organisation", "recipient", "purpose", "object", "from", "to"):
                if key in rec:
                    rec[key] = _tidy(rec[key])
    orgs = records.get("organisations", [])
    aliases = learn_aliases([o["name"] for o in orgs])
    for org in orgs:
        org["canonical_id"], org["canonical_name"] = canonical_org(org["name"], org["kind"], code, aliases)
    records["organisations"] = _one_per_body(orgs)
    return records


def _one_per_body(orgs: list[dict]) -> list[dict]:
    """A body named twice ("KS" and "kommunstyrelsen") is one referent: keep the fullest form.
    Parties stay as written: "M" in a list and "Moderaterna" in a quote are both reported."""
    best: dict[str, dict] = {}
    for org in orgs:
        if org["kind"] != "municipal_body":
            continue
        current = best.get(org["canonical_id"])
        if current is None or len(org["name"]) > len(current["name"]):
            best[org["canonical_id"]] = org
    return [o for o in orgs if o["kind"] != "municipal_body" or best[o["canonical_id"]] is o]
