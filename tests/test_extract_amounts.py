"""Money amounts: forms, normalisation to SEK, period, years, recipient, purpose."""
from __future__ import annotations

import pytest

from kommunkollen.extractors.amounts import extract_amounts, link_totals, local_id


@pytest.mark.parametrize("text, value, value_max, currency", [
    ("Kostnaden blir 1 170 000 kr totalt.", 1_170_000, None, "SEK"),
    ("Bidraget är 1 170 000 kronor.", 1_170_000, None, "SEK"),
    ("Budgeten är 1,2 miljoner kronor.", 1_200_000, None, "SEK"),
    ("Ramen ökar med 3 mnkr.", 3_000_000, None, "SEK"),
    ("Ramen ökar med 3 Mkr.", 3_000_000, None, "SEK"),
    ("Ramen ökar med 3 mkr.", 3_000_000, None, "SEK"),
    ("Projektet kostar 450 tkr.", 450_000, None, "SEK"),
    ("Priset är 450 000:- inklusive moms.", 450_000, None, "SEK"),
    ("Investeringen är 2,5 miljarder kronor.", 2_500_000_000, None, "SEK"),
    ("Investeringen är 2,5 mdkr.", 2_500_000_000, None, "SEK"),
    ("Omsättningen var 12 MSEK.", 12_000_000, None, "SEK"),
    ("Posten är 800 kSEK.", 800_000, None, "SEK"),
    ("Avgiften är SEK 12 000 per termin.", 12_000, None, "SEK"),
    ("Det kostar 50 öre styck.", 0.5, None, "SEK"),
    ("Kommunen satsar tio miljoner kronor.", 10_000_000, None, "SEK"),
    ("Resultatet blev -3 mnkr.", -3_000_000, None, "SEK"),
    ("Kalkylen landar på 10–12 miljoner kronor.", 10_000_000, 12_000_000, "SEK"),
    ("Beloppet är 1.170.000 kr.", 1_170_000, None, "SEK"),
    ("Skolnämnden 1 300,4 mnkr", 1_300_400_000, None, "SEK"),
])
def test_amounts_forms_normalise_to_sek(text, value, value_max, currency):
    found = list(extract_amounts(text))
    assert len(found) == 1, found
    a = found[0]
    assert a["value_sek"] == pytest.approx(value) and a["value_sek_max"] == value_max and a["currency"] == currency
    assert text[a["start"]:a["end"]] == a["text"]


def test_amounts_other_currencies_are_kept_not_converted():
    [a] = extract_amounts("EU-bidraget är 5 000 euro per månad.")
    assert (a["currency"], a["value"], a["value_sek"], a["period"]) == ("EUR", 5000, None, "month")


@pytest.mark.parametrize("text", [
    "Ring 0510-77 00 00 eller 08-123 45 67.",
    "Postadress: 531 88 Lidköping.",
    "Andelen ökade till 45 procent 2019.",
    "Skattesatsen höjs med 21 öre per krona.",
    "Beslutet gäller åren 2016-2018.",
    "Dnr KS 2018/124",
])
def test_amounts_not_amounts(text):
    assert list(extract_amounts(text)) == []


@pytest.mark.parametrize("text, period, years", [
    ("Nämnden tilldelas 600 000 kr per år, åren 2016-2018.", "year", [2016, 2018]),
    ("Föreningen får 570 000 kr årligen i tre år.", "year", None),
    ("Bidraget är 50 000 kr i månaden under 2019.", "month", [2019, 2019]),
    ("Ersättningen är 1 800 kr per dygn.", "day", None),
    ("Kommunstyrelsen tilldelas 300 000 kr år 2016.", None, [2016, 2016]),
    ("Ramen är 4 mnkr för 2017.", "year", [2017, 2017]),       # a frame for a year is annual
    ("Satsningen kostar 2 mnkr/år 2017–2018.", "year", [2017, 2018]),
    # money allocated for one stated year, the year at the sentence's end or right after the amount
    ("Totalt fördelades drygt en miljon kronor för 2022.", "year", [2022, 2022]),
    ("Kommunen har avsatt 400 000 kronor 2023 för att främja turism.", "year", [2023, 2023]),
    ("Kommunen fick 2 miljoner kronor 2019 i statsbidrag.", None, [2019, 2019]),   # no frame: as stated
])
def test_amounts_period_and_years(text, period, years):
    [a] = extract_amounts(text)
    assert (a["period"], a["years"]) == (period, years)


