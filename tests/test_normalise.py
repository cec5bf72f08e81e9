"""Canonical names and stable ids."""
from __future__ import annotations

import pytest

from kommunkollen.document import Document
from kommunkollen.normalise import normalise_document
from kommunkollen.normalise.canonical import canonical_org, learn_aliases, person_id


@pytest.mark.parametrize("name, kind, code, expected", [
    ("kommunstyrelsen", "municipal_body", "1494", ("1494:kommunstyrelsen", "Kommunstyrelsen")),
    ("Kommunstyrelsens", "municipal_body", "1494", ("1494:kommunstyrelsen", "Kommunstyrelsen")),
    ("KS", "municipal_body", "1494", ("1494:kommunstyrelsen", "Kommunstyrelsen")),
    ("Kultur- och fritidsnämnd", "municipal_body", "1494",
     ("1494:kultur-och-fritidsnamnden", "Kultur- och fritidsnämnden")),
    ("Kultur- och fritidsnämndens", "municipal_body", "1494",
     ("1494:kultur-och-fritidsnamnden", "Kultur- och fritidsnämnden")),
    ("fullmäktige", "municipal_body", "1060", ("1060:kommunfullmaktige", "Kommunfullmäktige")),
    # a body's organ: the noun after the genitive stays indefinite
    ("miljönämndens förvaltning", "municipal_body", "1494",
     ("1494:miljonamndens-forvaltning", "Miljönämndens förvaltning")),
    ("Social & Arbetsmarknad (S&A)", "municipal_body", "1494", ("1494:social-arbetsmarknad", "Social & Arbetsmarknad")),
    ("kommunstyrelsen", "municipal_body", "0305", ("0305:kommunstyrelsen", "Kommunstyrelsen")),   # other municipality
    ("Lidköpings kommun", "municipality", "1494", ("municipality:1494", "Lidköpings kommun")),
    ("Borås Stad", "municipality", None, ("municipality:1490", "Borås kommun")),
    ("VÄSTERVIKS KOMMUN", "municipality", None, ("municipality:0883", "Västerviks kommun")),   # a letterhead
    ("Polisen", "agency", None, ("agency:polismyndigheten", "Polismyndigheten")),
    ("Länsstyrelsen", "agency", "1060", ("agency:lansstyrelsen-i-blekinge-lan", "Länsstyrelsen i Blekinge län")),
    ("M", "party", None, ("party:M", "Moderaterna")),
    ("Moderaterna", "party", None, ("party:M", "Moderaterna")),
])
def test_normalise_canonical_org(name, kind, code, expected):
    assert canonical_org(name, kind, code, {}) == expected


def test_normalise_aliases_learned_from_the_document():
    aliases = learn_aliases(["Social & Arbetsmarknad (S&A)", "kommunstyrelsen"])
    assert aliases == {"S&A": "Social & Arbetsmarknad"}
    assert canonical_org("S&A", "municipal_body", "1494", aliases)[0] == "1494:social-arbetsmarknad"


def test_normalise_document_merges_one_body_and_ids_persons():
    doc = Document(source="x.txt", meta={"municipality": "Lidköping"})
    doc.records["organisations"] = [
        {"name": "KS", "kind": "municipal_body", "start": 0, "end": 2},
        {"name": "kommunstyrelsen", "kind": "municipal_body", "start": 10, "end": 25},
        {"name": "M", "kind": "party", "start": 30, "end": 31},
        {"name": "Moderaterna", "kind": "party", "start": 40, "end": 51},
    ]
    doc.records["persons"] = [{"name": "Jonas Sundström", "role": "ordförande, ", "party": "Socialdemokraterna",
                               "organisation": None, "start": 60, "end": 75}]
    normalise_document(doc)
    assert doc.meta["municipality_code"] == "1494"
    assert [o["name"] for o in doc.records["organisations"]] == ["kommunstyrelsen", "M", "Moderaterna"]
    [p] = doc.records["persons"]
    assert (p["person_id"], p["party"], p["role"]) == ("person:1494:jonas-sundstrom", "S", "ordförande")
    assert person_id("Jonas Sundström", "1494") == p["person_id"]
