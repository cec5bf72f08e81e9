"""Persons with role, party and organisation; organisations with their kind."""
from __future__ import annotations

import pytest

from kommunkollen.extractors.actors import extract_persons, group_organisations
from kommunkollen.nlp.components import find_mentions


def persons(text):
    orgs = [m for m in find_mentions(text) if m["label"] == "ORG"]
    return {p["name"]: (p["role"], p["party"], p["organisation"]) for p in extract_persons(text, [], orgs)}


@pytest.mark.parametrize("text, name, role, party, org", [
    ("– Det är viktigt, säger Karin Ek, kommunstyrelsens ordförande.", "Karin Ek", "kommunstyrelsens ordförande", None, None),
    ("Det säger kommunalrådet Peter Lind (S) till tidningen.", "Peter Lind", "kommunalråd", "S", None),
    ("– Vi är kritiska, säger oppositionsrådet Sara Holm (m).", "Sara Holm", "oppositionsråd", "M", None),
    ("Handläggare: Malin Ström", "Malin Ström", "handläggare", None, None),
    ("Den 1 mars börjar Eva Berg som integrationssamordnare på Kommunledningsförvaltningen.", "Eva Berg",
     "integrationssamordnare", None, "Kommunledningsförvaltningen"),
    ("Maria Åkesson (S) ordförande", "Maria Åkesson", "ordförande", "S", None),
    ("– Det går bra, säger Lena Ek, samordnare för flyktingfrågor i Lunds kommun.", "Lena Ek",
     "samordnare för flyktingfrågor", None, "Lunds kommun"),
    ("Medverkande konsulter vid Analysgruppen AB har varit Per Ek (projektledare), Anna Sten och Olle Berg.",
     "Olle Berg", "konsult", None, "Analysgruppen AB"),
    ("Kontaktperson för Håbo kommun har varit Lisa Nord.", "Lisa Nord", "kontaktperson", None, "Håbo kommun"),
    ("I förra veckan började Ali Hassan göra sin praktik på tekniska förvaltningen.", "Ali Hassan", "praktikant",
     None, None),
    ("Publicerad 3 maj 2021 av Jonas Ek", "Jonas Ek", "författare", None, None),
    # a party in the genitive before the name is the person's party; a party further off is not
    ("Hon bjöd in Sverigedemokraternas Jimmie Åkesson till samtalen.", "Jimmie Åkesson", None, "SD", None),
    ("Moderaterna och Anna Ek var inte inbjudna.", "Anna Ek", None, None, None),
    ("Moderaternas förslag, som Anna Ek lade fram, föll.", "Anna Ek", None, None, None),
    # titles before the name, in any form of the role noun, with a genitive body before it
    ("Länge har det stormat kring förvaltningschef Olle Ring.", "Olle Ring", "förvaltningschef", None, None),
    ("Det bekräftar byggnadsnämndens ordförande Gun Alm (KD).", "Gun Alm", "byggnadsnämndens ordförande", "KD", None),
    ("Det är nämndens ordförande, Eva Sten, V, som leder mötet.", "Eva Sten", "nämndens ordförande", "V", None),
    # a predicate after the name
    ("Lisa Ahl är ordförande för Idrottsföreningen Kvarnen.", "Lisa Ahl", "ordförande", None,
     "Idrottsföreningen Kvarnen"),
    ("Därmed kan Bo Lind (M) stanna som kommunalråd och vice ordförande i nämnden.", "Bo Lind",
     "kommunalråd och vice ordförande i nämnden", "M", None),
    # a title in the comma cell after a party in parentheses
    ("– Det blir tufft, säger Kim Falk (L), kommunstyrelsens ordförande.", "Kim Falk",
     "kommunstyrelsens ordförande", "L", None),
    ("– Det blir tufft, säger Kim Falk, jurist på Advokatbyrån Lagen och lärare.", "Kim Falk", "jurist", None,
     "Advokatbyrån Lagen"),
    ("Foto: Ulla Berg/arkiv", "Ulla Berg", "fotograf", None, None),
    ("Sedan i höstas är Maja Ek (S) kommunstyrelsens ordförande.", "Maja Ek", "kommunstyrelsens ordförande", "S", None),
    ("Från måndag är Olle Dahl ny förvaltningschef.", "Olle Dahl", "ny förvaltningschef", None, None),
    # An employee's place of work is no part of the title (a body keeps an elected office: below).
    ("Det berättar Siv Ahl, som är rektor på skolan.", "Siv Ahl", "rektor", None, None),
    ("– Vi har inget val, säger Lena Ek, ekonomichef i kommunen.", "Lena Ek", "ekonomichef", None, None),
    ("Karin Lund är ordförande i socialnämnden.", "Karin Lund", "ordförande i socialnämnden", None, None),
    ("Socialnämndens ordförande Per Holm (M) är kritisk.", "Per Holm", "socialnämndens ordförande", "M", None),
    ("Anna Berg har utsetts till ny kommundirektör.", "Anna Berg", "ny kommundirektör", None, None),
    ("Olle Ring (C) valdes till ordförande i nämnden.", "Olle Ring", "ordförande i nämnden", "C", None),
    ("Ansvarig utgivare: Per Wall", "Per Wall", "ansvarig utgivare", None, None),
    ("Sekreterare\nEva Lind", "Eva Lind", "sekreterare", None, None),
])