def test_amounts_allocation_list_recipient_and_purpose():
    text = ("- Fritidsnämnden tilldelas 223 000 kr för år 2016 samt 445 000 kr per år, åren 2017-2018 "
            "för satsningen \"Unga på scen\".\n"
            "- Tillväxtbolaget AB beviljas 1 164 000 kronor avseende ansökan om projekt \"Jobb nu\".\n")
    a, b, c = extract_amounts(text)
    assert (a["recipient"], a["years"], a["period"], a["purpose"]) == ("Fritidsnämnden", [2016, 2016], None, "Unga på scen")
    assert (b["recipient"], b["years"], b["period"], b["purpose"]) == ("Fritidsnämnden", [2017, 2018], "year", "Unga på scen")
    assert (c["recipient"], c["purpose"]) == ("Tillväxtbolaget AB", "Jobb nu")


def test_amounts_recipient_after_till():
    [a] = extract_amounts("Regeringen ger 5 miljoner kronor till Region Gotland för att korta vårdköerna.")
    assert a["recipient"] == "Region Gotland" and a["purpose"] == "att korta vårdköerna"


def _linked(text: str) -> list[tuple]:
    """(value, is_total, value of the total it is part of) for each amount of `text`."""
    found = link_totals(text, list(extract_amounts(text)))
    by_id = {local_id(a): a["value_sek"] for a in found}
    return [(a["value_sek"], a["is_total"], by_id.get(a["part_of"])) for a in found]


@pytest.mark.parametrize("text, expected", [
    # a frame, then allocations to recipients (per year over the frame's years)
    ("Nämnden avsätter 1 miljon kronor åren 2024-2025 att fördela.\n\n"
     "- Skolan tilldelas 200 000 kr per år, åren 2024-2025.\n- Klubben tilldelas 300 000 kr.",
     [(1_000_000, True, None), (200_000, False, 1_000_000), (300_000, False, 1_000_000)]),
    # a stated sum after its parts
    ("Kostnaderna är 400 000 kr för lokaler och 600 000 kr för personal, totalt 1 000 000 kr.",
     [(400_000, False, 1_000_000), (600_000, False, 1_000_000), (1_000_000, True, None)]),
    # 'varav' parts
    ("Budgeten är 10 mnkr, varav 2 mnkr till drift och 3 mnkr till underhåll.",
     [(10_000_000, True, None), (2_000_000, False, 10_000_000), (3_000_000, False, 10_000_000)]),
    # an exact sum of the amounts right after it
    ("Investeringar 5 mnkr:\n- Förskola 3 mnkr\n- Skola 2 mnkr",
     [(5_000_000, True, None), (3_000_000, False, 5_000_000), (2_000_000, False, 5_000_000)]),
])
def test_amounts_totals_and_their_parts_are_linked(text, expected):
    assert _linked(text) == expected


@pytest.mark.parametrize("text", [
    "Simhallen kostar 312 miljoner kronor, nästan 40 miljoner kronor mer än beräknat.",   # not a sum
    "Kommunen avsätter 100 000 kr.\n- Skolan tilldelas 80 000 kr.\n- Klubben tilldelas 70 000 kr.",  # too much
    "Nämnden fick 2 mnkr 2023 och 3 mnkr 2024.",                                         # no total
    "Projektet kostar 5 mnkr och driften 2 mnkr per år.\n\nÅret efter kostar det 3 mnkr.",  # another paragraph
])
def test_amounts_unrelated_amounts_are_not_linked(text):
    assert all(not total and part_of is None for _value, total, part_of in _linked(text))


# The document's budget year reaches amounts that state no year of their own; annual nouns make
# an amount annual.
def test_amounts_document_budget_year_and_annual_nouns():
    text = ("Fördelning av föreningsbidrag 2025\n\nNämnden har i budget 2025 avsatt 400 000 kronor för bidrag. "
            "Idrottsklubben Norr får ett verksamhetsbidrag på 30 000 kronor. Ett lån om 2 miljoner kronor "
            "beviljades 2023.")
    a400, a30, a2m = extract_amounts(text)
    assert a400["years"] == [2025, 2025] and a400["period"] == "year"
    assert a30["years"] == [2025, 2025] and a30["period"] == "year"
    assert a2m["years"] == [2023, 2023] and a2m["period"] is None     # its own year; a loan is not annual


def test_amounts_no_budget_year_when_the_phrases_disagree():
    text = "Budget 2024 och budget 2025 skiljer sig. Skolan kostar 5 miljoner kronor."
    [a] = extract_amounts(text)
    assert a["years"] is None


