"""Money amounts, normalised to SEK, with period, years, recipient and purpose.

`extract_amounts(text, org_mentions)` is the pure function; `kk_amounts` wraps it.
"""
from __future__ import annotations

from collections.abc import Iterator

import regex
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract import lexicon
from pipeline.nlp.extensions import records, store
from pipeline.swedish import NUMBER_WORDS

_NUM = r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_WORDNUM = "|".join(sorted((w for w in NUMBER_WORDS if w not in ("en", "ett")), key=len, reverse=True))
_MULT = "|".join(regex.escape(m) for m in sorted(lexicon.MONEY_MULTIPLIERS, key=len, reverse=True))
_CUR = "|".join(regex.escape(c) for c in sorted(lexicon.CURRENCIES, key=len, reverse=True))
_AMOUNT = regex.compile(
    rf"(?<![\p{{L}}\d,.:/-])(?P<neg>[-−]\s?)?(?P<num>{_NUM}|{_WORDNUM}|en|ett)"
    rf"(?:\s*[-–—]\s*(?P<num2>{_NUM}|{_WORDNUM}))?"
    rf"(?:\s*(?P<mult>{_MULT}))?(?:\s*(?P<cur>{_CUR}))?(?![\p{{L}}\d])"
    rf"|(?<![\p{{L}}])(?P<pcur>SEK|EUR|USD|€|\$)\s?(?P<pnum>{_NUM})(?:\s*(?P<pmult>miljoner|miljarder|tusen))?(?![\p{{L}}\d])",
    regex.I)
_PERIODS = [(name, regex.compile(p, regex.I)) for name, p in lexicon.PERIOD_CUES]
_YEARS = regex.compile(r"(?:åren|perioden|under åren)\s+(?P<y1>(?:19|20)\d\d)\s*[-–]\s*(?P<y2>(?:19|20)\d\d)|"
                       r"(?<![\d/-])(?P<r1>(?:19|20)\d\d)\s*[-–]\s*(?P<r2>(?:19|20)\d\d)(?![\d/:])|"
                       r"(?:\bår|\bför år|\bför|\bunder|\bbudgetåret|\bi)\s+(?P<y>(?:19|20)\d\d)(?!\s*[\d/:–-])", regex.I)
# A year standing alone earlier in the amount's clause: "Kostnaden uppgick 2021 till 310,5 mnkr".
_BARE_YEAR = regex.compile(r"(?<![\d/.:-])(?P<y>(?:19|20)\d\d)(?![\d/:.-])")
_QUOTED_PURPOSE = regex.compile(
    r"(?:för|avseende|till)\s+(?:ansökan om\s+)?(?:satsningen|satsning|projektet|projekt|insatsen|"
    r"verksamheten|programmet)?\s*[\"”“«'](?P<p>[^\"”“»']{2,120})[\"”“»']", regex.I)
_PLAIN_PURPOSE = regex.compile(r"\bför\s+(?P<p>(?:att\s+)?[\p{Ll}][^.;:\n(]{3,80}?)"
                            r"(?=[.;:\n(]|,\s|\s+och\s+\d|\s+(?:åren|år|under|per|senast|från|fram till)\s|$)")
_RECIPIENT_VERB = regex.compile(rf"^\s*(?:[-–•*·]\s*)?(?P<r>[^\n]{{2,120}}?)\s+(?:{lexicon.ALLOCATION_VERBS})\b", regex.I)
_TO = regex.compile(r"\btill\s+$")


def _number(s: str) -> float | None:
    s = s.strip().lower()
    if s in NUMBER_WORDS:
        return float(NUMBER_WORDS[s])
    if regex.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):  # dot-grouped thousands: 1.170.000
        s = s.replace(".", "")
    s = s.replace(" ", "").replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None


def _scale(mult: str | None, cur: str | None) -> tuple[float, str | None]:
    factor, currency = 1.0, None
    if mult:
        key = mult.lower()
        factor = lexicon.MONEY_MULTIPLIERS.get(key, 1.0)
        currency = lexicon.MONEY_COMPOUND_UNITS.get(key)
    if cur:
        currency = lexicon.CURRENCIES[cur.lower()]
    return factor, currency


def _clean_value(v: float) -> float | int:
    return int(round(v)) if abs(v - round(v)) < 1e-6 else round(v, 2)


_ANNUAL = regex.compile(r"\b(?:drift)?budget(?:en)?\b|\bramar(?:na)?\b|\bårsbudget|\bbudgetram", regex.I)


def _list_intro(text: str, line_start: int) -> str | None:
    """The line introducing the list this line belongs to ("... med följande ramar:"), if any."""
    pos = line_start
    for _ in range(15):
        if pos <= 0:
            return None
        prev_start = text.rfind("\n", 0, pos - 1) + 1
        prev = text[prev_start:pos - 1].strip()
        if prev.endswith(":"):
            return prev
        if prev and not _AMOUNT.search(prev):   # the list ended: this line is not in one
            return None
        pos = prev_start
    return None


