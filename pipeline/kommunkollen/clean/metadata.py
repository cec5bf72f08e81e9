"""Document metadata from the cleaned text, the markup hints and the source."""
from __future__ import annotations

from collections import Counter
from functools import cache
from urllib.parse import urlparse

import regex

from kommunkollen import gazetteer
from kommunkollen.clean import patterns
from kommunkollen.swedish import parse_date

_PUBLISHED = regex.compile(r"^\W*(?:publicerad|publicerat|publ\.|datum|daterad|skriven|inlagd|sammanträdesdatum|"
                           r"sammanträde|mötesdatum)\b:?\s*(?P<rest>.+)$", regex.I)
_PUBLICATION_LINE = regex.compile(r"^\W*(?:publicerad|publicerat|publ\.)\b", regex.I)
# A signature line: "Uddevalla den 15 december 2022".
_PLACE_DATE = regex.compile(r"^\p{Lu}[\p{L} -]{1,40}\s+den\s+(?P<rest>\d{1,2}\s+\p{L}+\s+\d{4})\s*$")
_DIARIENUMMER = regex.compile(r"\b(?:dnr|diarienr|diarienummer|ärendenummer|ärendenr)\.?\s*:?\s*"
                              r"(?P<d>(?:\p{Lu}{1,6}[ -])?(?:19|20)\d\d[/.:-]\d{1,6}(?:[-.:]\d{1,4})?)", regex.I)
_UPDATED = regex.compile(r"^\W*(?:senast\s+)?(?:uppdaterad|ändrad)\b:?\s*(?P<rest>.+)$", regex.I)
_NAME = r"\p{Lu}[\p{Ll}'’-]+(?:[ -]\p{Lu}[\p{Ll}'’-]+){1,3}"
_BYLINE = regex.compile(rf"(?:^|\s)(?:av|text(?: och foto)?|skriven av|författare)\s*:?\s+(?P<name>{_NAME})", regex.I)
_AUTHOR_LABEL = regex.compile(rf"^\W*(?:handläggare|författare|text|av|skribent|kontaktperson)\s*:\s*(?P<name>{_NAME})",
                              regex.I | regex.M)
_SECTION_RE = regex.compile(
    r"^\W*(?:(?P<para>§\s*\d+[a-z]?)(?:\s+(?:dnr|diarienr)\.?\s+[\w ./-]+)?|(?P<head>" + "|".join(regex.escape(h) for h in patterns.SECTION_HEADINGS)
    + r"))\W*$", regex.I | regex.M)
_SENTENCE_END = regex.compile(r"[.!:;,]$")

# Cues for the kind of document: (doc_type, weight, pattern). Shapes, not sites.
DOC_TYPE_CUES = (
    ("tjansteskrivelse", 3, r"^\W*förslag till beslut\W*$"),
    ("tjansteskrivelse", 2, r"^\W*ärendebeskrivning\W*$"),
    ("tjansteskrivelse", 2, r"\bhandläggare\s*:"),
    ("tjansteskrivelse", 3, r"\btjänsteskrivelse\b"),
    ("tjansteskrivelse", 1, r"\bbeslutet (ska )?skickas till\b"),
    ("tjansteskrivelse", 1, r"\bdnr\b|\bdiarienummer\b"),
    ("protokoll", 3, r"\bprotokoll\b"),
    ("protokoll", 2, r"^\s*§\s*\d+"),
    ("protokoll", 2, r"\bjusterare\b|\bjusteras\b|\bjusterandes\b"),
    ("protokoll", 2, r"^\W*(närvarande|ledamöter|tjänstgörande ersättare)\W*$"),
    ("protokoll", 1, r"\bsammanträdesdatum\b|\bsammanträde\b"),
    ("blog", 3, r"\bdu kommenterar med\b|\blämna en kommentar\b|\bkommentarer?\b\s*\(\d+\)"),
    ("blog", 2, r"^\W*kommentera\W*$|\bblogg(en|inlägg)?\b"),
    ("blog", 1, r"^(?:Vi|Jag)\s"),
    ("press_release", 3, r"\bpressmeddelande\b"),
    ("press_release", 2, r"\btyck till om kommunen\b|\bkontaktcenter\b|\bkommunens växel\b"),
    ("press_release", 1, r",\s*säger\s|\bsäger\s+\p{Ll}+(rådet|ordförande)\b"),
    ("news", 3, r"^\W*publicerad\b.*\b\d\d:\d\d\b.*\bav\s+\p{Lu}"),
    ("news", 2, r"\bsök i .{1,40} arkiv\b|\bnyhetsarkiv\b|\bredaktionen\b|\btidning(en)?\b"),
    ("news", 1, r"\bnytt\.(nu|se)\b|\bnyheter\b"),
    ("news", 2, r"^\W*(?:text|text och foto|foto)\s*:\s*\p{Lu}\p{Ll}+ \p{Lu}"),
    ("news", 1, r"\b\p{Lu}\p{Ll}*(?:bladet|posten|tidningen|kuriren|allehanda)\b|^Allehanda\b"),
    ("report", 3, r"^\W*(rapport|utredning|årsredovisning|förstudie|delrapport|slutrapport)\b.{0,60}$"),
    ("report", 2, r"^\W*(innehållsförteckning|inledning|metod|slutsatser|rekommendationer)\W*$"),
    ("report", 1, r"^\W*\d+(\.\d+)+\s+\p{Lu}"),
    ("web_page", 2, r"\blärande exempel\b|\bexemplet i korthet\b|\bom exemplet\b"),
    ("web_page", 2, r"^\W*(kontaktpersoner|så gjorde vi|därför gjorde vi det)\W*$"),
    ("web_page", 1, r"\bsidan (uppdaterad|granskad)\b"),
)
# "Delrapport: Uppföljning av ..." is a title; "Handläggare: ..." is not.
TITLE_LABELS = {"rapport", "delrapport", "slutrapport", "utredning", "förstudie", "pressmeddelande", "nyhet",
                "tjänsteskrivelse", "remissvar", "yttrande", "motion", "interpellation", "beslut"}