# Recipient and purpose from the dependency tree: Docs built by hand, so the rules are tested
# without the model (words, heads, relations, parts of speech, lemmas, as a UD parse has them).
def _parsed(words, heads, deps, pos, lemmas=None, morphs=None):
    import spacy
    from spacy.tokens import Doc

    return Doc(spacy.blank("sv").vocab, words=words, heads=heads, deps=deps, pos=pos,
               lemmas=lemmas or [w.lower() for w in words], morphs=morphs)


def test_amounts_tree_purpose_of_the_noun_the_amount_modifies():
    from kommunkollen.extractors.amounts import tree_arguments

    # "Besparingen på 4 miljoner kronor görs i år."
    doc = _parsed(["Besparingen", "på", "4", "miljoner", "kronor", "görs", "i", "år", "."],
                  [5, 4, 3, 4, 0, 5, 7, 5, 5], ["nsubj:pass", "case", "nummod", "nmod", "nmod", "ROOT", "case", "obl", "punct"],
                  ["NOUN", "ADP", "NUM", "NOUN", "NOUN", "VERB", "ADP", "NOUN", "PUNCT"],
                  ["besparing", "på", "4", "miljon", "krona", "göra", "i", "år", "."])
    start = doc[2].idx
    assert tree_arguments(doc, start, doc[4].idx + len("kronor")) == (None, "Besparingen")


def test_amounts_tree_passive_recipient_and_purpose_of_a_for_phrase():
    from kommunkollen.extractors.amounts import tree_arguments

    # "Skolnämnden tilldelas 2 mnkr för upprustning av skolgårdar."
    doc = _parsed(["Skolnämnden", "tilldelas", "2", "mnkr", "för", "upprustning", "av", "skolgårdar", "."],
                  [1, 1, 3, 1, 5, 1, 7, 5, 1], ["nsubj:pass", "ROOT", "nummod", "obj", "case", "obl", "case", "nmod", "punct"],
                  ["PROPN", "VERB", "NUM", "NOUN", "ADP", "NOUN", "ADP", "NOUN", "PUNCT"],
                  ["skolnämnd", "tilldela", "2", "mnkr", "för", "upprustning", "av", "skolgård", "."],
                  ["", "Voice=Pass", "", "", "", "", "", "", ""])
    assert tree_arguments(doc, doc[2].idx, doc[3].idx + 4) == ("Skolnämnden", "upprustning av skolgårdar")


def test_amounts_tree_subject_of_a_measure_verb_and_a_body_as_recipient():
    from kommunkollen.extractors.amounts import tree_arguments

    # "Investeringen uppgår till 9 mnkr." / "Kulturnämnden minskar med 3 mnkr."
    doc = _parsed(["Investeringen", "uppgår", "till", "9", "mnkr", "."], [1, 1, 4, 4, 1, 1],
                  ["nsubj", "ROOT", "case", "nummod", "obl", "punct"], ["NOUN", "VERB", "ADP", "NUM", "NOUN", "PUNCT"],
                  ["investering", "uppgå", "till", "9", "mnkr", "."])
    assert tree_arguments(doc, doc[3].idx, doc[4].idx + 4) == (None, "Investeringen")
    doc = _parsed(["Kulturnämnden", "minskar", "med", "3", "mnkr", "."], [1, 1, 4, 4, 1, 1],
                  ["nsubj", "ROOT", "case", "nummod", "obl", "punct"], ["PROPN", "VERB", "ADP", "NUM", "NOUN", "PUNCT"],
                  ["kulturnämnd", "minska", "med", "3", "mnkr", "."])
    assert tree_arguments(doc, doc[3].idx, doc[4].idx + 4) == ("Kulturnämnden", None)