def test_actors_roles_parties_organisations(text, name, role, party, org):
    got = persons(text)
    assert name in got, got
    r, p, o = got[name]
    assert (r, p) == (role, party)
    if org is not None:
        assert o == org


# Attendance lists of a protokoll flattened onto one line (a PDF transcript): the heading gives
# the role, each cell its own title and party letters in any case.
ATTENDANCE = ("Plats och tid Stadshuset kl. 13.00 Beslutande Karin Lund, ordförande, s Per Holm, m Eva Sten, c "
              "Övriga deltagare Ola Ek, observerande ersättare, s, Bo Ahl, t f kommundirektör Gun Alm, VD Norrby "
              "Energi AB 12 Sara Berg, nämndsekreterare, delvis § 4 Utses att justera Lars Ek")


@pytest.mark.parametrize("name, role, party, org", [
    ("Karin Lund", "ordförande", "S", None),
    ("Per Holm", "ledamot", "M", None),            # no title of his own: the heading's
    ("Eva Sten", "ledamot", "C", None),
    ("Ola Ek", "observerande ersättare", "S", None),
    ("Bo Ahl", "t f kommundirektör", None, None),
    ("Gun Alm", "VD", None, "Norrby Energi AB"),
    ("Sara Berg", "nämndsekreterare", None, None),
    ("Lars Ek", "justerare", None, None),
])
def test_actors_attendance_list_cells_and_headings(name, role, party, org):
    found = persons(ATTENDANCE)
    assert found[name][:2] == (role, party)
    if org:
        assert found[name][2] == org


def test_actors_a_title_after_a_party_and_comma_is_the_previous_persons():
    found = persons("Kallade ledamöter Eva Ek (M), ordförande Ola Dahl (C), 2:e vice ordförande Kim Berg (M) Bo Lind (S)")
    assert found["Ola Dahl"][0] == "2:e vice ordförande" and found["Kim Berg"][0] in (None, "ledamot")


def test_actors_the_heading_on_the_next_line_opens_the_next_list():
    # one name per line: "Ersättare" under the last member is the next list's heading, not her title
    found = persons("Beslutande\nAnna Kvist (S), ordförande\nSara Holm (C)\nErsättare\nOlof Björk (SD)\n"
                    "Övriga närvarande\nEva Strand, sekreterare")
    assert found["Sara Holm"][:2] == ("ledamot", "C")
    assert found["Olof Björk"][:2] == ("ersättare", "SD")
    assert found["Eva Strand"][0] == "sekreterare"


def test_actors_byline_alone_on_a_last_line():
    text = "Ny skola i Norrby\n\nNämnden vill bygga en ny skola i Norrby till hösten.\n\nDet säger rektorn.\n\n• Lina Ström"
    assert persons(text)["Lina Ström"][0] == "författare"


