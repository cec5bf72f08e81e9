"""Reading the dependency tree (UD v2 relations) for the extractors: the words of a phrase, the
case marker of a nominal, the status a verb's auxiliaries and governing verb give it.

Used where the model parsed the text (`doc.has_annotation("DEP")`); every extractor keeps a
surface rule for text without a parse (`--ner rules`, third-party models without a parser).
"""
from __future__ import annotations

from itertools import pairwise

from spacy.tokens import Doc, Token

PHRASE_MAX = 12
# Dependents that end a phrase: a relative clause, a parenthetical, the next conjunct; and at any
# depth a clause ("när den nya öppnar") or a verb particle the parser attached inside it.
_TRAILING = ("acl:relcl", "punct", "parataxis", "conj", "cc", "appos")
_CLAUSES = ("acl:relcl", "acl", "advcl", "ccomp", "xcomp", "compound:prt", "mark")


def parsed(doc: Doc | None) -> bool:
    return doc is not None and doc.has_annotation("DEP")


def phrase(token: Token, exclude=()) -> str:
    """The words of `token`'s subtree less the subtrees in `exclude`, trailing relative clauses,
    parentheticals and conjuncts, and the case marker, article or punctuation at its edges; at most
    PHRASE_MAX words around the head."""
    skip = set()
    for t in exclude:
        skip.update(w.i for w in t.subtree)
    # "Kultur- och fritidsnämnden": a word cut at a hyphen is one name with its conjunct.
    trailing = tuple(d for d in _TRAILING if not (token.text.endswith("-") and d in ("conj", "cc")))
    for child in token.children:
        if child.dep_ in trailing and child.i > token.i:
            skip.update(w.i for w in child.subtree)
    for w in token.subtree:       # a clause at any depth: a bad parse may hang it further down
        if w.i > token.i and w.dep_ in _CLAUSES:
            skip.update(x.i for x in w.subtree)
        # ... and a time ("kommunen vid årsskiftet", "en ny nämnd från den 1 januari"): not the body's
        elif w.i > token.i and w.dep_ == "nmod" and case_of(w) and is_time(w):
            skip.update(x.i for x in w.subtree)
    words = [w for w in token.subtree if w.i not in skip]
    while words and (words[0].is_punct or words[0].dep_ in ("case", "mark", "cc", "det", "nmod:poss")
                     and words[0].pos_ in ("ADP", "SCONJ", "CCONJ", "DET", "PRON", "PUNCT", "PART")):
        words = words[1:]
    while words and words[-1].is_punct:
        words = words[:-1]
    if words and words[-1].text.endswith("-"):
        words += _completion(words[-1])
    if len(words) > PHRASE_MAX:
        at = words.index(token) if token in words else 0
        words = words[max(0, at - 4):at + PHRASE_MAX - 4]
    # Adjacent words as the text has them ("Barn-, kultur-"), a gap as one space.
    gaps = "".join(w.text + (w.whitespace_ if nxt.i == w.i + 1 else " ") for w, nxt in pairwise(words))
    return gaps + words[-1].text if words else ""


def _completion(cut: Token) -> list[Token]:
    """The words that complete a word cut at a hyphen where the parser made them another phrase
    ("Miljö- och byggnämnden" as two subjects, "Barn-, kultur- och fritidsnämnden"): more cut words
    and commas, then the conjunction and the word that ends the name."""
    doc, j = cut.doc, cut.i + 1
    while j < len(doc) and (doc[j].text == "," or (doc[j].text.endswith("-") and len(doc[j]) > 1)):
        j += 1
    if j + 1 < len(doc) and doc[j].lower_ in ("och", "samt", "eller", "&") and doc[j + 1].pos_ in ("NOUN", "PROPN"):
        return list(doc[cut.i + 1:j + 2])
    return []


def case_of(token: Token) -> str | None:
    """The preposition of a nominal ("till" in "till nämnden"), lower case."""
    return next((c.text.lower() for c in token.children if c.dep_ == "case"), None)


_MONTHS = frozenset(("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
                     "november", "december", "årsskiftet", "halvårsskiftet", "sommaren", "hösten", "våren", "vintern"))


_TIME_NOUNS = frozenset(("år", "året", "budgetår", "verksamhetsår", "läsår", "höst", "vår", "sommar", "vinter",
                         "halvår", "kvartal", "månad", "vecka", "tertial", "period"))