def test_amounts_tree_a_till_phrase_that_names_no_receiver_is_the_purpose():
    from kommunkollen.extractors.amounts import tree_arguments

    # "Byskolan får 2 mnkr till en ny skolgård.": the subject of "få" receives, "till" says what for
    doc = _parsed(["Byskolan", "får", "2", "mnkr", "till", "en", "ny", "skolgård", "."], [1, 1, 3, 1, 7, 7, 7, 1, 1],
                  ["nsubj", "ROOT", "nummod", "obj", "case", "det", "amod", "obl", "punct"],
                  ["PROPN", "VERB", "NUM", "NOUN", "ADP", "DET", "ADJ", "NOUN", "PUNCT"],
                  ["Byskolan", "få", "2", "mnkr", "till", "en", "ny", "skolgård", "."])
    assert tree_arguments(doc, doc[2].idx, doc[3].idx + 4) == ("Byskolan", "ny skolgård")
    # "Fullmäktige anslår 12 mnkr till upprustning av simhallen.": an act, not a receiver
    doc = _parsed(["Fullmäktige", "anslår", "12", "mnkr", "till", "upprustning", "av", "simhallen", "."],
                  [1, 1, 3, 1, 5, 1, 7, 5, 1], ["nsubj", "ROOT", "nummod", "obj", "case", "obl", "case", "nmod", "punct"],
                  ["NOUN", "VERB", "NUM", "NOUN", "ADP", "NOUN", "ADP", "NOUN", "PUNCT"],
                  ["fullmäktige", "anslå", "12", "mnkr", "till", "upprustning", "av", "simhall", "."])
    assert tree_arguments(doc, doc[2].idx, doc[3].idx + 4) == (None, "upprustning av simhallen")
    # "Fullmäktige anslår 12 mnkr till kulturnämnden.": a body receives
    doc = _parsed(["Fullmäktige", "anslår", "12", "mnkr", "till", "kulturnämnden", "."], [1, 1, 3, 1, 5, 1, 1],
                  ["nsubj", "ROOT", "nummod", "obj", "case", "obl", "punct"],
                  ["NOUN", "VERB", "NUM", "NOUN", "ADP", "NOUN", "PUNCT"],
                  ["fullmäktige", "anslå", "12", "mnkr", "till", "kulturnämnd", "."])
    assert tree_arguments(doc, doc[2].idx, doc[3].idx + 4) == ("kulturnämnden", None)


def test_amounts_tree_a_body_with_its_sum_and_a_grant_that_goes_to_someone():
    from kommunkollen.extractors.amounts import tree_arguments

    # "Socialnämnden står för 4 miljoner.": the body the sum is booked on
    doc = _parsed(["Socialnämnden", "står", "för", "4", "miljoner", "."], [1, 1, 4, 4, 1, 1],
                  ["nsubj", "ROOT", "case", "nummod", "obl", "punct"], ["NOUN", "VERB", "ADP", "NUM", "NOUN", "PUNCT"],
                  ["socialnämnd", "stå", "för", "4", "miljon", "."])
    assert tree_arguments(doc, doc[3].idx, doc[4].idx + 8) == ("Socialnämnden", None)
    # "Ett bidrag på 30 000 kronor går till föreningen."
    doc = _parsed(["Ett", "bidrag", "på", "30000", "kronor", "går", "till", "föreningen", "."], [1, 5, 4, 4, 1, 5, 7, 5, 5],
                  ["det", "nsubj", "case", "nummod", "nmod", "ROOT", "case", "obl", "punct"],
                  ["DET", "NOUN", "ADP", "NUM", "NOUN", "VERB", "ADP", "NOUN", "PUNCT"],
                  ["en", "bidrag", "på", "30000", "krona", "gå", "till", "förening", "."])
    assert tree_arguments(doc, doc[3].idx, doc[4].idx + 6) == ("föreningen", "bidrag")
    # "Renoveringen beräknas kosta 60 mnkr.": the subject of the governing verb is what it costs for
    doc = _parsed(["Renoveringen", "beräknas", "kosta", "60", "mnkr", "."], [1, 1, 1, 4, 2, 1],
                  ["nsubj:pass", "ROOT", "xcomp", "nummod", "obj", "punct"], ["NOUN", "VERB", "VERB", "NUM", "NOUN", "PUNCT"],
                  ["renovering", "beräkna", "kosta", "60", "mnkr", "."])
    assert tree_arguments(doc, doc[3].idx, doc[4].idx + 4) == (None, "Renoveringen")


