"""spaCy components of the NLP stage: sentence boundaries and the municipal layer.

kk_sentences: sentence starts at line breaks and after sentence-final punctuation,
    for text whose headings and list items carry no full stop.
kk_municipal_layer: organisations (with their kind) and places found by
    gazetteers and name shapes, merged with the statistical NER without
    overwriting `doc.ents`; mentions go to doc.spans["org_mentions"] and
    doc.spans["place_mentions"], with records in doc._.records.
"""
from __future__ import annotations

from functools import cache

import regex
from spacy.language import Language
from spacy.tokens import Doc

from pipeline import gazetteer
from pipeline.nlp import patterns
from pipeline.nlp.extensions import store


@Language.component("kk_sentences", assigns=["token.is_sent_start"])
def sentence_component(doc: Doc) -> Doc:
    if doc.has_annotation("DEP") or doc.has_annotation("SENT_START"):
        return doc
    for i, token in enumerate(doc):
        if i == 0:
            token.is_sent_start = True
            continue
        prev = doc[i - 1]
        starts = (
            (prev.is_space and "\n" in prev.text)
            or "\n" in prev.whitespace_
            or (prev.text in (".", "!", "?") and (token.is_title or token.is_upper or token.text in "”\"–-•")
                and not token.is_space)
            or (prev.text == ":" and "\n" in prev.whitespace_)
        )
        token.is_sent_start = bool(starts)
    return doc


