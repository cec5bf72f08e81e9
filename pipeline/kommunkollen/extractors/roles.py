"""Roles and party letters around a person's name, from the shape of the phrase around it.

Used by extractors/actors.py. A role is a noun phrase whose head is a role noun
(lexicon.ROLE_HEADS, compounds and definite forms included). It stands in one of a few
places, tried in this order:

- cells after the name, separated by commas, up to the next person ("Anna Ek, ordförande, s",
  "Per Holm (S), kommunstyrelsens ordförande", "Lars Ek, VD Bolaget AB 132"); a cell of
  party letters gives the party;
- a predicate after the name: "X är ordförande för Y", "X stannar som kommunalråd",
  "välja X till kf-ordförande";
- before the name, when the words are not the cells of the previous person:
  "kommunchef Tage Ek", "kommunstyrelsens ordförande Anna Ek", "Ordförande Lars Ek (fp)",
  "1:e vice ordf. Bo Ek (s)";
- the heading of the attendance list the name is under ("Beslutande", "Utses att justera").
"""
from __future__ import annotations

from functools import cache

import regex

from kommunkollen.extractors import lexicon

_HEADS = tuple(sorted(set(lexicon.ROLE_HEADS), key=len, reverse=True))
_WHOLE = frozenset(lexicon.ROLE_WORDS_WHOLE)
_NOT = frozenset(lexicon.NOT_ROLES)
_MODIFIERS = frozenset(lexicon.ROLE_MODIFIERS)
_PARTY_CELL = regex.compile(r"(?:" + "|".join(lexicon.PARTY_LETTERS) + r")", regex.I)
# Definite and genitive endings a role noun may carry: "ordföranden", "rådet", "chefens".
_ENDINGS = ("ens", "ets", "ns", "en", "et", "n", "t", "s")


@cache
def role_base(word: str) -> str | None:
    """The role a word names in its base form ('förvaltningschefen' -> 'förvaltningschef'), or None."""
    w = word.casefold().strip(",;:()")
    if w in lexicon.ROLE_ABBREVIATIONS:
        return lexicon.ROLE_ABBREVIATIONS[w]
    w = w.rstrip(".")
    for form in (w, *(w[: -len(e)] for e in _ENDINGS if w.endswith(e) and len(w) - len(e) >= 2)):
        if form in _NOT:
            return None
        if form in _WHOLE:
            return form
        for head in _HEADS:
            if form == head or (form.endswith(head) and len(form) - len(head) >= 2 and not form[-len(head) - 1].isdigit()):
                return form
    return None


def _words(phrase: str) -> list[str]:
    return regex.findall(r"\d:[ea]|[\p{L}\d][\p{L}\d./:-]*", phrase)


def is_role_phrase(phrase: str, *, agent_nouns: bool = False) -> bool:
    """A phrase with a role noun in it; `agent_nouns` also takes any lower-case -are noun
    ("närvarofrämjare"), which in a list cell after a name is a title."""
    for w in _words(phrase):
        if role_base(w):
            return True
        if agent_nouns and w.islower() and len(w) > 5 and w.endswith("are") and w not in _NOT:
            return True
    return False


# A period ends a cell unless it ends an abbreviation ("bitr.", "ordf.", "t.f.").
_CELL_END = regex.compile(r"(?<!\b(?:bitr|ordf|tf|t\.f|resp|ca|avd|adm|v|f\.d|fd))[.;!?](?=\s|$)|\n|\s[–—]\s|\s+säger\b|"
                          r":(?!\p{L})|\(")
_PARTY_LEAD = regex.compile(r"^(" + "|".join(lexicon.PARTY_LETTERS) + r")(?:$|(?=\s+\p{Lu}))", regex.I)
# A cell that starts a clause is prose, not a title: "Anna Ek, som är ordförande".
_NOT_CELL_START = frozenset(("som", "är", "var", "har", "och", "men", "att", "det", "den", "hon", "han", "vi", "de",
                             "säger", "sa", "skriver", "menar", "tycker", "berättar"))
# A page or paragraph number, then a capitalised word: the next field of a flattened table.
_NEXT_FIELD = regex.compile(r"\s+\d+\s+(?=\p{Lu})")
_TRAILING_JUNK = regex.compile(r"(?:\s+(?:\d+(?:[-–]\d+)?|delvis|§\s*\d+))+\s*$", regex.I)