@pytest.mark.parametrize("text", [
    "Social Välfärd blir en ny sektor.",
    "Vård & Omsorg och Kultur & Fritid samarbetar.",
    "Lidköpings kommun och Region Skåne.",
])
def test_actors_no_persons_in_unit_names(text):
    assert persons(text) == {}


@pytest.mark.parametrize("text, expected", [
    ("Kommunstyrelsen beslutade. Kommunstyrelsens ordförande och kommunstyrelsen.", [("Kommunstyrelsen", "municipal_body")]),
    ("Tillväxt Lidköping AB fick pengar.", [("Tillväxt Lidköping AB", "company")]),
    ("Länsstyrelsen i Skåne län och Migrationsverket.", [("Länsstyrelsen i Skåne län", "agency"), ("Migrationsverket", "agency")]),
    # party letters are abbreviations, not organisations named (the convention of ../shared/dev)
    ("Till slut röstade S, M och KD för förslaget.", []),
    ("Förslaget har stöd av partierna S, M och KD.", [("S", "party"), ("M", "party"), ("KD", "party")]),
    ("Moderaterna och Kristdemokraterna var överens.", [("Moderaterna", "party"), ("Kristdemokraterna", "party")]),
    ("Region Gotland och Västra Götalandsregionen.", [("Region Gotland", "region"), ("Västra Götalandsregionen", "region")]),
    ("Skövde Konstförening fick bidrag.", [("Skövde Konstförening", "association")]),
    ("Förvaltningen och nämnden svarade.", []),                         # generic mentions are not organisations
    ("Ärendet har överklagats till Förvaltningsrätten i Luleå.", [("Förvaltningsrätten i Luleå", "agency")]),
    ("Målet avgörs i Umeå tingsrätt och av Länsstyrelsen Västerbotten.",
     [("Umeå tingsrätt", "agency"), ("Länsstyrelsen Västerbotten", "agency")]),
    ("Företaget Attendo och konsultföretaget Ramboll anlitas.", [("Attendo", "company"), ("Ramboll", "company")]),
    # genitives of agencies and parties name the body in the nominative
    ("Enligt Migrationsverkets beslut och SCB:s statistik faller Moderaternas förslag.",
     [("Migrationsverket", "agency"), ("SCB", "agency"), ("Moderaterna", "party")]),
])
def test_actors_organisations_and_kinds(text, expected):
    orgs = group_organisations([m for m in find_mentions(text) if m["label"] == "ORG"])
    assert [(o["name"], o["kind"]) for o in orgs] == expected


@pytest.mark.parametrize("text, expected", [
    ("IT-enheten och HR-avdelningen svarar.", [("IT-enheten", "municipal_body"), ("HR-avdelningen", "municipal_body")]),
    # nouns in -enhet made from adjectives are not units
    ("Hon har erfarenhet av att söka lägenhet och befogenhet att besluta.", []),
    ("Öppenheten i kvalitetsenheten ökar.", [("kvalitetsenheten", "municipal_body")]),
])
def test_actors_units_and_not_units(text, expected):
    orgs = group_organisations([m for m in find_mentions(text) if m["label"] == "ORG"])
    assert [(o["name"], o["kind"]) for o in orgs] == expected


def _merge(text, ents, ner_ran=True):
    from kommunkollen.nlp.components import merge_with_ner

    def at(s):
        i = text.index(s)
        return i, i + len(s)

    spans = [(*at(s), label) for s, label in ents]
    return [(text[m["start"]:m["end"]], m["label"], m["rule"])
            for m in merge_with_ner(find_mentions(text), spans, ner_ran=ner_ran, text=text)]


