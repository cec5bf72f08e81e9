"""Dates: absolute, ranges, seasons, relative expressions; never references or phone numbers."""
from __future__ import annotations

import pytest

from kommunkollen.extractors.dates import extract_dates


@pytest.mark.parametrize("text, value", [
    ("Beslutet fattades den 16 december 2015.", "2015-12-16"),
    ("Publicerad tisdag, 14 mars 2023, 08:45", "2023-03-14"),
    ("Fredag 03 mars 2023", "2023-03-03"),
    ("Datum: 2016-06-16", "2016-06-16"),
    ("Mötet hölls 16/12 2015 i stadshuset.", "2015-12-16"),
    ("Avstämning skedde under januari 2017.", "2017-01"),
    ("Ansökningar kom in oktober–november 2016.", "2016-10/2016-11"),
    ("Under hösten 2015 kom många.", "2015-autumn"),
    ("Planen gäller våren 2015.", "2015-spring"),
    ("Kursen startar höstterminen 2016.", "2016-autumn"),
    ("Medlen fördelas åren 2016–2018.", "2016/2018"),
    ("Projektet pågår 2016-2018.", "2016/2018"),
    ("Ändringen sker vid årsskiftet 2020-2021.", "2020/2021"),
    ("Husen byggdes på 1970-talet.", "1970/1979"),       # a decade: ISO 8601's interval
    ("Budgetåret 2024/2025 omfattar läsåret.", "2024/2025"),   # a budget or school year over two calendar years
    ("Antalet har ökat sedan 2017.", "2017"),
    ("Tidsperiod 2016 - pågående", "2016"),
    ("Konferensen hålls 9–11 februari 2024 i Umeå.", "2024-02-09/2024-02-11"),
    ("Svaren ska in senast sista juni 2024.", "2024-06-30"),
    ("Bolaget ska vara bildat till halvårsskiftet 2022.", "2022-07"),
])
def test_dates_absolute_forms(text, value):
    values = [d["value"] for d in extract_dates(text)]
    assert values == [value]


@pytest.mark.parametrize("text, year, value", [
    ("Beslut fattas den 15 juni.", 2020, "2020-06-15"),
    ("Beslut fattas den 15 juni.", None, "--06-15"),
    ("Direktivet kom i mars månad.", 2020, "2020-03"),
    ("Direktivet kom i mars.", None, "--03"),
    ("Kongressen hålls 9-11 februari i Karlstad.", None, "--02-09/--02-11"),
    ("Kongressen hålls 9-11 februari i Karlstad.", 2018, "2018-02-09/2018-02-11"),
    ("Förslagen lämnas senast sista februari.", 2024, "2024-02-29"),   # a leap year
    ("Mässan hålls 12–14 sept. 2023.", 2022, "2023-09-12/2023-09-14"),   # an abbreviated month with its year
])
def test_dates_without_year_take_the_document_year(text, year, value):
    [d] = extract_dates(text, year)
    assert d["value"] == value and d["relative"] is False


@pytest.mark.parametrize("text, year, value", [
    ("Frågan ställdes förra året.", 2020, "2019"),
    ("Frågan ställdes i fjol.", 2020, "2019"),
    ("Vi återkommer nästa år.", 2020, "2021"),
    ("Vi flyttade i höstas.", 2020, "2019-autumn"),
    ("Beslut tas under våren.", 2015, "2015-spring"),
    ("Frågan ställdes förra året.", None, None),
])
def test_dates_relative_expressions(text, year, value):
    [d] = extract_dates(text, year)
    assert d["relative"] is True and d["value"] == value


@pytest.mark.parametrize("text", [
    "Dnr KS 2018/124",
    "Enligt SFS 1990:927 och SOU 2018:22.",
    "Ring 0510-77 00 00.",
    "Postnummer 531 88.",
    "Eleverna i årskurs 7-9 deltar.",
    "Mötet börjar kl. 13:00.",
    "Kostnaden är 2 016 kr.",
])
def test_dates_not_dates(text):
    assert list(extract_dates(text, 2020)) == []


def test_dates_impossible_day_ranges_and_an_unresolved_this_year():
    assert [d["value"] for d in extract_dates("Den 30-31 februari 2024 finns inte.")] == ["2024-02"]
    [d] = extract_dates("Svaren lämnas senast sista maj i år.")
    assert (d["value"], d["relative"]) == (None, True)