# Section headings right after which a tjänsteskrivelse's title ends.
TITLE_ANCHORS = ("förslag till beslut", "sammanfattning", "ärendebeskrivning", "ärendet", "bakgrund")
_CUES = [(t, w, regex.compile(p, regex.I | regex.M)) for t, w, p in DOC_TYPE_CUES]


def guess_doc_type(text: str, source: str = "") -> str:
    """The document type whose cues weigh most; 'other' without cues."""
    score: Counter = Counter()
    for doc_type, weight, pattern in _CUES:
        if pattern.search(text):
            score[doc_type] += weight
    if "/blogg" in source or "blog" in urlparse(source).netloc:
        score["blog"] += 3
    if not score:
        return "other"
    return score.most_common(1)[0][0]


def _title_like(line: str) -> bool:
    s = line.strip(" *_#\t")
    words = s.split()
    if not 2 <= len(words) <= 25 or len(s) > 200:
        return False
    if _SENTENCE_END.search(s) or regex.match(r"^(?:[•·▪–-]|\d{1,2}[.)])\s", s):
        return False
    if _PUBLISHED.match(s) or _UPDATED.match(s) or parse_date(s) and len(words) <= 6:
        return False
    label = regex.match(r"^(?P<label>[\p{L} ]{1,30}):\s", s)   # "Handläggare: Malin Frisk"
    if label and label["label"].strip().casefold() not in TITLE_LABELS:
        return False
    if regex.search(r"\((?:s|m|c|kd|l|mp|v|sd)\)$", s, regex.I):   # an attendance line: "Anna Ek (S)"
        return False
    if _DIARIENUMMER.search(s) or sum(c.isdigit() for c in s) > sum(c.isalpha() for c in s):   # "Dnr KS 2024/0311"
        return False
    return bool(regex.search(r"\p{Lu}", s[:1]) or regex.match(r"^[”\"'«]", s))


def guess_title(text: str, hints: dict) -> str | None:
    """The title: from markup if any, else the line next to the date line, a repeated line, or the first title-like line."""
    if hints.get("title"):
        return hints["title"].strip()
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for i, line in enumerate(lines):
        if _PUBLICATION_LINE.match(line):
            # The title sits next to the publication line; a site name may sit on the other side,
            # and is the shorter of the two.
            near = [lines[j] for j in (i - 1, i + 1) if 0 <= j < len(lines) and _title_like(lines[j])]
            if near:
                return max(near, key=lambda t: len(t.split())).strip(" *_#”“\"'«»")
            break
    for i, line in enumerate(lines):
        head = _SECTION_RE.match(line)
        if head and head["para"] and i + 1 < len(lines) and _title_like(lines[i + 1]):   # protokoll: "§ 112"
            return lines[i + 1].strip(" *_#”“\"'«»")
        if head and head["head"] and head["head"].casefold() in TITLE_ANCHORS and i > 0 and _title_like(lines[i - 1]):
            return lines[i - 1].strip(" *_#”“\"'«»")
    candidates = [line for line in lines[:15] if _title_like(line)]
    # A blog's name heads every post ("Kommunalrådet bloggar"): the post's title follows it.
    if len(candidates) > 1 and regex.search(r"blogg", candidates[0], regex.I):
        candidates = candidates[1:]
    return candidates[0].strip(" *_#”“\"'«»") if candidates else None


