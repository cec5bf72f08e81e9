"""kk_lemmatizer: the order of evidence (closed-class words, dictionary forms, rules checked
against the lookup table, compounds), on a lookup table written here and on the shipped one."""
from __future__ import annotations

import pytest

from kommunkollen.nlp.lemmatizer import LemmatizerComponent, SwedishLemmatizer, read_lookup, write_lookup

# A toy table with the faults of the real one: one lemma per form, whatever the part of speech.
LOOKUP = {"styrelsens": "styrelse", "styrelsen": "styrelse", "har": "hare", "sätt": "sätta", "sättet": "sätt",
          "nämnden": "nämnd", "nämnder": "nämnd", "fick": "få", "barnen": "barn", "fann": "finna",
          "bilar": "bil", "kronor": "krona"}
SING_DEF_GEN = ("Case=Gen", "Definite=Def", "Gender=Com", "Number=Sing")


@pytest.fixture(scope="module")
def lemma():
    return SwedishLemmatizer(LOOKUP)


@pytest.mark.parametrize(("form", "upos", "feats", "expected"), [
    # the closed-class table beats the lookup's noun ("hare")
    ("har", "AUX", ("Tense=Pres", "VerbForm=Fin"), "ha"),
    ("Honom", "PRON", ("Case=Acc",), "han"),
    ("sina", "PRON", ("Poss=Yes",), "sig"),
    # a singular indefinite noun is its own lemma, though the table says "sätta"
    ("sätt", "NOUN", ("Case=Nom", "Definite=Ind", "Gender=Neut", "Number=Sing"), "sätt"),
    # the rule the table agrees with
    ("kronor", "NOUN", ("Case=Nom", "Definite=Ind", "Number=Plur"), "krona"),
    # genitive, then the definite rules
    ("Nämndens", "NOUN", SING_DEF_GEN, "nämnd"),
    # compound: head of three letters or more plus a tail the table knows
    ("kommunstyrelsens", "NOUN", SING_DEF_GEN, "kommunstyrelse"),
    ("barnomsorgsnämnden", "NOUN", ("Case=Nom", "Definite=Def", "Number=Sing"), "barnomsorgsnämnd"),
    # neuter plural: the known lemma that is its own form
    ("barn", "NOUN", ("Case=Nom", "Definite=Ind", "Gender=Neut", "Number=Plur"), "barn"),
    # irregular verbs from the table
    ("fick", "VERB", ("Tense=Past", "VerbForm=Fin", "Voice=Act"), "få"),
    # regular verbs by rule, unknown to the table
    ("beviljade", "VERB", ("Tense=Past", "VerbForm=Fin", "Voice=Act"), "bevilja"),
    ("fastställs", "VERB", ("Tense=Pres", "VerbForm=Fin", "Voice=Pass"), "fastställa"),
    # deponents keep their -s, also in an ablaut form the table knows as active
    ("finns", "VERB", ("Tense=Pres", "VerbForm=Fin", "Voice=Pass"), "finnas"),
    ("fanns", "VERB", ("Tense=Past", "VerbForm=Fin", "Voice=Pass"), "finnas"),
    # past participles keep the participle
    ("föreslagna", "ADJ", ("Definite=Def", "Tense=Past", "VerbForm=Part"), "föreslagen"),
    ("antaget", "ADJ", ("Gender=Neut", "Tense=Past", "VerbForm=Part"), "antagen"),
    ("beviljade", "ADJ", ("Number=Plur", "Tense=Past", "VerbForm=Part"), "beviljad"),
    # adverbs without degree keep their form; with degree they go to the adjective
    ("bara", "ADV", (), "bara"),
    # names keep their case and lose a genitive
    ("Lidköpings", "PROPN", ("Case=Gen",), "Lidköping"),
    ("SKR:s", "PROPN", ("Case=Gen",), "SKR"),
    ("Lund", "PROPN", ("Case=Nom",), "Lund"),
    (",", "PUNCT", (), ","),
])
def test_lemma(lemma, form, upos, feats, expected):
    assert lemma(form, upos, feats) == expected


def test_without_a_part_of_speech_the_table_decides(lemma):
    assert lemma("kronor", "", ()) == "krona"
    assert lemma("okänt", "", ()) == "okänt"


def test_lookup_serialises_compactly_and_round_trips():
    data = write_lookup(LOOKUP)
    assert read_lookup(data) == LOOKUP
    assert write_lookup(LOOKUP) == data        # deterministic bytes (no timestamp): a stable model hash


def test_component_round_trips_through_disk(tmp_path):
    component = LemmatizerComponent()
    component.set_lookup(LOOKUP)
    component.to_disk(tmp_path / "kk_lemmatizer")
    again = LemmatizerComponent().from_disk(tmp_path / "kk_lemmatizer")
    assert again.lemmatizer.lookup == LOOKUP


def test_shipped_model_lemmatises_municipal_text():
    from kommunkollen.nlp.loading import load_nlp
    from kommunkollen.settings import Settings

    nlp = load_nlp(Settings())
    doc = nlp("Kommunstyrelsen beslutade att bevilja föreningarna 50 000 kronor. Nämndens förslag finns i protokollet.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["Kommunstyrelsen"] == "kommunstyrelse"
    assert lemmas["beslutade"] == "besluta"
    assert lemmas["föreningarna"] == "förening"
    assert lemmas["kronor"] == "krona"
    assert lemmas["Nämndens"] == "nämnd"
    assert lemmas["finns"] == "finnas"
    assert lemmas["protokollet"] == "protokoll"
