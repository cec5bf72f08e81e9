"""Persons (with role, party and organisation), organisations and places.

`extract_persons(text, ents, org_mentions)` finds people from the NER's PER
entities and from name shapes (a known given name followed by capitalised
surnames), then reads their role, party and organisation from the
surrounding words. `group_organisations` and `group_places` turn the
municipal layer's mentions into one record per referent.
"""
from __future__ import annotations

from collections.abc import Iterator

import regex
from spacy.language import Language
from spacy.tokens import Doc

from kommunkollen import gazetteer
from kommunkollen.extractors import lexicon, roles
from kommunkollen.nlp.components import (
    TRAILING_PARENTHESIS,
    Occupancy,
    SortedMentions,
    attributed_name,
    is_person_name,
    name_runs,
    people_among_organisations,
    person_pieces,
)
from kommunkollen.nlp.extensions import doc_text, records, store
from kommunkollen.nlp.patterns import PARTY_ABBREVIATIONS

_CAPWORD = r"\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?"
_NAME = regex.compile(rf"(?<![\p{{L}}-])(?P<name>(?P<given>\p{{Lu}}\p{{Ll}}+)(?:[ -]\p{{Lu}}\p{{Ll}}+)?(?:[ ]{_CAPWORD}){{1,2}})(?![\p{{L}}-])")
_ROLE_STEMS = sorted({w.lower() for w in lexicon.ROLE_WORDS}, key=len, reverse=True)
_PARTY = regex.compile(r"^\s*\((?P<p>s|m|c|kd|l|mp|v|sd|fp|mp)\)", regex.I)
_PAREN_ROLE = regex.compile(r"^\s*\((?P<role>[^)]{3,80})\)|^\s*\([^)]{1,4}\)\s+(?!(?:och|samt|eller|men|som)\b)"
                            r"(?P<role2>(?:\d:[ae]\s+)?[\p{Ll} -]{3,60}?)\s*$", regex.M)
_LABEL_ROLE = regex.compile(r"(?P<role>\p{L}+)\s*:\s*\**\s*$")
# "Medverkande konsulter vid TJP AB har varit A, B och C", "Kontaktperson för X har varit A":
# a role stated once for the names that follow it in the sentence.
_LIST_ROLE = regex.compile(r"(?P<role>\p{L}+)\s+(?:för|vid|på|i|hos|från)\s+(?P<org>\p{Lu}[^,.;:\n]{1,80}?)\s+"
                           r"(?:har\s+varit|är|var|blir|har\s+utsetts\s+till|heter)\s+$")
_ACTIVITY_ROLE = regex.compile(r"^\s+(?:\S+\s+){0,3}?(?:" + "|".join(c for c, _ in lexicon.ROLE_CUES) + r")", regex.I)
_WORKS_AS = regex.compile(r"^[^.\n]{0,60}?\b(?:arbetar|börjar|började|anställs|anställdes|tillträder|tillträdde|"
                          r"verkar|är anställd)\b[^.\n]{0,40}?\bsom\s+(?P<role>[\p{Ll}-]{4,})")
_BYLINE = regex.compile(r"^\W*(?:(?:publicerad|publicerat|uppdaterad)\b.*\bav|av|text:?|(?P<photo>foto:?|fotograf:?|bild:?)|"
                        r"text och foto:?)\s*$", regex.I)
_DEFINITE = (("rådet", "råd"), ("ordföranden", "ordförande"), ("ledamoten", "ledamot"), ("ansvarige", "ansvarig"),
             ("ansvariga", "ansvarig"), ("personen", "person"), ("orn", "or"), ("en", ""))


def _singular_role(word: str) -> str | None:
    """'konsulter' -> 'konsult', 'handläggare' -> 'handläggare'; None if not a role word."""
    low = word.lower()
    for stem in _ROLE_STEMS:
        if low == stem or (low.startswith(stem) and low[len(stem):] in ("er", "ar", "or", "na", "erna", "arna")):
            return stem
    return None


def _list_role(text: str, start: int) -> tuple[str, str] | None:
    """A role stated before a list of names that reaches this name: (role, organisation)."""
    sentence_start = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    head = text[sentence_start:start]
    # Strip the earlier names of the list ("A (projektledare), B och ") to reach "... har varit ".
    trimmed = regex.sub(r"(?:\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+){1,2}(?:\s*\([^)]*\))?\s*(?:,|och)\s*)+$", "", head)
    m = _LIST_ROLE.search(trimmed)
    if not m:
        return None
    role = _singular_role(m["role"])
    return (role, m["org"].strip()) if role else None


