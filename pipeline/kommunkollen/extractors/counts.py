"""Counts of people, places and units: "drygt 400 personer", "två förvaltningar".

`extract_counts(text, taken)` is the pure function; `kk_counts` wraps it and
skips spans already claimed by amounts and dates.
"""
from __future__ import annotations

from collections.abc import Iterator

import regex
from spacy.language import Language
from spacy.tokens import Doc

from kommunkollen.extractors import lexicon
from kommunkollen.nlp.components import Occupancy
from kommunkollen.nlp.extensions import records, store
from kommunkollen.swedish import NUMBER_WORDS

_WORDNUM = "|".join(sorted((w for w in NUMBER_WORDS if w not in ("en", "ett")), key=len, reverse=True))
_NOUNS = "|".join(sorted(lexicon.COUNT_NOUNS, key=len, reverse=True))
# Up to two attributive words ("ensamkommande", "nya", "asylsökande") before the counted noun,
# which may be a compound ending in a listed noun ("gymnasieelever", "asylplatser", "IT-enheter")
# and definite ("de två nämnderna", "de tre kommunerna").
_COUNT = regex.compile(
    rf"(?<![\p{{L}}\d,.:/-])(?P<approx>(?:{lexicon.APPROX_WORDS})\s+)?(?:ett\s+)?"
    rf"(?P<num>\d{{1,3}}(?:[ ]\d{{3}})+|\d+|{_WORDNUM})(?P<tal>-tal)?\s+"
    rf"(?P<unit>(?:(?:\p{{Ll}}+(?:nde|de|da|ga|ka|na|ra|ta|iga|liga|ska|ade|are)|nya|fler|olika|stora|små|större|"
    rf"mindre)\s+){{0,2}}"
    rf"(?:\p{{Lu}}{{1,5}}-)?\p{{Ll}}*(?:{_NOUNS})(?:na|en)?)(?![\p{{L}}])",
    regex.I)
# "sju av 13 platser": the part and the whole, both counted, with the noun of the whole.
_PART_OF = regex.compile(rf"(?<![\p{{L}}\d,.:/-])(?P<num>\d+|{_WORDNUM})\s+av\s+(?=(?:\d+|{_WORDNUM})\s+(?P<unit>\p{{Ll}}*(?:{_NOUNS})))",
                         regex.I)
# Abstract things are not counted: "nio frågor", "två delar", "tre punkter".
_ABSTRACT = {"frågor", "delar", "punkter", "steg", "förslag", "sidor", "procent", "år", "månader", "veckor",
             "dagar", "timmar", "gånger", "förändringar", "saker", "skäl", "områden"}


_NOUN_SET = frozenset(lexicon.COUNT_NOUNS)


def _indefinite(unit: str) -> str:
    """The counted noun as the lexicon has it: "nämnderna" -> "nämnder", "bolagen" -> "bolag"."""
    *attrs, noun = unit.split()
    for ending in ("na", "en"):
        stem = noun[: -len(ending)]
        if noun.lower().endswith(ending) and any(stem.lower().endswith(n) for n in _NOUN_SET):
            noun = stem
            break
    return " ".join([*attrs, noun])


def extract_counts(text: str, taken: list[tuple[int, int]] | None = None) -> Iterator[dict]:
    """Count records {text, value, unit, approx, start, end} in text order."""
    occupied = Occupancy(len(text))    # overlap tests in the span's length, not in the records kept
    for start, end in taken or []:
        occupied.take(start, end)
    found = []
    for m in _PART_OF.finditer(text):
        raw = m["num"].lower()
        value = NUMBER_WORDS.get(raw) if not raw[0].isdigit() else int(raw)
        if value is not None and not occupied.overlaps(m.start(), m.end()):
            found.append({"text": m.group().strip(), "value": value, "unit": m["unit"], "approx": False,
                          "start": m.start(), "end": m.end()})
    yield from found
    for m in _COUNT.finditer(text):
        s, e = m.span()
        if occupied.overlaps(s, e):
            continue
        unit = _indefinite(m["unit"])
        head = unit.split()[-1].lower()
        if head in _ABSTRACT:
            continue
        raw = m["num"].lower()
        value = NUMBER_WORDS.get(raw) if not raw[0].isdigit() else int(raw.replace(" ", ""))
        if value is None:
            continue
        # A four-digit number that looks like a year before a noun ("2016 elever" is rare, "år 2016" common).
        if raw.isdigit() and len(raw) == 4 and 1900 <= value <= 2100 and text[max(0, s - 4):s].lower().strip() in ("år", "i"):
            continue
        yield {"text": m.group().strip(), "value": value, "unit": unit, "approx": bool(m["approx"] or m["tal"]),
               "start": s, "end": e}


@Language.component("kk_counts", assigns=["doc.spans", "doc._.records"])
def counts_component(doc: Doc) -> Doc:
    recs = records(doc)
    taken = [(r["start"], r["end"]) for kind in ("amounts", "dates") for r in recs.get(kind, [])]
    store(doc, "counts", list(extract_counts(doc.text, taken)), "COUNT", "kk_counts")
    return doc
