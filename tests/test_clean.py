"""Cleaning: Unicode normalisation, boilerplate lines, HTML main text, metadata."""
from __future__ import annotations

import json

import pytest

from kommunkollen.clean import clean_text
from kommunkollen.clean.boilerplate import is_boilerplate
from kommunkollen.clean.metadata import extract_metadata, guess_municipality
from kommunkollen.clean.unicode import normalise_text
from kommunkollen.fetch.encoding import decode_bytes, looks_binary
from tests.conftest import GOLD_SEEDS, ROOT, SAMPLE, SEEDS, needs_shared


@pytest.mark.parametrize("raw, clean", [
    ("1\u00a0170\u00a0000 kr", "1 170 000 kr"),
    ("sam\u00adordnare", "samordnare"),
    ("kommun-\nstyrelsen", "kommunstyrelsen"),
    ("Cafe\u0301", "Café"),                       # NFC
    ("a\r\nb", "a\nb"),
    ("ett\n\n\n\ntvå", "ett\n\ntvå"),
    ("tio\u202fkronor", "tio kronor"),
])
def test_clean_unicode_normalisation(raw, clean):
    assert normalise_text(raw) == clean


@pytest.mark.parametrize("line, boiler", [
    ("Kontakta oss", True),
    ("Tyck till om kommunen (beröm, klagomål) Lämna felanmälan", True),
    ("Tyck till om kommunen – lämna en synpunkt", True),
    ("Sök i Kommunbladets arkiv", True),
    ("Fyll i dina uppgifter nedan för att kommentera:", True),
    ("Skriv en kommentar. Du måste vara inloggad för att kommentera.", True),
    ("Du kommenterar med ditt Twitter-konto. ( Logga ut )", True),
    ("Du är inloggad via ditt Google-konto. Logga ut", True),
    ("Verifiering * (obligatorisk)", True),
    ("Om kakor på webbplatsen", True),
    ("Kommentarer (2)", True),
    ("Ring 0171-525 00, faxa 0171-525 99 eller e-posta till kommun@exempel.se", True),
    ("Vi använder kakor för att förbättra webbplatsen.", True),
    ("Till startsidan", True),
    ("Skicka e-post", True),
    ("Sida 2 av 15", True),                       # page numbers a PDF's transcription leaves
    ("3 (12)", True),
    ("Sidan uppdaterades", True),
    ("Senast uppdaterad: 15 december 2023", False),   # with a date it is metadata
    ("12", False),                                # a number alone may be a table cell
    ("Kommunstyrelsen beslutade att lägga informationen till handlingarna.", False),
    ("Förslag till beslut", False),
    ("  • Bostadsförsörjning", False),
])
def test_clean_boilerplate_line_shapes(line, boiler):
    assert is_boilerplate(line) is boiler


