"""kk_lemmatizer: Swedish lemmas from a form lookup table, the morphologizer's part of speech
and features, and suffix rules (data/lemma_rules.tsv).

Why not spaCy's lookup lemmatizer alone: the Swedish table (spacy-lookups-data,
sv_lemma_lookup) has one lemma per form, whatever the part of speech ("har" -> "hare",
"för" -> "föra", "en" -> "man"), which is right for 78% of the tokens of UD Talbanken dev.
Here the table is a witness, not the judge. For each token, in order:

1. a closed-class or irregular word (`word` rows) has its lemma;
2. parts of speech without inflection keep the form (lower case);
3. a dictionary form by its features (`base` rows: singular indefinite nouns, infinitives,
   positive common-gender adjectives) is its own lemma;
4. the suffix rules for the token's part of speech and features give candidates; the one
   the lookup table agrees with wins, else the first one that is a known lemma (a lemma of
   the table);
5. else the table's lemma, when there is one;
6. else a compound: the longest tail of the word that resolves by steps 1-5 with a known
   lemma, after a head of three letters or more ("kommunstyrelsens" -> "kommun" +
   "styrelse");
7. else the first candidate, or the form.
Deponent verbs ("finns", "fanns") keep their -s. Names (PROPN) keep their case and lose a
genitive -s.

The lookup table is part of the model (written by `kommunkollen train`, from
spacy-lookups-data, MIT licence); without one the rules work alone.
"""
from __future__ import annotations

import gzip
import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.tokens import Doc, Token

# Parts of speech whose lemma is the form (lower case), unless a `word` row says otherwise.
UNINFLECTED = frozenset({"ADP", "CCONJ", "SCONJ", "PART", "INTJ", "PUNCT", "SYM", "NUM", "X", "DET",
                         "PRON", "SPACE"})
MIN_COMPOUND_HEAD = 3
MIN_COMPOUND_TAIL = 3
LOOKUP_FILE = "lookup.tsv.gz"
TOKEN_CACHE_SIZE = 200_000


@dataclass(frozen=True)
class Condition:
    present: frozenset[str]           # Name=Value pairs the token must have
    absent: frozenset[str]            # feature names it must lack

    def holds(self, feats: frozenset[str]) -> bool:
        return self.present <= feats and not any(f.split("=", 1)[0] in self.absent for f in feats)


@dataclass(frozen=True)
class Rule:
    upos: str
    features: Condition
    suffix: str
    replacement: str


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    base: tuple[tuple[str, Condition], ...]
    words: dict[tuple[str, str], str]
    deponents: frozenset[str]


def _features(text: str) -> Condition:
    parts = [] if text == "*" else text.split(",")
    return Condition(frozenset(p for p in parts if not p.startswith("!")),
                     frozenset(p[1:] for p in parts if p.startswith("!")))


@cache
def rule_set() -> RuleSet:
    text = resources.files("kommunkollen.data").joinpath("lemma_rules.tsv").read_text(encoding="utf-8")
    rules, base, words, deponents = [], [], {}, set()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 5:
            raise ValueError(f"lemma_rules.tsv:{number}: {len(cols)} columns, 5 expected")
        kind, upos, a, b, _ = cols
        if kind == "rule":
            rules.append(Rule(upos, _features(a), b, cols[4]))
        elif kind == "base":
            base.append((upos, _features(a)))
        elif kind == "word":
            words[(upos, a)] = b
        elif kind == "deponent":
            deponents.add(a)
        else:
            raise ValueError(f"lemma_rules.tsv:{number}: unknown row kind {kind!r}")
    return RuleSet(tuple(rules), tuple(base), words, frozenset(deponents))


