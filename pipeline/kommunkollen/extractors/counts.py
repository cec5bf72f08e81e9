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
from kommunkollen.nlp.extensions import doc_text, records, store
from kommunkollen.swedish import NUMBER_WORDS

_WORDNUM = "|".join(sorted((w for w in NUMBER_WORDS if w not in ("en", "ett")), key=len, reverse=True))
_NOUNS = "|".join(sorted(lexicon.COUNT_NOUNS, key=len, reverse=True))
# Up to two attributive words ("ensamkommande", "nya", "asylsökande") before the counted noun,
# which may be a compound ending in a listed noun ("gymnasieelever", "asylplatser", "IT-enheter")
# and definite ("de två nämnderna", "de tre kommunerna").
_COUNT = regex.compile(
    rf"(?<![\p{{L}}\d,.:/-])(?P<approx>(?:{lexicon.APPROX_WORDS})\s+)?(?:ett\s+)?"
    rf"(?P<num>\d{{1,3}}(?:[ ]\d{{3}})+|\d+|{_WORDNUM})(?P<tal>-tal|(?<=\p{{L}})tal)?\s+"      # "20-tal", "ett tjugotal"
    rf"(?P<unit>(?:(?:\p{{Ll}}+(?:nde|de|da|ga|ka|na|ra|ta|iga|liga|ska|ade|are)|nya|fler|olika|stora|små|större|"
    rf"mindre)\s+){{0,2}}"
    rf"(?:\p{{Lu}}{{1,5}}-)?\p{{Ll}}*(?:{_NOUNS})(?:na|en)?)(?![\p{{L}}])",
    regex.I)
# "sju av 13 platser": the part and the whole, both counted, with the noun of the whole.
_PART_OF = regex.compile(rf"(?<![\p{{L}}\d,.:/-])(?P<num>\d+|{_WORDNUM})\s+av\s+(?=(?:\d+|{_WORDNUM})\s+(?P<unit>\p{{Ll}}*(?:{_NOUNS})))",
                         regex.I)
# The number after its noun: "Antalet elever är 340", "Totalt antal mandat 41", "antalet
# platser uppgår till 28".
_NUMBER_OF = regex.compile(
    rf"(?<![\p{{L}}])(?:[Tt]otalt\s+)?[Aa]ntal(?:et)?\s+(?P<unit>(?:\p{{Lu}}{{1,5}}-)?\p{{Ll}}*(?:{_NOUNS}))\s+"
    rf"(?:(?:år\s+)?(?:19|20)\d\d\s*:?\s+)?"        # the year of a table row: "Antal invånare 2022: 15 000"
    rf"(?:(?:är|var|blir|blev|uppgår till|uppgick till|har ökat till|har minskat till|ökar till|minskar till)\s+|:\s*)?"
    rf"(?P<approx>(?:{lexicon.APPROX_WORDS})\s+)?(?P<num>\d{{1,3}}(?:[ ]\d{{3}})+|\d+|{_WORDNUM})(?![\p{{L}}\d%]|[,.]\d|\s*(?:%|procent|kr\b|kronor|tkr|mnkr))",
    regex.I)
# People named by what they do, which no list can hold ("två nya socialsekreterare", "fem
# undersköterskor", "tre kuratorer"): agent-noun endings, counted only where the tagger says the
# word is a noun ("två tidigare beslut": a comparative, not people).
_AGENT_COUNT = regex.compile(
    rf"(?<![\p{{L}}\d,.:/-])(?P<approx>(?:{lexicon.APPROX_WORDS})\s+)?"
    rf"(?P<num>\d{{1,3}}(?:[ ]\d{{3}})+|\d+|{_WORDNUM})\s+"
    rf"(?P<attrs>(?:(?:\p{{Ll}}+(?:nde|de|da|ga|ka|na|ra|ta|iga|liga|ska|ade)|nya|fler|olika)\s+){{0,2}})"
    rf"(?P<head>\p{{Ll}}{{2,}}(?:are|örer|orer|ister|loger|sköterskor|tekniker|ingenjörer|assistenter|pedagoger|"
    rf"biträden|poliser|ambassadörer|kuratorer|rektorer|terapeuter|barnmorskor|läkare|kockar|vakter))(?![\p{{L}}])",
    regex.I)