def is_time(token: Token) -> bool:
    """A nominal that names a time ("från den 1 januari 2024", "till årsskiftet"), not a place or body:
    the nominal and its direct dependents without a preposition of their own ("den 1 januari 2024",
    however the parser hung it); a phrase with its own preposition below it is another phrase
    ("till kommunen vid årsskiftet" names a body, not a time)."""
    words = [token] + [c for c in token.children if not any(g.dep_ == "case" for g in c.children)]
    if any(w.text.lower() in _MONTHS for w in words):
        return True
    # A year is a time standing alone ("från 2026") or after a noun of time ("till år 2026", "hösten
    # 2025"); in a name it is not ("Agenda 2030", "Vision 2040").
    year = token.like_num and len(token.text) == 4
    return year or (token.lemma_.lower() in _TIME_NOUNS and any(w.like_num and len(w.text) == 4 for w in words))


def dependents(token: Token, case: str | tuple[str, ...], deps=("obl", "nmod")) -> list[Token]:
    """Nominals in `token`'s subtree (not inside a relative clause) with the given preposition,
    nearest to it first: "från X", "till Y" wherever the parser attached them."""
    cases = (case,) if isinstance(case, str) else case
    out = []
    for w in token.subtree:
        if w.i == token.i or w.dep_ not in deps or case_of(w) not in cases or is_time(w):
            continue
        if any(a.dep_ == "acl:relcl" for a in w.ancestors if a.i != token.i and token in a.ancestors):
            continue
        out.append(w)
    return sorted(out, key=lambda w: abs(w.i - token.i))


# What the verb that governs an infinitive change says of its status ("beslutade att inrätta",
# "föreslår att ... förs över", "vill lägga ned", "planerar att stänga", "utreder om ...").
GOVERNING_STATUS = {
    "besluta": "decided", "beslutade": "decided", "beslutat": "decided", "beslöt": "decided", "bestämma": "decided",
    "bestämde": "decided", "bestämt": "decided", "välja": "decided", "valde": "decided", "valt": "decided",
    "föreslå": "proposed", "föreslår": "proposed", "föreslog": "proposed", "föreslagit": "proposed",
    "föreslås": "proposed", "förorda": "proposed", "förordar": "proposed", "vilja": "proposed", "vill": "proposed",
    "yrka": "proposed", "yrkar": "proposed", "begära": "proposed", "rekommendera": "proposed",
    "planera": "planned", "planerar": "planned", "planeras": "planned", "avse": "planned", "avser": "planned",
    "utreda": "considered", "utreder": "considered", "utreds": "considered", "överväga": "considered",
    "överväger": "considered", "diskutera": "considered", "diskuteras": "considered", "undersöka": "considered",
    "pröva": "considered", "riskera": "considered", "riskerar": "considered", "hota": "considered",
}
AUX_STATUS = {"ska": "planned", "skall": "planned", "kommer": "planned", "kan": "considered", "kunde": "considered",
              "bör": "considered", "borde": "considered", "skulle": "considered", "vill": "proposed",
              "ville": "proposed"}


def governing_status(verb: Token) -> str | None:
    """What a verb governing a change says of its status ("beslutade" decided, "föreslår" proposed)."""
    return GOVERNING_STATUS.get(verb.text.lower()) or GOVERNING_STATUS.get(verb.lemma_.lower())


def verb_status(verb: Token) -> str | None:
    """The status the tree gives a change verb, or None: the verbs governing it when it is an
    infinitive or a subordinate clause (the outermost that says one), else its auxiliaries ("ska"
    planned, "kan"/"bör" considered, "har" + supine implemented), else its past tense (implemented)."""
    auxes = [c.text.lower() for c in verb.children if c.dep_ in ("aux", "aux:pass")]
    # The governing verbs first: "beslutade att enheterna ska slås ihop" is a decision, and
    # "föreslår kommunfullmäktige besluta att ..." a proposal (the outermost speech act wins).
    governed, node = None, verb
    for _ in range(3):
        head = node.head if node.head.i != node.i else None
        if head is None or node.dep_ not in ("xcomp", "ccomp", "advcl", "csubj", "csubj:pass", "obj", "acl"):
            break
        governed = governing_status(head) or governed
        node = head
    if governed:
        return governed
    for a in auxes:
        if a in AUX_STATUS:
            return AUX_STATUS[a]
    if ("har" in auxes or "hade" in auxes) and "Sup" in verb.morph.get("VerbForm"):
        return "implemented"
    if "Past" in verb.morph.get("Tense") and "Fin" in verb.morph.get("VerbForm"):
        return "implemented"
    return None