def split_role_org(phrase: str) -> tuple[str, str | None]:
    """'VD Bolaget AB' -> ('VD', 'Bolaget AB'); 'jurist på Byrån AB och expert' -> ('jurist', 'Byrån AB');
    'samordnare för flyktingfrågor i Lunds kommun' -> ('samordnare för flyktingfrågor', 'Lunds kommun')."""
    words = phrase.split()
    for i, w in enumerate(words[1:], 1):
        if w[:1].isupper() and not role_base(w) and role_base(words[i - 1]):
            return " ".join(words[:i]), " ".join(words[i:])
    m = regex.search(r"\s+(?:i|på|vid|inom|hos|för)\s+(?P<org>\p{Lu}[^,]*?)(?:\s+och\s+\p{Ll}.*)?$", phrase)
    if m:
        return phrase[: m.start()].strip(), m["org"].strip()
    return phrase, None


def cells_after(window: str) -> tuple[str | None, str | None, str | None]:
    """(role, party, organisation) from the comma cells after a name; `window` runs from the end of
    the name to the next person (or a little further)."""
    role = party = org = None
    paren = regex.match(r"^\s*\(([^)]{1,4})\)", window)
    if paren:
        if _PARTY_CELL.fullmatch(paren[1]):
            party = paren[1].upper()
        window = window[paren.end():]
    cut = _CELL_END.search(window)
    text = window[: cut.start()] if cut else window
    cells = text.split(",")
    for cell in cells[1:]:
        cell = _NEXT_FIELD.split(cell, maxsplit=1)[0]
        cell = _TRAILING_JUNK.sub("", cell.strip())
        if not cell:
            continue
        letters = _PARTY_LEAD.match(cell)      # "s", "S", "c Övriga deltagare" (the next heading)
        if letters:
            party = party or letters[1].upper()
            continue
        if (role is None and len(cell.split()) <= 12 and cell.split()[0].casefold() not in _NOT_CELL_START
                and is_role_phrase(cell, agent_nouns=True)):
            role, org = split_role_org(cell)
            continue
        break
    return role, party, org


_PREDICATE = regex.compile(
    r"^\s*(?:\([^)]{1,4}\))?,?\s+(?:(?:är|var|blir|blev|har\s+varit|kvarstår\s+som|fortsätter\s+som)\s+"
    r"(?:även\s+|också\s+|numera\s+|nu\s+|tidigare\s+|sedan\s+\d{4}\s+)?|(?:\p{Ll}+\s+){0,6}?som\s+(?:är\s+|var\s+)?|"
    r"(?:har\s+|hade\s+|ska\s+|kommer\s+att\s+)?(?:utsetts|utses|utsågs|utse|valts|valdes|väljs|välja|utnämnts|utnämns|"
    r"anställts|anställs|rekryterats|nominerats|föreslagits|föreslås|blivit|blir)\s+(?:\p{Ll}+\s+){0,2}?(?:till|som)\s+|"
    r"till\s+)"
    r"(?P<role>[^,.;:\n()]{2,90}?)(?=\s*(?:[,.;:\n(]|$|\s+som\b))")


# The copula before the name, the title after it: "Sedan i höstas är Maja Ek (S) kommunstyrelsens ordförande."
_INVERTED = regex.compile(r"\b(?:är|var|blir|blev)\s+$", regex.I)
_AFTER_INVERTED = regex.compile(r"^\s*(?:\([^)]{1,4}\))?\s+(?P<role>[^,.;:\n()]{2,90}?)(?=\s*(?:[,.;:\n(]|$|\s+som\b))")


_CONJUNCT_OCH = regex.compile(r"(?<!-) och ")


def predicate_role(after: str, before: str = "") -> tuple[str | None, str | None]:
    """'är ordförande för IK Norr' -> ('ordförande', 'IK Norr'); 'stannar som kommunalråd' -> 'kommunalråd';
    with the copula before the name (`before` ends with 'är') the title right after it."""
    m = _PREDICATE.match(after)
    if m is None and _INVERTED.search(before):
        m = _AFTER_INVERTED.match(after)
    if not m:
        return None, None
    # Conjuncts that are titles too ("kommunalråd och vice ordförande i nämnden") stay; the
    # clause that follows a title ("ordförande och tycker att ...") does not.
    # ("barn- och utbildningsnämnden": an "och" after a word cut at a hyphen joins one name)
    conjuncts = _CONJUNCT_OCH.split(m["role"].strip())
    kept = conjuncts[:1]
    for c in conjuncts[1:]:
        lead = [w for w in _words(c)[:4] if w.casefold() not in _MODIFIERS]
        if not lead or not role_base(lead[0]):
            break
        kept.append(c)
    phrase = " och ".join(kept)
    words = _words(phrase)
    # The phrase starts with its role ("ordförande för ...", "förste vice ordförande"), not with
    # something that merely contains one later ("till mötet med rektorn").
    # Modifiers and a body in the genitive may stand before the title ("ny förvaltningschef",
    # "kommunstyrelsens ordförande").
    lead = [w for w in words[:5] if w.casefold() not in _MODIFIERS
            and not (regex.fullmatch(r"\p{Ll}[\p{Ll}-]{3,}s", w) and not role_base(w))]
    if not lead or not role_base(lead[0]) or not phrase[:1].islower() and not role_base(words[0]):
        return None, None
    return split_role_org(phrase)