def test_municipal_layer_merge_rules_with_ner():
    text = "Vara kommun och Migrationsverket möter Anna Mark i Gransäter och i Expressen."
    # the NER read "Mark" inside a person and "Expressen" as an organisation; it found no place in "Gransäter"
    merged = _merge(text, [("Anna Mark", "PER"), ("Expressen", "ORG"), ("Migrationsverket", "ORG")])
    assert ("Vara kommun", "ORG", "municipality") in merged                 # strong rules win
    assert ("Migrationsverket", "ORG", "agency") in merged                  # the rule keeps its kind
    assert ("Expressen", "ORG", "ner") in merged                            # the NER fills in
    assert not any(name == "Mark" for name, _, _ in merged)                 # a weak gazetteer rule yields to a person
    assert ("Gransäter", "LOC", "place_context") in merged                 # a context guess the NER did not contradict
    assert ("Expressen", "ORG", "ner") in merged and not any(r == "place_context" and n == "Expressen"
                                                             for n, _, r in merged)  # one it did
    assert ("Gransäter", "LOC", "place_context") in _merge(text, [], ner_ran=False)


def test_municipal_layer_takes_the_ner_reading_of_names_and_things():
    text = "Cura Boda och Jobbcentrum Tranås samarbetar med Karin Holm.\nPressmeddelande\nSFS 2001:453 gäller."
    merged = _merge(text, [("Cura Boda", "PER"), ("Jobbcentrum Tranås", "ORG"), ("Karin Holm", "PER"),
                           ("Pressmeddelande", "LOC"), ("SFS", "ORG")])
    # a "person" without any known given name or surname is a business or project
    assert ("Cura Boda", "ORG", "ner") in merged
    # a longer organisation name around a gazetteer place wins over the place
    assert ("Jobbcentrum Tranås", "ORG", "ner") in merged and not any(n == "Tranås" for n, _, _ in merged)
    # one-word headings and reference prefixes are not entities
    assert not any(n in ("Pressmeddelande", "SFS") for n, _, _ in merged)


def test_acronyms_of_laws_and_substances_are_not_organisations():
    text = "Enligt LSS och SoL:s regler prövar IVO halterna av PFAS, skriver SCB."
    merged = _merge(text, [("LSS", "ORG"), ("SoL:s", "ORG"), ("IVO", "ORG"), ("PFAS", "ORG"), ("SCB", "ORG")])
    names = {n for n, _, _ in merged}
    assert not names & {"LSS", "SoL:s", "PFAS"}          # a law, its genitive, a substance
    assert {"IVO", "SCB"} <= names                       # abbreviations of bodies are names


def test_ner_persons_are_cut_at_lines_and_titles():
    from kommunkollen.nlp.components import person_pieces

    text = "Det sa professor Karin Holm\nCertifierad revisor i Kalmar."
    i = text.index("professor")
    assert [text[s:e] for s, e in person_pieces(text, i, text.index("revisor") - 1)] == ["Karin Holm"]


@pytest.mark.parametrize("text, person, expected", [
    ("Bistånd har givits genom FN.", "Bistånd", []),             # a common noun opening a sentence
    ("Se Psykiatri på sidan 5.", "Psykiatri", []),               # ... or a heading quoted in the text
    ("Dr. Horn är chef för institutet.", "Dr. Horn", ["Horn"]),  # after a title a common word is a name
    ("Enligt Taylor är det så.", "Taylor", ["Taylor"]),          # a surname no lexicon writes in lower case
    ("Per sa att det var så.", "Per", ["Per"]),                  # a given name that is also a word
])
def test_ner_persons_that_are_common_words(text, person, expected):
    from kommunkollen import gazetteer
    from kommunkollen.nlp.components import person_pieces

    assert {"bistånd", "psykiatri", "horn", "per"} <= gazetteer.common_words()   # built from the raw text
    i = text.index(person)
    assert [text[s:e] for s, e in person_pieces(text, i, i + len(person))] == expected


def test_actors_organisation_takes_its_place_and_page_headers_are_not_names():
    from kommunkollen.nlp.components import attach_places, find_mentions

    text = "Beslutet överklagades till Förvaltningsrätten i Jönköping. Sida 2 av 14"
    mentions = attach_places(find_mentions(text), text)
    names = [(m["name"], m["label"]) for m in mentions]
    assert ("Förvaltningsrätten i Jönköping", "ORG") in names and ("Jönköping", "LOC") not in names
    text = "Kommunfullmäktige i Norrby, Söderby och Västerby har beslutat."
    assert ("Norrby", "LOC") in [(m["name"], m["label"]) for m in attach_places(find_mentions(text), text)]