# Headings of attendance lists: the members listed under them hold that role.
_ATTENDANCE = {"ledamöter": "ledamot", "beslutande ledamöter": "ledamot", "närvarande ledamöter": "ledamot",
               "ersättare": "ersättare", "tjänstgörande ersättare": "tjänstgörande ersättare",
               "icke tjänstgörande ersättare": "ersättare", "justerare": "justerare", "sekreterare": "sekreterare",
               "ordförande": "ordförande", "justerande": "justerare", "ansvarig utgivare": "ansvarig utgivare"}


# How far _lines_around reads above and below a name (its callers look at 40 lines up, 2 down).
AROUND = 4000


def _lines_around(text: str, s: int, e: int) -> tuple[str, list[str], list[str]]:
    """The line holding [s, e), the lines above it (nearest first) and below it, within AROUND
    characters (a whole document read for every name would cost n²)."""
    line_start = text.rfind("\n", 0, s) + 1
    line_end = text.find("\n", e)
    line_end = len(text) if line_end == -1 else line_end
    above = text[max(0, line_start - AROUND):line_start].split("\n")[::-1][1:]
    below = text[line_end + 1:line_end + 1 + AROUND].split("\n")
    return text[line_start:line_end], above, below


def _block_role(text: str, s: int, e: int, org_names: set[str]) -> tuple[str, str | None] | None:
    """Roles from layout: an attendance list under a heading ("Ledamöter"), or a name alone on
    its line with its title on the next line (signatures, contact blocks)."""
    line, above, below = _lines_around(text, s, e)
    rest = line[e - (text.rfind("\n", 0, s) + 1):].strip()
    if not regex.fullmatch(r"(?:\([^)]{1,4}\))?[\p{Ll} -]*", rest):
        return None
    for prev in above[:40]:
        key = prev.strip().strip(":").casefold()
        if not key:
            break
        if key in _ATTENDANCE:
            return _ATTENDANCE[key], None
    if not rest or regex.fullmatch(r"\([^)]{1,4}\)", rest):
        nxt = [b.strip() for b in below[:2]]
        # The next line is the title ("Kommundirektör"), not a label with a name of its own ("Sekreterare: Eva Ek").
        if (nxt and nxt[0] and len(nxt[0].split()) <= 6 and ":" not in nxt[0] and roles.is_role_phrase(nxt[0])
                and not nxt[0].endswith(".") and not roles.is_attendance_heading(nxt[0])):
            org = nxt[1] if len(nxt) > 1 and nxt[1] in org_names else None
            return nxt[0].lower(), org
    return None


def _lemma_role(role: str) -> str:
    low = role.lower()
    for suffix, repl in _DEFINITE:
        if low.endswith(suffix):
            return low[: len(low) - len(suffix)] + repl
    return low


def _split_role_org(role: str) -> tuple[str, str | None]:
    """'samordnare för flyktingfrågor i Lunds kommun' -> (role, 'Lunds kommun')."""
    m = regex.search(r"\s+(?:i|på|vid|inom|hos)\s+(?P<org>\p{Lu}.*)$", role)
    if m:
        return role[: m.start()].strip(), m["org"].strip()
    return role, None


# What a role phrase carries that is not the role: when it began ("kommunalråd sedan 2018"), and a
# party in the genitive that the party field holds ("Socialdemokraternas gruppledare").
_WHEN = r"(?:(?:19|20)\d\d(?![\d-])|januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|" \
        r"årsskiftet|valet|våren|hösten|sommaren|vintern|i år|i fjol)"
_ROLE_TIME = regex.compile(rf"\s+(?:sedan|fram till|till och med|t\.o\.m\.?|mellan åren|under åren|från|i|år)\s+(?:\S+\s+)?"
                           rf"{_WHEN}.*$", regex.I)
_ROLE_PARTY = regex.compile(r"^(?:socialdemokraternas|moderaternas|centerpartiets|liberalernas|folkpartiets|"
                            r"kristdemokraternas|miljöpartiets|vänsterpartiets|sverigedemokraternas)\s+(?=\S)", regex.I)