def test_amounts_tree_a_body_that_proposes_does_not_receive_and_a_year_in_a_name_stays():
    from kommunkollen.extractors.amounts import tree_arguments

    # "Kommunstyrelsen föreslår 4 mnkr till hemtjänsten.": the proposer is no recipient
    doc = _parsed(["Kommunstyrelsen", "föreslår", "4", "mnkr", "till", "hemtjänsten", "."], [1, 1, 3, 1, 5, 1, 1],
                  ["nsubj", "ROOT", "nummod", "obj", "case", "obl", "punct"],
                  ["NOUN", "VERB", "NUM", "NOUN", "ADP", "NOUN", "PUNCT"],
                  ["kommunstyrelse", "föreslå", "4", "mnkr", "till", "hemtjänst", "."])
    assert tree_arguments(doc, doc[2].idx, doc[3].idx + 4)[0] is None
    # "Kommunen satsar 2 mnkr på arbetet med Agenda 2030.": a year in a name is not a time
    doc = _parsed(["Kommunen", "satsar", "2", "mnkr", "på", "arbetet", "med", "Agenda", "2030", "."],
                  [1, 1, 3, 1, 5, 1, 7, 5, 7, 1],
                  ["nsubj", "ROOT", "nummod", "obj", "case", "obl", "case", "nmod", "nummod", "punct"],
                  ["NOUN", "VERB", "NUM", "NOUN", "ADP", "NOUN", "ADP", "PROPN", "NUM", "PUNCT"],
                  ["kommun", "satsa", "2", "mnkr", "på", "arbete", "med", "Agenda", "2030", "."])
    assert tree_arguments(doc, doc[2].idx, doc[3].idx + 4) == (None, "arbetet med Agenda 2030")


def test_amounts_grant_list_line_gives_recipient_and_purpose():
    text = "Följande bidrag beviljas:\nNorrby Hembygdsförening, lokalhyra 6 500 kr\nIK Norr, lägerverksamhet 9 000 kr"
    a, b = extract_amounts(text)
    assert (a["recipient"], a["purpose"]) == ("Norrby Hembygdsförening", "lokalhyra")
    assert (b["recipient"], b["purpose"]) == ("IK Norr", "lägerverksamhet")


@pytest.mark.parametrize("text, values", [
    ("Neddragningar med 40 miljoner och en satsning på en halv miljard ingår i budgeten.", [40_000_000, 500_000_000]),
    ("Nämnden har reserverat en halv miljon kronor för stödet.", [500_000]),
    ("Nämnden ska spara cirka en miljon.", [1_000_000]),
    # millions of something else, or without any word of money around them
    ("Badet hade 3 miljoner besökare förra året.", []),
    ("Sverige har drygt 10 miljoner invånare.", []),
    ("Det är två miljoner steg från här.", []),
])
def test_amounts_bare_millions_where_the_sentence_speaks_of_money(text, values):
    assert [a["value_sek"] for a in extract_amounts(text)] == values


# Recipient and purpose through the shipped model's parse (sentences of our own).
@pytest.mark.parametrize("sentence, recipient, purpose", [
    ("Tekniska nämnden tilldelas 2,5 mnkr för upprustning av lekplatser.", "Tekniska nämnden", "upprustning av lekplatser"),
    ("Regeringen ger kommunerna 500 miljoner kronor i tillfälligt stöd.", "kommunerna", "tillfälligt stöd"),
    ("Kommunen satsar 15 miljoner kronor på nya cykelvägar.", None, "nya cykelvägar"),
    ("Kulturnämndens budgetram för 2024 är 45 mnkr.", "Kulturnämnden", "budgetram för 2024"),
    ("Underskottet för 2023 landade på 12 miljoner kronor.", None, "Underskottet"),
    # the receiver of a noun's amount, named by the verb it is the object of or inside the subject
    ("Miljönämnden föreslås få ett tillskott på 1,5 mnkr.", "Miljönämnden", "tillskott"),
    ("Stödet till studieförbunden uppgår till 900 000 kronor.", "studieförbunden", "Stödet"),
    ("Varje förening kan söka högst 20 000 kronor.", "förening", None),
    # an adverb before a giving verb is no receiver, whatever the surface rule reads
    ("Totalt beviljades 205 000 kronor.", None, None),
    # a "till" phrase after the sum that the parser hangs on a year or a number
    ("Totalt avsätts 700 000 kronor till föreningsbidrag 2026.", None, "föreningsbidrag"),
    ("Kulturnämnden får 2 miljoner kronor per år under 2025–2027 till fler kulturaktiviteter.", "Kulturnämnden",
     "fler kulturaktiviteter"),
    # the sum read as the complement of a measure verb
    ("Bidraget till studieförbunden höjs med 200 000 kronor från och med 2025.", "studieförbunden", "Bidraget"),
])
def test_amounts_recipient_and_purpose_through_the_model(sentence, recipient, purpose):
    import kommunkollen

    [a] = kommunkollen.extract(sentence)["amounts"]
    assert (a["recipient"], a["purpose"]) == (recipient, purpose)


