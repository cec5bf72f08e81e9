"""Dates, years, ranges, seasons and relative expressions, normalised to ISO 8601.

`extract_dates(text, doc_year)` is the pure function; the `kk_dates` component
wraps it. Values: "2015-12-16", "2015-12", "2015", "2016/2018",
"2017-autumn", "--06-15" (no year known); relative expressions get
relative=True and are resolved against `doc_year` when it is known.
"""
from __future__ import annotations

import calendar
from collections.abc import Iterator

import regex
from spacy.language import Language
from spacy.tokens import Doc

from kommunkollen.nlp.components import Occupancy
from kommunkollen.nlp.extensions import doc_text, store
from kommunkollen.nlp.extensions import doc_year as _doc_year
from kommunkollen.swedish import MONTH_NAMES, MONTHS, SEASONS, WEEKDAY_NAMES, iso_date

Y = r"(?:1[89]|20)\d\d"
DASH = r"\s*[-–—]\s*"
_SEASON_WORDS = "|".join(sorted(SEASONS, key=len, reverse=True))
_B = r"(?<![\p{L}\d/:.-])"
_E = r"(?![\p{L}\d]|[/:]\d|-\d|\.\d)"
# References that contain years but are not dates: Dnr KS 2018/124, SFS 1990:927, SOU 2018:22.
_NOT_DATES = regex.compile(rf"(?:\b(?:dnr|dnr\.|diarienummer|ks|kf|sfs|sou|ds|prop\.?|bet\.?|mål nr|nr)\s*)?"
                           rf"(?<!(?:budgetår|läsår|verksamhetsår|räkenskapsår|säsong)(?:et|en)?\s+){Y}\s*[:/]\s*\d+|\b(?:dnr|sfs|sou|ds|prop)\b[\w .]*?{Y}", regex.I)

# (name, pattern); earlier patterns win over later ones where they overlap.
PATTERNS: list[tuple[str, regex.Pattern]] = [
    ("iso", regex.compile(rf"{_B}(?P<y>{Y})-(?P<m>[01]\d)-(?P<d>[0-3]\d){_E}")),
    ("numeric", regex.compile(rf"{_B}(?P<d>[0-3]?\d)/(?P<m>1[0-2]|0?[1-9])(?:\s+|-)(?P<y>{Y}){_E}")),
    # "9–11 februari 2024", "9-11 februari": a range of days in one month.
    ("day_range", regex.compile(
        rf"{_B}(?P<d1>[0-3]?\d){DASH}(?P<d2>[0-3]?\d)\s+(?P<m>{MONTH_NAMES})"
        rf"(?:(?<=\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|okt|nov|dec))\.)?(?:,?\s+(?P<y>{Y}))?{_E}", regex.I)),
    # "sista maj", "sista juni 2024", "senast sista maj i år": the month's last day.
    ("last_day", regex.compile(rf"(?<![\p{{L}}])sista\s+(?P<m>januari|februari|mars|april|maj|juni|juli|augusti|september|"
                               rf"oktober|november|december)(?:\s+(?P<y>{Y})|\s+(?P<this>i år))?{_E}", regex.I)),
    ("day_month", regex.compile(
        rf"{_B}(?:(?:{WEEKDAY_NAMES})(?:en)?,?\s+)?(?:den\s+)?(?P<d>[0-3]?\d)(?::e|:a)?\s+(?P<m>{MONTH_NAMES})(?:(?<=\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|okt|nov|dec))\.)?"
        rf"(?:,?\s+(?P<y>{Y}))?{_E}", regex.I)),
    ("month_range", regex.compile(rf"{_B}(?P<m1>{MONTH_NAMES}){DASH}(?P<m2>{MONTH_NAMES})\s+(?P<y>{Y}){_E}", regex.I)),
    ("month_year", regex.compile(rf"{_B}(?P<m>{MONTH_NAMES})\s+(?:månad\s+)?(?P<y>{Y}){_E}", regex.I)),
    ("month", regex.compile(rf"(?<=\b(?:i|under|från|till|sedan|före|efter|inför|början av|slutet av|mitten av)\s+)"
                            rf"(?P<m>januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|"
                            rf"december)(?:\s+månad)?{_E}", regex.I)),
    ("season_year", regex.compile(rf"{_B}(?P<s>{_SEASON_WORDS})\s+(?P<y>{Y}){_E}", regex.I)),
    # "till halvårsskiftet 2022": the turn of the half year is 1 July.
    ("half_year", regex.compile(rf"{_B}(?:vid\s+|till\s+|under\s+|efter\s+|före\s+)?halvårsskiftet\s+(?P<y>{Y}){_E}", regex.I)),
    ("turn_of_year", regex.compile(rf"{_B}(?:vid\s+|till\s+|under\s+)?årsskiftet\s+(?P<y1>{Y}){DASH}(?P<y2>{Y}|\d\d){_E}", regex.I)),
    ("year_range", regex.compile(rf"{_B}(?:(?:åren|mellan|perioden|från)\s+)?(?P<y1>{Y}){DASH}(?P<y2>{Y}|\d\d){_E}", regex.I)),
    # A budget or school year across two calendar years: "budgetåret 2024/2025", "läsåret 2023/2024"
    # (named so, and the next year only: "Dnr 2023/2024" is a case number, _NOT_DATES).
    ("split_year", regex.compile(rf"{_B}(?P<y1>{Y})/(?P<y2>{Y}){_E}", regex.I)),
    ("year_open", regex.compile(rf"{_B}(?P<y>{Y}){DASH}(?:pågående|framåt|tills vidare|och framåt){_E}", regex.I)),
    ("decade", regex.compile(rf"{_B}(?P<y>(?:1[89]|20)\d0)-talet{_E}", regex.I)),
    ("year", regex.compile(rf"{_B}(?:(?:år|året|under|sedan|till|från|inför|för|i)\s+)?(?P<y>{Y}){_E}", regex.I)),
    ("relative_year", regex.compile(r"(?<![\p{L}])(?P<q>(?:tidigt|sent|i början av|i slutet av|slutet av|början av)\s+)?"
                                    r"(?P<r>förra året|i fjol|nästa år|nästkommande år|i år|innevarande år|"
                                    r"föregående år|kommande år)(?![\p{L}])", regex.I)),
    ("relative_season", regex.compile(r"(?<![\p{L}])(?P<q>i början av|i slutet av|början av|slutet av|under|hela|"
                                      r"till|i|under hela)\s+(?P<s>våren|sommaren|hösten|vintern|höstas|våras|"
                                      r"somras|vintras)(?![\p{L}]|\s+(?:1[89]|20)\d\d)", regex.I)),
]