@pytest.mark.parametrize("span, expected", [
    # a signature block flattened to one line: labels end one name and begin the next
    ("Sekreterare Tove Ek Ordförande Anders Lind Justerande Eva Lilja", ["Tove Ek", "Anders Lind", "Eva Lilja"]),
    # names run together, then a definite noun and a label
    ("Lars Svensson Ulla Kullman Paragrafer: Ordförande", ["Lars Svensson", "Ulla Kullman"]),
    ("Björn Sjögren Redovisningarna", ["Björn Sjögren"]),
    ("Anna Maria Berg", ["Anna Maria Berg"]),        # one person with two given names
    ("Karin Holm", ["Karin Holm"]),
])
def test_name_runs_cut_flattened_lists_into_names(span, expected):
    from kommunkollen.nlp.components import name_runs

    text = "Underskrifter " + span + " här."
    i = text.index(span)
    assert [text[s:e] for s, e in name_runs(text, i, i + len(span))] == expected


def test_people_the_ner_took_for_organisations():
    from kommunkollen.nlp.components import people_among_organisations

    text = "Sekreterare: Carl Hed\n– Det är svårt, säger Unto Järvi, ekonomidirektör.\nNorrby Energi sköter nätet."
    ents = [(text.index(n), text.index(n) + len(n), "ORG") for n in ("Carl Hed", "Unto Järvi", "Norrby Energi")]
    labels = {text[s:e]: label for s, e, label in people_among_organisations(text, ents)}
    # a known given name and surname; a name a quote attributes with a title; a company stays
    assert labels == {"Carl Hed": "PER", "Unto Järvi": "PER", "Norrby Energi": "ORG"}
    found = persons_with_ner(text, [(s, e, label) for s, e, label in people_among_organisations(text, ents)])
    assert found["Unto Järvi"][0] == "ekonomidirektör" and found["Carl Hed"][0] == "sekreterare"


def persons_with_ner(text, ents):
    orgs = [m for m in find_mentions(text) if m["label"] == "ORG"]
    return {p["name"]: (p["role"], p["party"], p["organisation"]) for p in extract_persons(text, ents, orgs)}


def test_actors_a_label_on_the_next_line_is_not_the_title_of_a_listed_name():
    text = "Ledamöter: Ingrid Moss (s), Stina Ek (kd)\nSekreterare: Carl Hed\n"
    found = persons(text)
    assert found["Stina Ek"][:2] == ("ledamot", "KD") and found["Carl Hed"][0] == "sekreterare"
    # a name alone on its line with its title below it is still a signature
    assert persons("Med vänlig hälsning\nAnna Berg\nKommundirektör\n")["Anna Berg"][0] == "kommundirektör"


def test_actors_an_ordinal_title_after_the_party():
    text = "Närvarande ledamöter\nMaja Ros (S) ordförande\nPelle Ulv (M) 1:e vice ordförande\nGreta Fors (V)\n"
    found = persons(text)
    assert [found[n][:2] for n in ("Maja Ros", "Pelle Ulv", "Greta Fors")] == [
        ("ordförande", "S"), ("1:e vice ordförande", "M"), ("ledamot", "V")]


@pytest.mark.parametrize("text, places, orgs", [
    # provinces and län are places whole, in the genitive too; the municipality inside stays with them
    ("Turismen i Värmland och Västra Götaland växer.", {"Värmland", "Västra Götaland"}, set()),
    ("Regionförbundet ansvarar för hela Kalmar län.", {"Kalmar län"}, {"Regionförbundet"}),
    ("Dalarnas skogar lockar.", {"Dalarna"}, set()),
    # a proper name with a lower-case association head is an association, not a place
    ("Bidrag gick till Stjärnby hembygdsförening och Västra Ås Hembygdsgille.", set(),
     {"Stjärnby hembygdsförening", "Västra Ås Hembygdsgille"}),
    # ... but not after a common word, nor a plural of kinds
    ("Följande förening får bidrag. Tre föreningar ansökte.", set(), set()),
])
def test_regions_and_named_associations(text, places, orgs):
    found = find_mentions(text)
    names = {m.get("lemma") or m["name"] for m in found if m["label"] == "LOC"}
    assert names == places
    assert {m["name"] for m in found if m["label"] == "ORG" and m["kind"] == "association"} == orgs