def test_amounts_read_a_bounded_window_of_a_long_line():
    from kommunkollen.extractors.amounts import REACH, _line_window

    text = "Det var ord. " * 20_000 + "Nämnden får 2 000 kr för material. " + "Det var ord. " * 20_000
    start = text.index("2 000 kr")
    lo, hi = _line_window(text, start, start + 8)
    assert start - lo <= REACH and hi - (start + 8) <= REACH
    assert _line_window("a\nNämnden får 2 000 kr\nb", 12, 20) == (2, 22)   # a short line: the line itself
    # the same amounts, recipients and purposes in a one-line document as in a short one
    [a] = [x for x in extract_amounts(text) if x["value_sek"] == 2000]
    [b] = list(extract_amounts("Nämnden får 2 000 kr för material."))
    assert (a["recipient"], a["purpose"]) == (b["recipient"], b["purpose"])


def test_amounts_tree_what_an_amount_consists_of_and_a_sum_set_on_an_object():
    from kommunkollen.extractors.amounts import tree_arguments

    # "Förslaget landade på 52 miljoner i besparingar och effektiviseringar.": the amount's own
    # "i" phrase says what it is, not the subject of the measure verb
    doc = _parsed(["Förslaget", "landade", "på", "52", "miljoner", "i", "besparingar", "och", "effektiviseringar", "."],
                  [1, 1, 4, 4, 1, 6, 4, 8, 6, 1],
                  ["nsubj", "ROOT", "case", "nummod", "obl", "case", "nmod", "cc", "conj", "punct"],
                  ["NOUN", "VERB", "ADP", "NUM", "NOUN", "ADP", "NOUN", "CCONJ", "NOUN", "PUNCT"],
                  ["förslag", "landa", "på", "52", "miljon", "i", "besparing", "och", "effektivisering", "."])
    assert tree_arguments(doc, doc[3].idx, doc[4].idx + len("miljoner")) == (None, "besparingar och effektiviseringar")
    # "Fullmäktige har fastställt Kulturnämndens budgetram till 42 tkr.": the genitive receives,
    # the object is what the sum is
    doc = _parsed(["Fullmäktige", "har", "fastställt", "Kulturnämndens", "budgetram", "till", "42", "tkr", "."],
                  [2, 2, 2, 4, 2, 7, 7, 2, 2],
                  ["nsubj", "aux", "ROOT", "nmod:poss", "obj", "case", "nummod", "obl", "punct"],
                  ["PROPN", "AUX", "VERB", "NOUN", "NOUN", "ADP", "NUM", "NOUN", "PUNCT"],
                  ["fullmäktige", "ha", "fastställa", "kulturnämnd", "budgetram", "till", "42", "tkr", "."])
    assert tree_arguments(doc, doc[6].idx, doc[7].idx + 3) == ("Kulturnämnden", "budgetram")
    # "Kostnaden att uppgå till 45 tkr" (as the parser reads "kommer att uppgå"): the noun is the subject
    doc = _parsed(["Kostnaden", "kommer", "att", "uppgå", "till", "45", "tkr", "."], [1, 1, 3, 0, 6, 6, 3, 1],
                  ["nsubj", "ROOT", "mark", "acl", "case", "nummod", "obl", "punct"],
                  ["NOUN", "VERB", "PART", "VERB", "ADP", "NUM", "NOUN", "PUNCT"],
                  ["kostnad", "komma", "att", "uppgå", "till", "45", "tkr", "."])
    assert tree_arguments(doc, doc[5].idx, doc[6].idx + 3) == (None, "Kostnaden")


def test_amounts_purpose_stated_after_avseende_and_a_quoted_project_after_pa():
    [a] = extract_amounts("Socialnämnden tilldelas 6 mnkr avseende ökade kostnader för försörjningsstöd.")
    assert a["purpose"] == "ökade kostnader för försörjningsstöd"
    [a] = extract_amounts("Kommunen satsar 12 miljoner kronor på det nya projektet ”Trygg i centrum”.")
    assert a["purpose"] == "Trygg i centrum"