def guess_published(text: str, hints: dict) -> str | None:
    if hints.get("published"):
        d = parse_date(str(hints["published"]))
        if d:
            return d
    # A publication line wins over an update line ("Senast uppdaterad ...").
    for label in (_PUBLISHED, _UPDATED, _PLACE_DATE):
        for line in text.split("\n"):
            m = label.match(line.strip())
            d = parse_date(m["rest"]) if m else None
            if d:
                return d
    return None


def guess_author(text: str, hints: dict) -> str | None:
    if hints.get("author"):
        return str(hints["author"]).strip()
    for line in text.split("\n")[:60]:
        m = _PUBLISHED.match(line.strip())
        if m:
            b = _BYLINE.search(m["rest"])
            if b:
                return b["name"]
    m = _AUTHOR_LABEL.search(text)
    return m["name"] if m else None


@cache
def _municipality_pattern():
    names = sorted((m.name for m in gazetteer.municipalities()), key=len, reverse=True)
    alt = "|".join(regex.escape(n) for n in names)
    # "Lidköping", "Lidköpings kommun", "Göteborgs Stad"; the name must not run on into
    # a longer word ("Lundby"), and a genitive s is allowed.
    # Case-sensitive on purpose: "Lund" is a place, "lund" a grove.
    return regex.compile(rf"(?<![\p{{L}}-])(?P<name>{alt})(?P<gen>s)?(?P<kommun>\s+(?:kommun|stad)\b)?(?![\p{{L}}-])")


def guess_municipality(text: str, source: str, hints: dict) -> tuple[str | None, str | None]:
    """(name, SCB code) by the source's domain, else the most mentioned municipality."""
    by_domain = gazetteer.municipality_by_domain()
    for url in (source, hints.get("url") or ""):
        host = urlparse(url).netloc.lower().split(":")[0]
        parts = host.split(".")
        for k in range(len(parts) - 1):
            m = by_domain.get(".".join(parts[k:]))
            if m:
                return m.name, m.code
    by_name = gazetteer.municipality_by_name()
    score: Counter = Counter()
    for m in _municipality_pattern().finditer(text):
        score[m["name"]] += 3 if m["kommun"] else 1
    # Municipal e-mail domains in contact details: "kommun@lidkoping.se".
    for dom in regex.findall(r"@([\w.-]+\.se)\b", text):
        m = by_domain.get(".".join(dom.lower().split(".")[-2:]))
        if m:
            score[m.name] += 2
    # The publisher ("Tranås kommun" in og:site_name) speaks for the whole page.
    site = hints.get("site_name") or ""
    for m in _municipality_pattern().finditer(site):
        if m["kommun"]:
            score[m["name"]] += 10
    if not score:
        return None, None
    name = score.most_common(1)[0][0]
    return name, by_name[name].code


def find_sections(text: str) -> list[dict]:
    """Section headings and § paragraphs with the character span each covers."""
    heads = [(m.start(), m.end(), (m["para"] or m["head"]).strip()) for m in _SECTION_RE.finditer(text)]
    sections = []
    for i, (start, _end, heading) in enumerate(heads):
        stop = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        sections.append({"heading": heading, "start": start, "end": stop})
    return sections


def find_diarienummer(text: str) -> str | None:
    """Case numbers ("Dnr KS 2018/124"), distinct, in order, joined by '; '."""
    found = list(dict.fromkeys(m["d"] for m in _DIARIENUMMER.finditer(text)))
    return "; ".join(found) or None


def extract_metadata(text: str, *, source: str = "", hints: dict | None = None) -> dict:
    hints = hints or {}
    name, code = guess_municipality(text, source, hints)
    return {
        "diarienummer": find_diarienummer(text),
        "title": guess_title(text, hints),
        "published": guess_published(text, hints),
        "author": guess_author(text, hints),
        "municipality": name,
        "municipality_code": code,
        "doc_type": guess_doc_type(text, source),
        "sections": find_sections(text),
    }
