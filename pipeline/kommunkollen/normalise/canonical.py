"""Canonical names and stable ids for organisations, parties, agencies and persons.

Ids are built from names and SCB codes, never from row numbers, so they are
the same across runs: "1494:kommunstyrelsen" (a body of Lidköping),
"municipality:1494", "agency:polismyndigheten", "party:M",
"person:1494:jonas-sundstrom".
"""
from __future__ import annotations

from functools import cache

import regex

from kommunkollen import gazetteer
from kommunkollen.gazetteer import ascii_fold
from kommunkollen.normalise.patterns import BODY_ABBREVIATIONS, HEAD_FORMS, SHORT_FORMS

_AGENCY_ALIASES = {"polisen": "Polismyndigheten", "kronofogden": "Kronofogdemyndigheten",
                   "skolinspektionen": "Statens skolinspektion", "regeringen": "Regeringskansliet"}


# Compiled once: these run per organisation mention.
_NOT_SLUG = regex.compile(r"[^a-z0-9]+")
_TRAILING_PARENTHESIS = regex.compile(r"\s*\([^)]*\)\s*$")
_CAPITAL = regex.compile(r"\p{Lu}")
_BODY_GENITIVE = regex.compile(r"(?:nämndens|styrelsens|fullmäktiges|utskottets|förvaltningens|kommuns)$")
_INTRODUCED_ABBREVIATION = regex.compile(r"^(?P<full>.+?)\s*\((?P<abbr>[\p{Lu}&]{1,8})\)$")


def slug(text: str) -> str:
    return _NOT_SLUG.sub("-", ascii_fold(text)).strip("-")


def _nominative(name: str) -> str:
    """'Kommunstyrelsens' -> 'Kommunstyrelsen', 'Kultur- och fritidsnämnd' -> 'Kultur- och fritidsnämnden'.

    Named units keep their capitals ("Social & Arbetsmarknad"); common-noun
    names are case-folded and capitalised, so "kommunstyrelsen" and
    "Kommunstyrelsen" are one."""
    bare = _TRAILING_PARENTHESIS.sub("", name).strip()
    proper = bool(_CAPITAL.search(bare, 1))
    low = bare if proper else bare.casefold()
    low = SHORT_FORMS.get(low, low)
    words = low.split()
    if not words:
        return low
    last = words[-1]
    if len(words) > 1 and _BODY_GENITIVE.search(words[-2]):
        return low[:1].upper() + low[1:]     # "socialnämndens förvaltning": a noun after a genitive stays indefinite
    for ending, repl in HEAD_FORMS:
        if last.endswith(ending):
            words[-1] = last[: len(last) - len(ending)] + repl
            break
    out = " ".join(words)
    return out[:1].upper() + out[1:]


def learn_aliases(names: list[str]) -> dict[str, str]:
    """Aliases a document introduces: 'Social & Arbetsmarknad (S&A)' teaches S&A."""
    aliases = {}
    for name in names:
        m = _INTRODUCED_ABBREVIATION.match(name)
        if m:
            aliases[m["abbr"]] = m["full"]
    return aliases


@cache
def _municipality_by_upper_name() -> dict:
    return {n.upper(): m for n, m in gazetteer.municipality_by_name().items()}


def canonical_org(name: str, kind: str, municipality_code: str | None, aliases: dict[str, str]) -> tuple[str, str]:
    """(canonical id, canonical name) of one organisation mention."""
    bare = _TRAILING_PARENTHESIS.sub("", name).strip()
    if bare in aliases:
        bare = aliases[bare]
    if kind == "party":
        parties = gazetteer.parties()
        abbr = parties.get(bare) or parties.get(bare.rstrip("s")) or bare.upper()
        names = {v: k for k, v in parties.items() if not k.startswith("(")}
        return f"party:{abbr}", names.get(abbr, bare)
    if kind == "municipality":
        m = regex.match(r"^(?P<n>.+?)s?\s+(?:kommun|stad)$", bare, regex.I)
        by_name = gazetteer.municipality_by_name()
        by_upper = _municipality_by_upper_name()   # a letterhead: "VÄSTERVIKS KOMMUN"
        hit = (by_name.get(m["n"]) or by_upper.get(m["n"])) if m else None
        hit = hit or ((by_name.get(m["n"] + "s") or by_upper.get(m["n"] + "S")) if m else None)
        if hit:
            return f"municipality:{hit.code}", hit.official_name
        return f"municipality:{slug(bare)}", bare
    if kind == "agency":
        canonical = _AGENCY_ALIASES.get(bare.casefold(), bare)
        if canonical == "Länsstyrelsen" and municipality_code:
            county = gazetteer.municipality_by_code()[municipality_code].county_name
            canonical = f"Länsstyrelsen i {county}"
        return f"agency:{slug(canonical)}", canonical
    if kind == "municipal_body":
        if bare in BODY_ABBREVIATIONS:
            bare = BODY_ABBREVIATIONS[bare]
        display = _nominative(bare)
        return f"{municipality_code or 'unknown'}:{slug(display)}", display
    return f"{kind}:{slug(bare)}", bare


def person_id(name: str, municipality_code: str | None) -> str:
    """Persons merge across documents by name and municipality."""
    return f"person:{municipality_code or 'unknown'}:{slug(name)}"
