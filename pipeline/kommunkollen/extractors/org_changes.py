"""Organisational changes: transfers, mergers, creations, abolitions, splits, renamings.

`extract_org_changes(text, sentences, org_mentions)` is the pure function:
a sentence with a trigger phrase (patterns.CHANGE_TRIGGERS) yields a change
whose status comes from cue words in the sentence or, for list items and
short follow-ups, from the sentences just before it.
"""
from __future__ import annotations

from collections.abc import Iterator

import regex
from spacy.language import Language
from spacy.tokens import Doc

from kommunkollen.extractors.patterns import CHANGE_TRIGGERS, FUTURE_ANCHORS, STATUS_CUES, UNIT_NOUNS
from kommunkollen.nlp.extensions import records, store

_TRIGGERS = [(t, regex.compile(rf"(?<![\p{{L}}])(?:{p})(?![\p{{L}}])", regex.I)) for t, p in CHANGE_TRIGGERS.items()]
_STATUS = [(s, regex.compile(rf"(?<![\p{{L}}])(?:{p})(?![\p{{L}}])", regex.I)) for s, p in STATUS_CUES]
_CLAUSE_START = regex.compile(r"(?:^|[:–—;]\s*|\bär att\s+|\batt\s+|\bom\s+|\bdär\s+|,\s+)(?=[^:–—;]*$)", regex.I)
_LEADING = regex.compile(r"^(?:[•*·–-]\s*)?(?:(?:att|om|en|ett|den|det|de|bl\s?a|vidare|även)\s+)*", regex.I)
_MODALS = regex.compile(r"\s+(?:ska|skall|bör|kan|kommer att|föreslås|planeras|har|är)(?:\s+(?:också|även|nu))?\s*$", regex.I)
_TARGET = regex.compile(r"^[^.;:]*?\btill\s+(?:en\s+|ett\s+)?(?:ny\s+)?(?:sektor(?:n)?\s+)?(?P<x>[^,.;:()]{2,90}?)(?=\s*[,.;:(]|\s+(?:och\s+(?:det|att|flyttas|läggs|blir)|för|där|med|inklusive|från|den|senast|efter|vid|per|"
                     r"under|och\s+ska)\b|$)", regex.I)
_SOURCE = regex.compile(r"\bfrån\s+(?:förvaltningen\s+|nämnden\s+)?(?P<x>[^,.;:]{2,90}?)(?=\s+till\b|\s*[,.;:]|$)", regex.I)


def _status(sentence: str) -> str | None:
    for status, pattern in _STATUS:
        if pattern.search(sentence):
            return status
    return None


def _object_before(sentence: str, trigger_start: int) -> str | None:
    head = sentence[:trigger_start]
    starts = [m.end() for m in _CLAUSE_START.finditer(head)]
    clause = head[starts[-1]:] if starts else head
    clause = _MODALS.sub("", clause.strip())
    clause = _LEADING.sub("", clause).strip(" ,")
    return clause or None


def _org_in(text: str, start: int, end: int, orgs: list[dict]) -> str | None:
    inside = [o["name"] for o in orgs if start <= o["start"] and o["end"] <= end]
    return inside[0] if inside else None


_ADVERBIAL = regex.compile(r"^(?:under|i|på|efter|sedan|från|utifrån|genom|vid|nu|därefter|samtidigt|också|"
                           r"vi|jag|kommunen|man|de|den|det)\b", regex.I)
_DECIDED_AFTER = regex.compile(r"^\s*(?:Det|Detta|Beslutet|Så)\s+(?:beslutade|beslöt|bestämde|har\s+beslutats|"
                               r"fattades|togs|klubbades)\b")
_LIST_ITEM = regex.compile(r"^\s*(?:[•*·▪–-]|\d{1,2}[.)])\s")
_INTRO = regex.compile(r"(?::|\batt)\s*$")
_FUTURE = regex.compile(rf"(?:{FUTURE_ANCHORS})", regex.I)
_SPLIT_INNER = regex.compile(r"^(?:att\s+)?(?:delas|delades|dela)(?:\s+upp)?\s+(?P<x>.+?)(?:\s+i\s+(?P<n>två|tre|fyra|flera))?$",
                             regex.I)