# Things with an agent noun's ending: "datorer", "hjärtstartare", "högtalare".
_NOT_PEOPLE = regex.compile(r"(?:dator|motor|korridor|reaktor|sensor|radiator|kompressor|generator|traktor|container|"
                            r"startare|talare|skrivare|mätare|kylare|släckare|laddare|hållare|spelare|skärare|"
                            r"katalog|dialog|monolog)(?:er|ar|are)?$", regex.I)
# Abstract things are not counted: "nio frågor", "två delar", "tre punkter".
_ABSTRACT = {"frågor", "delar", "punkter", "steg", "förslag", "sidor", "procent", "år", "månader", "veckor",
             "dagar", "timmar", "gånger", "förändringar", "saker", "skäl", "områden"}


_NOUN_SET = frozenset(lexicon.COUNT_NOUNS)


def _number(raw: str) -> int | None:
    """A count's number, in words ("tre") or digits grouped by spaces ("1 200")."""
    return NUMBER_WORDS.get(raw) if not raw[0].isdigit() else int(raw.replace(" ", ""))


def _indefinite(unit: str) -> str:
    """The counted noun as the lexicon has it: "nämnderna" -> "nämnder", "bolagen" -> "bolag"."""
    *attrs, noun = unit.split()
    for ending in ("na", "en"):
        stem = noun[: -len(ending)]
        if noun.lower().endswith(ending) and any(stem.lower().endswith(n) for n in _NOUN_SET):
            noun = stem
            break
    return " ".join([*attrs, noun])


def extract_counts(text: str, taken: list[tuple[int, int]] | None = None,
                   noun_starts: frozenset[int] | None = None) -> Iterator[dict]:
    """Count records {text, value, unit, approx, start, end}, in the order the rules find them
    (the component sorts them by offset). `noun_starts` (the
    character offsets of the tokens the tagger made nouns) lets agent nouns outside the lexicon count."""
    occupied = Occupancy(len(text))    # overlap tests in the span's length, not in the records kept
    for start, end in taken or []:
        occupied.take(start, end)
    found = []
    for m in _PART_OF.finditer(text):
        raw = m["num"].lower()
        value = _number(raw)
        if value is not None and not occupied.overlaps(m.start(), m.end()):
            found.append({"text": m.group().strip(), "value": value, "unit": m["unit"], "approx": False,
                          "start": m.start(), "end": m.end()})
    for m in _NUMBER_OF.finditer(text):
        raw = m["num"].lower()
        if regex.fullmatch(r"(?:19|20)\d\d", raw) and regex.match(r"\s*[:–-]", text[m.end():m.end() + 3]):
            continue        # "Antal platser 2024: 28": the year, not the count
        value = _number(raw)
        if value is not None and not occupied.overlaps(m.start("num"), m.end("num")):
            occupied.take(m.start(), m.end())
            found.append({"text": m.group().strip(), "value": value, "unit": _indefinite(m["unit"]),
                          "approx": bool(m["approx"]), "start": m.start(), "end": m.end()})
    found.sort(key=lambda r: r["start"])
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
        value = _number(raw)
        if value is None:
            continue
        # A four-digit number that looks like a year before a noun ("2016 elever" is rare, "år 2016" common).
        if raw.isdigit() and len(raw) == 4 and 1900 <= value <= 2100 and text[max(0, s - 4):s].lower().strip() in ("år", "i"):
            continue
        occupied.take(s, e)
        yield {"text": m.group().strip(), "value": value, "unit": unit, "approx": bool(m["approx"] or m["tal"]),
               "start": s, "end": e}
    for m in _AGENT_COUNT.finditer(text) if noun_starts else ():
        s, e = m.span()
        if occupied.overlaps(s, e) or m.start("head") not in noun_starts or _NOT_PEOPLE.search(m["head"]):
            continue
        raw = m["num"].lower()
        value = _number(raw)
        if value is None:
            continue
        yield {"text": m.group().strip(), "value": value, "unit": (m["attrs"] + m["head"]).strip(),
               "approx": bool(m["approx"]), "start": s, "end": e}


@Language.component("kk_counts", assigns=["doc.spans", "doc._.records"])
def counts_component(doc: Doc) -> Doc:
    recs = records(doc)
    taken = [(r["start"], r["end"]) for kind in ("amounts", "dates") for r in recs.get(kind, [])]
    nouns = frozenset(t.idx for t in doc if t.pos_ == "NOUN") if doc.has_annotation("POS") else None
    counts = sorted(extract_counts(doc_text(doc), taken, nouns), key=lambda r: r["start"])
    store(doc, "counts", counts, "COUNT", "kk_counts")
    return doc
