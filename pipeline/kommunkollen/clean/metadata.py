"""Document metadata from the cleaned text, the markup hints and the source."""
from __future__ import annotations

from collections import Counter
from functools import cache
from urllib.parse import urlparse

import regex

from kommunkollen import gazetteer
from kommunkollen.clean import patterns
from kommunkollen.nlp import patterns as nlp_patterns
from kommunkollen.nlp.components import is_person_name
from kommunkollen.resources import data_file
from kommunkollen.swedish import MONTH_NAMES, WEEKDAY_NAMES, parse_date

_PUBLISHED = regex.compile(r"^\W*(?:publicerad|publicerat|publ\.|datum|daterad|skriven|inlagd|sammanträdesdatum|"
                           r"sammanträde|mötesdatum)\b:?\s*(?P<rest>.+)$", regex.I)
_PUBLICATION_LINE = regex.compile(r"^\W*(?:publicerad|publicerat|publ\.)\b", regex.I)
# A signature line: "Uddevalla den 15 december 2022".
_PLACE_DATE = regex.compile(r"^\p{Lu}[\p{L} -]{1,40}\s+den\s+(?P<rest>\d{1,2}\s+\p{L}+\s+\d{4})\s*$")
_DIARIENUMMER = regex.compile(r"\b(?:dnr|diarienr|diarienummer|ärendenummer|ärendenr)\.?\s*:?\s*"
                              r"(?P<d>(?:\p{Lu}{1,6}[ -])?(?:19|20)\d\d[/.:-]\d{1,6}(?:[-.:]\d{1,4})?)", regex.I)
_BARE_DATE_LABEL = regex.compile(r"\W*(?:senast\s+)?(?:publicerad|publicerat|uppdaterad|uppdaterat|ändrad)\W*", regex.I)
# A photo caption ends with its credit: "... kritiken. Foto: Anna Ek/Arkiv".
_PHOTO_CREDIT = regex.compile(r"\b(?:foto|bild|fotograf|photo)\s*:\s*\S", regex.I)
_UPDATED = regex.compile(r"^\W*(?:senast\s+)?(?:uppdaterad|ändrad)\b:?\s*(?P<rest>.+)$", regex.I)
_NAME = r"\p{Lu}[\p{Ll}'’-]+(?:[ -]\p{Lu}[\p{Ll}'’-]+){1,3}"
_BYLINE = regex.compile(rf"(?:^|\s)(?:av|text(?: och foto)?|skriven av|författare)\s*:?\s+(?P<name>{_NAME})", regex.I)
_AUTHOR_LABEL = regex.compile(rf"^\W*(?:handläggare|författare|text|av|skribent|kontaktperson)\s*:\s*(?P<name>{_NAME})",
                              regex.I | regex.M)
_SECTION_RE = regex.compile(
    r"^\W*(?:(?P<para>§\s*\d+[a-z]?)(?:\s+(?:dnr|diarienr)\.?\s+[\w ./-]+)?|(?P<head>" + "|".join(regex.escape(h) for h in patterns.SECTION_HEADINGS)
    + r"))\W*$", regex.I | regex.M)
_SENTENCE_END = regex.compile(r"[.!:;,]$")

# Page furniture of web pages and PDF viewers that is never a title.
_FURNITURE = regex.compile(
    r"^\W*(?:javascript|cookies?|bild(?:\s+på)?\b|foto\b|save this|download\b|starta visningen|storlek\b|transkript\b|"
    r"no results|share\b|copied|loading|n/a\b|protected\b|academic year|läs mer|läs också|dela\b|skriv ut|"
    r"till startsidan|stäng\b|meny\b|sök\b|nyheter\b|aktuellt\b)|^(?:[A-Z]{2,5}\s+){2,}[A-Z]{2,5}$", regex.I)
# A breadcrumb trail ("Startsida / Kommun och politik", "Hem > Nyheter > 2024"): where the page
# sits, not its title.
_BREADCRUMB = regex.compile(r"^du är här\b|^(?:startsida|start|hem|home|förstasidan)\s*[/>»›|]|^[^/>»›|]{1,40}(?:\s[/>»›|]\s[^/>»›|]{1,40}){2,}$",
                            regex.I)