_UNIT = regex.compile(rf"(?:{UNIT_NOUNS})", regex.I)
_ACTIVE = regex.compile(r"(?:at|ade|ar|a|en ny \w+|tar över|tog över|tagit över)$", regex.I)


def _change(change_type: str, m: regex.Match, sentence: str, s: int, text: str, orgs: list[dict]) -> dict:
    """Object, from and to of one trigger match within its sentence."""
    after = sentence[m.end():]
    obj = frm = to = None
    tm = _TARGET.match(after)
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
        if obj:
            frm = "; ".join(p.strip() for p in regex.split(r"\s+och\s+|\s*,\s*", obj) if p.strip())
    elif change_type == "split":
        inner = _SPLIT_INNER.match(trigger)
        if inner:   # "delas socialförvaltningen i två", "att dela förvaltningen"
            obj = inner["x"]
            tail = regex.match(r"\s*(?P<unit>\p{L}+)", after) if inner["n"] else None
            to = f"{inner['n']} {tail['unit']}" if tail else None
        else:       # "en bodelning av nuvarande X"
            obj = regex.sub(r"^\s*(?:av\s+)?(?:nuvarande\s+)?", "", after).strip(" .") or _object_before(sentence, m.start())
        frm = obj
    elif change_type == "rename":
        inner = regex.match(r"(?:byter|bytte)\s+(?P<x>.+?)\s+namn$", trigger, regex.I)
        obj = inner["x"] if inner else _object_before(sentence, m.start())
        to, frm = (tm["x"].strip() if tm else None), obj
    else:
        obj = _object_before(sentence, m.start())
        if obj and sm and obj.endswith(sm.group()):
            obj = obj[: -len(sm.group())].strip()
    if obj and sm and change_type == "transfer" and sm.start() < m.start():
        obj = regex.sub(r"\s+från\s+.*$", "", obj)
    # "Vi har inrättat en ny tjänst", "Under våren bildades ett team": the object follows the verb.
    if change_type in ("create", "abolish", "transfer") and (not obj or _ADVERBIAL.match(obj) or _ACTIVE.search(trigger)):
        tail = trigger if trigger.lower().startswith("en ny") else after
        tail = regex.split(r"\s+(?:som|med|för att|till|från|och\s+(?:ska|har))\s+|[,.;:]", tail, maxsplit=1)[0]
        tail = regex.sub(r"^\s*(?:också\s+|även\s+)?(?:en|ett|de|den|det)\s+", "", tail, flags=regex.I).strip(" .")
        obj = tail or obj
    return {"type": change_type, "object": obj, "from": frm, "to": to}


def _headline(sentence: str, title: str | None) -> bool:
    core = sentence.strip(" •”“\"'«»")
    return bool(title) and core.casefold() == title.strip(" ”“\"'«»").casefold()


def extract_org_changes(text: str, sentences: list[tuple[int, int]], org_mentions: list[dict] | None = None,
                        title: str | None = None) -> Iterator[dict]:
    """Change records {type, object, from, to, status, evidence, start, end}; a sentence may state several.

    The title is left out: a headline restates a change the body describes."""
    orgs = org_mentions or []
    # A headline's "ska" or "föreslås" says nothing about the sentences after it.
    statuses: list[str | None] = [None if _headline(text[s:e], title) else _status(text[s:e]) for s, e in sentences]
    for i, (s, e) in enumerate(sentences):
        sentence = text[s:e]
        if _headline(sentence, title):
            continue
        hits = [(t, m) for t, pattern in _TRIGGERS for m in [pattern.search(sentence)] if m]
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
            st = status or ("implemented" if regex.search(r"(?:ades|ats|des|tts|at)\b", m.group()) else "proposed")
            rec = _change(change_type, m, sentence, s, text, orgs)
            # Active and infinitive forms ("har skapat", "bildar", "inrätta") count only with an
            # organisational object; passives ("inrättas", "bildades") state a creation by themselves.
            passive = regex.search(r"(?:s|ades|ats|des|tts)$", m.group())
            if change_type == "create" and not passive and not _UNIT.search(rec["object"] or ""):
                continue
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
    store(doc, "org_changes", list(extract_org_changes(doc.text, sentences, orgs, title)), "CHANGE")
    return doc
