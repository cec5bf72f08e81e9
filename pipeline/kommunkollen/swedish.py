"""Swedish calendar words and number words, shared by cleaning and extraction."""
from __future__ import annotations

import regex

MONTHS = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "okt": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
SEASONS = {"våren": "spring", "vår": "spring", "vårterminen": "spring", "sommaren": "summer",
           "sommar": "summer", "hösten": "autumn", "höst": "autumn", "höstterminen": "autumn",
           "vintern": "winter", "vinter": "winter"}
NUMBER_WORDS = {
    "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9,
    "tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14, "femton": 15, "sexton": 16,
    "sjutton": 17, "arton": 18, "nitton": 19, "tjugo": 20, "trettio": 30, "fyrtio": 40, "femtio": 50,
    "sextio": 60, "sjuttio": 70, "åttio": 80, "nittio": 90, "hundra": 100, "tusen": 1000,
}

MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
WEEKDAY_NAMES = "|".join(WEEKDAYS)

# "onsdag, 22 januari 2020", "27 maj, 2020", "8 april 2019", "2 april" (year optional)
DAY_MONTH_YEAR = regex.compile(
    rf"(?:(?:{WEEKDAY_NAMES})(?:en)?,?\s+(?:den\s+)?)?(?P<day>[0-3]?\d)(?::e|:a)?\s+(?P<month>{MONTH_NAMES})\.?"
    rf"(?:,?\s+(?P<year>(?:1[89]|20)\d\d))?(?!\w)", regex.I)
ISO_DATE = regex.compile(r"(?<![\d/-])(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?![\d-])")


def iso_date(year: int | None, month: int, day: int | None = None) -> str | None:
    """'2015-12-16', '2015-12', or '--12-16' without a year; None if impossible."""
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    if year is None:
        return f"--{month:02d}-{day:02d}" if day else f"--{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}" if day else f"{year:04d}-{month:02d}"


def parse_date(text: str) -> str | None:
    """The first full date in `text` as ISO 8601, or None (used for metadata lines)."""
    candidates = []
    for m in ISO_DATE.finditer(text):
        candidates.append((m.start(), iso_date(int(m["year"]), int(m["month"]), int(m["day"]))))
    for m in DAY_MONTH_YEAR.finditer(text):
        if m["year"]:
            candidates.append((m.start(), iso_date(int(m["year"]), MONTHS[m["month"].lower()], int(m["day"]))))
    candidates = [c for c in candidates if c[1]]
    return min(candidates)[1] if candidates else None