# A party's or association's site name heading every post ("Vänsterpartiet Norrby").
_SITE_NAME = regex.compile(r"(?:Vänsterpartiet|Socialdemokraterna|Moderaterna|Centerpartiet|Liberalerna|"
                           r"Kristdemokraterna|Miljöpartiet|Sverigedemokraterna)\s+\p{Lu}[\p{L}-]+")
# A publisher's name above the headline: a newspaper or broadcaster ("Norrbyposten", "Lokaltidningen",
# "Norrby Tidning", "Sveriges Radio"), a municipality's or region's letterhead ("Norrby kommun",
# "NORRBY KOMMUN", "Region Norrland"). Passed over when a title-like line follows it.
_MEDIA_HEAD = "|".join(h[:1].upper() + h[1:] + "|" + h for h in nlp_patterns.MEDIA_HEADS.split("|"))
_MASTHEAD = regex.compile(
    rf"(?:\p{{Lu}}[\p{{L}}-]*\s+)?(?:\p{{Lu}}[\p{{L}}-]*)?(?:{_MEDIA_HEAD})|(?:{nlp_patterns.MEDIA_NAMES})(?:\s+\p{{Lu}}[\p{{L}}-]+)?|"
    r"Sveriges Radio(?:\s+\p{Lu}[\p{L}0-9 ]{1,20})?|SVT(?:\s+Nyheter)?(?:\s+\p{Lu}\p{L}+)?|P4\s+\p{Lu}\p{L}+|"
    r"\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)?\s+(?:kommun|stad)|\p{Lu}[\p{Lu}-]+(?:\s+\p{Lu}[\p{Lu}-]+)?\s+(?:KOMMUN|STAD)|"
    r"(?:Region|REGION)\s+\p{Lu}[\p{L}-]+")
# "Delrapport: Uppföljning av ..." is a title; "Handläggare: ..." is not.
TITLE_LABELS = {"rapport", "delrapport", "slutrapport", "utredning", "förstudie", "pressmeddelande", "nyhet",
                "tjänsteskrivelse", "remissvar", "yttrande", "motion", "interpellation", "beslut"}
# Section headings right after which a tjänsteskrivelse's title ends.
TITLE_ANCHORS = ("förslag till beslut", "sammanfattning", "ärendebeskrivning", "ärendet", "bakgrund")
# The first lines of a document, where mastheads, datelines and document headings sit.
HEAD_LINES = 12
HEAD_LINE_CHARS = 150
_CUE_DATE = (r"(?:(?:19|20)\d\d-[01]\d-[0-3]\d|[0-3]?\d\s+(?:" + MONTH_NAMES + r")\.?(?:,?\s+(?:19|20)\d\d)?)")
_CUE_TIME = r"(?:[0-2]?\d[:.][0-5]\d)"