def test_a_municipality_in_capitals_is_the_municipality():
    found = [m for m in find_mentions("VÄSTERVIKS KOMMUN\nKallelse till sammanträde") if m["label"] == "ORG"]
    assert [(m["name"], m["kind"]) for m in found] == [("VÄSTERVIKS KOMMUN", "municipality")]


@pytest.mark.parametrize("text, name, attributed", [
    ("Det skriver Sundsvalls Tidning, som har tagit del av rapporten.", "Sundsvalls Tidning", False),  # no title after it
    ("Rapporten beskriver Norrby Energi, ett bolag som ägs av kommunen.", "Norrby Energi", False),   # no attribution
    ("– Det är svårt, säger Unto Järvi, ekonomidirektör vid Norrby kommun.", "Unto Järvi", True),
])
def test_an_attributed_name_needs_a_speech_verb_before_it_and_a_title_after_it(text, name, attributed):
    from kommunkollen.nlp.components import attributed_name

    start = text.index(name)
    assert attributed_name(text, start, start + len(name)) is attributed


def test_named_associations_are_not_people_driving():
    assert [m for m in find_mentions("Eva Lund kör skolskjutsen varje morgon.") if m["label"] == "ORG"] == []
    assert persons("Eva Lund kör skolskjutsen varje morgon.").keys() == {"Eva Lund"}
    found = find_mentions("Bidrag till Norrby vävstugan och Ås kyrkokör.")
    assert {m["name"] for m in found if m["kind"] == "association"} == {"Norrby vävstugan", "Ås kyrkokör"}


def test_a_municipality_wins_over_the_province_inside_its_name():
    found = find_mentions("Hon bor i Upplands Väsby sedan 2010.")
    assert [m["name"] for m in found if m["label"] == "LOC"] == ["Upplands Väsby"]


@pytest.mark.parametrize("span", ["Ulla Britt Holmen", "Per Anders Backen", "Anna Lena Hagen"])
def test_name_runs_keep_a_double_given_name_with_a_surname_that_is_a_word(span):
    from kommunkollen.nlp.components import name_runs

    text = span + " talade."
    assert [text[s:e] for s, e in name_runs(text, 0, len(span))] == [span]


@pytest.mark.parametrize("text, name, role", [
    ("Kontakt: Anna Berg\nKommunikationschef\n", "Anna Berg", "kommunikationschef"),
    ("Med vänlig hälsning, Anna Berg\nKommundirektör\n", "Anna Berg", "kommundirektör"),
])
def test_actors_a_title_below_a_labelled_signature(text, name, role):
    assert persons(text)[name][0] == role


@pytest.mark.parametrize("text, name, role, party", [
    ("Ordförande i barn- och utbildningsnämnden, Lena Berg (M), vill vänta.", "Lena Berg",
     "ordförande i barn- och utbildningsnämnden", "M"),
    ("Socialdemokraternas gruppledare Per Holm är kritisk.", "Per Holm", "gruppledare", "S"),   # the party in its field
    ("Nils Bergh (S) är kommunalråd sedan 2018.", "Nils Bergh", "kommunalråd", "S"),            # not when it began
    ("Kommunalrådet Erik Falk (C) och oppositionsrådet Jan Rask (M) möttes.", "Erik Falk", "kommunalråd", "C"),
    ("Kommunalrådet Erik Falk (C) och oppositionsrådet Jan Rask (M) möttes.", "Jan Rask", "oppositionsråd", "M"),
])
def test_actors_roles_before_names_without_time_or_party(text, name, role, party):
    assert persons(text)[name][:2] == (role, party)


