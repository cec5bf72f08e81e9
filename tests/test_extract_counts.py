"""Counts of people, places and units, with approximation flags."""
from __future__ import annotations

import pytest

from kommunkollen.extractors.counts import extract_counts


@pytest.mark.parametrize("text, value, unit, approx", [
    ("Rapporten skrevs av tre konsulter.", 3, "konsulter", False),
    ("Nu går två förvaltningar samman.", 2, "förvaltningar", False),
    ("Här bor drygt 400 personer.", 400, "personer", True),
    ("Kommunen tar emot 10 ensamkommande barn.", 10, "ensamkommande barn", False),
    ("Avtalet gäller 10 asylsökande barn.", 10, "asylsökande barn", False),
    ("Skolan har cirka 1 200 elever.", 1200, "elever", True),
    ("Ett 50-tal personer kom till mötet.", 50, "personer", True),
    ("Ett tjugotal medarbetare berörs.", 20, "medarbetare", True),     # the "-tal" of a number word
    ("Ett hundratal personer kom.", 100, "personer", True),
    ("Det byggs omkring 30 lägenheter.", 30, "lägenheter", True),
    ("Över 900 anställda berörs.", 900, "anställda", True),
    ("Det finns knappt 20 vårdplatser.", 20, "vårdplatser", True),
    ("Kommunen bygger tre nya förskolor.", 3, "nya förskolor", False),
])
def test_counts_forms(text, value, unit, approx):
    [c] = extract_counts(text)
    assert (c["value"], c["unit"], c["approx"]) == (value, unit, approx)


@pytest.mark.parametrize("text", [
    "Det var nio frågor som ställdes.",
    "Förslaget består av två delar.",
    "Andelen är 55 procent.",
    "Barnen är 6 år gamla.",
    "Se sidan 4.",
    "Mötet varade i tre timmar.",
])
def test_counts_not_counts(text):
    assert list(extract_counts(text)) == []


@pytest.mark.parametrize("text, expected", [
    ("Det gäller de två nämnderna och de tre kommunerna.", [(2, "nämnder"), (3, "kommuner")]),
    ("Kommunen har två IT-organisationer.", [(2, "IT-organisationer")]),
    ("Partierna har sju av 13 platser i styrelsen.", [(7, "platser"), (13, "platser")]),
])
def test_counts_definite_forms_compounds_and_part_of_a_whole(text, expected):
    assert sorted((c["value"], c["unit"]) for c in extract_counts(text)) == sorted(expected)


@pytest.mark.parametrize("text, value, unit, approx", [
    # the number after its noun
    ("Antalet invånare är 15 000.", 15000, "invånare", False),
    ("Totalt antal mandat 41", 41, "mandat", False),
    ("Antalet platser uppgår till cirka 28.", 28, "platser", True),
])
def test_counts_the_number_after_its_noun(text, value, unit, approx):
    [c] = extract_counts(text)
    assert (c["value"], c["unit"], c["approx"]) == (value, unit, approx)


def test_counts_agent_nouns_count_where_the_tagger_says_noun():
    text = "Vi anställer två nya socialsekreterare. Det finns två tidigare beslut."
    nouns = frozenset({text.index("socialsekreterare")})
    assert [(c["value"], c["unit"]) for c in extract_counts(text, None, nouns)] == [(2, "nya socialsekreterare")]
    assert list(extract_counts(text)) == []       # without a tagger, only the lexicon's nouns
    # a comparative ending like an agent noun is not counted: the tagger did not call it a noun
    assert list(extract_counts("Det finns två tidigare beslut.", None, frozenset({0}))) == []


def test_counts_a_table_rows_year_is_not_the_count_and_things_are_not_people():
    assert [(c["value"], c["unit"]) for c in extract_counts("Antal invånare 2022: 15 000.")] == [(15000, "invånare")]
    assert [(c["value"], c["unit"]) for c in extract_counts("Antal platser 2024: 28.")] == [(28, "platser")]
    text = "Kommunen köper in 40 nya datorer och fem hjärtstartare."
    nouns = frozenset({text.index("datorer"), text.index("hjärtstartare")})
    assert list(extract_counts(text, None, nouns)) == []