def _normalise_modifier(word: str) -> str:
    return regex.sub(r"^(\d:[ea])(vice)$", r"\1 \2", word, flags=regex.I)


_TITLE_OF_BODY_BEFORE = regex.compile(r"(?:^|[.!?:;]\s+|\n)\W*(?P<title>\p{L}+)\s+(?P<rest>(?:i|för|på|vid|inom)\s+[^,.;:\n]{2,60}?),\s*$")


def role_before(between: str) -> str | None:
    """A role standing right before a name: `between` is the text from the previous person (or
    the start of the line) to this name. Cells of the previous person (it starts with a comma)
    are not this person's."""
    # ", 1:e vice ordförande" after the previous name, or after its party ("(S), ordförande"),
    # belongs to the previous person.
    if regex.match(r"\s*(?:\([^)]{1,4}\)\s*)?,", between):
        return None
    words = _words(between)
    # The title stands right before the name, or before it and a comma ("kommunstyrelsens
    # ordförande, Eva Sten"): "(projektledare), Per Holm" is someone else's.
    if not words or not regex.search(regex.escape(words[-1]) + r"\s*,?\s+$", between):
        return None
    i = len(words) - 1
    base = role_base(words[i])
    if base is None:
        # "Ordförande i barn- och utbildningsnämnden, Lena Berg": a title with its body, then a comma.
        m = _TITLE_OF_BODY_BEFORE.search(between)
        if m and role_base(m["title"]):
            return (m["title"].lower() + " " + m["rest"]).replace("ordf.", "ordförande")
        return None
    if not words[i][:1].islower() and words[i].upper() != "VD" and i > 0 and words[i - 1][:1].islower():
        return None       # "med Ordförande" mid-sentence: not a title
    parts = [base if words[i][:1].islower() or words[i].isupper() else base]
    j = i - 1
    while j >= 0 and (words[j].casefold() in _MODIFIERS or regex.fullmatch(r"\d:[ea](?:vice)?", words[j], regex.I)):
        parts.insert(0, _normalise_modifier(words[j].casefold()))
        j -= 1
    # A body in the genitive before the title: "kommunstyrelsens ordförande", or opening the
    # sentence: "Socialnämndens ordförande Per Holm".
    if j >= 0 and len(words[j]) > 5 and (regex.fullmatch(r"\p{Ll}[\p{Ll}-]+s", words[j]) or (
            regex.fullmatch(r"\p{Lu}\p{Ll}[\p{Ll}-]+s", words[j]) and j == 0
            and regex.search(r"(?:^|[.!?:]\s*|\n\s*)" + regex.escape(words[j]) + r"\s", between))):
        parts.insert(0, words[j][:1].lower() + words[j][1:])
    role = " ".join(parts)
    return role.replace("ordf.", "ordförande").replace("ordf ", "ordförande ")


_HEADINGS = [(regex.compile(rf"(?:^|(?<=[\s,]))(?:{p})(?![\p{{L}}])", regex.M), role)
             for p, role in lexicon.ATTENDANCE_HEADINGS]
# A sentence between two names ends the list they were in.
_PROSE = regex.compile(r"[.!?]\s+\p{Lu}\p{Ll}+\s+\p{Ll}+\s+\p{Ll}+")


_HEADING_LINE = regex.compile(rf"(?:{'|'.join(p for p, _ in lexicon.ATTENDANCE_HEADINGS)})\s*:?", regex.I)


def is_attendance_heading(line: str) -> bool:
    """A line that is the heading of an attendance list ("Ersättare", "Övriga närvarande:"): it
    opens the next list, it is no title of the name above it."""
    return _HEADING_LINE.fullmatch(line.strip()) is not None


class HeadingTracker:
    """The attendance heading each name of a list is under, as the names go by in order."""

    def __init__(self) -> None:
        self.role: str | None = None

    def update(self, gap: str) -> str | None:
        """`gap` is the text between the previous person and this one."""
        found = None
        for rx, role in _HEADINGS:
            for m in rx.finditer(gap):
                if found is None or m.start() > found[0]:
                    found = (m.start(), role)
        if found is not None:
            self.role = found[1]
        elif len(gap) > 160 or _PROSE.search(gap) or "\n\n" in gap.strip(" \t"):
            self.role = None
        return self.role