_REL_YEAR = {"förra året": -1, "i fjol": -1, "föregående år": -1, "nästa år": 1, "nästkommande år": 1,
             "kommande år": 1, "i år": 0, "innevarande år": 0}
_PAST_SEASON = {"höstas": "autumn", "våras": "spring", "somras": "summer", "vintras": "winter"}


def _two_digit(y1: int, y2: str) -> int:
    return int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2)


def _value(name: str, m: regex.Match, year: int | None) -> tuple[str | None, bool]:
    """(ISO value, relative) of one match."""
    g = m.groupdict()
    if name in ("iso", "numeric", "day_month"):
        month = int(g["m"]) if g["m"].isdigit() else MONTHS[g["m"].lower().rstrip(".")]
        y = int(g["y"]) if g.get("y") else year
        return iso_date(y, month, int(g["d"])), False
    if name == "day_range":
        month = MONTHS[g["m"].lower().rstrip(".")]
        y = int(g["y"]) if g.get("y") else year
        d1, d2 = int(g["d1"]), int(g["d2"])
        if not 1 <= d1 < d2 <= calendar.monthrange(y or 2000, month)[1]:   # no year known: allow 29 February
            return None, False
        return f"{iso_date(y, month, d1)}/{iso_date(y, month, d2)}", False
    if name == "last_day":
        month = MONTHS[g["m"].lower()]
        y = int(g["y"]) if g.get("y") else year
        if y is None and g.get("this"):
            return None, True            # "sista maj i år" with no year known: relative, unresolved
        return iso_date(y, month, calendar.monthrange(y or 2001, month)[1]), False   # no year known: not a leap year
    if name == "half_year":
        return iso_date(int(g["y"]), 7), False
    if name == "month_range":
        y = int(g["y"])
        return f"{iso_date(y, MONTHS[g['m1'].lower()])}/{iso_date(y, MONTHS[g['m2'].lower()])}", False
    if name == "month_year":
        return iso_date(int(g["y"]), MONTHS[g["m"].lower()]), False
    if name == "month":
        return iso_date(year, MONTHS[g["m"].lower()]), False
    if name == "season_year":
        return f"{g['y']}-{SEASONS[g['s'].lower()]}", False
    if name in ("turn_of_year", "year_range"):
        y1 = int(g["y1"])
        y2 = _two_digit(y1, g["y2"])
        if not y1 < y2 <= y1 + 50:
            return None, False
        return f"{y1}/{y2}", False
    if name in ("year_open", "year"):
        return g["y"], False
    if name == "split_year":
        y1, y2 = int(g["y1"]), int(g["y2"])
        return (f"{y1}/{y2}" if y2 == y1 + 1 else None), False
    if name == "decade":        # ISO 8601's interval, as the gold has it: "1970-talet" -> 1970/1979
        return f"{g['y']}/{int(g['y']) + 9}", False
    if name == "relative_year":
        offset = _REL_YEAR[g["r"].lower()]
        return (str(year + offset) if year else None), True
    if name == "relative_season":
        word = g["s"].lower()
        if word in _PAST_SEASON:  # "i höstas": the last autumn before the document date
            return (f"{year - 1 if word != 'våras' else year}-{_PAST_SEASON[word]}" if year else None), True
        return (f"{year}-{SEASONS[word]}" if year else None), True
    raise ValueError(name)


def extract_dates(text: str, doc_year: int | None = None) -> Iterator[dict]:
    """Date records {text, value, relative, start, end} in text order."""
    taken = Occupancy(len(text))      # overlap tests in the span's length, not in the dates kept
    for m in _NOT_DATES.finditer(text):
        taken.take(*m.span())
    found = []
    for name, pattern in PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            if taken.overlaps(s, e):
                continue
            value, relative = _value(name, m, doc_year)
            if value is None and not relative:
                continue
            taken.take(s, e)
            found.append({"text": m.group(), "value": value, "relative": relative, "start": s, "end": e})
    yield from sorted(found, key=lambda r: r["start"])


@Language.component("kk_dates", assigns=["doc.spans", "doc._.records"])
def dates_component(doc: Doc) -> Doc:
    store(doc, "dates", list(extract_dates(doc_text(doc), _doc_year(doc))), "DATE", "kk_dates")
    return doc
