"""Organisational changes: transfers, mergers, creations, abolitions, splits, renamings.

`extract_org_changes(text, sentences, org_mentions, title, doc)` is the pure function:
1. a sentence with a change verb (patterns.CHANGE_TRIGGERS) or change noun with its object
   after "av" (patterns.NOMINAL_TRIGGERS) states a change, unless negated;
2. object, from and to come from the surface (`_change`), then from the parse where the model
   made one (`tree_change`: passive subject or object, "från"/"till" phrases);
3. the status comes from the tree (governing verbs, auxiliaries, tense; extractors/syntax.py),
   else from cue words in the sentence, else, for list items and short follow-ups, from the
   sentences just before it; agenda items are considered;
4. statements of the same change (`same_change`) become one record, at the first full
   sentence, with the status later statements of fact give it.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import regex
from spacy.language import Language
from spacy.tokens import Doc

from kommunkollen.errors import SetupError
from kommunkollen.extractors import syntax
from kommunkollen.extractors.patterns import (
    CHANGE_TRIGGERS,
    FUTURE_ANCHORS,
    MERGED_UNIT_HEADS,
    NOMINAL_TRIGGERS,
    NOT_UNIT_NOUNS,
    STATUS_CUES,
    TEMPORARY_CUES,
    UNIT_NOUNS,
)
from kommunkollen.nlp.components import Occupancy, is_person_name
from kommunkollen.nlp.extensions import doc_text, records, store
from kommunkollen.resources import REINSTALL, data_file

_TRIGGERS = [(t, regex.compile(rf"(?<![\p{{L}}])(?:{p})(?![\p{{L}}])", regex.I)) for t, p in CHANGE_TRIGGERS.items()]
# "avveckling av Björkhemmet", "nedläggning av Ugglan": the object is the phrase after "av", up to
# the next nominal change, a clause boundary or the end of the sentence.
_NOMINAL = [(t, regex.compile(rf"(?<![\p{{L}}])(?:{p})\s+av\s+(?P<obj>[^,.;:()\n]{{2,90}}?)"
                             rf"(?=\s+och\s+(?:{'|'.join(NOMINAL_TRIGGERS.values())})\b|\s+(?:till|från|med|för att|i syfte|som|"
                             rf"ska|kommer|har|är|blir|innebär|beslutades|föreslås|förbättrar|ger|gör|leder|medför|kan|skulle|måste|bör|sker|"
                             rf"skapar|väntas|beräknas|påverkar|kostar|sparar)\b|\s*[,.;:()]|$)", regex.I))
            for t, p in NOMINAL_TRIGGERS.items()]
_STATUS = [(s, regex.compile(rf"(?<![\p{{L}}])(?:{p})(?![\p{{L}}])", regex.I)) for s, p in STATUS_CUES]
_CLAUSE_START = regex.compile(r"(?:^|[:–—;]\s*|\bär att\s+|\batt\s+|\bom\s+|\bdär\s+|,\s+)(?=[^:–—;]*$)", regex.I)
_LEADING = regex.compile(r"^(?:[•*·–-]\s*)?(?:(?:att|om|en|ett|den|det|de|bl\s?a|vidare|även)\s+)*", regex.I)
_MODALS = regex.compile(r"\s+(?:ska|skall|bör|kan|kommer att|föreslås|planeras|har|är)(?:\s+(?:också|även|nu))?\s*$", regex.I)
_TARGET = regex.compile(r"^[^.;:]*?\btill\s+(?:en\s+|ett\s+)?(?:ny\s+)?(?:sektor(?:n)?\s+)?(?P<x>[^,.;:()]{2,90}?)(?=\s*[,.;:(]|\s+(?:och\s+(?:det|att|flyttas|läggs|blir|har|ska|är|får|kan)|för|där|med|inklusive|från|den|senast|efter|vid|per|"
                     r"under|och\s+ska)\b|$)", regex.I)
_SOURCE = regex.compile(r"\bfrån\s+(?:förvaltningen\s+|nämnden\s+)?(?P<x>[^,.;:]{2,90}?)"
                        r"(?=\s+(?:\p{Ll}+s\s+(?:över\s+)?)?till\b|\s*[,.;:]|$)", regex.I)


def _status(sentence: str) -> str | None:
    for status, pattern in _STATUS:
        if pattern.search(sentence):
            return status
    return None


# The "att" of a verb chain, not of a clause: "kan komma att slås samman", "planeras att stängas".
_CHAIN_ATT = regex.compile(r"\b(?:komma|kommer|planeras|föreslås|beräknas|väntas|bedöms|behöver|riskerar)\s+att\s*$",
                           regex.I)


def _object_before(sentence: str, trigger_start: int) -> str | None:
    head = sentence[:trigger_start]
    starts = list(_CLAUSE_START.finditer(head))
    while starts and not head[starts[-1].end():].strip() and _CHAIN_ATT.search(head, 0, starts[-1].end()):
        starts.pop()      # "Räddningstjänsten kan komma att slås samman": the subject is before the chain
    clause = head[starts[-1].end():] if starts else head
    clause = _MODALS.sub("", clause.strip())
    # "Skolan ska enligt förslaget läggas ner": the subject ends where its verb begins.
    clause = regex.split(r"\s+(?:ska|skall|bör|kan|kommer att|har|hade|är|var|föreslås|planeras|måste|kommer)\b",
                         clause, maxsplit=1, flags=regex.I)[0]
    clause = _LEADING.sub("", clause).strip(" ,")
    return clause or None


# Where an object's noun phrase ends: a subordinate clause ("när ...", "som ..."), a second verb
# phrase ("och därmed dela ..."), "i egen regi" (the change's destination).
_OBJECT_END = regex.compile(r"\s+(?:när|eftersom|då|om|som|efter att|innan|medan|för att|så att|och därmed|samt att|"
                            r"och att)\b.*$|\s+(?:ett|två|tre|fyra|fem|några)\s+(?:år|månader|veckor)\s+(?:tidigare|senare)\b.*$",
                            regex.I)
_REGI = regex.compile(r"(?:^|\s+)i\s+(?P<regi>(?:egen|kommunal|kommunens|privat)\s+regi)\b.*$", regex.I)
OBJECT_MAX_WORDS = 10


def _trim_object(obj: str | None) -> tuple[str | None, str | None]:
    """(object, 'egen regi' or None): the object's noun phrase without the clause after it, at most
    OBJECT_MAX_WORDS words; an object opening with a negation is none ("inte ett beslut")."""
    if not obj:
        return obj, None
    regi = _REGI.search(obj)
    if regi:
        obj = obj[:regi.start()]
    obj = _OBJECT_END.sub("", obj).strip(" ,")
    if regex.match(r"(?:inte|ej|ingen|inget|inga)\b", obj, regex.I):
        return None, None
    words = obj.split()
    if len(words) > OBJECT_MAX_WORDS:
        obj = " ".join(words[:OBJECT_MAX_WORDS])
    return obj or None, regi["regi"] if regi else None


def merge_parts(obj: str) -> list[str]:
    """'A, B och C' -> [A, B, C]; 'Kultur- och fritidsnämnden' stays one (a conjunct cut at a hyphen)."""
    return [p.strip() for p in regex.split(r"(?<!-)\s+och\s+|\s*,\s*(?![\p{Ll}]+-)", obj) if p.strip()]


def _org_in(text: str, start: int, end: int, orgs: list[dict]) -> str | None:
    inside = [o["name"] for o in orgs if start <= o["start"] and o["end"] <= end]
    return inside[0] if inside else None


_ADVERBIAL = regex.compile(r"^(?:under|i|på|efter|sedan|från|utifrån|genom|vid|nu|därefter|samtidigt|också|"
                           r"vi|jag|kommunen|man|de|den|det)\b", regex.I)
_NEGATED = regex.compile(r"(?<![\p{L}])(?:inte|ej|aldrig|ingen|inget|inga)\s+(?:\p{L}+\s+)?$", regex.I)
_PRONOUN = regex.compile(r"(?:det|den|de|detta|denna|dessa|vi|man|hon|han|som)", regex.I)
_TIME = regex.compile(r"^och med\b|^(?:den\s+)?\d{1,2}\s+(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|"
                      r"november|december)|^(?:årsskiftet|halvårsskiftet|sommaren|hösten|våren|vintern)\b|^(?:19|20)\d\d\b",
                      regex.I)
_DECIDED_AFTER = regex.compile(r"^\s*(?:Det|Detta|Beslutet|Så)\s+(?:beslutade|beslöt|bestämde|har\s+beslutats|"
                               r"fattades|togs|klubbades)\b")
_LIST_ITEM = regex.compile(r"^\s*(?:[•*·▪–-]|\d{1,2}[.)])\s")
_INTRO = regex.compile(r"(?::|\batt)\s*$")
_FUTURE = regex.compile(rf"(?:{FUTURE_ANCHORS})", regex.I)
_SPLIT_INNER = regex.compile(r"^(?:att\s+)?(?:delas|delades|dela)(?:\s+(?:upp|in))?\s+(?P<x>(?!(?:upp|in)$).+?)(?:\s+i\s+(?P<n>två|tre|fyra|flera))?$",
                             regex.I)
_UNIT = regex.compile(rf"(?:{UNIT_NOUNS})", regex.I)
# Money is moved between budgets, not units.
_MONEY = regex.compile(r"(?<![\p{L}-])(?:kr|kronor|tkr|mnkr|mkr|miljon(?:er)?|miljard(?:er)?|budgetmedel|medel|anslag(?:et)?)"
                       r"(?![\p{L}-])", regex.I)
# A change stated as lasting outweighs a time in its clause ("stängs permanent, men ... under sommaren").
_LASTING = regex.compile(r"(?<![\p{L}])(?:permanent|för gott|definitivt|helt och hållet)(?![\p{L}])", regex.I)
# The verb's own clause: from the verb to the next clause boundary.
_CLAUSE_END = regex.compile(r",\s|;|\s+(?:och|men|medan|samt)\s+|\s[–—]\s")


_TEMPORARY = regex.compile(rf"(?<![\p{{L}}])(?:{TEMPORARY_CUES})(?![\p{{L}}])", regex.I)
# Closing, ending, moving and opening: what a temporary cue in the verb's clause makes no change of
# ("Biblioteket öppnar klockan 10").
_PAUSABLE = regex.compile(r"^(?:stäng|flytt|upphör|öppn)", regex.I)


def _for_a_while(sentence: str, m: regex.Match) -> bool:
    """A closure, end, move or opening for a while: a temporary cue in the verb's own clause, and
    nothing in the sentence that says it lasts."""
    end = _CLAUSE_END.search(sentence, m.end())
    clause = sentence[m.start():end.start() if end else len(sentence)]
    return _TEMPORARY.search(clause) is not None and _LASTING.search(sentence) is None

_ACTIVE = regex.compile(r"(?:at|ade|ar|a|en ny \w+|tar över|tog över|tagit över)$", regex.I)


def _change(change_type: str, m: regex.Match, sentence: str, s: int, text: str, orgs: list[dict],
            clause_end: int | None = None) -> dict:
    """Object, from and to of one trigger match within its sentence; where it goes ("till ...") is
    read up to `clause_end` (the next finite verb, where the sentence was parsed)."""
    after = sentence[m.end():]
    obj = frm = to = None
    tm = _TARGET.match(sentence[m.end():clause_end])
    if tm:
        x0 = s + m.end() + tm.start("x")
        to = _org_in(text, x0, x0 + len(tm["x"]), orgs) if change_type != "merge" else None
        to = to or tm["x"].strip()
    sm = _SOURCE.search(sentence)
    if sm:
        frm = sm["x"].strip()
    trigger = m.group()
    if change_type == "transfer" and trigger.lower().startswith("får"):
        to = _object_before(sentence, m.start())
        obj = regex.sub(r"^får\s+", "", trigger + after, flags=regex.I).strip(" .")
    elif change_type == "merge":
        obj = _object_before(sentence, m.start())
        if trigger.lower().startswith("blir "):   # "X och Y blir ett bolag"
            to = trigger[5:]
        into = regex.search(r"\bi\s+(?:en|ett)\s+(?P<adj>\p{L}+)$", trigger)
        if into:                                  # "A och B samlas i en gemensam förvaltning"
            unit = regex.match(r"\s+(?P<x>[^,.;:()\s]{2,40})", after)
            to = f"{into['adj']} {unit['x']}" if unit else to
        if obj:
            parts = merge_parts(obj)
            partner = regex.match(r"\s+med\s+(?P<x>[^,.;:]{2,80}?)(?=\s+(?:till|från|och\s+(?:ska|blir))\b|\s*[,.;:]|$)", after)
            if partner:                              # "A har slagits ihop med B"
                parts.append(partner["x"].strip())
            frm = "; ".join(parts)
    elif change_type == "split":
        inner = _SPLIT_INNER.match(trigger)
        parts_in_trigger = bool(inner and regex.match(r"i\s", inner["x"]))
        if parts_in_trigger:   # "delas in i fyra": no object in the trigger
            inner = None
            n = regex.search(r"\bi\s+(?P<n>två|tre|fyra|flera)\s*$", trigger)
            unit = regex.match(r"\s*(?P<unit>\p{L}+)", after)
            to = f"{n['n']} {unit['unit']}" if n and unit else to
        if inner:   # "delas socialförvaltningen i två", "att dela förvaltningen"
            obj = inner["x"]
            tail = regex.match(r"\s*(?P<unit>\p{L}+)", after) if inner["n"] else None
            to = f"{inner['n']} {tail['unit']}" if tail else None
        elif (parts := regex.match(r"\s*i\s+(?P<n>två|tre|fyra|fem|flera)\s+(?P<unit>\p{L}+)", after, regex.I)):
            obj = _object_before(sentence, m.start())        # "X har delats i två förvaltningar"
            to = f"{parts['n']} {parts['unit']}"
        elif parts_in_trigger:                               # "X delas i två nya förvaltningar"
            obj = _object_before(sentence, m.start())
        else:       # "en bodelning av nuvarande X"
            obj = regex.sub(r"^\s*(?:av\s+)?(?:nuvarande\s+)?", "", after).strip(" .") or _object_before(sentence, m.start())
        frm = obj
    elif change_type == "rename" and trigger.lower().startswith("heter"):   # "Bolaget heter numera X"
        obj = frm = _object_before(sentence, m.start())
        new_name = regex.match(r"\s*(?P<x>[^,.;:()]{2,80}?)(?=\s*[,.;:(]|\s+(?:och|sedan|efter)\b|$)", after)
        to = new_name["x"].strip() if new_name else None
    elif change_type == "rename":
        inner = regex.match(r"(?:byter|bytte|byta)\s+(?P<x>.+?)\s+namn$", trigger, regex.I)
        on = regex.match(r"\s+på\s+(?P<x>[^,.;:]{2,80}?)(?=\s+till\b|\s*[,.;:]|$)", after)   # "byta namn på X till Y"
        obj = inner["x"] if inner else on["x"] if on else _object_before(sentence, m.start())
        to, frm = (tm["x"].strip() if tm else None), obj
    else:
        obj = _object_before(sentence, m.start())
        if obj and sm and obj.endswith(sm.group()):
            obj = obj[: -len(sm.group())].strip()
    if change_type == "transfer" and trigger.lower().endswith("ingå i"):   # "ska ingå i ett nytt förbund"
        into = regex.match(r"\s*(?:en\s+|ett\s+)?(?P<x>[^,.;:()]{2,80}?)(?=\s*[,.;:(]|\s+(?:från|och|med|senast)\b|$)", after)
        to = into["x"].strip() if into else to
    if obj and sm and change_type == "transfer" and sm.start() < m.start():
        obj = regex.sub(r"\s+från\s+.*$", "", obj)
    # "Vi har inrättat en ny tjänst", "Under våren bildades ett team": the object follows the verb.
    if change_type in ("create", "abolish", "transfer") and (not obj or _ADVERBIAL.match(obj) or _ACTIVE.search(trigger)):
        tail = trigger if trigger.lower().startswith("en ny") else after
        tail = regex.split(r"\s+(?:som|med|för att|till|från|och\s+(?:ska|har))\s+|[,.;:]", tail, maxsplit=1)[0]
        tail = regex.sub(r"^\s*(?:också\s+|även\s+)?(?:en|ett|de|den|det)\s+", "", tail, flags=regex.I).strip(" .")
        obj = tail or obj
    return {"type": change_type, "object": obj, "from": frm, "to": to}


# Verbs whose subject, not object, takes over what changes hands ("Nämnden tar över ansvaret",
# "Regionen övertar skolan"); by lemma where the model gave one, else by form.
_TAKING = ("tar", "tog", "tagit", "ta", "får", "fick", "fått")
TAKER_LEMMAS = frozenset(("ta", "få", "överta"))


CONDITIONS = frozenset(("any", "unit", "till", "split", "future", "together"))


@cache
def change_verbs() -> dict[str, list[tuple[str | None, str, frozenset[str]]]]:
    """data/change_verbs.tsv: lemma -> [(particle or None, change type, conditions)]; a line that
    does not read is a SetupError, not a verb that silently fires on anything."""
    table: dict[str, list[tuple[str | None, str, frozenset[str]]]] = {}
    types = set(CHANGE_TRIGGERS)
    for number, line in enumerate(data_file("change_verbs.tsv").read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        conditions = frozenset(cells[3].split("+")) if len(cells) == 4 else frozenset()
        if len(cells) != 4 or cells[2] not in types or not conditions or not conditions <= CONDITIONS:
            raise SetupError(f"kommunkollen/data/change_verbs.tsv line {number} does not read as lemma, particle, "
                             f"type ({', '.join(sorted(types))}), condition ({', '.join(sorted(CONDITIONS))}): "
                             f"{line!r}; {REINSTALL}")
        lemma, particle, change_type, _ = cells
        table.setdefault(lemma, []).append((None if particle == "-" else particle, change_type, conditions))
    return table


_TEMPORAL_MARKS = frozenset(("när", "då", "innan", "tills", "sedan", "medan"))
# Into how many parts a unit is split: a small number, in words or digits ("i två", "i 3 enheter").
_PARTS = regex.compile(r"^(?:två|tre|fyra|fem|sex|flera|[2-9])$", regex.I)
# What a preposition "över" after the verb heads when it is no particle: a span of time or a
# quantity ("det tar över ett år", "ökar med över 20 procent").
_MEASURE_LEMMAS = frozenset(("år", "månad", "vecka", "dag", "timme", "minut", "procent", "krona", "miljon", "miljard",
                             "tid", "gång", "hälft", "tusen"))
# What units merged into one become: a body or an organisation, not "en gemensam mötesplats".
_MERGED_UNIT = regex.compile(rf"(?:{MERGED_UNIT_HEADS})$")
# Bodies that are units for the verbs' conditions besides UNIT_NOUNS ("kommunerna går samman").
_BODY_LEMMAS = regex.compile(rf"(?:{UNIT_NOUNS}|kommun|region|landsting|förbund|företag|entreprenör|aktör|förening|"
                             rf"leverantör|utförare)$", regex.I)


def _measure(nominal) -> bool:
    """A span of time or a quantity: "ett år", "20 procent", "tre veckor"."""
    return nominal.lemma_.lower() in _MEASURE_LEMMAS or any(c.dep_ == "nummod" for c in nominal.children)


def _particle(verb, particle: str):
    """The token of `verb`'s particle: attached as compound:prt, or, as the parser sometimes reads
    "ta över ansvaret" and "tar nu över driften", the preposition of the object within three words
    of the verb; never one of a span of time or a quantity ("det tar över ett år"), nor a word of
    the next sentence."""
    for c in verb.children:
        if c.dep_ == "compound:prt" and c.text.lower() == particle:
            # The nominal right after the particle ("det tar över ett år"), not a later one ("tas över
            # av kommunen den 1 mars": that date says when).
            after = next((w for w in verb.children if w.dep_ in ("obj", "obl") and w.left_edge.i == c.i + 1), None)
            if after is not None and _measure(after):
                return None      # "det tar över ett år": "över" measures the time
            return c
    sent_end = verb.sent.end
    for nxt in verb.doc[verb.i + 1:min(verb.i + 4, sent_end)]:
        if nxt.text.lower() != particle:
            continue
        nominal = nxt.head if nxt.dep_ == "case" else None
        if nominal is not None and _measure(nominal):
            return None
        if nominal is None or nominal.head.i == verb.i or nxt.i == verb.i + 1:
            return nxt
    return None


# An infinitive under a passive verb of saying or planning takes that verb's subject as its own
# ("Skolan planeras att stängas", "Biblioteket föreslås stänga"), as under "komma" ("kommer att");
# under an active one the subject is the agent ("Nämnden beslutade att stänga skolan"), not the theme.
_CONTROLLED = ("xcomp", "csubj", "csubj:pass")


def subject_of(verb):
    """The subject of `verb` (nsubj:pass or nsubj), or that of the passive verb (or "komma") whose
    infinitive it is; None where neither has one."""
    for _ in range(3):
        own = next((c for c in verb.children if c.dep_ in ("nsubj:pass", "nsubj")), None)
        if own is not None or verb.dep_ not in _CONTROLLED or verb.head.i == verb.i:
            return own
        head = verb.head
        raised = next((c for c in head.children if c.dep_ == "nsubj:pass"
                       or (c.dep_ == "nsubj" and head.lemma_.lower() == "komma")), None)
        if raised is not None:
            return raised
        verb = head
    return None


def _theme(verb, change_type: str = ""):
    """The passive subject, else the object, else the subject of a change verb (`subject_of`). An
    active creation's subject is the creator ("Nämnden startade mötet"), the theme only where it is
    new ("Den nya enheten startade i mars")."""
    deps = {c.dep_: c for c in reversed(list(verb.children))}
    subject = deps.get("nsubj")
    if subject is None and deps.get("nsubj:pass") is None:
        subject = subject_of(verb)
    if change_type == "create" and subject is not None and not _new(subject):
        subject = None
    return deps.get("nsubj:pass") or deps.get("obj") or subject


def _new(nominal) -> bool:
    """Whether a noun phrase calls its referent new: "ny" on its head or on a noun beside it ("Den
    nya förskolan Solrosen", where the parser makes the name the head)."""
    nouns = [nominal] + [c for c in nominal.children if c.dep_ in ("nmod", "appos", "flat:name", "compound")]
    return any(c.dep_ == "amod" and c.lemma_.lower() == "ny" for n in nouns for c in n.children)


def _predicative_participle(token) -> bool:
    """A participle said of a subject ("skolorna är sammanslagna", "enheten blev nedlagd"), not one
    that only describes a noun ("det sammanslagna bolaget")."""
    return (token.pos_ == "ADJ" and "Part" in token.morph.get("VerbForm")
            and any(c.dep_ == "nsubj" for c in token.children))


def _names_unit(token, org_at: Occupancy) -> bool:
    """A nominal whose head names a unit or body: a unit noun as the end of its lemma ("förskola",
    "socialnämnd", not "samråd"), a proper name, or a word inside an organisation mention (`org_at`,
    where the municipal layer found them). The head only: "en bättre dialog med socialnämnden"
    names no unit."""
    if token is None or token.pos_ == "PRON":
        return False
    lemma = (token.lemma_ or token.text).lower()
    if token.pos_ == "PROPN" or (_BODY_LEMMAS.search(lemma) and lemma not in NOT_UNIT_NOUNS):
        return True
    return org_at.overlaps(token.idx, token.idx + len(token))


def _bare_plural(token) -> bool:
    """An indefinite plural without article or number ("mötesplatser")."""
    return (token is not None and "Plur" in token.morph.get("Number") and "Def" not in token.morph.get("Definite")
            and not any(c.dep_ in ("det", "nummod", "nmod:poss") for c in token.children))


def _condition_holds(condition: str, verb, change_type: str, org_at: Occupancy) -> bool:
    if condition == "unit":
        return _names_unit(_theme(verb, change_type), org_at)
    if condition == "till":       # where it goes is a body ("till nämnden"), not "till nästa punkt"
        return any(_names_unit(t, org_at) for t in syntax.dependents(verb, "till"))
    if condition == "future":
        return any(c.dep_ == "aux" and c.lemma_.lower() in ("skola", "komma") for c in verb.children)
    if condition == "split":      # "i två förvaltningar" (the phrase's own number, not a year in it), "i en A och en B"
        return any(_PARTS.match(t.text) or any(c.dep_ == "nummod" and _PARTS.match(c.text) for c in t.children)
                   or (_names_unit(t, org_at) and any(c.dep_ == "conj" and _names_unit(c, org_at) for c in t.children))
                   for t in syntax.dependents(verb, "i"))
    if condition == "together":   # "A och B blir en gemensam förvaltning"
        subjects = [c for c in verb.children if c.dep_ == "nsubj" and not c.is_space]   # (line breaks get arcs too)
        result = next((c for c in verb.children if c.dep_ in ("xcomp", "obj")), None)
        # Two or more units: conjoined, or, as the parser sometimes reads "A och B", two subjects
        # of the verb with the "och" on the verb.
        several = len(subjects) >= 2 or (subjects and any(c.dep_ == "conj" for c in subjects[0].children))
        return (bool(subjects) and several and result is not None
                and all(_names_unit(subject, org_at) for subject in subjects)
                and _MERGED_UNIT.search((result.lemma_ or result.text).lower()) is not None
                and any(c.dep_ == "amod" and c.lemma_.lower() in ("gemensam", "ny") for c in result.children))
    return True


def lemma_triggers(doc: Doc, start: int, end: int, org_at: Occupancy) -> Iterator[tuple[str, int, int]]:
    """(change type, start, end) of each change verb in the characters [start, end) of a parsed
    document, by lemma and particle (data/change_verbs.tsv), where its conditions hold; the span
    runs from the verb to its particle. `org_at` holds the organisation mentions' characters."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return
    table = change_verbs()
    for verb in span:
        if (verb.pos_ not in ("VERB", "AUX") and not _predicative_participle(verb)) or verb.lemma_.lower() not in table:
            continue
        if any(c.dep_ == "advmod" and c.text.lower() in ("igen", "åter") for c in verb.children):
            continue     # "öppnar igen": a reopening, not a new unit
        if any(c.dep_ == "mark" and c.text.lower() in _TEMPORAL_MARKS for c in verb.children):
            continue     # "... läggs ned när den nya förskolan öppnar": says when, not what changes
        for particle, change_type, conditions in table[verb.lemma_.lower()]:
            part = _particle(verb, particle) if particle else None
            if particle and part is None:
                continue
            if not particle and any(c.dep_ == "compound:prt" for c in verb.children):
                continue     # "flyttar in", "tar bort": another verb than the bare one
            if not all(_condition_holds(c, verb, change_type, org_at) for c in conditions):
                continue
            if change_type == "create" and _bare_plural(_theme(verb, change_type)):
                continue     # "skapa mötesplatser", "starta projekt": kinds of things, not a new unit
            last = part if part is not None and part.i > verb.i else verb
            if last.i >= verb.sent.end:
                continue
            yield change_type, verb.idx, last.idx + len(last)
            break


def tree_change(doc: Doc, start: int, change_type: str) -> dict:
    """Object, from, to and status of the change whose trigger starts at character `start`, read
    from the parse: the passive subject or the object of the change verb (the noun after "av" of a
    change noun), its "från" and "till" phrases, the status its auxiliaries and governing verb give.
    Empty where the parse says nothing (the surface reading stands)."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return {}
    trigger = span[0]
    out: dict = {}
    if trigger.pos_ in ("NOUN", "PROPN"):
        # A change noun's object is the phrase after "av" as written (_NOMINAL); the tree gives its status.
        verb = trigger.head if trigger.head.pos_ in ("VERB", "AUX") else None
        if verb is not None:        # "har beslutat om en sammanslagning av": the verb's own meaning first
            out["status"] = syntax.governing_status(verb) or syntax.verb_status(verb)
        return {k: v for k, v in out.items() if v}
    participle = _predicative_participle(trigger)
    if trigger.pos_ not in ("VERB", "AUX") and not participle:
        return {}
    # A predicative participle is said of what changed ("skolorna är sammanslagna").
    passive = (participle or "Pass" in trigger.morph.get("Voice")
               or any(c.dep_ == "nsubj:pass" for c in trigger.children))
    subject = subject_of(trigger)
    if subject is None and trigger.dep_ == "conj":     # "enheten växer och delas upp i ..."
        subject = next((c for c in trigger.head.children if c.dep_ in ("nsubj:pass", "nsubj")), None)
    obj = next((c for c in trigger.children if c.dep_ == "obj"), None)
    taking = trigger.text.lower() in _TAKING or trigger.lemma_.lower() in TAKER_LEMMAS
    if obj is None and taking:
        # "tar över ansvaret": the parser may hang the object on "över" as a preposition.
        obj = next((c for c in trigger.children if c.dep_ in ("obl", "nmod") and syntax.case_of(c) == "över"
                    and c.i > trigger.i), None)
    if passive and subject is not None:
        theme = subject
    elif obj is not None:
        theme = obj
    elif subject is not None and not taking:
        theme = subject          # intransitive: "Ungdomsmottagningen flyttar", "Verksamheten upphör"
    else:
        theme = None
    if change_type == "rename" and theme is not None and theme.lemma_.lower() == "namn":
        theme = subject          # "Bolaget byter namn till ...": the subject is renamed
    new_name = None
    if change_type == "rename" and trigger.lemma_.lower() == "heta" and subject is not None:
        theme, new_name = subject, obj   # "Förvaltningen ska heta X": the subject gets the name X
    sources = syntax.dependents(trigger, "från")
    targets = syntax.dependents(trigger, ("till", "i") if change_type == "split" else "till")
    # A theme across a complementiser from its verb is the parser's mistake ("Föreslaget är att X
    # ska flyttas", "Överväg om ansvaret bör flyttas"): the surface reading stands.
    # ("kommer att heta": that "att" is the future's own.)
    if theme is not None and any(w.dep_ == "mark" and not (w.i > 0 and w.doc[w.i - 1].lemma_.lower() == "komma")
                                 for w in trigger.doc[min(theme.i, trigger.i) + 1:max(theme.i, trigger.i)]):
        theme = None
    becomes_one = change_type == "merge" and trigger.lemma_.lower() == "bli"
    if becomes_one and subject is not None:
        # "blir A och B en gemensam förvaltning": the parts are the subject with its conjuncts, the
        # result the predicate.
        last = max([subject] + [c for c in subject.children if c.dep_ == "conj"], key=lambda t: t.right_edge.i)
        out["object"] = trigger.doc[subject.left_edge.i:last.right_edge.i + 1].text
        result = next((c for c in trigger.children if c.dep_ in ("xcomp", "obj")), None)
        if result is not None:
            out["to"] = syntax.phrase(result)
    # A merge's parts are read from the surface ("A, B och C slås ihop"), where the parse may
    # attach the conjuncts elsewhere; a participle's subject precedes it as the surface reads it.
    elif theme is not None and theme.pos_ in ("NOUN", "PROPN") and (change_type != "merge" or theme is obj
                                                                    or participle):
        out["object"] = syntax.phrase(theme, exclude=sources[:1] + targets[:1])
    if sources:
        out["from"] = syntax.phrase(sources[0], exclude=targets)
    if targets and not becomes_one:
        out["to"] = syntax.phrase(targets[0], exclude=sources)
    elif new_name is not None:
        out["to"] = syntax.phrase(new_name)
    elif change_type == "transfer" and taking and subject is not None and not passive:
        out["to"] = syntax.phrase(subject)   # the taker
    elif change_type == "transfer" and passive and taking:
        # "Skolan övertas av regionen": the agent takes it over.
        agent = next((c for c in trigger.children if c.dep_ == "obl:agent"), None)
        if agent is not None:
            out["to"] = syntax.phrase(agent)
    out["status"] = syntax.verb_status(trigger)
    return {k: v for k, v in out.items() if v}


_JOINER_AT_END = regex.compile(r"(?:\s*,|\s+(?:och|samt|men|eller))?\s*$", regex.I)


def _finite_verb_at(doc: Doc, start: int, end: int) -> int:
    """Where the first finite verb in the characters [start, end) begins, else `end`: the noun
    phrase after a change noun ends before its clause's verb, whichever verb it is."""
    span = doc.char_span(start, end, alignment_mode="contract")
    for token in span if span is not None else ():
        if token.pos_ in ("VERB", "AUX") and "Fin" in token.morph.get("VerbForm"):
            return token.idx
    return end


def _tense_status(doc: Doc, start: int) -> str | None:
    """The status the tense of a finite change verb in a main clause gives: past implemented, a
    present active with an object a decision ("Kommunen inrättar ett utskott"), a present passive or
    intransitive planned ("skolan läggs ned", "verksamheten upphör"); None for any other verb form,
    or where a verb governs it."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return None
    verb = span[0]
    if _predicative_participle(verb):
        # "är sammanslagna" states what is so (implemented); "blir nedlagd" what will be, "blev" what was.
        if verb.dep_ not in ("ROOT", "conj") or any(c.dep_ in ("aux", "mark") for c in verb.children):
            return None
        copula = next((c for c in verb.children if c.dep_ in ("cop", "aux:pass")), None)
        if copula is None or "Fin" not in copula.morph.get("VerbForm"):
            return None
        if copula.lemma_.lower() == "bli" and "Pres" in copula.morph.get("Tense"):
            return "planned"
        return "implemented"
    if verb.pos_ not in ("VERB", "AUX") or "Fin" not in verb.morph.get("VerbForm"):
        return None
    if verb.dep_ not in ("ROOT", "conj") or any(c.dep_ in ("aux", "aux:pass", "mark") for c in verb.children):
        return None
    if "Past" in verb.morph.get("Tense"):
        return "implemented"
    if "Pres" in verb.morph.get("Tense"):
        passive = "Pass" in verb.morph.get("Voice") or any(c.dep_ == "nsubj:pass" for c in verb.children)
        # Someone acting on the unit decides ("Kommunen inrättar ett utskott"); a unit that
        # changes by itself in the present ("Verksamheten upphör", "X och Y blir ett bolag") will.
        acts = any(c.dep_ == "obj" or (c.dep_ == "obl" and syntax.case_of(c) == "över") for c in verb.children)
        return "decided" if acts and not passive else "planned"
    return None


def _without_presenter(obj: str) -> str:
    """An agenda item's presenter after its title ("Nedläggning av Byns förskola Eva Lund"): cut."""
    words = obj.split()
    for n in (3, 2):
        if len(words) > n and is_person_name(" ".join(words[-n:])):
            return " ".join(words[:-n])
    return obj


# A kallelse, föredragningslista or ärendelista: its items are to be dealt with, no outcome yet.
_AGENDA = regex.compile(r"\b(?:kallelse|föredragningslista|ärendelista|dagordning)\b", regex.I)


def _headline(sentence: str, title: str | None) -> bool:
    core = sentence.strip(" •”“\"'«»")
    return bool(title) and core.casefold() == title.strip(" ”“\"'«»").casefold()


# How far each status has come: a change stated several times takes the furthest fact.
STATUS_ORDER = {"considered": 0, "proposed": 1, "planned": 2, "decided": 3, "implemented": 4}
_DEFINITE_END = regex.compile(r"(?:arna|erna|orna|en|et|na|n|t)$")


def _stems(obj: str) -> tuple[set[str], set[str]]:
    """(stems of the nouns, capitalised words less a genitive s) of an object:
    'skolan i Åker' -> ({'skolan', 'skola', 'åker'}, {'Åker'})."""
    words = regex.findall(r"[\p{L}][\p{L}-]+", obj)
    common = {w.casefold() for w in words if len(w) > 3}
    common |= {_DEFINITE_END.sub("", w) for w in list(common)}
    return common, {regex.sub(r"s$", "", w) for w in words if w[:1].isupper()}


# Nouns too general to tell two changes apart ("ansvaret för X" and "ansvaret för Y").
_GENERIC = frozenset(("ansvar", "ansvaret", "verksamhet", "verksamheten", "delar", "arbetet", "uppdraget", "uppdrag",
                      "frågor", "frågan", "delen"))


def _overlap(a: str, b: str) -> bool:
    (ca, pa), (cb, pb) = _stems(a), _stems(b)
    return bool((ca - _GENERIC) & (cb - _GENERIC)) or bool(pa & pb)


def _names_only(names: set[str], other_common: set[str]) -> set[str]:
    """Capitalised words that are names, not a compound of a noun the other object has
    ('Byskolan' beside 'skola')."""
    return {n for n in names if not any(_DEFINITE_END.sub("", n.casefold()).endswith(c) for c in other_common if len(c) > 3)}


def _moved_on(status: str, other: str) -> str:
    """The status of a change after another statement of it: that statement moves it on only as a
    fact ("beslutade", "har stängts"); a restatement in a hypothetical ("ett förslag som skulle
    innebära att biblioteket stängs") does not."""
    if other in ("decided", "implemented") and STATUS_ORDER.get(other, 0) > STATUS_ORDER.get(status, 0):
        return other
    return status


def _heading_like(evidence: str) -> bool:
    """A heading rather than a sentence: short and without a full stop."""
    return len(evidence.split()) <= 8 and not evidence.rstrip().endswith((".", "!", "?"))


def same_change(a: dict, b: dict) -> bool:
    """Two records state the same change: same type, and an object of one restates the other's
    ('bolaget' after 'gemensamt VA-bolag', 'skolan i Åker' after 'Åkers skola'); different names
    keep two schools apart."""
    if a["type"] != b["type"] or not a.get("object") or not b.get("object"):
        return False
    for field in ("from", "to"):       # moved to different places: two changes
        if a.get(field) and b.get(field) and not _overlap(a[field], b[field]):
            return False
    if a["type"] == "merge" and a.get("to") and b.get("to") and _overlap(a["to"], b["to"]):
        return True                    # "X och Y slås ihop till en sektor" ... "två förvaltningar går samman till en sektor"
    (ca, pa), (cb, pb) = _stems(a["object"]), _stems(b["object"])
    ca, cb = ca - _GENERIC, cb - _GENERIC
    names_a, names_b = _names_only(pa, cb), _names_only(pb, ca)
    if names_a and names_b and not (names_a & names_b):
        return False
    return any(x.endswith(y) or y.endswith(x) for x in ca for y in cb if min(len(x), len(y)) > 3)


def extract_org_changes(text: str, sentences: list[tuple[int, int]], org_mentions: list[dict] | None = None,
                        title: str | None = None, doc: Doc | None = None) -> Iterator[dict]:
    """Change records {type, object, from, to, status, evidence, start, end}: one per change a document
    states, at its first statement, with its status moved on by later statements of fact.

    The title is left out: a headline restates a change the body describes."""
    kept: list[dict] = []
    for rec in _statements(text, sentences, org_mentions, title, doc if syntax.parsed(doc) else None):
        first = next((k for k in kept if same_change(k, rec)), None)
        if first is None:
            kept.append(rec)
            continue
        if _heading_like(first["evidence"]) and not _heading_like(rec["evidence"]):
            # A section heading ("Överföring av ansvaret för färdtjänst") names the change the
            # sentences under it state: the first full sentence is its record.
            heading_status = first["status"]
            first.update({k: rec[k] for k in ("object", "from", "to", "evidence", "start", "end", "status")})
            first["status"] = _moved_on(first["status"], heading_status)
        else:
            first["status"] = _moved_on(first["status"], rec["status"])
        for field in ("from", "to"):
            first[field] = first[field] or rec[field]
    yield from kept


def _statements(text: str, sentences: list[tuple[int, int]], org_mentions: list[dict] | None = None,
                title: str | None = None, doc: Doc | None = None) -> Iterator[dict]:
    """Every statement of a change, sentence by sentence (a sentence may state several)."""
    orgs = org_mentions or []
    org_at = Occupancy(len(text))      # where organisations are named: one lookup per word, not a scan
    for o in orgs:
        org_at.take(o["start"], o["end"])
    agenda = _AGENDA.search(text[:400]) is not None
    # A headline's "ska" or "föreslås" says nothing about the sentences after it.
    statuses: list[str | None] = [None if _headline(text[s:e], title) else _status(text[s:e]) for s, e in sentences]
    for i, (s, e) in enumerate(sentences):
        sentence = text[s:e]
        if _headline(sentence, title):
            continue
        hits = [(t, m) for t, pattern in _TRIGGERS for m in [pattern.search(sentence)] if m]
        nominal = [(t, m) for t, pattern in _NOMINAL for m in pattern.finditer(sentence)]
        # A nominal change overlapping a verbal trigger of the same type ("sammanslagning") is one change.
        hits = [(t, m) for t, m in hits if not any(t == nt and m.start() < nm.end() and nm.start() < m.end()
                                                   for nt, nm in nominal)] + nominal
        if doc is not None:   # the change verbs the parse finds and the patterns missed
            for change_type, a, b in lemma_triggers(doc, s, e, org_at):
                found = regex.compile(regex.escape(text[a:b])).search(sentence, a - s) if a >= s and b <= e else None
                if found is not None and not any(m.start() < found.end() and found.start() < m.end() for _, m in hits):
                    hits.append((change_type, found))
        if len(hits) > 1:   # "slås samman till en ny nämnd": the new body is the merge's result, not a creation
            hits = [(t, m) for t, m in hits if not (t == "create" and m.group().lower().startswith("en ny"))]
        if not hits:
            continue
        status = statuses[i]
        if status is None and i + 1 < len(sentences) and _DECIDED_AFTER.match(text[sentences[i + 1][0]:sentences[i + 1][1]]):
            status = "decided"   # "X och Y blir ett bolag. Det beslutade kommunfullmäktige i måndags."
        if status is None and _LIST_ITEM.match(sentence):   # a list item takes its introduction's status
            intro = next((j for j in range(i - 1, max(-1, i - 12), -1) if _INTRO.search(text[sentences[j][0]:sentences[j][1]])), None)
            status = statuses[intro] if intro is not None else None
        if status is None and _FUTURE.search(sentence):
            status = "planned"
        if status is None:  # list items and follow-ups take the status of what introduced them
            status = next((st for st in reversed(statuses[max(0, i - 4):i]) if st), None)
        statuses[i] = status    # a follow-up sentence inherits what this one was found to be
        evidence = sentence.strip()
        lead = len(sentence) - len(sentence.lstrip())
        for change_type, m in sorted(hits, key=lambda h: h[1].start()):
            if _NEGATED.search(sentence[max(0, m.start() - 25):m.start()]):
                continue     # "beslutade att inte lägga ner skolan", "det blir ingen sammanslagning"
            nominal_change = "obj" in m.groupdict()      # a change noun: its object follows "av"
            # A "till" phrase after the next finite verb is another verb's ("lägga ner skolan
            # återremitterades till nämnden": the referral's, not the change's).
            clause_end = None
            if doc is not None:   # (and before the conjunction or comma that joins the next clause)
                clause_end = _finite_verb_at(doc, s + m.end(), s + len(sentence)) - s
                clause_end = _JOINER_AT_END.search(sentence, m.end(), clause_end).start()
            verb = m.group().split()[0]
            tense = _tense_status(doc, s + m.start()) if doc is not None and not nominal_change else None
            # Without a cue, the tense (from the morphology where the model parsed the sentence):
            # past is implemented, a present active a decision ("Kommunen inrättar ett utskott"), a
            # present passive planned ("skolan läggs ned").
            st = status or tense or ("implemented" if regex.search(r"(?:ades|ats|des|tts|at)\b", m.group())
                                     else "decided" if regex.search(r"\w(?:ar|er)$", verb)
                                     else "planned" if regex.search(r"\w(?:as|s)$", verb) and not nominal_change
                                     else "proposed")
            if nominal_change:
                obj = m["obj"]
                if doc is not None:     # "sammanslagningen av förvaltningarna genomfördes 2021"
                    obj = obj[:_finite_verb_at(doc, s + m.start("obj"), s + m.end("obj")) - s - m.start("obj")]
                rec = {"type": change_type, "object": _without_presenter(obj.strip()), "from": None, "to": None}
                if change_type == "merge":
                    rec["from"] = "; ".join(merge_parts(rec["object"]))
                target = _TARGET.match(sentence[m.end():clause_end])
                if target and change_type in ("transfer", "merge", "split"):
                    rec["to"] = target["x"].strip()
            else:
                rec = _change(change_type, m, sentence, s, text, orgs, clause_end)
            if doc is not None:
                tree = tree_change(doc, s + m.start(), change_type)
                for field in ("object", "from", "to"):
                    if change_type == "rename" and m.group().lower().startswith("heter"):
                        continue                 # "X heter numera Y": read from the surface
                    # The surface reading stands where the tree's is a cut of it ("miljö" for
                    # "miljö- och samhällsnämndens förvaltning", "ansvaret" for "ansvaret för färdtjänst").
                    if tree.get(field) and not (rec[field] and len(rec[field]) > len(tree[field])
                                                and rec[field].casefold().startswith(tree[field].casefold())):
                        rec[field] = tree[field]
                # "Föreslaget är att X ska flyttas", "X ska slås ihop, det beslutade fullmäktige": a
                # proposal or a decision in the sentence outweighs the "ska".
                if (tree.get("status") and not _headline(sentence, title)
                        and not (tree["status"] == "planned" and status in ("proposed", "considered", "decided"))):
                    st = tree["status"]
            for field in ("from", "to"):     # a time or a pronoun is not where a unit goes
                if rec[field] and (_PRONOUN.fullmatch(rec[field]) or _TIME.search(rec[field])):
                    rec[field] = None
            rec["object"], regi = _trim_object(rec["object"])
            if regi and change_type == "transfer" and not rec["to"]:
                rec["to"] = regi                 # "ta tillbaka äldreboendena i egen regi"
            if not rec["object"] or _PRONOUN.fullmatch(rec["object"]):
                continue                         # "Det riskerar att läggas ner": no unit named
            # Active and infinitive forms ("har skapat", "bildar", "inrätta") count only with an
            # organisational object; passives ("inrättas", "bildades") state a creation by themselves.
            # ("utses" names people more often than units: it needs a unit as well.)
            passive = regex.search(r"(?:s|ades|ats|des|tts)$", m.group()) and m.group().lower() != "utses"
            if change_type == "create" and not passive and not _UNIT.search(rec["object"] or ""):
                continue
            if _MONEY.search(rec["object"]):
                continue                         # "överföra 2 miljoner kronor till investeringsbudgeten"
            if _PAUSABLE.match(m.group()) and _for_a_while(sentence, m):
                continue                         # "stänger för renovering", "flyttas ... under ombyggnaden"
            # Only a unit or body ceasing or moving by itself: "Avtalet upphör", "Bygglovet upphör att
            # gälla" abolish nothing; "Ungdomsmottagningen flyttar till ..." moves, a family does not.
            trigger = m.group().lower()
            if (trigger.startswith("upphör") or trigger == "flyttar") and not (
                    _UNIT.search(rec["object"] or "") or _org_in(text, s, s + len(sentence), orgs)):
                continue
            if agenda and st not in ("decided", "implemented"):
                st = "considered"     # an agenda item without an outcome (the convention of ../shared/dev)
            rec.update(status=st, evidence=evidence, start=s + lead, end=s + lead + len(evidence))
            yield rec


@Language.component("kk_org_changes", assigns=["doc.spans", "doc._.records"])
def org_changes_component(doc: Doc) -> Doc:
    sentences = []
    for sent in doc.sents:
        text = sent.text
        if text.strip():
            lead = len(text) - len(text.lstrip())
            sentences.append((sent.start_char + lead, sent.start_char + len(text.rstrip())))
    orgs = records(doc).get("org_mentions", [])
    title = (doc._.meta or {}).get("title")
    store(doc, "org_changes", list(extract_org_changes(doc_text(doc), sentences, orgs, title, doc)), "CHANGE", "kk_org_changes")
    return doc