class SwedishLemmatizer:
    """The lemma of a (form, UPOS, features) triple; see the module docstring for the order."""

    def __init__(self, lookup: dict[str, str] | None = None, rules: RuleSet | None = None):
        self.lookup = lookup or {}
        self.known = frozenset(self.lookup.values())
        self.rules = rules or rule_set()
        self._cache: dict[tuple[str, str, str], str] = {}

    def __call__(self, form: str, upos: str, features: Iterable[str] = ()) -> str:
        feats = frozenset(features)
        key = (form, upos, "|".join(sorted(feats)))
        lemma = self._cache.get(key)
        if lemma is None:
            lemma = self._lemma(form, upos, feats)
            if len(self._cache) < 200_000:
                self._cache[key] = lemma
        return lemma

    def _lemma(self, form: str, upos: str, feats: frozenset[str]) -> str:
        if upos == "PROPN":
            for rule in self._rules("PROPN", feats):
                if form.endswith(rule.suffix) and len(form) > len(rule.suffix) + 1:
                    return form[: len(form) - len(rule.suffix)] + rule.replacement
            return form
        lower = form.lower()
        if upos in ("VERB", "AUX") and lower.endswith("s"):
            deponent = self._deponent(lower)
            if deponent:
                return deponent
        return self._resolve(lower, upos, feats, compound=True) or lower

    def _deponent(self, lower: str) -> str | None:
        """The deponent verb an -s form belongs to: "finns", "fanns", "funnits" -> "finnas"."""
        deponents = self.rules.deponents
        if lower in deponents:
            return lower
        stem = lower[:-1]
        if stem + "as" in deponents:
            return stem + "as"
        active = self.rules.words.get(("*", stem)) or self.lookup.get(stem)
        if active and active + "s" in deponents:
            return active + "s"
        return None

    def _rules(self, upos: str, feats: frozenset[str]):
        return (r for r in self.rules.rules if r.upos == upos and r.features.holds(feats))

    def _resolve(self, lower: str, upos: str, feats: frozenset[str], *, compound: bool) -> str | None:
        words = self.rules.words
        word = words.get((upos, lower)) or words.get(("*", lower))
        if word:
            return word
        if upos in UNINFLECTED or not upos:
            return lower if upos else self.lookup.get(lower, lower)
        if any(u == upos and c.holds(feats) for u, c in self.rules.base):
            return lower
        # Genitives first lose their -s; the rest of the rules read the nominative.
        if "Case=Gen" in feats and lower.endswith("s") and len(lower) > 2:
            stem = lower[:-2] if lower.endswith(":s") else lower[:-1]
            nominative = (feats - {"Case=Gen"}) | {"Case=Nom"}
            return self._resolve(stem, upos, nominative, compound=compound)
        candidates = [lower[: len(lower) - len(r.suffix)] + r.replacement
                      for r in self._rules(upos, feats)
                      if lower.endswith(r.suffix) and len(lower) - len(r.suffix) >= 2]
        looked_up = self.lookup.get(lower)
        if looked_up and looked_up in candidates:
            return looked_up
        # Past participles inflect regularly: the first rule that fits gives the participle
        # ("föreslagna" -> "föreslagen"), whatever inflected participles the table lists as lemmas.
        if candidates and "VerbForm=Part" in feats and "Tense=Past" in feats:
            return candidates[0]
        # The table leaves out forms that are their own lemma: a known lemma that the rules
        # allow as its own ("barn", plural) is one.
        if not looked_up and lower in candidates and lower in self.known:
            return lower
        for candidate in candidates:
            if candidate in self.known:
                return candidate
        # A noun's lemma is never its form plus -a: that is the table's verb ("fall" -> "falla").
        if looked_up and not (upos == "NOUN" and looked_up == lower + "a"):
            return looked_up
        if compound:
            for i in range(MIN_COMPOUND_HEAD, len(lower) - MIN_COMPOUND_TAIL + 1):
                tail = self._resolve(lower[i:], upos, feats, compound=False)
                if tail and tail in self.known and (lower[i:] in self.lookup or tail == lower[i:]):
                    return lower[:i] + tail
        return candidates[0] if candidates else None


def read_lookup(data: bytes) -> dict[str, str]:
    lookup = {}
    with gzip.open(io.BytesIO(data), "rt", encoding="utf-8") as fh:
        for line in fh:
            form, _, lemma = line.rstrip("\n").partition("\t")
            if lemma:
                lookup[form] = lemma
    return lookup


def write_lookup(lookup: dict[str, str]) -> bytes:
    text = "".join(f"{form}\t{lemma}\n" for form, lemma in sorted(lookup.items()))
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


class LemmatizerComponent:
    """The spaCy component: sets token.lemma_ from the morphologizer's POS and features."""

    def __init__(self, name: str = "kk_lemmatizer", overwrite: bool = True):
        self.name = name
        self.overwrite = overwrite
        self.set_lookup({})

    def set_lookup(self, lookup: dict[str, str]) -> None:
        self.lemmatizer = SwedishLemmatizer(lookup)
        # (form, part of speech, features) as the Doc stores them -> the lemma:
        # reading the three as one array and writing the lemmas back as one is what makes the
        # component cheap; the token objects are only built for a combination not seen before.
        self._lemma_of_key: dict[tuple[int, int, int], str] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        strings = doc.vocab.strings
        known = self._lemma_of_key
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = numpy.empty((len(rows), 1), dtype=numpy.uint64)
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not self.overwrite:
                lemmas[i, 0] = lemma
                continue
            key = (orth, pos, morph)
            text = known.get(key)
            if text is None:
                text = lemma_of(self.lemmatizer, doc[i])
                if len(known) < TOKEN_CACHE_SIZE:
                    known[key] = text
            # added each time: a memory zone may have taken the string out of the store since
            lemmas[i, 0] = strings.add(text)
        doc.from_array([LEMMA], lemmas)
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)

    # Serialisation: the lookup table travels with the model.
    def to_bytes(self, *, exclude=()) -> bytes:
        return write_lookup(self.lemmatizer.lookup)

    def from_bytes(self, data: bytes, *, exclude=()):
        self.set_lookup(read_lookup(data))
        return self

    def to_disk(self, path, *, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / LOOKUP_FILE).write_bytes(self.to_bytes())

    def from_disk(self, path, *, exclude=()):
        file = Path(path) / LOOKUP_FILE
        if file.exists():
            self.from_bytes(file.read_bytes())
        return self


def lemma_of(lemmatize: SwedishLemmatizer, token: Token) -> str:
    if token.is_space:
        return token.text
    return lemmatize(token.text, token.pos_, str(token.morph).split("|") if token.has_morph() else ())


@Language.factory("kk_lemmatizer", assigns=["token.lemma"], default_config={"overwrite": True},
                  default_score_weights={"lemma_acc": 1.0})
def make_lemmatizer(nlp: Language, name: str, overwrite: bool) -> LemmatizerComponent:
    return LemmatizerComponent(name, overwrite)


def lookup_from_spacy_lookups_data() -> dict[str, str]:
    """The Swedish lookup table of spacy-lookups-data (the `train` extra), without the
    entries that map a form to itself (the rules keep those)."""
    import json

    try:
        data_dir = resources.files("spacy_lookups_data").joinpath("data")
    except ModuleNotFoundError as exc:
        from kommunkollen.errors import SetupError

        raise SetupError("spacy-lookups-data is not installed: pip install 'kommunkollen[train]'") from exc
    table = json.loads(gzip.decompress(data_dir.joinpath("sv_lemma_lookup.json.gz").read_bytes()))
    return {form: lemma for form, lemma in table.items() if form != lemma}
