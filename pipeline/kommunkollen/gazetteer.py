"""Facts shipped with the package (kommunkollen/data/; sources and licences in CREDITS.md).

Loaded once per process and shared by every stage that needs them. The tables are
checked against their manifest at start-up (kommunkollen.resources.check_data).
"""
from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache

from kommunkollen.resources import check_data, data_file


def _rows(name: str) -> list[dict]:
    check_data()   # cached: a missing or damaged table is a SetupError, not a KeyError later
    with data_file(name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@dataclass(frozen=True)
class Municipality:
    code: str          # SCB kommunkod, four digits
    name: str          # "Lidköping"
    official_name: str  # "Lidköpings kommun"
    county_code: str
    county_name: str

    @property
    def genitive(self) -> str:
        """'Lidköpings', 'Borås' (names ending in s take no extra s)."""
        return self.name if self.name.endswith(("s", "x", "z")) else self.name + "s"

    @property
    def domain(self) -> str:
        """The usual web domain: 'lidkoping.se', 'habo.se', 'upplandsvasby.se'."""
        return ascii_fold(self.name).replace(" ", "").replace("-", "") + ".se"


def ascii_fold(text: str) -> str:
    """'Håbo' -> 'habo': lower case without diacritics, as in domain names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def municipalities() -> tuple[Municipality, ...]:
    return tuple(Municipality(r["code"], r["name"], r["official_name"], r["county_code"], r["county_name"])
                 for r in _rows("municipalities.tsv"))


@cache
def municipality_by_name() -> dict[str, Municipality]:
    """Exact name (with diacritics, so Håbo is not Habo) to municipality."""
    return {m.name: m for m in municipalities()}


@cache
def municipality_by_code() -> dict[str, Municipality]:
    return {m.code: m for m in municipalities()}


@cache
def municipality_by_domain() -> dict[str, Municipality]:
    return {m.domain: m for m in municipalities()}


@cache
def counties() -> dict[str, str]:
    return {r["county_code"]: r["county_name"] for r in _rows("counties.tsv")}


@cache
def agencies() -> dict[str, str]:
    """Agency name to its type in SCB's register."""
    return {r["name"]: r["type"] for r in _rows("agencies.tsv")}


@cache
def parties() -> dict[str, str]:
    """Party name to abbreviation ('Moderaterna' -> 'M')."""
    return {r["name"]: r["abbreviation"] for r in _rows("parties.tsv")}


@cache
def given_names() -> frozenset[str]:
    return frozenset(r["name"] for r in _rows("given_names.tsv"))


@cache
def surnames() -> frozenset[str]:
    return frozenset(r["name"] for r in _rows("surnames.tsv"))


@cache
def common_words() -> frozenset[str]:
    """Words official prose writes in lower case (counted in the raw text at set-up): "bistånd", "arv"."""
    return frozenset(r["word"] for r in _rows("common_words.tsv"))


@cache
def localities() -> frozenset[str]:
    """Swedish towns and villages (tätorter) that are not municipality names."""
    return frozenset(r["name"] for r in _rows("localities.tsv"))


@cache
def _word_list(name: str) -> frozenset[str]:
    """One entry per line of a list we wrote (pipeline/kommunkollen/data/*.txt); `#` starts a comment line."""
    text = data_file(name).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def countries() -> frozenset[str]:
    """Country names and their capitals, continents, world regions, seas, former states, large lakes and rivers."""
    rows = _rows("countries.tsv")
    regions = _word_list("world_regions.txt")
    return frozenset({r["country"] for r in rows} | {r["capital"] for r in rows if r["capital"]} | regions)


@cache
def common_acronyms() -> frozenset[str]:
    """Acronyms of laws, concepts, substances, diagnoses, currencies ("LSS", "PFAS", "BNP"): not names."""
    return _word_list("common_acronyms.txt")


@cache
def swedish_regions() -> frozenset[str]:
    """Provinces, lands and regions of Sweden (data/swedish_regions.txt) and the län, in full
    ("Västra Götalands län") and by their name alone ("Västra Götaland", "Kalmar")."""
    names = set(_word_list("swedish_regions.txt"))
    for county in counties().values():
        names.add(county)
        base = county.removesuffix(" län")
        names.add(base[:-1] if base.endswith("s") else base)
    return frozenset(names)


@cache
def geopolitical_names() -> frozenset[str]:
    """Countries, world regions, län, Swedish regions and municipalities: names that are places in any context."""
    return (countries() | frozenset(counties().values()) | swedish_regions()
            | frozenset(m.name for m in municipalities()))