# Where a role is held ("ekonomichef i kommunen", "rektor på Byskolan"): the person's organisation,
# not part of an employee's title; an elected office keeps its body ("ordförande i socialnämnden",
# "ledamot i barn- och utbildningsnämnden"), as ../shared/dev writes them.
_ROLE_AT = regex.compile(r"\s+(?:i|på|vid|inom|hos)\s+\S.*$")
_ELECTED = regex.compile(r"(?<![\p{L}])(?:ordförande|ordf|ledamot|ledamöter|ersättare|suppleant|justerare|gruppledare|"
                         r"revisor|revisorer|presidium|vice)(?![\p{L}])", regex.I)


def tidy_role(role: str | None) -> str | None:
    """A role as stated, without the time it began, a party genitive before it and, for an
    employee, the place it is held."""
    if not role:
        return None
    role = _ROLE_PARTY.sub("", _ROLE_TIME.sub("", role)).strip(" ,")
    at = _ROLE_AT.search(role)
    title = role[:at.start()].split() if at else []
    # Only right after the title ("rektor på skolan"), not inside a task ("samordnare för insatser i skolan").
    if at and 0 < len(title) <= 2 and not _ELECTED.search(role[:at.start()]):
        role = role[:at.start()].strip(" ,")
    return role or None


def _is_name(m: regex.Match) -> bool:
    parts = regex.split(r"[ -]", m["name"])
    given = gazetteer.given_names()
    return m["given"] in given and parts[-1] not in {"Kommun", "Stad", "Region", "AB"}