@needs_shared
def test_clean_seeds_keep_every_gold_evidence_sentence_and_lose_boilerplate():
    for gold_path in sorted(GOLD_SEEDS.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text, _ = clean_text((SEEDS / gold["source_file"]).read_text(encoding="utf-8"))
        for change in gold["org_changes"]:
            assert change["evidence"] in text, (gold["id"], change["evidence"][:60])
        for line in text.splitlines():
            assert not is_boilerplate(line), (gold["id"], line)
        assert "Du kommenterar med" not in text and "Kontakta oss" not in text


@needs_shared
def test_clean_seed_metadata_matches_gold():
    for gold_path in sorted(GOLD_SEEDS.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        path = SEEDS / gold["source_file"]
        text, hints = clean_text(path.read_text(encoding="utf-8"))
        meta = extract_metadata(text, source=str(path), hints=hints)
        assert meta["doc_type"] == gold["doc_type"]
        assert meta["municipality"] == gold["municipality"]
        assert meta["published"] == gold["published"]
        assert meta["title"].strip("”\"") == gold["title"]


def test_clean_html_main_text_and_hints():
    html = (SAMPLE / "08_sida_tranas_socialtjanst.html").read_text(encoding="utf-8")
    text, hints = clean_text(html, "text/html")
    assert text.startswith("Socialtjänsten får ny organisation")
    assert "• Omorganisationen kostar cirka 1,5 miljoner kronor under 2024." in text
    assert "900 anställda" in text                          # &nbsp; became a plain space
    assert hints["published"].startswith("2023-11-09") and hints["title"] == "Socialtjänsten får ny organisation"


@pytest.mark.parametrize("source, text, expected", [
    ("https://www.habo.se/nyheter/1", "", ("Habo", "0643")),
    ("https://www.habo.se/nyheter/1", "Håbo kommun", ("Habo", "0643")),     # the domain decides
    ("fil.txt", "Håbo kommun bygger. Håbo växer.", ("Håbo", "0305")),
    ("fil.txt", "I Lundby finns inget.", (None, None)),                     # not Lund
    ("fil.txt", "Skriv till kommun@lidkoping.se", ("Lidköping", "1494")),
])
def test_clean_municipality_from_domain_and_text(source, text, expected):
    assert guess_municipality(text, source, {}) == expected


@pytest.mark.parametrize("data, encoding", [
    ("Återrapportering".encode(), "utf-8"),
    ("Återrapportering – ”citat”".encode("cp1252"), "cp1252"),
    ("Återrapportering".encode("latin-1"), "iso8859-1"),
    (b"\xef\xbb\xbfBOM", "utf-8-sig"),
])
def test_clean_encoding_detection(data, encoding):
    text, enc = decode_bytes(data)
    assert enc == encoding and not text.startswith("\ufeff")


def test_clean_binary_detection():
    assert looks_binary(b"%PDF\x00\x01\x02" * 10)
    assert not looks_binary("Vanlig svensk text med å, ä och ö.".encode())


# The sample corpus's own metadata, written when the documents were.
SAMPLE_METADATA = {
    "01_nyhet_vanersborg_simhall.txt": ("news", "Vänersborg", "1487", "2023-03-14", "Ny simhall blir dyrare än planerat"),
    "02_pressmeddelande_habo_forskola.txt": ("press_release", "Håbo", "0305", "2022-02-03",
                                             "Håbo bygger ny förskola i Gransäter"),
    "03_tjansteskrivelse_skovde_foreningsbidrag.txt": ("tjansteskrivelse", "Skövde", "1496", None,
                                                       "Fördelning av extra föreningsbidrag 2024"),
    "04_protokoll_ludvika_ks.txt": ("protokoll", "Ludvika", "2085", "2021-09-07",
                                    "Ny organisation för miljö- och byggfrågor"),
    "05_blogg_kiruna_stadsomvandling.txt": ("blog", "Kiruna", "2584", None, "Ett år med nya stadshuset"),
    "06_skr_exempel_ostersund.txt": ("web_page", "Östersund", "2380", "2020-10-21",
                                     "Samlad ingång för företagare i Östersunds kommun"),
    "07_rapport_uddevalla_hemtjanst.txt": ("report", "Uddevalla", "1485", "2022-12-15",
                                           "Delrapport: Uppföljning av hemtjänsten i Uddevalla kommun 2022"),
    "08_sida_tranas_socialtjanst.html": ("press_release", "Tranås", "0687", "2023-11-09",
                                         "Socialtjänsten får ny organisation"),
}


@pytest.mark.parametrize("name", sorted(SAMPLE_METADATA))
def test_clean_sample_metadata(name):
    from kommunkollen.clean import clean_document
    from kommunkollen.fetch import read_document
    from kommunkollen.settings import Settings

    doc = clean_document(read_document(str(SAMPLE / name), Settings()), Settings())
    m = doc.meta
    assert (m["doc_type"], m["municipality"], m["municipality_code"], m["published"], m["title"]) == SAMPLE_METADATA[name]


@pytest.mark.parametrize("text, expected", [
    ("Dnr KS 2018/124", "KS 2018/124"),
    ("§ 112 Dnr KS 2021/245 och Diarienummer: 2019.1234", "KS 2021/245; 2019.1234"),
    ("Ärendenummer BUN 2020/12-3", "BUN 2020/12-3"),
    ("Inget nummer här 2018/124", None),
])
def test_clean_diarienummer(text, expected):
    from kommunkollen.clean.metadata import find_diarienummer
    assert find_diarienummer(text) == expected


# Document types from the shapes of the genre (data/doc_type_cues.tsv); texts of our own.
@pytest.mark.parametrize("text, expected", [
    ("12 mars 2024 08:15\n\nNy skola i Norrby\n\nBarn- och utbildningsnämnden vill bygga en ny skola.\n\n"
     "– Det behövs, säger ordföranden Eva Lund (C).\n\nFoto: Per Ek", "news"),
    ("Publicerad 2024-03-12\n\nNy skola i Norrby\n\nNämnden har beslutat att bygga en ny skola.\n\n"
     "För mer information, kontakta förvaltningschefen.", "press_release"),
    ("SAMMANTRÄDESPROTOKOLL\nBygg- och miljönämnden\n2024-03-12\n\nPlats och tid Stadshuset kl. 13.00\n"
     "Beslutande Anna Ek (S), ordförande\nUtses att justera Per Holm\n\n§ 12\nBygglov", "protokoll"),
    ("Tjänsteskrivelse\nHandläggare: Lisa Berg\n\nNy taxa för bygglov\n\nFörslag till beslut\n\n"
     "Nämnden föreslås besluta att anta taxan.", "tjansteskrivelse"),
    ("Revisionsrapport 2023\nGranskning av intern kontroll\n\nInnehållsförteckning\n1. Inledning\n"
     "1.1 Bakgrund\n\nRevisionell bedömning\nVi bedömer att kontrollen är tillräcklig.", "report"),
    ("Centerpartiet Norrby\n\nMedlemsmöte på torsdag\n\nVi ses i föreningslokalen. Jag hoppas att många kommer.",
     "blog"),
    ("Äldreomsorg\n\nHär finns information om hemtjänst.\n\nKontakta oss\n\nSidansvarig: Kommunikationsenheten",
     "web_page"),
    ("Ett stycke text utan några kännetecken alls.", "other"),
    # without cues: prose about the municipality's own bodies is its announcement, other prose news
    ("Fler bidrag fördelades\n\nPå kultur- och fritidsnämndens möte den 3 maj togs beslut om bidrag till "
     "föreningarna i kommunen för året.", "press_release"),
    ("Vintern kom tidigt\n\nSnön föll redan i oktober och många bilister fick byta till vinterdäck "
     "i all hast innan helgen.", "news"),
])
def test_clean_doc_type_from_genre_cues(text, expected):
    assert extract_metadata(text)["doc_type"] == expected


def test_clean_doc_type_publisher_municipality_makes_news_a_press_release():
    text = "Ny skola i Norrby\n\n– Det behövs, säger ordföranden Eva Lund (C)."
    assert extract_metadata(text)["doc_type"] == "news"
    assert extract_metadata(text, hints={"site_name": "Norrby kommun"})["doc_type"] == "press_release"


# The document's own date, never one from the body (the order in clean/metadata.py).
@pytest.mark.parametrize("text, expected", [
    ("Publicerad den 3 april 2024\n\nRubrik här\n\nSidan uppdaterad den 9 april 2024", "2024-04-03"),
    ("Rubrik här\n\nText.\n\nSidan uppdaterades\n\n2023-05-13\n\nSidansvarig: Ansvarig", "2023-05-13"),
    ("Norrby\n09:12 | 3 mars 2022\n\nBeslut om bolag\n\nFullmäktige har beslutat.", "2022-03-03"),
    ("2021-05-04 10:15\n\n2021-05-05 08:00\n\nRubrik\n\nText.", "2021-05-04"),
    ("NYHETER 2023-03-14 KL. 08:05\n\nRubrik\n\nText.", "2023-03-14"),
    ("Inledning om något.\n\nRubrik\n\n2022-02-14 Badhuset kan få stänga.", "2022-02-14"),
    # a protokoll: the anslag (justering) date before the meeting date
    ("Bygg- och miljönämnden 2022-09-06\nPlats och tid Rådhuset kl. 09.00\nJusteringens plats och tid "
     "Stadshuset, 2022-09-09\nJusterare Per Holm\n§ 1", "2022-09-09"),
    ("1 Socialnämnden 2 (14) Föredragningslista 3 mars 2022 Ärenden 1. Val av justerare 2. Information om "
     "budgeten", "2022-03-03"),
    # a date of the body is not the document's
    ("Ny skola i Norrby\n\nNämnden beslutade den 9 mars 2021 att bygga skolan.", None),
    ("Tjänsteskrivelse\nHandläggare: Lisa Berg\n\nFörslag till beslut\n\nDen 9 mars 2021 beslutade "
     "nämnden om medel.", None),
    ("Publicerad: Uppdaterad:\n\nRubrik\n\nDen 7 april 2022 kan nämnden besluta.", None),
    # a byline with the date; the publication beside the update on one line
    ("Av Anna Ek, 14 mars 2023 09:12\n\nRubrik\n\nText.", "2023-03-14"),
    ("Uppdaterad 15 mars 2023 kl 12:40 | Publicerad 14 mars 2023 kl 08:05\n\nRubrik\n\nText.", "2023-03-14"),
])
def test_clean_published_from_the_documents_own_date_lines(text, expected):
    assert extract_metadata(text)["published"] == expected


# Titles: the first heading-like line that is not page furniture, a date line, a person's name or
# the site's name.
@pytest.mark.parametrize("text, expected", [
    ("Javascript är avstängt\n\nNorrby får nytt badhus\n\nKommunen bygger ett nytt badhus.", "Norrby får nytt badhus"),
    ("Save this PDF as:\n WORD  PNG  TXT  JPG\n\nÅrsredovisning för Norrby kommun\n\nText.",
     "Årsredovisning för Norrby kommun"),
    ("Tisdagen den 3 maj 2022 kl 18:00\n\nMöte om skolan i Norrby\n\nText.", "Möte om skolan i Norrby"),
    ("Nyheter\n\nNedläggningen av Byskolan: beslutet överklagat\n\nText.", "Nedläggningen av Byskolan: beslutet överklagat"),
    ("Centerpartiet Norrby\n\nMedlemsmöte i kväll, fullmäktige i morgon\n\nText.",
     "Medlemsmöte i kväll, fullmäktige i morgon"),
    ("Stäng\n\nStadsbyggnadsförvaltningen\n\nFörvaltningen har fyra avdelningar.", "Stadsbyggnadsförvaltningen"),
    # a breadcrumb trail says where the page sits
    ("Startsida / Kommun och politik\nSå styrs kommunen\nKommunstyrelsen leder arbetet.", "Så styrs kommunen"),
    ("Hem > Bo och bygga > Bygglov\nAnsök om bygglov\nDu ansöker digitalt.", "Ansök om bygglov"),
    # a photo caption with its credit is not the title; the headline above bare date labels is
    ("Anna Ek (S) vill spara – i klippet svarar Per Lind (M) på kritiken. Foto: Norrby-Posten\n\n"
     "Norrby får miljoner av staten – underskott blir överskott\n\nUppdaterad\nPublicerad\n\nKommunen får pengar.",
     "Norrby får miljoner av staten – underskott blir överskott"),
    # a publisher's name or a municipality's letterhead above the headline
    ("Lokaltidningen\nNya cykelvägar i Norrby\nKommunen bygger cykelvägar.", "Nya cykelvägar i Norrby"),
    ("Söderbyposten\nSkolan får ny rektor\nText.", "Skolan får ny rektor"),
    ("Sveriges Radio\nBadhuset stänger för gott\nText.", "Badhuset stänger för gott"),
    ("NORRBY KOMMUN\nNya regler för bygglov\nText.", "Nya regler för bygglov"),
    ("Du är här: Startsida / Nyheter\nNya regler för bygglov\nText.", "Nya regler för bygglov"),
])
def test_clean_title_skips_furniture_dates_and_site_names(text, expected):
    assert extract_metadata(text)["title"] == expected


def test_clean_a_formal_documents_letterhead_may_be_its_title():
    text = "NORRBY KOMMUN\nKommunstyrelsen\n§ 12\nProtokoll 2024-03-12\n\nJusterare: Anna Ek\n\nBeslutande ledamöter"
    meta = extract_metadata(text)
    assert meta["doc_type"] == "protokoll" and meta["title"] == "NORRBY KOMMUN"


# -- which extractor reads a page (issue: main text at least as good as trafilatura) ----------

FIXTURE_HTML = ROOT / "tests" / "fixtures" / "html"


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_clean_our_pages_keep_every_must_have_snippet_and_no_must_not():
    """Our own pages, scored as trafilatura-eval scores (the snippets are ours)."""
    snippets = json.loads((FIXTURE_HTML / "snippets.json").read_text(encoding="utf-8"))
    for name, item in snippets.items():
        if name.startswith("_"):
            continue
        path = (SAMPLE / name) if name.startswith("08_") else FIXTURE_HTML / name
        text = _flat(clean_text(path.read_text(encoding="utf-8"), "text/html")[0])
        assert [s for s in item["with"] if _flat(s) not in text] == [], name
        assert [s for s in item["without"] if _flat(s) in text] == [], name


def test_clean_sitevision_is_ours_everything_else_trafilatura_with_its_dates_and_authors():
    _, sitevision = clean_text((FIXTURE_HTML / "sitevision_nyhet.html").read_text(encoding="utf-8"), "text/html")
    assert sitevision["extractor"] == "sitevision"
    text, news = clean_text((FIXTURE_HTML / "nyhetssajt.html").read_text(encoding="utf-8"), "text/html")
    assert news["extractor"] == "trafilatura"
    assert news["author"] == "Per Holm"                   # trafilatura's "Text Per Holm", label stripped
    assert news["published"] == "2024-02-05" and text.startswith("Skolan i Åsbro läggs ner\n\n")
    _, blog = clean_text((FIXTURE_HTML / "blogg_wordpress.html").read_text(encoding="utf-8"), "text/html")
    assert (blog["author"], blog["published"]) == ("Sara Nilsson", "2023-03-03")


def test_clean_a_page_trafilatura_finds_nothing_in_goes_to_our_code():
    html = ("<html><body><div class='sida'><table><tr><td>Kommunstyrelsen beslutade den 3 maj 2021 att "
            "bygga en ny skola i Håbo.</td></tr></table></div></body></html>")
    text, hints = clean_text(html, "text/html")
    assert "bygga en ny skola i Håbo" in text


def test_clean_updated_line_with_a_date_is_kept_without_one_it_goes():
    text, _ = clean_text("Rubrik\n\nKommunen beslutade att bygga.\n\nSidan uppdaterad 3 februari 2022\n\n"
                         "Sidan uppdaterades\n\nSkriv ut\n")
    assert "Sidan uppdaterad 3 februari 2022" in text and "Sidan uppdaterades" not in text


def test_clean_author_from_a_byline_in_the_head():
    assert extract_metadata("Av Anna Ek, 14 mars 2023 09:12\n\nRubrik\n\nText.")["author"] == "Anna Ek"
    assert extract_metadata("Rubrik\n\nAv detta framgår att Anna Ek har rätt.\n\nText.")["author"] is None


@pytest.mark.parametrize("html, expected", [
    ('<html><head><meta name="generator" content="SiteVision 2023.01"></head><body></body></html>', True),
    ('<div class="sv-layout sv-text-portlet sv-use-margins"><p>Text</p></div>', True),
    ('<div class="portlet-body"><p>Ingen Sitevision här.</p></div>', False),
    ("<p>Om sitevision som ord i texten</p>", False),
])
def test_clean_sitevision_recognised_from_markup_without_a_parse(html, expected):
    from kommunkollen.clean.html import _looks_sitevision

    assert _looks_sitevision(html) is expected


def test_clean_page_author_from_trafilatura_where_the_markup_names_one():
    from kommunkollen.clean.html import html_to_text

    body = "".join(f"<p>Stycke {i} om kommunens nya bibliotek och dess öppettider för alla invånare.</p>" for i in range(8))
    with_byline = f'<html><body><article><h1>Nytt bibliotek</h1><span class="byline">Anna Ek</span>{body}</article></body></html>'
    without = f"<html><body><article><h1>Nytt bibliotek</h1>{body}</article></body></html>"
    assert html_to_text(with_byline)[1].get("author") == "Anna Ek"
    assert "author" not in html_to_text(without)[1]


def test_clean_page_metadata_falls_back_to_trafilaturas_whole_pass(monkeypatch):
    """Where trafilatura's internals that _page_metadata reads differ (another major version),
    its public extract_metadata gives the same fields."""
    from kommunkollen.clean import html as html_module

    page = (ROOT / "tests" / "fixtures" / "html" / "nyhetssajt.html").read_text(encoding="utf-8")
    expected = html_module.html_to_text(page)

    def broken(*args):
        raise AttributeError("no such internal")

    monkeypatch.setattr(html_module, "_page_metadata", broken)
    assert html_module.html_to_text(page) == expected


def test_clean_weak_sitevision_signs_are_checked_on_the_parse():
    """An html portlet or "Sitevision" in a meta tag is no certain Sitevision page: the article
    outside an empty portlet is kept."""
    body = "".join(f"<p>Stycke {i} om den nya förskolan i Norrby och dess avdelningar för barnen.</p>" for i in range(4))
    page = f'<html><body><article><h1>Ny förskola</h1>{body}<div class="sv-html-portlet"><iframe></iframe></div></article></body></html>'
    text, _ = clean_text(page, "text/html")
    assert "Stycke 3 om den nya förskolan" in text


def test_clean_sitevision_region_inside_a_text_portlet_keeps_all_its_text():
    page = ('<html><head><meta name="generator" content="SiteVision"></head><body><div class="sv-text-portlet">'
            '<div class="content"><p>Intro utanför de inre delarna av sidan.</p><div class="sv-text-portlet"><p>Inre A</p></div>'
            '<div class="sv-text-portlet"><p>Inre B</p></div></div></div></body></html>')
    text, _ = clean_text(page, "text/html")
    assert ["Intro utanför" in text, "Inre A" in text, "Inre B" in text] == [True, True, True]


@pytest.mark.parametrize("text, published", [
    ("Rubrik\n\nAv flera skäl stängs badet 14 juni 2023\n\nText.", None),    # "Av" opening a sentence
    ("Rubrik\n\nAv de inkomna svaren, 3 maj 2023\n\nText.", None),
])
def test_clean_a_sentence_opening_with_av_is_no_byline(text, published):
    assert extract_metadata(text)["published"] == published


@pytest.mark.parametrize("text", [
    "Rubrik\n\nHon nämnde att det hade varit svårt att hitta en ledig lägenhet i centrum under hela hösten.",
    "Rubrik\n\nFörvaltningsrätten i Luleå avslog överklagandet från de boende i området kring den nya vägen.",
])
def test_clean_doc_type_body_words_are_nouns_of_bodies(text):
    assert extract_metadata(text)["doc_type"] == "news"

def test_clean_our_route_reads_text_not_code_or_declarations():
    """A heading's inline style sheet is not its title; an inline SVG's document-type
    declaration is no text; the text after a dropped share bar reads with one space."""
    page = ('<html><head><meta name="generator" content="SiteVision"></head><body><div class="sv-text-portlet">'
            '<h1><style>.rubrik{color:red}</style>Nytt bibliotek i Norrby</h1>'
            '<p>Biblioteket öppnar <span class="share">Dela</span> i maj för alla invånare.</p>'
            '<p><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd"><svg><path/></svg>Öppet alla dagar.</p>'
            '</div></body></html>')
    text, hints = clean_text(page, "text/html")
    assert hints["title"] == "Nytt bibliotek i Norrby"
    assert "color:red" not in text and "PUBLIC" not in text and "Öppet alla dagar." in text


def test_clean_our_route_parses_pages_with_an_encoding_declaration_or_nothing():
    from kommunkollen.clean.html import _our_text

    declared = '<?xml version="1.0" encoding="iso-8859-1"?><html><body><main><p>Åtgärder för äldre.</p></main></body></html>'
    assert _our_text(declared, None)[0] == "Åtgärder för äldre."
    assert _our_text("", None) == ("", {"extractor": "body"})
