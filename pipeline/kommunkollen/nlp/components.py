"""spaCy components of the NLP stage: sentence boundaries and the municipal layer.

kk_sentences: sentence starts at line breaks and after sentence-final punctuation,
    for text whose headings and list items carry no full stop. Before a parser it
    sets the starts only (`only_starts`), which the parser keeps.
kk_municipal_layer: organisations (with their kind) and places found by
    gazetteers and name shapes, merged with the statistical NER without
    overwriting `doc.ents`; mentions go to doc.spans["org_mentions"] and
    doc.spans["place_mentions"], with records in doc._.records.
"""
from __future__ import annotations

import bisect
from functools import cache

import numpy
import regex
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from kommunkollen import gazetteer
from kommunkollen.nlp import patterns
from kommunkollen.nlp.extensions import doc_text, store


def layout_sentence_starts(doc: Doc) -> list[bool]:
    """Sentence starts by layout: after a line break, and after . ! ? before a capital or a dash."""
    starts = []
    for i, token in enumerate(doc):
        if i == 0:
            starts.append(True)
            continue
        prev = doc[i - 1]
        starts.append(bool(
            (prev.is_space and "\n" in prev.text)
            or "\n" in prev.whitespace_
            or (prev.text in (".", "!", "?") and (token.is_title or token.is_upper or token.text in "”\"–-•")
                and not token.is_space)
            or (prev.text == ":" and "\n" in prev.whitespace_)))
    return starts


class SentenceLayout:
    """kk_sentences. `only_starts`: set the layout's starts and leave the other tokens open, for a
    parser that follows to decide; else every token is decided here (no parser, or to keep the
    layout's sentences whole)."""

    def __init__(self, only_starts: bool = False):
        self.only_starts = only_starts

    def __call__(self, doc: Doc) -> Doc:
        if doc.has_annotation("DEP") or doc.has_annotation("SENT_START"):
            return doc
        # One array for the whole doc: setting token.is_sent_start checks the whole doc's
        # annotation on each call, which made this quadratic in the document's length.
        missing = 0 if self.only_starts else -1
        values = numpy.array([1 if start else missing for start in layout_sentence_starts(doc)], dtype="int32")
        if len(values):
            doc.from_array([SENT_START], values.astype("uint64").reshape(-1, 1))
        return doc


@Language.factory("kk_sentences", assigns=["token.is_sent_start"], default_config={"only_starts": False})
def sentence_component(nlp: Language, name: str, only_starts: bool) -> SentenceLayout:
    return SentenceLayout(only_starts)


