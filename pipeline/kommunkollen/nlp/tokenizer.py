"""Tokenizer exceptions for Swedish administrative text, on top of spaCy's Swedish rules.

spaCy's Swedish tokenizer knows the common abbreviations ("t.ex.", "bl.a.",
"fr.o.m."); municipal documents add their own ("enl.", "tf.", "dnr.", "ordf."),
which would otherwise split into a word and a full stop that reads as a
sentence end. The list is data (pipeline/kommunkollen/data/abbreviations.txt).
"""
from __future__ import annotations

from functools import cache
from importlib import resources

from spacy.language import Language
from spacy.symbols import ORTH


@cache
def abbreviations() -> tuple[str, ...]:
    lines = resources.files("kommunkollen.data").joinpath("abbreviations.txt").read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def tune_tokenizer(nlp: Language) -> Language:
    """Add the abbreviations (and their capitalised forms) as special cases of `nlp`'s tokenizer."""
    for abbr in abbreviations():
        for form in {abbr, abbr[:1].upper() + abbr[1:]}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    return nlp