def _find_amounts(text: str) -> list[dict]:
    out = []
    for m in _AMOUNT.finditer(text):
        if m["pcur"]:
            value = _number(m["pnum"])
            factor, _ = _scale(m["pmult"], None)
            currency = lexicon.CURRENCIES[m["pcur"].lower()]
            high = None
        else:
            if not (m["cur"] or (m["mult"] and m["mult"].lower() in lexicon.MONEY_COMPOUND_UNITS)):
                continue
            if not m["num"][0].isdigit() and not m["mult"]:
                continue  # "tre kronor" is rare in our texts; "två kr" would be noise
            if m["mult"] and m["mult"].lower() == "öre" and regex.match(r"\s*(per|/)\s*(krona|kr)", text[m.end():]):
                continue  # tax rates: "21 öre per krona"
            value = _number(m["num"])
            factor, currency = _scale(m["mult"], m["cur"])
            high = _number(m["num2"]) if m["num2"] else None
        if value is None or currency is None:
            continue
        sign = -1 if m["neg"] else 1
        rec = {"text": m.group().strip(), "value": _clean_value(sign * value * factor), "currency": currency,
               "start": m.start() + (len(m.group()) - len(m.group().lstrip())), "end": m.end()}
        rec["value_max"] = _clean_value(high * factor) if high is not None else None
        out.append(rec)
    return out


def _recipient(line: str, before: str, after: str, orgs_before: list[dict]) -> str | None:
    m = _RECIPIENT_VERB.match(line)
    if m and len(m["r"].split()) <= 10:
        return m["r"].strip(" :,-")
    if _TO.search(before) or regex.match(r"\s*till\s+", after):
        tail = regex.match(r"\s*(?:till\s+)?(?P<x>\p{Lu}[^,.;\n]{1,60}?)(?=[,.;\n]|\s+för\b|\s+att\b|$)", after)
        if tail:
            return tail["x"].strip()
    if orgs_before and len(before) - orgs_before[-1]["end_in_line"] <= 3:  # "Skolnämnden 1 300,4 mnkr"
        return orgs_before[-1]["name"]
    # "ramen för kultur- och fritidsnämnden minskas med 2 miljoner kronor"
    for org in reversed(orgs_before):
        if regex.search(r"\b(?:för|till|åt)\s+$", before[:org["end_in_line"] - len(org["name"])]):
            return org["name"]
    return None


def extract_amounts(text: str, org_mentions: list[dict] | None = None) -> Iterator[dict]:
    """Amount records in text order. `org_mentions` (from the municipal layer) help find recipients."""
    org_mentions = org_mentions or []
    found = _find_amounts(text)
    for i, rec in enumerate(found):
        line_start = text.rfind("\n", 0, rec["start"]) + 1
        line_end = text.find("\n", rec["end"])
        line_end = len(text) if line_end == -1 else line_end
        line = text[line_start:line_end]
        seg_start = max(line_start, found[i - 1]["end"]) if i and found[i - 1]["end"] > line_start else line_start
        seg_end = min(line_end, found[i + 1]["start"]) if i + 1 < len(found) else line_end
        after = text[rec["end"]:seg_end]
        before = text[seg_start:rec["start"]]
        period = next((name for name, p in _PERIODS if p.search(after[:60])), None)
        intro = _list_intro(text, line_start)
        if period is None and intro and _ANNUAL.search(intro):
            period = "year"     # frames of an annual budget ("driftbudgeten för 2023 med följande ramar:")
        years = None
        ym = (_YEARS.search(after) or _YEARS.search(before) or _BARE_YEAR.search(before)
              or (_YEARS.search(intro) if intro else None))
        if ym:
            g = ym.groupdict()
            if g.get("y1") or g.get("r1"):
                years = [int(g.get("y1") or g["r1"]), int(g.get("y2") or g["r2"])]
            else:
                years = [int(ym["y"]), int(ym["y"])]
        rest_of_line = text[rec["end"]:line_end]
        pm = _QUOTED_PURPOSE.search(rest_of_line) or _PLAIN_PURPOSE.search(after)
        purpose = pm["p"].strip() if pm else None
        orgs_before = [dict(o, end_in_line=o["end"] - seg_start) for o in org_mentions
                       if seg_start <= o["start"] and o["end"] <= rec["start"]]
        recipient = _recipient(line, before, after, orgs_before)
        value = rec["value"]
        sek = rec["currency"] == "SEK"
        yield {"text": rec["text"], "value_sek": value if sek else None,
               "value_sek_max": rec["value_max"] if sek else None, "value": value,
               "currency": rec["currency"], "period": period, "years": years, "recipient": recipient,
               "purpose": purpose, "start": rec["start"], "end": rec["end"]}


@Language.component("kk_amounts", assigns=["doc.spans", "doc._.records"])
def amounts_component(doc: Doc) -> Doc:
    orgs = records(doc).get("org_mentions", [])
    store(doc, "amounts", list(extract_amounts(doc.text, orgs)), "MONEY")
    return doc