def _alt(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _rules() -> list[tuple[str, str, regex.Pattern]]:
    """(kind, label, pattern) in priority order; a match's `name` group (or whole) is the mention."""
    munis = _alt(m.name for m in gazetteer.municipalities())
    agencies = _alt(set(gazetteer.agencies()) | set(patterns.AGENCY_ALIASES))
    parties = _alt(gazetteer.parties())
    abbr = "|".join(patterns.PARTY_ABBREVIATIONS)
    heads = "|".join(patterns.BODY_HEADS)
    b = r"(?<![\p{L}\d-])"
    e = r"(?![\p{L}\d-])"
    cap = r"\p{Lu}[\p{L}\d.'’-]*"
    return [
        ("company", "ORG", regex.compile(
            rf"{b}(?P<name>{cap}(?:[ ]+(?:&|och)[ ]+(?!AB\b)[\p{{L}}\d.'-]+|[ ]+(?!AB\b){cap}){{0,4}}[ ]+(?:{patterns.COMPANY_SUFFIXES})){e}")),
        ("municipality", "ORG", regex.compile(rf"{b}(?P<name>(?:{munis})s?[ ]+(?:kommun|[Ss]tad)){e}")),
        ("region", "ORG", regex.compile(rf"{b}(?P<name>Region[ ]+{cap}(?:[ ]+{cap})?|(?:{cap}[ ]+)?{cap}regionen|"
                                        rf"{cap}(?:[ ]+{cap})?[ ]+läns[ ]+landsting){e}")),
        ("agency", "ORG", regex.compile(rf"{b}(?P<name>Länsstyrelsen[ ]+i[ ]+{cap}(?:[ ]+{cap})?(?:[ ]+län)?|"
                                        rf"(?:{agencies})){e}")),
        ("association", "ORG", regex.compile(
            rf"{b}(?P<name>(?:Föreningen|Stiftelsen|Studieförbundet)(?:[ ]+{cap}){{1,3}}|"
            rf"(?:{patterns.CLUB_PREFIXES})(?:[ ]+{cap}){{1,2}}|(?:{cap}[ ]+){{0,2}}\p{{Lu}}\p{{Ll}}*(?:{patterns.CLUB_HEADS})){e}")),
        ("other", "ORG", regex.compile(rf"{b}(?P<name>\p{{Lu}}\p{{Ll}}+(?:{patterns.MEDIA_HEADS})(?:\.(?:nu|se))?|"
                                       rf"(?:{patterns.MEDIA_NAMES})(?:[ ]+(?:{munis}))?){e}")),
        ("association", "ORG", regex.compile(rf"{b}(?P<name>{_alt(patterns.ASSOCIATIONS)}|"
                                             rf"(?:{cap}[ ]+){{0,2}}{cap}(?:{'|'.join(patterns.ASSOCIATION_HEADS)})(?:[ ]+{cap}){{0,2}}){e}")),
        ("party", "ORG", regex.compile(rf"{b}(?P<name>(?:{parties})){e}")),
        ("party_list", "ORG", regex.compile(rf"{b}(?P<name>(?:{abbr})(?:[ ]*(?:,|och|&)[ ]*(?:{abbr}))+){e}")),
        ("municipal_body", "ORG", regex.compile(
            rf"{b}(?P<name>(?:[\p{{L}}]+-(?:[ ]*,[ ]*[\p{{L}}]+-)*[ ]+(?:och|samt|&)[ ]+)?"
            rf"[\p{{L}}]{{3,}}?(?:{heads})(?:[ ]*\((?P<abbr>\p{{Lu}}[\p{{Lu}}&]{{1,6}})\))?){e}", regex.I)),
        ("municipal_body", "ORG", regex.compile(rf"{b}(?P<name>{_alt(patterns.STANDALONE_BODIES)}){e}", regex.I)),
        ("municipal_body", "ORG", regex.compile(
            rf"{b}(?P<name>(?:{patterns.BODY_ADJECTIVES})[ ]+(?:nämnden|utskottet|förvaltningen|kontoret|enheten)|"
            rf"[\p{{L}}-]+(?:[ ]+(?:och|&)[ ]+[\p{{L}}]+)?nämndens[ ]+(?:förvaltning|kansli|arbetsutskott)){e}", regex.I)),
        # "KS", "BUN": abbreviations of bodies, but not the prefix of a case number ("KS 2018/124").
        ("municipal_body", "ORG", regex.compile(rf"{b}(?P<name>{_alt(patterns.BODY_ABBREVIATIONS)})"
                                                rf"(?![\p{{L}}\d-])(?![ ]*(?:\d|§))")),
        ("municipal_body", "ORG", regex.compile(rf"{b}[Ss]ektor(?:n)?[ ]+(?P<name>\p{{Lu}}\p{{Ll}}+(?:[ ]+\p{{Lu}}?\p{{Ll}}+)?){e}")),
        ("municipal_body", "ORG", regex.compile(
            rf"{b}(?P<name>\p{{Lu}}\p{{Ll}}+[ ]+&[ ]+\p{{Lu}}\p{{Ll}}+(?:[ ]*\(\p{{Lu}}[\p{{Lu}}&]{{1,6}}\))?){e}")),
        ("street", "LOC", regex.compile(rf"{b}(?P<name>\p{{Lu}}\p{{Ll}}+(?:{patterns.STREET_HEADS})[ ]+\d{{1,4}}(?:\s?[A-H])?){e}")),
        ("municipality_place", "LOC", regex.compile(rf"{b}(?P<name>{munis})(?P<gen>s)?{e}")),
        ("country", "LOC", regex.compile(rf"{b}(?P<name>{_alt(gazetteer.countries())}){e}")),
        ("locality", "LOC", regex.compile(rf"{b}(?P<name>{_alt(gazetteer.localities())}){e}")),
        # "i Gransäter", "på Nordkroken", "i centrala Bålsta", "i Kiruna C": a name after a place preposition.
        ("place_context", "LOC", regex.compile(
            rf"(?<=\b(?:i|på|vid|från)[ ]+(?:(?:centrala|norra|södra|östra|västra|hela)[ ]+)?)"
            rf"(?P<name>\p{{Lu}}\p{{Ll}}{{2,}}(?:[ ]+[A-ZÅÄÖ](?![\p{{L}}]))?){e}")),
    ]


def _is_generic_body(name: str) -> bool:
    if " " in name and not regex.search(r"\((?:\p{Lu}|&)+\)$", name):
        return False
    word = regex.sub(r"\s*\([^)]*\)$", "", name).split()[-1].casefold()
    return word in patterns.GENERIC_HEADS or word in patterns.NON_BODY_WORDS


def find_mentions(text: str) -> list[dict]:
    """Organisation and place mentions in `text`, overlaps resolved (earlier rules and longer spans win)."""
    found: list[dict] = []
    for priority, (kind, label, pattern) in enumerate(_rules()):
        for m in pattern.finditer(text):
            start, end = m.span("name")
            name = m["name"]
            if kind == "municipal_body" and _is_generic_body(name):
                continue
            if kind == "party_list":
                for part in regex.finditer(r"\p{Lu}+", name):
                    found.append({"name": part.group(), "kind": "party", "label": label, "priority": priority,
                                  "start": start + part.start(), "end": start + part.end(), "rule": kind})
                continue
            rec = {"name": name, "kind": kind, "label": label, "priority": priority, "start": start, "end": end,
                   "rule": kind}
            if kind == "municipality_place" and m["gen"]:
                rec["lemma"] = name
            found.append(rec)
    found.sort(key=lambda r: (r["priority"], -(r["end"] - r["start"]), r["start"]))
    taken: list[tuple[int, int]] = []
    kept = []
    for rec in found:
        if any(rec["start"] < e and s < rec["end"] for s, e in taken):
            continue
        taken.append((rec["start"], rec["end"]))
        kept.append(rec)
    kept.sort(key=lambda r: r["start"])
    for rec in kept:
        rec.pop("priority")
        if rec["kind"] in ("street", "municipality_place", "country", "locality", "place_context"):
            rec["kind"] = "place"
        elif rec["kind"] == "party_list":
            rec["kind"] = "party"
    return kept


_NER_KIND = {"ORG": "other", "LOC": "place", "GPE": "place", "PER": "person", "PRS": "person",
             "PERSON": "person"}


@Language.component("kk_municipal_layer", assigns=["doc.spans", "doc._.records"])
def municipal_layer_component(doc: Doc) -> Doc:
    mentions = find_mentions(doc.text)
    taken = [(m["start"], m["end"]) for m in mentions]
    for ent in doc.ents:  # the statistical NER fills in where the rules found nothing
        kind = _NER_KIND.get(ent.label_)
        if kind is None or kind == "person":
            continue
        if any(ent.start_char < e and s < ent.end_char for s, e in taken):
            continue
        mentions.append({"name": ent.text, "kind": kind, "label": "LOC" if kind == "place" else "ORG",
                         "start": ent.start_char, "end": ent.end_char, "rule": "ner"})
    mentions.sort(key=lambda r: r["start"])
    store(doc, "org_mentions", [m for m in mentions if m["label"] == "ORG"], "ORG")
    store(doc, "place_mentions", [m for m in mentions if m["label"] == "LOC"], "LOC")
    return doc
