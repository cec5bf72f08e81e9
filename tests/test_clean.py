"""Cleaning: Unicode normalisation, boilerplate lines, HTML main text, metadata."""
from __future__ import annotations

import json

import pytest

from kommunkollen.clean import clean_text
from kommunkollen.clean.boilerplate import is_boilerplate
from kommunkollen.clean.metadata import extract_metadata, guess_municipality
from kommunkollen.clean.unicode import normalise_text
from kommunkollen.fetch.encoding import decode_bytes, looks_binary
from tests.conftest import GOLD_SEEDS, SAMPLE, SEEDS, needs_shared


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