def test_amounts_tree_a_receiver_with_a_for_phrase_under_it():
    from kommunkollen.extractors.amounts import tree_arguments

    # "Fullmäktige anslog 3 mnkr till barn- och utbildningsnämnden för fler lärare." (the parser
    # hangs the "för" phrase on the last conjunct of the body's name)
    doc = _parsed(["Fullmäktige", "anslog", "3", "mnkr", "till", "barn-", "och", "utbildningsnämnden", "för", "fler",
                   "lärare", "."],
                  [1, 1, 3, 1, 5, 1, 7, 5, 10, 10, 7, 1],
                  ["nsubj", "ROOT", "nummod", "obj", "case", "obl", "cc", "conj", "case", "amod", "nmod", "punct"],
                  ["PROPN", "VERB", "NUM", "NOUN", "ADP", "NOUN", "CCONJ", "NOUN", "ADP", "ADJ", "NOUN", "PUNCT"],
                  ["fullmäktige", "anslå", "3", "mnkr", "till", "barn-", "och", "utbildningsnämnd", "för", "många",
                   "lärare", "."])
    assert tree_arguments(doc, doc[2].idx, doc[3].idx + 4) == ("barn- och utbildningsnämnden", "fler lärare")


def test_amounts_tree_a_body_first_in_its_sentence_and_a_deficit_it_goes_with():
    from kommunkollen.extractors.amounts import tree_arguments

    # "Kommunstyrelsen minskar med 13 mnkr.": a body, though first in its sentence and a NOUN
    doc = _parsed(["Kommunstyrelsen", "minskar", "med", "13", "mnkr", "."], [1, 1, 4, 4, 1, 1],
                  ["nsubj", "ROOT", "case", "nummod", "obl", "punct"], ["NOUN", "VERB", "ADP", "NUM", "NOUN", "PUNCT"],
                  ["kommunstyrelse", "minska", "med", "13", "mnkr", "."])
    assert tree_arguments(doc, doc[3].idx, doc[4].idx + 4) == ("Kommunstyrelsen", None)
    # "Socialnämnden går med 30 mnkr i underskott.": the sum is booked on the body
    doc = _parsed(["Socialnämnden", "går", "med", "30", "mnkr", "i", "underskott", "."], [1, 1, 4, 4, 1, 6, 4, 1],
                  ["nsubj", "ROOT", "case", "nummod", "obl", "case", "nmod", "punct"],
                  ["NOUN", "VERB", "ADP", "NUM", "NOUN", "ADP", "NOUN", "PUNCT"],
                  ["socialnämnd", "gå", "med", "30", "mnkr", "i", "underskott", "."])
    assert tree_arguments(doc, doc[3].idx, doc[4].idx + 4) == ("Socialnämnden", "underskott")
    # "Bidraget på 300 000 kronor fördelades mellan åtta föreningar.": where the grant goes
    doc = _parsed(["Bidraget", "på", "300", "000", "kronor", "fördelades", "mellan", "åtta", "föreningar", "."],
                  [5, 4, 4, 4, 0, 5, 8, 8, 5, 5],
                  ["nsubj:pass", "case", "nummod", "nummod", "nmod", "ROOT", "case", "nummod", "obl", "punct"],
                  ["NOUN", "ADP", "NUM", "NUM", "NOUN", "VERB", "ADP", "NUM", "NOUN", "PUNCT"],
                  ["bidrag", "på", "300", "000", "krona", "fördela", "mellan", "åtta", "förening", "."],
                  ["", "", "", "", "", "Voice=Pass", "", "", "", ""])
    assert tree_arguments(doc, doc[2].idx, doc[4].idx + 6) == ("åtta föreningar", "Bidraget")


def test_amounts_a_body_right_before_its_sum_in_a_list_of_cells():
    import kommunkollen

    text = ("Budget\n\nKulturnämnden minskar med 13 miljoner kronor, Miljönämnden – 4 miljoner, "
            "Socialnämnden – 38 miljoner och Tekniska nämnden – 10 miljoner.\n\nMer kommer.")
    found = {a["text"]: a["recipient"] for a in kommunkollen.extract(text)["amounts"]}
    assert found["13 miljoner kronor"] == "Kulturnämnden"
    assert (found["4 miljoner"], found["38 miljoner"], found["10 miljoner"]) == (
        "Miljönämnden", "Socialnämnden", "Tekniska nämnden")