@pytest.mark.parametrize("role, tidy", [
    ("kommunalråd sedan 2018", "kommunalråd"),
    ("ordförande i tekniska nämnden sedan valet", "ordförande i tekniska nämnden"),
    ("rektor för förskoleklass till och med årskurs 6", "rektor för förskoleklass till och med årskurs 6"),
    ("samordnare för insatser i 2000-talets skola", "samordnare för insatser i 2000-talets skola"),
    ("", None),
])
def test_tidy_role_cuts_only_a_time(role, tidy):
    from kommunkollen.extractors.actors import tidy_role

    assert tidy_role(role) == tidy


@pytest.mark.parametrize("text, start, name", [
    ("Förskolan byggs i Västra Ryd.", 18, "Västra Ryd"),        # a direction before the name is part of it
    ("Vägen till Stora Mellby stängs.", 11, "Stora Mellby"),
    ("Skolan i Ryd stängs.", 9, "Ryd"),                          # nothing before: as found
    ("Det gäller västra Ryd.", 18, "Ryd"),                       # a lower-case direction describes, it names nothing
])
def test_a_capitalised_direction_before_a_place_is_part_of_its_name(text, start, name):
    from kommunkollen.extractors.actors import with_name_prefix

    ryd = text.rindex(name.split()[-1])
    got = with_name_prefix(text, {"name": text[ryd:ryd + len(name.split()[-1])], "start": ryd, "end": ryd + len(name.split()[-1])})
    assert (got["name"], got["start"]) == (name, start)


@pytest.mark.parametrize("text, org", [
    ("Kommunstyrelsens arbetsutskott behandlade ärendet.", "Kommunstyrelsens arbetsutskott"),
    ("Kommunfullmäktiges presidium träffade revisorerna.", "Kommunfullmäktiges presidium"),
    ("Ärendet bereds av kommunstyrelsens förvaltning.", "kommunstyrelsens förvaltning"),
    ("Barn- och utbildningsnämndens ledningsgrupp möts.", "Barn- och utbildningsnämndens ledningsgrupp"),
    ("Hyresgästerna kritiserar Stiftelsen Norrbyhus.", "Stiftelsen Norrbyhus"),    # not the full stop
])
def test_a_bodys_organ_named_with_the_body_in_the_genitive(text, org):
    assert org in [m["name"] for m in find_mentions(text) if m["label"] == "ORG"]


def test_a_bodys_genitive_before_a_word_that_is_no_organ():
    names = [m["name"] for m in find_mentions("Kommunstyrelsens samråd med facket och socialnämndens underskott.")]
    assert "Kommunstyrelsens samråd" not in names and "socialnämndens underskott" not in names


@pytest.mark.parametrize("text, expected", [
    # a person, with or without a title, before a company in a signature or board list
    ("Kontakt: VD Lars Ek Norrby Elverk AB, tel 0123-456.", "Norrby Elverk AB"),
    ("Ledamöter: Anna Berg Söderby Bostäder AB", "Söderby Bostäder AB"),
    ("Avtalet tecknas med Norrby Energi AB.", "Norrby Energi AB"),
    # a slash or hyphen inside a unit's compound
    ("Arbetet görs av gata/park-enheten.", "gata/park-enheten"),
])
def test_organisation_mentions_a_company_after_a_person_and_a_unit_with_a_slash(text, expected):
    assert expected in [m["name"] for m in find_mentions(text) if m["label"] == "ORG"]
    assert not any(m["name"] != expected and expected in m["name"] for m in find_mentions(text))


@pytest.mark.parametrize("after, role", [
    (" är ordförande i barn- och utbildningsnämnden.", "ordförande i barn- och utbildningsnämnden"),
    (" är kommunalråd och vice ordförande i nämnden.", "kommunalråd och vice ordförande i nämnden"),
    (" är ordförande och tycker att det är bra.", "ordförande"),
])
def test_a_predicate_role_keeps_a_name_cut_at_a_hyphen_whole(after, role):
    from kommunkollen.extractors.roles import predicate_role

    assert predicate_role(after)[0] == role