def _plausible_ner_persons(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The NER's person spans that look like people in a municipal document.

    The statistical model was trained on news and prose; in headings, lists and
    project names it also calls places, products and programmes persons. A span
    stands if it is a person name by `is_person_name` (capitalised words, a known
    given name first or surname last, not a place); a single word only as a
    repetition of a fuller name in the same document ("Ahlström" after "Catharina
    Ahlström").
    """
    spans = [piece for s, e in spans for piece in person_pieces(text, s, e)]
    full = [(s, e) for s, e in spans if is_person_name(text[s:e]) or attributed_name(text, s, e)]
    parts = {w for s, e in full for w in text[s:e].split()}
    return full + [(s, e) for s, e in spans if " " not in text[s:e].strip() and text[s:e] in parts]


def extract_persons(text: str, ents: list[tuple[int, int, str]] | None = None,
                    org_mentions: list[dict] | None = None) -> Iterator[dict]:
    """Person records {name, role, party, organisation, start, end}, one per mention."""
    org_mentions = org_mentions or []
    # Lookups by place, so that a long document costs in proportion to its length.
    taken = Occupancy(len(text))
    for o in org_mentions:
        taken.take(o["start"], o["end"])
    by_start = SortedMentions(org_mentions)
    org_names = {o["name"] for o in org_mentions}
    parties_by_end = SortedMentions([o for o in org_mentions if o["kind"] == "party"], key="end")
    spans = _plausible_ner_persons(text, [(s, e) for s, e, label in ents or [] if label in ("PER", "PRS", "PERSON")])
    for m in _NAME.finditer(text, overlapped=True):
        if _is_name(m):
            pieces = name_runs(text, *m.span("name"))   # "Anna Ek Ordförande Per": "Anna Ek"
            spans.extend(pieces if pieces == [m.span("name")] else
                         [(ps, pe) for ps, pe in pieces if is_person_name(text[ps:pe])])
    # Longest first, so "Elin Liljebäck Nilsson" wins over "Liljebäck Nilsson" and "Elin Liljebäck".
    spans = sorted(set(spans), key=lambda se: (-(se[1] - se[0]), se[0]))
    kept: list[tuple[int, int]] = []
    for s, e in spans:
        if taken.overlaps(s, e):     # an organisation's or a longer name's characters
            continue
        taken.take(s, e)
        kept.append((s, e))
    kept.sort()
    headings = roles.HeadingTracker()
    last_line = _last_lines_start(text)
    for i, (s, e) in enumerate(kept):
        name = text[s:e]
        prev_end = kept[i - 1][1] if i else max(0, s - 300)
        next_start = kept[i + 1][0] if i + 1 < len(kept) else len(text)
        after = text[e:min(e + 160, next_start)]
        line_start = text.rfind("\n", 0, s) + 1
        before = text[max(line_start, s - 80):s]
        heading_role = headings.update(text[max(prev_end, s - 300):s])
        role, party, organisation = roles.cells_after(after)
        pm = _PARTY.match(after)
        if pm:
            party = pm["p"].upper()
        elif party is None:
            party = _party_in_genitive_before(text, s, parties_by_end.between(s - 60, s + 1))
        if role is None:
            rm = _PAREN_ROLE.match(after)
            text_role = rm and (rm.groupdict().get("role") or rm.groupdict().get("role2"))
            if text_role and roles.is_role_phrase(text_role):
                role, organisation = _split_role_org(text_role.strip())
        if role is None:
            role, organisation = roles.predicate_role(after, before)
        if role is None:
            role = roles.role_before(text[max(prev_end, line_start, s - 80):s])
        if role is None:
            lm = _LABEL_ROLE.search(before)
            if lm and roles.role_base(lm["role"]):
                role = _lemma_role(lm["role"])
        if role is None:
            role, organisation = _block_role(text, s, e, org_names) or (None, organisation)
        if role is None:
            role = heading_role
        if role is None:
            listed = _list_role(text, s)
            if listed:
                role, organisation = listed
        if role is None:
            am = _ACTIVITY_ROLE.match(after)
            if am:
                role = next(r for cue, r in lexicon.ROLE_CUES if regex.search(cue, am.group(), regex.I))
            else:
                wm = _WORKS_AS.match(after)
                if wm and roles.role_base(wm["role"]):
                    role = wm["role"]
        if role is None:
            bm = _BYLINE.search(before)
            if bm:
                role = "fotograf" if bm["photo"] else "författare"
            elif s >= last_line and _SIGNATURE_LEAD.sub("", text[line_start:_line_end(text, e)]).strip(" .") == name:
                role = "författare"     # a name alone on one of the last lines: the byline
        if organisation is None and role:
            line_end = text.find("\n", e)
            near = [o for o in by_start.between(line_start, line_end if line_end != -1 else len(text))
                    if o["kind"] != "party"]
            if near:
                organisation = min(near, key=lambda o: abs(o["start"] - e))["name"]
        yield {"name": name, "role": tidy_role(role), "party": party, "organisation": organisation, "start": s, "end": e}


# A byline at the end of an article: the name alone on its line, perhaps after a bullet or "Av".
_SIGNATURE_LEAD = regex.compile(r"^\W*(?:av\s+|text:\s*)?", regex.I)
SIGNATURE_LINES = 3


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _last_lines_start(text: str) -> int:
    """Where the last SIGNATURE_LINES non-empty lines begin (an e-mail line does not count)."""
    at, seen = len(text), 0
    for m in reversed(list(regex.finditer(r"[^\n]*\S[^\n]*", text))):
        if "@" in m.group() and len(m.group().split()) == 1:
            continue
        seen += 1
        at = m.start()
        if seen == SIGNATURE_LINES:
            break
    return at


_BETWEEN_PARTY_AND_NAME = regex.compile(r"\s+(?:[\p{Ll}-]+\s+){0,3}")


def _party_in_genitive_before(text: str, start: int, org_mentions: list[dict]) -> str | None:
    """The party of "Sverigedemokraternas Jimmie Åkesson", "Moderaternas gruppledare Anna Ek":
    a party in the genitive just before the name, at most a few lower-case words between."""
    for o in org_mentions:
        if (o["kind"] == "party" and o.get("lemma") and 0 <= start - o["end"] <= 60
                and _BETWEEN_PARTY_AND_NAME.fullmatch(text, o["end"], start)):
            return gazetteer.parties().get(o["lemma"])
    return None


def _org_key(name: str) -> str:
    key = TRAILING_PARENTHESIS.sub("", name).casefold().strip()
    return key


def group_organisations(mentions: list[dict]) -> list[dict]:
    """One record per referent: genitive and case variants merge; the fullest form names it."""
    groups: dict[str, list[dict]] = {}
    # Party letters ("(S)", "S, M och KD gick emot") are abbreviations, not organisations named in
    # the text (the convention of ../shared/dev), unless the text names them as parties ("mellan
    # partierna S, M och KD"); a party written out ("Moderaterna") is one.
    mentions = [m for m in mentions if not (m["kind"] == "party" and m["name"] in PARTY_ABBREVIATIONS
                                            and not m.get("named_as_party"))]
    # A rule that knew the body in the genitive gave its nominative ("Migrationsverkets" -> lemma).
    named = [dict(m, name=m.get("lemma") or m["name"]) for m in mentions]
    keys = {_org_key(m["name"]) for m in named}
    for m in named:
        key = _org_key(m["name"])
        if key.endswith("s") and key[:-1] in keys:       # "Kommunstyrelsens" -> "kommunstyrelsen"
            key = key[:-1]
        elif key.endswith("ns") and key[:-2] + "n" in keys:
            key = key[:-2] + "n"
        elif key + "en" in keys:                          # "nämnd" -> "nämnden"
            key = key + "en"
        groups.setdefault(key, []).append(m)
    out = []
    for group in groups.values():
        best = max(group, key=lambda m: (not _org_key(m["name"]).endswith("s") or m["kind"] == "party",
                                         "(" in m["name"], len(m["name"]), -m["start"]))
        out.append({"name": best["name"], "kind": best["kind"], "start": best["start"], "end": best["end"]})
    return sorted(out, key=lambda r: r["start"])


# A capitalised direction or size before a place name is part of it ("Västra Ryd", "Stora Mellby",
# "Övre Soppero"), where the NER or a gazetteer found only the last word.
_NAME_PREFIX = regex.compile(r"(?<![\p{L}-])(?:Västra|Östra|Norra|Södra|Stora|Lilla|Övre|Nedre|Gamla|Mellersta)[ ]$")


def with_name_prefix(text: str, mention: dict) -> dict:
    """The place mention with the capitalised prefix of its name before it, if any (`_NAME_PREFIX`)."""
    m = _NAME_PREFIX.search(text, max(0, mention["start"] - 12), mention["start"])
    if m is None or mention.get("lemma"):
        return mention
    return dict(mention, name=text[m.start():mention["end"]], start=m.start())


def group_places(mentions: list[dict]) -> list[dict]:
    seen: dict[str, dict] = {}
    for m in mentions:
        name = m.get("lemma") or m["name"]
        if name.casefold() not in seen:
            seen[name.casefold()] = {"name": name, "start": m["start"], "end": m["end"]}
    return sorted(seen.values(), key=lambda r: r["start"])


def group_persons(mentions: list[dict]) -> list[dict]:
    """One record per person, keeping the first role, party and organisation found.

    A one-word mention that is part of exactly one fuller name ("Catharina" and
    "Catharina Ahlström") is that person.
    """
    by_name: dict[str, dict] = {}
    fuller: dict[str, set[str]] = {}
    for m in mentions:
        if " " in m["name"]:
            for word in m["name"].split():
                fuller.setdefault(word, set()).add(m["name"])
    for m in sorted(mentions, key=lambda m: " " not in m["name"]):   # full names first
        name = m["name"]
        if " " not in name and len(fuller.get(name, ())) == 1:
            name = next(iter(fuller[name]))
        rec = by_name.get(name)
        if rec is None:
            by_name[name] = dict(m)
            continue
        for f in ("role", "party", "organisation"):
            rec[f] = rec[f] or m[f]
    return sorted(by_name.values(), key=lambda r: r["start"])


@Language.component("kk_actors", assigns=["doc.spans", "doc._.records"])
def actors_component(doc: Doc) -> Doc:
    recs = records(doc)
    orgs = recs.get("org_mentions", [])
    text = doc_text(doc)
    ents = people_among_organisations(text, [(e.start_char, e.end_char, e.label_) for e in doc.ents])
    mentions = list(extract_persons(text, ents, orgs))
    store(doc, "person_mentions", mentions, "PER")
    store(doc, "persons", group_persons(mentions), "PER", "kk_actors")
    store(doc, "organisations", group_organisations(orgs), "ORG", "kk_actors")
    # A surname that is also a place ("Jonas Berg", "Stefan Lund") is the person's.
    people = [(p["start"], p["end"]) for p in mentions]
    places = [p for p in recs.get("place_mentions", []) if not any(p["start"] < e and s < p["end"] for s, e in people)]
    places = [with_name_prefix(text, p) for p in places]
    recs["place_mentions"] = places
    store(doc, "places", group_places(places), "LOC", "kk_actors")
    return doc