def test_amounts_tree_the_sum_itself_receives_nothing_and_a_receiver_hung_on_it_receives():
    from kommunkollen.extractors.amounts import tree_arguments

    # "Totalt beviljades 205 000 kronor.": the passive subject is the sum, not its receiver
    doc = _parsed(["Totalt", "beviljades", "205", "000", "kronor", "."], [1, 1, 3, 4, 1, 1],
                  ["advmod", "ROOT", "nummod", "nummod", "nsubj:pass", "punct"],
                  ["ADV", "VERB", "NUM", "NUM", "NOUN", "PUNCT"], ["totalt", "bevilja", "205", "000", "krona", "."],
                  ["", "Voice=Pass", "", "", "", ""])
    assert tree_arguments(doc, doc[2].idx, doc[4].idx + 6) == (None, None)
    # "I år beviljades 40 000 kronor till föreningen.": the parser hangs "till föreningen" on the sum
    doc = _parsed(["I", "år", "beviljades", "40", "000", "kronor", "till", "föreningen", "."],
                  [1, 2, 2, 4, 5, 2, 7, 5, 2],
                  ["case", "obl", "ROOT", "nummod", "nummod", "nsubj:pass", "case", "nmod", "punct"],
                  ["ADP", "NOUN", "VERB", "NUM", "NUM", "NOUN", "ADP", "NOUN", "PUNCT"],
                  ["i", "år", "bevilja", "40", "000", "krona", "till", "förening", "."],
                  ["", "", "Voice=Pass", "", "", "", "", "", ""])
    assert tree_arguments(doc, doc[3].idx, doc[5].idx + 6) == ("föreningen", None)


def test_amounts_tree_the_first_of_two_objects_and_a_receiver_run_into_its_sum():
    from kommunkollen.extractors.amounts import tree_arguments

    # "Kommunen ger föreningen 5 000 kronor." read as two objects
    doc = _parsed(["Kommunen", "ger", "föreningen", "5", "000", "kronor", "."], [1, 1, 1, 4, 5, 1, 1],
                  ["nsubj", "ROOT", "obj", "nummod", "nummod", "obj", "punct"],
                  ["NOUN", "VERB", "NOUN", "NUM", "NUM", "NOUN", "PUNCT"],
                  ["kommun", "ge", "förening", "5", "000", "krona", "."])
    assert tree_arguments(doc, doc[3].idx, doc[5].idx + 6) == ("föreningen", None)
    # "I år beviljades föreningen 12 000 kronor." read as one nominal, the sum under the receiver
    doc = _parsed(["I", "år", "beviljades", "föreningen", "12", "000", "kronor", "."], [1, 2, 2, 2, 5, 6, 3, 2],
                  ["case", "obl", "ROOT", "nsubj:pass", "nummod", "nummod", "nmod", "punct"],
                  ["ADP", "NOUN", "VERB", "NOUN", "NUM", "NUM", "NOUN", "PUNCT"],
                  ["i", "år", "bevilja", "förening", "12", "000", "krona", "."],
                  ["", "", "Voice=Pass", "", "", "", "", ""])
    assert tree_arguments(doc, doc[4].idx, doc[6].idx + 6) == ("föreningen", None)


def test_amounts_a_till_after_the_sum_is_never_another_sum():
    from kommunkollen.extractors.amounts import tree_arguments

    # "Avgiften höjs från 200 till 300 kronor.": "till 300 kronor" is the new sum, not a purpose
    doc = _parsed(["Avgiften", "höjs", "från", "200", "till", "300", "kronor", "."], [1, 1, 3, 1, 6, 6, 1, 1],
                  ["nsubj:pass", "ROOT", "case", "obl", "case", "nummod", "obl", "punct"],
                  ["NOUN", "VERB", "ADP", "NUM", "ADP", "NUM", "NOUN", "PUNCT"],
                  ["avgift", "höja", "från", "200", "till", "300", "krona", "."], ["", "Voice=Pass", "", "", "", "", "", ""])
    recipient, purpose = tree_arguments(doc, doc[3].idx, doc[3].idx + 3)
    assert purpose in (None, "Avgiften") and recipient is None


def test_amounts_a_line_break_the_parser_made_a_subject_receives_nothing():
    from kommunkollen.extractors.amounts import tree_arguments

    # "- Klubben tilldelas 300 000 kr." with the next line's break read as the passive subject
    doc = _parsed(["-", "Klubben", "tilldelas", "300", "000", "kr.", "\n", "Mer"], [2, 2, 2, 4, 5, 6, 2, 2],
                  ["punct", "nsubj", "ROOT", "nummod", "nummod", "nmod", "nsubj:pass", "dep"],
                  ["PUNCT", "PROPN", "VERB", "NUM", "NUM", "NOUN", "PROPN", "ADV"],
                  ["-", "klubb", "tilldela", "300", "000", "kr.", "\n", "mer"],
                  ["", "", "Voice=Pass", "", "", "", "", ""])
    recipient, _purpose = tree_arguments(doc, doc[3].idx, doc[5].idx + 3)
    assert recipient in (None, "Klubben")
