"""Money amounts, normalised to SEK, with period, years, recipient and purpose, and which amounts
are totals of which others.

`extract_amounts(text, org_mentions, doc)` is the pure function; `kk_amounts` wraps it. Recipient
and purpose come from the dependency tree where the model parsed the text (`tree_arguments`),
else from surface patterns; years from the amount's own sentence, else the document's budget
year (`document_year`); period from cue words and annual nouns. `link_totals` (called by the
component) marks a frame and the allocations from it, a sum and its parts, so that the datasets
can be summed without counting money twice.
"""
from __future__ import annotations

from collections.abc import Iterator

import regex
from spacy.language import Language
from spacy.tokens import Doc

from kommunkollen.extractors import lexicon, syntax
from kommunkollen.nlp.components import SortedMentions
from kommunkollen.nlp.extensions import doc_text, records, store
from kommunkollen.swedish import NUMBER_WORDS

_NUM = r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_WORDNUM = "|".join(sorted((w for w in NUMBER_WORDS if w not in ("en", "ett")), key=len, reverse=True))
_MULT = "|".join(regex.escape(m) for m in sorted(lexicon.MONEY_MULTIPLIERS, key=len, reverse=True))
_CUR = "|".join(regex.escape(c) for c in sorted(lexicon.CURRENCIES, key=len, reverse=True))
_AMOUNT = regex.compile(
    rf"(?<![\p{{L}}\d,.:/-])(?P<neg>[-−]\s?)?(?P<num>{_NUM}|{_WORDNUM}|en|ett)(?P<half>\s+halv)?"
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
_BARE_AFTER = regex.compile(r"^\s*(?:\p{Ll}+\s+){0,2}?(?P<y>(?:19|20)\d\d)(?![\d/:–-]|\.\d)")
_QUOTED_PURPOSE = regex.compile(
    r"(?:för|avseende|till|på)\s+(?:ansökan om\s+)?(?:(?:det|den)\s+)?(?:nya\s+)?(?:satsningen|satsning|projektet|projekt|insatsen|"
    r"verksamheten|programmet)?\s*[\"”“«'](?P<p>[^\"”“»']{2,120})[\"”“»']", regex.I)
# "6 mnkr avseende ökade kostnader för ...": what the sum is for, in so many words.
_REGARDING = regex.compile(r"^\s*(?:avseende|gällande|för\s+att\s+täcka)\s+(?P<p>[^.;:\n(]{3,100}?)(?=[.;:\n(]|,\s|\s+(?:och\s+\d|åren|per)\s|$)",
                           regex.I)
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
_ANNUAL_CLAUSE = regex.compile(rf"(?<![\p{{L}}])(?:{lexicon.ANNUAL_NOUNS})(?![\p{{L}}])", regex.I)
_BUDGET_YEAR = regex.compile(rf"(?<![\p{{L}}])(?:{lexicon.BUDGET_YEAR_CUES})\s+(?P<y>(?:19|20)\d\d)(?![\d/:.–-]|\s*[-–]\s*\d)",
                             regex.I)
# (a year right after the amount too, "avsatt 2 mnkr 2022"; the sentence's full stop may follow it)
_ONE_YEAR_AFTER = regex.compile(r"^\s*(?:(?:för|under|avseende)\s+(?:år\s+)?)?(?:19|20)\d\d(?![\d/:–-]|\.\d)", regex.I)


def document_year(text: str) -> int | None:
    """The budget year a document is about: the year its budget phrases ("budget 2020",
    "tilläggsanslag 2020", "inför 2018", "för 2022") name most often (and more often than any
    other), else the only year of its heading lines about money ("Fördelning av bidrag till
    hembygdsföreningar 2002"). Amounts without a year of their own take it."""
    counts: dict[int, int] = {}
    for m in _BUDGET_YEAR.finditer(text):
        counts[int(m["y"])] = counts.get(int(m["y"]), 0) + 1
    if counts:
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            return ranked[0][0]
    heading_years = set()
    for line in [ln for ln in text.split("\n") if ln.strip()][:4]:
        if len(line.split()) <= 20 and _FRAME_CUE.search(line):
            heading_years.update(int(m["y"]) for m in _BARE_YEAR.finditer(line))
    return heading_years.pop() if len(heading_years) == 1 else None


def _list_intro(text: str, line_start: int) -> str | None:
    """The line introducing the list this line belongs to ("... med följande ramar:"), if any."""
    pos = line_start
    for _ in range(15):
        if pos <= 0:
            return None
        prev_start = text.rfind("\n", max(0, pos - 1 - REACH), pos - 1) + 1 or max(0, pos - 1 - REACH)
        prev = text[prev_start:pos - 1].strip()
        if prev.endswith(":"):
            return prev
        if prev and not _AMOUNT.search(prev):   # the list ended: this line is not in one
            return None
        pos = prev_start
    return None


# "105 miljoner", "en miljard", "cirka en miljon" without a currency word: money where the
# sentence speaks of money and no counted noun follows ("3 miljoner besökare").
_BARE_MULTIPLIERS = frozenset(("miljoner", "miljon", "miljarder", "miljard"))
_MONEY_CONTEXT = regex.compile(rf"(?<![\p{{L}}])(?:{lexicon.MONEY_CONTEXT})", regex.I)
_NOT_MONEY_AFTER = regex.compile(rf"\s+(?:\p{{Ll}}+\s+)?(?:{lexicon.NOT_MONEY_AFTER})(?![\p{{L}}])", regex.I)


def _money_around(text: str, start: int, end: int) -> bool:
    if _NOT_MONEY_AFTER.match(text, end):
        return False
    lo = max(0, start - 200)
    left = max(text.rfind(".", lo, start), text.rfind("\n", lo, start), lo - 1)
    right = [i for i in (text.find(".", end, end + 200), text.find("\n", end, end + 200)) if i >= 0]
    stop = min(right + [end + 200])
    return _MONEY_CONTEXT.search(text, left + 1, stop) is not None


def _find_amounts(text: str) -> list[dict]:
    out = []
    for m in _AMOUNT.finditer(text):
        if m["pcur"]:
            value = _number(m["pnum"])
            factor, _ = _scale(m["pmult"], None)
            currency = lexicon.CURRENCIES[m["pcur"].lower()]
            high = None
        else:
            bare_millions = (not m["cur"] and m["mult"] and m["mult"].lower() in _BARE_MULTIPLIERS
                             and _money_around(text, m.start(), m.end()))
            if not (m["cur"] or bare_millions or (m["mult"] and m["mult"].lower() in lexicon.MONEY_COMPOUND_UNITS)):
                continue
            if not m["num"][0].isdigit() and not m["mult"]:
                continue  # "tre kronor" is rare in our texts; "två kr" would be noise
            if m["mult"] and m["mult"].lower() == "öre" and regex.match(r"\s*(per|/)\s*(krona|kr)", text[m.end():]):
                continue  # tax rates: "21 öre per krona"
            value = _number(m["num"])
            factor, currency = _scale(m["mult"], m["cur"])
            if bare_millions:
                currency = "SEK"
            if m["half"]:
                value = 0.5
            high = _number(m["num2"]) if m["num2"] else None
        if value is None or currency is None:
            continue
        sign = -1 if m["neg"] else 1
        rec = {"text": m.group().strip(), "value": _clean_value(sign * value * factor), "currency": currency,
               "start": m.start() + (len(m.group()) - len(m.group().lstrip())), "end": m.end()}
        rec["value_max"] = _clean_value(high * factor) if high is not None else None
        out.append(rec)
    return out


# A grant list's line: "Norrby IK, ungdomsverksamhet 12 000 kr" (recipient, purpose, amount).
_LIST_CELLS = regex.compile(r"^\W*(?P<r>\p{Lu}[^,\n]{1,80}?),\s+(?P<p>[\p{L}][^,\n]{1,80}?)\s*$")


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


# --- Recipient and purpose from the dependency tree (when the model parsed the text) ----------
# Verbs whose subject is what an amount measures: "Investeringen uppgår till 68 mnkr",
# "Simhallen beräknas kosta 312 miljoner", "Index med 2 % uppgår till 1 740 tkr".
MEASURE_VERBS = frozenset(("uppgå", "landa", "hamna", "bli", "ligga", "motsvara", "omfatta", "stanna", "kosta",
                           "beräkna", "uppskatta", "budgetera", "innebära", "utgöra", "vara", "öka", "minska",
                           "sänka", "höja", "stiga", "sjunka", "växa", "generera"))
# Verbs that give money to their subject (passive or "få") or to their "till" object.
GIVING_VERBS = frozenset(("tilldela", "bevilja", "få", "erhålla", "tillföra", "anvisa", "ge", "anslå", "fördela",
                          "betala", "överföra", "skjuta", "tillskjuta", "utbetala", "dela"))
# Verbs whose body subject the sum is booked on: "Socialnämnden står för 4 miljoner", "Tekniska
# nämnden sparar 2 mnkr", "Barn- och utbildningsnämnden begär 5 mnkr" (not "Kommunstyrelsen
# föreslår 4 mnkr till hemtjänsten", where the body proposes).
BOOKING_VERBS = frozenset(("stå", "spara", "begära", "äska", "behöva", "ansöka", "redovisa", "överskrida", "prognostisera",
                           "visa", "göra", "dra", "sänka", "höja", "minska", "öka", "gå"))
# Verbs of applying for money: their subject would receive it ("Föreningen söker 20 000 kronor").
APPLYING_VERBS = frozenset(("söka", "ansöka", "äska", "begära"))
# Verbs of receiving: their subject receives what their object names ("får ett tillskott på 2 mnkr").
RECEIVING_VERBS = frozenset(("få", "erhålla"))
# Verbs whose subject (a grant, a sum) goes to their "till" object: "bidraget går till föreningen".
GOING_VERBS = frozenset(("gå", "tillfalla", "fördela", "betala", "utbetala", "dela"))
# Verbs that spend money on their "på"/"i"/"till" object: "satsar 15 mnkr på cykelvägar".
USING_VERBS = frozenset(("satsa", "investera", "lägga", "använda", "avsätta", "reservera", "spendera", "öronmärka",
                         "budgetera", "skjuta", "låna"))
# Verbs that set a sum on their object: "fastställt nämndens budgetram till 86 mnkr", "utökar
# ramen med 2 mnkr": the object is what the sum is, its genitive the body it is for.
SETTING_VERBS = frozenset(("fastställa", "sätta", "justera", "revidera", "utöka", "begränsa", "räkna"))
_phrase = syntax.phrase
_case = syntax.case_of


def _with_conjuncts(token) -> str:
    """A noun phrase with the nouns conjoined to it: "besparingar och effektiviseringar"."""
    parts = [_phrase(token, [])]
    for conj in (c for c in token.children if c.dep_ == "conj" and c.pos_ == "NOUN"):
        cc = next((c.text for c in conj.children if c.dep_ == "cc"), ",")
        parts.append(("" if cc == "," else " ") + cc + " " + _phrase(conj, []))
    return "".join(parts)


def _content(amount):
    """What an amount consists of, in its own "i" phrase: "12 tkr i räntekostnad", "52 miljoner i
    besparingar" (a noun, not a time, a place or a name: "i år", "i Norrby")."""
    return next((c for c in amount.children if c.dep_ == "nmod" and _case(c) == "i" and c.i > amount.i
                 and c.pos_ == "NOUN" and _meaningful(c) and not syntax.is_time(c)), None)


def _genitive_name(token) -> str:
    """'Socialnämndens' -> 'Socialnämnden' (the body a genitive names)."""
    text = token.text
    return text[:-1] if text.endswith("s") and not text.endswith("ss") and len(text) > 3 else text


def _meaningful(phrase_head) -> bool:
    """A purpose names a thing or an act: not a year ("för år 2020"), an id ("ID 9194") or a pronoun."""
    if phrase_head is None or phrase_head.pos_ not in ("NOUN", "VERB", "PROPN", "ADJ"):
        return False
    return phrase_head.lemma_.lower() not in ("år", "id", "nr", "dnr") and not phrase_head.like_num


def _is_body(token) -> bool:
    """A subject that names a body ("Kulturnämnden minskar med 3 mnkr") receives, it is not a purpose."""
    return token.pos_ == "PROPN" or (token.text[:1].isupper() and token.i > token.sent.start
                                     and token.ent_type_ in ("ORG", "PER", "PRS"))


_RECEIVER_HEAD = regex.compile(rf"(?:{lexicon.RECEIVER_HEADS})$")


def _names_receiver(token) -> bool:
    """A nominal that can receive money: a name, a body or unit, a person, a group of people
    ("föreningar", "nämnderna", "Byskolan"); not an act or thing ("upprustning av simhallen"), nor a
    line break the parser gave a relation."""
    if token.is_space:
        return False
    if token.pos_ in ("PROPN", "PRON") or token.ent_type_ in ("ORG", "PER", "PRS", "LOC"):
        return True
    if token.text.endswith("-"):     # "barn- och utbildningsnämnden": the last conjunct names it
        token = next((c for c in token.children if c.dep_ == "conj"), token)
    if token.text[:1].isupper() and token.i > token.sent.start:
        return True
    return _RECEIVER_HEAD.search(token.lemma_.lower() or token.text.lower()) is not None


# ("kontor" is left out: "renoveringen av kontoret för 4 mnkr" pays for a building.)
_BODY_HEADS = regex.compile(r"(?:nämnd|styrelse|förvaltning|utskott|enhet|avdelning|sektor|bolag)(?:en|et|n)?$")


def _names_body(token, exclude=()) -> bool:
    """A subject that names a municipal body or company ("barn- och utbildningsnämnden"), not
    "kommunen", "vi" or a thing."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    words = _phrase(token, list(exclude)).split()   # "barn- och utbildningsnämnden": the head is the last word
    return bool(words) and _BODY_HEADS.search(words[-1].lower()) is not None


def _possessor(noun, nouns_only: bool = False) -> str | None:
    """The body a capitalised genitive before `noun` names ("Socialnämndens budgetram" -> "Socialnämnden")."""
    poss = next((c for c in noun.children if c.dep_ == "nmod:poss"), None)
    if poss is None or not poss.text[:1].isupper() or (nouns_only and poss.pos_ not in ("NOUN", "PROPN")):
        return None
    return _genitive_name(poss)


def _by_subject(subject) -> tuple[str | None, str | None]:
    """(recipient, purpose) from the subject of a measure verb or a copula: a body receives
    ("Kulturnämnden minskar med 2 miljoner"), a thing is what the money is for ("Simhallen
    beräknas kosta ...")."""
    if _is_body(subject) or _names_body(subject):     # ("Kommunstyrelsen minskar med ...", first in its sentence)
        return _phrase(subject, []), None
    if _meaningful(subject):
        # "Stödet till studieförbunden uppgår till ...": the receiver named inside the subject.
        to = next((c for c in subject.children if c.dep_ == "nmod" and _case(c) in ("till", "åt")
                   and _names_receiver(c)), None)
        if to is not None:
            return _phrase(to, []), _phrase(subject, [to])
        return None, _phrase(subject, [])
    return None, None


def _subject_of(verb):
    """A verb's subject, or, for an infinitive under another verb ("föreslås få", "kan söka"), that verb's."""
    # (never a line break, which the parser sometimes makes a subject)
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass") and not c.is_space), None)
    if subject is None and verb.dep_ == "xcomp" and verb.head.i != verb.i:
        subject = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubj:pass") and not c.is_space), None)
    return subject


def _receiver_of_noun(noun) -> str | None:
    """Who receives what a noun with an amount names, from the verb it is the object of: the
    subject of a receiving or applying verb ("Miljönämnden föreslås få ett tillskott på 2 mnkr")."""
    verb = noun.head
    if noun.dep_ != "obj" or verb.i == noun.i or verb.pos_ not in ("VERB", "AUX"):
        return None
    if verb.lemma_.lower() in RECEIVING_VERBS | APPLYING_VERBS and "Pass" not in verb.morph.get("Voice"):
        subject = _subject_of(verb)
        if subject is not None and _names_receiver(subject):
            return _phrase(subject, [])
    return None


def _names_something(doc: Doc, text: str, start: int, end: int, phrase: str) -> bool:
    """Whether a phrase the surface rules read in text[start:end] has a noun, name or pronoun in
    the parse (a receiver does; "Totalt", "I år" do not)."""
    at = text.find(phrase, start, end)
    span = doc.char_span(at, at + len(phrase), alignment_mode="expand") if at >= 0 else None
    return span is None or any(t.pos_ in ("NOUN", "PROPN", "PRON") and t.lemma_.lower() != "år" for t in span)


def tree_arguments(doc: Doc, start: int, end: int) -> tuple[str | None, str | None]:
    """(recipient, purpose) of the amount at [start, end) from the parse, None where it says nothing."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None, None
    head = span.root
    recipient = purpose = receiver = None
    parent = head.head if head.head.i != head.i else None
    case = _case(head)
    # An id or code the parser hung the amount on ("kök ID 1234 med 2 mnkr") is not what it is for:
    # go up to the noun it belongs to.
    while (head.dep_ == "nmod" and parent is not None and not _meaningful(parent) and parent.dep_ in ("nmod", "appos", "flat")
           and parent.head.i != parent.i):
        parent = parent.head
    # "Besparingen på 4 miljoner", "en ny ram om 9 mnkr för bygget", "ett lån om 1 mkr"
    if head.dep_ == "nmod" and parent is not None and _names_body(parent, [head]) and case in ("för", "med"):
        # "... och socialnämnden för 4,6 miljoner": a body with its sum, the sum is booked on it.
        recipient = _phrase(parent, [head])
    elif head.dep_ == "nmod" and parent is not None and _meaningful(parent) and case in (
            "på", "om", "med", "till", "av", "för"):
        own_pp = next((c for c in head.children if c.dep_ == "nmod" and _case(c) == "för" and _meaningful(c)), None)
        # Only the noun's own modifiers on its left ("ett nytt bidrag"): a bad parse may hang a whole
        # clause there ("Kommunfullmäktige beviljade IK Norr ett bidrag på ...").
        left = [c for c in parent.children if c.i < parent.i and (c.dep_ not in ("det", "amod", "nummod", "compound")
                                                                   or any(w.pos_ == "VERB" for w in c.subtree))]
        purpose = _phrase(parent, [head, *left]) + (" för " + _phrase(own_pp, []) if own_pp is not None else "")
        recipient = _possessor(parent, nouns_only=True) or _receiver_of_noun(parent)
        if recipient is None and parent.dep_ in ("nsubj", "nsubj:pass") and parent.head.lemma_.lower() in GOING_VERBS:
            # "Ett bidrag på 30 000 kronor går till föreningen", "... fördelades mellan åtta
            # föreningar": where the noun goes, it is received.
            to = next((c for c in parent.head.children if c.dep_ == "obl" and _case(c) in ("till", "mellan", "åt")), None)
            if to is not None and _names_receiver(to):
                recipient = _phrase(to, [])
    elif (head.dep_ == "nmod" and case is None and parent is not None and parent.dep_ in ("nsubj:pass", "obj", "iobj")
          and parent.head.lemma_.lower() in GIVING_VERBS and _names_receiver(parent)):
        # "I år beviljades föreningen 12 000 kronor", "ger föreningen 5 000 kronor": two nominals in
        # a row that the parser made one, the first the receiver.
        recipient = _phrase(parent, [head])
    elif parent is None and any(c.dep_ == "cop" for c in head.children):
        # "Kulturnämndens budgetram för 2024 är 45 mnkr": the amount is the predicate of its subject.
        subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            recipient, purpose = _by_subject(subject)
            poss = next((c for c in subject.children if c.dep_ == "nmod:poss"), None)
            if purpose is not None and poss is not None and poss.text[:1].isupper():
                recipient, purpose = _genitive_name(poss), _phrase(subject, [poss])   # its owner receives
    elif parent is not None and (parent.pos_ in ("VERB", "AUX")
                                 or parent.pos_ == "ADJ" and any(c.dep_ == "nsubj" for c in parent.children)):
        verb = parent          # (a participle the tagger read as an adjective: "landade på 12 miljoner")
        lemma = verb.lemma_.lower()
        if verb.pos_ == "ADJ" and lemma.endswith("ad"):
            lemma = lemma[:-1]                             # "landad" -> "landa"
        subject = _subject_of(verb)     # "Renoveringen beräknas kosta 60 mnkr": the governing verb's
        if subject is None and verb.dep_ == "acl" and lemma in MEASURE_VERBS and verb.head.pos_ == "NOUN":
            subject = verb.head         # "kostnaden kommer att uppgå till", read as "kostnaden att uppgå"
        obj = next((c for c in verb.children if c.dep_ == "obj" and c.i != head.i), None)
        content = _content(head)
        if head.dep_ in ("obj", "obl", "nsubj:pass") and lemma in GIVING_VERBS:
            to = next((c for c in verb.children if c.dep_ == "obl" and _case(c) in ("till", "mellan", "åt")
                       and c.i != head.i), None)
            if to is None:     # "beviljades 40 000 kronor till föreningen": the parser may hang it on the sum
                to = next((c for c in head.children if c.dep_ == "nmod" and _case(c) in ("till", "mellan", "åt")
                           and c.i > head.i), None)
            # "ger kommunerna 5 mnkr": the indirect object, or the first of two objects (as the parser
            # often reads it) where it can receive
            indirect = next((c for c in verb.children if c.dep_ == "iobj" or (
                c.dep_ == "obj" and head.dep_ == "obj" and c.i < head.i and _names_receiver(c))), None)
            receives = lemma in RECEIVING_VERBS and verb.morph.get("Voice") != ["Pass"]
            if to is not None and (receives or not _names_receiver(to)):
                # "Skolan får 2 mnkr till en ny skolgård", "anslår 12 mnkr till upprustning av
                # simhallen": a "till" that names no body or person says what the money is for.
                purpose = _phrase(to, [])
                to = None
            if to is not None:
                # "till nämnden för fler lärare": the "för" phrase under the receiver says what for
                heads = [to] + [c for c in to.children if c.dep_ == "conj" and to.text.endswith("-")]
                what_for = next((c for h in heads for c in h.children if c.dep_ == "nmod" and _case(c) == "för"
                                 and _meaningful(c)), None)
                recipient = _phrase(to, [what_for] if what_for is not None else [])
                receiver = to
                if what_for is not None:
                    purpose = _phrase(what_for, [])
            elif indirect is not None:
                recipient = _phrase(indirect, [])
            elif subject is not None and subject.i != head.i and (verb.morph.get("Voice") == ["Pass"]
                                                                  or lemma in RECEIVING_VERBS):
                # (not the sum itself, the passive subject of "Totalt beviljades 205 000 kronor")
                recipient = _phrase(subject, [])
        elif head.dep_ in ("obj", "obl", "nsubj:pass") and lemma in USING_VERBS:
            use = next((c for c in verb.children if c.dep_ == "obl" and _case(c) in ("på", "i", "till", "för")
                        and c.i != head.i and _meaningful(c)), None)
            if use is not None:                            # "satsar 15 mnkr på nya cykelvägar"
                purpose = _phrase(use, [])
        elif head.dep_ == "obl" and content is not None and lemma in MEASURE_VERBS:
            purpose = _with_conjuncts(content)             # "landade på 52 miljoner i besparingar och ..."
        elif head.dep_ == "obl" and (case in ("till", "på") and lemma in MEASURE_VERBS | SETTING_VERBS
                                     or case == "med" and lemma in SETTING_VERBS):
            if obj is not None and obj.pos_ == "NOUN":     # "fastställt Socialnämndens budgetram till 86 tkr"
                recipient = _possessor(obj)
                # (the genitive is the recipient, not part of what the sum is)
                poss = [c for c in obj.children if c.dep_ == "nmod:poss"] if recipient else []
                purpose = _phrase(obj, poss)
            elif subject is not None:
                recipient, purpose = _by_subject(subject)
        elif head.dep_ in ("obj", "obl", "xcomp") and lemma in MEASURE_VERBS and subject is not None:
            # ("höjs med 200 000 kronor": the parser may read the sum as the verb's complement)
            recipient, purpose = _by_subject(subject)
        elif head.dep_ in ("nsubj", "nsubj:pass") and obj is not None:
            purpose = verb.text + " " + _phrase(obj, [])   # "300 000 kronor ska finansiera tjänsten"
        elif head.dep_ in ("obj", "obl") and subject is not None and lemma in APPLYING_VERBS and _names_receiver(subject):
            recipient = _phrase(subject, [])                # "Varje förening kan söka 20 000 kronor"
        elif (head.dep_ in ("obj", "obl") and subject is not None and lemma in BOOKING_VERBS and _names_body(subject)
              and not any(c.dep_ == "obl" and _case(c) == "till" for c in verb.children)):
            # "Socialnämnden står för 4,6 miljoner", "Tekniska nämnden sparar 2 mnkr": the body the
            # sum is booked on.
            recipient = _phrase(subject, [])
        if purpose is None and lemma in GIVING_VERBS | APPLYING_VERBS:     # "klubben får 5 000 kronor i stöd"
            as_what = next((c for c in verb.children if c.dep_ == "obl" and _case(c) in ("i", "som") and _meaningful(c)),
                           None)
            if as_what is not None:
                purpose = _phrase(as_what, [])
        if purpose is None:
            for_pp = next((c for c in verb.children if c.dep_ in ("obl", "advcl") and _case(c) == "för"
                           and c.i > head.i), None)
            if for_pp is not None and _meaningful(for_pp):
                purpose = _phrase(for_pp, [])
    # "40 tkr i avgift", "50 000 kronor för upprustning av badet"
    if purpose is None:
        pp = next((c for c in head.children if c.dep_ == "nmod" and _case(c) in ("i", "för", "till", "på")
                   and c.i > head.i and (receiver is None or c.i != receiver.i)), None)
        if pp is not None and _meaningful(pp):
            purpose = _phrase(pp, [])
    if recipient is None or purpose is None:
        # "avsätts 700 000 kronor till föreningsbidrag 2026", "får 2 mnkr per år under 2025-2027 till
        # fler kulturaktiviteter": a "till" phrase right after the sum that the parser hung elsewhere
        # (on a year, a number) names the receiver or, naming none, what the money is for.
        to = _till_after(span)
        if to is not None and _names_receiver(to) and to.pos_ != "PRON":
            recipient = recipient or _phrase(to, [])
        elif to is not None and _meaningful(to) and not syntax.is_time(to):
            purpose = purpose or _phrase(to, [])
    return recipient or None, purpose or None


_TILL_REACH = 8   # tokens after the sum


def _till_after(amount):
    """The nominal of the first "till" within a few words after the amount's words, in its clause
    (no punctuation, finite verb or "och" between), that is no sum itself ("från 2 till 3 miljoner")."""
    doc = amount.doc
    start = amount.end
    for tok in doc[start:min(start + _TILL_REACH, amount.sent.end)]:
        if tok.is_punct or tok.is_space or tok.lower_ in ("och", "samt", "men", "som", "att") or (
                tok.pos_ in ("VERB", "AUX") and "Fin" in tok.morph.get("VerbForm")):
            return None
        if tok.lower_ == "till" and tok.dep_ == "case" and tok.head.i > tok.i:
            nominal = tok.head
            if nominal.pos_ not in ("NOUN", "PROPN") or nominal.like_num or any(
                    c.dep_ == "nummod" or c.like_num for c in nominal.children):
                return None
            return nominal
    return None


def extract_amounts(text: str, org_mentions: list[dict] | None = None, doc: Doc | None = None) -> Iterator[dict]:
    """Amount records in text order. `org_mentions` (from the municipal layer) help find recipients;
    `doc`, when it carries a dependency parse, gives recipient and purpose from the tree."""
    org_mentions = org_mentions or []
    by_start = SortedMentions(org_mentions)   # the mentions in a window, without a scan over all of them
    parsed = syntax.parsed(doc)
    found = _find_amounts(text)
    budget_year = document_year(text) if found else None
    for i, rec in enumerate(found):
        # The amount's line, at most REACH characters either side: a PDF transcript puts a whole
        # document on one line, and reading all of it for every amount would cost n² (issue 14).
        line_start, line_end = _line_window(text, rec["start"], rec["end"])
        seg_start = max(line_start, found[i - 1]["end"]) if i and found[i - 1]["end"] > line_start else line_start
        seg_end = min(line_end, found[i + 1]["start"]) if i + 1 < len(found) else line_end
        after = text[rec["end"]:seg_end]
        before = text[seg_start:rec["start"]]
        period = next((name for name, p in _PERIODS if p.search(after[:60])), None)
        intro = _list_intro(text, line_start)
        if period is None and intro and _ANNUAL.search(intro):
            period = "year"     # frames of an annual budget ("driftbudgeten för 2023 med följande ramar:")
        years = None
        # A bare year counts in the amount's own sentence only: just after it ("400 000 kronor 2027",
        # "beviljades 2023") or the nearest one before it ("Kostnaden uppgick 2021 till ...").
        sentence_start, sentence_end = _sentence_bounds(text, rec)
        in_sentence = text[sentence_start:rec["start"]]
        bare_before = list(_BARE_YEAR.finditer(in_sentence))
        ym = (_YEARS.search(after) or _YEARS.search(before) or _BARE_AFTER.match(after)
              or (bare_before[-1] if bare_before else None) or (_YEARS.search(intro) if intro else None))
        if ym:
            g = ym.groupdict()
            if g.get("y1") or g.get("r1"):
                years = [int(g.get("y1") or g["r1"]), int(g.get("y2") or g["r2"])]
            else:
                years = [int(ym["y"]), int(ym["y"])]
        elif budget_year:
            years = [budget_year, budget_year]
        if period is None:
            # An annual noun in the amount's sentence ("budgetram", "verksamhetsbidrag", "årshyra"),
            # or a grant for one stated year ("delades 2 miljoner kronor ut för 2024").
            clause = text[sentence_start:sentence_end]
            if _ANNUAL_CLAUSE.search(clause) or (_ONE_YEAR_AFTER.match(after) and _FRAME_CUE.search(clause)):
                period = "year"
        rest_of_line = text[rec["end"]:line_end]
        pm = _QUOTED_PURPOSE.search(rest_of_line) or _REGARDING.match(after) or _PLAIN_PURPOSE.search(after)
        purpose = pm["p"].strip() if pm else None
        orgs_before = [dict(o, end_in_line=o["end"] - seg_start) for o in by_start.between(seg_start, rec["start"])
                       if o["end"] <= rec["start"]]
        # The recipient-verb rule reads from the start of the amount's sentence ("Nämnden får 2 000 kr"):
        # on a transcript's one long line, the line start is far away.
        recipient = _recipient(text[sentence_start:line_end], before, after, orgs_before)
        cells = _LIST_CELLS.match(before) if not after.strip(" .;") else None
        if cells:
            recipient, purpose = cells["r"].strip(), cells["p"].strip()
        elif parsed:
            tree_recipient, tree_purpose = tree_arguments(doc, rec["start"], rec["end"])
            if recipient and not tree_recipient and not _names_something(doc, text, sentence_start, line_end, recipient):
                recipient = None     # "Totalt beviljades 205 000 kronor": an adverb before the verb
            # A body right before the amount is its cell's ("X minskar med 13 mnkr, Y – 4 miljoner,
            # Z – 4 miljoner"): the tree may hang every sum of such a list on the first one's verb.
            in_cell = bool(orgs_before) and len(before) - orgs_before[-1]["end_in_line"] <= 3
            if tree_recipient and not in_cell:
                # The body the municipal layer found there names it in full ("Social- och
                # arbetsmarknadsnämnden", where the parse may keep only "Social").
                whole = [o["name"] for o in by_start.between(line_start, line_end)
                         if o["name"].startswith(tree_recipient) and len(o["name"]) > len(tree_recipient) + 2]
                recipient = max(whole, key=len) if whole else tree_recipient
            # A quoted project name or an infinitive of purpose ("för att driva simskolor") says
            # what the money is for in so many words; otherwise the tree's phrase.
            stated = pm and (pm.re is _QUOTED_PURPOSE or pm.re is _REGARDING or pm["p"].startswith("att "))
            if tree_purpose and not stated:
                purpose = tree_purpose
        value = rec["value"]
        sek = rec["currency"] == "SEK"
        yield {"text": rec["text"], "value_sek": value if sek else None,
               "value_sek_max": rec["value_max"] if sek else None, "value": value,
               "currency": rec["currency"], "period": period, "years": years, "recipient": recipient,
               "purpose": purpose, "is_total": False, "part_of": None, "start": rec["start"], "end": rec["end"]}


_PART_CUE = regex.compile(rf"(?:^|[\s,(])(?:{lexicon.PART_CUES})\s*(?::\s*)?$", regex.I)
_TOTAL_CUE = regex.compile(rf"(?:^|[\s,(])(?:{lexicon.TOTAL_CUES})(?:\s+\p{{L}}+){{0,3}}\s*(?::\s*)?$", regex.I)
_FRAME_CUE = regex.compile(rf"\b(?:{lexicon.FRAME_CUES})\b", regex.I)
_SENTENCE_BREAK = regex.compile(r"[.!?](?:\s|$)|\n\s*\n")
_SENTENCE_END = regex.compile(r"[.!?](?=\s|$)")
_BLOCK_BREAK = regex.compile(r"\n[ \t]*\n(?![ \t\n]*[-–•*·])")   # a blank line, unless a list item follows it
_TOLERANCE = 0.005   # rounding in "1,8 miljoner" and the like
# A sum and its parts stand close: at most this many amounts make one (bounds the search in long
# documents, where every amount would otherwise be tried against every run after it).
MAX_PARTS = 40


def local_id(rec: dict) -> str:
    """The part of a record_id that the document does not give: 'amounts:<start>-<end>'."""
    return f"amounts:{rec['start']}-{rec['end']}"


def _total_value(a: dict, frame_years: list[int] | None = None) -> float:
    """What an allocation adds up to: an amount per year counts once for every year it runs
    (within the frame's years, when those are stated)."""
    if a.get("period") == "year" and a.get("years"):
        first, last = a["years"]
        if frame_years:
            first, last = max(first, frame_years[0]), min(last, frame_years[-1])
        return a["value_sek"] * max(1, last - first + 1)
    return a["value_sek"]


REACH = 400


def _line_window(text: str, start: int, end: int, reach: int = REACH) -> tuple[int, int]:
    """The line around [start, end), cut at `reach` characters either side."""
    lo = max(0, start - reach)
    line_start = text.rfind("\n", lo, start) + 1 or lo
    line_end = text.find("\n", end, end + reach)
    return line_start, (min(len(text), end + reach) if line_end == -1 else line_end)


def _sentence_bounds(text: str, rec: dict) -> tuple[int, int]:
    """The sentence around a record: from the last sentence end or line break before it to the next
    one after it (the extractor reads text, not the parse), within REACH characters."""
    line_start, line_end = _line_window(text, rec["start"], rec["end"])
    ends_before = [m.end() for m in _SENTENCE_END.finditer(text, line_start, rec["start"])]
    after = _SENTENCE_END.search(text, rec["end"], line_end)
    return (ends_before[-1] if ends_before else line_start), (after.end() if after else line_end)


def link_totals(text: str, amounts: list[dict]) -> list[dict]:
    """Mark totals and their parts among one document's amounts (in text order), in place.

    In order, each amount taking one role at most:
    1. 'varav' parts: an amount right after a part cue ("varav", "därav", "av dessa") is part of
       the nearest larger amount before the cue in the same paragraph; amounts joined to it
       by "och" or a comma in the same sentence are parts too, while they fit in the total.
    2. stated sums: an amount right after a total cue ("totalt", "sammanlagt") that equals the
       sum of two or more amounts just before it in the same paragraph or list.
    3. exact sums: an amount without a recipient that equals the sum of two or more amounts
       right after it in the same paragraph or list.
    4. frames: an amount without a recipient whose sentence has a frame cue ("avsätta",
       "fördela", "ram", "pott", "anslag", "budget"), followed by two or more amounts with a
       recipient whose total, per year for the frame's years, fits in it.
    """
    sek = [a for a in amounts if a.get("value_sek") is not None and a.get("value_sek") > 0]
    role: dict[int, str] = {}          # id(amount) -> "total" | "part"

    def block(i: int, j: int) -> bool:
        """Amounts i < j of `sek` are in the same paragraph or list."""
        return not _BLOCK_BREAK.search(text, sek[i]["end"], sek[j]["start"])

    def link(total: dict, parts: list[dict]) -> None:
        total["is_total"] = True
        role[id(total)] = "total"
        for p in parts:
            p["part_of"] = local_id(total)
            role[id(p)] = "part"

    def fits(parts: list[dict], total: dict) -> bool:
        return sum(_total_value(p, total.get("years")) for p in parts) <= total["value_sek"] * (1 + _TOLERANCE)

    def equal(parts: list[dict], total: dict) -> bool:
        return abs(sum(p["value_sek"] for p in parts) - total["value_sek"]) <= total["value_sek"] * _TOLERANCE

    for i, a in enumerate(sek):                                    # 1. varav
        if id(a) in role:
            continue
        before = text[max(sek[i - 1]["end"] if i else 0, a["start"] - 40):a["start"]]
        if not _PART_CUE.search(before):
            continue
        totals = [k for k in range(i - 1, -1, -1) if block(k, i) and sek[k]["value_sek"] > a["value_sek"]
                  and role.get(id(sek[k])) != "part"]
        if not totals:
            continue
        total, parts = sek[totals[0]], [a]
        for k in range(i + 1, len(sek)):
            between = text[sek[k - 1]["end"]:sek[k]["start"]]
            if _SENTENCE_BREAK.search(between) or id(sek[k]) in role or not fits([*parts, sek[k]], total):
                break
            parts.append(sek[k])
        if fits(parts, total):
            link(total, parts)
    for i, a in enumerate(sek):                                    # 2. stated sums
        if id(a) in role or not _TOTAL_CUE.search(text[max(0, a["start"] - 40):a["start"]]):
            continue
        run = [sek[k] for k in range(i - 1, max(-1, i - 1 - MAX_PARTS), -1) if block(k, i) and id(sek[k]) not in role]
        for n in range(2, len(run) + 1):
            if equal(run[:n], a):
                link(a, list(reversed(run[:n])))
                break
    for i, a in enumerate(sek):                                    # 3. exact sums of what follows
        if id(a) in role or a.get("recipient"):
            continue
        run = [sek[k] for k in range(i + 1, min(len(sek), i + 1 + MAX_PARTS)) if block(i, k) and id(sek[k]) not in role]
        for n in range(2, len(run) + 1):
            if equal(run[:n], a):
                link(a, run[:n])
                break
    frames = [i for i, a in enumerate(sek) if id(a) not in role and not a.get("recipient")
              and _FRAME_CUE.search(text, *_sentence_bounds(text, a))]
    for n, i in enumerate(frames):                                 # 4. frames and allocations
        stop = frames[n + 1] if n + 1 < len(frames) else len(sek)
        parts = []
        for k in range(i + 1, stop):
            p = sek[k]
            if id(p) in role or not p.get("recipient"):
                continue
            if not fits([*parts, p], sek[i]):
                break
            parts.append(p)
        if len(parts) >= 2:
            link(sek[i], parts)
    return amounts


@Language.component("kk_amounts", assigns=["doc.spans", "doc._.records"])
def amounts_component(doc: Doc) -> Doc:
    orgs = records(doc).get("org_mentions", [])
    text = doc_text(doc)
    store(doc, "amounts", link_totals(text, list(extract_amounts(text, orgs, doc))), "MONEY", "kk_amounts")
    return doc