def _alt(words) -> str:
    """An alternation of literal words that prefers the longest, as "|".join(sorted by length,
    longest first) does, but shaped as a trie ("Al(?:by|fta)"): with 2,000 locality names a flat
    alternation tried every name with the right first letter at each capital of a text, and the
    gazetteer patterns were half the municipal layer's time. Of two words that can match at the
    same place one is the other's prefix, and the trie tries the longer first."""
    trie: dict = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    branches = [regex.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    if "" in node:   # a word ends here: its longer continuations first, then the word itself
        return f"(?:{'|'.join(branches)})?"
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"


@cache
def _rules() -> list[tuple[str, str, regex.Pattern]]:
    """(kind, label, pattern) in priority order; a match's `name` group (or whole) is the mention."""
    munis = _alt(m.name for m in gazetteer.municipalities())
    munis_upper = _alt(m.name.upper() for m in gazetteer.municipalities())
    places = _alt({m.name for m in gazetteer.municipalities()} | gazetteer.swedish_regions())
    agencies = _alt(set(gazetteer.agencies()) | set(patterns.AGENCY_ALIASES))
    parties = _alt(gazetteer.parties())
    abbr = "|".join(patterns.PARTY_ABBREVIATIONS)
    heads = "|".join(patterns.BODY_HEADS)
    b = r"(?<![\p{L}\d-])"
    e = r"(?![\p{L}\d-])"
    cap = r"\p{Lu}[\p{L}\d.'’-]*"
    place = r"\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?"
    return [
        ("company", "ORG", regex.compile(
            rf"{b}(?P<name>{cap}(?:[ ]+(?:&|och)[ ]+(?!AB\b)[\p{{L}}\d.'-]+|[ ]+(?!AB\b){cap}){{0,4}}[ ]+(?:{patterns.COMPANY_SUFFIXES})){e}")),
        ("municipality", "ORG", regex.compile(rf"{b}(?P<name>(?:{munis})s?[ ]+(?:kommun|[Ss]tad)){e}")),
        # The letterhead of a protokoll or report: "VÄSTERVIKS KOMMUN".
        ("municipality", "ORG", regex.compile(rf"{b}(?P<name>(?:{munis_upper})S?[ ]+(?:KOMMUN|STAD)){e}")),
        ("region", "ORG", regex.compile(rf"{b}(?P<name>Region[ ]+{cap}(?:[ ]+{cap})?|(?:{cap}[ ]+)?{cap}regionen|"
                                        rf"{cap}(?:[ ]+{cap})?[ ]+läns[ ]+landsting){e}")),
        ("agency", "ORG", regex.compile(rf"{b}(?P<name>Länsstyrelsen[ ]+(?:i[ ]+)?{place}(?:[ ]+{place})?(?:[ ]+län)?|"
                                        rf"(?:{agencies})(?P<gen>:?s)?){e}")),
        # Courts: "Förvaltningsrätten i Luleå", "förvaltningsrätten i Växjö", "Umeå tingsrätt".
        ("agency", "ORG", regex.compile(rf"{b}(?P<name>(?:[Ff]örvaltningsrätten|[Tt]ingsrätten|[Kk]ammarrätten|[Hh]ovrätten|"
                                        rf"[Mm]ark- och miljödomstolen|[Mm]igrationsdomstolen)(?:[ ]+i[ ]+{place})?|"
                                        rf"{place}[ ]+(?:tingsrätt|förvaltningsrätt|kammarrätt|hovrätt)){e}")),
        # A company named after the word for it: "företaget Omsorgia", "konsultföretaget Planera".
        ("company", "ORG", regex.compile(rf"(?<=\b(?:[Ff]öretaget|[Bb]olaget|[Kk]oncernen|\p{{Ll}}+företaget|"
                                         rf"\p{{Ll}}+bolaget)[ ]+)(?P<name>\p{{Lu}}[\p{{L}}&-]+(?:[ ]+\p{{Lu}}[\p{{L}}&-]+)?){e}")),
        ("association", "ORG", regex.compile(
            rf"{b}(?P<name>(?:Föreningen|Stiftelsen|Studieförbundet)(?:[ ]+{cap}){{1,3}}|"
            rf"(?:{patterns.CLUB_PREFIXES})(?:[ ]+{cap}){{1,2}}|(?:{cap}[ ]+){{0,2}}\p{{Lu}}\p{{Ll}}*(?:{patterns.CLUB_HEADS})){e}")),
        ("other", "ORG", regex.compile(rf"{b}(?P<name>(?:\p{{Lu}}\p{{Ll}}+(?:ska|s)[ ]+)?\p{{Lu}}\p{{Ll}}+(?:{patterns.MEDIA_HEADS})(?:\.(?:nu|se))?|"
                                       rf"\p{{Lu}}\p{{Ll}}+(?:ska|s)[ ]+\p{{Lu}}\p{{Ll}}*blad|"
                                       rf"(?:{patterns.MEDIA_NAMES})(?:[ ]+(?:{munis}))?){e}")),
        ("association", "ORG", regex.compile(rf"{b}(?P<name>{_alt(patterns.ASSOCIATIONS)}|"
                                             rf"(?:{cap}[ ]+){{0,2}}{cap}(?:{'|'.join(patterns.ASSOCIATION_HEADS)})(?:[ ]+{cap}){{0,2}}){e}")),
        # A proper name (in the genitive or not) with a lower-case association head: "Stjärnby
        # hembygdsförening", "Västra Ås Hembygdsgille".
        ("named_association", "ORG", regex.compile(
            rf"{b}(?P<name>(?:\p{{Lu}}\p{{Ll}}+[ ]+)?\p{{Lu}}\p{{Ll}}+[ ]+(?:{patterns.NAMED_ASSOCIATION_HEADS})){e}")),
        ("party", "ORG", regex.compile(rf"{b}(?P<name>(?:{parties})(?P<gen>s)?){e}")),
        ("party_list", "ORG", regex.compile(rf"{b}(?P<name>(?:{abbr})(?:[ ]*(?:,|och|&)[ ]*(?:{abbr}))+){e}")),
        # A body's own organ, named by the body in the genitive: "Kommunstyrelsens arbetsutskott",
        # "kommunfullmäktiges presidium", "barn- och utbildningsnämndens förvaltning".
        ("municipal_body", "ORG", regex.compile(
            rf"{b}(?P<name>(?:[\p{{L}}]+-(?:[ ]*,[ ]*[\p{{L}}]+-)*[ ]+(?:och|samt|&)[ ]+)?[\p{{L}}]{{2,}}(?:{patterns.BODY_GENITIVES})"
            rf"[ ]+(?!(?:{patterns.NOT_AN_ORGAN})\b)[\p{{Ll}}-]*(?:{patterns.ORGAN_HEADS})){e}", regex.I)),
        ("municipal_body", "ORG", regex.compile(
            rf"{b}(?P<name>(?:[\p{{L}}]+-(?:[ ]*,[ ]*[\p{{L}}]+-)*[ ]+(?:och|samt|&)[ ]+)?"
            # (a slash or hyphen inside the compound: "gata/park-enheten", "vatten/avlopp-avdelningen")
            rf"\p{{L}}(?:\p{{L}}|[/-](?=\p{{L}})){{2,}}?(?:{heads})(?:[ ]*\((?P<abbr>\p{{Lu}}[\p{{Lu}}&]{{1,6}})\))?){e}", regex.I)),
        ("municipal_body", "ORG", regex.compile(rf"{b}(?P<name>{_alt(patterns.STANDALONE_BODIES)}){e}", regex.I)),
        # "IT-enheten", "HR-avdelningen": an abbreviation and a unit head.
        ("municipal_body", "ORG", regex.compile(rf"{b}(?P<name>\p{{Lu}}[\p{{Lu}}\d]{{1,5}}-(?:{heads})){e}")),
        ("municipal_body", "ORG", regex.compile(
            rf"{b}(?P<name>(?:{patterns.BODY_ADJECTIVES})[ ]+(?:nämnden|utskottet|förvaltningen|kontoret|enheten)){e}",
            regex.I)),
        # "KS", "BUN": abbreviations of bodies, but not the prefix of a case number ("KS 2018/124").
        ("municipal_body", "ORG", regex.compile(rf"{b}(?P<name>{_alt(patterns.BODY_ABBREVIATIONS)})"
                                                rf"(?![\p{{L}}\d-])(?![ ]*(?:\d|§))")),
        ("municipal_body", "ORG", regex.compile(rf"{b}[Ss]ektor(?:n)?[ ]+(?P<name>\p{{Lu}}\p{{Ll}}+(?:[ ]+\p{{Lu}}?\p{{Ll}}+)?){e}")),
        ("municipal_body", "ORG", regex.compile(
            rf"{b}(?P<name>\p{{Lu}}\p{{Ll}}+[ ]+&[ ]+\p{{Lu}}\p{{Ll}}+(?:[ ]*\(\p{{Lu}}[\p{{Lu}}&]{{1,6}}\))?){e}")),
        ("street", "LOC", regex.compile(rf"{b}(?P<name>\p{{Lu}}\p{{Ll}}+(?:{patterns.STREET_HEADS})[ ]+\d{{1,4}}(?:\s?[A-H])?){e}")),
        # Municipalities, provinces and län in one alternation, longest first: "Kalmar län" over
        # "Kalmar", "Upplands Väsby" over "Uppland(s)", "Västra Götaland", "i Värmland".
        ("municipality_place", "LOC", regex.compile(rf"{b}(?P<name>{places})(?P<gen>s)?{e}")),
        ("country", "LOC", regex.compile(rf"{b}(?P<name>{_alt(gazetteer.countries())}){e}")),
        ("locality", "LOC", regex.compile(rf"{b}(?P<name>{_alt(gazetteer.localities())}){e}")),
        # "i Gransäter", "på Nordkroken", "i centrala Bålsta", "i Kiruna C": a name after a place preposition.
        ("place_context", "LOC", regex.compile(
            rf"(?<=\b(?:i|på|vid|från)[ ]+(?:(?:centrala|norra|södra|östra|västra|hela)[ ]+)?)"
            rf"(?P<name>\p{{Lu}}\p{{Ll}}{{2,}}(?:[ ]+[A-ZÅÄÖ](?![\p{{L}}]))?){e}")),
    ]


# Compiled once: these run per mention, and regex.sub(pattern_string, ...) pays a cache lookup
# with flag arithmetic on every call (70,000 calls were 0.7 s of a 500-document run).
_WORD = regex.compile(r"\S+")
_LINE_CONTENT = regex.compile(r"\S(?:[^\n]*\S)?")
_ABBREVIATION_AT_END = regex.compile(r"\((?:\p{Lu}|&)+\)$")
TRAILING_PARENTHESIS = regex.compile(r"\s*\([^)]*\)$")   # a name's "(S&A)", "(KFN)"; also actors' grouping key
_NOT_A_UNIT = regex.compile(patterns.NOT_A_UNIT)
_CASE_NUMBER_AFTER = regex.compile(r"\s*\d{4}[:/]\d")
_GENITIVE_S = regex.compile(r":?s$")
_LIST_MARKS = regex.compile(r"[\s•*–\-\d.)]*")
_IN_PLACE = regex.compile(r"[ ]+i[ ]+")
_MORE_PLACES = regex.compile(r"\s*(?:,|och\b)\s*\p{Lu}")


def _is_generic_body(name: str) -> bool:
    if " " in name and not _ABBREVIATION_AT_END.search(name):
        return False
    word = TRAILING_PARENTHESIS.sub("", name).split()[-1].casefold()
    return (word in patterns.GENERIC_HEADS or word in patterns.NON_BODY_WORDS
            or _NOT_A_UNIT.search(word) is not None)


class Occupancy:
    """Which characters of a text are taken by a span already kept: overlap tests in the span's
    length, not in the number of spans kept (a list of them made long documents quadratic)."""

    def __init__(self, length: int):
        self.taken = bytearray(length)

    def overlaps(self, start: int, end: int) -> bool:
        return self.taken.find(1, start, end) != -1

    def take(self, start: int, end: int) -> None:
        self.taken[start:end] = b"\x01" * (end - start)


class SortedMentions:
    """Mentions looked up by where they start (or end): the ones in a window of the text in
    logarithmic time, where a scan over every mention made long documents quadratic."""

    def __init__(self, mentions: list[dict], key: str = "start"):
        self.mentions = sorted(mentions, key=lambda m: m[key])
        self.keys = [m[key] for m in self.mentions]

    def between(self, lo: int, hi: int) -> list[dict]:
        """The mentions whose key lies in [lo, hi), in text order."""
        return self.mentions[bisect.bisect_left(self.keys, lo):bisect.bisect_left(self.keys, hi)]


def _company_start(name: str) -> int:
    """Where a company name matched as a run of capitalised words begins when a person (with or
    without a title in capitals) stands before it, as in a signature or a list of board members
    ("VD Lars Ek Norrby Energi AB", "Anna Berg Norrby Bostäder AB"): after the person's name,
    if at least a word and the company form remain."""
    words = list(_WORD.finditer(name))
    for i in range(len(words) - 3):
        if is_person_name(f"{words[i].group()} {words[i + 1].group()}"):
            return words[i + 2].start()
    return 0


def find_mentions(text: str) -> list[dict]:
    """Organisation and place mentions in `text`, overlaps resolved (earlier rules and longer spans win)."""
    found: list[dict] = []
    for priority, (kind, label, pattern) in enumerate(_rules()):
        for m in pattern.finditer(text):
            start, end = m.span("name")
            name = m["name"]
            if name.endswith(".") and regex.search(r"\p{Ll}{3}\.$", name):
                name, end = name[:-1], end - 1     # "Stiftelsen Norrbyhus." at a sentence's end
            if kind == "municipal_body" and _is_generic_body(name):
                continue
            if kind == "company":
                cut = _company_start(name)
                name, start = name[cut:], start + cut   # "VD Lars Ek Norrby Energi AB": the company is the end
            if kind == "named_association" and (_common_word_not_name(name.split()[0])
                                                or is_person_name(" ".join(name.split()[:-1]))):
                continue     # "Följande förening": a common word before the head; "Eva Lund kör ...": a person
            if kind == "party_list":
                # "mellan partierna S, M och KD": letters the text names as parties.
                named = regex.search(r"\bpartier(?:na)?[ ]+$", text[max(0, start - 20):start], regex.I) is not None
                for part in regex.finditer(r"\p{Lu}+", name):
                    found.append({"name": part.group(), "kind": "party", "label": label, "priority": priority,
                                  "start": start + part.start(), "end": start + part.end(), "rule": kind,
                                  "named_as_party": named})
                continue
            rec = {"name": name, "kind": kind, "label": label, "priority": priority, "start": start, "end": end,
                   "rule": kind}
            gen = m.groupdict().get("gen")
            if kind == "municipality_place" and gen:
                rec["lemma"] = name
            elif kind in ("agency", "party") and gen:
                # "Migrationsverkets", "SKR:s", "Moderaternas": the genitive names the same body.
                rec["lemma"] = name[: -len(gen)]
            found.append(rec)
    found.sort(key=lambda r: (r["priority"], -(r["end"] - r["start"]), r["start"]))
    taken = Occupancy(len(text))
    kept = []
    for rec in found:
        if taken.overlaps(rec["start"], rec["end"]):
            continue
        taken.take(rec["start"], rec["end"])
        kept.append(rec)
    kept.sort(key=lambda r: r["start"])
    for rec in kept:
        rec.pop("priority")
        if rec["kind"] in ("street", "municipality_place", "country", "locality", "place_context"):
            rec["kind"] = "place"
        elif rec["kind"] == "party_list":
            rec["kind"] = "party"
        elif rec["kind"] == "named_association":
            rec["kind"] = "association"
    return kept


_NER_KIND = {"ORG": "other", "LOC": "place", "GPE": "place", "PER": "person", "PRS": "person",
             "PERSON": "person"}

_NAME_WORD = regex.compile(r"\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?")
# The verb of a quote's attribution just before a name: "säger Anna Ek, ekonomichef".
_SPEECH_BEFORE = regex.compile(r"(?<![\p{L}])(?:säger|sa|sade|berättar|menar|konstaterar|förklarar|skriver|understryker|"
                               r"betonar)\s+$", regex.I)
# The title after an attributed name runs to the next comma or full stop ("ekonomidirektör vid X").
_TITLE_AFTER = regex.compile(r",\s+(?P<title>\p{Ll}[^,.;:\n]{1,60})")


def _name_shaped(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 3 and all(_NAME_WORD.fullmatch(w) for w in words)


def attributed_name(text: str, start: int, end: int) -> bool:
    """Name-shaped words that a quote attributes, with a title after them ("säger Unto Järvi,
    ekonomidirektör"): a person, whether or not the name lists know the name."""
    from kommunkollen.extractors.roles import is_role_phrase  # (extractors import this module)

    if not _name_shaped(text[start:end]) or _SPEECH_BEFORE.search(text, max(0, start - 16), start) is None:
        return False
    title = _TITLE_AFTER.match(text, end, min(len(text), end + 64))
    # "säger Anna Ek, ekonomichef", not "skriver Norrby Tidning, som ..." nor "menar Svenskt Näringsliv, ett ..."
    return title is not None and is_role_phrase(title["title"])


def _person_not_org(text: str, start: int, end: int) -> bool:
    """An organisation of the NER that is a person: two or three name-shaped words with a known
    given name first and a known surname last ("Carl Hed" under "Sekreterare:"), or an attributed name."""
    words = text[start:end].split()
    if not _name_shaped(text[start:end]):
        return False
    if words[0].split("-")[0] in gazetteer.given_names() and words[-1] in gazetteer.surnames():
        return True
    return attributed_name(text, start, end)


def people_among_organisations(text: str, ents: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The NER's entities with the organisations that are people (`_person_not_org`) relabelled PER."""
    return [(s, e, "PER" if label == "ORG" and _person_not_org(text, s, e) else label) for s, e, label in ents]


# Rules that guess from context or from a gazetteer word that is also a common word or name
# ("i Gransäter", "Vara", "Mark"): where the statistical NER read them as part of a person's
# name ("Anna Mark"), the NER wins. The other rules know the form of what they match (bodies,
# agencies, companies, parties) and win over the NER.
WEAK_RULES = frozenset({"place_context", "locality", "municipality_place"})
# Guesses from context alone ("i Gransäter"): with a statistical NER they yield where it read
# the words as something else ("i Expressen": ORG); where it saw nothing they stand, since
# small local places are what a news-trained model misses.
CONTEXT_RULES = frozenset({"place_context"})


def is_person_name(name: str) -> bool:
    """Two or more capitalised words with a known given name first or a known surname last, not a place."""
    words = name.split()
    if len(words) < 2 or any(not w[:1].isupper() for w in words) or name in _place_names():
        return False
    return words[0].split("-")[0] in gazetteer.given_names() or words[-1] in gazetteer.surnames()


@cache
def _place_names() -> frozenset[str]:
    return gazetteer.geopolitical_names() | gazetteer.localities()


_DEFINITE = regex.compile(r"\p{Lu}\p{Ll}+(?:en|et|na|orna|arna|erna)")


def _common_noun(text: str, start: int, end: int, words: frozenset[str]) -> bool:
    """A single capitalised word the NER took for a name that reads as a common noun here:
    a definite form opening a sentence or line ("Konsulterna", "Integrationsarbetet"), or a
    word the same text (whose `words` these are) also writes in lower case."""
    word = text[start:end]
    if " " in word or not word[:1].isupper() or word.isupper():
        return False
    before = text[max(0, start - 3):start].strip()
    opens = start == 0 or before == "" or before[-1:] in ".!?:•–-\n"
    if opens and _DEFINITE.fullmatch(word):
        return True
    return word[:1].lower() + word[1:] in words


def _name_of_a_thing(name: str) -> bool:
    """A "person" of the NER made of capitalised words none of which is a known given name or
    surname ("Cura Boda", "Visit Olofström"): in municipal text, a business, project or
    programme, so an organisation."""
    words = name.split()
    return (len(words) >= 2 and all(w[:1].isupper() for w in words)
            and not any(w.split("-")[0] in gazetteer.given_names() or w in gazetteer.surnames() for w in words))


def _alone_on_line(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return text[line_start:start].strip() == "" and text[end:line_end if line_end != -1 else len(text)].strip(" .:") == ""


def split_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """An entity the NER ran across a line break becomes one piece per line."""
    return [m.span() for m in _LINE_CONTENT.finditer(text, start, end)]


def _common_word_not_name(word: str) -> bool:
    """A capitalised word that Swedish prose writes in lower case ("Bistånd", "Psykiatri") and no
    name list knows: a common noun opening a sentence or heading, not a surname."""
    return (word[:1].lower() + word[1:] in gazetteer.common_words()
            and word not in gazetteer.given_names() and word not in gazetteer.surnames())


def _is_title(word: str) -> bool:
    return word.casefold().rstrip(".") in patterns.PERSON_TITLES


_DEFINITE_GENITIVE = regex.compile(r"\p{Lu}\p{Ll}+(?:ens|ets|nas|arnas|ernas|ornas)")
DEFINITE_NOUN_MIN = 9


def _ends_a_name(word: str, last: bool = False) -> bool:
    """A capitalised word that cannot be part of a person's name: a layout label ("Ordförande",
    "Paragrafer:"), a title, a common noun or a definite noun ("Redovisningarna", "Justeringens")
    that no name list knows."""
    bare = word.strip(":,.;()")
    if not bare[:1].isupper() or word.endswith(":"):
        return True
    if bare.casefold() in patterns.LIST_LABELS or _is_title(bare):
        return True
    if bare in gazetteer.given_names() or bare in gazetteer.surnames():
        return False
    # A long definite form is a noun ("Redovisningarna", "Justeringens"); a short one may well be a
    # surname the lists lack ("Holmen", "Backen", "Hagen").
    long_definite = len(bare) >= DEFINITE_NOUN_MIN and (_DEFINITE.fullmatch(bare) or _DEFINITE_GENITIVE.fullmatch(bare))
    # `last`: the word closes a double given name, where a surname that is also a word stands.
    return bool(long_definite) or (not last and _common_word_not_name(bare))


def name_runs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span of several names run together, as the NER reads a flattened list or signature block,
    cut into one span per name: at layout labels and common words ("Lars Ek Ulla Berg Paragrafer:
    Ordförande" -> "Lars Ek", "Ulla Berg"), and where a known given name follows two or more words
    and is itself followed by a capitalised word (the next person). A span of one or two words stays."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, start, end)]
    if len(words) <= 2:
        return [(start, end)]
    runs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for i, (a, b, word) in enumerate(words):
        # A surname that is also a word ends a name after two given names ("Per Anders Backen"):
        # a double given name wants a surname after it.
        after_given = len(current) >= 2 and all(text[x:y].split("-")[0] in gazetteer.given_names() for x, y in current)
        if _ends_a_name(word, last=i == len(words) - 1 and after_given):
            if current:
                runs.append(current)
            current = []
            continue
        next_capitalised = i + 1 < len(words) and words[i + 1][2][:1].isupper()
        if len(current) >= 2 and word.split("-")[0] in gazetteer.given_names() and next_capitalised:
            runs.append(current)
            current = []
        current.append((a, b))
    if current:
        runs.append(current)
    return [(run[0][0], run[-1][1]) for run in runs]


def person_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """An NER person span cut at its first line break, without titles or lower-case words in
    front ("professor Göran Ek" -> "Göran Ek"); a place, a one-word heading or a lone common
    word ("Bistånd har givits ...") is no person, unless a title stood before it ("Dr Horn")."""
    out = []
    for s, e in split_lines(text, start, end)[:1]:
        titled = False
        for m in _WORD.finditer(text, s, e):
            if m.group()[:1].isupper() and not _is_title(m.group()):
                s = m.start()
                break
            titled = titled or _is_title(m.group())
        else:
            continue
        titled = titled or _is_title(text[max(0, s - 40):s].rstrip().split(" ")[-1])   # a title just before the span
        for ps, pe in name_runs(text, s, e):
            name = text[ps:pe]
            if name in _place_names() or (" " not in name and _alone_on_line(text, ps, pe)):
                continue
            if " " not in name and not titled and _common_word_not_name(name):
                continue
            out.append((ps, pe))
    return out


def _plausible_entity(text: str, start: int, end: int, kind: str, words: frozenset[str]) -> bool:
    """Whether an NER entity is kept in municipal text (the model learned from news and prose)."""
    name = text[start:end]
    if kind == "person":
        return is_person_name(name) or attributed_name(text, start, end)
    if sum(c.isalpha() for c in name) < 2 or name in patterns.PARTY_ABBREVIATIONS:
        return False    # stray letters; party letters the rules did not take are a person's party
    if " " not in name and _alone_on_line(text, start, end):
        return False    # a one-word heading ("Pressmeddelande", "Beslutsunderlag")
    if _CASE_NUMBER_AFTER.match(text, end, end + 12):
        return False    # the prefix of a reference or case number ("SFS 2001:453", "KS 2018/124")
    if _GENITIVE_S.sub("", name) in gazetteer.common_acronyms() or name in gazetteer.common_acronyms():
        return False    # a law, concept or substance ("enligt LSS", "halter av PFAS"), not a name
    word = name.capitalize() if name.isupper() else name
    line_start = text.rfind("\n", 0, start) + 1
    heading_position = name.isupper() or _LIST_MARKS.fullmatch(text, line_start, start) is not None
    if (" " not in name and heading_position and _common_word_not_name(word)
            and not _DEFINITE.fullmatch(word)):
        # "UTKAST", "Begäran tilläggsanslag ...": a common noun in capitals or opening a heading
        # line. Mid-sentence a capitalised word is a name ("Folkhälsan", "Sida"); definite ones
        # name bodies ("Regeringen ...").
        return False
    return not _common_noun(text, start, end, words)


# A page header: "Sida 2 av 14", "Sida 3 (22)".
_PAGE_NUMBER = regex.compile(r"\s+\d+\s*(?:av\s+\d+|\(\d+\))")
# Bodies, courts and schools named with their place: "kommunstyrelsen i Norrby",
# "Förvaltningsrätten i Växjö", "Folkhögskolan i Söderby" (the place is part of the name).
_WITH_PLACE = frozenset({"municipal_body", "agency", "association", "named_association", "other", "ner"})


def attach_places(mentions: list[dict], text: str) -> list[dict]:
    """An organisation directly followed by "i <place>" takes the place into its name; the place is
    then not a mention of its own. Mentions followed by a page number ("Sida 2 av 14") go."""
    places = {m["start"]: m for m in mentions if m["label"] == "LOC"}
    absorbed: set[int] = set()
    out = []
    for m in mentions:
        if m["label"] == "ORG" and _PAGE_NUMBER.match(text, m["end"]):
            continue
        if m["label"] == "ORG" and m["rule"] in _WITH_PLACE:
            link = _IN_PLACE.match(text, m["end"], m["end"] + 4)
            place = places.get(link.end()) if link else None
            # "Kommunfullmäktige i Norrby, Söderby och Västerby": three councils, not one name.
            if place is not None and not _MORE_PLACES.match(text, place["end"], place["end"] + 6):
                m = dict(m, end=place["end"], name=text[m["start"]:place["end"]], lemma=None)
                absorbed.add(place["start"])
        out.append(m)
    return [m for m in out if not (m["label"] == "LOC" and m["start"] in absorbed)]


def merge_with_ner(mentions: list[dict], ents: list[tuple[int, int, str]], *, ner_ran: bool,
                   text: str = "") -> list[dict]:
    """Rule mentions merged with NER entities (start, end, label); see WEAK_RULES for who wins."""
    ents = [(s, e, _NER_KIND[label]) for s, e, label in ents if label in _NER_KIND]
    if text:
        words = frozenset(regex.findall(r"\p{L}+", text)) if ents else frozenset()
        ents = [(s, e, "other" if kind == "person" and _name_of_a_thing(text[s:e]) and not attributed_name(text, s, e)
                 else kind) for s, e, kind in ents]
        ents = [(ps, pe, kind) for s, e, kind in ents
                for ps, pe in (person_pieces(text, s, e) if kind == "person" else split_lines(text, s, e))
                if _plausible_entity(text, ps, pe, kind, words)]
    ents.sort()
    ent_starts = [s for s, _e, _k in ents]
    ent_ends = [e for _s, e, _k in ents]   # ascending too: the entities do not overlap
    kept = []
    for m in mentions:
        # A weak rule yields to a person around it ("Anna Mark") and to a longer organisation
        # name around it ("Jobbcentrum Tranås", "Växjö universitet").
        overlapping = ents[bisect.bisect_right(ent_ends, m["start"]):bisect.bisect_left(ent_starts, m["end"])]
        if m["rule"] in WEAK_RULES and any(
                kind == "person" or (kind != "place" and s <= m["start"] and m["end"] <= e and e - s > m["end"] - m["start"])
                for s, e, kind in overlapping):
            continue
        if ner_ran and m["rule"] in CONTEXT_RULES and any(
                kind != "place" or (s <= m["start"] and m["end"] <= e and e - s > m["end"] - m["start"])
                for s, e, kind in overlapping):
            continue     # ... and to a longer place around it ("i Västra Götaland", not "Västra")
        kept.append(m)
    taken = Occupancy(max([e for _s, e, _k in ents] + [m["end"] for m in kept], default=0))
    for m in kept:
        taken.take(m["start"], m["end"])
    for s, e, kind in ents:  # the statistical NER fills in where the rules found nothing
        if kind == "person" or taken.overlaps(s, e):
            continue
        kept.append({"name": None, "kind": kind, "label": "LOC" if kind == "place" else "ORG",
                     "start": s, "end": e, "rule": "ner"})
    kept.sort(key=lambda r: r["start"])
    return kept


@Language.component("kk_municipal_layer", assigns=["doc.spans", "doc._.records"])
def municipal_layer_component(doc: Doc) -> Doc:
    # After a statistical NER every token has an entity annotation (O included); a blank pipeline has none.
    text = doc_text(doc)   # once per document (once per mention was quadratic)
    ents = people_among_organisations(text, [(e.start_char, e.end_char, e.label_) for e in doc.ents])
    mentions = merge_with_ner(find_mentions(text), ents, ner_ran=doc.has_annotation("ENT_IOB"), text=text)
    for m in mentions:
        if m["name"] is None:
            m["name"] = text[m["start"]:m["end"]]
    mentions = attach_places(mentions, text)
    store(doc, "org_mentions", [m for m in mentions if m["label"] == "ORG"], "ORG")
    store(doc, "place_mentions", [m for m in mentions if m["label"] == "LOC"], "LOC")
    return doc