@cache
def doc_type_cues() -> tuple[tuple[str, int, str, regex.Pattern], ...]:
    """data/doc_type_cues.tsv: (doc_type, weight, scope, compiled pattern)."""
    cues = []
    for line in data_file("doc_type_cues.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        doc_type, weight, scope, case, pattern = line.split("\t")
        pattern = pattern.replace("{DATE}", _CUE_DATE).replace("{TIME}", _CUE_TIME)
        flags = regex.M | (regex.I if case == "i" else 0)
        cues.append((doc_type, int(weight), scope, regex.compile(pattern, flags)))
    return tuple(cues)


def head_of(text: str, lines: int = HEAD_LINES) -> str:
    """The first `lines` non-empty lines, each cut at HEAD_LINE_CHARS (a heading is short; a PDF
    transcript puts a whole page on one line, its heading first)."""
    out = []
    for line in text.split("\n"):
        if line.strip():
            out.append(line.strip()[:HEAD_LINE_CHARS])
            if len(out) == lines:
                break
    return "\n".join(out)


# A page published by a municipality itself (its site name or domain): news there are press releases.
PUBLISHER_WEIGHT = 2


def _published_by_municipality(source: str, hints: dict) -> bool:
    if regex.search(r"\b(?:kommun|stad|region)\b", hints.get("site_name") or "", regex.I):
        return True
    by_domain = gazetteer.municipality_by_domain()
    for url in (source, hints.get("url") or ""):
        parts = urlparse(url).netloc.lower().split(":")[0].split(".")
        if any(".".join(parts[k:]) in by_domain for k in range(len(parts) - 1)):
            return True
    return False


# A municipal body at work in the opening lines: "På kommunledningsutskottets möte ...".
# Noun forms only: not "nämnde", "benämnd", "förvaltningsrätten", "kapitalförvaltning".
_BODY_AT_WORK = regex.compile(r"(?<![\p{L}])(?:kommunstyrelse(?:n|ns)?|kommunfullmäktige(?:s)?|"
                              r"(?!(?:be|om)nämnd)\p{L}*nämnd(?:en|er|erna|ens|s)?|\p{L}*utskott(?:et|ets)?|"
                              r"(?!kapital)\p{L}*förvaltning(?:en|ar|arna|ens)?)(?![\p{L}])", regex.I)


def _without_cues(head: str) -> str:
    """The type of a page none of the cues fits: prose about the municipality's own bodies and
    their decisions is its own announcement (press_release); other prose is news; a page of short
    lines is a web page; a line or two of text is 'other'. (No document of the gold sets is 'other':
    the genres cover municipal text.)"""
    lines = [line for line in head.split("\n") if line.strip()]
    prose = [line for line in lines if len(line.split()) >= 12]
    if not prose:
        return "web_page" if len(lines) >= 3 else "other"    # a line or two: nothing to go by
    return "press_release" if _BODY_AT_WORK.search(" ".join(prose[:3])) else "news"


def guess_doc_type(text: str, source: str = "", hints: dict | None = None) -> str:
    """The document type whose cues (data/doc_type_cues.tsv) weigh most; without cues, `_without_cues`.
    Ties go to the type listed first in the table."""
    hints = hints or {}
    score: Counter = Counter()
    head = head_of(text)
    for doc_type, weight, scope, pattern in doc_type_cues():
        if pattern.search(head if scope == "head" else text):
            score[doc_type] += weight
    if "/blogg" in source or "blog" in urlparse(source).netloc:
        score["blog"] += 3
    if score and _published_by_municipality(source, hints):
        score["press_release"] += PUBLISHER_WEIGHT
    if not score:
        return _without_cues(head)
    order = {t: i for i, (t, *_rest) in enumerate(doc_type_cues())}
    return max(score, key=lambda t: (score[t], -order.get(t, len(order))))


def _title_like(line: str) -> bool:
    s = line.strip(" *_#\t")
    words = s.split()
    # One word is a title when it is a long name ("Stadsbyggnadsförvaltningen"), not a section label.
    if len(words) == 1 and len(s) >= 12 and s[:1].isupper() and s.isalpha() and not _FURNITURE.search(s):
        return True
    if not 2 <= len(words) <= 25 or len(s) > 200:
        return False
    if _SENTENCE_END.search(s) or regex.match(r"^(?:[•·▪–-]|\d{1,2}[.)])\s", s):
        return False
    if _PUBLISHED.match(s) or _UPDATED.match(s) or parse_date(s) and len(words) <= 6:
        return False
    label = regex.match(r"^(?P<label>\p{L}+(?: \p{L}+)?):\s", s)   # "Handläggare: Malin Frisk"
    if label and label["label"].strip().casefold() not in TITLE_LABELS:
        return False
    if (_FURNITURE.search(s) or is_person_name(s.strip()) or _SITE_NAME.fullmatch(s.strip()) or _PHOTO_CREDIT.search(s)
            or _BREADCRUMB.search(s)):
        return False
    # A date line ("Tisdagen den 4 maj 2021 kl 13:30") is not a title, however many words it has.
    if parse_date(s) and len(regex.sub(r"\d{1,2}[:.]\d\d|\bkl\.?|\bden\b", " ", _FULL_DATE.sub(" ", s)).split()) <= 2:
        return False
    if regex.search(r"\((?:s|m|c|kd|l|mp|v|sd)\)$", s, regex.I):   # an attendance line: "Anna Ek (S)"
        return False
    if _DIARIENUMMER.search(s) or sum(c.isdigit() for c in s) > sum(c.isalpha() for c in s):   # "Dnr KS 2024/0311"
        return False
    return bool(regex.search(r"\p{Lu}", s[:1]) or regex.match(r"^[”\"'«]", s))


def guess_title(text: str, hints: dict, doc_type: str | None = None) -> str | None:
    """The title: from markup if any, else the line next to the date line, a repeated line, or the first title-like line."""
    if hints.get("title"):
        return hints["title"].strip()
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for i, line in enumerate(lines):
        if _PUBLICATION_LINE.match(line):
            # The title sits next to the publication line; a site name may sit on the other side,
            # and is the shorter of the two. Bare labels between them ("Uppdaterad", "Publicerad",
            # their dates on another line or not in the excerpt) are passed over.
            above = i - 1
            while above >= 0 and _BARE_DATE_LABEL.fullmatch(lines[above]):
                above -= 1
            near = [lines[j] for j in (above, i + 1) if 0 <= j < len(lines) and _title_like(lines[j])]
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
    # A publisher's name or letterhead above the headline (_MASTHEAD); never in a formal document,
    # whose heading may start with its municipality ("Norrby kommun Kommunstyrelsen ...").
    if len(candidates) > 1 and _MASTHEAD.fullmatch(candidates[0].strip(" *_#")) and doc_type not in FORMAL_TYPES:
        candidates = candidates[1:]
    return candidates[0].strip(" *_#”“\"'«»") if candidates else None


# Where a document states its own date, strongest first (the gold convention of ../shared/dev:
# the publication line; for protokoll the anslag date; the document or meeting date; a dateline;
# an update line; a signature line; for formal documents the date in their heading).
# Labels whose date follows on the same line (within DATE_REACH characters) or on the next line.
_LABELS_AT_LINE_START = {
    "publication": r"publicerad|publicerat|publ\.|skriven|inlagd|daterad|nyheter|nyhet",
    "updated": r"(?:senast\s+)?(?:uppdaterad|uppdaterat|ändrad|granskad)|sidan\s+(?:uppdaterades|uppdaterad|granskad)",
}
_LABELS_ANYWHERE = {
    "anslag": r"datum för anslags uppsättande|anslaget (?:sätts upp|uppsatt|anslaget den)|anslagsdatum|"
              r"justeringens plats och tid|justeringsdatum",
    "document": r"sammanträdesdatum|mötesdatum|datum|sammanträde",
}
DATE_REACH = 60
_FULL_DATE = regex.compile(r"(?:(?:19|20)\d\d-[01]\d-[0-3]\d|(?:(?:" + WEEKDAY_NAMES + r")(?:en)?,?\s+(?:den\s+)?)?"
                           r"[0-3]?\d(?::e|:a)?\s+(?:" + MONTH_NAMES + r")\.?,?\s+(?:19|20)\d\d)(?![\d-])", regex.I)
_YEAR_MONTH = regex.compile(r"(?<![\d-])(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)(?![\d-])")
# What may stand beside the date on a dateline: a clock time, "kl.", separators, a label word.
_DATELINE_REST = regex.compile(r"\b(?:kl\.?\s*)?[0-2]?\d[:.][0-5]\d\b|[|•·,/–—-]|\bkl\b\.?", regex.I)
FORMAL_TYPES = ("protokoll", "tjansteskrivelse", "report")


def _label_pattern(alternatives: str, at_line_start: bool) -> regex.Pattern:
    # At a line's start, or after a separator within it ("Uppdaterad 15 mars | Publicerad 14 mars").
    lead = r"(?:^[^\S\n]*\W*|(?<=[|•·][^\S\n]{0,3}))" if at_line_start else r"(?<![\p{L}])"
    return regex.compile(lead + r"(?:" + alternatives + r")(?![\p{L}])[^\S\n]*(?:den\s+)?:?", regex.I | regex.M)


_LABEL_RES = {kind: _label_pattern(alt, at_line_start=True) for kind, alt in _LABELS_AT_LINE_START.items()}
_LABEL_RES.update({kind: _label_pattern(alt, at_line_start=False) for kind, alt in _LABELS_ANYWHERE.items()})


def _date_after(text: str, at: int) -> str | None:
    """The date right after a label: on the rest of its line (near), else starting the next non-empty line."""
    line_end = text.find("\n", at)
    line_end = len(text) if line_end < 0 else line_end
    rest = text[at:min(line_end, at + DATE_REACH)]
    m = _FULL_DATE.search(rest)
    if m:
        return parse_date(m.group())
    if rest.strip(" :\t"):
        return None
    following = text[line_end:line_end + 200].lstrip()
    m = _FULL_DATE.match(following)
    return parse_date(m.group()) if m else None


def _labelled_date(text: str, kind: str) -> str | None:
    for m in _LABEL_RES[kind].finditer(text):
        d = _date_after(text, m.end())
        if d:
            return d
    return None


def _byline_at_start(labels: str) -> str:
    r"""A byline label and a name opening a line; case-sensitive but for the label (under regex.I,
    \p{Lu} matches any letter: "Av flera skäl ...")."""
    return rf"^\W*(?i:{labels})\s*:?\s+(?P<name>{_NAME})"


# The author alone on a head line ("Av Anna Ek", "Text: Per Holm, 3 maj"); a byline before a dateline.
_HEAD_BYLINE = regex.compile(_byline_at_start("av|text|text och foto") + r"(?:\s*[,|–-]|\s*$)")
_BYLINE_LEAD = regex.compile(_byline_at_start("av|text|text och foto|skriven av") + r"\s*[,|–-]?")


def _dateline(head_lines: list[str]) -> str | None:
    """A line of the head that is a date (with a clock time, a label word or separators beside it),
    or that starts with one ("2022-05-03 Biblioteket stänger ...", "datum 2021-03 Nya regler ...")."""
    for line in head_lines:
        if regex.search(r"uppdater", line, regex.I):
            continue
        m = _FULL_DATE.search(line)
        if m:
            # A byline before the date ("Av Anna Ek, 14 mars 2023 09:12") is part of a dateline.
            byline = _BYLINE_LEAD.match(line[:m.start()])
            lead = (" " + line[byline.end():m.start()]) if byline and is_person_name(byline["name"]) else line[:m.start()]
            rest = _DATELINE_REST.sub(" ", lead + " " + line[m.end():])
            if len(rest.split()) <= 2 or not line[:m.start()].strip(" \t|:"):
                return parse_date(m.group())
        ym = _YEAR_MONTH.match(line.strip()) or _YEAR_MONTH.match(line.strip().split(" ", 1)[-1])
        if ym and 1 <= int(ym["month"]) <= 12:
            return f"{ym['year']}-{ym['month']}"
    return None


_PAGE_HEADER = regex.compile(r"\bsida\s+\d+\s*(?:av|\()\s*\d+", regex.I)


def _heading_date(text: str, head_lines: list[str]) -> str | None:
    """The date of a formal document: in a page header ("2023-02-07 Sida 1 av 3") of its first
    pages, else the first full date of its heading lines ("Kommunstyrelsen 2022-04-12",
    "Föredragningslista 3 mars 2022")."""
    for line in text.split("\n")[:60]:
        if _PAGE_HEADER.search(line):
            m = _FULL_DATE.search(line[:200])
            if m:
                return parse_date(m.group())
    for line in head_lines:
        m = _FULL_DATE.search(line)
        before = regex.findall(r"\p{L}+", line[:m.start()]) if m else []
        # A heading names things ("Kommunstyrelsen", "Föredragningslista"); a sentence of the body
        # ("Nämnden beslutade den 12 maj 2022") is mostly lower-case words.
        # "Den 20 juni 2016 tog fullmäktige ..." refers to a date; a heading states its own.
        if (m and sum(w[0].islower() for w in before) * 2 < max(len(before), 1)
                and not (before and before[-1].casefold() == "den")):
            return parse_date(m.group())
    return None


def guess_published(text: str, hints: dict, doc_type: str | None = None) -> str | None:
    """The document's own date (ISO), never one from its body text: see the order above."""
    if hints.get("published"):
        d = parse_date(str(hints["published"]))
        if d:
            return d
    head_lines = head_of(text).split("\n")
    for kind in ("publication", "anslag", "document"):
        d = _labelled_date(text, kind)
        if d:
            return d
    d = _dateline(head_lines) or _labelled_date(text, "updated")
    if d:
        return d
    for line in text.split("\n"):
        m = _PLACE_DATE.match(line.strip())
        if m and parse_date(m["rest"]):
            return parse_date(m["rest"])
    if doc_type in FORMAL_TYPES:
        return _heading_date(text, head_lines)
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
    if m:
        return m["name"]
    for line in text.split("\n")[:15]:      # a byline in the head: "Av Anna Ek, 14 mars 2023"
        b = _HEAD_BYLINE.match(line.strip())
        if b and is_person_name(b["name"]):
            return b["name"]
    return None


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
    doc_type = guess_doc_type(text, source, hints)
    return {
        "diarienummer": find_diarienummer(text),
        "title": guess_title(text, hints, doc_type),
        "published": guess_published(text, hints, doc_type),
        "author": guess_author(text, hints),
        "municipality": name,
        "municipality_code": code,
        "doc_type": doc_type,
        "sections": find_sections(text),
    }
